/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * snapshot - one refcounted, immutable set of {config, scanner, policy,
 * holdflow}. Every connection pins the current snapshot in connect and
 * unpins it in close, so a reload (SIGHUP) never changes the rules halfway
 * through a message: the new snapshot is built beside the old one, installed,
 * and the last connection on the old one frees it.
 *
 * Owns: everything inside a snapshot. The holdflow background thread belongs
 * to the installed snapshot: snapshot_install() stops the old one's thread
 * and starts the new one's. Errors: snapshot_load() returns NULL with
 * "FILE:LINE: reason" (from the failing loader) in err.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "milter.h"
#include "sg_log.h"

static pthread_mutex_t snapshot_lock = PTHREAD_MUTEX_INITIALIZER;
static snapshot *snapshot_current;

static snapshot *snapshot_destroy(snapshot *s)
{
    if (!s)
        return NULL;
    s->hf = holdflow_free(s->hf);
    s->policy = policy_free(s->policy);
    s->scanner = scanner_free(s->scanner);
    s->cfg = config_free(s->cfg);
    free(s);
    return NULL;
}

snapshot *snapshot_load(const char *path, char *err, size_t errlen)
{
    snapshot *s = sg_calloc(1, sizeof(*s));

    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->refs = 1;
    if (!(s->cfg = config_load(path, err, errlen)) ||
        !(s->scanner = scanner_new(s->cfg, err, errlen)) ||
        !(s->policy = policy_new(s->cfg, err, errlen)) ||
        !(s->hf = holdflow_new(s->cfg, err, errlen)))
        return snapshot_destroy(s);
    return s;
}

snapshot *snapshot_discard(snapshot *s)
{
    return snapshot_destroy(s);
}

void snapshot_install(snapshot *s)
{
    snapshot *old;

    pthread_mutex_lock(&snapshot_lock);
    old = snapshot_current;
    snapshot_current = s;
    pthread_mutex_unlock(&snapshot_lock);
    if (old)
        holdflow_stop(old->hf);
    if (holdflow_start(s->hf, cfg_str(s->cfg, CFG_RECORD_DATABASE)) < 0)
        msg_error("cannot start the hold workflow thread (expiry and retries will wait)");
    snapshot_unpin(old);
}

snapshot *snapshot_pin(void)
{
    snapshot *s;

    pthread_mutex_lock(&snapshot_lock);
    s = snapshot_current;
    if (s)
        s->refs++;
    pthread_mutex_unlock(&snapshot_lock);
    return s;
}

snapshot *snapshot_unpin(snapshot *s)
{
    int last;

    if (!s)
        return NULL;
    pthread_mutex_lock(&snapshot_lock);
    last = --s->refs == 0;
    pthread_mutex_unlock(&snapshot_lock);
    if (last)
        snapshot_destroy(s);
    return NULL;
}
