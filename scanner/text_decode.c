/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text_decode - bytes in a (declared, missing or wrong) charset to clean,
 * NUL-terminated UTF-8 for the detectors (declared in scan_ctx.h).
 *
 * Charsets: UTF-8 (a BOM is dropped), ISO-2022-JP and its Microsoft forms
 * (CP50220/1/2: the JIS rows are turned into CP932 bytes arithmetically, so
 * the NEC row 13 (① ㈱) and the IBM extension rows come out right; glibc
 * has no CP50221), Shift_JIS = CP932, EUC-JP = EUC-JP-MS (fallback EUC-JP),
 * anything else iconv knows. Missing, unknown or wrong labels: the bytes are
 * checked against the label (8-bit bytes under a 7-bit label, invalid UTF-8
 * under "utf-8", structure errors under a Japanese label) and when they do
 * not fit, the charset is detected: ESC $ B -> ISO-2022-JP; valid UTF-8 ->
 * UTF-8; otherwise CP932 and EUC-JP byte structures are scored (errors and
 * unlikely half-width kana count against each); too many errors in both ->
 * ISO-8859-1.
 *
 * Fast path: valid UTF-8 (checked 8 ASCII bytes at a time) under no label,
 * a UTF-8 or an ASCII label is copied once, without the charset scoring
 * or an sg_buf that grows by doubling.
 *
 * UTF-16 (Excel's "Unicode text", Notepad's "Unicode"): a UTF-16 label,
 * a BOM (FF FE / FE FF), or without either the NUL pattern of
 * text_utf16_kind() (NUL bytes on one byte parity only) -> iconv from
 * UTF-16LE/BE. Checked only when the first bytes are a BOM or hold a NUL,
 * so other text pays one memchr over TD_UTF16_SNIFF bytes.
 *
 * Invalid or truncated sequences become U+FFFD (one per bad byte); NUL
 * bytes become spaces, so the text is a C string of length *outlen. Every
 * loop advances by at least one input byte; output is capped at
 * TEXT_DECODE_MAX_OUT (then truncated at a character boundary).
 * Returns malloc'd text; NULL only when out of memory.
 */
#include "scanner_priv.h"
#include "sg_alloc.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_buf.h"

/* a declared label is only overridden with at least this many 8-bit bytes */
#define TD_MIN_EVIDENCE 8
/* bytes looked at for the UTF-16 NUL pattern */
#define TD_UTF16_SNIFF 4096
/* ... and NUL bytes on one parity needed without a BOM */
#define TD_UTF16_MIN_NULS 4

enum td_cs { TD_UTF8, TD_ASCII, TD_JIS, TD_CP932, TD_EUCJP, TD_OTHER, TD_LATIN1 };

static const char REPL[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* ---- small helpers -------------------------------------------------- */

static int has_8bit(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] & 0x80)
            return 1;
    return 0;
}

static size_t high_bytes(const unsigned char *p, size_t n)
{
    size_t hi = 0;

    for (size_t i = 0; i < n; i++)
        hi += (p[i] & 0x80) != 0;
    return hi;
}

static int has_jis_escape(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (p[i] == 0x1B && ((p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@' ||
                                                   p[i + 2] == '(')) ||
                             (p[i + 1] == '(' && p[i + 2] == 'I')))
            return 1;
    return 0;
}

/* Length of a valid UTF-8 sequence at p (1..4), 0 if invalid/truncated. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t need, i;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; cp = c & 0x07; }
    else return 0;
    if (n < need)
        return 0;
    for (i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return need;
}

/* Length of the valid UTF-8 prefix of p: ASCII 8 bytes at a time, other
 * sequences through utf8_seq() (so it accepts exactly what utf8_seq does). */
static size_t utf8_valid_prefix(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k;
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        while (i < n && p[i] < 0x80)
            i++;
        if (i >= n)
            break;
        /* 3-byte sequences (kana, kanji) inline: E1-EC, EE-EF take any
         * continuation bytes; E0 and ED are left to utf8_seq (overlong,
         * surrogates) */
        while (i + 3 <= n && p[i] >= 0xE1 && p[i] <= 0xEF && p[i] != 0xED &&
               (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80)
            i += 3;
        if (i >= n || p[i] < 0x80)
            continue;
        if (!(k = utf8_seq(p + i, n - i)))
            return i;
        i += k;
    }
    return n;
}

