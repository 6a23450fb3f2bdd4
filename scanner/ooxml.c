/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ooxml - docx/xlsx/pptx text and properties; see ooxml.h.
 *
 * One small streaming walker (xml_walk) drives per-format callbacks. Every
 * text buffer is an sg_buf capped at io->max_text; the shared-string table
 * is one sg_buf of NUL-separated strings plus an offset array.
 */
#include "ooxml.h"
#include "sg_alloc.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file_type.h"
#include "sg_buf.h"
#include "sg_limits.h"
#include "xml_walk.h"

/* --- plain text (docx, pptx) ----------------------------------------------- */

typedef struct text_state {
    sg_buf *out;
    int in_t;
    int full;
} text_state;

static void put(text_state *ts, const char *s, size_t n)
{
    if (!ts->full && sg_buf_append(ts->out, s, n) != SG_BUF_OK)
        ts->full = 1;
}

static void text_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    text_state *ts = arg;

    if (strcmp(local, "textpath") == 0) {            /* VML WordArt: watermarks */
        char *v = xml_attr_local(r, "string", 0);
        if (v) {
            put(ts, v, strlen(v));
            put(ts, "\n", 1);
        }
        xmlFree(v);
    } else if (strcmp(local, "t") == 0 || strcmp(local, "delText") == 0)
        ts->in_t = 1;
    else if (strcmp(local, "tab") == 0)
        put(ts, "\t", 1);
    else if (strcmp(local, "br") == 0 || strcmp(local, "cr") == 0)
        put(ts, "\n", 1);
}

static void text_end(void *arg, const char *local)
{
    text_state *ts = arg;

    if (strcmp(local, "t") == 0 || strcmp(local, "delText") == 0)
        ts->in_t = 0;
    else if (strcmp(local, "p") == 0)
        put(ts, "\n", 1);
}

static void text_text(void *arg, const char *s)
{
    text_state *ts = arg;

    if (ts->in_t)
        put(ts, s, strlen(s));
}

/* Reads member idx and appends its text to out. Returns OX_* or 1 (skipped). */
static int text_part(zip_reader *zr, long idx, const ooxml_io *io, sg_buf *out, int *full)
{
    unsigned char *xml;
    size_t len;
    text_state ts = { out, 0, 0 };
    xwalk w = { text_start, text_end, text_text, &ts };
    int r = io->read(io->arg, idx, &xml, &len);

    (void)zr;
    if (r != 0)
        return r < 0 ? OX_STOP : OX_OK;
    r = xml_walk(xml, len, &w);
    free(xml);
    if (ts.full)
        *full = 1;
    return r == -2 ? OX_NOMEM : r < 0 ? OX_CORRUPT : OX_OK;
}

static int worse(int a, int b)
{
    /* negative codes are errors; keep the first error, else TRUNCATED over OK */
    if (a < 0)
        return a;
    if (b < 0)
        return b;
    return a > b ? a : b;
}

/* Member number of "prefix<N>.xml" or -1. */
static long part_number(const char *name, const char *prefix)
{
    size_t pl = strlen(prefix);
    char *end;
    long n;

    if (strncmp(name, prefix, pl) != 0 || name[pl] < '0' || name[pl] > '9')
        return -1;
    n = strtol(name + pl, &end, 10);
    return strcmp(end, ".xml") == 0 && n >= 0 && n < 1000000 ? n : -1;
}

typedef struct numbered { long num, idx; } numbered;

static int cmp_numbered(const void *a, const void *b)
{
    const numbered *x = a, *y = b;

    return x->num < y->num ? -1 : x->num > y->num;
}

/* Text of all parts named prefixN.xml, in N order, into out. */
static int text_numbered(zip_reader *zr, const char *prefix, const ooxml_io *io, sg_buf *out,
                         int *full)
{
    long i, n = zip_reader_count(zr), k = 0;
    numbered *v;
    int rc = OX_OK;

    if (!(v = sg_calloc(SG_MAX_OOXML_SLIDES, sizeof(*v))))
        return OX_NOMEM;
    for (i = 0; i < n && k < SG_MAX_OOXML_SLIDES; i++) {
        zip_member_info m;
        long num;
        if (zip_reader_stat(zr, i, &m) == ZR_OK && (num = part_number(m.name, prefix)) >= 0) {
            v[k].num = num;
            v[k++].idx = i;
        }
    }
    qsort(v, (size_t)k, sizeof(*v), cmp_numbered);
    for (i = 0; i < k && rc != OX_STOP && rc != OX_NOMEM; i++)
        rc = worse(rc, text_part(zr, v[i].idx, io, out, full));
    free(v);
    return rc;
}

