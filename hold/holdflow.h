/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * holdflow - the confirmation workflow around a held message: notification
 * to the sender or approver, release and cancel by reply (HMAC tokens),
 * re-injection to [hold] relay by SMTP (libcurl), expiry and delay holds,
 * retries with backoff. No libmilter here: the milter and sendguardctl both
 * use it.
 *
 * Owner: holdflow_new() / holdflow_free(). Thread-safe for concurrent
 * holdflow_notify_hold/handle_reply calls (each takes its own sg_store).
 */
#ifndef SG_HOLDFLOW_H
#define SG_HOLDFLOW_H

#include <stddef.h>

#include "config.h"
#include "policy.h"
#include "store.h"

typedef struct holdflow holdflow;

/* Loads the release key (creates it, mode 0600, if missing), templates and
 * NULL + err on error (names file:line). The approvers file is the
 * policy's (policy/approvers.h): the decision names the approver. */
holdflow *holdflow_new(const sg_config *cfg, char *err, size_t errlen);
holdflow *holdflow_free(holdflow *hf);

/* Is one of the envelope recipients the release address? */
int holdflow_is_reply(const holdflow *hf, const char *const *rcpts, size_t n);

/* A reply to a notification arrived (the milter then discards the reply):
 * verifies token, sender, expiry; releases or cancels; answers the replier;
 * records the outcome. Returns 0 when handled (whatever the outcome), -1 on
 * an internal error (the milter tempfails). */
int holdflow_handle_reply(holdflow *hf, sg_store *st, const sg_envelope *env,
                          const char *raw, size_t len, const char *queue_id);

/* Right after store_hold_put(): tells the sender (or approver). A failure to
 * send is logged and retried by the background thread; the hold stays. */
int holdflow_notify_hold(holdflow *hf, sg_store *st, const sg_hold *h, const sg_decision *d);



/* Admin actions (sendguardctl): release re-injects and records; discard
 * records. actor = the admin's login name. 0 ok, 1 not in a held state, -1 error. */
int holdflow_release(holdflow *hf, sg_store *st, const char *hold_id, const char *actor);
int holdflow_discard(holdflow *hf, sg_store *st, const char *hold_id, const char *actor);
/* Expires due holds and retries pending re-injections once; returns count. */
/* (and deletes the message bytes of holds decided more than [hold]
 * message_retention ago: store_retention_run) */
int holdflow_run_due(holdflow *hf, sg_store *st);

/* Background thread running holdflow_run_due() every few seconds. */
int holdflow_start(holdflow *hf, const char *db_uri);
void holdflow_stop(holdflow *hf);

#endif
