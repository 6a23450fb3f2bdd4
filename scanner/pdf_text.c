/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_text - the text of one content stream (operators Tj, TJ, ' and ")
 * laid out by position; see pdf_content.h.
 *
 * The text state follows BT, Tm, Td, TD, T*, TL, Tf, Tc, Tw, Tz: every
 * string is shown at the origin of the text matrix, which then advances
 * by the glyphs' widths (pdf_font_advance: /Widths, /DW, or 500/1000
 * thousandths of an em). Before a string, its start is compared with
 * where the previous one ended: another baseline (more than half the font
 * size up or down) -> a new line; on the same line a gap wider than
 * PDF_GAP_EM of the font size, or a step backwards -> a space; closer ->
 * nothing, so digits placed one by one in form boxes that touch (one Tm
 * or Td per digit, as form tools and ReportLab write them) stay one run.
 * A TJ displacement of PDF_TJ_SPACE thousandths of an em or more is a
 * space. T*, ' and " without a leading (TL 0) still start a new line.
 * The current transformation matrix (cm) is not followed: text
 * placed through different cm in one stream may join or split wrongly.
 *
 * Limits: the caller's sg_buf cap, io->tick() every PDF_TICK_TOKENS
 * tokens. Works on borrowed bytes; owns a scratch buffer per call.
 */
#define _GNU_SOURCE 1
#include "pdf_content.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sg_alloc.h"

#define PDF_TJ_SPACE 200     /* TJ displacement (1/1000 em) read as a word gap */
#define PDF_GAP_EM   0.25    /* gap between two strings (in font sizes) read as a space */
#define PDF_MAX_NUM  32      /* characters of a number token looked at */
#define PDF_NUMS     6       /* operands kept (Tm has six) */

typedef struct cstate {
    const pdf_content_io *io;
    const pdf_font *font;
    pdf_tok str, name;       /* last string and name operands */
    const unsigned char *arr, *arr_end;   /* last array operand */
    double num[PDF_NUMS];    /* last numbers, num[PDF_NUMS - 1] the latest */
    int nnum;
    int have_str, have_arr;
    double tm[6], lm[6];     /* text and line matrices */
    double size, tl, tc, tw, th;
    int have_end;            /* a string was shown: end_x/end_y valid */
    int force_nl;            /* T*, ' or " without a leading: a new line all the same */
    double end_x, end_y, end_h;
    unsigned char *scratch;
    size_t scratch_len;
} cstate;

static int is_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static double num_of(const pdf_tok *t)
{
    char b[PDF_MAX_NUM + 1];
    size_t n = t->n < PDF_MAX_NUM ? t->n : PDF_MAX_NUM;
    double v;

    memcpy(b, t->p, n);
    b[n] = '\0';
    v = strtod(b, NULL);
    return isfinite(v) ? v : 0;
}

static double arg(const cstate *c, int from_end)
{
    return from_end < c->nnum ? c->num[PDF_NUMS - 1 - from_end] : 0;
}

static int ws_put(cstate *c, char ch)
{
    sg_buf *b = c->io->out;

    if (b->len == 0 || b->data[b->len - 1] == '\n' || (ch == ' ' && b->data[b->len - 1] == ' '))
        return 0;
    if (ch == '\n' && b->data[b->len - 1] == ' ')
        b->data[b->len - 1] = '\n';          /* no blank before a line end */
    else
        return sg_buf_putc(b, ch);
    return 0;
}

static void set_matrix(double m[6], double a, double b, double cc, double d, double e, double f)
{
    m[0] = a; m[1] = b; m[2] = cc; m[3] = d; m[4] = e; m[5] = f;
}

/* lm = [1 0 0 1 tx ty] x lm; tm = lm */
static void td(cstate *c, double tx, double ty)
{
    c->lm[4] += tx * c->lm[0] + ty * c->lm[2];
    c->lm[5] += tx * c->lm[1] + ty * c->lm[3];
    memcpy(c->tm, c->lm, sizeof(c->tm));
}

/* Height of the font in user space (its size scaled by the text matrix). */
static double em(const cstate *c)
{
    double h = fabs(c->size) * sqrt(c->tm[2] * c->tm[2] + c->tm[3] * c->tm[3]);

    return h > 0.01 ? h : 1;
}

/* White space between the last string and one starting at the text origin. */
static int separate(cstate *c)
{
    double x = c->tm[4], y = c->tm[5], h, dx;

    if (!c->have_end)
        return 0;
    if (c->force_nl) {
        c->force_nl = 0;
        return ws_put(c, '\n');
    }
    h = em(c) > c->end_h ? em(c) : c->end_h;
    if (fabs(y - c->end_y) > h / 2)
        return ws_put(c, '\n');
    dx = x - c->end_x;
    if (dx > h * PDF_GAP_EM || dx < -h / 2)
        return ws_put(c, ' ');
    return 0;
}

/* Moves the text origin by adv text-space units along the baseline. */
static void advance(cstate *c, double adv)
{
    adv *= c->th;
    c->tm[4] += adv * c->tm[0];
    c->tm[5] += adv * c->tm[1];
}

