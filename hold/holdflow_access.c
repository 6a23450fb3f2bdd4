/*
 * holdflow_access - internal addresses and who may act on a hold; see
 * holdflow_access.h. Pure: reads the holdflow's normalised domain list.
 */
#include "build-config.h"
#include "holdflow_access.h"

#include "holdflow_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

const char *holdflow_reply_proof(const holdflow *hf, const sg_envelope *env, const sg_hold *h)
{
    int authed = env->auth_user && *env->auth_user;
    int net = policy_client_in_networks(hf->networks, env->client_addr);

    /* the original was authenticated: the reply must be, as the same user */
    if (h && h->auth_user && *h->auth_user &&
        (!authed || strcasecmp(env->auth_user, h->auth_user) != 0))
        return "wrong-auth";
    switch (hf->proof) {
    case HOLD_PROOF_AUTH:
        return authed ? NULL : "not-proven";
    case HOLD_PROOF_AUTH_AND_NETWORK:
        return authed && net ? NULL : "not-proven";
    default:
        return authed || net ? NULL : "not-proven";
    }
}

/* Counts one more for key; 1 when within max. Caller holds hf->mu. */
static int explain_count(holdflow *hf, const char *key, unsigned max, time_t now)
{
    explain_slot *free_slot = NULL, *oldest = NULL, *e;
    size_t i;

    for (i = 0; i < HOLD_EXPLAIN_SLOTS; i++) {
        e = &hf->explained[i];
        if (e->key[0] && now - e->window >= HOLD_EXPLAIN_WINDOW_S)
            e->key[0] = '\0';                      /* window over */
        if (!e->key[0]) {
            if (!free_slot)
                free_slot = e;
            continue;
        }
        if (strcmp(e->key, key) == 0)
            return ++e->count <= max;
        if (!oldest || e->window < oldest->window)
            oldest = e;
    }
    /* a full table forgets the oldest window: an attacker filling it with
     * addresses only gets the first few explanations of each */
    e = free_slot ? free_slot : oldest;
    snprintf(e->key, sizeof(e->key), "%s", key);
    e->window = now;
    e->count = 1;
    return 1 <= max;
}

int holdflow_explain_allowed(holdflow *hf, const char *address, const char *hold_id)
{
    char key[sizeof(((explain_slot *)0)->key)];
    time_t now = time(NULL);
    int ok;

    pthread_mutex_lock(&hf->mu);
    snprintf(key, sizeof(key), "a:%s", address);
    ok = explain_count(hf, key, HOLD_EXPLAIN_PER_ADDR, now);
    if (ok && hold_id && *hold_id) {
        snprintf(key, sizeof(key), "h:%s", hold_id);
        ok = explain_count(hf, key, HOLD_EXPLAIN_PER_HOLD, now);
    }
    pthread_mutex_unlock(&hf->mu);
    return ok;
}
