/*
 * holdflow_release - what happens to a held message: release (record
 * first, then re-inject), discard, expiry and delay holds (run_due), and
 * the retries of re-injections that failed.
 *
 * Exactly once: the release is recorded by store_hold_transition(HELD ->
 * RELEASED) -- only one caller can win it -- and only the winner sets
 * release_pending and re-injects. release_pending is cleared only after
 * the relay answered 250 to the whole message; until then run_due retries
 * with backoff HOLD_RETRY_BASE_S * 2^attempts (capped at HOLD_RETRY_MAX_S).
 * A re-injection in progress is leased in the store (next_attempt = now +
 * HOLD_SMTP_TIMEOUT_S, taken with an atomic claim: store_hold_claim, or
 * store_hold_claim_pending for the retries, FOR UPDATE SKIP LOCKED on
 * PostgreSQL) and listed in hf->inflight, so neither this process nor
 * another node sharing the database sends it a second time meanwhile. A crash between the transition
 * and the pending flag is repaired at start (holdflow_sweep_released:
 * RELEASED, not pending, never attempted). The one window left: the relay
 * accepted the message and the process died before clearing the flag;
 * then it is sent again (at least once rather than lost).
 * Re-injected bytes = "X-Sendguard-Released: ID by ACTOR at TIME" + the
 * held bytes, to the held recipients only, envelope sender = the original.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "holdflow_int.h"
#include "holdflow_access.h"
#include "holdflow_notice.h"
#include "holdflow_release.h"
#include "record_event.h"
#include "sg_json.h"
#include "sg_log.h"

/* ---- record events ---- */

static void event_fill(sg_record_event *ev, const sg_hold *h, const char *event,
                       const char *actor, const char *note, const char *rj)
{
    memset(ev, 0, sizeof(*ev));
    ev->event = event;
    ev->queue_id = h->queue_id;
    ev->message_id = h->message_id;
    ev->sender = h->sender;
    ev->auth_user = h->auth_user;
    ev->subject = h->subject;
    ev->recipients_json = rj;
    ev->findings_json = h->findings_json;
    ev->rules_json = h->rules_json;
    ev->action = event;
    ev->actor = actor;
    ev->hold_id = h->id;
    ev->note = note;
}

void holdflow_record_attempt(sg_store *st, const sg_hold *h, const char *hold_id,
                             const char *replier, const char *queue_id, const char *note)
{
    sg_record_event ev = { .event = "attempt", .queue_id = queue_id, .sender = replier,
                           .actor = replier && *replier ? replier : "<>", .hold_id = hold_id,
                           .note = note, .action = "none" };

    if (h) {
        ev.message_id = h->message_id;
        ev.rules_json = h->rules_json;
    }
    if (store_record_append(st, &ev) < 0)
        msg_error("hold %s: cannot record attempt (%s): %s", hold_id ? hold_id : "-", note,
                  store_error(st));
}

int holdflow_do_end(holdflow *hf, sg_store *st, const sg_hold *h, sg_hold_state to,
                    const char *event, const char *actor, const char *note)
{
    sg_record_event ev;
    char *rj = record_recipients_json(&hf->internal, h->rcpts);
    int rc;

    event_fill(&ev, h, event, actor, note, rj);
    rc = store_hold_transition(st, h->id, SG_HOLD_HELD, to, &ev);
    free(rj);
    if (rc < 0)
        msg_error("hold %s: %s: %s", h->id, event, store_error(st));
    else if (rc == 1)
        msg_info("hold %s: %s by %s", h->id, event, actor);
    return rc;
}

/* ---- re-injection ---- */

static int inflight_claim(holdflow *hf, const char *id)
{
    size_t i;
    int rc = -1;

    pthread_mutex_lock(&hf->mu);
    for (i = 0; i < hf->ninflight; i++)
        if (strcmp(hf->inflight[i], id) == 0)
            goto out;
    /* one per hold being released: bounded by the holds in the store */
    if (SG_ARRAY_RESERVE(hf->inflight, hf->ninflight, hf->ainflight, 1, SG_VEC_NOCAP) < 0)
        goto out;
    hf->inflight[hf->ninflight++] = (char *)id;
    rc = 0;
out:
    pthread_mutex_unlock(&hf->mu);
    return rc;
}

