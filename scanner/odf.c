/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * odf - OpenDocument (odt, ods, odp, odg and their templates) through
 * libzip + libxml2's xmlReader (xml_walk.c); see odf.h.
 *
 * content.xml: paragraphs and headings (text:p, text:h; text:tab, text:s,
 * text:line-break), frames and text boxes, tables; office:annotation
 * (comments), text:note-body (footnotes, endnotes) and presentation:notes
 * (speaker notes) go to their own units. Spreadsheets: each table:table is
 * one SG_UNIT_TABLE at LOCATION/<table name> (rows '\n', cells '\t', empty
 * cells kept, like xlsx); a number cell gives its office:value (the raw
 * number, not the display format that may cut a 12-digit number to
 * 1.23E+11); number-columns/rows-repeated expand up to ODF_MAX_REPEAT
 * copies of a cell or row that holds something. styles.xml: headers,
 * footers and master pages (slide masters) -> "headers, footers, masters".
 * meta.xml: title, subject, description, keywords, creators and
 * user-defined fields -> SG_UNIT_PROPERTIES. Sub-documents (embedded
 * objects: "Object 1/content.xml", charts with their data tables) are read
 * the same way as "embedded Object 1". Binary OLE objects ("Object 2", a
 * compound file) and any other member no reader used go to ooxml_rest()
 * (inspected as files one level deeper; other XML as "other parts").
 * Encrypted (manifest encryption-data): nothing read, encrypted = yes.
 *
 * Limits: io->max_text per unit (OX_TRUNCATED), SG_MAX_XML_BYTES per part
 * (xml_walk), ODF_MAX_OBJECTS sub-documents. Owns nothing past a call.
 */
#include "odf.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"
#include "xml_walk.h"

#define ODF_MAX_REPEAT  64      /* copies of a repeated non-empty cell or row */
#define ODF_MAX_OBJECTS 256     /* embedded sub-documents read */
#define ODF_MAX_COLS    16384   /* empty columns kept before a cell */

enum { S_MAIN, S_COMMENTS, S_NOTES, S_FOOTNOTES, S_N };

typedef struct odoc {
    const ooxml_io *io;
    const char *prefix;          /* "embedded Object 1" or NULL */
    int sheet;                   /* office:spreadsheet: tables are units */
    sg_buf sink[S_N];
    int full, stop, nomem;
    int ann, note, pnotes;       /* depth inside annotation, note-body, notes */
    /* spreadsheet table state */
    int in_table, in_cell, cell_empty_text;
    char *tname;
    sg_buf table, row, cell;
    unsigned long row_rep, cell_rep, col, row_cols;
    char *cell_value;            /* office:value of a number cell */
    int row_has;
    int in_text;                 /* inside text:p / text:h */
} odoc;

static void put(odoc *o, int sink, const char *s, size_t n)
{
    if (sg_buf_append(&o->sink[sink], s, n) != SG_BUF_OK)
        o->full = 1;
}

static int cur_sink(const odoc *o)
{
    return o->ann ? S_COMMENTS : o->note ? S_FOOTNOTES : o->pnotes ? S_NOTES : S_MAIN;
}

static void text_out(odoc *o, const char *s, size_t n)
{
    if (o->in_cell && !o->ann) {
        if (sg_buf_append(&o->cell, s, n) != SG_BUF_OK)
            o->full = 1;
        return;
    }
    put(o, cur_sink(o), s, n);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
    return xml_attr_local(r, name, 1);
}

static unsigned long attr_num(xmlTextReaderPtr r, const char *name, unsigned long dflt)
{
    char *v = attr(r, name);
    unsigned long n = dflt;

    if (v) {
        n = strtoul(v, NULL, 10);
        if (n == 0)
            n = dflt;
        xmlFree(v);
    }
    return n;
}

static void emit(odoc *o, sg_unit_kind kind, const char *sub, sg_buf *b)
{
    char *name = NULL;

    if (!b->len || o->stop)
        return;
    if (o->prefix) {
        size_t n = strlen(o->prefix) + (sub ? strlen(sub) : 0) + 2;
        if (!(name = sg_malloc(n))) {
            o->nomem = o->stop = 1;
            return;
        }
        snprintf(name, n, "%s%s%s", o->prefix, sub ? "/" : "", sub ? sub : "");
    }
    if (o->io->emit(o->io->arg, kind, o->prefix ? name : sub, sg_buf_str(b), b->len) < 0)
        o->stop = 1;
    free(name);
}

/* ---- spreadsheet tables ------------------------------------------------------ */

