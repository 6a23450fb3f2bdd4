/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * biff8 - cells of a legacy Excel workbook (.xls, BIFF8: Excel 97-2003) as
 * tables, one per sheet, in the same form as xlsx sheets (rows '\n', cells
 * '\t', empty cells kept by column), plus sheet headers/footers and cell
 * comments (notes) as text; see biff8.h.
 *
 * Records ([MS-XLS] 2.4): BOUNDSHEET8 (sheet names and stream offsets,
 * hidden sheets included), SST + CONTINUE (shared strings; a string cut by
 * a CONTINUE record starts again with a flags byte), LABELSST, LABEL,
 * RSTRING, NUMBER, RK, MULRK, FORMULA (+ STRING), BOOLERR, HEADER, FOOTER,
 * TXO + CONTINUE (comment text), FILEPASS (encrypted), BOF (BIFF8 only;
 * BIFF5 and older: not read).
 *
 * Limits: BIFF8_MAX_CELLS cells per workbook, SG_MAX_SHARED_STRINGS shared
 * strings, io->max_text bytes per unit; what is cut is reported through
 * io->partly(). Every read is checked against the record and the stream.
 * Owns: its cell list and string buffers, freed before return.
 */
#include "biff8.h"
#include "sg_alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_type.h"
#include "sg_buf.h"
#include "sg_limits.h"

#define BIFF8_MAX_CELLS   (4UL * 1024 * 1024)
#define BIFF8_MAX_SHEETS  SG_MAX_OOXML_SHEETS
#define BIFF8_MAX_BOUNDS  65536   /* CONTINUE records joined to one SST */

typedef struct cell { uint32_t row; uint16_t col; uint32_t off, len; } cell;

typedef struct sheet { uint32_t pos; char *name; } sheet;

typedef struct wb {
    const unsigned char *d;
    size_t n;
    const reader_io *io;
    sg_buf sst;                 /* shared strings, NUL-separated */
    size_t *sst_off;
    size_t nsst;
    sheet sheets[BIFF8_MAX_SHEETS];
    size_t nsheets;
    cell *cells;
    size_t ncells, acells;
    sg_buf strs;                /* cell texts */
    sg_buf text;                /* headers, footers, comments of one sheet */
    int nomem, stop, cut;
} wb;

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* ---- characters ------------------------------------------------------------ */

static int put_cp(sg_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp == 0 || cp == '\t' || cp == '\r' || cp == '\n')
        cp = ' ';                        /* never a row or cell separator */
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                             u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
           u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    return sg_buf_append(b, u, n);
}

/* A data run split into records: a CONTINUE boundary inside a string's
 * characters is followed by a new flags byte (fHighByte). */
typedef struct cur {
    const unsigned char *d;     /* joined record data */
    size_t n, pos;
    const size_t *bounds;       /* offsets where a CONTINUE record starts */
    size_t nb, bi;
} cur;

static int at_bound(cur *c)
{
    while (c->bi < c->nb && c->bounds[c->bi] < c->pos)
        c->bi++;
    return c->bi < c->nb && c->bounds[c->bi] == c->pos;
}

/* cch characters (high: 2 bytes each) into b; -1 when the data ends. */
static int cur_chars(cur *c, size_t cch, int high, sg_buf *b, int *full)
{
    uint32_t hs = 0;

    while (cch > 0) {
        uint32_t u;
        if (c->nb && at_bound(c)) {          /* string continued: new flags byte */
            if (c->pos >= c->n)
                return -1;
            high = c->d[c->pos++] & 1;
        }
        if (c->pos + (high ? 2u : 1u) > c->n)
            return -1;
        u = high ? rd16(c->d + c->pos) : c->d[c->pos];
        c->pos += high ? 2 : 1;
        cch--;
        if (u >= 0xD800 && u <= 0xDBFF) {    /* surrogate pair */
            hs = u;
            continue;
        }
        if (hs && u >= 0xDC00 && u <= 0xDFFF)
            u = 0x10000 + ((hs - 0xD800) << 10) + (u - 0xDC00);
        hs = 0;
        if (!*full && put_cp(b, u) != SG_BUF_OK)
            *full = 1;
    }
    return 0;
}

