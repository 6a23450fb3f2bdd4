/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kwset - one-pass multi-keyword search for the detectors' keyword lists
 * (see detect_int.h). A list (NULL-terminated array of UTF-8 keywords,
 * always a static table) is compiled once per process into a filter of
 * the keywords' first two bytes (ASCII letters folded) and buckets of
 * keyword indices by a hash of their first three bytes (keywords of one
 * or two bytes are kept apart); a window is then walked once, and only
 * the bucket of a position that passes the filter is compared.
 *
 * Semantics are those of the memmem-per-keyword loops they replace: ASCII
 * keywords match case-insensitively, others byte for byte; the keyword
 * reported is the first in list order that qualifies, at its first
 * qualifying position.
 *
 * Owns: the compiled sets, kept for the life of the process in a fixed
 * table keyed by the list's address (lists are static, never freed).
 * Lookup is lock-free (acquire loads); a miss compiles under a mutex.
 * Out of memory or a full table: kwset_get() returns NULL and callers fall
 * back to the plain search (kwset_in/kwset_near return NULL for NULL).
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KWSET_MAX_LISTS    256   /* distinct keyword lists compiled */
#define KWSET_MAX_KEYWORDS 255   /* keywords per list (more: plain search) */

#define KWSET_BUCKETS      1024  /* buckets of keywords by their first 3 bytes */

struct kwset {
    size_t n, maxlen;
    const char *const *kws;
    size_t len[KWSET_MAX_KEYWORDS];
    unsigned char ascii[KWSET_MAX_KEYWORDS];
    unsigned short tstart[KWSET_BUCKETS + 1]; /* keywords of 3+ bytes, bucket h: */
    unsigned char tidx[KWSET_MAX_KEYWORDS];   /*   tidx[tstart[h] .. tstart[h+1]) */
    unsigned char sidx[KWSET_MAX_KEYWORDS];   /* keywords of 1-2 bytes (rare) */
    size_t nshort;
    unsigned char sfirst[256];                /* a 1-2 byte keyword starts with b */
    unsigned char first[256];                 /* any keyword may start with byte b
                                               * (raw byte: ASCII letters in both cases) */
    uint64_t pair[65536 / 64];                /* folded (b0, b1) starts a 3+ byte one */
};

static struct {
    const char *const *key;
    kwset *set;
} kw_table[KWSET_MAX_LISTS];
static pthread_mutex_t kw_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int is_ascii(const char *k)
{
    for (; *k; k++)
        if ((unsigned char)*k >= 0x80)
            return 0;
    return 1;
}

static unsigned h3(unsigned char a, unsigned char b, unsigned char c)
{
    return (((unsigned)a * 31u + b) * 31u + c) % KWSET_BUCKETS;
}

static unsigned h3_of(const unsigned char *k)
{
    return h3(fold(k[0]), fold(k[1]), fold(k[2]));
}

static kwset *compile(const char *const *kws)
{
    kwset *ks = sg_calloc(1, sizeof(*ks));
    unsigned cnt[KWSET_BUCKETS] = { 0 };
    size_t i;
    unsigned b, o = 0;

    if (!ks)
        return NULL;
    for (i = 0; kws[i]; i++)
        ;
    if (i > KWSET_MAX_KEYWORDS) {
        free(ks);
        return NULL;
    }
    ks->n = i;
    ks->kws = kws;
    for (i = 0; i < ks->n; i++) {
        const unsigned char *k = (const unsigned char *)kws[i];
        ks->len[i] = strlen(kws[i]);
        if (ks->len[i] > ks->maxlen)
            ks->maxlen = ks->len[i];
        ks->ascii[i] = (unsigned char)is_ascii(kws[i]);
        if (!ks->len[i])
            continue;
        ks->first[k[0]] = 1;
        ks->first[fold(k[0])] = 1;
        if (fold(k[0]) >= 'a' && fold(k[0]) <= 'z')
            ks->first[fold(k[0]) - 32] = 1;
        if (ks->len[i] < 3) {
            ks->sfirst[fold(k[0])] = 1;
            ks->sidx[ks->nshort++] = (unsigned char)i;
        } else {
            unsigned v = ((unsigned)fold(k[0]) << 8) | fold(k[1]);
            ks->pair[v / 64] |= UINT64_C(1) << (v % 64);
            cnt[h3_of(k)]++;
        }
    }
    for (b = 0; b < KWSET_BUCKETS; b++) {
        ks->tstart[b] = (unsigned short)o;
        o += cnt[b];
        cnt[b] = ks->tstart[b];
    }
    ks->tstart[KWSET_BUCKETS] = (unsigned short)o;
    for (i = 0; i < ks->n; i++)       /* ascending index within each bucket */
        if (ks->len[i] >= 3)
            ks->tidx[cnt[h3_of((const unsigned char *)kws[i])]++] = (unsigned char)i;
    return ks;
}

