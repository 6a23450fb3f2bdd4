/*
 * pdf_content - PDF tokens, fonts and content-stream text; see
 * pdf_content.h. Simple fonts without a ToUnicode map are read as WinAnsi
 * (PDFDocEncoding differs only in a few punctuation codes); a CID font
 * without a ToUnicode map and without a Unicode or Shift_JIS CMap gives no
 * text. Text positioning becomes white space: a new line for T*, ', ",
 * Tm, ET and a Td/TD that moves vertically, a space for a horizontal Td/TD
 * and for a TJ gap wider than PDF_TJ_SPACE thousandths of an em.
 */
#define _GNU_SOURCE 1
#include "pdf_content.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>

#include "scan_ctx.h"

#define PDF_TJ_SPACE 200     /* TJ displacement (1/1000 em) read as a word gap */
#define PDF_MAX_NUM  32      /* characters of a number token looked at */

/* ---- tokens ------------------------------------------------------------- */

static int is_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

void pdf_lex_init(pdf_lex *lx, const unsigned char *p, size_t n)
{
    lx->p = p;
    lx->end = p + n;
}

static const unsigned char *regular_end(const unsigned char *q, const unsigned char *end)
{
    while (q < end && !is_ws(*q) && !is_delim(*q))
        q++;
    return q;
}

static const unsigned char *literal_end(const unsigned char *q, const unsigned char *end)
{
    int depth = 1;

    for (; q < end; q++) {
        if (*q == '\\') {
            if (++q >= end)
                break;
        } else if (*q == '(') {
            depth++;
        } else if (*q == ')' && --depth == 0) {
            break;
        }
    }
    return q < end ? q : end;
}

static pdf_tk tok(pdf_lex *lx, pdf_tok *t, pdf_tk k, const unsigned char *p, size_t n,
                  const unsigned char *next)
{
    t->k = k;
    t->p = p;
    t->n = n;
    lx->p = next;
    return k;
}

