/*
 * holdflow_int - the holdflow object shared by holdflow*.c.
 *
 * Each module has its own header; they call each other only downwards:
 *   holdflow.c          new/free, is_reply, approver_for
 *   holdflow_thread.c   background thread (start/stop) -> release
 *   holdflow_reply.c    handle_reply: verify, then release or cancel
 *                       -> release, notice, access
 *   holdflow_release.c  release (record first, then re-inject with
 *                       retries), discard, run_due (expiry, delay holds)
 *                       -> notice, access    (holdflow_release.h)
 *   holdflow_notice.c   notify_hold, notifications, confirmations and
 *                       explanations; the in-memory retry queue
 *                       -> access            (holdflow_notice.h)
 *   holdflow_access.c   internal addresses, who may act (holdflow_access.h)
 */
#ifndef SG_HOLDFLOW_INT_H
#define SG_HOLDFLOW_INT_H

#include <pthread.h>

#include "hold_int.h"
#include "holdflow.h"
#include "mailaddr.h"

/* explanations sent to one address / about one hold in the current window
 * (holdflow_access.c: backscatter limit) */
typedef struct explain_slot {
    char key[HOLD_ID_MAX + 600];   /* "a:ADDRESS" or "h:HOLDID" */
    time_t window;                 /* start of its window */
    unsigned count;
} explain_slot;

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
    domain_list internal;    /* internal domains, normalised (domain.h) */
    unsigned long long timeout_ms, delay_ms;
    unsigned long long retention_ms;   /* [hold] message_retention */
    int language;            /* HOLD_LANG_* */
    char *charset;
    unsigned char key[HOLD_KEY_BYTES];
    templates *tpl;
    char **networks;         /* [hold] reply_networks, else [general]
                                client_networks (NULL-terminated) */
    int proof;               /* HOLD_PROOF_* ([hold] reply_proof) */

    pthread_mutex_t mu;      /* guards queue, inflight, stop */
    queued_notice *queue;
    size_t nqueue, aqueue;
    char **inflight;         /* hold ids being re-injected now */
    size_t ninflight, ainflight;
    int swept;               /* the released-but-not-pending sweep ran */
    explain_slot explained[HOLD_EXPLAIN_SLOTS];   /* guarded by mu */

    pthread_t thread;
    pthread_cond_t cv;
    int running, stop;
    char *db_uri;
};

#endif
