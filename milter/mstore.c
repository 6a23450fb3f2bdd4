/*
 * mstore - one sg_store handle per libmilter worker thread (pthread key),
 * opened on first use and closed when the thread ends. A reload that names
 * another database makes the thread reopen on its next message. Every
 * event the handle records names this node ([general] hostname).
 *
 * Outages (issue 12): while the database is unreachable (PostgreSQL down,
 * network gone) every message gets the on-error action; the first failure
 * is logged as an error, the following ones are only counted, and the
 * first message that reads the store again logs "database back" with the
 * length of the outage and how many messages were answered meanwhile. The
 * handle reconnects by itself (store_db.c); nothing is written halfway,
 * because each write is one transaction.
 *
 * Owns: the per-thread handles, the outage state. Errors: mstore_get()
 * returns NULL with the reason logged; the caller applies the on-error
 * action.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "milter.h"
#include "sg_log.h"

typedef struct mstore {
    char *uri;
    sg_store *st;
} mstore;

static pthread_key_t mstore_key;
static pthread_once_t mstore_once = PTHREAD_ONCE_INIT;

static struct {
    pthread_mutex_t mu;
    int down;
    time_t since;
    unsigned long failed;
} outage = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0 };

/* A failure that means "the database is not there": logged once. */
static void mstore_down(const char *qid, const char *why)
{
    int first;

    pthread_mutex_lock(&outage.mu);
    first = !outage.down;
    if (first) {
        outage.down = 1;
        outage.since = time(NULL);
        outage.failed = 0;
    }
    outage.failed++;
    pthread_mutex_unlock(&outage.mu);
    if (first)
        msg_error("%s: store: %s; database unavailable: every message gets the on_error action "
                  "until it is back (logged once per outage)", qid ? qid : "-", why);
}

void mstore_ok(void)
{
    unsigned long n;
    time_t since;

    pthread_mutex_lock(&outage.mu);
    if (!outage.down) {
        pthread_mutex_unlock(&outage.mu);
        return;
    }
    outage.down = 0;
    n = outage.failed;
    since = outage.since;
    pthread_mutex_unlock(&outage.mu);
    msg_info("store: database back after %lds; %lu message(s) got the on_error action meanwhile",
             (long)(time(NULL) - since), n);
}

void mstore_failed(const char *qid, sg_store *st)
{
    if (store_unavailable(st))
        mstore_down(qid, store_error(st));
    else
        msg_error("%s: store: %s", qid ? qid : "-", store_error(st));
}

static void mstore_destroy(void *p)
{
    mstore *ms = p;

    if (!ms)
        return;
    ms->st = store_close(ms->st);
    free(ms->uri);
    free(ms);
}

static void mstore_make_key(void)
{
    if (pthread_key_create(&mstore_key, mstore_destroy) != 0)
        msg_fatal("pthread_key_create failed");
}

void mstore_init(void)
{
    pthread_once(&mstore_once, mstore_make_key);
}

sg_store *mstore_get(const sg_config *cfg)
{
    const char *uri = cfg_str(cfg, CFG_RECORD_DATABASE);
    const char *node = cfg_str(cfg, CFG_GENERAL_HOSTNAME);
    mstore *ms;
    char err[512];

    mstore_init();
    ms = pthread_getspecific(mstore_key);
    if (ms && strcmp(ms->uri, uri) == 0 && ms->st)
        return ms->st;
    if (ms) {
        pthread_setspecific(mstore_key, NULL);
        mstore_destroy(ms);
    }
    if (!(ms = sg_calloc(1, sizeof(*ms))) || !(ms->uri = sg_strdup(uri))) {
        free(ms);
        msg_error("store: out of memory");
        return NULL;
    }
    if (!(ms->st = store_open(uri, err, sizeof(err)))) {
        mstore_down(NULL, err);
        mstore_destroy(ms);
        return NULL;
    }
    if (*node)
        store_set_node(ms->st, node);
    pthread_setspecific(mstore_key, ms);
    return ms->st;
}