static void table_start(odoc *o, xmlTextReaderPtr r)
{
    o->in_table++;
    if (o->in_table > 1)
        return;
    free(o->tname);
    {
        char *n = attr(r, "name");
        o->tname = sg_strdup(n ? n : "table");
        xmlFree(n);
    }
    sg_buf_reset(&o->table);
}

static void table_end(odoc *o)
{
    if (--o->in_table > 0)
        return;
    emit(o, SG_UNIT_TABLE, o->tname, &o->table);
    sg_buf_reset(&o->table);
}

static void cell_end(odoc *o)
{
    const char *v = o->cell_value ? o->cell_value : sg_buf_str(&o->cell);
    size_t vn = o->cell_value ? strlen(o->cell_value) : o->cell.len;
    unsigned long k, reps;

    o->in_cell = 0;
    while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == '\n'))
        vn--;
    if (vn == 0) {
        o->col += o->cell_rep;
    } else {
        reps = o->cell_rep < ODF_MAX_REPEAT ? o->cell_rep : ODF_MAX_REPEAT;
        for (k = 0; k < reps && !o->full; k++) {
            unsigned long tabs = o->col - o->row_cols + (o->row_cols > 0);
            if (tabs > ODF_MAX_COLS)
                tabs = ODF_MAX_COLS;
            for (unsigned long t = 0; t < tabs; t++)
                if (sg_buf_putc(&o->row, '\t') != SG_BUF_OK)
                    o->full = 1;
            for (size_t i = 0; i < vn; i++)
                if (sg_buf_putc(&o->row, v[i] == '\t' || v[i] == '\n' ? ' ' : v[i]) != SG_BUF_OK)
                    o->full = 1;
            o->col++;
            o->row_cols = o->col;
        }
        o->col += o->cell_rep - reps;
        o->row_has = 1;
    }
    if (o->cell_value) {
        xmlFree(o->cell_value);
        o->cell_value = NULL;
    }
}

static void row_end(odoc *o)
{
    unsigned long reps = o->row_rep < ODF_MAX_REPEAT ? o->row_rep : ODF_MAX_REPEAT;

    if (o->row_has)
        for (unsigned long k = 0; k < reps && !o->full; k++)
            if (sg_buf_append(&o->table, o->row.data, o->row.len) != SG_BUF_OK ||
                sg_buf_putc(&o->table, '\n') != SG_BUF_OK)
                o->full = 1;
    sg_buf_reset(&o->row);
}

/* ---- the walk ----------------------------------------------------------------- */

static void on_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    odoc *o = arg;

    if (strcmp(local, "annotation") == 0) {
        o->ann++;
    } else if (strcmp(local, "note-body") == 0) {
        o->note++;
    } else if (strcmp(local, "notes") == 0) {
        o->pnotes++;
    } else if (strcmp(local, "spreadsheet") == 0) {
        o->sheet = 1;
    } else if (strcmp(local, "table") == 0 && o->sheet) {
        table_start(o, r);
    } else if (strcmp(local, "table-row") == 0 && o->sheet && o->in_table == 1) {
        o->row_rep = attr_num(r, "number-rows-repeated", 1);
        o->col = o->row_cols = 0;
        o->row_has = 0;
        sg_buf_reset(&o->row);
    } else if ((strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0) &&
               o->sheet && o->in_table == 1) {
        char *vt = attr(r, "value-type");
        o->in_cell = 1;
        o->cell_rep = attr_num(r, "number-columns-repeated", 1);
        sg_buf_reset(&o->cell);
        if (vt && (strcmp(vt, "float") == 0 || strcmp(vt, "percentage") == 0 ||
                   strcmp(vt, "currency") == 0))
            o->cell_value = attr(r, "value");
        xmlFree(vt);
        if (xmlTextReaderIsEmptyElement(r))
            cell_end(o);
    } else if (strcmp(local, "p") == 0 || strcmp(local, "h") == 0) {
        o->in_text++;
    } else if (strcmp(local, "tab") == 0) {
        text_out(o, o->in_cell ? " " : "\t", 1);
    } else if (strcmp(local, "s") == 0) {
        unsigned long c = attr_num(r, "c", 1);
        for (unsigned long i = 0; i < c && i < 64; i++)
            text_out(o, " ", 1);
    } else if (strcmp(local, "line-break") == 0) {
        text_out(o, o->in_cell ? " " : "\n", 1);
    }
}

