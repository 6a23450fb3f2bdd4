/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-pdf - pdf_info_text() on PDFs built here in memory (zlib for Flate):
 * string forms (escapes, octal, hex, UTF-16BE with BOM), TJ gaps, simple
 * and CID fonts with ToUnicode maps (bfchar, bfrange with offset and array
 * forms), fonts inherited from /Pages, object streams, and hostile input
 * that must end in bounded time and memory with the right flag: a Flate
 * bomb (ratio and size caps), a truncated stream, a missing endstream,
 * deeply nested arrays and dictionaries, an unterminated string, object
 * and /Parent loops, too many objects, an undecoded filter, a stop from the
 * check callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf_info.h"
#include "sg_buf.h"
#include "sg_tap.h"

static pdf_text_opts opts(void)
{
    pdf_text_opts o = { 50UL << 20, 100, 1UL << 20, NULL, NULL };
    return o;
}

/* Text of pdf (NUL-terminated) with options o; *flags set. Caller frees. */
static char *text_of(const void *pdf, size_t len, const pdf_text_opts *o, unsigned *flags)
{
    char *t = NULL;
    size_t n = 0;

    *flags = 0;
    if (pdf_info_text(pdf, len, o, &t, &n, flags) < 0)
        return strdup("(nomem)");
    return t;
}

static void is_text(const char *pdf, const char *want, const char *label)
{
    pdf_text_opts o = opts();
    unsigned fl;
    char *t = text_of(pdf, strlen(pdf), &o, &fl);

    TAP_IS_STR(t, want, "%s", label);
    free(t);
}

/* A page with content stream c (uncompressed) and font dict fonts. */
static char *page_pdf(const char *fonts, const char *c, const char *extra)
{
    sg_buf b;

    sg_buf_init(&b, 1 << 20);
    sg_buf_printf(&b, "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                  "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                  "3 0 obj << /Type /Page /Parent 2 0 R /Resources << /Font << %s >> >> "
                  "/Contents 4 0 R >> endobj\n"
                  "4 0 obj << /Length %zu >>\nstream\n%s\nendstream endobj\n%s"
                  "trailer << /Root 1 0 R >>\n%%%%EOF\n", fonts, strlen(c), c, extra);
    return sg_buf_steal(&b, NULL);
}

static void t_strings(void)
{
    static const struct { const char *content, *want, *label; } tab[] = {
        { "BT (Hello) Tj ET", "Hello\n", "literal string" },
        { "BT (a\\(b\\)c\\\\d\\101\\060) Tj ET", "a(b)c\\dA0\n", "escapes and octal" },
        { "BT (nested (parens) ok) Tj ET", "nested (parens) ok\n", "balanced parentheses" },
        { "BT <48 65 6C 6c 6F> Tj ET", "Hello\n", "hex string with spaces" },
        { "BT <414> Tj ET", "A@\n", "odd hex digit padded" },
        { "BT <FEFF500B4EBA756A53F7> Tj ET", "個人番号\n", "UTF-16BE with BOM" },
        { "BT [(My) -300 (Number)] TJ ET", "My Number\n", "TJ: wide gap is a space" },
        { "BT [(1234) 50 (5678)] TJ ET", "12345678\n", "TJ: kerning is no space" },
        { "BT (one) Tj 0 -12 Td (two) Tj T* (three) ' ET", "one\ntwo\nthree\n",
          "Td down, T* and ' are new lines" },
        { "BT (a) Tj 30 0 Td (b) Tj ET", "a b\n", "horizontal Td is a space" },
        { "BT (\\223quoted\\224) Tj ET", "\xe2\x80\x9cquoted\xe2\x80\x9d\n", "WinAnsi quotes" },
        { "BI /W 1 /H 1 ID \x01(junk) Tj EI BT (after) Tj ET", "after\n", "inline image skipped" },
        { "BT (unterminated Tj ET", "", "unterminated string: no text, no crash" },
        { "% comment (no) Tj\nBT (yes) Tj ET", "yes\n", "comments skipped" },
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        char *pdf = page_pdf("", tab[i].content, "");
        is_text(pdf, tab[i].want, tab[i].label);
        free(pdf);
    }
}

static const char *cmap_obj =
    "6 0 obj << /Length 0 >>\nstream\n"
    "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    "2 beginbfchar <0001> <500B> <0002> <4EBA> endbfchar\n"
    "2 beginbfrange <0010> <0019> <0030> <0020> <0021> [<756A> <53F7>] endbfrange\n"
    "endcmap\nendstream endobj\n";