static int emit_buf(const ooxml_io *io, sg_unit_kind kind, const char *sub, sg_buf *b)
{
    if (b->len == 0)
        return OX_OK;
    return io->emit(io->arg, kind, sub, sg_buf_str(b), b->len) < 0 ? OX_STOP : OX_OK;
}

static int extract_docx(zip_reader *zr, const ooxml_io *io)
{
    static const char *const parts[] = {
        "word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml", NULL
    };
    static const char *const numbered_parts[] = { "word/header", "word/footer", NULL };
    sg_buf out;
    int rc = OX_OK, full = 0, i;

    sg_buf_init(&out, io->max_text);
    for (i = 0; parts[i] && rc != OX_STOP && rc != OX_NOMEM; i++) {
        long idx = zip_reader_locate(zr, parts[i]);
        if (idx >= 0)
            rc = worse(rc, text_part(zr, idx, io, &out, &full));
    }
    for (i = 0; numbered_parts[i] && rc != OX_STOP && rc != OX_NOMEM; i++)
        rc = worse(rc, text_numbered(zr, numbered_parts[i], io, &out, &full));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, emit_buf(io, SG_UNIT_TEXT, NULL, &out));
    sg_buf_free(&out);
    return worse(rc, full ? OX_TRUNCATED : OX_OK);
}

static int extract_pptx(zip_reader *zr, const ooxml_io *io)
{
    sg_buf out;
    int rc, full = 0;

    sg_buf_init(&out, io->max_text);
    rc = text_numbered(zr, "ppt/slides/slide", io, &out, &full);
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, text_numbered(zr, "ppt/notesSlides/notesSlide", io, &out, &full));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, emit_buf(io, SG_UNIT_TEXT, NULL, &out));
    sg_buf_free(&out);
    return worse(rc, full ? OX_TRUNCATED : OX_OK);
}

/* --- properties ------------------------------------------------------------ */

typedef struct prop_state {
    sg_buf *out;
    int depth;          /* element depth */
    int custom;         /* custom.xml: name from <property name=...> */
    char *name;         /* current property name (custom) or element name (core) */
    int have_value;
    int full;
} prop_state;

static void prop_put(prop_state *ps, const char *s)
{
    if (!ps->full && sg_buf_puts(ps->out, s) != SG_BUF_OK)
        ps->full = 1;
}

static void prop_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    prop_state *ps = arg;

    ps->depth++;
    if (ps->custom && strcmp(local, "property") == 0) {
        xmlFree(ps->name);
        ps->name = xml_attr_local(r, "name", 0);
        ps->have_value = 0;
    } else if (!ps->custom && ps->depth == 2) {
        xmlFree(ps->name);
        ps->name = (char *)xmlStrdup((const xmlChar *)local);
        ps->have_value = 0;
    }
}

static void prop_end(void *arg, const char *local)
{
    prop_state *ps = arg;

    if (ps->have_value && ((ps->custom && strcmp(local, "property") == 0) ||
                           (!ps->custom && ps->depth == 2)))
        prop_put(ps, "\n");
    if ((ps->custom && strcmp(local, "property") == 0) || (!ps->custom && ps->depth == 2)) {
        xmlFree(ps->name);
        ps->name = NULL;
        ps->have_value = 0;
    }
    ps->depth--;
}

static void prop_text(void *arg, const char *s)
{
    prop_state *ps = arg;

    if (!ps->name)
        return;
    if (!ps->have_value) {
        prop_put(ps, ps->name);
        prop_put(ps, ": ");
        ps->have_value = 1;
    }
    prop_put(ps, s);
}

static int prop_part(zip_reader *zr, const char *part, int custom, const ooxml_io *io,
                     sg_buf *out, int *full)
{
    long idx = zip_reader_locate(zr, part);
    unsigned char *xml;
    size_t len;
    prop_state ps = { out, 0, custom, NULL, 0, 0 };
    xwalk w = { prop_start, prop_end, prop_text, &ps };
    int r;

    if (idx < 0)
        return OX_OK;
    if ((r = io->read(io->arg, idx, &xml, &len)) != 0)
        return r < 0 ? OX_STOP : OX_OK;
    r = xml_walk(xml, len, &w);
    free(xml);
    xmlFree(ps.name);
    if (ps.full)
        *full = 1;
    return r == -2 ? OX_NOMEM : r < 0 ? OX_CORRUPT : OX_OK;
}