static void on_end(void *arg, const char *local)
{
    odoc *o = arg;

    if (strcmp(local, "annotation") == 0 && o->ann > 0) {
        o->ann--;
        put(o, S_COMMENTS, "\n", 1);
    } else if (strcmp(local, "note-body") == 0 && o->note > 0) {
        o->note--;
    } else if (strcmp(local, "notes") == 0 && o->pnotes > 0) {
        o->pnotes--;
    } else if (strcmp(local, "table") == 0 && o->sheet && o->in_table > 0) {
        table_end(o);
    } else if (strcmp(local, "table-row") == 0 && o->sheet && o->in_table == 1) {
        row_end(o);
    } else if ((strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0) &&
               o->sheet && o->in_table == 1 && o->in_cell) {
        cell_end(o);
    } else if (strcmp(local, "p") == 0 || strcmp(local, "h") == 0) {
        if (o->in_text > 0)
            o->in_text--;
        text_out(o, o->in_cell && !o->ann ? " " : "\n", 1);
    } else if (strcmp(local, "table-cell") == 0 && !o->sheet) {
        put(o, cur_sink(o), "\t", 1);
    } else if (strcmp(local, "table-row") == 0 && !o->sheet) {
        put(o, cur_sink(o), "\n", 1);
    }
}

static void on_text(void *arg, const char *s)
{
    odoc *o = arg;

    if (o->in_text > 0)
        text_out(o, s, strlen(s));
}

/* ---- parts --------------------------------------------------------------------- */

static int read_part(zip_reader *zr, const char *name, const ooxml_io *io, const xwalk *w)
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

static int worse(int a, int b)
{
    if (a < 0)
        return a;
    if (b < 0)
        return b;
    return a > b ? a : b;
}

/* content.xml and styles.xml of one document (dir "" or "Object 1/"). */
static int read_doc(zip_reader *zr, const char *dir, const char *prefix, const ooxml_io *io)
{
    static const char *const subs[S_N] = { NULL, "comments", "notes", "footnotes" };
    odoc o;
    xwalk w = { on_start, on_end, on_text, &o };
    char path[512];
    int rc, k;
    sg_buf hdr;

    memset(&o, 0, sizeof(o));
    o.io = io;
    o.prefix = prefix;
    for (k = 0; k < S_N; k++)
        sg_buf_init(&o.sink[k], io->max_text);
    sg_buf_init(&o.table, io->max_text);
    sg_buf_init(&o.row, io->max_text);
    sg_buf_init(&o.cell, 1 << 20);
    snprintf(path, sizeof(path), "%scontent.xml", dir);
    rc = read_part(zr, path, io, &w);
    for (k = 0; k < S_N && !o.stop; k++)
        emit(&o, SG_UNIT_TEXT, subs[k], &o.sink[k]);
    /* styles.xml: headers, footers, master pages; its text only */
    for (k = 0; k < S_N; k++)
        sg_buf_reset(&o.sink[k]);
    o.sheet = 0;
    snprintf(path, sizeof(path), "%sstyles.xml", dir);
    if (!o.stop && rc != OX_NOMEM)
        rc = worse(rc, read_part(zr, path, io, &w));
    sg_buf_init(&hdr, io->max_text);
    for (k = 0; k < S_N; k++)
        if (sg_buf_append(&hdr, o.sink[k].data ? o.sink[k].data : "", o.sink[k].len) != SG_BUF_OK)
            o.full = 1;
    if (!o.stop)
        emit(&o, SG_UNIT_TEXT, "headers, footers, masters", &hdr);
    sg_buf_free(&hdr);
    for (k = 0; k < S_N; k++)
        sg_buf_free(&o.sink[k]);
    sg_buf_free(&o.table);
    sg_buf_free(&o.row);
    sg_buf_free(&o.cell);
    free(o.tname);
    xmlFree(o.cell_value);
    if (o.stop)
        return OX_STOP;
    return worse(rc, o.full ? OX_TRUNCATED : OX_OK);
}

/* ---- meta.xml ------------------------------------------------------------------ */

typedef struct meta { sg_buf *out; int depth, inval; char *name; int full; } meta;

static void meta_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    meta *m = arg;

    m->depth++;
    if (m->depth == 3) {                 /* office:document-meta / office:meta / field */
        xmlFree(m->name);
        m->name = strcmp(local, "user-defined") == 0 ? xml_attr_local(r, "name", 1)
                                                     : (char *)xmlStrdup((const xmlChar *)local);
        m->inval = 0;
    }
}

static void meta_end(void *arg, const char *local)
{
    meta *m = arg;

    (void)local;
    if (m->depth == 3 && m->inval && sg_buf_putc(m->out, '\n') != SG_BUF_OK)
        m->full = 1;
    if (m->depth == 3) {
        xmlFree(m->name);
        m->name = NULL;
    }
    m->depth--;
}

