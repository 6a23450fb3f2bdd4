/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_font - how a shown string's bytes become Unicode: ToUnicode CMaps
 * (bfchar, bfrange), UTF-16 and Shift_JIS CMaps, simple fonts read as
 * WinAnsi (PDFDocEncoding differs only in a few punctuation codes),
 * UTF-16BE strings with a BOM; and glyph widths (/Widths, /DW) for the
 * text layout. A CID font without a ToUnicode map and without a Unicode
 * or Shift_JIS CMap gives no text. See pdf_content.h.
 * Owns: a pdf_font's map and widths (pdf_font_free).
 */
#include "pdf_content.h"

#include <stdlib.h>
#include <string.h>

#include "sg_alloc.h"
#include "scan_ctx.h"

static uint32_t code_of(const unsigned char *b, size_t n);

/* ---- fonts and ToUnicode maps -------------------------------------------- */

typedef struct map_ent {
    uint32_t lo, hi;
    uint16_t dst[PDF_MAX_MAP_UNITS];
    uint8_t ndst;
} map_ent;

struct pdf_font {
    pdf_font_kind kind;
    int nbytes;          /* code length; 0 until a codespace says */
    map_ent *m;
    size_t n, alloc;
    uint16_t *widths;    /* simple fonts: /Widths from first */
    unsigned first, nwidths;
    unsigned dw;         /* default width (1/1000 em); 0: by kind */
};

pdf_font *pdf_font_new(pdf_font_kind kind)
{
    pdf_font *f = sg_calloc(1, sizeof(*f));

    if (f)
        f->kind = kind;
    return f;
}

void pdf_font_free(pdf_font *f)
{
    if (f) {
        free(f->m);
        free(f->widths);
        free(f);
    }
}

int pdf_font_set_widths(pdf_font *f, unsigned first, const uint16_t *w, size_t n, unsigned dw)
{
    f->dw = dw;
    if (!n)
        return 0;
    if (n > PDF_MAX_WIDTHS)
        n = PDF_MAX_WIDTHS;
    if (!(f->widths = sg_malloc(n * sizeof(*w))))
        return -1;
    memcpy(f->widths, w, n * sizeof(*w));
    f->first = first;
    f->nwidths = (unsigned)n;
    return 0;
}

/* Width of code c in 1/1000 em: /Widths, else /DW, else 500 (simple) or
 * 1000 (CID: CJK glyphs are full width). */
static unsigned width_of(const pdf_font *f, uint32_t c)
{
    if (f && f->widths && c >= f->first && c - f->first < f->nwidths && f->widths[c - f->first])
        return f->widths[c - f->first];
    if (f && f->dw)
        return f->dw;
    return f && f->kind != PF_SIMPLE ? 1000 : 500;
}

double pdf_font_advance(const pdf_font *f, const unsigned char *s, size_t n, double tc, double tw,
                        double size)
{
    pdf_font_kind k = f ? f->kind : PF_SIMPLE;
    size_t w = f && f->nbytes ? (size_t)f->nbytes : k == PF_SIMPLE ? 1 : 2, i;
    double adv = 0;

    if (k == PF_SJIS) {                      /* 1 or 2 bytes per character */
        for (i = 0; i < n; i++) {
            int lead = (s[i] >= 0x81 && s[i] <= 0x9F) || (s[i] >= 0xE0 && s[i] <= 0xFC);
            adv += (lead ? 1000 : 500) / 1000.0 * size + tc;
            i += lead;
        }
        return adv;
    }
    for (i = 0; i + w <= n; i += w) {
        uint32_t c = code_of(s + i, w);
        adv += width_of(f, c) / 1000.0 * size + tc + (w == 1 && c == 32 ? tw : 0);
    }
    return adv;
}

int pdf_font_needs_map(const pdf_font *f)
{
    return f && f->kind == PF_CID && f->n == 0;
}

int pdf_font_has_map(const pdf_font *f)
{
    return f && f->n > 0;
}

static uint32_t code_of(const unsigned char *b, size_t n)
{
    uint32_t c = 0;

    for (size_t i = 0; i < n && i < 4; i++)
        c = c << 8 | b[i];
    return c;
}

