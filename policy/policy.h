/*
 * policy - envelope + headers + findings + recipient history -> decision.
 * Pure: no I/O after policy_new() (which reads the free-mail domain list
 * from rules_dir), no global state; shared by the milter and sendguard-scan.
 *
 * Owner rules: sg_policy from policy_new(), freed by policy_free();
 * sg_decision filled by policy_decide(), freed by decision_free().
 */
#ifndef SG_POLICY_H
#define SG_POLICY_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "scan.h"

typedef enum {
    SG_ACT_PASS = 0,
    SG_ACT_BCC,            /* rewrite To/Cc so nobody sees the others */
    SG_ACT_HOLD,           /* sender confirms by reply */
    SG_ACT_HOLD_APPROVER,  /* an approver confirms */
    SG_ACT_REJECT
} sg_action;               /* ordered by severity */

typedef struct sg_header {
    const char *name;      /* as received, e.g. "Subject" */
    const char *value;     /* raw value (may be folded, RFC 2047-encoded) */
} sg_header;

typedef struct sg_envelope {
    const char *mail_from;         /* envelope sender, without <>; "" for null sender */
    const char *const *rcpts;      /* envelope recipients, without <> */
    size_t nrcpts;
    const char *auth_user;         /* {auth_authen}, NULL if none */
    const char *client_addr;       /* client IP, NULL if unknown */
    const sg_header *headers;
    size_t nheaders;
} sg_envelope;

typedef struct sg_history {
    int learning;                  /* history younger than learning_period */
    const char *const *known_domains;  /* recipient domains seen before (NULL-terminated) */
    const char *const *top_domains;    /* most frequent recipient domains (NULL-terminated) */
} sg_history;

typedef struct sg_rule_hit {
    char *rule;            /* rule id */
    sg_action action;      /* action this hit asks for */
    char *detail;          /* plain words for the notification/log (English) */
    char *detail_ja;       /* the same in Japanese */
    int external_only;     /* only the external recipients are concerned */
} sg_rule_hit;

typedef struct sg_rcpt {
    char *address;
    int external;
    int private_address;   /* free-mail / carrier domain */
    int first_time;        /* domain never received mail before */
    char *lookalike_of;    /* domain it resembles, or NULL */
} sg_rcpt;

typedef struct sg_decision {
    sg_action action;      /* the most severe action of all hits */
    sg_rule_hit *hits;
    size_t nhits;
    sg_rcpt *rcpts;        /* every envelope recipient, classified */
    size_t nrcpts;
    int external_only;     /* the action concerns only external recipients:
                              internal ones get the message at once */
    char *reject_text;     /* ASCII SMTP reply text for reject ("5.7.1 ...") */
    char *bcc_to;          /* bcc: new To value (the sender or undisclosed-recipients:;) */
    int bcc_remove_cc;     /* bcc: remove every Cc header */
    char *approver;        /* hold-approver: address of the approver, NULL if none */
    int outgoing;          /* the message is outgoing (inspected) */
    int delay_hold;        /* pass, but the external recipients wait [hold]
                              delay first (a delay hold; internal ones get it
                              at once) */
    unsigned long long hold_ms;  /* how long a hold waits: [hold] timeout, or
                              [hold] delay for a delay hold; 0 when not held */
} sg_decision;

typedef struct sg_policy sg_policy;

sg_policy *policy_new(const sg_config *cfg, char *err, size_t errlen);
sg_policy *policy_free(sg_policy *p);

/* Is this message outgoing (to be inspected)? sender domain internal,
 * authenticated client (inspect_authenticated) or client network. */
int policy_is_outgoing(const sg_policy *p, const sg_envelope *env);
/* Is the client address ip ({client_addr}) inside one of the networks
 * (CIDR texts as in [general] client_networks; entries that do not parse
 * never match)? 0 for a NULL or unknown ip. No allocation. */
int policy_client_in_networks(char *const *networks, const char *ip);
/* Is the address in an internal domain (or a subdomain of one)? */
int policy_is_internal(const sg_policy *p, const char *address);

/* Recipient history, gathered the same way by every caller (the milter and
 * sendguard-scan read the store; the policy says what to ask and what the
 * answer means): the distinct external recipient domains of env, normalised
 * (NULL-terminated, malloc'd, free with policy_strv_free; NULL when out of
 * memory), and whether the history is still learning given the time of its
 * first entry (0: empty) and now. */
char **policy_history_domains(const sg_policy *p, const sg_envelope *env);
int policy_history_learning(const sg_policy *p, time_t first, time_t now);
void policy_strv_free(char **v);

/* Returns 0, or -1 when out of memory (caller fails closed). scan may be
 * NULL (nothing scanned). */
int policy_decide(const sg_policy *p, const sg_envelope *env, const sg_scan_result *scan,
                  const sg_history *hist, sg_decision *out);
void decision_free(sg_decision *d);

const char *sg_action_name(sg_action a);          /* "pass" "bcc" "hold" "hold-approver" "reject" */
int sg_action_parse(const char *s, sg_action *out);

#endif