static int extract_props(zip_reader *zr, const ooxml_io *io)
{
    sg_buf out;
    int rc, full = 0;

    sg_buf_init(&out, io->max_text);
    rc = prop_part(zr, "docProps/core.xml", 0, io, &out, &full);
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, prop_part(zr, "docProps/custom.xml", 1, io, &out, &full));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, emit_buf(io, SG_UNIT_PROPERTIES, NULL, &out));
    sg_buf_free(&out);
    return worse(rc, full ? OX_TRUNCATED : OX_OK);
}

/* --- xlsx ------------------------------------------------------------------ */

typedef struct sst {
    sg_buf strs;        /* NUL-separated strings */
    size_t *off;
    size_t n, a;
    int in_t, in_rph, in_si, full;
} sst;

static void sst_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    sst *t = arg;

    (void)r;
    if (strcmp(local, "si") == 0) {
        size_t *no;
        if (t->full || t->n >= SG_MAX_SHARED_STRINGS) {
            t->full = 1;
            return;
        }
        if (t->n == t->a) {
            size_t na = t->a ? t->a * 2 : 256;
            if (!(no = sg_realloc(t->off, na * sizeof(*no)))) {
                t->full = 1;
                return;
            }
            t->off = no;
            t->a = na;
        }
        t->off[t->n++] = t->strs.len;
        t->in_si = 1;
    } else if (strcmp(local, "rPh") == 0) {
        t->in_rph++;
    } else if (strcmp(local, "t") == 0) {
        t->in_t = 1;
    }
}

static void sst_end(void *arg, const char *local)
{
    sst *t = arg;

    if (strcmp(local, "si") == 0 && t->in_si) {
        if (sg_buf_append(&t->strs, "", 1) != SG_BUF_OK) {
            t->full = 1;
            t->n--;
        }
        t->in_si = 0;
    } else if (strcmp(local, "rPh") == 0 && t->in_rph > 0) {
        t->in_rph--;
    } else if (strcmp(local, "t") == 0) {
        t->in_t = 0;
    }
}

static void sst_text(void *arg, const char *s)
{
    sst *t = arg;

    if (t->in_si && t->in_t && !t->in_rph && !t->full &&
        sg_buf_puts(&t->strs, s) != SG_BUF_OK)
        t->full = 1;
}

static const char *sst_get(const sst *t, unsigned long i)
{
    return i < t->n && t->strs.data && t->off[i] <= t->strs.len ? t->strs.data + t->off[i] : NULL;
}

typedef struct sheet_ref { char *name, *rid, *target; } sheet_ref;

typedef struct wb_state {
    sheet_ref *sheets;
    size_t n;
    int rels;           /* parsing the .rels part */
} wb_state;

static void wb_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    wb_state *wb = arg;
    size_t i;

    if (!wb->rels && strcmp(local, "sheet") == 0 && wb->n < SG_MAX_OOXML_SHEETS) {
        char *name = xml_attr_local(r, "name", 0), *rid = xml_attr_local(r, "id", 1);
        if (name && rid) {
            wb->sheets[wb->n].name = name;
            wb->sheets[wb->n++].rid = rid;
        } else {
            xmlFree(name);
            xmlFree(rid);
        }
    } else if (wb->rels && strcmp(local, "Relationship") == 0) {
        char *id = xml_attr_local(r, "Id", 0), *target;
        for (i = 0; id && i < wb->n; i++)
            if (!wb->sheets[i].target && strcmp(wb->sheets[i].rid, id) == 0 &&
                (target = xml_attr_local(r, "Target", 0)))
                wb->sheets[i].target = target;
        xmlFree(id);
    }
}

typedef struct sheet_state {
    const sst *sst;
    sg_buf *out;
    sg_buf val;         /* current cell value */
    unsigned long cur_col, col;
    char ctype;         /* 's' shared, 'i' inline, 'b' bool, 0 other */
    int in_v, in_t, in_rph, full;
    int in_hf;          /* inside oddHeader, evenFooter ... */
    sg_buf hf;          /* header and footer text ('&' codes dropped) */
} sheet_state;

static int is_hf(const char *local)
{
    return (strncmp(local, "odd", 3) == 0 || strncmp(local, "even", 4) == 0 ||
            strncmp(local, "first", 5) == 0) &&
           (strstr(local, "Header") != NULL || strstr(local, "Footer") != NULL);
}

/* Header/footer text without its codes (&L &C &R &P &"font" &12 ...). */
static void hf_text(sheet_state *ss, const char *s)
{
    for (; *s; s++) {
        if (*s == '&' && s[1]) {
            s++;
            if (*s == '"')
                while (s[1] && s[1] != '"')
                    s++;
            else
                while (s[1] >= '0' && s[1] <= '9')
                    s++;
            if (sg_buf_putc(&ss->hf, ' ') != SG_BUF_OK)
                ss->full = 1;
            continue;
        }
        if (sg_buf_putc(&ss->hf, *s) != SG_BUF_OK)
            ss->full = 1;
    }
}