/* XLUnicodeRichExtendedString (SST) or XLUnicodeString (cch16) at c. */
static int cur_string(cur *c, int cch16, sg_buf *b, int *full)
{
    size_t cch, runs = 0, ext = 0;
    unsigned fl;

    if (c->pos + (cch16 ? 3u : 2u) > c->n)
        return -1;
    cch = cch16 ? rd16(c->d + c->pos) : c->d[c->pos];
    c->pos += cch16 ? 2 : 1;
    fl = c->d[c->pos++];
    if (fl & 0x08) {                         /* fRichSt */
        if (c->pos + 2 > c->n)
            return -1;
        runs = rd16(c->d + c->pos);
        c->pos += 2;
    }
    if (fl & 0x04) {                         /* fExtSt */
        if (c->pos + 4 > c->n)
            return -1;
        ext = rd32(c->d + c->pos);
        c->pos += 4;
    }
    if (cur_chars(c, cch, fl & 1, b, full) < 0)
        return -1;
    if (runs * 4 + ext > c->n - c->pos)
        return -1;
    c->pos += runs * 4 + ext;
    return 0;
}

/* ---- records ------------------------------------------------------------------ */

typedef struct rec { uint16_t type, len; const unsigned char *p; size_t at; } rec;

/* Record at *off; 0 ok, -1 at the end or cut off. */
static int next_rec(const wb *w, size_t *off, rec *r)
{
    if (*off + 4 > w->n)
        return -1;
    r->type = rd16(w->d + *off);
    r->len = rd16(w->d + *off + 2);
    r->at = *off;
    if (*off + 4 + r->len > w->n)
        return -1;
    r->p = w->d + *off + 4;
    *off += 4 + (size_t)r->len;
    return 0;
}

/* SST record at r plus its CONTINUE records; *off moves past them. */
static void read_sst(wb *w, const rec *r, size_t *off)
{
    sg_buf joined;
    size_t *bounds = NULL, nb = 0, i, total;
    rec c;
    cur cu;
    int full = 0;

    sg_buf_init(&joined, w->n + 1);
    if (sg_buf_append(&joined, r->p, r->len) != SG_BUF_OK) {
        w->nomem = 1;
        return;
    }
    while (*off + 4 <= w->n && rd16(w->d + *off) == 0x003C && nb < BIFF8_MAX_BOUNDS) {
        size_t save = *off;
        size_t *nbv;
        if (next_rec(w, off, &c) < 0) {
            *off = save;
            break;
        }
        if (!(nbv = sg_realloc(bounds, (nb + 1) * sizeof(*bounds)))) {
            w->nomem = 1;
            break;
        }
        bounds = nbv;
        bounds[nb++] = joined.len;
        if (sg_buf_append(&joined, c.p, c.len) != SG_BUF_OK) {
            w->nomem = 1;
            break;
        }
    }
    if (w->nomem || joined.len < 8)
        goto done;
    total = rd32((const unsigned char *)joined.data + 4);   /* cstUnique */
    if (total > SG_MAX_SHARED_STRINGS) {
        total = SG_MAX_SHARED_STRINGS;
        w->io->partly(w->io->arg, SG_LIMIT_PART_BYTES, "more shared strings than the scanner keeps");
    }
    if (!(w->sst_off = sg_calloc(total ? total : 1, sizeof(size_t)))) {
        w->nomem = 1;
        goto done;
    }
    cu = (cur){ (const unsigned char *)joined.data, joined.len, 8, bounds, nb, 0 };
    for (i = 0; i < total; i++) {
        w->sst_off[i] = w->sst.len;
        if (cur_string(&cu, 1, &w->sst, &full) < 0) {
            w->io->partly(w->io->arg, SG_LIMIT_CORRUPT, "shared string table cut off or corrupt");
            break;
        }
        if (sg_buf_putc(&w->sst, '\0') != SG_BUF_OK)
            full = 1;
        if (sg_buf_error(&w->sst) == SG_BUF_NOMEM) {   /* the strings are gone */
            w->nomem = 1;
            w->nsst = 0;
            break;
        }
        w->nsst = i + 1;
        if (full) {
            w->io->partly(w->io->arg, SG_LIMIT_PART_BYTES, "shared strings larger than the scanner keeps");
            break;
        }
    }
done:
    free(bounds);
    sg_buf_free(&joined);
}

/* ---- cells --------------------------------------------------------------------- */