static size_t utf8_errors(const unsigned char *p, size_t n)
{
    size_t i = 0, err = 0;

    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        if (!k) { err++; k = 1; }
        i += k;
    }
    return err;
}

/* Structure scores: errors (invalid bytes) and unlikely characters. */
static size_t cp932_cost(const unsigned char *p, size_t n, size_t *errs)
{
    size_t i = 0, cost = 0, err = 0;

    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        if (c >= 0xA1 && c <= 0xDF) { cost += 1; i++; continue; }   /* half-width kana */
        if (((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) && i + 1 < n &&
            p[i + 1] >= 0x40 && p[i + 1] <= 0xFC && p[i + 1] != 0x7F) {
            i += 2;
            continue;
        }
        if (i + 1 < n)          /* a lead byte cut off at the end is truncation */
            err++;
        i++;
    }
    if (errs)
        *errs = err;
    return cost + err * 10;
}

static size_t eucjp_cost(const unsigned char *p, size_t n, size_t *errs)
{
    size_t i = 0, cost = 0, err = 0;

    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        if (c == 0x8E && i + 1 < n && p[i + 1] >= 0xA1 && p[i + 1] <= 0xDF) {
            cost += 1; i += 2; continue;
        }
        if (c == 0x8F && i + 2 < n && p[i + 1] >= 0xA1 && p[i + 2] >= 0xA1 &&
            p[i + 1] != 0xFF && p[i + 2] != 0xFF) { i += 3; continue; }
        if (c >= 0xA1 && c <= 0xFE && i + 1 < n && p[i + 1] >= 0xA1 && p[i + 1] <= 0xFE) {
            i += 2; continue;
        }
        if (i + 2 < n)          /* a sequence cut off at the end is truncation */
            err++;
        i++;
    }
    if (errs)
        *errs = err;
    return cost + err * 10;
}

static size_t cost_of(enum td_cs cs, const unsigned char *p, size_t n)
{
    switch (cs) {
    case TD_UTF8: return utf8_errors(p, n) * 10;
    case TD_ASCII: return has_8bit(p, n) ? 1000 : 0;
    case TD_JIS: return has_8bit(p, n) ? 1000 : 0;
    case TD_CP932: return cp932_cost(p, n, NULL);
    case TD_EUCJP: return eucjp_cost(p, n, NULL);
    default: return 0;
    }
}

static enum td_cs detect(const unsigned char *p, size_t n)
{
    size_t c932, ceuc, hi;

    if (!has_8bit(p, n))
        return has_jis_escape(p, n) ? TD_JIS : TD_ASCII;
    if (utf8_valid_prefix(p, n) == n)
        return TD_UTF8;
    c932 = cp932_cost(p, n, NULL);
    ceuc = eucjp_cost(p, n, NULL);
    hi = high_bytes(p, n);
    if ((c932 < ceuc ? c932 : ceuc) > hi * 5)   /* most 8-bit bytes are errors */
        return TD_LATIN1;
    return ceuc < c932 ? TD_EUCJP : TD_CP932;
}

static enum td_cs classify(const char *cs)
{
    static const struct { const char *name; enum td_cs cs; } tab[] = {
        { "utf-8", TD_UTF8 }, { "utf8", TD_UTF8 },
        { "us-ascii", TD_ASCII }, { "ascii", TD_ASCII }, { "ansi_x3.4-1968", TD_ASCII },
        { "iso-2022-jp", TD_JIS }, { "iso-2022-jp-1", TD_JIS }, { "iso-2022-jp-2", TD_JIS },
        { "iso-2022-jp-ms", TD_JIS }, { "iso-2022-jp-3", TD_JIS }, { "cp50220", TD_JIS },
        { "cp50221", TD_JIS }, { "cp50222", TD_JIS }, { "csiso2022jp", TD_JIS },
        { "shift_jis", TD_CP932 }, { "shift-jis", TD_CP932 }, { "sjis", TD_CP932 },
        { "x-sjis", TD_CP932 }, { "ms_kanji", TD_CP932 }, { "cp932", TD_CP932 },
        { "windows-31j", TD_CP932 }, { "csshiftjis", TD_CP932 }, { "ms932", TD_CP932 },
        { "shift_jisx0213", TD_CP932 }, { "x-ms-cp932", TD_CP932 },
        { "euc-jp", TD_EUCJP }, { "eucjp", TD_EUCJP }, { "x-euc-jp", TD_EUCJP },
        { "euc-jp-ms", TD_EUCJP }, { "eucjp-ms", TD_EUCJP }, { "eucjp-win", TD_EUCJP },
        { "cseucpkdfmtjapanese", TD_EUCJP },
    };

