/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clamav - the virus check through libclamav. The engine is built ONCE
 * (cl_init once per process, cl_engine_new, cl_load, cl_engine_compile) and
 * is then read-only: clamav_scan() may be called from any thread at once.
 *
 * Owns: the cl_engine, freed by clamav_free(). clamav_scan() scans a
 * memory buffer through an fmap (no copy, no temp file of ours).
 * Errors: clamav_new() returns NULL with a reason in err (bad path, no
 * signatures, compile failure); clamav_scan() returns -1 on a scan error.
 */
#ifndef SG_CLAMAV_H
#define SG_CLAMAV_H

#include <stddef.h>

struct sg_clamav;

struct sg_clamav *clamav_new(const char *db, char *err, size_t errlen);
void clamav_free(struct sg_clamav *cv);
/* 1 infected (*virname static in the engine, valid while it lives),
 * 0 clean, -1 error. */
int clamav_scan(const struct sg_clamav *cv, const unsigned char *data, size_t len,
                const char **virname);
/* Number of signatures loaded. */
unsigned clamav_signatures(const struct sg_clamav *cv);

#endif