static unsigned long col_of(const char *ref, unsigned long dflt)
{
    unsigned long c = 0;
    int any = 0;

    for (; ref && *ref >= 'A' && *ref <= 'Z' && c < 100000; ref++, any = 1)
        c = c * 26 + (unsigned long)(*ref - 'A' + 1);
    return any ? c - 1 : dflt;
}

static void sheet_put(sheet_state *ss, const char *s, size_t n)
{
    if (!ss->full && sg_buf_append(ss->out, s, n) != SG_BUF_OK)
        ss->full = 1;
}

static void sheet_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    sheet_state *ss = arg;

    if (is_hf(local)) {
        ss->in_hf = 1;
    } else if (strcmp(local, "row") == 0) {
        ss->cur_col = 0;
    } else if (strcmp(local, "c") == 0) {
        /* once per cell: read r= and t= in place (no copies) */
        ss->col = ss->cur_col;
        ss->ctype = 0;
        if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
            do {
                const char *ln = (const char *)xmlTextReaderConstLocalName(r);
                const char *v = (const char *)xmlTextReaderConstValue(r);
                if (!ln || !v)
                    continue;
                if (strcmp(ln, "r") == 0)
                    ss->col = col_of(v, ss->cur_col);
                else if (strcmp(ln, "t") == 0)
                    ss->ctype = strcmp(v, "s") == 0 ? 's' : strcmp(v, "inlineStr") == 0 ? 'i'
                              : strcmp(v, "b") == 0 ? 'b' : 0;
            } while (xmlTextReaderMoveToNextAttribute(r) == 1);
            xmlTextReaderMoveToElement(r);
        }
        sg_buf_reset(&ss->val);
    } else if (strcmp(local, "v") == 0) {
        ss->in_v = 1;
    } else if (strcmp(local, "t") == 0) {
        ss->in_t = 1;
    } else if (strcmp(local, "rPh") == 0) {
        ss->in_rph++;
    }
}

static void sheet_cell(sheet_state *ss)
{
    const char *v = sg_buf_str(&ss->val);
    unsigned long tabs, i;
    size_t at;

    if (ss->ctype == 's')
        v = sst_get(ss->sst, strtoul(v, NULL, 10));
    else if (ss->ctype == 'b')
        v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    if (!v || !*v)
        return;
    if (ss->col < ss->cur_col)
        ss->col = ss->cur_col;
    tabs = ss->col - ss->cur_col + (ss->cur_col > 0);
    if (tabs > 16384)
        tabs = 16384;
    for (i = 0; i < tabs; i++)
        sheet_put(ss, "\t", 1);
    at = ss->out->len;
    sheet_put(ss, v, strlen(v));
    for (; !ss->full && at < ss->out->len; at++)  /* cells never hold row/cell separators */
        if (ss->out->data[at] == '\t' || ss->out->data[at] == '\n' || ss->out->data[at] == '\r')
            ss->out->data[at] = ' ';
    ss->cur_col = ss->col + 1;
}

static void sheet_end(void *arg, const char *local)
{
    sheet_state *ss = arg;

    if (is_hf(local)) {
        ss->in_hf = 0;
        if (sg_buf_putc(&ss->hf, '\n') != SG_BUF_OK)
            ss->full = 1;
    } else if (strcmp(local, "c") == 0)
        sheet_cell(ss);
    else if (strcmp(local, "row") == 0)
        sheet_put(ss, "\n", 1);
    else if (strcmp(local, "v") == 0)
        ss->in_v = 0;
    else if (strcmp(local, "t") == 0)
        ss->in_t = 0;
    else if (strcmp(local, "rPh") == 0 && ss->in_rph > 0)
        ss->in_rph--;
}

static void sheet_text(void *arg, const char *s)
{
    sheet_state *ss = arg;

    if (ss->in_hf) {
        hf_text(ss, s);
        return;
    }
    if ((ss->in_v || (ss->in_t && !ss->in_rph && ss->ctype == 'i')) &&
        sg_buf_puts(&ss->val, s) != SG_BUF_OK)
        ss->full = 1;
}

/* Parses the part named name with walker w; OX_* code. */
static int walk_part(zip_reader *zr, const char *name, const ooxml_io *io, xwalk *w)
{
    long idx = zip_reader_locate(zr, name);
    unsigned char *xml;
    size_t len;
    int r;

    if (idx < 0)
        return OX_OK;
    if ((r = io->read(io->arg, idx, &xml, &len)) != 0)
        return r < 0 ? OX_STOP : OX_OK;
    r = xml_walk(xml, len, w);
    free(xml);
    return r == -2 ? OX_NOMEM : r < 0 ? OX_CORRUPT : OX_OK;
}

