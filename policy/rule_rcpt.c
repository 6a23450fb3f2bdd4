/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rule_rcpt - the rules about recipients:
 *   bulk-external      distinct external addresses visible in To + Cc >=
 *                      bulk_external_threshold; action = bulk_action; with
 *                      bcc, d->bcc_to = the From address (or
 *                      "undisclosed-recipients:;") and d->bcc_remove_cc = 1.
 *                      Recipients only in the envelope (Bcc) are not seen.
 *   private-address    an external envelope recipient in the private
 *                      (free-mail / carrier) domain list or a subdomain.
 *   private-forward    the message was forwarded automatically (Resent-*,
 *                      X-Forwarded-To/-For, Auto-Submitted: auto-forwarded,
 *                      or an internal envelope sender with an external
 *                      header From) and goes to a private address.
 *   first-time-domain  an external domain not in hist->known_domains
 *                      (first_time_domain = hold, not while learning).
 *   lookalike-domain   an external domain that resembles an internal or a
 *                      frequent domain (lookalike.c).
 * They all concern external recipients only (external_only = 1) and mark
 * the sg_rcpt entries of d. Errors: -1 out of memory.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "policy_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addresses.h"
#include "sg_buf.h"

#define RCPT_DETAIL_CAP 2048

/* the two detail sentences of a hit */
typedef struct words {
    sg_buf en, ja;
} words;

static void words_init(words *w)
{
    sg_buf_init(&w->en, RCPT_DETAIL_CAP);
    sg_buf_init(&w->ja, RCPT_DETAIL_CAP);
}

/* Adds the hit and frees the sentences. */
static int words_hit(words *w, sg_decision *d, const char *rule, sg_action a)
{
    int rc = hits_add(d, rule, a, 1, sg_buf_str(&w->en), sg_buf_str(&w->ja));

    sg_buf_free(&w->en);
    sg_buf_free(&w->ja);
    return rc;
}

static int set_bcc(const sg_policy *p, const sg_envelope *env, sg_decision *d)
{
    addr_set from = {0};
    int rc = addresses_from_headers(&from, env, "From", p->gmime_opts);

    if (rc == 0)
        d->bcc_to = sg_strdup(from.n ? from.v[0] : "undisclosed-recipients:;");
    addresses_free(&from);
    d->bcc_remove_cc = 1;
    return rc < 0 || !d->bcc_to ? -1 : 0;
}

int rule_bulk(const sg_policy *p, const sg_envelope *env, sg_decision *d)
{
    addr_set vis = {0};
    size_t i, n = 0;
    words w;
    int rc;

    if (addresses_from_headers(&vis, env, "To", p->gmime_opts) < 0 ||
        addresses_from_headers(&vis, env, "Cc", p->gmime_opts) < 0) {
        addresses_free(&vis);
        return -1;
    }
    for (i = 0; i < vis.n; i++)
        n += !policy_is_internal(p, vis.v[i]);
    n += vis.dropped;   /* beyond the cap: count them as external */
    addresses_free(&vis);
    if (n < p->bulk_threshold)
        return 0;
    words_init(&w);
    sg_buf_printf(&w.en, "%zu external addresses are visible in To/Cc (limit %llu). "
                  "Put them in Bcc.", n, p->bulk_threshold);
    sg_buf_printf(&w.ja, "宛先(To/Cc)に社外のアドレスが%zu件見えています(上限 %llu件)。"
                  "Bccを使ってください", n, p->bulk_threshold);
    rc = words_hit(&w, d, "bulk-external", p->bulk_action);
    if (rc == 0 && p->bulk_action == SG_ACT_BCC)
        rc = set_bcc(p, env, d);
    return rc;
}

/* Auto-forwarded? */
static int is_forwarded(const sg_policy *p, const sg_envelope *env)
{
    static const char *const marks[] = {
        "Resent-From", "Resent-To", "Resent-Sender", "X-Forwarded-To", "X-Forwarded-For",
    };
    const char *as = headers_get(env, "Auto-Submitted");
    addr_set from = {0};
    size_t i;
    int fwd = 0;

    for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        if (headers_has(env, marks[i]))
            return 1;
    if (as && strstr(as, "auto-forwarded"))
        return 1;
    if (env->mail_from && strchr(env->mail_from, '@') && policy_is_internal(p, env->mail_from) &&
        addresses_from_headers(&from, env, "From", p->gmime_opts) == 0 && from.n > 0)
        fwd = strcasecmp(from.v[0], env->mail_from) != 0 && !policy_is_internal(p, from.v[0]);
    addresses_free(&from);
    return fwd;
}