static void add_cell(wb *w, uint32_t row, uint16_t col, const char *s, size_t n)
{
    cell *c;
    int r;

    if (n == 0)
        return;
    if (w->ncells >= BIFF8_MAX_CELLS) {
        w->cut = 1;
        return;
    }
    if (w->ncells == w->acells) {
        size_t na = w->acells ? w->acells * 2 : 1024;
        cell *nc = sg_realloc(w->cells, na * sizeof(*nc));
        if (!nc) {
            w->nomem = 1;
            return;
        }
        w->cells = nc;
        w->acells = na;
    }
    c = &w->cells[w->ncells];
    c->row = row;
    c->col = col;
    c->off = (uint32_t)w->strs.len;
    c->len = (uint32_t)n;
    if (w->strs.len > UINT32_MAX - n - 1) {
        w->cut = 1;
        return;
    }
    if ((r = sg_buf_append(&w->strs, s, n)) != SG_BUF_OK) {
        if (r == SG_BUF_NOMEM) {             /* the strings are gone: no cells left */
            w->nomem = 1;
            w->ncells = 0;
        }
        w->cut = 1;
        return;
    }
    w->ncells++;
}

static void add_num(wb *w, uint32_t row, uint16_t col, double v)
{
    char b[64];
    int n;

    if (!isfinite(v))
        return;
    if (v == floor(v) && fabs(v) < 1e15)
        n = snprintf(b, sizeof(b), "%.0f", v);
    else
        n = snprintf(b, sizeof(b), "%.15g", v);
    add_cell(w, row, col, b, (size_t)n);
}

static double rk_value(uint32_t rk)
{
    double v;

    if (rk & 2) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof(v));
    }
    return (rk & 1) ? v / 100 : v;
}

static double ieee(const unsigned char *p)
{
    uint64_t bits = 0;
    double v;

    for (int i = 7; i >= 0; i--)
        bits = bits << 8 | p[i];
    memcpy(&v, &bits, sizeof(v));
    return v;
}

static void add_str_cell(wb *w, uint32_t row, uint16_t col, const unsigned char *p, size_t n)
{
    sg_buf tmp;
    cur c = { p, n, 0, NULL, 0, 0 };
    int full = 0;

    sg_buf_init(&tmp, 1 << 20);
    if (cur_string(&c, 1, &tmp, &full) == 0)
        add_cell(w, row, col, sg_buf_str(&tmp), tmp.len);
    sg_buf_free(&tmp);
}

/* Header/footer codes (&L &C &R &P &"font,style" &12 ...) dropped. */
static void add_hf(wb *w, const unsigned char *p, size_t n)
{
    sg_buf tmp;
    cur c = { p, n, 0, NULL, 0, 0 };
    const char *s;
    int full = 0;

    if (n < 3)
        return;
    sg_buf_init(&tmp, 1 << 16);
    if (cur_string(&c, 1, &tmp, &full) == 0 && tmp.len) {
        s = sg_buf_str(&tmp);
        for (size_t i = 0; i < tmp.len && !w->cut; i++) {
            if (s[i] == '&' && i + 1 < tmp.len) {
                i++;
                if (s[i] == '"')
                    while (i + 1 < tmp.len && s[i + 1] != '"')
                        i++;
                else
                    while (i + 1 < tmp.len && s[i + 1] >= '0' && s[i + 1] <= '9')
                        i++;
                if (sg_buf_putc(&w->text, ' ') != SG_BUF_OK)
                    w->cut = 1;
                continue;
            }
            if (sg_buf_putc(&w->text, s[i]) != SG_BUF_OK)
                w->cut = 1;
        }
        if (sg_buf_putc(&w->text, '\n') != SG_BUF_OK)
            w->cut = 1;
    }
    sg_buf_free(&tmp);
}

/* TXO (comment or text box) text: the CONTINUE records after it. */
static void read_txo(wb *w, const rec *r, size_t *off)
{
    size_t cch = r->len >= 12 ? rd16(r->p + 10) : 0;
    rec c;
    int full = 0;

    while (cch > 0 && *off + 4 <= w->n && rd16(w->d + *off) == 0x003C && next_rec(w, off, &c) == 0) {
        size_t have, take;
        if (c.len < 1)
            continue;
        have = (c.len - 1) / ((c.p[0] & 1) ? 2 : 1);
        take = have < cch ? have : cch;
        cur cu = { c.p + 1, (size_t)c.len - 1, 0, NULL, 0, 0 };
        if (cur_chars(&cu, take, c.p[0] & 1, &w->text, &full) < 0)
            break;
        cch -= take;
    }
    while (*off + 4 <= w->n && rd16(w->d + *off) == 0x003C && next_rec(w, off, &c) == 0)
        ;                                    /* formatting runs */
    if (full || sg_buf_putc(&w->text, '\n') != SG_BUF_OK)
        w->cut = 1;
}