static char *sheet_path(const char *target)
{
    char *p;
    size_t n;

    if (target[0] == '/')
        return sg_strdup(target + 1);
    n = strlen(target) + 4;
    if ((p = sg_malloc(n)))
        snprintf(p, n, "xl/%s", target);
    return p;
}

static int one_sheet(zip_reader *zr, const sheet_ref *sr, const sst *t, const ooxml_io *io)
{
    sg_buf out;
    sheet_state ss;
    xwalk w = { sheet_start, sheet_end, sheet_text, &ss };
    char *path = sheet_path(sr->target);
    int rc;

    if (!path)
        return OX_NOMEM;
    sg_buf_init(&out, io->max_text);
    memset(&ss, 0, sizeof(ss));
    ss.sst = t;
    ss.out = &out;
    sg_buf_init(&ss.val, 1024 * 1024);
    sg_buf_init(&ss.hf, io->max_text);
    rc = walk_part(zr, path, io, &w);
    if (rc != OX_STOP && rc != OX_NOMEM && out.len) {
        if (io->emit(io->arg, SG_UNIT_TABLE, sr->name, sg_buf_str(&out), out.len) < 0)
            rc = OX_STOP;
    }
    if (rc != OX_STOP && rc != OX_NOMEM && ss.hf.len > 0) {
        size_t n = strlen(sr->name) + 24;
        char *sub = sg_malloc(n);
        int blank = 1;
        for (size_t i = 0; i < ss.hf.len; i++)
            blank &= ss.hf.data[i] == ' ' || ss.hf.data[i] == '\n';
        if (!sub)
            rc = OX_NOMEM;
        else if (!blank) {
            snprintf(sub, n, "%s (headers, footers)", sr->name);
            if (io->emit(io->arg, SG_UNIT_TEXT, sub, sg_buf_str(&ss.hf), ss.hf.len) < 0)
                rc = OX_STOP;
        }
        free(sub);
    }
    sg_buf_free(&ss.hf);
    free(path);
    sg_buf_free(&ss.val);
    sg_buf_free(&out);
    return worse(rc, ss.full ? OX_TRUNCATED : OX_OK);
}

static int extract_xlsx(zip_reader *zr, const ooxml_io *io)
{
    sst t;
    wb_state wb;
    xwalk ws = { sst_start, sst_end, sst_text, &t };
    xwalk ww = { wb_start, NULL, NULL, &wb };
    size_t i;
    int rc;

    memset(&t, 0, sizeof(t));
    memset(&wb, 0, sizeof(wb));
    sg_buf_init(&t.strs, SG_MAX_XML_BYTES);
    if (!(wb.sheets = sg_calloc(SG_MAX_OOXML_SHEETS, sizeof(*wb.sheets))))
        return OX_NOMEM;
    rc = walk_part(zr, "xl/sharedStrings.xml", io, &ws);
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, walk_part(zr, "xl/workbook.xml", io, &ww));
    wb.rels = 1;
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, walk_part(zr, "xl/_rels/workbook.xml.rels", io, &ww));
    for (i = 0; i < wb.n && rc != OX_STOP && rc != OX_NOMEM; i++)
        if (wb.sheets[i].target)
            rc = worse(rc, one_sheet(zr, &wb.sheets[i], &t, io));
    for (i = 0; i < wb.n; i++) {
        xmlFree(wb.sheets[i].name);
        xmlFree(wb.sheets[i].rid);
        xmlFree(wb.sheets[i].target);
    }
    free(wb.sheets);
    free(t.off);
    sg_buf_free(&t.strs);
    return worse(rc, t.full ? OX_TRUNCATED : OX_OK);
}

/* --- parts outside the main text ---------------------------------------------- */

typedef struct all_text {
    sg_buf *out;
    int full;
} all_text;

static void all_put(all_text *a, const char *s)
{
    if (!a->full && (sg_buf_puts(a->out, s) != SG_BUF_OK || sg_buf_putc(a->out, ' ') != SG_BUF_OK))
        a->full = 1;
}

/* Every attribute v= (pivot cache items <s v="..."/>) and string= (VML). */
static void all_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    all_text *a = arg;
    char *v;

    (void)local;
    if ((v = xml_attr_local(r, "v", 0)) != NULL) {
        all_put(a, v);
        xmlFree(v);
    }
    if ((v = xml_attr_local(r, "string", 0)) != NULL) {
        all_put(a, v);
        xmlFree(v);
    }
}

