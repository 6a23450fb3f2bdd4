/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * password - the `password-in-body` detector: a body that announces a
 * password (パスワード, パス, 解凍キー, 暗号キー, 暗証番号, PW, pass,
 * password, PIN ... then ':', '=', 'は', '】' or a line break, then a token
 * of 4-64 printable ASCII characters) is remembered in the detect_state;
 * detect_finish() reports it only when an attachment of the same message is
 * encrypted (SG_ENC_YES or SG_ENC_PARTIAL): sending the password with the
 * file defeats the encryption. "パスワードは別途お送りします" has no token and
 * does not count.
 *
 * Owns: the candidates' strings (location, part, masked evidence, detail),
 * freed by password_free() (after detect_finish() or with the state).
 * Evidence: the first two characters and "****" (never the length).
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD_MIN_TOKEN 4
#define PASSWORD_MAX_TOKEN 64
#define PASSWORD_MAX_GAP   12     /* characters between keyword and token */

static const char *const jp_kw[] = {
    "パスワード", "パスコード", "パス", "解凍キー", "解凍用", "解凍コード", "暗号キー",
    "暗号化キー", "暗号化パスワード", "暗証番号", NULL
};
static const char *const en_kw[] = {
    "password", "passwd", "passcode", "pass", "pwd", "pw", "pin", NULL
};

static size_t match_at(const dunit *du, size_t pos, const char *const *kws, const char **which)
{
    size_t i;

    for (i = 0; kws[i]; i++) {
        size_t l = strlen(kws[i]);
        if (pos + l <= du->len && memcmp(du->s + pos, kws[i], l) == 0) {
            *which = kws[i];
            return l;
        }
    }
    return 0;
}

/* Skips the gap between keyword and token; 1 when a delimiter was seen. */
static int skip_gap(const dunit *du, size_t *p)
{
    static const char *const gaps[] = { "は", "：", "】", "」", "「", "（", "）", "半角", "英数",
                                        "です", NULL };
    size_t q = *p, chars = 0;
    int delim = 0, nl = 0;

    while (q < du->len && chars < PASSWORD_MAX_GAP) {
        char c = du->s[q];
        size_t i, l = 0;
        if (c == ':' || c == '=' || c == ']' || c == ')') {
            delim = 1;
            l = 1;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '(' || c == '[' || c == '"') {
            l = 1;
        } else if (c == '\n') {
            if (nl++)
                break;
            delim = 1;
            l = 1;
        } else {
            for (i = 0; gaps[i]; i++)
                if (q + strlen(gaps[i]) <= du->len && memcmp(du->s + q, gaps[i], strlen(gaps[i])) == 0) {
                    l = strlen(gaps[i]);
                    if (i < 3)
                        delim = 1;
                    break;
                }
        }
        if (!l)
            break;
        q += l;
        chars++;
    }
    *p = q;
    return delim;
}

static size_t token_len(const dunit *du, size_t p)
{
    size_t q = p;

    while (q < du->len && (unsigned char)du->s[q] > ' ' && (unsigned char)du->s[q] < 0x7F)
        q++;
    while (q > p && strchr(".,;)]\"'", du->s[q - 1]))
        q--;
    return q - p;
}

static int plausible(const char *t, size_t n)
{
    size_t i, alnum = 0;

    if (n < PASSWORD_MIN_TOKEN || n > PASSWORD_MAX_TOKEN)
        return 0;
    if (n >= 4 && (strncmp(t, "http", 4) == 0 || strncmp(t, "www.", 4) == 0))
        return 0;
    for (i = 0; i < n; i++)
        if (dunit_isalnum((unsigned char)t[i]))
            alnum++;
    return alnum > 0;
}

