/*
 * eom - the end of an inspected message, as a short list of named steps:
 *   envelope -> scan -> history -> decide -> act -> record -> log
 * and the path of a reply to a notification (handed to holdflow, then
 * discarded: it never reaches a mailbox).
 *
 * A hold is stored (bytes + row + record event in one transaction) before
 * the MTA is answered. Every failing step sets j->error and the answer is
 * the configured on_error action; nothing is accepted by accident.
 * Owns: everything in eom_job, freed by eom_job_free() on every path.
 * Never logs content: rule ids, counts, sizes and the hold id only.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mlfi.h"
#include "record_event.h"
#include "sg_log.h"

typedef struct eom_job {
    SMFICTX *ctx;
    conn *c;
    msg *m;
    const sg_config *cfg;
    const char *raw;
    size_t rawlen;
    sg_envelope env;
    sg_scan_result scan;
    sg_store *st;
    char **ext_domains;       /* distinct external recipient domains */
    char **known, **top;
    sg_history hist;
    sg_decision dec;
    int decided;
    record_json rj;           /* record event JSON of the last event built */
    char hold_id[40];
    int held_all;             /* every recipient held: discard */
    const char *error;        /* why a step failed */
} eom_job;

static void eom_job_free(eom_job *j)
{
    scan_result_free(&j->scan);
    store_strv_free(j->known);
    store_strv_free(j->top);
    policy_strv_free(j->ext_domains);
    if (j->decided)
        decision_free(&j->dec);
    record_json_free(&j->rj);
}

static long eom_elapsed_ms(const msg *m)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - m->msg_start.tv_sec) * 1000L +
           (now.tv_nsec - m->msg_start.tv_nsec) / 1000000L;
}

/* step 1: the envelope the policy sees, and the raw bytes. */
static int eom_envelope(eom_job *j)
{
    j->env.mail_from = j->m->msg_from;
    j->env.rcpts = (const char *const *)j->m->msg_rcpts;
    j->env.nrcpts = j->m->msg_nrcpts;
    j->env.auth_user = j->m->msg_auth;
    j->env.client_addr = j->c->conn_client_addr;
    j->env.headers = j->m->msg_headers;
    j->env.nheaders = j->m->msg_nheaders;
    if (spool_view(&j->m->msg_spool, &j->raw, &j->rawlen) < 0) {
        j->error = "cannot read the spooled message";
        return -1;
    }
    return 0;
}

/* step 2: findings. */
static int eom_scan(eom_job *j)
{
    if (scanner_scan_message(j->c->conn_snap->scanner, j->raw, j->rawlen, &j->scan) < 0) {
        j->error = "scanner error";
        return -1;
    }
    return 0;
}

/* step 3: recipient history from the store. */
static int eom_history(eom_job *j)
{
    time_t first = 0;

    if (!(j->st = mstore_get(j->cfg))) {
        j->error = "cannot open the store";
        return -1;
    }
    /* what to ask the store, and what the answer means, is the policy's */
    if (!(j->ext_domains = policy_history_domains(j->c->conn_snap->policy, &j->env))) {
        j->error = "out of memory";
        return -1;
    }
    if (store_history_known(j->st, (const char *const *)j->ext_domains, &j->known) < 0 ||
        store_history_top(j->st, (unsigned)cfg_num(j->cfg, CFG_POLICY_LOOKALIKE_TOP_DOMAINS),
                          &j->top) < 0 ||
        store_history_since(j->st, &first) < 0) {
        mstore_failed(j->m->msg_queue_id, j->st);
        j->error = "cannot read the recipient history";
        return -1;
    }
    mstore_ok();
    j->hist.learning = policy_history_learning(j->c->conn_snap->policy, first, time(NULL));
    j->hist.known_domains = (const char *const *)j->known;
    j->hist.top_domains = (const char *const *)j->top;
    return 0;
}

/* step 4: the decision. */
static int eom_decide(eom_job *j)
{
    if (policy_decide(j->c->conn_snap->policy, &j->env, &j->scan, &j->hist, &j->dec) < 0) {
        j->error = "policy: out of memory";
        return -1;
    }
    j->decided = 1;
    return 0;
}

