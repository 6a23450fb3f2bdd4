/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * approvers - [hold] approvers_file: who approves a sender's
 * hold-approver messages.
 *
 *   # comment
 *   taro@example.co.jp      boss@example.co.jp     exact sender
 *   @sales.example.co.jp    sales-head@example.co.jp   domain (and subdomains)
 *   *                       compliance@example.co.jp   everybody else
 *
 * Lookup: the exact address wins, then the longest matching @domain, then
 * '*'. Keys and approvers are kept lower-cased. Errors ("FILE:LINE: why")
 * for a missing field, an extra field, an approver without '@', a
 * duplicate key or a line longer than SG_MAX_LINE.
 * Owner: approvers_load() / approvers_free().
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approvers.h"
#include "sg_limits.h"
#include "sg_parse.h"

typedef struct approver_entry {
    char *key;       /* "a@b", "@domain" or "*" */
    char *approver;
} approver_entry;

struct approvers {
    approver_entry *e;
    size_t n, alloc;
};

approvers *approvers_free(approvers *a)
{
    size_t i;

    if (!a)
        return NULL;
    for (i = 0; i < a->n; i++) {
        free(a->e[i].key);
        free(a->e[i].approver);
    }
    free(a->e);
    free(a);
    return NULL;
}

static const char *entry_find(const approvers *a, const char *key)
{
    size_t i;

    for (i = 0; i < a->n; i++)
        if (strcmp(a->e[i].key, key) == 0)
            return a->e[i].approver;
    return NULL;
}

static int entry_add(approvers *a, const char *key, const char *approver)
{
    /* entries come from the approvers file, read at start-up */
    if (SG_ARRAY_RESERVE(a->e, a->n, a->alloc, 1, SG_VEC_NOCAP) < 0)
        return -1;
    a->e[a->n].key = sg_strdup(key);
    a->e[a->n].approver = sg_strdup(approver);
    if (!a->e[a->n].key || !a->e[a->n].approver) {
        free(a->e[a->n].key);
        free(a->e[a->n].approver);
        return -1;
    }
    a->n++;
    return 0;
}

static int valid_key(const char *k)
{
    const char *at = strchr(k, '@');

    if (strcmp(k, "*") == 0)
        return 1;
    return at && at[1] && !strchr(at + 1, '@');
}

static int valid_approver(const char *k)
{
    const char *at = strchr(k, '@');

    return at && at != k && at[1] && !strchr(at + 1, '@');
}

/* One line; 0 ok, -1 with why set. */
static int parse_line(approvers *a, char *line, const char **why)
{
    char *save = NULL, *key, *appr, *extra;

    key = strtok_r(line, " \t", &save);
    if (!key)
        return 0;
    appr = strtok_r(NULL, " \t", &save);
    extra = strtok_r(NULL, " \t", &save);
    if (!appr)
        return *why = "expected 'sender-or-@domain-or-* approver@address'", -1;
    if (extra)
        return *why = "more than two fields", -1;
    sg_lower(key);
    sg_lower(appr);
    if (!valid_key(key))
        return *why = "first field must be an address, @domain or *", -1;
    if (!valid_approver(appr))
        return *why = "approver must be an address (local@domain)", -1;
    if (entry_find(a, key))
        return *why = "duplicate entry", -1;
    if (entry_add(a, key, appr) < 0)
        return *why = "out of memory", -1;
    return 0;
}

static int load_lines(approvers *a, FILE *fp, const char *path, char *err, size_t errlen)
{
    char line[SG_MAX_LINE + 2], *hash;
    unsigned lineno = 0;
    const char *why = NULL;

    while (fgets(line, sizeof(line), fp)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(fp))
            return snprintf(err, errlen, "%s:%u: line longer than %d bytes", path, lineno,
                            SG_MAX_LINE), -1;
        hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        if (parse_line(a, sg_trim(line), &why) < 0)
            return snprintf(err, errlen, "%s:%u: %s", path, lineno, why), -1;
    }
    if (ferror(fp))
        return snprintf(err, errlen, "%s: read error", path), -1;
    return 0;
}

approvers *approvers_load(const char *path, char *err, size_t errlen)
{
    approvers *a = sg_calloc(1, sizeof(*a));
    FILE *fp;
    int rc;

    if (!a)
        return snprintf(err, errlen, "out of memory"), NULL;
    if (!path || !*path)
        return a;
    fp = fopen(path, "re");
    if (!fp) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return approvers_free(a);
    }
    rc = load_lines(a, fp, path, err, errlen);
    fclose(fp);
    return rc < 0 ? approvers_free(a) : a;
}

static const char *lookup_domain(const approvers *a, const char *domain)
{
    size_t i, best_len = 0, dl = strlen(domain), kl;
    const char *best = NULL;

    for (i = 0; i < a->n; i++) {
        const char *k = a->e[i].key;
        if (k[0] != '@')
            continue;
        k++;
        kl = strlen(k);
        if (kl > dl || strcasecmp(domain + dl - kl, k) != 0)
            continue;
        if (kl < dl && domain[dl - kl - 1] != '.')
            continue;
        if (kl > best_len) {
            best_len = kl;
            best = a->e[i].approver;
        }
    }
    return best;
}

const char *approvers_lookup(const approvers *a, const char *sender)
{
    const char *at, *r;
    size_t i;

    if (!a || !sender || !*sender)
        return NULL;
    for (i = 0; i < a->n; i++)
        if (strcasecmp(a->e[i].key, sender) == 0)
            return a->e[i].approver;
    at = strrchr(sender, '@');
    if (at && (r = lookup_domain(a, at + 1)))
        return r;
    return entry_find(a, "*");
}
