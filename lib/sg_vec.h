/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_vec - the one growable array: typed, capped at creation (after curl's
 * dynbuf caps), grown by doubling through sg_alloc (the torture hook
 * applies). A vector of T is declared with SG_VEC(T); its elements are
 * v.v[0 .. v.n-1].
 *
 *   SG_VEC(sg_finding) f = SG_VEC_INIT(SG_MAX_FINDINGS);
 *   sg_finding *x = SG_VEC_PUSH(&f);   // zeroed new slot, NULL past the cap
 *                                      // or out of memory (f unchanged)
 *   SG_VEC_FREE(&f);                   // frees the array, not what it points to
 *
 * Arrays whose fields are part of an older public struct grow with
 * SG_ARRAY_RESERVE (the same function); no other code doubles by hand.
 *
 * Errors: SG_VEC_PUSH / SG_VEC_RESERVE fail (NULL / -1) past the cap
 * (errno E2BIG) or out of memory (ENOMEM); the vector keeps its elements.
 * A cap of 0 means SG_VEC_NOCAP (only size_t overflow limits it): use it for
 * arrays bounded elsewhere, and say where.
 */
#ifndef SG_VEC_H
#define SG_VEC_H

#include <stddef.h>

#define SG_VEC_NOCAP ((size_t)-1)

#define SG_VEC(T) struct { T *v; size_t n; size_t alloc; size_t cap; }
#define SG_VEC_INIT(cap_) { NULL, 0, 0, (cap_) }

/* ensures room for k more elements: 0, or -1 (errno E2BIG / ENOMEM) */
#define SG_VEC_RESERVE(vec, k) \
    ((vec)->n + (k) <= (vec)->alloc && (vec)->n + (k) >= (vec)->n ? 0 \
     : sg_vec_grow_((void *)&(vec)->v, &(vec)->alloc, (vec)->n, (k), \
                    sizeof(*(vec)->v), (vec)->cap))
/* a zeroed new last element, or NULL */
#define SG_VEC_PUSH(vec) \
    (SG_VEC_RESERVE(vec, 1) == 0 ? (vec)->v + (vec)->n++ : NULL)
#define SG_VEC_FREE(vec) sg_vec_free_((void *)&(vec)->v, &(vec)->n, &(vec)->alloc)

/* The same growth for an array kept as separate fields (T *p; size_t n,
 * alloc;) where a struct's public layout predates SG_VEC: room for k more,
 * new slots zeroed. 0, or -1 (errno E2BIG / ENOMEM), array unchanged. */
#define SG_ARRAY_RESERVE(p, n, alloc, k, cap) \
    sg_vec_grow_((void *)&(p), &(alloc), (n), (k), sizeof(*(p)), (cap))

/* the functions behind the macros; pv points to the T * member */
int sg_vec_grow_(void *pv, size_t *alloc, size_t n, size_t k, size_t esize, size_t cap);
void sg_vec_free_(void *pv, size_t *n, size_t *alloc);

#endif