static int cell_cmp(const void *a, const void *b)
{
    const cell *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The sheet's cells as one table unit, its headers/footers/comments as text. */
static void emit_sheet(wb *w, const char *name)
{
    sg_buf out;
    size_t i;
    uint32_t row = 0;
    unsigned cur_col = 0;
    int full = 0;
    char *sub;

    if (w->ncells && w->strs.data) {
        qsort(w->cells, w->ncells, sizeof(*w->cells), cell_cmp);
        sg_buf_init(&out, w->io->max_text);
        row = w->cells[0].row;
        for (i = 0; i < w->ncells && !full; i++) {
            const cell *c = &w->cells[i];
            unsigned tabs;
            if (c->row != row) {
                full |= sg_buf_putc(&out, '\n') != SG_BUF_OK;
                row = c->row;
                cur_col = 0;
            }
            if (i > 0 && c->row == w->cells[i - 1].row && c->col == w->cells[i - 1].col)
                continue;                    /* a cell written twice: the first */
            tabs = c->col - cur_col + (cur_col > 0);
            for (unsigned k = 0; k < tabs && !full; k++)
                full |= sg_buf_putc(&out, '\t') != SG_BUF_OK;
            full |= sg_buf_append(&out, w->strs.data + c->off, c->len) != SG_BUF_OK;
            cur_col = c->col + 1u;
        }
        if (!full)
            (void)sg_buf_putc(&out, '\n');
        if (full)
            w->io->partly(w->io->arg, SG_LIMIT_PART_BYTES,
                          "sheet text longer than max_text_bytes: the rest was not scanned");
        if (w->io->emit(w->io->arg, SG_UNIT_TABLE, name, sg_buf_str(&out), out.len) < 0)
            w->stop = 1;
        sg_buf_free(&out);
    }
    if (w->text.len && !w->stop) {
        size_t n = strlen(name) + 32;
        if ((sub = sg_malloc(n))) {
            snprintf(sub, n, "%s (headers, footers, comments)", name);
            if (w->io->emit(w->io->arg, SG_UNIT_TEXT, sub, sg_buf_str(&w->text), w->text.len) < 0)
                w->stop = 1;
            free(sub);
        } else {
            w->nomem = 1;
        }
    }
    w->ncells = 0;
    sg_buf_reset(&w->strs);
    sg_buf_reset(&w->text);
}

static const char *sheet_name(const wb *w, size_t bof_at, char *fallback, size_t fl, unsigned idx)
{
    for (size_t i = 0; i < w->nsheets; i++)
        if (w->sheets[i].pos == bof_at && w->sheets[i].name)
            return w->sheets[i].name;
    snprintf(fallback, fl, "Sheet%u", idx);
    return fallback;
}

static void boundsheet(wb *w, const rec *r)
{
    sg_buf nb;
    cur c;
    int full = 0;

    if (r->len < 8 || w->nsheets >= BIFF8_MAX_SHEETS)
        return;
    sg_buf_init(&nb, 1024);
    c = (cur){ r->p + 6, (size_t)r->len - 6, 0, NULL, 0, 0 };
    if (cur_string(&c, 0, &nb, &full) == 0) {
        w->sheets[w->nsheets].pos = rd32(r->p);
        w->sheets[w->nsheets++].name = sg_buf_steal(&nb, NULL);
    }
    sg_buf_free(&nb);
}

static void cell_record(wb *w, const rec *r, size_t *off)
{
    const unsigned char *p = r->p;
    uint32_t row;
    uint16_t col;
    rec s;

    if (r->len < 6)
        return;
    row = rd16(p);
    col = rd16(p + 2);
    switch (r->type) {
    case 0x00FD:                             /* LABELSST */
        if (r->len >= 10) {
            uint32_t k = rd32(p + 6);
            if (k < w->nsst && w->sst.data) {
                const char *s0 = w->sst.data + w->sst_off[k];
                add_cell(w, row, col, s0, strlen(s0));
            }
        }
        break;
    case 0x0204: case 0x00D6:                /* LABEL, RSTRING */
        add_str_cell(w, row, col, p + 6, (size_t)r->len - 6);
        break;
    case 0x0203:                             /* NUMBER */
        if (r->len >= 14)
            add_num(w, row, col, ieee(p + 6));
        break;
    case 0x027E:                             /* RK */
        if (r->len >= 10)
            add_num(w, row, col, rk_value(rd32(p + 6)));
        break;
    case 0x00BD:                             /* MULRK */
        for (size_t i = 0; 4 + i * 6 + 6 <= (size_t)r->len - 2; i++)
            add_num(w, row, (uint16_t)(col + i), rk_value(rd32(p + 4 + i * 6 + 2)));
        break;
    case 0x0205:                             /* BOOLERR */
        if (r->len >= 8 && p[7] == 0)
            add_cell(w, row, col, p[6] ? "TRUE" : "FALSE", p[6] ? 4 : 5);
        break;
    case 0x0006:                             /* FORMULA: cached value */
        if (r->len < 14)
            break;
        if (p[12] == 0xFF && p[13] == 0xFF) {
            if (p[6] == 0 && *off + 4 <= w->n && rd16(w->d + *off) == 0x0207 &&
                next_rec(w, off, &s) == 0)   /* STRING */
                add_str_cell(w, row, col, s.p, s.len);
            else if (p[6] == 1)
                add_cell(w, row, col, p[8] ? "TRUE" : "FALSE", p[8] ? 4 : 5);
        } else {
            add_num(w, row, col, ieee(p + 6));
        }
        break;
    default:
        break;
    }
}

static void wb_free(wb *w)
{
    for (size_t i = 0; i < w->nsheets; i++)
        free(w->sheets[i].name);
    free(w->sst_off);
    free(w->cells);
    sg_buf_free(&w->sst);
    sg_buf_free(&w->strs);
    sg_buf_free(&w->text);
}

int biff8_read(const unsigned char *d, size_t n, const reader_io *io)
{
    wb *w = sg_calloc(1, sizeof(*w));
    size_t off = 0, bof_at = 0;
    unsigned nsheet = 0;
    int in_sheet = 0, any = 0, rc = RD_FULL;
    rec r;
    char fb[32];
    const char *name = "";

    if (!w)
        return RD_NOMEM;
    w->d = d;
    w->n = n;
    w->io = io;
    sg_buf_init(&w->sst, SG_MAX_XML_BYTES);
    sg_buf_init(&w->strs, SG_MAX_XML_BYTES);
    sg_buf_init(&w->text, io->max_text);
    while (!w->nomem && !w->stop && next_rec(w, &off, &r) == 0) {
        switch (r.type) {
        case 0x0809:                         /* BOF */
            if (r.len < 4 || rd16(r.p) != 0x0600) {
                io->partly(io->arg, SG_LIMIT_UNSUPPORTED,
                           "Excel workbook older than Excel 97 (BIFF5 or before): not read");
                rc = RD_NONE;
                goto out;
            }
            any = 1;
            if (rd16(r.p + 2) == 0x0010 || rd16(r.p + 2) == 0x0020 || rd16(r.p + 2) == 0x0040) {
                in_sheet = 1;
                bof_at = r.at;
                name = sheet_name(w, bof_at, fb, sizeof(fb), ++nsheet);
            }
            break;
        case 0x000A:                         /* EOF */
            if (in_sheet)
                emit_sheet(w, name);
            in_sheet = 0;
            break;
        case 0x002F:                         /* FILEPASS */
            rc = BIFF8_ENCRYPTED;
            goto out;
        case 0x0085:
            boundsheet(w, &r);
            break;
        case 0x00FC:
            read_sst(w, &r, &off);
            break;
        case 0x0014: case 0x0015:            /* HEADER, FOOTER */
            if (in_sheet)
                add_hf(w, r.p, r.len);
            break;
        case 0x01B6:                         /* TXO */
            read_txo(w, &r, &off);
            break;
        default:
            if (in_sheet)
                cell_record(w, &r, &off);
            break;
        }
    }
    if (in_sheet && !w->nomem && !w->stop) {
        emit_sheet(w, name);
        io->partly(io->arg, SG_LIMIT_CORRUPT, "Excel workbook stream cut off");
    } else if (off < n && !w->stop && !w->nomem && any) {
        if (n - off >= 4)
            io->partly(io->arg, SG_LIMIT_CORRUPT, "Excel workbook stream cut off");
    }
    if (!any && !w->nomem) {
        io->partly(io->arg, SG_LIMIT_CORRUPT, "Excel workbook stream without a BOF record");
        rc = RD_NONE;
    }
    if (w->cut)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "more Excel cells than the scanner keeps");
out:
    if (w->nomem)
        rc = RD_NOMEM;
    else if (w->stop && rc == RD_FULL)
        rc = RD_STOP;
    wb_free(w);
    free(w);
    return rc;
}
