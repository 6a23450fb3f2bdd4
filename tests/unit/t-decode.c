/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-decode - text_decode(): Japanese charsets (ISO-2022-JP with CP932
 * extensions, CP932/Shift_JIS, EUC-JP, UTF-8 with and without BOM), missing
 * and wrong labels, truncated and invalid sequences. Encoded inputs are made
 * here with iconv from UTF-8 literals (synthetic text only); the CP50221
 * extension sequences, which glibc cannot produce, are spelled out.
 */
#include <glib.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_ctx.h"
#include "sg_tap.h"

#define JP "個人番号のお知らせ：テスト株式会社 山田太郎 様"
#define JPX "①番 ㈱サンプル －２"   /* CP932 extensions and U+FF0D */

/* UTF-8 -> charset with iconv; malloc'd bytes. */
static char *enc(const char *to, const char *utf8, size_t *n)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    size_t inleft = strlen(utf8), cap = inleft * 4 + 16, oleft = cap;
    char *out = malloc(cap), *o = out, *in = (char *)utf8;

    if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
        printf("# iconv to %s failed\n", to);
        exit(2);
    }
    iconv_close(cd);
    *n = (size_t)(o - out);
    return out;
}

static void check(const char *label, const char *data, size_t n, const char *charset,
                  const char *want, const char *want_cs)
{
    size_t outlen = 0;
    const char *used = NULL;
    char *s = text_decode(data, n, charset, &outlen, &used);

    TAP_IS_STR(s, want, "%s: text", label);
    TAP_IS_INT(outlen, s ? strlen(s) : 0, "%s: length", label);
    if (want_cs)
        TAP_IS_STR(used, want_cs, "%s: charset used", label);
    free(s);
}

static void encoded_cases(void)
{
    static const struct {
        const char *label, *iconv_to, *declared, *text, *used;
    } tab[] = {
        { "utf-8 declared", "UTF-8", "utf-8", JP JPX, "UTF-8" },
        { "utf-8 undeclared", "UTF-8", NULL, JP JPX, "UTF-8" },
        { "iso-2022-jp declared", "ISO-2022-JP", "ISO-2022-JP", JP, "ISO-2022-JP" },
        { "iso-2022-jp undeclared", "ISO-2022-JP", NULL, JP, "ISO-2022-JP" },
        { "shift_jis declared (cp932 extensions)", "CP932", "Shift_JIS", JP JPX, "CP932" },
        { "shift_jis undeclared", "CP932", NULL, JP JPX, "CP932" },
        { "cp932 declared as windows-31j", "CP932", "Windows-31J", JP JPX, "CP932" },
        { "euc-jp declared", "EUC-JP-MS", "EUC-JP", JP JPX, "EUC-JP" },
        { "euc-jp undeclared", "EUC-JP", NULL, JP, "EUC-JP" },
        { "shift_jis labelled iso-2022-jp", "CP932", "ISO-2022-JP", JP, "CP932" },
        { "euc-jp labelled utf-8", "EUC-JP", "UTF-8", JP, "EUC-JP" },
        { "shift_jis labelled iso-8859-1", "CP932", "iso-8859-1", JP, "CP932" },
        { "utf-8 labelled us-ascii", "UTF-8", "us-ascii", JP, "UTF-8" },
        { "euc-jp labelled shift_jis", "EUC-JP", "Shift_JIS", JP, "EUC-JP" },
        { "utf-8 labelled shift_jis", "UTF-8", "Shift_JIS", JP, "UTF-8" },
        { "latin-1 declared", "ISO-8859-1", "ISO-8859-1", "café crème", "other" },
        { "windows-1252 declared", "WINDOWS-1252", "windows-1252", "naïve “quote”", "other" },
        { "unknown label, ascii", "UTF-8", "x-unknown-charset", "plain ascii text", "US-ASCII" },
    };

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        size_t n;
        char *b = enc(tab[i].iconv_to, tab[i].text, &n);
        check(tab[i].label, b, n, tab[i].declared, tab[i].text, tab[i].used);
        free(b);
    }
}