/* Adds lo..hi -> dst (UTF-16BE bytes). 1 added or skipped, -1 no memory. */
static int map_add(pdf_font *f, uint32_t lo, uint32_t hi, const unsigned char *dst, size_t dn)
{
    map_ent *e;

    if (hi < lo || f->n >= PDF_MAX_CMAP_ENTRIES || dn < 2)
        return 1;
    if (f->n == f->alloc) {
        size_t na = f->alloc ? f->alloc * 2 : 64;
        map_ent *m = sg_realloc(f->m, na * sizeof(*m));
        if (!m)
            return -1;
        f->m = m;
        f->alloc = na;
    }
    e = &f->m[f->n++];
    e->lo = lo;
    e->hi = hi;
    e->ndst = 0;
    for (size_t i = 0; i + 1 < dn && e->ndst < PDF_MAX_MAP_UNITS; i += 2)
        e->dst[e->ndst++] = (uint16_t)(dst[i] << 8 | dst[i + 1]);
    return 1;
}

/* The bytes of a string token in a scratch buffer of at least t->n. */
static size_t tok_bytes(const pdf_tok *t, unsigned char *scratch)
{
    return t->k == PT_HEX || t->k == PT_STR ? pdf_str_bytes(t, scratch) : 0;
}

static int cmap_bfrange(pdf_font *f, pdf_lex *lx, unsigned char *s1, unsigned char *s2)
{
    pdf_tok a, b, c, x;
    uint32_t lo, hi, i;
    size_t n;

    while (pdf_lex_next(lx, &a) != PT_EOF && !pdf_tok_is(&a, PT_KW, "endbfrange")) {
        if (pdf_lex_next(lx, &b) == PT_EOF || pdf_lex_next(lx, &c) == PT_EOF)
            break;
        n = tok_bytes(&a, s1);
        lo = code_of(s1, n);
        if (f->nbytes == 0 && n > 0)
            f->nbytes = (int)(n > 4 ? 4 : n);
        hi = code_of(s1, tok_bytes(&b, s1));
        if (c.k == PT_HEX && map_add(f, lo, hi, s2, tok_bytes(&c, s2)) < 0)
            return -1;
        if (c.k != PT_AOPEN)
            continue;
        for (i = lo; pdf_lex_next(lx, &x) == PT_HEX || x.k == PT_STR; i++)
            if (i <= hi && map_add(f, i, i, s2, tok_bytes(&x, s2)) < 0)
                return -1;
    }
    return 0;
}

static int cmap_bfchar(pdf_font *f, pdf_lex *lx, unsigned char *s1, unsigned char *s2)
{
    pdf_tok a, b;
    uint32_t c;
    size_t n;

    while (pdf_lex_next(lx, &a) != PT_EOF && !pdf_tok_is(&a, PT_KW, "endbfchar")) {
        if (pdf_lex_next(lx, &b) == PT_EOF)
            break;
        n = tok_bytes(&a, s1);
        c = code_of(s1, n);
        if (f->nbytes == 0 && n > 0)
            f->nbytes = (int)(n > 4 ? 4 : n);
        if (b.k == PT_HEX && map_add(f, c, c, s2, tok_bytes(&b, s2)) < 0)
            return -1;
    }
    return 0;
}

static void cmap_codespace(pdf_font *f, pdf_lex *lx, unsigned char *s1)
{
    pdf_tok a;
    size_t n;

    while (pdf_lex_next(lx, &a) != PT_EOF && !pdf_tok_is(&a, PT_KW, "endcodespacerange"))
        if (a.k == PT_HEX && f->nbytes == 0 && (n = tok_bytes(&a, s1)) > 0)
            f->nbytes = (int)(n > 4 ? 4 : n);
}

