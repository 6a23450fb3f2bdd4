/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cfb_doc - CFB / OLE2 files through libgsf; see cfb_doc.h.
 *
 * libgsf (LGPL-2.1, GNOME) reads the compound file: header, FAT/DIFAT,
 * mini stream, directory; it checks sector numbers and chains. Streams
 * are pulled with gsf_input_read into buffers of at most io->max_part
 * bytes. A storage is classified by the names of its children and read
 * by the record reader of its kind; embedded storages are read the same
 * way, one level deeper, their units named "embedded NAME/...".
 */
#include "cfb_doc.h"
#include "sg_alloc.h"

#include <gsf/gsf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biff8.h"
#include "outlook_msg.h"
#include "ppt97.h"
#include "sg_buf.h"
#include "word97.h"

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

static void gsf_init_once(void)
{
    gsf_init();
}

/* ---- streams ---------------------------------------------------------------- */

unsigned char *cfb_doc_stream(GsfInput *in, size_t max, size_t *len, int *cut)
{
    gsf_off_t size = gsf_input_size(in);
    size_t n;
    unsigned char *buf;

    *len = 0;
    *cut = 0;
    if (size < 0)
        return NULL;
    n = (size_t)size;
    if (n > max) {
        n = max;
        *cut = 1;
    }
    if (!(buf = sg_malloc(n + 1)))
        return NULL;
    if (n && !gsf_input_read(in, n, buf)) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* The named child stream of stg, read whole (bounded); NULL when absent. */
static unsigned char *child_stream(GsfInfile *stg, const char *name, const reader_io *io,
                                   size_t *len, int *missing)
{
    GsfInput *in = gsf_infile_child_by_name(stg, name);
    unsigned char *buf;
    int cut;

    *len = 0;
    *missing = in == NULL;
    if (!in)
        return NULL;
    buf = cfb_doc_stream(in, io->max_part, len, &cut);
    g_object_unref(in);
    if (cut)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "a document stream larger than max_part_bytes: the rest was not scanned");
    if (!buf)
        io->partly(io->arg, SG_LIMIT_CORRUPT, "a document stream could not be read");
    return buf;
}

static int has_child(GsfInfile *stg, const char *name)
{
    GsfInput *in = gsf_infile_child_by_name(stg, name);

    if (!in)
        return 0;
    g_object_unref(in);
    return 1;
}

/* ---- document properties ----------------------------------------------------- */

typedef struct props { sg_buf b; } props;

static void prop_line(gpointer key, gpointer value, gpointer arg)
{
    props *p = arg;
    GsfDocProp *prop = value;
    const GValue *v = gsf_doc_prop_get_val(prop);
    const char *name = gsf_doc_prop_get_name(prop);
    char *s;

    (void)key;
    if (!v || !name || !G_VALUE_HOLDS_STRING(v) || !(s = (char *)g_value_get_string(v)) || !*s)
        return;
    /* "gsf:title" and the like: the part after the prefix */
    if (strchr(name, ':'))
        name = strchr(name, ':') + 1;
    (void)sg_buf_printf(&p->b, "%s: %s\n", name, s);
}

static int read_props(GsfInfile *stg, const reader_io *io, const char *sub)
{
    static const char *const names[] = { "\005SummaryInformation", "\005DocumentSummaryInformation" };
    GsfDocMetaData *meta = gsf_doc_meta_data_new();
    props p;
    int rc = RD_FULL;

    if (!meta)
        return RD_NOMEM;
    for (size_t i = 0; i < 2; i++) {
        GsfInput *in = gsf_infile_child_by_name(stg, names[i]);
        GError *err;
        if (!in)
            continue;
        if ((err = gsf_doc_meta_data_read_from_msole(meta, in)) != NULL)
            g_error_free(err);           /* properties are best effort: the text is the content */
        g_object_unref(in);
    }
    sg_buf_init(&p.b, io->max_text);
    gsf_doc_meta_data_foreach(meta, prop_line, &p);
    if (p.b.len && io->emit(io->arg, SG_UNIT_PROPERTIES, sub, sg_buf_str(&p.b), p.b.len) < 0)
        rc = RD_STOP;
    sg_buf_free(&p.b);
    g_object_unref(meta);
    return rc;
}

/* ---- embedded objects ----------------------------------------------------------- */

typedef struct sub_io {
    const reader_io *up;
    const char *prefix;         /* "embedded NAME" */
} sub_io;

