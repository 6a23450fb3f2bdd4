/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mailaddr - strict address parser and the definition of "internal"; see
 * mailaddr.h. Works on the bytes given (no unfolding, no comments: header
 * syntax is GMime's job in addresses.c); nothing is allocated except by
 * domain_normalize() for the IDN conversion.
 */
#include "build-config.h"
#include "mailaddr.h"

#include <stdlib.h>
#include <string.h>

/* RFC 5322 atext without '%' and '!' (routing); bytes >= 0x80 (UTF-8
 * local parts, RFC 6531) are accepted */
static int atext(unsigned char c)
{
    if (c >= 0x80)
        return 1;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return strchr("#$&'*+-/=?^_`{|}~", c) != NULL && c != '\0';
}

static const char *local_check(const char *p, size_t n)
{
    size_t i;

    if (n == 0)
        return "empty local part";
    if (n > SG_ADDR_MAX_LOCAL)
        return "local part longer than 64 bytes";
    if (p[0] == '"') {
        if (n < 2 || p[n - 1] != '"')
            return "unterminated quoted local part";
        for (i = 1; i + 1 < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (c == '"' || c == '\\')
                return "quote or backslash inside a quoted local part";
            if (c == '@' || c == '%' || c == '!')
                return "routing character ('@', '%' or '!') inside a quoted local part";
            if (c < 0x20 || c >= 0x7F)
                return "control or non-ASCII byte inside a quoted local part";
        }
        return NULL;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '.') {
            if (i == 0 || i + 1 == n || p[i + 1] == '.')
                return "leading, trailing or double dot in the local part";
            continue;
        }
        if (c == '%' || c == '!')
            return "routing character ('%' or '!') in the local part";
        if (c == '@')
            return "more than one '@'";
        if (!atext(c))
            return "character not allowed in a local part";
    }
    return NULL;
}

/* d is normalised (ASCII lower-case, no trailing dot) */
static const char *domain_check(const char *d)
{
    size_t lab = 0;
    const char *p;

    if (!*d)
        return "empty domain";
    for (p = d; ; p++) {
        if (*p == '.' || *p == '\0') {
            if (lab == 0)
                return "empty label in the domain";
            if (lab > 63)
                return "domain label longer than 63 bytes";
            if (p[-1] == '-' || p[-(long)lab] == '-')
                return "domain label starts or ends with '-'";
            if (*p == '\0')
                return NULL;
            lab = 0;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return "character not allowed in a domain";
        lab++;
    }
}

mailaddr_kind mailaddr_parse(const char *in, sg_mailaddr *out, const char **why)
{
    const char *dummy, *at, *p, *e;
    size_t n;
    sg_mailaddr tmp;
    char *d;

    if (!why)
        why = &dummy;
    if (!out)
        out = &tmp;
    out->local[0] = out->domain[0] = '\0';
    *why = NULL;
    if (!in)
        return MAILADDR_EMPTY;
    p = in;
    n = strlen(in);
    if (n >= 2 && p[0] == '<' && p[n - 1] == '>') {
        p++;
        n -= 2;
    }
    e = p + n;
    if (n == 0)
        return MAILADDR_EMPTY;
    if (p[0] == '@') {
        *why = "source route";
        return MAILADDR_INVALID;
    }
    for (const char *q = p; q < e; q++)
        if ((unsigned char)*q <= 0x20 || *q == 0x7F || *q == '<' || *q == '>' || *q == ',' ||
            *q == ';' || *q == ':' || *q == '\\' || *q == '(' || *q == ')' || *q == '[' ||
            *q == ']') {
            /* a quoted local part may hold a space; everything else here is
             * header syntax or a domain literal, not one address */
            if (*q == ' ' && p[0] == '"' && memchr(q, '"', (size_t)(e - q)))
                continue;
            *why = *q == '[' || *q == ']' ? "domain literal" : *q == ':' ? "source route"
                 : "space, control byte or header syntax in an address";
            return MAILADDR_INVALID;
        }
    /* the '@' that ends the local part: right after a quoted string */
    if (p[0] == '"') {
        const char *cq = n > 1 ? memchr(p + 1, '"', n - 1) : NULL;
        if (!cq) {
            *why = "unterminated quoted local part";
            return MAILADDR_INVALID;
        }
        if (cq + 1 < e && cq[1] != '@') {
            *why = "text after a quoted local part";
            return MAILADDR_INVALID;
        }
        at = cq + 1 < e ? cq + 1 : NULL;
    } else {
        at = memchr(p, '@', n);
    }
    if (!at) {
        if ((*why = local_check(p, n)) != NULL)
            return MAILADDR_INVALID;
        memcpy(out->local, p, n);
        out->local[n] = '\0';
        return MAILADDR_BARE;
    }
    if (memchr(at + 1, '@', (size_t)(e - at - 1))) {
        *why = "more than one '@'";
        return MAILADDR_INVALID;
    }
    if ((*why = local_check(p, (size_t)(at - p))) != NULL)
        return MAILADDR_INVALID;
    if (e - (at + 1) > SG_ADDR_MAX_DOMAIN * 4 || at + 1 == e) {
        *why = at + 1 == e ? "empty domain" : "domain too long";
        return MAILADDR_INVALID;
    }
    {
        char raw[SG_ADDR_MAX_DOMAIN * 4 + 1];
        memcpy(raw, at + 1, (size_t)(e - at - 1));
        raw[e - at - 1] = '\0';
        if (raw[0] == '.' ) {
            *why = "empty label in the domain";
            return MAILADDR_INVALID;
        }
        d = domain_normalize(raw);
    }
    if (!d) {
        *why = "domain not usable (too long, or out of memory)";
        return MAILADDR_INVALID;
    }
    if ((*why = domain_check(d)) != NULL) {
        free(d);
        return MAILADDR_INVALID;
    }
    memcpy(out->local, p, (size_t)(at - p));
    out->local[at - p] = '\0';
    memcpy(out->domain, d, strlen(d) + 1);    /* domain_normalize caps it at 253 */
    free(d);
    return MAILADDR_OK;
}

int mailaddr_domain_is_internal(const domain_list *internal, const char *domain)
{
    char *d;
    int r;

    if (!domain || !*domain || !(d = domain_normalize(domain)))
        return 0;
    r = domain_list_covers(internal, d);
    free(d);
    return r;
}

int mailaddr_is_internal(const domain_list *internal, const char *address)
{
    sg_mailaddr a;

    switch (mailaddr_parse(address, &a, NULL)) {
    case MAILADDR_BARE:
        return 1;       /* delivered locally */
    case MAILADDR_OK:
        return domain_list_covers(internal, a.domain);
    default:
        return 0;
    }
}
