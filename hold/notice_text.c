/*
 * notice_text - the lists inside a notification, in Japanese (lang 0) or
 * English (lang 1): why the message was held (the rule hits in plain
 * words), the masked evidence and where it was found, and the external
 * recipients grouped by domain with first-time and look-alike domains
 * marked. Only masked evidence (as the scanner stored it) is used; each
 * list stops after HOLD_LIST_LINES_MAX lines. Values from the message
 * (addresses, file names) are cut at control characters by the template
 * renderer. Errors: -1 when out of memory or past the buffer cap.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hold_int.h"
#include "policy.h"

static const struct { const char *id, *ja, *en; } rule_names[] = {
    { "mynumber", "個人番号 (マイナンバー)", "My Number (individual number)" },
    { "personal-data", "個人情報", "personal data" },
    { "sensitive-personal", "要配慮個人情報", "special care-required personal information" },
    { "credit-card", "クレジットカード番号", "credit card number" },
    { "bulk-external", "多数の社外宛先 (To/Cc)", "many external recipients in To/Cc" },
    { "attachment-unencrypted", "暗号化されていない添付ファイル", "unencrypted attachment" },
    { "password-in-body", "本文中のパスワード", "password in the message body" },
    { "private-forward", "私用アドレスへの転送", "forwarding to a private address" },
    { "private-address", "私用 (フリーメール) アドレス", "private (free mail) address" },
    { "lookalike-domain", "似た綴りのドメイン", "look-alike domain" },
    { "first-time-domain", "初めて送信するドメイン", "domain never mailed before" },
    { "classification-label", "機密区分の表示", "classification label" },
    { "dangerous-attachment", "危険な添付ファイル", "dangerous attachment" },
    { "virus", "ウイルス", "virus" },
    { "oversize", "大きすぎて検査できない", "too large to inspect" },
    { "unscannable", "検査できなかった部分", "part that could not be inspected" },
    { "delay", "送信前の待機時間", "delay before sending" },
};

const char *notice_text_rule_name(const char *rule, int lang)
{
    size_t i;

    for (i = 0; rule && i < sizeof(rule_names) / sizeof(rule_names[0]); i++)
        if (strcmp(rule_names[i].id, rule) == 0)
            return lang == 0 ? rule_names[i].ja : rule_names[i].en;
    return rule ? rule : "";
}

/* ---- reasons ---- */

typedef struct rules_state {
    sg_buf *out;
    int lang;
    size_t lines;
} rules_state;

static int rules_cb(void *arg, size_t obj, const char *key, const char *value)
{
    rules_state *s = arg;
    (void)obj;

    if (*key || s->lines++ >= HOLD_LIST_LINES_MAX)
        return 0;
    return sg_buf_printf(s->out, "- %s\n", notice_text_rule_name(value, s->lang));
}

int notice_text_reasons(const sg_decision *d, const char *rules_json, int lang, sg_buf *out)
{
    size_t i;
    const char *txt;

    if (d && d->nhits > 0) {
        for (i = 0; i < d->nhits && i < HOLD_LIST_LINES_MAX; i++) {
            txt = lang == 0 ? d->hits[i].detail_ja : d->hits[i].detail;
            if (!txt || !*txt)
                txt = d->hits[i].detail ? d->hits[i].detail : "";
            if (sg_buf_printf(out, "- %s: %s\n", notice_text_rule_name(d->hits[i].rule, lang),
                              txt) < 0)
                return -1;
        }
        return 0;
    }
    {
        rules_state rs = { .out = out, .lang = lang };
        return minijson_walk(rules_json, rules_cb, &rs);
    }
}

/* ---- evidence ---- */

typedef struct ev_state {
    sg_buf *out;
    int lang;
    size_t cur, lines;
    int low;                  /* informational finding: not listed */
    char *rule, *evidence, *location, *count;
} ev_state;

static void ev_clear(ev_state *s)
{
    free(s->rule); free(s->evidence); free(s->location); free(s->count);
    s->rule = s->evidence = s->location = s->count = NULL;
}

static int put_location(sg_buf *out, const char *loc, int lang)
{
    if (!loc || !*loc)
        return 0;
    if (lang == 0 && strcmp(loc, "body") == 0)
        return sg_buf_puts(out, "本文");
    if (lang == 0 && strcmp(loc, "subject") == 0)
        return sg_buf_puts(out, "件名");
    if (lang == 0 && strncmp(loc, "attachment ", 11) == 0)
        return sg_buf_printf(out, "添付ファイル %s", loc + 11);
    return sg_buf_puts(out, loc);
}

