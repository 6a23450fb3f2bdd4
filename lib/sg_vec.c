/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_vec - capped growable array; see sg_vec.h. The element pointer is read
 * and written through memcpy so one function serves every element type.
 */
#include "sg_vec.h"
#include "sg_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sg_vec_grow_(void *pv, size_t *alloc, size_t n, size_t k, size_t esize, size_t cap)
{
    size_t need = n + k, na;
    void *old, *nv;

    if (cap == 0)
        cap = SG_VEC_NOCAP;
    if (need < n || need > cap || need > SG_VEC_NOCAP / esize) {
        errno = E2BIG;
        return -1;
    }
    if (need <= *alloc)
        return 0;
    na = *alloc ? *alloc : 8;
    while (na < need)
        na = na > SG_VEC_NOCAP / 2 ? need : na * 2;
    if (na > cap)
        na = cap;
    if (na > SG_VEC_NOCAP / esize)
        na = need;
    memcpy(&old, pv, sizeof(old));
    if (!(nv = sg_realloc(old, na * esize))) {
        errno = ENOMEM;
        return -1;
    }
    memset((char *)nv + *alloc * esize, 0, (na - *alloc) * esize);
    memcpy(pv, &nv, sizeof(nv));
    *alloc = na;
    return 0;
}

void sg_vec_free_(void *pv, size_t *n, size_t *alloc)
{
    void *old;

    memcpy(&old, pv, sizeof(old));
    free(old);
    old = NULL;
    memcpy(pv, &old, sizeof(old));
    *n = *alloc = 0;
}
