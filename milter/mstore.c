/*
 * mstore - one sg_store handle per libmilter worker thread (pthread key),
 * opened on first use and closed when the thread ends. A reload that names
 * another database makes the thread reopen on its next message.
 *
 * Owns: the per-thread handles. Errors: mstore_get() returns NULL with the
 * reason logged; the caller applies the on-error action.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "milter.h"
#include "sg_log.h"

typedef struct mstore {
    char *uri;
    sg_store *st;
} mstore;

static pthread_key_t mstore_key;
static pthread_once_t mstore_once = PTHREAD_ONCE_INIT;

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

sg_store *mstore_get(const char *uri)
{
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
        msg_error("store: cannot open %s", err);
        mstore_destroy(ms);
        return NULL;
    }
    pthread_setspecific(mstore_key, ms);
    return ms->st;
}
