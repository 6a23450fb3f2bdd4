/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * domain - the one definition of a mail "domain" as sendguard compares it:
 * ASCII (IDN U-labels converted to A-labels with GLib's
 * g_hostname_to_ascii), lower-case, without a trailing dot; a domain is
 * "under" a parent when it equals it or is a subdomain of it (label
 * boundary: badexample.co.jp is not under example.co.jp). Lists of domains
 * (internal_domains, private-domains.list) hold normalised names.
 *
 * Used by policy/ and by hold/ (through mailaddr.h); pure, no I/O except
 * domain_list_load() at start-up.
 * Owns: the strings in a domain_list (domain_list_free).
 * Limits: names longer than SG_POLICY_MAX_DOMAIN (253) after conversion are
 * not normalised (NULL); list files are read line by line (SG_MAX_LINE), at
 * most SG_POLICY_MAX_LIST_LINES lines.
 * Errors: NULL / -1 for an unusable name or out of memory;
 * domain_list_load() returns -1 with "PATH: reason" for a file that exists
 * but cannot be read; a missing file is an empty list.
 */
#ifndef SG_DOMAIN_H
#define SG_DOMAIN_H

#include <stddef.h>

#define SG_POLICY_MAX_DOMAIN      253     /* longest domain name compared */
#define SG_POLICY_MAX_LIST_LINES  100000  /* lines read from a domain list file */

/* a list of normalised (ASCII, lower-case, no trailing dot) domains,
 * NULL-terminated when n > 0 */
typedef struct domain_list {
    char **v;
    size_t n, alloc;
} domain_list;

char *domain_normalize(const char *domain);      /* malloc'd; NULL if empty/invalid/no memory */
const char *domain_of(const char *address);      /* after the last '@'; "" if none */
int domain_is_under(const char *domain, const char *parent);  /* both normalised */
/* Normalises and adds one entry ("@example.jp" and ".example.jp" name
 * example.jp); an unusable entry is ignored. 0, or -1 out of memory. */
int domain_list_add(domain_list *l, const char *domain);
/* Adds every entry of a NULL-terminated list (e.g. a config list); 0/-1 */
int domain_list_add_all(domain_list *l, char *const *v);
void domain_list_free(domain_list *l);
/* Is the normalised domain in the list or a subdomain of an entry? */
int domain_list_covers(const domain_list *l, const char *domain);
/* Does the NULL-terminated list hold exactly this domain (normalised compare)? */
int domain_strv_has(const char *const *v, const char *domain);
/* Reads a one-domain-per-line file ('#' comments). Missing file: 0, empty.
 * Unreadable: -1 with err filled. */
int domain_list_load(domain_list *l, const char *path, char *err, size_t errlen);

#endif