static void remember(dunit *du, const char *kw, size_t tok, size_t n)
{
    detect_state *st = du->st;
    dpass *p;
    char ev[8], det[96];
    size_t off = text_norm_orig(&du->tn, tok);
    unsigned i;

    for (i = 0; i < st->npw; i++)
        if (st->pw[i].offset == off && strcmp(st->pw[i].part, du->u->part ? du->u->part : "") == 0)
            return;
    if (st->npw >= DETECT_MAX_PASSWORDS)
        return;
    (void)n;
    snprintf(ev, sizeof(ev), "%c%c****", du->s[tok], du->s[tok + 1]);
    snprintf(det, sizeof(det), "password after \"%s\"", kw);
    p = &st->pw[st->npw];
    p->location = sg_strdup(du->u->location ? du->u->location : "");
    p->part = sg_strdup(du->u->part ? du->u->part : "");
    p->evidence = sg_strdup(ev);
    p->detail = sg_strdup(det);
    p->offset = off;
    if (!p->location || !p->part || !p->evidence || !p->detail) {
        free(p->location); free(p->part); free(p->evidence); free(p->detail);
        memset(p, 0, sizeof(*p));
        return;
    }
    st->npw++;
}

/* An ASCII keyword right before the ':' / '=' at pos (spaces allowed). */
static const char *en_before(const dunit *du, size_t pos)
{
    size_t e = pos, i;

    while (e > 0 && du->s[e - 1] == ' ')
        e--;
    if (e == 0 || !strchr("dDsSwWnNeE", du->s[e - 1]) || du->s[e - 1] == 0)
        return NULL;        /* no keyword ends with another letter */
    for (i = 0; en_kw[i]; i++) {
        size_t l = strlen(en_kw[i]);
        if (e >= l && dunit_memcasemem(du->s + e - l, l, en_kw[i], l) &&
            !(e > l && dunit_isalnum((unsigned char)du->s[e - l - 1])))
            return en_kw[i];
    }
    return NULL;
}

void password_at(dunit *du, size_t pos, unsigned cp)
{
    const char *kw = NULL;
    size_t p = pos, n;

    if (!du->st)
        return;
    if (cp == ':' || cp == '=') {
        if (!(kw = en_before(du, pos)))
            return;
    } else {
        size_t l = match_at(du, pos, jp_kw, &kw);
        if (!l)
            return;
        if (cp == 0x89E3 && l == strlen("解凍用") && match_at(du, pos + l, jp_kw, &kw))
            return;     /* 解凍用パスワード: the パ trigger reports it */
        p = pos + l;
    }
    if (!skip_gap(du, &p) && cp != ':' && cp != '=')
        return;
    n = token_len(du, p);
    if (plausible(du->s + p, n))
        remember(du, kw, p, n);
}

static int encrypted_attachment(const scan_ctx *ctx, const char **name)
{
    size_t i;

    for (i = 0; ctx->res && i < ctx->res->natts; i++)
        if (ctx->res->atts[i].encrypted == SG_ENC_YES || ctx->res->atts[i].encrypted == SG_ENC_PARTIAL) {
            *name = ctx->res->atts[i].name ? ctx->res->atts[i].name : "";
            return 1;
        }
    return 0;
}

void password_finish(detect_state *st, scan_ctx *ctx)
{
    const char *att = NULL;
    unsigned i;

    if (st->npw && encrypted_attachment(ctx, &att)) {
        for (i = 0; i < st->npw; i++) {
            dpass *p = &st->pw[i];
            finding_in in;
            char det[256], key[64];
            snprintf(det, sizeof(det), "%s; attachment %s is encrypted", p->detail, att);
            snprintf(key, sizeof(key), "%s@%zu", p->part, p->offset);
            memset(&in, 0, sizeof(in));
            in.rule = "password-in-body";
            in.confidence = SG_CONF_HIGH;
            in.location = p->location;
            in.part = p->part;
            in.evidence = p->evidence;
            in.offset = p->offset;
            in.detail = det;
            in.distinct_key = key;
            in.att_index = -1;
            findings_add(ctx->res, &in);
        }
    }
    password_free(st);
}

void password_free(detect_state *st)
{
    unsigned i;

    for (i = 0; i < st->npw; i++) {
        free(st->pw[i].location);
        free(st->pw[i].part);
        free(st->pw[i].evidence);
        free(st->pw[i].detail);
    }
    memset(st->pw, 0, sizeof(st->pw));
    st->npw = 0;
}
