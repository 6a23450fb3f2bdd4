/*
 * holdflow_access - who a hold concerns: whether an address is internal
 * (the one definition, mailaddr.h, with the configured internal domains)
 * and which address may act on a hold. A leaf of the hold workflow: it
 * calls nothing above it.
 */
#ifndef SG_HOLDFLOW_ACCESS_H
#define SG_HOLDFLOW_ACCESS_H

#include "holdflow.h"

int holdflow_is_internal(const holdflow *hf, const char *address);
/* The address allowed to act on h (the approver of an approver hold, else
 * the sender; "" when there is none). */
const char *holdflow_allowed(const sg_hold *h);

#endif