static void literal_cases(void)
{
    static const struct {
        const char *label, *data;
        size_t len;
        const char *declared, *want, *used;
    } tab[] = {
#define L(s) s, sizeof(s) - 1
        { "utf-8 bom dropped", L("\xEF\xBB\xBFhello"), "utf-8", "hello", "UTF-8" },
        { "utf-8 bom, undeclared", L("\xEF\xBB\xBF\xE3\x81\x82"), NULL, "あ", "UTF-8" },
        { "cp50221 circled digits", L("\x1b$B-!-\"\x1b(B"), "ISO-2022-JP", "①②", "ISO-2022-JP" },
        { "cp50221 kabushiki", L("\x1b$B-j\x1b(B"), "iso-2022-jp", "㈱", "ISO-2022-JP" },
        { "jis half-width kana", L("\x1b(I12\x1b(B"), "ISO-2022-JP", "ｱｲ", "ISO-2022-JP" },
        { "jis X 0208-1983 via ESC $ @", L("\x1b$@$\"\x1b(B"), "ISO-2022-JP", "あ", "ISO-2022-JP" },
        { "jis truncated in a kanji", L("a\x1b$B$\"$"), "ISO-2022-JP", "aあ\xEF\xBF\xBD", "ISO-2022-JP" },
        { "jis stray escape", L("x\x1b" "y"), "ISO-2022-JP", "x\xEF\xBF\xBDy", "ISO-2022-JP" },
        { "jis x 0212 has no cp932 form", L("\x1b$(D01\x1b(Bz"), "ISO-2022-JP", "\xEF\xBF\xBDz", "ISO-2022-JP" },
        { "cp932 truncated lead byte", L("\x82\xa0\x82"), "Shift_JIS", "あ\xEF\xBF\xBD", "CP932" },
        { "euc-jp truncated", L("\xa4\xa2\xa4"), "EUC-JP", "あ\xEF\xBF\xBD", "EUC-JP" },
        { "invalid utf-8", L("abc\xff\xfe" "def"), "utf-8", "abc\xEF\xBF\xBD\xEF\xBF\xBD" "def", "UTF-8" },
        { "utf-8 overlong", L("\xC0\xAF" "x"), "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBDx", "UTF-8" },
        { "utf-8 surrogate", L("\xED\xA0\x80"), "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "UTF-8" },
        { "nul becomes space", L("a\0b"), NULL, "a b", "US-ASCII" },
        { "empty", L(""), NULL, "", "US-ASCII" },
        { "binary junk falls back to latin-1", L("\x80\x81\xff\xfe\x80\x81"), NULL, NULL, "ISO-8859-1" },
#undef L
    };

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        if (tab[i].want) {
            check(tab[i].label, tab[i].data, tab[i].len, tab[i].declared, tab[i].want, tab[i].used);
        } else {
            size_t n;
            const char *used = NULL;
            char *s = text_decode(tab[i].data, tab[i].len, tab[i].declared, &n, &used);
            TAP_OK(s && g_utf8_validate(s, (gssize)n, NULL), "%s: valid utf-8", tab[i].label);
            TAP_IS_STR(used, tab[i].used, "%s: charset used", tab[i].label);
            free(s);
        }
    }
}

/* Random bytes under every label: always valid UTF-8, right length, ends. */
static void random_cases(void)
{
    static const char *labels[] = { NULL, "utf-8", "ISO-2022-JP", "Shift_JIS", "EUC-JP",
                                     "us-ascii", "iso-8859-1", "x-bogus" };
    unsigned seed = 12345, bad = 0;

    for (int r = 0; r < 400; r++) {
        unsigned char buf[300];
        size_t n = (size_t)(r % 300), outlen;
        char *s;

        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)(seed >> 16);
            if (r % 3 == 0 && (seed & 0x300) == 0)
                buf[i] = 0x1b;          /* many escapes */
        }
        s = text_decode((const char *)buf, n, labels[r % 8], &outlen, NULL);
        if (!s || !g_utf8_validate(s, (gssize)outlen, NULL) || strlen(s) != outlen)
            bad++;
        free(s);
    }
    TAP_IS_INT(bad, 0, "400 random buffers under 8 labels: valid UTF-8 of the stated length");
}

/* The fast path (valid UTF-8 under no / UTF-8 / ASCII label) gives what
 * the general path gave: BOM dropped, NUL as space, the charset named as
 * before (a few 8-bit bytes under an ASCII label stay "US-ASCII"). */
static void fast_path_cases(void)
{
    static const char bom_nul[] = "\xEF\xBB\xBF" "a\0b 個人";
    static const char jis[] = "\x1B$B$3$s\x1B(B";

    check("fast: BOM dropped, NUL as space", bom_nul, sizeof(bom_nul) - 1, NULL, "a b 個人", "UTF-8");
    check("fast: utf-8 label", "abc 番号", strlen("abc 番号"), "UTF-8", "abc 番号", "UTF-8");
    check("fast: ascii label, 6 8-bit bytes", "abc 番号", strlen("abc 番号"), "us-ascii", "abc 番号",
          "US-ASCII");
    check("fast: ascii label, 9 8-bit bytes", "abc 番号です", strlen("abc 番号です"), "us-ascii",
          "abc 番号です", "UTF-8");
    check("fast: plain ASCII", "plain text", 10, NULL, "plain text", "US-ASCII");
    check("fast: JIS escapes are not taken for ASCII", jis, sizeof(jis) - 1, NULL, "こん",
          "ISO-2022-JP");
    check("fast: empty", "", 0, NULL, "", NULL);
}

