/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rule_content - findings of the scan -> rule hits. One hit per rule id;
 * only findings of medium or high confidence act (low ones are informative
 * and never act); 法人番号 (SG_FF_CORPORATE) never acts. The action is the
 * [actions] one, an admin rule's own action, or reject for a 極秘
 * classification label whatever the config says. virus and
 * dangerous-attachment concern every recipient (external_only = 0); all
 * other content rules, oversize and unscannable concern only external
 * recipients and are skipped when there is none. Scan limit flags without
 * a finding still give an oversize / unscannable hit (never "clean").
 *
 * Details are short sentences in English and Japanese naming the rule, how
 * many values and where (never the values). Errors: -1 out of memory.
 */
#include "build-config.h"
#include "policy_priv.h"

#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define CONTENT_DETAIL_CAP  2048  /* bytes of one detail sentence */
#define CONTENT_LOC_MAX     200   /* bytes of a location quoted in a detail */

typedef struct rule_words {
    const char *rule, *en, *ja;
} rule_words;

static const rule_words words[] = {
    {"mynumber", "My Number (individual number)", "個人番号(マイナンバー)"},
    {"personal-data", "Personal data", "個人情報"},
    {"sensitive-personal", "Special-care personal data (health, criminal record, etc.)",
     "要配慮個人情報(病歴・犯罪歴など)"},
    {"credit-card", "Credit card number", "クレジットカード番号"},
    {"password-in-body", "A password for the attachment", "添付ファイルのパスワード"},
    {"classification-label", "A confidentiality marking", "機密区分の表示(社外秘など)"},
    {"virus", "A virus", "ウイルス"},
    {"dangerous-attachment", "A dangerous attachment (program, script or disguised name)",
     "危険な添付ファイル(実行形式・偽装されたファイル名など)"},
};

/* the findings of one rule, summed */
typedef struct rule_sum {
    const char *rule;
    unsigned count, persons, flags;
    size_t nloc;
    const char *loc;         /* first location */
    const char *message;     /* admin rule text */
    sg_action action;        /* most severe admin action */
    int has_action;
    int encrypted_ok;        /* 社外秘 only, every attachment encrypted: allowed */
} rule_sum;

static int always_applies(const char *rule)
{
    return strcmp(rule, "virus") == 0 || strcmp(rule, "dangerous-attachment") == 0;
}

/* Copies at most CONTENT_LOC_MAX bytes of s, cut at a UTF-8 boundary. */
static void put_cut(sg_buf *b, const char *s)
{
    size_t len = strlen(s);

    if (len > CONTENT_LOC_MAX) {
        len = CONTENT_LOC_MAX;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    sg_buf_append(b, s, len);
}

static void put_where(sg_buf *b, const rule_sum *s, int ja)
{
    if (s->nloc > 1) {
        sg_buf_printf(b, ja ? "%zu箇所" : "%zu places", s->nloc);
    } else if (strcmp(s->loc, "body") == 0) {
        sg_buf_puts(b, ja ? "本文" : "the body");
    } else if (strcmp(s->loc, "subject") == 0) {
        sg_buf_puts(b, ja ? "件名" : "the subject");
    } else if (strncmp(s->loc, "attachment ", 11) == 0) {
        sg_buf_puts(b, ja ? "添付ファイル " : "attachment ");
        put_cut(b, s->loc + 11);
    } else {
        put_cut(b, s->loc);
    }
}

static void detail_text(const rule_sum *s, sg_buf *en, sg_buf *ja)
{
    const char *w_en = NULL, *w_ja = NULL;
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(words[i].rule, s->rule) == 0) {
            w_en = words[i].en;
            w_ja = words[i].ja;
        }
    if (strcmp(s->rule, "classification-label") == 0 && (s->flags & SG_FF_TOP_SECRET)) {
        w_en = "A top secret (極秘) marking";
        w_ja = "「極秘」の表示";
    }
    if (!w_en && s->message) {
        put_cut(en, s->message);
        put_cut(ja, s->message);
        return;
    }
    if (!w_en) {
        sg_buf_printf(en, "Rule %.64s: %u found in ", s->rule, s->count);
        sg_buf_printf(ja, "ルール %.64s に一致する内容が", s->rule);
    } else {
        sg_buf_printf(en, "%s: %u found in ", w_en, s->count);
        sg_buf_printf(ja, "%sが", w_ja);
    }
    put_where(en, s, 0);
    sg_buf_putc(en, '.');
    put_where(ja, s, 1);
    sg_buf_printf(ja, "に%u件含まれています", s->count);
    if (s->encrypted_ok) {
        sg_buf_puts(en, " Every attachment is encrypted: 社外秘 may go out encrypted.");
        sg_buf_puts(ja, "。添付ファイルはすべて暗号化されています(社外秘は暗号化すれば社外送信可)");
    }
    /* a table counts persons (rows), which says more than distinct values */
    if (s->persons > s->count) {
        sg_buf_printf(en, " It concerns %u persons.", s->persons);
        sg_buf_printf(ja, " (%u人分)", s->persons);
    }
}

static void limit_text(const char *rule, sg_buf *en, sg_buf *ja)
{
    if (strcmp(rule, "oversize") == 0) {
        sg_buf_puts(en, "The message is too large to be inspected.");
        sg_buf_puts(ja, "メールが大きすぎるため検査できません");
    } else {
        sg_buf_puts(en, "Part of the message could not be inspected (limit, damaged or "
                        "unreadable content).");
        sg_buf_puts(ja, "メールの一部を検査できませんでした(制限超過・破損・読めない形式)");
    }
}