static void all_end(void *arg, const char *local)
{
    all_text *a = arg;

    if (strcmp(local, "p") == 0 || strcmp(local, "r") == 0 || strcmp(local, "row") == 0 ||
        strcmp(local, "comment") == 0 || strcmp(local, "cm") == 0 || strcmp(local, "si") == 0)
        if (!a->full && sg_buf_putc(a->out, '\n') != SG_BUF_OK)
            a->full = 1;
}

static void all_text_cb(void *arg, const char *s)
{
    all_put(arg, s);
}

static const struct extra_part {
    ooxml_kind kind;
    const char *prefix;
    const char *sub;
} extra_parts[] = {
    { OOXML_XLSX, "xl/comments", "comments" },
    { OOXML_XLSX, "xl/threadedComments/", "comments" },
    { OOXML_XLSX, "xl/drawings/drawing", "text boxes and shapes" },
    { OOXML_XLSX, "xl/charts/chart", "charts" },
    { OOXML_XLSX, "xl/pivotCache/", "pivot caches" },
    { OOXML_XLSX, "xl/externalLinks/externalLink", "external link caches" },
    { OOXML_DOCX, "word/charts/chart", "charts" },
    { OOXML_PPTX, "ppt/slideMasters/slideMaster", "masters and layouts" },
    { OOXML_PPTX, "ppt/slideLayouts/slideLayout", "masters and layouts" },
    { OOXML_PPTX, "ppt/notesMasters/notesMaster", "masters and layouts" },
    { OOXML_PPTX, "ppt/comments/", "comments" },
    { OOXML_PPTX, "ppt/charts/chart", "charts" },
};

static int is_xml_part(const char *name)
{
    size_t n = strlen(name);

    return n > 4 && strcmp(name + n - 4, ".xml") == 0 && !strstr(name, "/_rels/");
}

/* One unit per kind of extra part, in the order of extra_parts. */
static int extract_extras(zip_reader *zr, ooxml_kind kind, const ooxml_io *io)
{
    long i, n = zip_reader_count(zr);
    int rc = OX_OK;

    for (size_t e = 0; e < sizeof(extra_parts) / sizeof(extra_parts[0]) && rc != OX_STOP &&
                       rc != OX_NOMEM; e++) {
        sg_buf out;
        all_text a = { &out, 0 };
        xwalk w = { all_start, all_end, all_text_cb, &a };

        if (extra_parts[e].kind != kind)
            continue;
        if (e > 0 && extra_parts[e - 1].kind == kind &&
            strcmp(extra_parts[e - 1].sub, extra_parts[e].sub) == 0)
            continue;                        /* read with the entry before */
        sg_buf_init(&out, io->max_text);
        for (i = 0; i < n && rc != OX_STOP && rc != OX_NOMEM; i++) {
            zip_member_info m;
            unsigned char *xml;
            size_t len;
            int r;
            size_t k;
            if (zip_reader_stat(zr, i, &m) != ZR_OK || !is_xml_part(m.name))
                continue;
            for (k = e; k < sizeof(extra_parts) / sizeof(extra_parts[0]) &&
                        extra_parts[k].kind == kind && strcmp(extra_parts[k].sub, extra_parts[e].sub) == 0; k++)
                if (strncmp(m.name, extra_parts[k].prefix, strlen(extra_parts[k].prefix)) == 0)
                    break;
            if (k >= sizeof(extra_parts) / sizeof(extra_parts[0]) || extra_parts[k].kind != kind ||
                strcmp(extra_parts[k].sub, extra_parts[e].sub) != 0)
                continue;
            if ((r = io->read(io->arg, i, &xml, &len)) != 0) {
                rc = r < 0 ? OX_STOP : rc;
                continue;
            }
            r = xml_walk(xml, len, &w);
            free(xml);
            rc = worse(rc, r == -2 ? OX_NOMEM : r < 0 ? OX_CORRUPT : OX_OK);
            if (!a.full && sg_buf_putc(&out, '\n') != SG_BUF_OK)
                a.full = 1;
        }
        if (rc != OX_STOP && rc != OX_NOMEM && out.len > 0) {
            int blank = 1;
            for (size_t q = 0; q < out.len; q++)
                blank &= out.data[q] == ' ' || out.data[q] == '\n';
            if (!blank)
                rc = worse(rc, emit_buf(io, SG_UNIT_TEXT, extra_parts[e].sub, &out));
        }
        rc = worse(rc, a.full ? OX_TRUNCATED : OX_OK);
        sg_buf_free(&out);
    }
    return rc;
}

/* Embedded objects and packages (word/embeddings/, xl/embeddings/,
 * ppt/embeddings/: xlsx in a docx, OLE objects, packaged files) go to
 * io->file, inspected one level deeper. */
