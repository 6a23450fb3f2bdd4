/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-detect - helpers shared by the detector unit tests: run the detectors
 * over one synthetic text unit into a fresh result, look findings up, and
 * make synthetic My Numbers / card numbers from a seed with the official
 * check digits (never real values).
 */
#ifndef T_DETECT_H
#define T_DETECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"
#include "sg_tap.h"

void findings_priv_free(void *p);

static sg_scan_result td_res;
static sg_attachment td_att;

static void td_clear(void)
{
    size_t i;

    for (i = 0; i < td_res.nfindings; i++) {
        sg_finding *f = &td_res.findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    free(td_res.findings);
    findings_priv_free(td_res.priv);
    memset(&td_res, 0, sizeof(td_res));
}

/* Runs all detectors on one unit; encrypted: add an encrypted attachment. */
__attribute__((unused))
static void td_run_enc(sg_unit_kind kind, const char *text, int encrypted)
{
    detect_state *st = detect_state_new();
    scan_ctx ctx;
    sg_text_unit u;

    td_clear();
    memset(&ctx, 0, sizeof(ctx));
    ctx.res = &td_res;
    memset(&u, 0, sizeof(u));
    u.kind = kind;
    u.text = text;
    u.len = strlen(text);
    u.location = kind == SG_UNIT_SUBJECT ? "subject" : kind == SG_UNIT_BODY ? "body" : "attachment t";
    u.part = "1";
    u.att_index = -1;
    detect_unit(st, &ctx, &u);
    if (encrypted) {
        memset(&td_att, 0, sizeof(td_att));
        td_att.name = (char *)"secret.zip";
        td_att.encrypted = encrypted;
        td_res.atts = &td_att;
        td_res.natts = 1;
    }
    detect_finish(st, &ctx);
    td_res.atts = NULL;
    td_res.natts = 0;
    detect_state_free(st);
}

__attribute__((unused))
static void td_run(sg_unit_kind kind, const char *text)
{
    td_run_enc(kind, text, 0);
}

__attribute__((unused))
static const sg_finding *td_find(const char *rule)
{
    size_t i;

    for (i = 0; i < td_res.nfindings; i++)
        if (strcmp(td_res.findings[i].rule, rule) == 0)
            return &td_res.findings[i];
    return NULL;
}

/* confidence of the rule's finding, -1 when none */
__attribute__((unused))
static int td_conf(const char *rule)
{
    const sg_finding *f = td_find(rule);

    return f ? (int)f->confidence : -1;
}

/* the full value must never appear in a finding */
__attribute__((unused))
static int td_leaks(const char *digits)
{
    size_t i;

    for (i = 0; i < td_res.nfindings; i++) {
        const sg_finding *f = &td_res.findings[i];
        if (strstr(f->evidence, digits) || (f->detail && strstr(f->detail, digits)))
            return 1;
    }
    return 0;
}

/* A synthetic My Number (12 digits + NUL) from a seed: a valid check digit,
 * not all-same, not a published sample. */
__attribute__((unused))
static void td_mynumber(unsigned seed, char out[13])
{
    unsigned long long x = 0x9E3779B97F4A7C15ULL * (seed + 1);
    int i;

    for (;;) {
        for (i = 0; i < 11; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            out[i] = (char)('0' + (x >> 33) % 10);
        }
        out[11] = (char)('0' + mynumber_check_digit(out));
        out[12] = 0;
        if (out[0] != out[1] || out[1] != out[2])
            return;
    }
}

/* A 12-digit string that FAILS the My Number check digit. */
__attribute__((unused))
static void td_bad_mynumber(unsigned seed, char out[13])
{
    td_mynumber(seed, out);
    out[11] = (char)('0' + (out[11] - '0' + 1) % 10);
}

/* Formats d12 as 4-4-4 with sep (a UTF-8 string). */
__attribute__((unused))
static void td_444(const char *d, const char *sep, char *out, size_t ol)
{
    snprintf(out, ol, "%.4s%s%.4s%s%.4s", d, sep, d + 4, sep, d + 8);
}

/* Full-width digits. */
__attribute__((unused))
static void td_fullwidth(const char *ascii, char *out, size_t ol)
{
    size_t o = 0;

    for (; *ascii && o + 4 < ol; ascii++) {
        if (*ascii >= '0' && *ascii <= '9') {
            out[o++] = (char)0xEF; out[o++] = (char)0xBC; out[o++] = (char)(0x90 + (*ascii - '0'));
        } else {
            out[o++] = *ascii;
        }
    }
    out[o] = 0;
}

/* Replaces the first "%s" of tmpl with val (no printf on a variable format). */
__attribute__((unused))
static void td_subst(char *out, size_t ol, const char *tmpl, const char *val)
{
    const char *p = strstr(tmpl, "%s");

    if (!p)
        snprintf(out, ol, "%s", tmpl);
    else
        snprintf(out, ol, "%.*s%s%s", (int)(p - tmpl), tmpl, val, p + 2);
}

#endif