    if (!cs || !*cs)
        return TD_OTHER;
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (strcasecmp(cs, tab[i].name) == 0)
            return tab[i].cs;
    return TD_OTHER;
}

/* ---- UTF-16 ---------------------------------------------------------- */

/* UTF-16 by the NUL pattern alone (no BOM looked at). */
static int utf16_nuls(const unsigned char *p, size_t n)
{
    size_t i, m = n < TD_UTF16_SNIFF ? n : TD_UTF16_SNIFF, z[2] = { 0, 0 }, pairs;

    if (m < 4 || !memchr(p, 0, m) || (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
        return 0;
    m &= ~(size_t)1;
    for (i = 0; i < m; i++)
        z[i & 1] += p[i] == 0;
    pairs = m / 2;
    /* ASCII-range characters (digits, blanks, line ends) put their NUL on
     * one parity; binary data has NULs on both. At least TD_UTF16_MIN_NULS
     * and 1 in 8 characters must be such, the other parity (almost) free. */
    if (z[1] >= TD_UTF16_MIN_NULS && z[1] * 8 >= pairs && z[0] * 20 <= z[1])
        return TD_UTF16_LE;
    if (z[0] >= TD_UTF16_MIN_NULS && z[0] * 8 >= pairs && z[1] * 20 <= z[0])
        return TD_UTF16_BE;
    return 0;
}

int text_utf16_kind(const unsigned char *p, size_t n, size_t *bom)
{
    *bom = 0;
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE && !(n >= 4 && p[2] == 0 && p[3] == 0)) {
        *bom = 2;
        return TD_UTF16_LE;
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *bom = 2;
        return TD_UTF16_BE;
    }
    return utf16_nuls(p, n);
}

static int utf16_label(const char *cs)
{
    if (!cs)
        return 0;
    if (strcasecmp(cs, "utf-16le") == 0 || strcasecmp(cs, "ucs-2le") == 0)
        return TD_UTF16_LE;
    if (strcasecmp(cs, "utf-16be") == 0 || strcasecmp(cs, "ucs-2be") == 0)
        return TD_UTF16_BE;
    if (strcasecmp(cs, "utf-16") == 0 || strcasecmp(cs, "ucs-2") == 0 ||
        strcasecmp(cs, "unicode") == 0)
        return -1;                       /* byte order from the BOM or the bytes */
    return 0;
}

/* ---- converters ----------------------------------------------------- */

/* iconv from `from` into out; invalid bytes -> U+FFFD. -1: no such charset. */
static int conv_iconv(const char *from, const unsigned char *data, size_t len, sg_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    char tmp[4096];
    char *in = (char *)data;
    size_t inleft = len;

    if (cd == (iconv_t)-1)
        return -1;
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof(tmp);
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int e = errno;

        if (sg_buf_append(out, tmp, (size_t)(o - tmp)) != SG_BUF_OK)
            break;
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        /* EILSEQ or EINVAL (truncated at the end): one U+FFFD per bad byte */
        if (sg_buf_append(out, REPL, 3) != SG_BUF_OK)
            break;
        in++;
        inleft--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    return 0;
}

static void conv_utf8(const unsigned char *p, size_t n, sg_buf *out)
{
    size_t i = 0;

    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i), run = 0;

        if (!k) {
            if (sg_buf_append(out, REPL, 3) != SG_BUF_OK)
                return;
            i++;
            continue;
        }
        while (i + run < n && (k = utf8_seq(p + i + run, n - i - run)) != 0)
            run += k;
        if (sg_buf_append(out, p + i, run) != SG_BUF_OK)
            return;
        i += run;
    }
}