static int sub_emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    sub_io *s = arg;
    char *name = sg_asprintf("%s%s%s", s->prefix, sub ? "/" : "", sub ? sub : "");
    int r = s->up->emit(s->up->arg, kind, name, text, len);

    free(name);
    return r;
}

static int sub_file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    sub_io *s = arg;

    return s->up->file(s->up->arg, name, d, len);
}

static void sub_partly(void *arg, unsigned flag, const char *why)
{
    sub_io *s = arg;

    s->up->partly(s->up->arg, flag, why);
}


/* \001Ole10Native: u32 size, u16 flags, label, path (C strings), u32 ...,
 * u32 temp-path length, temp path, u32 data length, data. */
static int ole10_native(GsfInfile *stg, const reader_io *io)
{
    size_t n, p = 6, k;
    int missing, r = RD_FULL;
    unsigned char *d = child_stream(stg, "\001Ole10Native", io, &n, &missing);
    const char *label;
    uint32_t len;

    if (!d)
        return missing ? RD_NONE : RD_PARTLY;
    label = (const char *)d + p;
    for (k = 0; k < 2; k++) {                /* label, source path */
        const unsigned char *z = p < n ? memchr(d + p, 0, n - p) : NULL;
        if (!z)
            goto bad;
        p = (size_t)(z - d) + 1;
    }
    p += 4;                                  /* reserved */
    if (p + 4 > n)
        goto bad;
    len = (uint32_t)(d[p] | d[p + 1] << 8 | d[p + 2] << 16 | (uint32_t)d[p + 3] << 24);
    if (len > n - p - 4)
        goto bad;
    p += 4 + len;                            /* temp path */
    if (p + 4 > n)
        goto bad;
    len = (uint32_t)(d[p] | d[p + 1] << 8 | d[p + 2] << 16 | (uint32_t)d[p + 3] << 24);
    if (len > n - p - 4)
        goto bad;
    if (io->file(io->arg, label, d + p + 4, len) < 0)
        r = RD_STOP;
    free(d);
    return r;
bad:
    free(d);
    io->partly(io->arg, SG_LIMIT_CORRUPT, "an embedded packaged file (Ole10Native) is corrupt");
    return RD_PARTLY;
}

/* Every child storage of stg (an ObjectPool, or MBD* of a workbook). */
static int read_embedded(GsfInfile *stg, const char *prefix_only, const reader_io *io, int depth)
{
    int i, n = gsf_infile_num_children(stg), rc = RD_FULL;

    for (i = 0; i < n && rc != RD_STOP && rc != RD_NOMEM; i++) {
        const char *name = gsf_infile_name_by_index(stg, i);
        GsfInput *child;
        int enc = 0, r;

        if (!name || (prefix_only && strncmp(name, prefix_only, strlen(prefix_only)) != 0))
            continue;
        child = gsf_infile_child_by_index(stg, i);
        if (!child)
            continue;
        if (GSF_IS_INFILE(child) && gsf_infile_num_children(GSF_INFILE(child)) >= 0) {
            char *pre = sg_asprintf("embedded %s", name);
            sub_io s = { io, pre };
            reader_io sio = { &s, sub_emit, sub_file, sub_partly, io->max_text, io->max_part };
            r = cfb_doc_storage(GSF_INFILE(child), &sio, depth + 1, &enc);
            if (enc)
                io->partly(io->arg, SG_LIMIT_ENCRYPTED, "an embedded object is encrypted");
            if (r == RD_NONE)
                io->partly(io->arg, SG_LIMIT_UNSUPPORTED,
                           "an embedded object of a kind the scanner does not read");
            rc = r == RD_STOP || r == RD_NOMEM ? r : rc;
            free(pre);
        }
        g_object_unref(child);
    }
    return rc;
}

/* ---- kinds ------------------------------------------------------------------------ */

static int worse(int a, int b)
{
    if (a < 0 || b < 0)
        return a < b ? a : b;
    return a > b ? a : b;
}

static int read_word(GsfInfile *stg, const reader_io *io, int *encrypted)
{
    size_t wn, n0, n1;
    int m, rc;
    unsigned char *wd = child_stream(stg, "WordDocument", io, &wn, &m);
    unsigned char *t0 = child_stream(stg, "0Table", io, &n0, &m);
    unsigned char *t1 = child_stream(stg, "1Table", io, &n1, &m);

    if (!wd)
        rc = RD_NONE;
    else if (wn >= 12 && (wd[0x0B] & 0x81))  /* fEncrypted 0x0100, fObfuscated 0x8000 */
        rc = WORD97_ENCRYPTED;
    else
        rc = word97_read(wd, wn, t0, n0, t1, n1, io);
    free(wd);
    free(t0);
    free(t1);
    if (rc == WORD97_ENCRYPTED) {
        *encrypted = 1;
        return RD_FULL;
    }
    return rc;
}