static int extract_embeddings(zip_reader *zr, const ooxml_io *io)
{
    long i, n = zip_reader_count(zr);
    int rc = OX_OK;

    for (i = 0; i < n && rc != OX_STOP && rc != OX_NOMEM; i++) {
        zip_member_info m;
        unsigned char *d;
        size_t len;
        const char *base;
        char *name;
        int r;
        if (zip_reader_stat(zr, i, &m) != ZR_OK || m.is_dir || !strstr(m.name, "/embeddings/"))
            continue;
        if (!io->file)
            return OX_TRUNCATED;
        base = strrchr(m.name, '/') + 1;
        if (!*base || !(name = sg_strdup(base)))
            continue;
        if ((r = io->read_any(io->arg, i, &d, &len)) != 0) {
            free(name);
            rc = r < 0 ? OX_STOP : rc;
            continue;
        }
        if (io->file(io->arg, name, d, len) < 0)
            rc = OX_STOP;
        free(d);
        free(name);
    }
    return rc;
}

/* --- the rest of the package ---------------------------------------------- */

static void mark(ooxml_track *t, long idx)
{
    if (idx >= 0 && idx < t->n)
        t->seen[idx] = 1;
}

static int tr_read(void *arg, long idx, unsigned char **out, size_t *outlen)
{
    ooxml_track *t = arg;

    mark(t, idx);
    return t->inner->read(t->inner->arg, idx, out, outlen);
}

static int tr_read_any(void *arg, long idx, unsigned char **out, size_t *outlen)
{
    ooxml_track *t = arg;

    mark(t, idx);
    return t->inner->read_any(t->inner->arg, idx, out, outlen);
}

static int tr_emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    ooxml_track *t = arg;

    return t->inner->emit(t->inner->arg, kind, sub, text, len);
}

static int tr_file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    ooxml_track *t = arg;

    return t->inner->file(t->inner->arg, name, d, len);
}

int ooxml_track_init(ooxml_track *t, zip_reader *zr, const ooxml_io *io)
{
    memset(t, 0, sizeof(*t));
    t->inner = io;
    t->n = zip_reader_count(zr);
    if (t->n > 0 && !(t->seen = sg_calloc((size_t)t->n, 1)))
        return OX_NOMEM;
    t->io = *io;
    t->io.arg = t;
    t->io.read = tr_read;
    t->io.emit = tr_emit;
    t->io.file = io->file ? tr_file : NULL;
    t->io.read_any = io->read_any ? tr_read_any : NULL;
    return OX_OK;
}

void ooxml_track_free(ooxml_track *t)
{
    free(t->seen);
    t->seen = NULL;
}

static int has_suffix(const char *name, const char *sfx)
{
    size_t n = strlen(name), k = strlen(sfx);

    return n >= k && strcasecmp(name + n - k, sfx) == 0;
}

/* Named like an image and starting like one (PNG, JPEG, GIF, BMP, TIFF,
 * EMF, WMF, JPEG XR). */
static int is_image(zip_reader *zr, long idx, const char *name)
{
    static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".dib",
                                       ".tif", ".tiff", ".emf", ".wmf", ".wdp", ".jxr", NULL };
    unsigned char h[48];
    size_t got, k;

    for (k = 0; ext[k] && !has_suffix(name, ext[k]); k++)
        ;
    if (!ext[k] || zip_reader_head(zr, idx, h, sizeof(h), &got) != ZR_OK || got < 8)
        return 0;
    return memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0 || memcmp(h, "\xff\xd8\xff", 3) == 0 ||
           memcmp(h, "GIF8", 4) == 0 || memcmp(h, "BM", 2) == 0 ||
           memcmp(h, "II*\0", 4) == 0 || memcmp(h, "MM\0*", 4) == 0 ||
           memcmp(h, "II\xbc", 3) == 0 ||                             /* JPEG XR */
           (got >= 44 && memcmp(h, "\1\0\0\0", 4) == 0 && memcmp(h + 40, " EMF", 4) == 0) ||
           memcmp(h, "\xd7\xcd\xc6\x9a", 4) == 0 ||                  /* placeable WMF */
           ((h[0] == 1 || h[0] == 2) && h[1] == 0 && h[2] == 9 && h[3] == 0);
}

static int is_xml_like(const char *name)
{
    return has_suffix(name, ".xml") || has_suffix(name, ".vml") || has_suffix(name, ".svg");
}