static void jis_to_sjis(unsigned j1, unsigned j2, unsigned char s[2])
{
    s[0] = (unsigned char)(((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0));
    s[1] = (unsigned char)(j2 + ((j1 & 1) ? (j2 >= 0x60 ? 0x20 : 0x1F) : 0x7E));
}

static int jis_flush(sg_buf *sj, sg_buf *out)
{
    int r = 0;

    if (sj->len)
        r = conv_iconv("CP932", (const unsigned char *)sj->data, sj->len, out);
    sg_buf_reset(sj);
    return r;
}

/* Length of a recognised escape sequence at p and the mode it selects. */
static size_t jis_escape(const unsigned char *p, size_t n, int *mode)
{
    if (n >= 3 && p[1] == '(' && (p[2] == 'B' || p[2] == 'J' || p[2] == 'H')) { *mode = 0; return 3; }
    if (n >= 3 && p[1] == '(' && p[2] == 'I') { *mode = 2; return 3; }
    if (n >= 3 && p[1] == '$' && (p[2] == 'B' || p[2] == '@')) { *mode = 1; return 3; }
    if (n >= 4 && p[1] == '$' && p[2] == '(' && (p[3] == 'Q' || p[3] == 'O')) { *mode = 1; return 4; }
    if (n >= 4 && p[1] == '$' && p[2] == '(' && p[3] == 'D') { *mode = 3; return 4; }
    if (n >= 3 && p[1] == '&' && p[2] == '@') return 3;   /* JIS X 0208-1990 announcer */
    return 0;
}

/* ISO-2022-JP (CP5022x) -> CP932 bytes -> UTF-8. Mode 0 ASCII, 1 JIS X 0208
 * (+NEC/IBM rows), 2 half-width kana, 3 JIS X 0212 (no CP932 form: U+FFFD). */
static void conv_jis(const unsigned char *p, size_t n, sg_buf *out)
{
    sg_buf sj;
    size_t i = 0;
    int mode = 0, ok = 1;

    sg_buf_init(&sj, 8192);
    while (i < n && ok) {
        unsigned c = p[i];
        unsigned char s[2];
        size_t k;

        if (sj.len >= 8000 && jis_flush(&sj, out) < 0)
            break;
        if (c == 0x1B && (k = jis_escape(p + i, n - i, &mode)) != 0) { i += k; continue; }
        if (c == 0x0E) { mode = 2; i++; continue; }
        if (c == 0x0F) { mode = 0; i++; continue; }
        if (c == '\r' || c == '\n') { ok = sg_buf_putc(&sj, (char)c) == SG_BUF_OK; i++; continue; }
        if ((mode == 1 || mode == 3) && c >= 0x21 && c <= 0x7E && i + 1 < n &&
            p[i + 1] >= 0x21 && p[i + 1] <= 0x7E) {
            if (mode == 1) {
                jis_to_sjis(c, p[i + 1], s);
                ok = sg_buf_append(&sj, s, 2) == SG_BUF_OK;
            } else {
                jis_flush(&sj, out);
                ok = sg_buf_append(out, REPL, 3) == SG_BUF_OK;
            }
            i += 2;
            continue;
        }
        if (mode == 2 && c >= 0x21 && c <= 0x5F) { ok = sg_buf_putc(&sj, (char)(c + 0x80)) == SG_BUF_OK; i++; continue; }
        if (c >= 0xA1 && c <= 0xDF) { ok = sg_buf_putc(&sj, (char)c) == SG_BUF_OK; i++; continue; }
        if (c < 0x80 && c != 0x1B && mode == 0) { ok = sg_buf_putc(&sj, (char)c) == SG_BUF_OK; i++; continue; }
        jis_flush(&sj, out);                          /* stray byte */
        ok = sg_buf_append(out, REPL, 3) == SG_BUF_OK;
        i++;
    }
    jis_flush(&sj, out);
    sg_buf_free(&sj);
}

static int convert(enum td_cs cs, const char *label, const unsigned char *p, size_t n,
                   sg_buf *out)
{
    switch (cs) {
    case TD_UTF8:
    case TD_ASCII: conv_utf8(p, n, out); return 0;
    case TD_JIS: conv_jis(p, n, out); return 0;
    case TD_CP932: return conv_iconv("CP932", p, n, out);
    case TD_EUCJP:
        if (conv_iconv("EUC-JP-MS", p, n, out) == 0)
            return 0;
        return conv_iconv("EUC-JP", p, n, out);
    case TD_LATIN1: return conv_iconv("ISO-8859-1", p, n, out);
    case TD_OTHER: return conv_iconv(label, p, n, out);
    }
    return -1;
}

static const char *cs_name(enum td_cs cs)
{
    static const char *const names[] = {
        [TD_UTF8] = "UTF-8", [TD_ASCII] = "US-ASCII", [TD_JIS] = "ISO-2022-JP",
        [TD_CP932] = "CP932", [TD_EUCJP] = "EUC-JP", [TD_OTHER] = "other",
        [TD_LATIN1] = "ISO-8859-1",
    };
    return names[cs];
}

/* Chooses the charset: the label when the bytes fit it, else detection. */
static enum td_cs choose(const unsigned char *p, size_t n, const char *charset)
{
    enum td_cs lab = classify(charset);
    enum td_cs det;

    if (lab == TD_OTHER) {
        iconv_t cd = charset && *charset ? iconv_open("UTF-8", charset) : (iconv_t)-1;
        if (cd != (iconv_t)-1) {
            iconv_close(cd);
            /* UTF-8 under any label, and flawless Japanese under a
             * Latin-1 label (a client's default), are mislabels */
            if (high_bytes(p, n) < TD_MIN_EVIDENCE)
                return TD_OTHER;
            det = detect(p, n);
            if (det == TD_UTF8)
                return det;
            if ((det == TD_CP932 || det == TD_EUCJP) && cost_of(det, p, n) == 0 &&
                (strcasecmp(charset, "iso-8859-1") == 0 || strcasecmp(charset, "latin1") == 0))
                return det;
            return TD_OTHER;
        }
        return detect(p, n);
    }
    if (cost_of(lab, p, n) == 0 || high_bytes(p, n) < TD_MIN_EVIDENCE)
        return lab;
    det = detect(p, n);
    if (det == TD_LATIN1)           /* garbage under a known label: U+FFFD */
        return lab;
    return cost_of(det, p, n) < cost_of(lab, p, n) ? det : lab;
}

/* Appends are all-or-nothing per complete sequence, so a capped output
 * already ends on a character boundary; only NULs need replacing. */
static void finish(sg_buf *out)
{
    for (size_t i = 0; i < out->len; i++)
        if (out->data[i] == '\0')
            out->data[i] = ' ';
}

const char *text_decode_clean(const char *data, size_t len, int cut)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t v, e932 = 1, eeuc = 1, c932, ceuc;

    if (!data || !len || memchr(data, 0, len))
        return NULL;
    if (!has_8bit(p, len))
        return has_jis_escape(p, len) ? "ISO-2022-JP" : "US-ASCII";
    v = utf8_valid_prefix(p, len);
    if (v == len || (cut && len - v < 4 && p[v] >= 0xC2 && p[v] <= 0xF4))
        return "UTF-8";
    c932 = cp932_cost(p, len, &e932);
    ceuc = eucjp_cost(p, len, &eeuc);
    if (e932 == 0 && (eeuc != 0 || c932 <= ceuc))  /* both fit: the likelier, as detect() */
        return "CP932";
    return eeuc == 0 ? "EUC-JP" : NULL;
}