static size_t slot_of(const char *const *kws)
{
    uintptr_t h = (uintptr_t)kws;

    h ^= h >> 17;
    h *= UINT64_C(0x9E3779B97F4A7C15) & UINTPTR_MAX;
    return (size_t)(h >> 7) % KWSET_MAX_LISTS;
}

const kwset *kwset_get(const char *const *kws)
{
    size_t s = slot_of(kws), i;
    kwset *ks = NULL;

    for (i = 0; i < KWSET_MAX_LISTS; i++) {
        size_t k = (s + i) % KWSET_MAX_LISTS;
        const char *const *key = __atomic_load_n(&kw_table[k].key, __ATOMIC_ACQUIRE);
        if (key == kws)
            return kw_table[k].set;
        if (!key)
            break;
    }
    pthread_mutex_lock(&kw_lock);
    for (i = 0; i < KWSET_MAX_LISTS; i++) {
        size_t k = (s + i) % KWSET_MAX_LISTS;
        if (kw_table[k].key == kws) {
            ks = kw_table[k].set;
            break;
        }
        if (!kw_table[k].key) {
            if ((ks = compile(kws))) {
                kw_table[k].set = ks;
                __atomic_store_n(&kw_table[k].key, kws, __ATOMIC_RELEASE);
            }
            break;
        }
    }
    pthread_mutex_unlock(&kw_lock);
    return ks;
}

static int match_at(const kwset *ks, size_t k, const unsigned char *p)
{
    const unsigned char *w = (const unsigned char *)ks->kws[k];
    size_t i, l = ks->len[k];

    if (!ks->ascii[k])
        return memcmp(p, w, l) == 0;
    for (i = 0; i < l; i++)
        if (fold(p[i]) != fold(w[i]))
            return 0;
    return 1;
}

/* Walks start positions [from, last] of s: a keyword k at p counts when
 * it ends at or before to and at or after min_end, and k < *best. The
 * first such position of the smallest k goes to *best / *pos. */
static void scan(const kwset *ks, const char *s, size_t from, size_t to, size_t last,
                 size_t min_end, size_t *best, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t p;

    if (last >= to)
        last = to - 1;
    for (p = from; p <= last && *best > 0; p++) {
        unsigned b0, v, j, h;
        if (!ks->first[u[p]])
            continue;            /* most bytes: one table look-up */
        b0 = fold(u[p]);
        if (ks->sfirst[b0])
            for (j = 0; j < ks->nshort; j++) {
                size_t k = ks->sidx[j], l = ks->len[k];
                if (k < *best && p + l <= to && p + l >= min_end && match_at(ks, k, u + p)) {
                    *best = k;
                    *pos = p;
                    break;
                }
            }
        if (p + 3 > to)
            continue;
        v = (b0 << 8) | fold(u[p + 1]);
        if (!(ks->pair[v / 64] & (UINT64_C(1) << (v % 64))))
            continue;
        h = h3((unsigned char)b0, fold(u[p + 1]), fold(u[p + 2]));
        for (j = ks->tstart[h]; j < ks->tstart[h + 1]; j++) {
            size_t k = ks->tidx[j], l = ks->len[k];
            if (k >= *best)
                break;
            if (p + l <= to && p + l >= min_end && match_at(ks, k, u + p)) {
                *best = k;
                *pos = p;
                break;
            }
        }
    }
}

const char *kwset_in(const kwset *ks, const char *s, size_t from, size_t to, size_t *at)
{
    size_t best, pos = 0;

    if (to <= from || !ks)
        return NULL;
    best = ks->n;
    scan(ks, s, from, to, to, 0, &best, &pos);
    if (best >= ks->n)
        return NULL;
    if (at)
        *at = pos;
    return ks->kws[best];
}

const char *kwset_near(const kwset *ks, const char *s, size_t bs, size_t ws, size_t start,
                       size_t end, size_t we, size_t lim, int before, int after, size_t *at)
{
    size_t bb, ba, pb = 0, pa = 0;

    if (!ks)
        return NULL;
    bb = ba = ks->n;
    if (before && start > bs)
        scan(ks, s, bs, start, start, ws, &bb, &pb);
    if (after && lim > end)
        scan(ks, s, end, lim, we, 0, &ba, &pa);
    if (bb >= ks->n && ba >= ks->n)
        return NULL;
    if (at)
        *at = bb <= ba ? pb : pa;
    return ks->kws[bb <= ba ? bb : ba];
}

size_t kwset_maxlen(const kwset *ks)
{
    return ks ? ks->maxlen : 0;
}