/* The record event of this message (JSON fields from record_event_build). */
static int eom_event(eom_job *j, const char *event, sg_record_event *ev)
{
    record_json_free(&j->rj);
    if (record_event_build(j->cfg, &j->env, &j->scan, &j->dec, event, &j->rj) < 0)
        return -1;
    memset(ev, 0, sizeof(*ev));
    ev->event = event;
    ev->queue_id = j->m->msg_queue_id;
    ev->message_id = j->rj.message_id;
    ev->sender = j->m->msg_from;
    ev->auth_user = j->m->msg_auth;
    ev->client_addr = j->c->conn_client_addr;
    ev->subject = j->rj.subject;
    ev->recipients_json = j->rj.recipients_json;
    ev->attachments_json = j->rj.attachments_json;
    ev->findings_json = j->rj.findings_json;
    ev->rules_json = j->rj.rules_json;
    ev->reportable = j->rj.reportable;
    ev->action = j->rj.action;
    ev->actor = "milter";
    return 0;
}

static size_t eom_count_external(const sg_decision *d)
{
    size_t i, n = 0;

    for (i = 0; i < d->nrcpts; i++)
        n += d->rcpts[i].external != 0;
    return n;
}

/* Fills and stores the hold: bytes + row + record event in one transaction. */
static int eom_hold_store(eom_job *j, int external_only, int kind, unsigned long long ttl_ms)
{
    sg_record_event ev;
    sg_hold h;
    char **rcpts;
    size_t i, n = 0;
    int rc;

    if (eom_event(j, "hold", &ev) < 0)
        return -1;
    if (kind == 2)
        ev.note = "delay";
    if (!(rcpts = sg_calloc(j->dec.nrcpts + 1, sizeof(char *))))
        return -1;
    for (i = 0; i < j->dec.nrcpts; i++)
        if (!external_only || j->dec.rcpts[i].external)
            rcpts[n++] = j->dec.rcpts[i].address;
    memset(&h, 0, sizeof(h));
    h.state = SG_HOLD_HELD;
    h.created = time(NULL);
    h.expires = h.created + (time_t)(ttl_ms / 1000);
    h.kind = kind;
    h.queue_id = j->m->msg_queue_id;
    h.message_id = j->rj.message_id;
    h.sender = j->m->msg_from;
    h.auth_user = j->m->msg_auth;
    h.approver = kind == 1 ? j->dec.approver : NULL;   /* the policy chose it */
    h.subject = j->scan.subject;
    h.rcpts = rcpts;
    h.rules_json = j->rj.rules_json;
    h.findings_json = j->rj.findings_json;
    h.decision_json = j->rj.decision_json;
    h.message = (unsigned char *)j->raw;
    h.message_len = j->rawlen;
    rc = store_hold_put(j->st, &h, &ev);
    if (rc == 0) {
        snprintf(j->hold_id, sizeof(j->hold_id), "%s", h.id);
        j->held_all = n == j->dec.nrcpts;
        if (holdflow_notify_hold(j->c->conn_snap->hf, j->st, &h, &j->dec) < 0)
            msg_warn("%s: hold %s: notification failed, will be retried", j->m->msg_queue_id,
                     h.id);
    } else {
        mstore_failed(j->m->msg_queue_id, j->st);
    }
    free(rcpts);
    return rc;
}

/* step 5: act on the decision (store a hold, change the message). The
 * policy decided everything, the delay hold and how long included. */
static int eom_act(eom_job *j)
{
    sg_action a = j->dec.action;

    if (a == SG_ACT_HOLD || a == SG_ACT_HOLD_APPROVER || j->dec.delay_hold) {
        int ext_only = j->dec.delay_hold ? 1 : j->dec.external_only;
        int kind = j->dec.delay_hold ? 2 : a == SG_ACT_HOLD_APPROVER ? 1 : 0;
        if (eom_hold_store(j, ext_only, kind, j->dec.hold_ms) < 0) {
            j->error = "cannot store the hold";
            return -1;
        }
        if (j->held_all)
            return 0;
    }
    if (j->dec.delay_hold) {
        sg_decision d = j->dec;      /* remove the external recipients only */
        d.action = SG_ACT_HOLD;
        if (act_modify(j->ctx, j->m, &d) < 0) {
            j->error = "cannot remove the held recipients";
            return -1;
        }
        return 0;
    }
    if (act_modify(j->ctx, j->m, &j->dec) < 0) {
        j->error = a == SG_ACT_BCC ? "cannot rewrite the headers" : "cannot remove the held recipients";
        return -1;
    }
    return 0;
}