static void t_fonts(void)
{
    char *pdf;

    pdf = page_pdf("/F1 5 0 R", "BT /F1 10 Tf <000100020020002100110012> Tj ET",
                   "5 0 obj << /Type /Font /Subtype /Type0 /Encoding /Identity-H "
                   "/ToUnicode 6 0 R >> endobj\n");
    {
        sg_buf b;
        sg_buf_init(&b, 1 << 20);
        sg_buf_puts(&b, pdf);
        sg_buf_puts(&b, cmap_obj);
        is_text(sg_buf_str(&b), "個人番号12\n", "CID font: bfchar, bfrange offset and array");
        sg_buf_free(&b);
    }
    free(pdf);
    pdf = page_pdf("/F1 5 0 R", "BT /F1 10 Tf <00010002> Tj ET",
                   "5 0 obj << /Subtype /Type0 /Encoding /Identity-H >> endobj\n");
    {
        pdf_text_opts o = opts();
        unsigned fl;
        char *t = text_of(pdf, strlen(pdf), &o, &fl);
        TAP_IS_STR(t, "", "CID font without a map: no text");
        TAP_OK(fl & PDF_F_NOMAP, "CID font without a map: PDF_F_NOMAP");
        free(t);
    }
    free(pdf);
    pdf = page_pdf("/F1 5 0 R", "BT /F1 10 Tf <500B4EBA> Tj ET",
                   "5 0 obj << /Subtype /Type0 /Encoding /UniJIS-UCS2-H >> endobj\n");
    is_text(pdf, "個人\n", "UniJIS-UCS2-H: codes are UTF-16");
    free(pdf);
    pdf = page_pdf("/F1 5 0 R", "BT /F1 10 Tf <8CC2906C> Tj ET",
                   "5 0 obj << /Subtype /Type0 /Encoding /90ms-RKSJ-H >> endobj\n");
    is_text(pdf, "個人\n", "90ms-RKSJ-H: codes are Shift_JIS");
    free(pdf);
    pdf = page_pdf("/F1 5 0 R", "BT /F1 10 Tf (AB) Tj /F2 9 Tf (AB) Tj ET",
                   "5 0 obj << /Subtype /TrueType /ToUnicode 7 0 R >> endobj\n"
                   "7 0 obj << /Length 0 >>\nstream\n1 beginbfchar <41> <FF21> endbfchar\n"
                   "endstream endobj\n");
    is_text(pdf, "ＡBAB\n", "simple font with a partial ToUnicode map; unknown font is WinAnsi");
    free(pdf);
}

static void t_structure(void)
{
    const char *inherit =
        "%PDF-1.4\n2 0 obj << /Type /Pages /Kids [3 0 R] /Resources 8 0 R >> endobj\n"
        "8 0 obj << /Font 9 0 R >> endobj\n9 0 obj << /F1 5 0 R >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /Contents [4 0 R 10 0 R] >> endobj\n"
        "5 0 obj << /Subtype /Type0 /Encoding /UniJIS-UTF16-H >> endobj\n"
        "4 0 obj << /Length 99999 >>\nstream\nBT /F1 1 Tf <500B> Tj ET\nendstream endobj\n"
        "10 0 obj << >>\nstream\nBT /F1 1 Tf <4EBA> Tj ET\nendstream endobj\n";
    const char *loop =
        "%PDF-1.4\n3 0 obj << /Type /Page /Parent 3 0 R /Contents 4 0 R >> endobj\n"
        "4 0 obj << /Length 5 0 R >>\nstream\nBT (x) Tj ET\nendstream endobj\n"
        "5 0 obj 6 0 R endobj 6 0 obj 5 0 R endobj\n";
    const char *nopage = "%PDF-1.4\n4 0 obj << /Length 13 >>\nstream\nBT (x) Tj ET\nendstream endobj\n"
                         "5 0 obj << /Length 9 /Subtype /Image >>\nstream\n(img) Tj\nendstream endobj\n";
    const char *redefined =
        "%PDF-1.4\n3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n"
        "4 0 obj << >>\nstream\nBT (old) Tj ET\nendstream endobj\n"
        "4 0 obj << >>\nstream\nBT (new) Tj ET\nendstream endobj\n";

    is_text(inherit, "個\n人\n", "fonts inherited from /Pages, indirect /Resources, content array, wrong /Length");
    is_text(loop, "x\n", "/Parent and reference loops end");
    is_text(nopage, "x\n", "no page objects: content-like streams only (no image)");
    is_text(redefined, "new\n", "incremental update: the later object wins");
}

/* zlib of data. */
static unsigned char *deflated(const void *data, size_t n, size_t *outn)
{
    uLongf cap = compressBound((uLong)n);
    unsigned char *z = malloc(cap);

    if (z && compress(z, &cap, data, (uLong)n) != Z_OK) {
        free(z);
        return NULL;
    }
    *outn = cap;
    return z;
}

