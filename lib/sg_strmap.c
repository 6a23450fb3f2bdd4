/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_strmap - capped string -> int map; see sg_strmap.h. The table doubles
 * when it is half full, so probes stay short.
 */
#include "sg_strmap.h"
#include "sg_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot { char *key; int value; } slot;

struct sg_strmap {
    slot *s;
    size_t size;    /* slots, a power of two */
    size_t n;       /* keys */
    size_t cap;
};

static uint64_t hash(const char *k)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ULL;
    return h;
}

sg_strmap *sg_strmap_new(size_t cap)
{
    sg_strmap *m = sg_calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    m->size = 16;
    m->cap = cap;
    if (!(m->s = sg_calloc(m->size, sizeof(slot)))) {
        free(m);
        return NULL;
    }
    return m;
}

sg_strmap *sg_strmap_free(sg_strmap *m)
{
    if (m) {
        for (size_t i = 0; i < m->size; i++)
            free(m->s[i].key);
        free(m->s);
        free(m);
    }
    return NULL;
}

static slot *find(const slot *s, size_t size, const char *key)
{
    size_t i = (size_t)hash(key) & (size - 1);

    while (s[i].key && strcmp(s[i].key, key) != 0)
        i = (i + 1) & (size - 1);
    return (slot *)&s[i];
}

int *sg_strmap_get(const sg_strmap *m, const char *key)
{
    slot *x = find(m->s, m->size, key);

    return x->key ? &x->value : NULL;
}

static int grow(sg_strmap *m)
{
    size_t ns = m->size * 2, i;
    slot *t;

    if (ns < m->size || !(t = sg_calloc(ns, sizeof(slot))))
        return -1;
    for (i = 0; i < m->size; i++)
        if (m->s[i].key)
            *find(t, ns, m->s[i].key) = m->s[i];
    free(m->s);
    m->s = t;
    m->size = ns;
    return 0;
}

int sg_strmap_put(sg_strmap *m, const char *key, int value)
{
    slot *x = find(m->s, m->size, key);

    if (x->key) {
        x->value = value;
        return SG_STRMAP_OK;
    }
    if (m->n >= m->cap)
        return SG_STRMAP_FULL;
    if ((m->n + 1) * 2 > m->size) {
        if (grow(m) < 0)
            return SG_STRMAP_NOMEM;
        x = find(m->s, m->size, key);
    }
    if (!(x->key = sg_strdup(key)))
        return SG_STRMAP_NOMEM;
    x->value = value;
    m->n++;
    return SG_STRMAP_OK;
}

size_t sg_strmap_size(const sg_strmap *m) { return m->n; }

void sg_strmap_foreach(const sg_strmap *m, void (*cb)(const char *key, int value, void *arg),
                       void *arg)
{
    for (size_t i = 0; i < m->size; i++)
        if (m->s[i].key)
            cb(m->s[i].key, m->s[i].value, arg);
}
