/*
 * decide - policy_decide(): the order of the decision and its summary.
 *   1. classify every envelope recipient (internal / external);
 *   2. not outgoing: pass, no hits (inbound mail is not inspected);
 *   3. virus and dangerous-attachment act on all mail; with no external
 *      recipient nothing else is looked at (internal-only mail passes);
 *   4. content, attachments, bulk, private, domain rules (rule_*.c);
 *   5. action = the most severe hit; external_only = every hit of hold or
 *      worse concerns only external recipients; reject_text names the rule
 *      ids that asked for reject (ASCII, never content);
 *   6. the hold terms: how long a hold waits, who approves an approver
 *      hold (approvers_file), and the delay hold of a clean
 *      message to external recipients ([hold] delay) - decided here, not
 *      in the milter, so sendguard-scan shows it too.
 * Owns: everything in sg_decision, freed by decision_free().
 * Errors: -1 out of memory (the decision is freed; the caller fails closed).
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "approvers.h"
#include "policy_priv.h"

#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define DECIDE_REJECT_TEXT_CAP 400   /* SMTP reply text: keep it short */

static int classify(const sg_policy *p, const sg_envelope *env, sg_decision *d, int *has_ext)
{
    size_t i;

    *has_ext = 0;
    if (env->nrcpts == 0)
        return 0;
    if (!(d->rcpts = sg_calloc(env->nrcpts, sizeof(*d->rcpts))))
        return -1;
    for (i = 0; i < env->nrcpts; i++) {
        const char *a = env->rcpts[i] ? env->rcpts[i] : "";
        if (!(d->rcpts[i].address = sg_strdup(a)))
            return -1;
        d->nrcpts++;
        d->rcpts[i].external = !policy_is_internal(p, a);
        *has_ext |= d->rcpts[i].external;
    }
    return 0;
}

/* Appends the rule id, keeping only characters safe in an SMTP reply. */
static void put_ascii_id(sg_buf *b, const char *id)
{
    for (; *id; id++) {
        unsigned char c = (unsigned char)*id;
        sg_buf_putc(b, c > 0x20 && c < 0x7f && c != ',' ? (char)c : '?');
    }
}

static int summarise(sg_decision *d)
{
    size_t i, nrej = 0;
    int all_ext = 1;
    sg_buf b;

    d->action = SG_ACT_PASS;
    for (i = 0; i < d->nhits; i++) {
        if (d->hits[i].action > d->action)
            d->action = d->hits[i].action;
        if (d->hits[i].action >= SG_ACT_HOLD && !d->hits[i].external_only)
            all_ext = 0;
    }
    d->external_only = d->action >= SG_ACT_HOLD && all_ext;
    if (d->action != SG_ACT_REJECT)
        return 0;
    sg_buf_init(&b, DECIDE_REJECT_TEXT_CAP);
    sg_buf_puts(&b, "5.7.1 Message rejected by sendguard policy: ");
    for (i = 0; i < d->nhits; i++) {
        if (d->hits[i].action != SG_ACT_REJECT)
            continue;
        if (nrej++)
            sg_buf_puts(&b, ", ");
        put_ascii_id(&b, d->hits[i].rule);
    }
    d->reject_text = sg_buf_steal(&b, NULL);
    return d->reject_text ? 0 : -1;
}

static int apply_rules(const sg_policy *p, const sg_envelope *env, const sg_scan_result *scan,
                       const sg_history *hist, int has_ext, sg_decision *d)
{
    if (rule_content(p, scan, has_ext, d) < 0)
        return -1;
    if (!has_ext)
        return 0;
    if (rule_attach(p, scan, d) < 0 || rule_bulk(p, env, d) < 0 ||
        rule_private(p, env, d) < 0 || rule_domains(p, hist, d) < 0)
        return -1;
    return 0;
}

/* The hold part of the decision, so every caller (the milter, sendguard-scan)
 * knows it from here: a message the rules hold waits [hold] timeout; a
 * clean outgoing message with external recipients waits [hold] delay when
 * one is set (a delay hold of the external recipients only). */
static int hold_terms(const sg_policy *p, const sg_envelope *env, int has_ext, sg_decision *d)
{
    const char *a;

    if (d->action == SG_ACT_HOLD || d->action == SG_ACT_HOLD_APPROVER) {
        d->hold_ms = p->hold_timeout_ms;
        /* the approver of an approver hold (approvers_file); none: the
         * sender confirms, as for a plain hold */
        if (d->action == SG_ACT_HOLD_APPROVER && env->mail_from &&
            (a = approvers_lookup(p->appr, env->mail_from)) != NULL &&
            !(d->approver = sg_strdup(a)))
            return -1;
    } else if (d->action == SG_ACT_PASS && p->hold_delay_ms > 0 && has_ext) {
        d->delay_hold = 1;
        d->hold_ms = p->hold_delay_ms;
    }
    return 0;
}

int policy_decide(const sg_policy *p, const sg_envelope *env, const sg_scan_result *scan,
                  const sg_history *hist, sg_decision *out)
{
    int has_ext;
    unsigned long failures = sg_alloc_failures();

    memset(out, 0, sizeof(*out));
    if (classify(p, env, out, &has_ext) < 0)
        goto nomem;
    out->outgoing = policy_is_outgoing(p, env);
    if (out->outgoing && (apply_rules(p, env, scan, hist, has_ext, out) < 0 || summarise(out) < 0 ||
                          hold_terms(p, env, has_ext, out) < 0))
        goto nomem;
    /* all or nothing, as the scan: an allocation that failed on the way
     * (an address not normalised, say) may have changed the decision */
    if (sg_alloc_failures() != failures)
        goto nomem;
    return 0;
nomem:
    decision_free(out);
    return -1;
}

void decision_free(sg_decision *d)
{
    size_t i;

    if (!d)
        return;
    for (i = 0; i < d->nhits; i++) {
        free(d->hits[i].rule);
        free(d->hits[i].detail);
        free(d->hits[i].detail_ja);
    }
    free(d->hits);
    for (i = 0; i < d->nrcpts; i++) {
        free(d->rcpts[i].address);
        free(d->rcpts[i].lookalike_of);
    }
    free(d->rcpts);
    free(d->reject_text);
    free(d->bcc_to);
    free(d->approver);
    memset(d, 0, sizeof(*d));
}