static void clean_cases(void)
{
    size_t n932, neuc, njis;
    char *b932 = enc("CP932", JP, &n932), *beuc = enc("EUC-JP", JP, &neuc);
    char *bjis = enc("ISO-2022-JP", JP, &njis);
    static const char junk[] = "\x80\xFF\xFE\x81\x00zz";
    const char *r;

    TAP_IS_STR(text_decode_clean(JP, strlen(JP), 0), "UTF-8", "clean: UTF-8");
    TAP_IS_STR(text_decode_clean("plain", 5, 0), "US-ASCII", "clean: ASCII");
    TAP_IS_STR(text_decode_clean(bjis, njis, 0), "ISO-2022-JP", "clean: ISO-2022-JP");
    TAP_IS_STR(text_decode_clean(b932, n932, 0), "CP932", "clean: CP932");
    TAP_IS_STR(text_decode_clean(beuc, neuc, 0), "EUC-JP", "clean: EUC-JP");
    TAP_IS_STR(text_decode_clean(JP, strlen(JP) - 1, 1), "UTF-8",
               "clean: UTF-8 cut inside the last character (prefix)");
    r = text_decode_clean(JP, strlen(JP) - 1, 0);
    TAP_OK(!r || strcmp(r, "UTF-8") != 0, "clean: UTF-8 cut short in a whole file is not UTF-8");
    TAP_OK(text_decode_clean("a\0b", 3, 0) == NULL, "clean: a NUL is not text");
    TAP_OK(text_decode_clean(junk, 4, 0) == NULL, "clean: 80 FF FE 81 is no charset");
    free(b932);
    free(beuc);
    free(bjis);
}

/* UTF-16 (issue 9 item 1): by label, by BOM, by the NUL pattern; near
 * misses: a UTF-8 BOM with a NUL, a BOM under another label, NULs on both
 * byte parities (binary), UTF-8 under a UTF-16 label. */
static void utf16_cases(void)
{
    static const char le_bom[] = "\xFF\xFE" "1\0" "2\0" "\x6A\x30" "\r\0\n\0";   /* 12な */
    static const char be_bom[] = "\xFE\xFF" "\0" "1" "\0" "2" "\x30\x6A";
    static const char le_nobom[] = "A\0B\0C\0D\0 \0" "\x6A\x30";
    static const char be_nobom[] = "\0A\0B\0C\0D\0 " "\x30\x6A";
    static const char both[] = "A\0\0B\0C\0\0D\0\0E\0\0F";
    static const char le_plain[] = "\xFF\xFE" "ab";
    size_t bom;

    check("utf-16le BOM", le_bom, sizeof(le_bom) - 1, NULL, "12な\r\n", "UTF-16LE");
    check("utf-16be BOM", be_bom, sizeof(be_bom) - 1, NULL, "12な", "UTF-16BE");
    check("utf-16le no BOM (NUL pattern)", le_nobom, sizeof(le_nobom) - 1, NULL, "ABCD な", "UTF-16LE");
    check("utf-16be no BOM (NUL pattern)", be_nobom, sizeof(be_nobom) - 1, NULL, "ABCD な", "UTF-16BE");
    check("utf-16 label, no BOM: LE", le_nobom, sizeof(le_nobom) - 1, "UTF-16", "ABCD な", "UTF-16LE");
    check("utf-16be label", be_nobom, sizeof(be_nobom) - 1, "utf-16be", "ABCD な", "UTF-16BE");
    check("utf-16 label on UTF-8 without NUL: UTF-8", "番号 12", strlen("番号 12"), "utf-16",
          "番号 12", "UTF-8");
    check("BOM FF FE under a utf-8 label, no NULs: not UTF-16", le_plain, sizeof(le_plain) - 1,
          "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD" "ab", "UTF-8");
    TAP_OK(text_utf16_kind((const unsigned char *)both, sizeof(both) - 1, &bom) == 0,
       "NULs on both parities: not UTF-16");
    TAP_OK(text_utf16_kind((const unsigned char *)"a\0b", 3, &bom) == 0, "one NUL: not UTF-16");
    check("no data under a utf-16 label (fuzz: memchr on NULL)", NULL, 0, "utf-16", "", NULL);
}

int main(void)
{
    utf16_cases();
    encoded_cases();
    literal_cases();
    random_cases();
    fast_path_cases();
    clean_cases();
    return tap_done();
}