static int ev_flush(ev_state *s)
{
    int rc = 0;

    if (s->rule && !s->low && s->lines < HOLD_LIST_LINES_MAX) {
        rc = sg_buf_printf(s->out, "- %s: %s (", notice_text_rule_name(s->rule, s->lang),
                           s->evidence && *s->evidence ? s->evidence : "-");
        rc = rc < 0 ? rc : put_location(s->out, s->location, s->lang);
        if (rc == 0 && s->count && strcmp(s->count, "1") != 0)
            rc = s->lang == 0 ? sg_buf_printf(s->out, ", %s件", s->count)
                              : sg_buf_printf(s->out, ", %s found", s->count);
        rc = rc < 0 ? rc : sg_buf_puts(s->out, ")\n");
        s->lines++;
    }
    ev_clear(s);
    s->low = 0;
    return rc < 0 ? -1 : 0;
}

static int ev_cb(void *arg, size_t obj, const char *key, const char *value)
{
    ev_state *s = arg;
    char **slot = NULL;

    if (obj != s->cur) {
        if (ev_flush(s) < 0)
            return -1;
        s->cur = obj;
    }
    if (strcmp(key, "rule") == 0) slot = &s->rule;
    else if (strcmp(key, "evidence") == 0) slot = &s->evidence;
    else if (strcmp(key, "location") == 0) slot = &s->location;
    else if (strcmp(key, "count") == 0) slot = &s->count;
    else if (strcmp(key, "confidence") == 0)
        s->low = strcmp(value, "low") == 0;
    if (!slot)
        return 0;
    free(*slot);
    *slot = sg_strdup(value);
    return *slot ? 0 : -1;
}

int notice_text_evidence(const char *findings_json, int lang, sg_buf *out)
{
    ev_state s = { .out = out, .lang = lang };
    int rc;

    rc = minijson_walk(findings_json, ev_cb, &s);
    if (rc == 0)
        rc = ev_flush(&s);
    ev_clear(&s);
    return rc;
}

/* ---- recipients ---- */

static const char *domain_of(const char *a)
{
    const char *at = strrchr(a, '@');
    return at ? at + 1 : a;
}

static int put_domain_head(sg_buf *out, const sg_rcpt *r, int lang)
{
    int rc = sg_buf_printf(out, "%s", domain_of(r->address));

    if (rc == 0 && r->first_time)
        rc = sg_buf_puts(out, lang == 0 ? " 【初めての送信先】" : " [first time]");
    if (rc == 0 && r->lookalike_of)
        rc = lang == 0 ? sg_buf_printf(out, " 【%s に似たドメイン】", r->lookalike_of)
                       : sg_buf_printf(out, " [looks like %s]", r->lookalike_of);
    if (rc == 0 && r->private_address)
        rc = sg_buf_puts(out, lang == 0 ? " 【私用アドレス】" : " [private address]");
    return rc < 0 ? -1 : sg_buf_puts(out, "\n");
}

static int recipients_from_decision(const sg_decision *d, int lang, sg_buf *out)
{
    size_t i, j, lines = 0;
    int seen;

    for (i = 0; i < d->nrcpts && lines < HOLD_LIST_LINES_MAX; i++) {
        if (!d->rcpts[i].external)
            continue;
        for (seen = 0, j = 0; j < i && !seen; j++)
            seen = d->rcpts[j].external &&
                   strcasecmp(domain_of(d->rcpts[j].address), domain_of(d->rcpts[i].address)) == 0;
        if (seen)
            continue;
        if (put_domain_head(out, &d->rcpts[i], lang) < 0)
            return -1;
        for (j = i; j < d->nrcpts && lines < HOLD_LIST_LINES_MAX; j++)
            if (d->rcpts[j].external && strcasecmp(domain_of(d->rcpts[j].address),
                                                   domain_of(d->rcpts[i].address)) == 0) {
                if (sg_buf_printf(out, "    %s\n", d->rcpts[j].address) < 0)
                    return -1;
                lines++;
            }
    }
    return 0;
}

int notice_text_recipients(const sg_decision *d, char *const *held, int lang, sg_buf *out)
{
    size_t i;

    if (d && d->nrcpts > 0)
        return recipients_from_decision(d, lang, out);
    for (i = 0; held && held[i] && i < HOLD_LIST_LINES_MAX; i++)
        if (sg_buf_printf(out, "    %s\n", held[i]) < 0)
            return -1;
    return 0;
}
