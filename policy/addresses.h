/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * addresses - the addresses in address header values (To, Cc, From,
 * Reply-To, Resent-*), parsed with GMime's internet_address_list_parse:
 * groups ("undisclosed-recipients:;", "team: a@x, b@y;"), display names,
 * RFC 2047 encoded words, comments and malformed input (whatever GMime can
 * recover; garbage yields no address, never a crash).
 *
 * An addr_set holds distinct addresses, domain part lower-cased, compared
 * case-insensitively. Owner: the caller; free with addresses_free().
 * Limits: at most SG_POLICY_MAX_ADDRESSES addresses are kept (the rest are
 * counted in `dropped`); header values above SG_MAX_HEADER_BYTES are cut.
 * Errors: -1 only when out of memory.
 */
#ifndef SG_ADDRESSES_H
#define SG_ADDRESSES_H

#include <gmime/gmime.h>
#include <stddef.h>

#include "policy.h"

typedef struct addr_set {
    char **v;        /* distinct addresses, NULL-terminated when n > 0 */
    size_t n, alloc;
    size_t dropped;  /* addresses beyond the cap */
} addr_set;

/* Adds the addresses of one header value. opts may be NULL (GMime defaults). */
int addresses_parse(addr_set *s, const char *value, GMimeParserOptions *opts);
/* Adds the addresses of every header called name (case-insensitive). */
int addresses_from_headers(addr_set *s, const sg_envelope *env, const char *name,
                           GMimeParserOptions *opts);
int addresses_has(const addr_set *s, const char *address);
void addresses_free(addr_set *s);

#endif