/* Pass, bcc and reject events are committed without fsync unless
 * SENDGUARD_RECORD_SYNC=full (store_record_append_noted: a power loss may
 * lose the newest of them; a hold is always fsync'd before the answer). */
static int eom_record_durable(void)
{
    const char *v = getenv("SENDGUARD_RECORD_SYNC");

    return v && strcmp(v, "full") == 0;
}

/* step 6: the record (a hold was recorded with the hold), and the history
 * of domains that got the message, in one transaction. */
static int eom_record(eom_job *j)
{
    sg_record_event ev;
    sg_action a = j->dec.action;
    int rc;

    if (a == SG_ACT_HOLD || a == SG_ACT_HOLD_APPROVER || j->dec.delay_hold)
        return 0;
    if (eom_event(j, a == SG_ACT_BCC ? "bcc" : a == SG_ACT_REJECT ? "reject" : "pass", &ev) < 0) {
        j->error = "record: out of memory";
        return -1;
    }
    rc = store_record_append_noted(j->st, &ev,
                                   a == SG_ACT_REJECT ? NULL : (const char *const *)j->ext_domains,
                                   time(NULL), eom_record_durable());
    if (rc < 0) {
        mstore_failed(j->m->msg_queue_id, j->st);
        j->error = "cannot write the transfer record";
        return -1;
    }
    if (rc > 0)
        msg_warn("%s: store: history: %s", j->m->msg_queue_id, store_error(j->st));
    return 0;
}

/* step 7: one summary line. */
static void eom_log(const eom_job *j)
{
    sg_buf rules;
    size_t i;

    sg_buf_init(&rules, 4096);
    for (i = 0; i < j->dec.nhits; i++)
        (void)sg_buf_printf(&rules, "%s%s", i ? "," : "", j->dec.hits[i].rule);
    msg_info("%s: sendguard: from=<%s> rcpts=%zu ext=%zu size=%zu action=%s%s rules=%s%s%s "
             "time=%ldms",
             j->m->msg_queue_id, j->m->msg_from, j->dec.nrcpts, eom_count_external(&j->dec),
             j->rawlen, j->dec.delay_hold ? "delay-" : "", sg_action_name(j->dec.action),
             rules.len ? sg_buf_str(&rules) : "-", j->hold_id[0] ? " hold=" : "",
             j->hold_id, eom_elapsed_ms(j->m));
    sg_buf_free(&rules);
}

sfsistat eom_inspect(SMFICTX *ctx, conn *c, msg *m)
{
    eom_job j;
    sfsistat rc;

    memset(&j, 0, sizeof(j));
    j.ctx = ctx;
    j.c = c;
    j.m = m;
    j.cfg = c->conn_snap->cfg;
    if (eom_envelope(&j) < 0 || eom_scan(&j) < 0 || eom_history(&j) < 0 || eom_decide(&j) < 0 ||
        eom_act(&j) < 0 || eom_record(&j) < 0) {
        rc = act_on_error(ctx, j.cfg, m->msg_queue_id, j.error ? j.error : "unknown");
    } else {
        eom_log(&j);
        rc = act_status(ctx, &j.dec, j.held_all);
    }
    eom_job_free(&j);
    return rc;
}

sfsistat eom_reply(SMFICTX *ctx, conn *c, msg *m)
{
    const sg_config *cfg = c->conn_snap->cfg;
    eom_job j;
    sg_store *st;
    int rc;

    memset(&j, 0, sizeof(j));
    j.c = c;
    j.m = m;
    if (eom_envelope(&j) < 0)
        return act_on_error(ctx, cfg, m->msg_queue_id, j.error);
    if (!(st = mstore_get(cfg)))
        return act_on_error(ctx, cfg, m->msg_queue_id, "cannot open the store");
    rc = holdflow_handle_reply(c->conn_snap->hf, st, &j.env, j.raw, j.rawlen, m->msg_queue_id);
    if (rc < 0)
        return act_on_error(ctx, cfg, m->msg_queue_id, "cannot handle the reply");
    msg_info("%s: sendguard: from=<%s> reply to a notification, handled and discarded time=%ldms",
             m->msg_queue_id, m->msg_from, eom_elapsed_ms(m));
    return SMFIS_DISCARD;
}
