/*
 * holdflow_thread - the hold workflow's background thread: every
 * HOLD_RUN_INTERVAL_S it opens its own store connection (once) and runs
 * holdflow_run_due() (expiry, delay holds, re-injection retries, queued
 * notices). It only calls down into holdflow_release.c; nothing calls back
 * into it but holdflow_start/stop (holdflow.h).
 *
 * Owns: the thread and its sg_store (closed when the thread ends).
 * Errors: holdflow_start -1 when the thread cannot start (logged); a store
 * that cannot be opened is logged and tried again next round.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "holdflow_int.h"
#include "holdflow_release.h"
#include "sg_log.h"

static void *holdflow_thread(void *arg)
{
    holdflow *hf = arg;
    sg_store *st = NULL;
    char err[512];
    struct timespec ts;

    pthread_mutex_lock(&hf->mu);
    while (!hf->stop) {
        pthread_mutex_unlock(&hf->mu);
        if (!st && !(st = store_open(hf->db_uri, err, sizeof(err))))
            msg_error("holdflow: %s", err);
        else if (st && hf->hostname)
            store_set_node(st, hf->hostname);
        if (st)
            holdflow_run_due(hf, st);
        pthread_mutex_lock(&hf->mu);
        if (hf->stop)
            break;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += HOLD_RUN_INTERVAL_S;
        pthread_cond_timedwait(&hf->cv, &hf->mu, &ts);
    }
    pthread_mutex_unlock(&hf->mu);
    store_close(st);
    return NULL;
}

int holdflow_start(holdflow *hf, const char *db_uri)
{
    int rc;

    if (!hf || hf->running)
        return hf ? 0 : -1;
    free(hf->db_uri);
    if (!(hf->db_uri = sg_strdup(db_uri)))
        return -1;
    hf->stop = 0;
    rc = pthread_create(&hf->thread, NULL, holdflow_thread, hf);
    if (rc != 0) {
        msg_error("holdflow: pthread_create: %s", strerror(rc));
        return -1;
    }
    hf->running = 1;
    return 0;
}

void holdflow_stop(holdflow *hf)
{
    if (!hf || !hf->running)
        return;
    pthread_mutex_lock(&hf->mu);
    hf->stop = 1;
    pthread_cond_signal(&hf->cv);
    pthread_mutex_unlock(&hf->mu);
    pthread_join(hf->thread, NULL);
    hf->running = 0;
}