static void inflight_release(holdflow *hf, const char *id)
{
    size_t i;

    pthread_mutex_lock(&hf->mu);
    for (i = 0; i < hf->ninflight; i++)
        if (hf->inflight[i] == id) {
            hf->inflight[i] = hf->inflight[--hf->ninflight];
            break;
        }
    pthread_mutex_unlock(&hf->mu);
}

static time_t backoff(int attempts)
{
    long s = HOLD_RETRY_BASE_S;

    while (attempts-- > 1 && s < HOLD_RETRY_MAX_S)
        s *= 2;
    return s > HOLD_RETRY_MAX_S ? HOLD_RETRY_MAX_S : s;
}

static int trace_header(sg_buf *b, const sg_hold *h, const char *actor)
{
    char when[64];
    const char *p;
    int rc;

    store_iso_time(time(NULL), when, sizeof(when));
    rc = sg_buf_printf(b, "X-Sendguard-Released: %s by ", h->id);
    for (p = actor; rc == 0 && *p; p++)
        rc = sg_buf_putc(b, (unsigned char)*p < 0x21 || *p == 0x7f ? '_' : *p);
    return rc < 0 ? -1 : sg_buf_printf(b, " at %s\r\n", when);
}

static size_t count_rcpts(char *const *r)
{
    size_t n = 0;

    while (r && r[n])
        n++;
    return n;
}

/* One attempt; h must carry its bytes. claimed: the caller holds the
 * store lease already (store_hold_claim_pending). 0 sent, 1 retry later
 * (or another node or thread has it), -1 error. */
static int reinject(holdflow *hf, sg_store *st, const sg_hold *h, const char *actor, int claimed)
{
    sg_buf b;
    char err[512];
    int attempts = h->attempts + 1, rc;
    time_t now = time(NULL);

    if (inflight_claim(hf, h->id) < 0)
        return 1;
    /* the lease in the store: of all nodes sharing it, one sends */
    if (!claimed && (rc = store_hold_claim(st, h->id, now, now + HOLD_SMTP_TIMEOUT_S + 10)) != 1) {
        if (rc < 0)
            msg_warn("hold %s: lease: %s", h->id, store_error(st));
        inflight_release(hf, h->id);
        return 1;
    }
    sg_buf_init(&b, h->message_len + 4096);
    rc = trace_header(&b, h, actor) < 0 || sg_buf_append(&b, h->message, h->message_len) < 0;
    if (rc == 0)
        rc = smtp_send(hf->relay, h->sender, (const char *const *)h->rcpts, count_rcpts(h->rcpts),
                       b.data, b.len, err, sizeof(err)) < 0 ? 1 : 0;
    else
        snprintf(err, sizeof(err), "out of memory");
    sg_buf_free(&b);
    if (rc == 0) {
        msg_info("hold %s: re-injected to %s for %zu recipient(s), attempt %d", h->id, hf->relay,
                 count_rcpts(h->rcpts), attempts);
        if (store_hold_set_pending(st, h->id, 0, attempts, 0) < 0)
            msg_error("hold %s: sent, but cannot clear pending: %s", h->id, store_error(st));
    } else {
        msg_warn("hold %s: re-injection attempt %d failed, retry in %lds: %s", h->id, attempts,
                 (long)backoff(attempts), err);
        if (store_hold_set_pending(st, h->id, 1, attempts, now + backoff(attempts)) < 0)
            msg_error("hold %s: cannot schedule retry: %s", h->id, store_error(st));
    }
    inflight_release(hf, h->id);
    return rc;
}

int holdflow_do_release(holdflow *hf, sg_store *st, sg_hold *h, const char *actor,
                        const char *note)
{
    int rc = holdflow_do_end(hf, st, h, SG_HOLD_RELEASED, "release", actor, note);

    if (rc != 1)
        return rc < 0 ? -1 : 1;
    h->attempts = 0;
    if (store_hold_set_pending(st, h->id, 1, 0, time(NULL)) < 0)
        msg_error("hold %s: cannot mark pending (the start-up sweep will): %s", h->id,
                  store_error(st));
    reinject(hf, st, h, actor, 0);
    return 0;
}

/* ---- admin actions ---- */

static int load_held(sg_store *st, const char *id, sg_hold **h)
{
    if (store_hold_get(st, id, h) < 0)
        return store_not_found(st) ? 1 : -1;
    if ((*h)->state != SG_HOLD_HELD) {
        *h = sg_hold_free(*h);
        return 1;
    }
    return 0;
}