static int add_hit(sg_decision *d, const char *rule, sg_action action, int ext_only,
                   const rule_sum *s)
{
    sg_buf en, ja;
    int rc;

    sg_buf_init(&en, CONTENT_DETAIL_CAP);
    sg_buf_init(&ja, CONTENT_DETAIL_CAP);
    if (!s || strcmp(rule, "oversize") == 0 || strcmp(rule, "unscannable") == 0)
        limit_text(rule, &en, &ja);
    else
        detail_text(s, &en, &ja);
    rc = hits_add(d, rule, action, ext_only, sg_buf_str(&en), sg_buf_str(&ja));
    sg_buf_free(&en);
    sg_buf_free(&ja);
    return rc;
}

static int acts(const sg_finding *f)
{
    return f->rule && f->confidence >= SG_CONF_MEDIUM && !(f->flags & SG_FF_CORPORATE);
}

/* Sums the acting findings of rule into s. */
static void sum_rule(const sg_scan_result *scan, const char *rule, rule_sum *s)
{
    size_t i, j;

    memset(s, 0, sizeof(*s));
    s->rule = rule;
    for (i = 0; i < scan->nfindings; i++) {
        const sg_finding *f = &scan->findings[i];
        int seen = 0;
        sg_action a;
        if (!acts(f) || strcmp(f->rule, rule) != 0)
            continue;
        s->count += f->count;
        s->persons += f->persons;
        s->flags |= f->flags;
        for (j = 0; j < i && !seen; j++)
            seen = acts(&scan->findings[j]) && strcmp(scan->findings[j].rule, rule) == 0 &&
                   strcmp(scan->findings[j].location ? scan->findings[j].location : "",
                          f->location ? f->location : "") == 0;
        if (!seen)
            s->nloc++;
        if (!s->loc)
            s->loc = f->location ? f->location : "";
        if (!s->message && f->message)
            s->message = f->message;
        if (f->action) {
            if (sg_action_parse(f->action, &a) < 0)
                a = SG_ACT_HOLD;   /* unknown admin action: hold, never pass */
            if (!s->has_action || a > s->action)
                s->action = a;
            s->has_action = 1;
        }
    }
}

/* Issue 8 (company rule 003 §4): a message whose only markings are 社外秘
 * and whose attachments - at least one - are all encrypted complies: its
 * label hit passes (and is recorded). 極秘 never goes out; 部外秘 and the
 * other markings keep their configured action. */
static int label_encrypted_ok(const sg_scan_result *scan)
{
    size_t i, natt = 0;

    for (i = 0; i < scan->nfindings; i++) {
        const sg_finding *f = &scan->findings[i];
        if (acts(f) && strcmp(f->rule, "classification-label") == 0 &&
            (!f->evidence || strcmp(f->evidence, "社外秘") != 0 || (f->flags & SG_FF_TOP_SECRET)))
            return 0;
    }
    for (i = 0; i < scan->natts; i++) {
        const sg_attachment *a = &scan->atts[i];
        if (a->depth || a->inline_image || a->signature)
            continue;
        if (a->encrypted != SG_ENC_YES)
            return 0;
        natt++;
    }
    return natt > 0;
}

static sg_action sum_action(const sg_policy *p, const rule_sum *s)
{
    sg_action a = s->has_action ? s->action : policy_rule_action(p, s->rule, SG_ACT_HOLD);

    if (strcmp(s->rule, "classification-label") == 0 && (s->flags & SG_FF_TOP_SECRET))
        a = SG_ACT_REJECT;
    else if (s->encrypted_ok && !s->has_action)
        a = SG_ACT_PASS;
    return a;
}

static int limit_hits(const sg_policy *p, const sg_scan_result *scan, sg_decision *d)
{
    if ((scan->limits & SG_LIMIT_MESSAGE_SIZE) && !hits_has(d, "oversize") &&
        add_hit(d, "oversize", policy_rule_action(p, "oversize", SG_ACT_HOLD), 1, NULL) < 0)
        return -1;
    if ((scan->limits & ~SG_LIMIT_MESSAGE_SIZE) && !hits_has(d, "unscannable") &&
        add_hit(d, "unscannable", policy_rule_action(p, "unscannable", SG_ACT_HOLD), 1, NULL) < 0)
        return -1;
    return 0;
}

int rule_content(const sg_policy *p, const sg_scan_result *scan, int has_external,
                 sg_decision *d)
{
    size_t i;

    if (!scan)
        return 0;
    for (i = 0; i < scan->nfindings; i++) {
        const sg_finding *f = &scan->findings[i];
        int always;
        rule_sum s;
        if (!acts(f) || hits_has(d, f->rule))
            continue;
        always = always_applies(f->rule);
        if (!always && !has_external)
            continue;
        sum_rule(scan, f->rule, &s);
        if (strcmp(f->rule, "classification-label") == 0)
            s.encrypted_ok = label_encrypted_ok(scan);
        if (add_hit(d, f->rule, sum_action(p, &s), !always, &s) < 0)
            return -1;
    }
    return has_external ? limit_hits(p, scan, d) : 0;
}