static void meta_text(void *arg, const char *s)
{
    meta *m = arg;

    if (!m->name || m->depth < 3)
        return;
    if (strcmp(m->name, "generator") == 0 || strcmp(m->name, "editing-duration") == 0 ||
        strcmp(m->name, "editing-cycles") == 0 || strcmp(m->name, "creation-date") == 0 ||
        strcmp(m->name, "date") == 0 || strcmp(m->name, "document-statistic") == 0)
        return;
    if (!m->inval && sg_buf_printf(m->out, "%s: ", m->name) != SG_BUF_OK)
        m->full = 1;
    m->inval = 1;
    if (sg_buf_puts(m->out, s) != SG_BUF_OK)
        m->full = 1;
}

static int read_meta(zip_reader *zr, const ooxml_io *io)
{
    sg_buf out;
    meta m = { &out, 0, 0, NULL, 0 };
    xwalk w = { meta_start, meta_end, meta_text, &m };
    int rc;

    sg_buf_init(&out, io->max_text);
    rc = read_part(zr, "meta.xml", io, &w);
    xmlFree(m.name);
    if (out.len && io->emit(io->arg, SG_UNIT_PROPERTIES, NULL, sg_buf_str(&out), out.len) < 0)
        rc = OX_STOP;
    sg_buf_free(&out);
    return worse(rc, m.full ? OX_TRUNCATED : OX_OK);
}

/* ---- entry points ----------------------------------------------------------------- */

int odf_detect(zip_reader *zr)
{
    return zip_reader_locate(zr, "content.xml") >= 0 &&
           (zip_reader_locate(zr, "META-INF/manifest.xml") >= 0 ||
            zip_reader_locate(zr, "mimetype") >= 0);
}

static void enc_start(void *arg, xmlTextReaderPtr r, const char *local)
{
    (void)r;
    if (strcmp(local, "encryption-data") == 0)
        *(int *)arg = 1;
}

int odf_encrypted(zip_reader *zr, const ooxml_io *io)
{
    int enc = 0;
    xwalk w = { enc_start, NULL, NULL, &enc };

    (void)read_part(zr, "META-INF/manifest.xml", io, &w);
    return enc;
}

/* Files that hold no content: the package's own, settings, thumbnails and
 * replacement images of objects, macro libraries (what a reader used is
 * not asked about). */
static int odf_ignored(const char *name)
{
    static const char *const pre[] = {
        "META-INF/", "Thumbnails/", "Configurations2/", "ObjectReplacements/", "Basic/",
        "Dialogs/", NULL
    };
    const char *b = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t k;

    if (strcmp(name, "mimetype") == 0 || strcmp(b, "settings.xml") == 0 ||
        strcmp(b, "manifest.rdf") == 0 || strcmp(b, "layout-cache") == 0)
        return 1;
    for (k = 0; pre[k]; k++)
        if (strncmp(name, pre[k], strlen(pre[k])) == 0)
            return 1;
    return 0;
}

int odf_extract(zip_reader *zr, const ooxml_io *outer)
{
    ooxml_track t;
    const ooxml_io *io = &t.io;
    long i, n = zip_reader_count(zr);
    unsigned objects = 0;
    int rc;

    if (ooxml_track_init(&t, zr, outer) != OX_OK)
        return OX_NOMEM;
    rc = read_doc(zr, "", NULL, io);
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, read_meta(zr, io));
    for (i = 0; i < n && rc != OX_STOP && rc != OX_NOMEM; i++) {
        zip_member_info m;
        const char *slash;
        char dir[256], pre[300];
        if (zip_reader_stat(zr, i, &m) != ZR_OK || !(slash = strchr(m.name, '/')) ||
            strcmp(slash, "/content.xml") != 0 || (size_t)(slash - m.name) >= sizeof(dir) - 1 ||
            strncmp(m.name, "META-INF", 8) == 0)
            continue;
        if (++objects > ODF_MAX_OBJECTS) {
            rc = worse(rc, OX_TRUNCATED);
            break;
        }
        snprintf(dir, sizeof(dir), "%.*s/", (int)(slash - m.name), m.name);
        snprintf(pre, sizeof(pre), "embedded %.*s", (int)(slash - m.name), m.name);
        rc = worse(rc, read_doc(zr, dir, pre, io));
    }
    /* binary OLE objects ("Object 2": a compound file), other files */
    if (rc != OX_STOP && rc != OX_NOMEM)
        rc = worse(rc, ooxml_rest(zr, &t, odf_ignored));
    ooxml_track_free(&t);
    return rc;
}
