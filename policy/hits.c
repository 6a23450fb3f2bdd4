/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hits - the list of rule hits in a decision: adding a hit (one per rule
 * id; a second add of the same rule keeps the more severe action), looking
 * one up, the configured action of a rule, and quoting a few names in a
 * detail text.
 *
 * Owns: the strings of each hit, freed by decision_free() (decide.c).
 * Errors: -1 when out of memory.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "policy_priv.h"

#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define HITS_NAMES_CAP 1024   /* bytes of a quoted name list */

int hits_has(const sg_decision *d, const char *rule)
{
    size_t i;

    for (i = 0; i < d->nhits; i++)
        if (strcmp(d->hits[i].rule, rule) == 0)
            return 1;
    return 0;
}

static sg_rule_hit *hits_find(sg_decision *d, const char *rule)
{
    size_t i;

    for (i = 0; i < d->nhits; i++)
        if (strcmp(d->hits[i].rule, rule) == 0)
            return &d->hits[i];
    return NULL;
}

int hits_add(sg_decision *d, const char *rule, sg_action action, int external_only,
             const char *detail, const char *detail_ja)
{
    sg_rule_hit *h = hits_find(d, rule), *nv;

    if (h) {
        if (action > h->action)
            h->action = action;
        h->external_only = h->external_only && external_only;
        return 0;
    }
    if (!(nv = sg_realloc(d->hits, (d->nhits + 1) * sizeof(*nv))))
        return -1;
    d->hits = nv;
    h = &d->hits[d->nhits];
    memset(h, 0, sizeof(*h));
    h->rule = sg_strdup(rule);
    h->detail = sg_strdup(detail ? detail : "");
    h->detail_ja = sg_strdup(detail_ja ? detail_ja : "");
    h->action = action;
    h->external_only = external_only;
    d->nhits++;
    if (!h->rule || !h->detail || !h->detail_ja)
        return -1;   /* decision_free() frees the partial hit */
    return 0;
}

char *hits_names(const char *const *names, size_t n)
{
    sg_buf b;
    size_t i;

    sg_buf_init(&b, HITS_NAMES_CAP);
    for (i = 0; i < n && i < SG_POLICY_DETAIL_NAMES; i++) {
        if (i)
            sg_buf_puts(&b, ", ");
        sg_buf_puts(&b, names[i] && *names[i] ? names[i] : "(no name)");
    }
    if (n > SG_POLICY_DETAIL_NAMES)
        sg_buf_printf(&b, " (+%zu)", n - SG_POLICY_DETAIL_NAMES);
    if (!b.data)
        return sg_strdup("");
    return sg_buf_steal(&b, NULL);
}