/* A PDF whose page content is the given raw stream bytes with dict extra. */
static unsigned char *raw_pdf(const char *dict, const unsigned char *s, size_t sn, int endstream,
                              size_t *len)
{
    sg_buf b;

    sg_buf_init(&b, 256UL << 20);
    sg_buf_printf(&b, "%%PDF-1.5\n3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n"
                  "4 0 obj << /Length %zu %s >>\nstream\n", sn, dict);
    sg_buf_append(&b, s, sn);
    if (endstream)
        sg_buf_puts(&b, "\nendstream\nendobj\n");
    return (unsigned char *)sg_buf_steal(&b, len);
}

static void t_flate(void)
{
    const char *c = "BT (My Number 1234) Tj ET";
    size_t zn, len;
    unsigned char *z = deflated(c, strlen(c), &zn), *pdf;
    pdf_text_opts o = opts();
    unsigned fl;
    char *t;

    pdf = raw_pdf("/Filter /FlateDecode", z, zn, 1, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_IS_STR(t, "My Number 1234\n", "Flate content");
    TAP_IS_INT((int)fl, 0, "Flate content: no flags");
    free(t);
    free(pdf);
    pdf = raw_pdf("/Filter [/FlateDecode]", z, zn / 2, 1, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(fl & PDF_F_CORRUPT, "truncated Flate stream: PDF_F_CORRUPT");
    free(t);
    free(pdf);
    pdf = raw_pdf("/Filter /FlateDecode", z, zn, 0, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_IS_STR(t, "My Number 1234\n", "missing endstream: the text is still read");
    TAP_OK(fl & PDF_F_CORRUPT, "missing endstream: PDF_F_CORRUPT");
    free(t);
    free(pdf);
    {
        /* "BT /F1 12 Tf (My Number 1234) Tj ET" as 9-bit LZW codes: clear,
         * literals, end (issue 9: LZW, ASCII85 and RunLength are decoded) */
        static const unsigned char lzw[] =
            "\x80\x10\x8a\x82\x01\x79\x18\x62\x20\x18\x8c\x84\x05\x43\x30\x80\x50\x4d\x3c\x88"
            "\x09\xc7\x53\x69\x88\xca\x72\x10\x0c\x46\x43\x31\xa0\xa4\x40\x54\x35\x08\x08\xa5\x48\x08";
        static const char a85[] = "6<#'\\7PQ#?1*BP.+=Ks0+AR&r@V'R&0etOA.3MT)+@T6~>";
        pdf = raw_pdf("/Filter /LZWDecode", lzw, sizeof(lzw) - 1, 1, &len);
        t = text_of(pdf, len, &o, &fl);
        TAP_IS_STR(t, "My Number 1234\n", "LZW content decoded");
        TAP_OK(!(fl & (PDF_F_FILTER | PDF_F_CORRUPT)), "LZW content: no filter or corrupt flag");
        free(t);
        free(pdf);
        pdf = raw_pdf("/Filter [/ASCII85Decode]", (const unsigned char *)a85, sizeof(a85) - 1, 1, &len);
        t = text_of(pdf, len, &o, &fl);
        TAP_IS_STR(t, "My Number 1234\n", "ASCII85 content decoded");
        free(t);
        free(pdf);
        pdf = raw_pdf("/Filter /DCTDecode", z, zn, 1, &len);
        t = text_of(pdf, len, &o, &fl);
        TAP_OK((fl & PDF_F_FILTER) && *t == 0, "an image filter on content: not decoded, PDF_F_FILTER");
        free(t);
        free(pdf);
    }
    free(z);
}

/* A Flate stream of n zero bytes, made chunk by chunk. */
static unsigned char *zeros_deflated(size_t n, size_t *outn)
{
    static unsigned char zero[1 << 16];
    z_stream s;
    sg_buf b;
    unsigned char out[1 << 14];
    int flush;

    memset(&s, 0, sizeof(s));
    sg_buf_init(&b, 64UL << 20);
    deflateInit(&s, 9);
    do {
        size_t k = n < sizeof(zero) ? n : sizeof(zero);
        n -= k;
        s.next_in = zero;
        s.avail_in = (uInt)k;
        flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            s.next_out = out;
            s.avail_out = sizeof(out);
            deflate(&s, flush);
            sg_buf_append(&b, out, sizeof(out) - s.avail_out);
        } while (s.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&s);
    return (unsigned char *)sg_buf_steal(&b, outn);
}

static int stop_after(void *arg, size_t n)
{
    size_t *budget = arg;

    if (n > *budget)
        return 1;
    *budget -= n;
    return 0;
}

static void t_bombs(void)
{
    size_t zn, len, budget = 4UL << 20;
    unsigned char *z = zeros_deflated(256UL << 20, &zn), *pdf;
    pdf_text_opts o = opts();
    unsigned fl;
    char *t;

    pdf = raw_pdf("/Filter /FlateDecode", z, zn, 1, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(fl & PDF_F_RATIO, "256 MB Flate bomb: PDF_F_RATIO");
    free(t);
    o.max_ratio = 2000000;
    o.max_stream = 8UL << 20;
    t = text_of(pdf, len, &o, &fl);
    TAP_OK((fl & PDF_F_PART) && !(fl & PDF_F_RATIO), "Flate bomb, ratio allowed: stops at max_stream");
    free(t);
    o.check = stop_after;
    o.arg = &budget;
    o.max_stream = 50UL << 20;
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(fl & PDF_F_STOPPED, "check() budget: PDF_F_STOPPED");
    free(t);
    free(pdf);
    free(z);
}

static void t_hostile(void)
{
    static const size_t deep = 1000000;
    sg_buf b;
    size_t len, i;
    char *t;
    unsigned fl;
    pdf_text_opts o = opts();
    unsigned char *pdf;

    sg_buf_init(&b, 64UL << 20);
    sg_buf_puts(&b, "%PDF-1.4\n1 0 obj ");
    for (i = 0; i < deep; i++)
        sg_buf_putc(&b, '[');
    sg_buf_puts(&b, "\n3 0 obj << /Type /Page /Contents 4 0 R /X ");
    for (i = 0; i < deep; i++)
        sg_buf_puts(&b, "<<");
    pdf = (unsigned char *)sg_buf_steal(&b, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(t != NULL, "a million nested arrays and dictionaries: ends");
    free(t);
    free(pdf);

    sg_buf_init(&b, 64UL << 20);
    sg_buf_puts(&b, "%PDF-1.4\n4 0 obj << >>\nstream\nBT ");
    for (i = 0; i < deep; i++)
        sg_buf_puts(&b, "[[<<");
    sg_buf_puts(&b, "(x) Tj ET\nendstream endobj\n");
    pdf = (unsigned char *)sg_buf_steal(&b, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(t != NULL, "content with a million open arrays: ends");
    free(t);
    free(pdf);

    sg_buf_init(&b, 64UL << 20);
    sg_buf_puts(&b, "%PDF-1.4\n");
    for (i = 0; i < PDF_MAX_OBJECTS + 10; i++)
        sg_buf_printf(&b, "%zu 0 obj null endobj\n", i);
    pdf = (unsigned char *)sg_buf_steal(&b, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(fl & PDF_F_OBJECTS, "more objects than PDF_MAX_OBJECTS: PDF_F_OBJECTS");
    free(t);
    free(pdf);

    sg_buf_init(&b, 64UL << 20);
    sg_buf_puts(&b, "%PDF-1.4\n");
    for (i = 0; i < 100000; i++)
        sg_buf_puts(&b, "1 0 obj << /Length 5 >>\nstream\n");
    pdf = (unsigned char *)sg_buf_steal(&b, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_OK(fl & PDF_F_CORRUPT, "100k streams without endstream: ends, PDF_F_CORRUPT");
    free(t);
    free(pdf);

    o.max_text = 10;
    {
        char *p2 = page_pdf("", "BT (0123456789abcdef) Tj ET", "");
        t = text_of(p2, strlen(p2), &o, &fl);
        TAP_OK((fl & PDF_F_TEXT) && strlen(t) <= 10, "text over max_text: cut, PDF_F_TEXT");
        free(t);
        free(p2);
    }
}

static void t_objstm(void)
{
    const char *objs = "3 0 << /Type /Page /Contents 4 0 R >>\n";
    size_t zn, len;
    unsigned char *z = deflated(objs, strlen(objs), &zn);
    sg_buf b;
    char *pdf, *t;
    pdf_text_opts o = opts();
    unsigned fl;

    sg_buf_init(&b, 1 << 20);
    sg_buf_printf(&b, "%%PDF-1.5\n4 0 obj << >>\nstream\nBT (in objstm) Tj ET\nendstream endobj\n"
                  "7 0 obj << /Type /ObjStm /N 1 /First 4 /Length %zu /Filter /FlateDecode >>\n"
                  "stream\n", zn);
    sg_buf_append(&b, z, zn);
    sg_buf_puts(&b, "\nendstream endobj\n");
    pdf = sg_buf_steal(&b, &len);
    t = text_of(pdf, len, &o, &fl);
    TAP_IS_STR(t, "in objstm\n", "page object inside an object stream");
    free(t);
    free(pdf);
    free(z);
}

int main(void)
{
    t_strings();
    t_fonts();
    t_structure();
    t_flate();
    t_bombs();
    t_hostile();
    t_objstm();
    return tap_done();
}