static int read_excel(GsfInfile *stg, const reader_io *io, int *encrypted)
{
    size_t n;
    int m, rc;
    unsigned char *wb = child_stream(stg, "Workbook", io, &n, &m);

    if (!wb && m) {
        io->partly(io->arg, SG_LIMIT_UNSUPPORTED, "Excel 5.0/95 workbook (Book stream): not read");
        return RD_NONE;
    }
    rc = wb ? biff8_read(wb, n, io) : RD_NONE;
    free(wb);
    if (rc == BIFF8_ENCRYPTED) {
        *encrypted = 1;
        return RD_FULL;
    }
    return rc;
}

static int read_ppt(GsfInfile *stg, const reader_io *io, int *encrypted)
{
    size_t n;
    int m, rc;
    unsigned char *d;

    if (has_child(stg, "EncryptedSummary")) {
        *encrypted = 1;
        return RD_FULL;
    }
    d = child_stream(stg, "PowerPoint Document", io, &n, &m);
    rc = d ? ppt97_read(d, n, io) : RD_NONE;
    free(d);
    return rc;
}

int cfb_doc_storage(GsfInfile *stg, const reader_io *io, int depth, int *encrypted)
{
    GsfInput *pool;
    int rc;

    if (depth > CFB_DOC_MAX_DEPTH) {
        io->partly(io->arg, SG_LIMIT_ARCHIVE_DEPTH, "embedded objects nested deeper than the scanner follows");
        return RD_PARTLY;
    }
    if (has_child(stg, "EncryptedPackage")) {
        *encrypted = 1;
        return RD_FULL;
    }
    if (has_child(stg, "__properties_version1.0") || has_child(stg, "__substg1.0_0037001F") ||
        has_child(stg, "__substg1.0_0037001E") || has_child(stg, "__substg1.0_1000001F"))
        return outlook_msg_read(stg, io, depth);
    if (has_child(stg, "WordDocument"))
        rc = read_word(stg, io, encrypted);
    else if (has_child(stg, "Workbook") || has_child(stg, "Book"))
        rc = read_excel(stg, io, encrypted);
    else if (has_child(stg, "PowerPoint Document"))
        rc = read_ppt(stg, io, encrypted);
    else if (has_child(stg, "\001Ole10Native"))
        return ole10_native(stg, io);
    else
        return RD_NONE;
    if (*encrypted || rc == RD_STOP || rc == RD_NOMEM || rc == RD_NONE)
        return rc;
    rc = worse(rc, read_props(stg, io, NULL));
    if ((pool = gsf_infile_child_by_name(stg, "ObjectPool")) != NULL) {   /* Word */
        if (GSF_IS_INFILE(pool))
            rc = worse(rc, read_embedded(GSF_INFILE(pool), NULL, io, depth));
        g_object_unref(pool);
    }
    if (rc != RD_STOP && rc != RD_NOMEM)
        rc = worse(rc, read_embedded(stg, "MBD", io, depth));               /* Excel */
    if (has_child(stg, "_SX_DB_CUR") || has_child(stg, "_SX_DB"))
        io->partly(io->arg, SG_LIMIT_UNSUPPORTED,
                   "an Excel pivot cache (it holds the source rows) was not read");
    return rc;
}

int cfb_doc_read(const unsigned char *d, size_t n, const reader_io *io, int *encrypted)
{
    GsfInput *in;
    GsfInfile *stg;
    GError *err = NULL;
    int rc;

    *encrypted = 0;
    pthread_once(&gsf_once, gsf_init_once);
    if (!(in = gsf_input_memory_new(d, (gsf_off_t)n, FALSE)))
        return RD_NOMEM;
    stg = gsf_infile_msole_new(in, &err);
    g_object_unref(in);
    if (!stg) {
        if (err)
            g_error_free(err);
        io->partly(io->arg, SG_LIMIT_CORRUPT, "corrupt compound (OLE2) file");
        return RD_NONE;
    }
    rc = cfb_doc_storage(stg, io, 0, encrypted);
    g_object_unref(stg);
    return rc;
}
