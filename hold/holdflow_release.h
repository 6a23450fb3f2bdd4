/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * holdflow_release - ending a hold: release (record first, then re-inject
 * with retries), discard, expiry and delay holds (holdflow_run_due), the
 * sweep of releases a crash left unsent. Calls holdflow_notice.c and
 * holdflow_access.c.
 */
#ifndef SG_HOLDFLOW_RELEASE_H
#define SG_HOLDFLOW_RELEASE_H

#include "holdflow_int.h"

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
