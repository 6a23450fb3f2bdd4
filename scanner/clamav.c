/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clamav - libclamav engine built once, scanned from many threads; see
 * clamav.h. cl_init() runs once per process (pthread_once); libclamav's
 * own messages are silenced (they would go to stderr of the milter).
 */
#include "clamav.h"
#include "sg_alloc.h"

#include <clamav_lib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sg_clamav {
    struct cl_engine *engine;
    unsigned sigs;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static cl_error_t init_status = CL_EARG;

static void clamav_quiet(enum cl_msg severity, const char *fullmsg, const char *msg,
                         void *context)
{
    (void)severity; (void)fullmsg; (void)msg; (void)context;
}

static void clamav_init_once(void)
{
    cl_set_clcb_msg(clamav_quiet);
    init_status = cl_init(CL_INIT_DEFAULT);
}

struct sg_clamav *clamav_new(const char *db, char *err, size_t errlen)
{
    struct sg_clamav *cv;
    cl_error_t r;

    pthread_once(&init_once, clamav_init_once);
    if (init_status != CL_SUCCESS) {
        snprintf(err, errlen, "clamav: cl_init: %s", cl_strerror(init_status));
        return NULL;
    }
    if (!db || !*db) {
        snprintf(err, errlen, "clamav: no database path");
        return NULL;
    }
    if (!(cv = sg_calloc(1, sizeof(*cv))) || !(cv->engine = cl_engine_new())) {
        free(cv);
        snprintf(err, errlen, "clamav: out of memory");
        return NULL;
    }
    r = cl_load(db, cv->engine, &cv->sigs, CL_DB_STDOPT);
    if (r == CL_SUCCESS && cv->sigs == 0)
        r = CL_EMALFDB;
    if (r == CL_SUCCESS)
        r = cl_engine_compile(cv->engine);
    if (r != CL_SUCCESS) {
        snprintf(err, errlen, "clamav: %s: %s", db, cv->sigs == 0 && r == CL_EMALFDB ?
                 "no signatures loaded" : cl_strerror(r));
        clamav_free(cv);
        return NULL;
    }
    return cv;
}

void clamav_free(struct sg_clamav *cv)
{
    if (!cv)
        return;
    if (cv->engine)
        cl_engine_free(cv->engine);
    free(cv);
}

unsigned clamav_signatures(const struct sg_clamav *cv)
{
    return cv ? cv->sigs : 0;
}

int clamav_scan(const struct sg_clamav *cv, const unsigned char *data, size_t len,
                const char **virname)
{
    struct cl_scan_options opt;
    cl_fmap_t *map;
    unsigned long scanned = 0;
    cl_error_t r;

    *virname = NULL;
    if (!cv || !cv->engine)
        return -1;
    if (len == 0)
        return 0;
    if (!(map = cl_fmap_open_memory(data, len)))
        return -1;
    memset(&opt, 0, sizeof(opt));
    opt.parse = ~0u;
    r = cl_scanmap_callback(map, NULL, virname, &scanned, cv->engine, &opt, NULL);
    cl_fmap_close(map);
    if (r == CL_VIRUS)
        return 1;
    *virname = NULL;
    return r == CL_CLEAN ? 0 : -1;
}