static int show_tok(cstate *c, const pdf_tok *t)
{
    size_t n;
    int r;

    if (t->n > c->scratch_len) {
        unsigned char *s = sg_realloc(c->scratch, t->n);
        if (!s)
            return SG_BUF_NOMEM;
        c->scratch = s;
        c->scratch_len = t->n;
    }
    n = pdf_str_bytes(t, c->scratch);
    if (n && c->font && pdf_font_needs_map(c->font) && c->io->unmapped)
        (*c->io->unmapped)++;
    if ((r = separate(c)) != 0)
        return r;
    r = pdf_font_show(c->io->out, c->font, c->scratch, n);
    advance(c, pdf_font_advance(c->font, c->scratch, n, c->tc, c->tw, c->size));
    c->have_end = 1;
    c->end_x = c->tm[4];
    c->end_y = c->tm[5];
    c->end_h = em(c);
    return r;
}

static int show_array(cstate *c)
{
    pdf_lex lx;
    pdf_tok t;
    int r = 0;

    pdf_lex_init(&lx, c->arr, (size_t)(c->arr_end - c->arr));
    while (r == 0 && pdf_lex_next(&lx, &t) != PT_EOF) {
        if (t.k == PT_STR || t.k == PT_HEX) {
            r = show_tok(c, &t);
        } else if (t.k == PT_NUM) {
            double v = num_of(&t);
            if (v <= -PDF_TJ_SPACE)
                r = ws_put(c, ' ');
            advance(c, -v / 1000 * c->size);
            c->end_x = c->tm[4];
            c->end_y = c->tm[5];
        }
    }
    return r;
}

/* Skips inline image data: from after "ID" to "EI" between white space. */
static void skip_inline_image(pdf_lex *lx)
{
    const unsigned char *p = lx->p, *e;

    while (p < lx->end && (e = memmem(p, (size_t)(lx->end - p), "EI", 2)) != NULL) {
        if (e > lx->p && is_ws(e[-1]) && (e + 2 == lx->end || is_ws(e[2]))) {
            lx->p = e + 2;
            return;
        }
        p = e + 2;
    }
    lx->p = lx->end;
}

static int kw(const pdf_tok *t, const char *s)
{
    return pdf_tok_is(t, PT_KW, s);
}

static int op(cstate *c, pdf_lex *lx, const pdf_tok *t)
{
    int r = 0;

    if (kw(t, "BT")) {
        set_matrix(c->tm, 1, 0, 0, 1, 0, 0);
        set_matrix(c->lm, 1, 0, 0, 1, 0, 0);
    } else if (kw(t, "Tf")) {
        c->font = c->io->font(c->io->arg, c->name.p, c->name.n);
        c->size = arg(c, 0);
    } else if (kw(t, "Tm")) {
        set_matrix(c->lm, arg(c, 5), arg(c, 4), arg(c, 3), arg(c, 2), arg(c, 1), arg(c, 0));
        memcpy(c->tm, c->lm, sizeof(c->tm));
    } else if (kw(t, "Td")) {
        td(c, arg(c, 1), arg(c, 0));
    } else if (kw(t, "TD")) {
        c->tl = -arg(c, 0);
        td(c, arg(c, 1), arg(c, 0));
    } else if (kw(t, "T*")) {
        td(c, 0, -c->tl);
        c->force_nl = c->tl == 0;
    } else if (kw(t, "TL")) {
        c->tl = arg(c, 0);
    } else if (kw(t, "Tc")) {
        c->tc = arg(c, 0);
    } else if (kw(t, "Tw")) {
        c->tw = arg(c, 0);
    } else if (kw(t, "Tz")) {
        c->th = arg(c, 0) / 100;
    } else if (kw(t, "Tj") && c->have_str) {
        r = show_tok(c, &c->str);
    } else if ((kw(t, "'") || kw(t, "\"")) && c->have_str) {
        if (kw(t, "\"")) {
            c->tw = arg(c, 1);
            c->tc = arg(c, 0);
        }
        td(c, 0, -c->tl);
        c->force_nl = c->tl == 0;
        r = show_tok(c, &c->str);
    } else if (kw(t, "TJ") && c->have_arr) {
        r = show_array(c);
    } else if (kw(t, "ID")) {
        skip_inline_image(lx);
    }
    c->have_str = c->have_arr = 0;
    c->nnum = 0;
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
    c.th = 1;
    set_matrix(c.tm, 1, 0, 0, 1, 0, 0);
    set_matrix(c.lm, 1, 0, 0, 1, 0, 0);
    pdf_lex_init(&lx, d, n);
    while (r == 0 && pdf_lex_next(&lx, &t) != PT_EOF) {
        if (++count % PDF_TICK_TOKENS == 0 && io->tick && io->tick(io->arg)) {
            free(c.scratch);
            return 1;
        }
        switch (t.k) {
        case PT_NUM:
            memmove(c.num, c.num + 1, sizeof(c.num) - sizeof(c.num[0]));
            c.num[PDF_NUMS - 1] = num_of(&t);
            if (c.nnum < PDF_NUMS)
                c.nnum++;
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
