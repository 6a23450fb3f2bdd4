/*
 * holdflow_int - the holdflow object shared by holdflow*.c.
 *
 *   holdflow.c          new/free, is_reply, approver_for, internal check,
 *                       background thread (start/stop)
 *   holdflow_notice.c   building and sending notifications, confirmations
 *                       and explanations; the in-memory retry queue
 *   holdflow_reply.c    handle_reply: verify, then release or cancel
 *   holdflow_release.c  release (record first, then re-inject with
 *                       retries), discard, run_due (expiry, delay holds)
 */
#ifndef SG_HOLDFLOW_INT_H
#define SG_HOLDFLOW_INT_H

#include <pthread.h>

#include "hold_int.h"
#include "holdflow.h"

typedef struct queued_notice {
    char *to;
    char *data;
    size_t len;
    int tries;
    time_t next;
} queued_notice;

struct holdflow {
    char *release_address;   /* lower-cased */
    char *release_local;     /* part before '@' */
    char *release_domain;
    char *relay;
    char *hostname;
    char **internal;         /* internal domains, lower-cased, NULL-terminated */
    unsigned long long timeout_ms, delay_ms;
    unsigned long long retention_ms;   /* [hold] message_retention */
    int language;            /* HOLD_LANG_* */
    char *charset;
    unsigned char key[HOLD_KEY_BYTES];
    templates *tpl;
    approvers *appr;

    pthread_mutex_t mu;      /* guards queue, inflight, stop */
    queued_notice *queue;
    size_t nqueue, aqueue;
    char **inflight;         /* hold ids being re-injected now */
    size_t ninflight, ainflight;
    int swept;               /* the released-but-not-pending sweep ran */

    pthread_t thread;
    pthread_cond_t cv;
    int running, stop;
    char *db_uri;
};

/* holdflow.c */
int holdflow_is_internal(const holdflow *hf, const char *address);
/* The address allowed to act on h (approver for kind 1, else sender). */
const char *holdflow_allowed(const sg_hold *h);

/* holdflow_notice.c */
/* Renders template k about h (d may be NULL), to "to", tagged with a
 * token of action a for address "token_for" (NULL: no tag), and sends it
 * (queued for retry on failure). extra: ${reason}/${actor}. Never sends to
 * an external address (returns -1, logged). */
int notice_send(holdflow *hf, tpl_kind k, const sg_hold *h, const sg_decision *d,
                const char *to, const char *token_for, token_action a, const char *reason,
                const char *actor);
/* Sends queued notices that are due; returns how many went out. */
int notice_retry(holdflow *hf);
void notice_queue_free(holdflow *hf);
/* The held message's Subject, decoded to UTF-8 with digit runs masked
 * (malloc'd, "" when none). */
char *notice_held_subject(const sg_hold *h);

/* holdflow_release.c */
/* Records the release (HELD -> RELEASED, once) and re-injects.
 * 0 done (sent or pending retry), 1 not held, -1 error. */
int holdflow_do_release(holdflow *hf, sg_store *st, sg_hold *h, const char *actor,
                        const char *note);
/* HELD -> to_state with event; 1 changed, 0 not held, -1 error. */
int holdflow_do_end(holdflow *hf, sg_store *st, const sg_hold *h, sg_hold_state to,
                    const char *event, const char *actor, const char *note);
/* Appends an "attempt" event. */
void holdflow_record_attempt(sg_store *st, const sg_hold *h, const char *hold_id,
                             const char *replier, const char *queue_id, const char *note);
/* Marks holds left RELEASED without a pending re-injection (a crash
 * between the two writes) as pending. */
int holdflow_sweep_released(holdflow *hf, sg_store *st);

#endif
