/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * findings - aggregation of findings; see findings.h.
 *
 * Owns res->priv (a findings_priv with sg_strmap sets of seen values and
 * the per-finding counters), freed by scan_result_free() through
 * findings_priv_free(). Count and persons of a MEDIUM/HIGH finding are the
 * values / persons seen at MEDIUM or above there; of a LOW finding, all. Values are kept only
 * as SHA-256-free opaque keys in memory for the length of one scan; they
 * never leave the process (only masked evidence does).
 */
#include "findings.h"
#include "sg_alloc.h"
#include "sg_strmap.h"
#include "sg_vec.h"

#include <stdlib.h>
#include <string.h>

#include "sg_limits.h"

/* What a finding counted, per level: values (and persons) at any
 * confidence, and at MEDIUM or above. The finding reports the second set
 * once it is MEDIUM/HIGH, so a LOW value (a demoted near-miss beside a
 * real one) never inflates an acting finding. */
typedef struct fcount {
    unsigned count_all, count_med;
    unsigned persons_all, persons_med;
} fcount;

typedef struct findings_priv {
    sg_strmap *local;    /* "rule\x1flocation\x1fkey" -> max confidence + 1 */
    sg_strmap *global;   /* "rule\x1fkey" -> max confidence + 1 */
    fcount *fc;          /* parallel to res->findings */
    size_t afc;
} findings_priv;

void findings_priv_free(void *p);

void findings_priv_free(void *p)
{
    findings_priv *fp = p;

    if (!fp)
        return;
    sg_strmap_free(fp->local);
    sg_strmap_free(fp->global);
    free(fp->fc);
    free(fp);
}

static findings_priv *priv_get(sg_scan_result *res)
{
    findings_priv *fp = res->priv;

    if (fp)
        return fp;
    fp = sg_calloc(1, sizeof(*fp));
    if (!fp)
        return NULL;
    fp->local = sg_strmap_new(SG_MAX_FINDINGS_PER_RULE * 64);
    fp->global = sg_strmap_new(SG_VEC_NOCAP);   /* bounded by the local ones */
    if (!fp->local || !fp->global) {
        findings_priv_free(fp);
        return NULL;
    }
    res->priv = fp;
    return fp;
}

static char *xstrdup(const char *s)
{
    return s ? sg_strdup(s) : NULL;
}

static sg_finding *find_slot(sg_scan_result *res, const char *rule, const char *location)
{
    size_t i;

    for (i = 0; i < res->nfindings; i++)
        if (strcmp(res->findings[i].rule, rule) == 0 &&
            strcmp(res->findings[i].location, location) == 0)
            return &res->findings[i];
    return NULL;
}

static sg_finding *new_slot(sg_scan_result *res, const finding_in *in)
{
    sg_finding *f;

    /* one per rule and location: bounded by the rules and the part limits */
    if (SG_ARRAY_RESERVE(res->findings, res->nfindings, res->afindings, 1, SG_VEC_NOCAP) < 0)
        return NULL;
    f = &res->findings[res->nfindings];
    memset(f, 0, sizeof(*f));
    f->rule = xstrdup(in->rule);
    f->location = xstrdup(in->location ? in->location : "");
    f->part = xstrdup(in->part ? in->part : "");
    f->evidence = xstrdup(in->evidence ? in->evidence : "");
    f->detail = xstrdup(in->detail);
    f->message = xstrdup(in->message);
    f->action = xstrdup(in->action);
    f->offset = in->offset;
    f->confidence = in->confidence;
    f->flags = in->flags;
    if (!f->rule || !f->location || !f->part || !f->evidence) {
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
        return NULL;
    }
    res->nfindings++;
    if (in->att_index >= 0 && (size_t)in->att_index < res->natts)
        res->atts[in->att_index].nfindings++;
    return f;
}

/* The counters of finding i (grown with the findings); NULL: no memory. */
static fcount *fcount_of(findings_priv *fp, size_t i)
{
    if (i >= fp->afc && SG_ARRAY_RESERVE(fp->fc, i, fp->afc, 1, SG_VEC_NOCAP) < 0)
        return NULL;
    return &fp->fc[i];
}

/* Records the value key (NULL: a new value per call) at confidence conf
 * for finding f. *fresh_all / *fresh_med: the value is new at this
 * location at any level / at MEDIUM or above. -1: out of memory. */
static int note_value(findings_priv *fp, const finding_in *in, const sg_finding *f,
                      int *fresh_all, int *fresh_med)
{
    int med = in->confidence >= SG_CONF_MEDIUM, lvl = (int)in->confidence + 1, rc;
    char *lk, *gk;
    int *old;

    *fresh_all = 1;
    *fresh_med = med;
    if (!in->distinct_key)
        return 0;
    lk = sg_asprintf("%s\x1f%s\x1f%s", in->rule, f->location, in->distinct_key);
    gk = sg_asprintf("%s\x1f%s", in->rule, in->distinct_key);
    rc = lk && gk ? 0 : -1;
    if (rc == 0 && (old = sg_strmap_get(fp->local, lk)) != NULL) {
        *fresh_all = 0;
        *fresh_med = med && *old < (int)SG_CONF_MEDIUM + 1;
        if (*old < lvl)
            *old = lvl;
    } else if (rc == 0 && sg_strmap_put(fp->local, lk, lvl) == SG_STRMAP_NOMEM) {
        rc = -1;   /* SG_STRMAP_FULL: counted as fresh, as before the cap */
    }
    if (rc == 0) {
        old = sg_strmap_get(fp->global, gk);
        if (old && *old < lvl)
            *old = lvl;
        else if (!old && sg_strmap_put(fp->global, gk, lvl) == SG_STRMAP_NOMEM)
            rc = -1;
    }
    free(lk);
    free(gk);
    return rc;
}