/* Fast path: valid UTF-8 under no label, a UTF-8 label or an ASCII label
 * decodes to itself (minus a BOM, NULs as spaces): one validation pass and
 * one copy, with the charset choose() would have named. Returns NULL (and
 * *done 0) when the slow path must decide. */
static char *fast_utf8(const unsigned char *p, size_t n, const char *charset, size_t *outlen,
                       const char **used_charset, int *done)
{
    enum td_cs lab = classify(charset), cs;
    size_t skip = 0;
    char *s, *z;

    *done = 0;
    if (!(lab == TD_UTF8 || lab == TD_ASCII || (lab == TD_OTHER && !(charset && *charset))))
        return NULL;
    if (n > TEXT_DECODE_MAX_OUT || utf8_valid_prefix(p, n) != n)
        return NULL;
    if (lab == TD_UTF8)
        cs = TD_UTF8;
    else if (!has_8bit(p, n))
        cs = lab == TD_ASCII ? TD_ASCII : has_jis_escape(p, n) ? TD_JIS : TD_ASCII;
    else
        cs = lab == TD_ASCII && high_bytes(p, n) < TD_MIN_EVIDENCE ? TD_ASCII : TD_UTF8;
    if (cs == TD_JIS)
        return NULL;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        skip = 3;
    *done = 1;
    if (!(s = sg_malloc(n - skip + 1)))
        return NULL;
    if (n > skip)
        memcpy(s, p + skip, n - skip);
    s[n - skip] = 0;
    for (z = s; (z = memchr(z, 0, (size_t)(s + (n - skip) - z))); z++)
        *z = ' ';
    *outlen = n - skip;
    if (used_charset)
        *used_charset = cs_name(cs);
    return s;
}