int rule_private(const sg_policy *p, const sg_envelope *env, sg_decision *d)
{
    const char **names = sg_calloc(d->nrcpts + 1, sizeof(*names));
    size_t i, n = 0;
    char *list;
    words w;
    int rc = 0;

    if (!names)
        return -1;
    for (i = 0; i < d->nrcpts; i++) {
        char *dom;
        if (!d->rcpts[i].external || !(dom = domain_normalize(domain_of(d->rcpts[i].address))))
            continue;
        if (domain_list_covers(&p->priv, dom)) {
            d->rcpts[i].private_address = 1;
            names[n++] = d->rcpts[i].address;
        }
        free(dom);
    }
    if (n == 0) {
        free(names);
        return 0;
    }
    if (!(list = hits_names(names, n)))
        rc = -1;
    if (rc == 0 && is_forwarded(p, env)) {
        words_init(&w);
        sg_buf_printf(&w.en, "Forwarded mail to %zu private address(es): %s. Forwarding "
                      "company mail to private mailboxes is not allowed.", n, list);
        sg_buf_printf(&w.ja, "私用アドレス%zu件への転送です: %s。会社のメールを私用アドレスに"
                      "転送することは禁止されています", n, list);
        rc = words_hit(&w, d, "private-forward",
                       policy_rule_action(p, "private-forward", SG_ACT_REJECT));
    }
    if (rc == 0) {
        words_init(&w);
        sg_buf_printf(&w.en, "%zu recipient(s) use a free-mail or mobile carrier address: %s.",
                      n, list);
        sg_buf_printf(&w.ja, "フリーメール・携帯キャリアのアドレスが%zu件含まれています: %s",
                      n, list);
        rc = words_hit(&w, d, "private-address",
                       policy_rule_action(p, "private-address", SG_ACT_HOLD));
    }
    free(list);
    free(names);
    return rc;
}

/* The distinct normalised domains of the external recipients; rcpt i has
 * domain index idx[i] (or -1). */
static char **ext_domains(const sg_decision *d, int *idx, size_t *n)
{
    char **v = sg_calloc(d->nrcpts + 1, sizeof(*v));
    size_t i, j;

    *n = 0;
    for (i = 0; v && i < d->nrcpts; i++) {
        char *dom;
        idx[i] = -1;
        if (!d->rcpts[i].external || !(dom = domain_normalize(domain_of(d->rcpts[i].address))))
            continue;
        for (j = 0; j < *n && strcmp(v[j], dom) != 0; j++)
            ;
        if (j == *n)
            v[(*n)++] = dom;
        else
            free(dom);
        idx[i] = (int)j;
    }
    return v;
}

static void strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static int first_time_hit(const sg_policy *p, const sg_history *hist, sg_decision *d,
                          char **doms, size_t ndoms, const int *idx)
{
    const char **names = sg_calloc(ndoms + 1, sizeof(*names));
    size_t i, n = 0;
    char *list;
    words w;
    int rc;

    if (!names)
        return -1;
    for (i = 0; i < ndoms; i++)
        if (!domain_strv_has(hist->known_domains, doms[i]))
            names[n++] = doms[i];
    for (i = 0; i < d->nrcpts; i++)
        if (idx[i] >= 0 && !domain_strv_has(hist->known_domains, doms[idx[i]]))
            d->rcpts[i].first_time = 1;
    if (n == 0 || !(list = hits_names(names, n))) {
        free(names);
        return n == 0 ? 0 : -1;
    }
    words_init(&w);
    sg_buf_printf(&w.en, "First mail to %zu domain(s): %s. Check the address before it goes out.",
                  n, list);
    sg_buf_printf(&w.ja, "はじめて送信するドメインが%zu件あります: %s。宛先に誤りがないか確認してください",
                  n, list);
    rc = words_hit(&w, d, "first-time-domain",
                   policy_rule_action(p, "first-time-domain", SG_ACT_HOLD));
    free(list);
    free(names);
    return rc;
}

static int lookalike_hit(const sg_policy *p, const sg_history *hist, sg_decision *d,
                         char **doms, size_t ndoms, const int *idx)
{
    char **like = sg_calloc(ndoms + 1, sizeof(*like));
    size_t i, n = 0, first = 0;
    words w;
    int rc = 0;

    if (!like)
        return -1;
    for (i = 0; i < ndoms; i++)
        if ((like[i] = lookalike_of(p, doms[i], hist)) && n++ == 0)
            first = i;
    for (i = 0; i < d->nrcpts && n; i++)
        if (idx[i] >= 0 && like[idx[i]] && !(d->rcpts[i].lookalike_of = sg_strdup(like[idx[i]])))
            rc = -1;
    if (rc == 0 && n) {
        words_init(&w);
        sg_buf_printf(&w.en, "The recipient domain %s looks like %s but is a different domain"
                      "%s. Check the address.", doms[first], like[first],
                      n > 1 ? " (and others)" : "");
        sg_buf_printf(&w.ja, "宛先ドメイン %s は %s に似ていますが別のドメインです%s。"
                      "宛先に誤りがないか確認してください", doms[first], like[first],
                      n > 1 ? "(ほかにもあります)" : "");
        rc = words_hit(&w, d, "lookalike-domain",
                       policy_rule_action(p, "lookalike-domain", SG_ACT_HOLD));
    }
    strv_free(like, ndoms);
    return rc;
}

int rule_domains(const sg_policy *p, const sg_history *hist, sg_decision *d)
{
    int *idx = sg_calloc(d->nrcpts + 1, sizeof(*idx));
    size_t ndoms = 0;
    char **doms = idx ? ext_domains(d, idx, &ndoms) : NULL;
    int rc = doms ? 0 : -1;

    if (rc == 0 && ndoms)
        rc = lookalike_hit(p, hist, d, doms, ndoms, idx);
    if (rc == 0 && ndoms && p->first_time_hold && hist && !hist->learning)
        rc = first_time_hit(p, hist, d, doms, ndoms, idx);
    strv_free(doms, ndoms);
    free(idx);
    return rc;
}