int findings_add(sg_scan_result *res, const finding_in *in)
{
    findings_priv *fp = priv_get(res);
    sg_finding *f;
    fcount *c;
    int fresh_all, fresh_med;

    if (!fp)
        return -1;
    f = find_slot(res, in->rule, in->location ? in->location : "");
    if (!f) {
        if (!(f = new_slot(res, in)))
            return -1;
    } else {
        if (in->confidence > f->confidence) {
            /* the stronger match becomes the evidence shown */
            f->confidence = in->confidence;
            free(f->evidence);
            f->evidence = xstrdup(in->evidence ? in->evidence : "");
            free(f->detail);
            f->detail = xstrdup(in->detail);
            f->offset = in->offset;
        }
        f->flags |= in->flags;
    }
    if (!(c = fcount_of(fp, (size_t)(f - res->findings))))
        return -1;
    if (note_value(fp, in, f, &fresh_all, &fresh_med) < 0)
        return -1;
    c->count_all += (unsigned)fresh_all;
    c->count_med += (unsigned)fresh_med;
    if (in->persons) {
        if (in->persons > c->persons_all)
            c->persons_all = in->persons;
        if (in->confidence >= SG_CONF_MEDIUM && in->persons > c->persons_med)
            c->persons_med = in->persons;
    } else {
        c->persons_all += (unsigned)fresh_all;
        c->persons_med += (unsigned)fresh_med;
    }
    f->count = f->confidence >= SG_CONF_MEDIUM ? c->count_med : c->count_all;
    f->persons = f->confidence >= SG_CONF_MEDIUM ? c->persons_med : c->persons_all;
    return 0;
}

typedef struct { const char *prefix; size_t plen; int min; unsigned n; } count_arg;

static void count_cb(const char *key, int value, void *user)
{
    count_arg *a = user;

    if (strncmp(key, a->prefix, a->plen) == 0 && value >= a->min)
        a->n++;
}

unsigned findings_distinct(const sg_scan_result *res, const char *rule, sg_confidence min)
{
    findings_priv *fp = res->priv;
    char prefix[256];
    count_arg a;

    if (!fp)
        return 0;
    snprintf(prefix, sizeof(prefix), "%s\x1f", rule);
    a.prefix = prefix;
    a.plen = strlen(prefix);
    a.min = (int)min + 1;
    a.n = 0;
    sg_strmap_foreach(fp->global, count_cb, &a);
    return a.n;
}

/* Persons for a rule at confidence >= min: the larger of the distinct
 * values and the largest per-finding person count (tables). */
static unsigned persons_of(const sg_scan_result *res, const char *rule, sg_confidence min)
{
    unsigned n = findings_distinct(res, rule, min);
    size_t i;

    for (i = 0; i < res->nfindings; i++)
        if (strcmp(res->findings[i].rule, rule) == 0 && res->findings[i].confidence >= min &&
            res->findings[i].persons > n)
            n = res->findings[i].persons;
    return n;
}

void findings_conclude(sg_scan_result *res)
{
    const char *why = NULL;
    size_t i;
    unsigned n;

    free(res->reportable_reason);
    res->reportable_reason = NULL;
    res->reportable = 0;
    if ((n = persons_of(res, "mynumber", SG_CONF_MEDIUM)) > 100)
        why = "My Number (個人番号) of more than 100 persons";
    for (i = 0; !why && i < res->nfindings; i++) {
        const sg_finding *f = &res->findings[i];
        if (f->confidence < SG_CONF_MEDIUM)
            continue;
        if (f->flags & SG_FF_SENSITIVE)
            why = "special-care personal data (要配慮個人情報)";
        else if (f->flags & SG_FF_FINANCIAL)
            why = "card or bank data that could cause financial harm (財産的被害)";
    }
    if (!why && persons_of(res, "personal-data", SG_CONF_MEDIUM) > 1000)
        why = "personal data of more than 1000 persons";
    if (why) {
        res->reportable = 1;
        res->reportable_reason = sg_strdup(why);
    }
}

static int ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

char *findings_mask(const char *value, size_t len)
{
    /* Keep the first 4 and the last 2 ASCII alphanumerics, mask the other
     * alphanumerics, keep separators: "1234-5678-9012" -> "1234-****-**12". */
    size_t i, nalnum = 0, seen = 0;
    char *out = sg_malloc(len + 1);

    if (!out)
        return NULL;
    for (i = 0; i < len; i++)
        if (ascii_alnum(value[i]))
            nalnum++;
    for (i = 0; i < len; i++) {
        char c = value[i];
        if (ascii_alnum(c)) {
            seen++;
            out[i] = (nalnum >= 8 && (seen <= 4 || seen > nalnum - 2)) ? c : '*';
        } else {
            out[i] = c;
        }
    }
    out[len] = 0;
    if (len > SG_MAX_FINDING_EVIDENCE)
        out[SG_MAX_FINDING_EVIDENCE] = 0;
    return out;
}
