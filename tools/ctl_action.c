/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ctl_action - the admin actions of sendguardctl that go through the hold
 * workflow (hold/holdflow.h): release, discard and expire. Each action is
 * recorded by holdflow with the admin's login name as actor.
 * Exit: 0 done, 1 no such hold or not held any more, 2 error.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "holdflow.h"

static holdflow *action_flow(ctl *c)
{
    char err[1024];
    holdflow *hf = holdflow_new(c->cfg, err, sizeof(err));

    if (!hf)
        fprintf(stderr, "sendguardctl: %s\n", err);
    return hf;
}

/* 0 when the hold exists and is held; else prints why and returns the exit code. */
static int action_check(ctl *c, const char *id)
{
    sg_hold *h = NULL;
    int rc = CTL_OK;

    if (store_hold_get(c->st, id, &h) < 0) {
        fprintf(stderr, "sendguardctl: %s\n", store_error(c->st));
        return store_not_found(c->st) ? CTL_NOTFOUND : CTL_ERROR;
    }
    if (h->state != SG_HOLD_HELD) {
        fprintf(stderr, "sendguardctl: hold %s is %s, not held\n", id, sg_hold_state_name(h->state));
        rc = CTL_NOTFOUND;
    }
    sg_hold_free(h);
    return rc;
}

typedef int (*action_fn)(holdflow *hf, sg_store *st, const char *hold_id, const char *actor);

static int action_one(ctl *c, int argc, char **argv, action_fn fn, const char *done)
{
    holdflow *hf;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "sendguardctl: usage: %s ID\n", argv[0]);
        return CTL_ERROR;
    }
    if ((rc = action_check(c, argv[1])) != CTL_OK)
        return rc;
    if (!(hf = action_flow(c)))
        return CTL_ERROR;
    rc = fn(hf, c->st, argv[1], ctl_admin_name());
    holdflow_free(hf);
    if (rc < 0) {
        fprintf(stderr, "sendguardctl: %s %s failed: %s\n", argv[0], argv[1], store_error(c->st));
        return CTL_ERROR;
    }
    if (rc == 1) {
        fprintf(stderr, "sendguardctl: hold %s is no longer held\n", argv[1]);
        return CTL_NOTFOUND;
    }
    printf("%s %s\n", done, argv[1]);
    return CTL_OK;
}

int ctl_cmd_release(ctl *c, int argc, char **argv)
{
    return action_one(c, argc, argv, holdflow_release, "released");
}

int ctl_cmd_discard(ctl *c, int argc, char **argv)
{
    return action_one(c, argc, argv, holdflow_discard, "discarded");
}

int ctl_cmd_expire(ctl *c, int argc, char **argv)
{
    holdflow *hf;
    int n;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "sendguardctl: usage: expire\n");
        return CTL_ERROR;
    }
    if (!(hf = action_flow(c)))
        return CTL_ERROR;
    n = holdflow_run_due(hf, c->st);
    holdflow_free(hf);
    if (n < 0) {
        fprintf(stderr, "sendguardctl: expire failed: %s\n", store_error(c->st));
        return CTL_ERROR;
    }
    printf("%d hold%s handled\n", n, n == 1 ? "" : "s");
    return CTL_OK;
}