static int ent_cmp(const void *a, const void *b)
{
    const map_ent *x = a, *y = b;

    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

int pdf_font_cmap(pdf_font *f, const unsigned char *d, size_t n)
{
    pdf_lex lx;
    pdf_tok t;
    unsigned char *s1 = sg_malloc(n + 1), *s2 = sg_malloc(n + 1);
    int r = 0;

    if (!s1 || !s2) {
        free(s1);
        free(s2);
        return -1;
    }
    pdf_lex_init(&lx, d, n);
    while (r == 0 && pdf_lex_next(&lx, &t) != PT_EOF) {
        if (pdf_tok_is(&t, PT_KW, "begincodespacerange"))
            cmap_codespace(f, &lx, s1);
        else if (pdf_tok_is(&t, PT_KW, "beginbfchar"))
            r = cmap_bfchar(f, &lx, s1, s2);
        else if (pdf_tok_is(&t, PT_KW, "beginbfrange"))
            r = cmap_bfrange(f, &lx, s1, s2);
    }
    free(s1);
    free(s2);
    if (f->n > 1)
        qsort(f->m, f->n, sizeof(*f->m), ent_cmp);
    return r;
}

static const map_ent *map_find(const pdf_font *f, uint32_t c)
{
    size_t lo = 0, hi = f->n;

    while (lo < hi) {                       /* first entry with lo > c */
        size_t mid = lo + (hi - lo) / 2;
        if (f->m[mid].lo <= c)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || f->m[lo - 1].hi < c)
        return NULL;
    return &f->m[lo - 1];
}

/* ---- text output ------------------------------------------------------------ */

int pdf_put_cp(sg_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp < 0x20 && cp != '\n')
        cp = ' ';
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return sg_buf_append(b, u, n);
}

static int put_utf16(sg_buf *b, const uint16_t *u, size_t n)
{
    int r = 0;

    for (size_t i = 0; i < n && r == 0; i++) {
        uint32_t cp = u[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            i++;
        }
        r = pdf_put_cp(b, cp);
    }
    return r;
}

static int put_utf16be(sg_buf *b, const unsigned char *s, size_t n)
{
    uint16_t u[2];
    int r = 0;

    for (size_t i = 0; i + 1 < n && r == 0; i += 2) {
        u[0] = (uint16_t)(s[i] << 8 | s[i + 1]);
        if (u[0] >= 0xD800 && u[0] <= 0xDBFF && i + 3 < n) {
            u[1] = (uint16_t)(s[i + 2] << 8 | s[i + 3]);
            r = put_utf16(b, u, 2);
            i += 2;
        } else {
            r = put_utf16(b, u, 1);
        }
    }
    return r;
}

static uint32_t winansi(unsigned char c)
{
    static const uint16_t hi[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
    };

    return c >= 0x80 && c < 0xA0 ? hi[c - 0x80] : c;
}

static int show_sjis(sg_buf *b, const unsigned char *s, size_t n)
{
    size_t outlen = 0;
    char *u = text_decode((const char *)s, n, "CP932", &outlen, NULL);
    int r;

    if (!u)
        return SG_BUF_NOMEM;
    r = sg_buf_append(b, u, outlen);
    free(u);
    return r;
}

/* Appends the text of string bytes s shown with font f (NULL: simple). */
int pdf_font_show(sg_buf *b, const pdf_font *f, const unsigned char *s, size_t n)
{
    pdf_font_kind k = f ? f->kind : PF_SIMPLE;
    size_t w = f && f->nbytes ? (size_t)f->nbytes : k == PF_SIMPLE ? 1 : 2, i;
    const map_ent *e;
    int r = 0;

    if (k == PF_UTF16 || (k == PF_SIMPLE && n >= 2 && s[0] == 0xFE && s[1] == 0xFF))
        return k == PF_UTF16 ? put_utf16be(b, s, n) : put_utf16be(b, s + 2, n - 2);
    if (k == PF_SJIS)
        return show_sjis(b, s, n);
    for (i = 0; i + w <= n && r == 0; i += w) {
        uint32_t c = code_of(s + i, w);
        if (f && f->n && (e = map_find(f, c)) != NULL) {
            uint16_t u[PDF_MAX_MAP_UNITS];
            memcpy(u, e->dst, sizeof(u));
            if (e->ndst)
                u[e->ndst - 1] = (uint16_t)(u[e->ndst - 1] + (c - e->lo));
            r = put_utf16(b, u, e->ndst);
        } else if (k == PF_SIMPLE) {
            r = pdf_put_cp(b, winansi(s[i]));
        }
    }
    return r;
}

int pdf_text_string(sg_buf *b, const unsigned char *s, size_t n)
{
    int r = SG_BUF_OK;

    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return put_utf16be(b, s + 2, n - 2);
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return sg_buf_append(b, s + 3, n - 3);
    for (size_t i = 0; i < n && r == SG_BUF_OK; i++)
        r = pdf_put_cp(b, s[i] == '\r' || s[i] == '\n' ? '\n' : winansi(s[i]));
    return r;
}
