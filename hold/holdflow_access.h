/*
 * holdflow_access - who a hold concerns: whether an address is internal
 * (the one definition, mailaddr.h, with the configured internal domains)
 * and which address may act on a hold. A leaf of the hold workflow: it
 * calls nothing above it.
 */
#ifndef SG_HOLDFLOW_ACCESS_H
#define SG_HOLDFLOW_ACCESS_H

#include "holdflow.h"
#include "policy.h"

int holdflow_is_internal(const holdflow *hf, const char *address);
/* The address allowed to act on h (the approver of an approver hold, else
 * the sender; "" when there is none). */
const char *holdflow_allowed(const sg_hold *h);

/* What proves that a reply comes from the person notified, beside the
 * token ([hold] reply_proof): SMTP AUTH (as the held message's user when
 * it had one) and/or a client in [hold] reply_networks (default: [general]
 * client_networks). NULL when the
 * reply is proven, else the refusal reason key ("wrong-auth" or
 * "not-proven"). */
const char *holdflow_reply_proof(const holdflow *hf, const sg_envelope *env, const sg_hold *h);
/* Backscatter limit: 1 when one more explanation may go to address about
 * hold_id (NULL: none) -- at most HOLD_EXPLAIN_PER_ADDR per address and
 * HOLD_EXPLAIN_PER_HOLD per hold per HOLD_EXPLAIN_WINDOW_S; counts it. */
int holdflow_explain_allowed(holdflow *hf, const char *address, const char *hold_id);

#endif
