/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * addresses - address header values -> distinct addresses; see addresses.h.
 * Also the small header look-ups the rules need (headers_get/has).
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"
#include "addresses.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_priv.h"
#include "sg_buf.h"
#include "sg_limits.h"

#define ADDR_MAX_GROUP_DEPTH 8   /* groups cannot nest in RFC 5322; be safe */

const char *headers_get(const sg_envelope *env, const char *name)
{
    size_t i;

    for (i = 0; env && i < env->nheaders; i++)
        if (env->headers[i].name && strcasecmp(env->headers[i].name, name) == 0)
            return env->headers[i].value ? env->headers[i].value : "";
    return NULL;
}

int headers_has(const sg_envelope *env, const char *name)
{
    return headers_get(env, name) != NULL;
}

int addresses_has(const addr_set *s, const char *address)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (strcasecmp(s->v[i], address) == 0)
            return 1;
    return 0;
}

/* Lower-cases the domain of an address (after the last '@'). */
static char *addr_canon(const char *addr)
{
    char *out = sg_strdup(addr), *at, *p;

    if (!out)
        return NULL;
    if ((at = strrchr(out, '@')))
        for (p = at + 1; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    return out;
}

static int set_add(addr_set *s, const char *addr)
{
    char *c;

    if (!addr || !*addr || addresses_has(s, addr))
        return 0;
    if (s->n >= SG_POLICY_MAX_ADDRESSES) {
        s->dropped++;
        return 0;
    }
    /* one more for the NULL terminator */
    if (SG_ARRAY_RESERVE(s->v, s->n, s->alloc, 2, SG_POLICY_MAX_ADDRESSES + 1) < 0)
        return -1;
    if (!(c = addr_canon(addr)))
        return -1;
    s->v[s->n++] = c;
    s->v[s->n] = NULL;
    return 0;
}

static int add_list(addr_set *s, InternetAddressList *list, int depth)
{
    int i, count = list ? internet_address_list_length(list) : 0;

    for (i = 0; i < count; i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            const char *a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
            if (set_add(s, a) < 0)
                return -1;
        } else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < ADDR_MAX_GROUP_DEPTH) {
            InternetAddressList *m = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
            if (add_list(s, m, depth + 1) < 0)
                return -1;
        }
    }
    return 0;
}

/* Unfolds (CR/LF -> space) into a capped buffer. */
static int unfold(const char *value, sg_buf *b)
{
    size_t len = strlen(value), i;

    if (len > SG_MAX_HEADER_BYTES)
        len = SG_MAX_HEADER_BYTES;
    for (i = 0; i < len; i++) {
        char c = value[i] == '\r' || value[i] == '\n' ? ' ' : value[i];
        if (sg_buf_putc(b, c) == SG_BUF_NOMEM)
            return -1;
    }
    return 0;
}

int addresses_parse(addr_set *s, const char *value, GMimeParserOptions *opts)
{
    InternetAddressList *list;
    sg_buf b;
    int rc;

    if (!value)
        return 0;
    sg_buf_init(&b, SG_MAX_HEADER_BYTES);
    if (unfold(value, &b) < 0) {
        sg_buf_free(&b);
        return -1;
    }
    list = internet_address_list_parse(opts, sg_buf_str(&b));
    sg_buf_free(&b);
    if (!list)
        return 0;
    rc = add_list(s, list, 0);
    g_object_unref(list);
    return rc;
}

int addresses_from_headers(addr_set *s, const sg_envelope *env, const char *name,
                           GMimeParserOptions *opts)
{
    size_t i;

    for (i = 0; env && i < env->nheaders; i++)
        if (env->headers[i].name && strcasecmp(env->headers[i].name, name) == 0 &&
            addresses_parse(s, env->headers[i].value, opts) < 0)
            return -1;
    return 0;
}

void addresses_free(addr_set *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof(*s));
}
