/*
 * holdflow_access - internal addresses and who may act on a hold; see
 * holdflow_access.h. Pure: reads the holdflow's normalised domain list.
 */
#include "build-config.h"
#include "holdflow_access.h"

#include "holdflow_int.h"

int holdflow_is_internal(const holdflow *hf, const char *address)
{
    return mailaddr_is_internal(&hf->internal, address);
}

const char *holdflow_allowed(const sg_hold *h)
{
    if (h->kind == 1 && h->approver && *h->approver)
        return h->approver;
    return h->sender ? h->sender : "";
}
