/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * holdflow_notice - the notifications of the hold workflow: the one sent
 * when a message is held (holdflow_notify_hold, holdflow.h), confirmations
 * and explanations, and the in-memory retry queue for the ones the relay
 * refused. Calls holdflow_access.c and the renderers below it, never the
 * release code.
 */
#ifndef SG_HOLDFLOW_NOTICE_H
#define SG_HOLDFLOW_NOTICE_H

#include "holdflow_int.h"

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

#endif