pdf_tk pdf_lex_next(pdf_lex *lx, pdf_tok *t)
{
    const unsigned char *p = lx->p, *end = lx->end, *q;

    for (;;) {
        while (p < end && is_ws(*p))
            p++;
        if (p < end && *p == '%') {
            while (p < end && *p != '\r' && *p != '\n')
                p++;
            continue;
        }
        break;
    }
    if (p >= end)
        return tok(lx, t, PT_EOF, end, 0, end);
    switch (*p) {
    case '(':
        q = literal_end(p + 1, end);
        return tok(lx, t, PT_STR, p + 1, (size_t)(q - p - 1), q < end ? q + 1 : end);
    case '<':
        if (p + 1 < end && p[1] == '<')
            return tok(lx, t, PT_DOPEN, p, 2, p + 2);
        q = memchr(p + 1, '>', (size_t)(end - p - 1));
        q = q ? q : end;
        return tok(lx, t, PT_HEX, p + 1, (size_t)(q - p - 1), q < end ? q + 1 : end);
    case '>':
        if (p + 1 < end && p[1] == '>')
            return tok(lx, t, PT_DCLOSE, p, 2, p + 2);
        return tok(lx, t, PT_KW, p, 1, p + 1);
    case '[':
        return tok(lx, t, PT_AOPEN, p, 1, p + 1);
    case ']':
        return tok(lx, t, PT_ACLOSE, p, 1, p + 1);
    case '/':
        q = regular_end(p + 1, end);
        return tok(lx, t, PT_NAME, p + 1, (size_t)(q - p - 1), q);
    case '{': case '}': case ')':
        return tok(lx, t, PT_KW, p, 1, p + 1);
    default:
        q = regular_end(p, end);
        return tok(lx, t, (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.'
                   ? PT_NUM : PT_KW, p, (size_t)(q - p), q);
    }
}

const unsigned char *pdf_lex_skip(pdf_lex *lx, const pdf_tok *t)
{
    pdf_tok x;
    size_t depth = 1;

    if (t->k != PT_DOPEN && t->k != PT_AOPEN)
        return lx->p;
    while (depth > 0) {
        switch (pdf_lex_next(lx, &x)) {
        case PT_EOF:
            return lx->p;
        case PT_DOPEN: case PT_AOPEN:
            depth++;
            break;
        case PT_DCLOSE: case PT_ACLOSE:
            depth--;
            break;
        default:
            break;
        }
    }
    return lx->p;
}

int pdf_tok_is(const pdf_tok *t, pdf_tk k, const char *s)
{
    size_t n = strlen(s);

    return t->k == k && t->n == n && memcmp(t->p, s, n) == 0;
}

static int hexv(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t hex_bytes(const unsigned char *p, size_t n, unsigned char *out)
{
    size_t o = 0, i;
    int hi = -1, v;

    for (i = 0; i < n; i++) {
        if ((v = hexv(p[i])) < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out[o++] = (unsigned char)(hi * 16 + v);
            hi = -1;
        }
    }
    if (hi >= 0)
        out[o++] = (unsigned char)(hi * 16);
    return o;
}

static size_t escape(const unsigned char *p, size_t n, size_t *i, unsigned char *out)
{
    static const char from[] = "nrtbf", to[] = "\n\r\t\b\f";
    unsigned char c = p[*i];
    const char *k = strchr(from, c);
    unsigned v = 0, d = 0;

    if (c == '\r' || c == '\n') {          /* line continuation */
        if (c == '\r' && *i + 1 < n && p[*i + 1] == '\n')
            (*i)++;
        return 0;
    }
    if (c >= '0' && c <= '7') {
        while (d < 3 && *i < n && p[*i] >= '0' && p[*i] <= '7') {
            v = v * 8 + (unsigned)(p[*i] - '0');
            (*i)++;
            d++;
        }
        (*i)--;
        *out = (unsigned char)v;
        return 1;
    }
    *out = k && c ? (unsigned char)to[k - from] : c;
    return 1;
}

size_t pdf_str_bytes(const pdf_tok *t, unsigned char *out)
{
    size_t o = 0, i;

    if (t->k == PT_HEX)
        return hex_bytes(t->p, t->n, out);
    for (i = 0; i < t->n; i++) {
        if (t->p[i] == '\\' && i + 1 < t->n) {
            i++;
            o += escape(t->p, t->n, &i, out + o);
        } else {
            out[o++] = t->p[i];
        }
    }
    return o;
}

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
        free(f);
    }
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

static int put_cp(sg_buf *b, uint32_t cp)
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
        r = put_cp(b, cp);
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
static int show(sg_buf *b, const pdf_font *f, const unsigned char *s, size_t n)
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
            r = put_cp(b, winansi(s[i]));
        }
    }
    return r;
}

/* ---- content streams ---------------------------------------------------------- */

typedef struct cstate {
    const pdf_content_io *io;
    const pdf_font *font;
    pdf_tok str, name;       /* last string and name operands */
    const unsigned char *arr, *arr_end;   /* last array operand */
    double num[2];           /* last two numbers */
    int have_str, have_arr;
    unsigned char *scratch;
    size_t scratch_len;
} cstate;

static double num_of(const pdf_tok *t)
{
    char b[PDF_MAX_NUM + 1];
    size_t n = t->n < PDF_MAX_NUM ? t->n : PDF_MAX_NUM;

    memcpy(b, t->p, n);
    b[n] = '\0';
    return strtod(b, NULL);
}

static int ws_put(cstate *c, char ch)
{
    sg_buf *b = c->io->out;

    if (b->len == 0 || b->data[b->len - 1] == '\n' || (ch == ' ' && b->data[b->len - 1] == ' '))
        return 0;
    return sg_buf_putc(b, ch);
}

static int show_tok(cstate *c, const pdf_tok *t)
{
    size_t n;

    if (t->n > c->scratch_len) {
        unsigned char *s = sg_realloc(c->scratch, t->n);
        if (!s)
            return SG_BUF_NOMEM;
        c->scratch = s;
        c->scratch_len = t->n;
    }
    n = pdf_str_bytes(t, c->scratch);
    if (n && c->font && c->font->kind == PF_CID && c->font->n == 0 && c->io->unmapped)
        (*c->io->unmapped)++;
    return show(c->io->out, c->font, c->scratch, n);
}

