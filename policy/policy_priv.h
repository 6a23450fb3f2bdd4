/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * policy_priv - the policy's private contract between its modules
 * (policy.c, domain.c, cidr.c, addresses.c, lookalike.c, hits.c, and the
 * rule_*.c files). Not for use outside policy/.
 *
 * sg_policy holds copies of everything the decision needs from the config,
 * made once by policy_new(); it is immutable afterwards and may be shared
 * read-only by threads.
 */
#ifndef SG_POLICY_PRIV_H
#define SG_POLICY_PRIV_H

#include <stddef.h>

#include "domain.h"
#include "mailaddr.h"
#include "policy.h"
#include "sg_limits.h"

/* named limits of the policy (the domain ones are in domain.h) */
#define SG_POLICY_MAX_ADDRESSES   SG_MAX_RECIPIENTS  /* distinct header addresses kept */
#define SG_POLICY_DETAIL_NAMES    3       /* names (domains, files) quoted in a detail */

/* one client network */
typedef struct cidr {
    int family;                 /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    unsigned prefix;
} cidr;

struct sg_policy {
    domain_list internal;       /* internal_domains */
    domain_list priv;           /* private (free-mail / carrier) domains */
    cidr *nets;
    size_t nnets;
    int inspect_authenticated;
    unsigned long long bulk_threshold;
    sg_action bulk_action;
    int att_enc;                /* ATT_ENC_* */
    int first_time_hold;
    sg_action rule_action[CFG__COUNT]; /* [actions] key index -> action */
    unsigned char has_action[CFG__COUNT];
    void *gmime_opts;           /* GMimeParserOptions* for address parsing */
    struct approvers *appr;     /* [hold] approvers_file */
    unsigned long long learning_ms;       /* [policy] learning_period */
    unsigned long long hold_timeout_ms;   /* [hold] timeout */
    unsigned long long hold_delay_ms;     /* [hold] delay (0: no delay holds) */
};

enum { ATT_ENC_OFF = 0, ATT_ENC_ALL, ATT_ENC_SENSITIVE };

/* cidr.c */
int cidr_parse(const char *text, cidr *out);     /* 0 or -1 */
int cidr_match(const cidr *c, const char *ip);   /* 1 when ip is inside */

/* lookalike.c: the internal or frequent domain that the normalised domain d
 * resembles (malloc'd), or NULL. */
char *lookalike_of(const sg_policy *p, const char *d, const sg_history *hist);
/* Damerau-Levenshtein (optimal string alignment) distance, capped: returns
 * max+1 when the distance is larger than max. */
unsigned lookalike_distance(const char *a, const char *b, unsigned max);
/* Confusable folding of a normalised domain (malloc'd ASCII-ish string). */
char *lookalike_fold(const char *d);

/* hits.c */
int hits_add(sg_decision *d, const char *rule, sg_action action, int external_only,
             const char *detail, const char *detail_ja);
int hits_has(const sg_decision *d, const char *rule);
sg_action policy_rule_action(const sg_policy *p, const char *rule, sg_action fallback);
/* Joins up to SG_POLICY_DETAIL_NAMES names with ", " and "..." (malloc'd). */
char *hits_names(const char *const *names, size_t n);

/* rules: each adds its hits to d; 0 or -1 (out of memory) */
int rule_content(const sg_policy *p, const sg_scan_result *scan, int has_external,
                 sg_decision *d);
int rule_attach(const sg_policy *p, const sg_scan_result *scan, sg_decision *d);
int rule_bulk(const sg_policy *p, const sg_envelope *env, sg_decision *d);
int rule_private(const sg_policy *p, const sg_envelope *env, sg_decision *d);
int rule_domains(const sg_policy *p, const sg_history *hist, sg_decision *d);

/* header helpers (addresses.c) */
const char *headers_get(const sg_envelope *env, const char *name);   /* first one */
int headers_has(const sg_envelope *env, const char *name);

#endif