int ooxml_rest(zip_reader *zr, ooxml_track *t, int (*ignored)(const char *name))
{
    const ooxml_io *io = t->inner;
    sg_buf out;
    all_text a = { &out, 0 };
    xwalk w = { all_start, all_end, all_text_cb, &a };
    int rc = OX_OK, blank = 1;
    long i;

    sg_buf_init(&out, io->max_text);
    for (i = 0; i < t->n && rc != OX_STOP && rc != OX_NOMEM; i++) {
        zip_member_info m;
        unsigned char *d;
        size_t len;
        const char *base;
        char *name;
        int r;

        if (t->seen[i] || zip_reader_stat(zr, i, &m) != ZR_OK || m.is_dir || ignored(m.name))
            continue;
        base = strrchr(m.name, '/') ? strrchr(m.name, '/') + 1 : m.name;
        if (!*base)
            continue;
        if (is_xml_like(m.name)) {
            if ((r = io->read(io->arg, i, &d, &len)) != 0) {
                rc = r < 0 ? OX_STOP : rc;
                continue;
            }
            r = xml_walk(d, len, &w);
            free(d);
            rc = worse(rc, r == -2 ? OX_NOMEM : r < 0 ? OX_CORRUPT : OX_OK);
            if (!a.full && sg_buf_putc(&out, '\n') != SG_BUF_OK)
                a.full = 1;
            continue;
        }
        if (is_image(zr, i, m.name))
            continue;
        if (!io->file || !io->read_any) {
            rc = worse(rc, OX_TRUNCATED);
            continue;
        }
        if (!(name = sg_strdup(base))) {
            rc = OX_NOMEM;
            break;
        }
        if ((r = io->read_any(io->arg, i, &d, &len)) != 0) {
            free(name);
            rc = r < 0 ? OX_STOP : rc;
            continue;
        }
        if (io->file(io->arg, name, d, len) < 0)
            rc = OX_STOP;
        free(d);
        free(name);
    }
    for (size_t q = 0; q < out.len; q++)
        blank &= out.data[q] == ' ' || out.data[q] == '\n';
    if (rc != OX_STOP && rc != OX_NOMEM && !blank)
        rc = worse(rc, emit_buf(io, SG_UNIT_TEXT, "other parts", &out));
    rc = worse(rc, a.full ? OX_TRUNCATED : OX_OK);
    sg_buf_free(&out);
    return rc;
}

/* Parts that hold formatting, not content (what a reader used is not
 * asked about). */
static int ooxml_ignored(const char *name)
{
    static const char *const base[] = {
        "[Content_Types].xml", "styles.xml", "stylesWithEffects.xml", "settings.xml",
        "fontTable.xml", "webSettings.xml", "numbering.xml", "calcChain.xml", "presProps.xml",
        "viewProps.xml", "tableStyles.xml", "vbaProject.bin", "vbaData.xml", NULL
    };
    static const char *const within[] = {
        "/_rels/", "/theme/", "/fonts/", "/printerSettings/", "customXml/itemProps", NULL
    };
    const char *b = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t k;

    if (has_suffix(name, ".rels") || strncmp(name, "_rels/", 6) == 0)
        return 1;
    for (k = 0; base[k]; k++)
        if (strcmp(b, base[k]) == 0)
            return 1;
    for (k = 0; within[k]; k++)
        if (strstr(name, within[k]))
            return 1;
    return 0;
}

/* --- entry points ---------------------------------------------------------- */

ooxml_kind ooxml_detect(zip_reader *zr)
{
    if (zip_reader_locate(zr, "[Content_Types].xml") < 0)
        return OOXML_NONE;
    if (zip_reader_locate(zr, "word/document.xml") >= 0)
        return OOXML_DOCX;
    if (zip_reader_locate(zr, "xl/workbook.xml") >= 0)
        return OOXML_XLSX;
    if (zip_reader_locate(zr, "ppt/presentation.xml") >= 0)
        return OOXML_PPTX;
    return OOXML_NONE;
}

int ooxml_extract(zip_reader *zr, ooxml_kind kind, const ooxml_io *outer)
{
    ooxml_track t;
    const ooxml_io *io = &t.io;
    int rc;

    if (kind != OOXML_DOCX && kind != OOXML_PPTX && kind != OOXML_XLSX)
        return OX_OK;
    if (ooxml_track_init(&t, zr, outer) != OX_OK)
        return OX_NOMEM;
    switch (kind) {
    case OOXML_DOCX: rc = extract_docx(zr, io); break;
    case OOXML_PPTX: rc = extract_pptx(zr, io); break;
    default: rc = extract_xlsx(zr, io); break;
    }
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, extract_extras(zr, kind, io));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, extract_embeddings(zr, io));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, extract_props(zr, io));
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, ooxml_rest(zr, &t, ooxml_ignored));
    ooxml_track_free(&t);
    return rc;
}
