/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * domain - the one definition of a mail domain; see domain.h.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"
#include "policy_priv.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_buf.h"
#include "sg_limits.h"

const char *domain_of(const char *address)
{
    const char *at;

    if (!address)
        return "";
    at = strrchr(address, '@');
    return at ? at + 1 : "";
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

char *domain_normalize(const char *domain)
{
    size_t len;
    char *tmp, *out, *p;

    errno = EINVAL;     /* unusable name; ENOMEM when out of memory */
    if (!domain)
        return NULL;
    while (*domain == ' ' || *domain == '\t')
        domain++;
    len = strlen(domain);
    while (len && (domain[len - 1] == '.' || domain[len - 1] == ' ' || domain[len - 1] == '\t'
                   || domain[len - 1] == '>'))
        len--;
    if (len == 0 || len > SG_POLICY_MAX_DOMAIN * 4)
        return NULL;
    if (!(tmp = sg_strndup(domain, len)))
        return NULL;
    if (is_ascii(tmp) || !g_utf8_validate(tmp, -1, NULL)) {
        out = sg_strdup(tmp);
    } else {
        char *ascii = g_hostname_to_ascii(tmp);
        out = ascii ? sg_strdup(ascii) : sg_strdup(tmp);
        g_free(ascii);
    }
    free(tmp);
    if (!out)
        return NULL;
    if (strlen(out) > SG_POLICY_MAX_DOMAIN) {
        free(out);
        errno = EINVAL;
        return NULL;
    }
    for (p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return out;
}

int domain_is_under(const char *domain, const char *parent)
{
    size_t dl = strlen(domain), pl = strlen(parent);

    if (pl == 0)
        return 0;
    if (dl == pl)
        return strcmp(domain, parent) == 0;
    return dl > pl && domain[dl - pl - 1] == '.' && strcmp(domain + dl - pl, parent) == 0;
}

int domain_list_add(domain_list *l, const char *domain)
{
    char *d;

    while (domain && (*domain == '@' || *domain == '.'))
        domain++;   /* list syntax: "@example.jp" and ".example.jp" name example.jp */
    d = domain_normalize(domain);

    if (!d)
        return errno == ENOMEM ? -1 : 0;   /* an unusable entry is ignored */
    /* one more for the NULL terminator; lists come from config/rules files */
    if (SG_ARRAY_RESERVE(l->v, l->n, l->alloc, 2, SG_VEC_NOCAP) < 0) {
        free(d);
        return -1;
    }
    l->v[l->n++] = d;
    l->v[l->n] = NULL;
    return 0;
}

int domain_list_add_all(domain_list *l, char *const *v)
{
    for (; v && *v; v++)
        if (domain_list_add(l, *v) < 0)
            return -1;
    return 0;
}

void domain_list_free(domain_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

int domain_list_covers(const domain_list *l, const char *domain)
{
    size_t i;

    if (!domain || !*domain)
        return 0;
    for (i = 0; i < l->n; i++)
        if (domain_is_under(domain, l->v[i]))
            return 1;
    return 0;
}

/* raw (any form) equals the normalised domain? ASCII without allocation. */
static int domain_eq(const char *raw, const char *norm)
{
    size_t rl = strlen(raw), nl = strlen(norm);
    char *n;
    int eq;

    if (is_ascii(raw)) {
        while (rl && raw[rl - 1] == '.')
            rl--;
        return rl == nl && strncasecmp(raw, norm, nl) == 0;
    }
    n = domain_normalize(raw);
    eq = n && strcmp(n, norm) == 0;
    free(n);
    return eq;
}

int domain_strv_has(const char *const *v, const char *domain)
{
    if (!v || !domain)
        return 0;
    for (; *v; v++)
        if (domain_eq(*v, domain))
            return 1;
    return 0;
}

/* One line: strip comments and blanks; add the domain. */
static int list_line(domain_list *l, char *line)
{
    char *hash = strchr(line, '#');
    char *end;

    if (hash)
        *hash = '\0';
    while (*line == ' ' || *line == '\t')
        line++;
    end = line + strlen(line);
    while (end > line && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    if (*line == '@')
        line++;   /* "@example.jp" is accepted too */
    return *line ? domain_list_add(l, line) : 0;
}

int domain_list_load(domain_list *l, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    char line[SG_MAX_LINE];
    unsigned long n = 0;
    int rc = 0;

    if (!fp) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    while (rc == 0 && n < SG_POLICY_MAX_LIST_LINES && fgets(line, sizeof(line), fp)) {
        n++;
        rc = list_line(l, line);
    }
    if (rc == 0 && ferror(fp)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = -1;
    } else if (rc < 0) {
        snprintf(err, errlen, "%s: out of memory", path);
    }
    fclose(fp);
    return rc;
}