int holdflow_release(holdflow *hf, sg_store *st, const char *hold_id, const char *actor)
{
    sg_hold *h = NULL;
    int rc = load_held(st, hold_id, &h);

    if (rc != 0)
        return rc;
    rc = holdflow_do_release(hf, st, h, actor, "admin");
    if (rc == 0)
        notice_send(hf, TPL_RELEASED, h, NULL, h->sender, NULL, TOKEN_RELEASE, NULL, actor);
    sg_hold_free(h);
    return rc;
}

int holdflow_discard(holdflow *hf, sg_store *st, const char *hold_id, const char *actor)
{
    sg_hold *h = NULL;
    int rc = load_held(st, hold_id, &h);

    if (rc != 0)
        return rc;
    rc = holdflow_do_end(hf, st, h, SG_HOLD_DISCARDED, "discard", actor, "admin");
    if (rc == 1)
        notice_send(hf, TPL_DISCARDED, h, NULL, h->sender, NULL, TOKEN_RELEASE, NULL, actor);
    sg_hold_free(h);
    return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

/* ---- run_due ---- */

static int expire_one(holdflow *hf, sg_store *st, const sg_hold *listed)
{
    sg_hold *h = NULL;
    int rc;

    if (store_hold_get(st, listed->id, &h) < 0)
        return 0;
    if (h->kind == 2) {
        rc = holdflow_do_release(hf, st, h, "delay", "delay elapsed") == 0;
    } else {
        rc = holdflow_do_end(hf, st, h, SG_HOLD_EXPIRED, "expire", "sendguard", "timeout") == 1;
        if (rc)
            notice_send(hf, TPL_EXPIRED, h, NULL, h->sender, NULL, TOKEN_RELEASE, NULL, NULL);
    }
    sg_hold_free(h);
    return rc;
}

static int retry_pending(holdflow *hf, sg_store *st, time_t now)
{
    sg_hold **l = NULL, *h;
    size_t n = 0, i;
    int done = 0;

    /* claimed here (leased in the store), so no other node retries them */
    if (store_hold_claim_pending(st, now, now + HOLD_SMTP_TIMEOUT_S + 10, HOLD_RETRY_BATCH,
                                 &l, &n) < 0) {
        msg_error("holdflow: pending holds: %s", store_error(st));
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (store_hold_get(st, l[i]->id, &h) < 0)
            continue;
        if (h->release_pending && reinject(hf, st, h, "retry", 1) == 0)
            done++;
        sg_hold_free(h);
    }
    sg_hold_list_free(l, n);
    return done;
}

int holdflow_sweep_released(holdflow *hf, sg_store *st)
{
    sg_hold **l = NULL;
    size_t n = 0, i;
    int fixed = 0;

    (void)hf;
    if (store_hold_list(st, SG_HOLD_RELEASED, &l, &n) < 0)
        return -1;
    for (i = 0; i < n; i++)
        if (!l[i]->release_pending && l[i]->attempts == 0 &&
            store_hold_set_pending(st, l[i]->id, 1, 0, time(NULL)) == 0) {
            msg_warn("hold %s: released but never sent: queued for re-injection", l[i]->id);
            fixed++;
        }
    sg_hold_list_free(l, n);
    return fixed;
}

int holdflow_run_due(holdflow *hf, sg_store *st)
{
    sg_hold **l = NULL;
    size_t n = 0, i, purged = 0;
    time_t now = time(NULL);
    int count = 0, sweep;

    pthread_mutex_lock(&hf->mu);
    sweep = !hf->swept;
    hf->swept = 1;
    pthread_mutex_unlock(&hf->mu);
    if (sweep && holdflow_sweep_released(hf, st) < 0)
        msg_error("holdflow: sweep: %s", store_error(st));
    if (store_hold_due(st, now, &l, &n) < 0) {
        msg_error("holdflow: due holds: %s", store_error(st));
        return -1;
    }
    for (i = 0; i < n; i++)
        count += expire_one(hf, st, l[i]);
    sg_hold_list_free(l, n);
    count += retry_pending(hf, st, now);
    notice_retry(hf);
    if (store_retention_run(st, now, (long long)(hf->retention_ms / 1000), &purged) < 0)
        msg_error("holdflow: retention: %s", store_error(st));
    else if (purged)
        msg_info("retention: deleted the message bytes of %zu decided hold%s", purged,
                 purged == 1 ? "" : "s");
    return count;
}
