/*
 * notice_text - the lists inside a notification, in Japanese (lang 0) or
 * English (lang 1): why the message was held (the rule hits in plain
 * words), the masked evidence and where it was found, and the external
 * recipients grouped by domain with first-time and look-alike domains
 * marked. Only masked evidence (as the scanner stored it) is used; each
 * list stops after HOLD_LIST_LINES_MAX lines. Every item is one line:
 * values from the message (addresses, file names, locations) have their
 * control characters (C1 included) replaced and, but for addresses, their
 * digit chains masked (lib/sg_text.h), here, item by item. Errors: -1 when out of memory or past the buffer cap.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hold_int.h"
#include "policy.h"
#include "record_event.h"
#include "sg_text.h"

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

/* ---- one-line items ---- */

/* "%s" of a value from the message (a file name, a location, an address):
 * one line (control characters, C1 included, as spaces), digit chains
 * masked when mask (sg_text.h). A list item can never become two lines. */
static int put_item(sg_buf *out, const char *v, int mask)
{
    const char *p;
    char repl;
    size_t n;
    char *m = mask ? sg_text_mask(v ? v : "") : NULL;
    int rc = 0;

    if (mask && !m)
        return -1;
    for (p = mask ? m : (v ? v : ""); *p && rc == 0;) {
        if ((n = sg_text_control_at(p, &repl)) > 0) {
            rc = sg_buf_putc(out, repl);
            p += n;
        } else {
            n = sg_text_char_len(p);
            rc = sg_buf_append(out, p, n);
            p += n;
        }
    }
    free(m);
    return rc < 0 ? -1 : 0;
}

/* ---- reasons ---- */

int notice_text_reasons(const sg_decision *d, const char *rules_json, int lang, sg_buf *out)
{
    size_t i;
    const char *txt;

    if (d && d->nhits > 0) {
        for (i = 0; i < d->nhits && i < HOLD_LIST_LINES_MAX; i++) {
            txt = lang == 0 ? d->hits[i].detail_ja : d->hits[i].detail;
            if (!txt || !*txt)
                txt = d->hits[i].detail ? d->hits[i].detail : "";
            if (sg_buf_printf(out, "- %s: ", notice_text_rule_name(d->hits[i].rule, lang)) < 0 ||
                put_item(out, txt, 1) < 0 || sg_buf_puts(out, "\n") < 0)
                return -1;
        }
        return 0;
    }
    {
        record_rules rs;
        int rc = record_rules_read(rules_json, &rs);
        for (i = 0; rc == 0 && i < rs.n && i < HOLD_LIST_LINES_MAX; i++)
            rc = sg_buf_puts(out, "- ") < 0 || put_item(out, notice_text_rule_name(rs.v[i], lang),
                                                           1) < 0 || sg_buf_puts(out, "\n") < 0 ? -1 : 0;
        record_rules_free(&rs);
        return rc;
    }
}

/* ---- evidence ---- */

static int put_location(sg_buf *out, const char *loc, int lang)
{
    if (!loc || !*loc)
        return 0;
    if (lang == 0 && strcmp(loc, "body") == 0)
        return sg_buf_puts(out, "本文");
    if (lang == 0 && strcmp(loc, "subject") == 0)
        return sg_buf_puts(out, "件名");
    if (lang == 0 && strncmp(loc, "attachment ", 11) == 0)
        return sg_buf_puts(out, "添付ファイル ") < 0 ? -1 : put_item(out, loc + 11, 1);
    return put_item(out, loc, 1);
}

/* one line per finding; informational (low) findings are not listed */
static int evidence_line(sg_buf *out, const record_finding *f, int lang)
{
    int rc = sg_buf_printf(out, "- %s: ", notice_text_rule_name(f->rule, lang));

    rc = rc < 0 ? rc : put_item(out, f->evidence && *f->evidence ? f->evidence : "-", 1);
    rc = rc < 0 ? rc : sg_buf_puts(out, " (");
    rc = rc < 0 ? rc : put_location(out, f->location, lang);
    if (rc == 0 && f->has_count && f->count != 1)
        rc = lang == 0 ? sg_buf_printf(out, ", %lu件", f->count)
                       : sg_buf_printf(out, ", %lu found", f->count);
    rc = rc < 0 ? rc : sg_buf_puts(out, ")\n");
    return rc < 0 ? -1 : 0;
}

int notice_text_evidence(const char *findings_json, int lang, sg_buf *out)
{
    record_findings fs;
    size_t i, lines = 0;
    int rc = record_findings_read(findings_json, &fs);

    for (i = 0; rc == 0 && i < fs.n && lines < HOLD_LIST_LINES_MAX; i++) {
        if (fs.v[i].confidence && strcmp(fs.v[i].confidence, "low") == 0)
            continue;
        rc = evidence_line(out, &fs.v[i], lang);
        lines++;
    }
    record_findings_free(&fs);
    return rc;
}

/* ---- recipients ---- */

static const char *rcpt_domain(const char *a)
{
    const char *at = strrchr(a, '@');
    return at ? at + 1 : a;
}

static int put_domain_head(sg_buf *out, const sg_rcpt *r, int lang)
{
    int rc = put_item(out, rcpt_domain(r->address), 0);

    if (rc == 0 && r->first_time)
        rc = sg_buf_puts(out, lang == 0 ? " 【初めての送信先】" : " [first time]");
    if (rc == 0 && r->lookalike_of)
        rc = sg_buf_puts(out, lang == 0 ? " 【" : " [looks like ") < 0 ||
             put_item(out, r->lookalike_of, 0) < 0 ||
             sg_buf_puts(out, lang == 0 ? " に似たドメイン】" : "]") < 0 ? -1 : 0;
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
                   strcasecmp(rcpt_domain(d->rcpts[j].address), rcpt_domain(d->rcpts[i].address)) == 0;
        if (seen)
            continue;
        if (put_domain_head(out, &d->rcpts[i], lang) < 0)
            return -1;
        for (j = i; j < d->nrcpts && lines < HOLD_LIST_LINES_MAX; j++)
            if (d->rcpts[j].external && strcasecmp(rcpt_domain(d->rcpts[j].address),
                                                   rcpt_domain(d->rcpts[i].address)) == 0) {
                if (sg_buf_puts(out, "    ") < 0 || put_item(out, d->rcpts[j].address, 0) < 0 ||
                    sg_buf_puts(out, "\n") < 0)
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
        if (sg_buf_puts(out, "    ") < 0 || put_item(out, held[i], 0) < 0 ||
            sg_buf_puts(out, "\n") < 0)
            return -1;
    return 0;
}