/* UTF-16 by label, BOM or NUL pattern; NULL with *done 0 when not. */
static char *utf16_decode(const unsigned char *p, size_t n, const char *charset,
                          size_t *outlen, const char **used_charset, int *done)
{
    int lab = utf16_label(charset), kind;
    size_t bom = 0;
    sg_buf out;

    *done = 0;
    if (n == 0)
        return NULL;
    if (!lab && !(n >= 2 && (p[0] == 0xFF || p[0] == 0xFE)) &&
        !memchr(p, 0, n < TD_UTF16_SNIFF ? n : TD_UTF16_SNIFF))
        return NULL;                     /* the common case: one short memchr */
    if (!lab && charset && *charset)
        kind = utf16_nuls(p, n);         /* another label: a BOM alone is not enough */
    else
        kind = text_utf16_kind(p, n, &bom);
    if (lab < 0 && !kind && utf8_valid_prefix(p, n) == n)
        return NULL;                     /* labelled "UTF-16", but UTF-8 without a NUL */
    if (lab > 0 && !bom)
        kind = lab;
    else if (lab < 0 && !kind)
        kind = TD_UTF16_LE;              /* Windows' default order */
    if (!kind)
        return NULL;
    *done = 1;
    sg_buf_init(&out, TEXT_DECODE_MAX_OUT);
    conv_iconv(kind == TD_UTF16_LE ? "UTF-16LE" : "UTF-16BE", p + bom, n - bom, &out);
    finish(&out);
    if (used_charset)
        *used_charset = kind == TD_UTF16_LE ? "UTF-16LE" : "UTF-16BE";
    {
        int cut = 0;   /* capped at TEXT_DECODE_MAX_OUT: the prefix is kept */
        return sg_buf_steal_prefix(&out, outlen, &cut);
    }
}

char *text_decode(const char *data, size_t len, const char *charset, size_t *outlen,
                  const char **used_charset)
{
    const unsigned char *p = (const unsigned char *)data;
    enum td_cs cs;
    sg_buf out;
    char *s;
    int done;

    if (!data)
        len = 0;
    if ((s = utf16_decode(p, len, charset, outlen, used_charset, &done)) || done)
        return s;
    if (utf16_label(charset))
        charset = NULL;                  /* labelled UTF-16 but not: detect */
    if ((s = fast_utf8(p, len, charset, outlen, used_charset, &done)) || done)
        return s;
    cs = choose(p, len, charset);
    sg_buf_init(&out, TEXT_DECODE_MAX_OUT);
    if (convert(cs, charset, p, len, &out) < 0) {
        cs = TD_LATIN1;
        sg_buf_reset(&out);
        conv_iconv("ISO-8859-1", p, len, &out);
    }
    finish(&out);
    if (used_charset)
        *used_charset = cs == TD_OTHER ? "other" : cs_name(cs);
    {
        int cut = 0;   /* capped at TEXT_DECODE_MAX_OUT: the prefix is kept */
        s = sg_buf_steal_prefix(&out, outlen, &cut);
    }
    return s;
}