static int show_array(cstate *c)
{
    pdf_lex lx;
    pdf_tok t;
    int r = 0;

    pdf_lex_init(&lx, c->arr, (size_t)(c->arr_end - c->arr));
    while (r == 0 && pdf_lex_next(&lx, &t) != PT_EOF) {
        if (t.k == PT_STR || t.k == PT_HEX)
            r = show_tok(c, &t);
        else if (t.k == PT_NUM && num_of(&t) <= -PDF_TJ_SPACE)
            r = ws_put(c, ' ');
    }
    return r;
}

/* Skips inline image data: from after "ID" to "EI" between white space. */
static void skip_inline_image(pdf_lex *lx)
{
    const unsigned char *p = lx->p, *e;

    while (p < lx->end && (e = memmem(p, (size_t)(lx->end - p), "EI", 2)) != NULL) {
        if (is_ws(e[-1]) && (e + 2 == lx->end || is_ws(e[2]))) {
            lx->p = e + 2;
            return;
        }
        p = e + 2;
    }
    lx->p = lx->end;
}

static int op(cstate *c, pdf_lex *lx, const pdf_tok *t)
{
    int r = 0;

    if (pdf_tok_is(t, PT_KW, "Tf"))
        c->font = c->io->font(c->io->arg, c->name.p, c->name.n);
    else if (pdf_tok_is(t, PT_KW, "Tj") && c->have_str)
        r = show_tok(c, &c->str);
    else if ((pdf_tok_is(t, PT_KW, "'") || pdf_tok_is(t, PT_KW, "\"")) && c->have_str) {
        if ((r = ws_put(c, '\n')) == 0)
            r = show_tok(c, &c->str);
    } else if (pdf_tok_is(t, PT_KW, "TJ") && c->have_arr)
        r = show_array(c);
    else if (pdf_tok_is(t, PT_KW, "Td") || pdf_tok_is(t, PT_KW, "TD"))
        r = ws_put(c, c->num[1] != 0.0 ? '\n' : ' ');
    else if (pdf_tok_is(t, PT_KW, "T*") || pdf_tok_is(t, PT_KW, "Tm") ||
             pdf_tok_is(t, PT_KW, "ET"))
        r = ws_put(c, '\n');
    else if (pdf_tok_is(t, PT_KW, "ID"))
        skip_inline_image(lx);
    c->have_str = c->have_arr = 0;
    c->num[0] = c->num[1] = 0.0;
    return r;
}

int pdf_content_text(const unsigned char *d, size_t n, const pdf_content_io *io)
{
    cstate c;
    pdf_lex lx;
    pdf_tok t;
    unsigned long count = 0;
    int r = 0;

    memset(&c, 0, sizeof(c));
    c.io = io;
    c.name.p = (const unsigned char *)"";
    pdf_lex_init(&lx, d, n);
    while (r == 0 && pdf_lex_next(&lx, &t) != PT_EOF) {
        if (++count % PDF_TICK_TOKENS == 0 && io->tick && io->tick(io->arg)) {
            free(c.scratch);
            return 1;
        }
        switch (t.k) {
        case PT_NUM:
            c.num[0] = c.num[1];
            c.num[1] = num_of(&t);
            break;
        case PT_STR: case PT_HEX:
            c.str = t;
            c.have_str = 1;
            break;
        case PT_NAME:
            c.name = t;
            break;
        case PT_AOPEN:
            c.arr = lx.p;
            c.arr_end = pdf_lex_skip(&lx, &t);
            c.have_arr = 1;
            break;
        case PT_DOPEN:
            pdf_lex_skip(&lx, &t);
            break;
        case PT_KW:
            r = op(&c, &lx, &t);
            break;
        default:
            break;
        }
    }
    free(c.scratch);
    return r == SG_BUF_NOMEM ? -1 : r == SG_BUF_TOOBIG ? 1 : 0;
}
