/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_strmap - a capped map from strings to ints (open addressing, linear
 * probing, FNV-1a), for per-message sets such as the distinct values a
 * finding counted. It replaces GHashTable in per-message code because it
 * allocates through sg_alloc and reports out of memory instead of aborting.
 * Owns copies of its keys; sg_strmap_free frees them and returns NULL.
 * Limits: at most `cap` keys (sg_strmap_put answers SG_STRMAP_FULL past it).
 */
#ifndef SG_STRMAP_H
#define SG_STRMAP_H

#include <stddef.h>

enum { SG_STRMAP_OK = 0, SG_STRMAP_NOMEM = -1, SG_STRMAP_FULL = 1 };

typedef struct sg_strmap sg_strmap;

sg_strmap *sg_strmap_new(size_t cap);                 /* NULL: out of memory */
sg_strmap *sg_strmap_free(sg_strmap *m);
/* the value stored for key (writable), or NULL */
int *sg_strmap_get(const sg_strmap *m, const char *key);
/* sets key to value (inserting a copy of key): SG_STRMAP_OK, _NOMEM, _FULL */
int sg_strmap_put(sg_strmap *m, const char *key, int value);
size_t sg_strmap_size(const sg_strmap *m);
void sg_strmap_foreach(const sg_strmap *m, void (*cb)(const char *key, int value, void *arg),
                       void *arg);

#endif
