/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mailaddr - the one definition of a mail "address" and of "internal"
 * (after Postfix's global/resolve_local.c: one function answers, every
 * caller asks it). The domain part follows domain.h.
 *
 * mailaddr_parse() is strict. It accepts local@domain, optionally in one
 * pair of <>, where
 *   local  is a dot-atom (RFC 5322 atext, UTF-8 allowed) or a quoted string
 *          of printable ASCII, at most 64 bytes, and
 *   domain is a host name (LDH labels of 1..63, after IDN conversion),
 *          at most 253 bytes, trailing dot allowed (dropped);
 * and refuses what routes mail elsewhere or hides a second address:
 *   '%' and '!' (percent hack, UUCP bang paths), a second '@', source routes
 *   ("@a,@b:user@dom"), a quoted local part holding any of those or a
 *   backslash, domain literals ("[192.0.2.1]"), spaces, control bytes.
 * A local part alone ("postmaster") is MAILADDR_BARE: the MTA delivers it
 * locally. "" and "<>" are MAILADDR_EMPTY (the null sender).
 *
 * "Internal" (mailaddr_is_internal): a bare local part is internal; an
 * address is internal when it parses (MAILADDR_OK) and its normalised
 * domain is under an entry of the internal list (equal or subdomain); every
 * other string (refused, empty) is not internal. The sender side
 * ("is this mail outgoing?") asks about the sender's domain only:
 * mailaddr_domain_is_internal().
 *
 * Every address sendguard writes mail to (notices, releases) is checked with
 * mailaddr_parse() == MAILADDR_OK first.
 * Pure: no I/O, no globals. Errors: MAILADDR_INVALID with *why a short
 * English reason (static string); out of memory during IDN conversion is
 * MAILADDR_INVALID with why "out of memory".
 */
#ifndef SG_MAILADDR_H
#define SG_MAILADDR_H

#include "domain.h"

#define SG_ADDR_MAX_LOCAL  64              /* RFC 5321 4.5.3.1.1 */
#define SG_ADDR_MAX_DOMAIN SG_POLICY_MAX_DOMAIN

typedef enum {
    MAILADDR_OK = 0,      /* local@domain */
    MAILADDR_BARE,        /* a local part alone, delivered locally */
    MAILADDR_EMPTY,       /* "" or "<>": the null sender */
    MAILADDR_INVALID      /* refused: *why says why */
} mailaddr_kind;

typedef struct sg_mailaddr {
    char local[SG_ADDR_MAX_LOCAL + 1];     /* as written (quotes kept) */
    char domain[SG_ADDR_MAX_DOMAIN + 1];   /* normalised; "" for BARE / EMPTY */
} sg_mailaddr;

/* out and why may be NULL */
mailaddr_kind mailaddr_parse(const char *in, sg_mailaddr *out, const char **why);
/* Is the address internal by the list of normalised internal domains? */
int mailaddr_is_internal(const domain_list *internal, const char *address);
/* Is the domain (any form: U-labels, upper case, trailing dot) internal? */
int mailaddr_domain_is_internal(const domain_list *internal, const char *domain);

#endif
