/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_info - PDF encryption flag and text; see pdf_info.h.
 *
 * Encryption: for each "/Encrypt" name token, find the innermost enclosing
 * "<<" by walking back and balancing "<<"/">>"; the dictionary counts when
 * the token before "<<" is "trailer" or when the dictionary holds /XRef.
 *
 * Text: objects (pobj) index the file's bytes or decoded object streams
 * (pdoc.bufs, freed at the end); dictionaries are read on demand with
 * dict_get(); fonts are read once per object number (pdoc.fonts).
 */
#define _GNU_SOURCE 1
#include "pdf_info.h"
#include "sg_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "file_type.h"
#include "pdf_content.h"
#include "pdf_crypt.h"
#include "pdf_filter.h"
#include "sg_buf.h"

int pdf_info_is_pdf(const unsigned char *d, size_t len)
{
    size_t n = len < 1024 ? len : 1024;

    return n >= 5 && memmem(d, n, "%PDF-", 5) != NULL;
}

static int is_delim(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0 ||
           c == '/' || c == '<' || c == '>' || c == '[' || c == ']' || c == '(' || c == ')';
}

/* Offset of the "<<" that opens the dictionary around pos, or -1. */
static long dict_start(const unsigned char *d, size_t pos)
{
    size_t lo = pos > SG_MAX_PDF_DICT_SCAN ? pos - SG_MAX_PDF_DICT_SCAN : 0, i = pos;
    int depth = 0;

    while (i > lo + 1) {
        i--;
        if (d[i] == '>' && d[i - 1] == '>') {
            depth++;
            i--;
        } else if (d[i] == '<' && d[i - 1] == '<') {
            if (depth == 0)
                return (long)(i - 1);
            depth--;
            i--;
        }
    }
    return -1;
}

static int after_trailer(const unsigned char *d, size_t start)
{
    size_t i = start;

    while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\r' || d[i - 1] == '\n' ||
                     d[i - 1] == '\t' || d[i - 1] == '\f'))
        i--;
    return i >= 7 && memcmp(d + i - 7, "trailer", 7) == 0;
}

static int dict_is_xref(const unsigned char *d, size_t len, size_t start)
{
    size_t end = start + SG_MAX_PDF_DICT_SCAN < len ? start + SG_MAX_PDF_DICT_SCAN : len;
    const unsigned char *p = memmem(d + start, end - start, "/XRef", 5);
    const unsigned char *s = memmem(d + start, end - start, "stream", 6);

    return p && (!s || p < s);
}

int pdf_info_encrypted(const unsigned char *d, size_t len)
{
    size_t off = 0;
    int hits = 0;

    while (off < len && hits < PDF_MAX_ENCRYPT_HITS) {
        const unsigned char *p = memmem(d + off, len - off, "/Encrypt", 8);
        size_t pos;
        long st;

        if (!p)
            break;
        pos = (size_t)(p - d);
        off = pos + 8;
        hits++;
        if (off < len && !is_delim(d[off]))
            continue;                    /* /EncryptMetadata and the like */
        if ((st = dict_start(d, pos)) < 0)
            continue;
        if (after_trailer(d, (size_t)st) || dict_is_xref(d, len, (size_t)st))
            return 1;
    }
    return 0;
}

/* ==== text ================================================================ */

typedef struct pobj {
    uint32_t num, seq;
    uint16_t gen;               /* generation (for decryption keys) */
    uint8_t packed;             /* from an object stream: not encrypted on its own */
    const unsigned char *v;     /* the object's value (re-read with pdf_lex) */
    size_t vn;
    const unsigned char *s;     /* stream data, NULL when none */
    size_t sn;
} pobj;

typedef struct fcache {
    uint32_t num;
    pdf_font *f;                /* NULL: not a usable font */
} fcache;

typedef struct pdoc {
    const pdf_text_opts *o;
    pobj *obj;
    size_t n, alloc;
    unsigned char **bufs;       /* decoded object streams */
    size_t nbufs, abufs;
    fcache *fonts;
    size_t nfonts, afonts;
    unsigned flags, contents;
    unsigned long unmapped;     /* strings shown in CID fonts without a map */
    int stop, nomem;
    sg_buf out;
    pdf_crypt crypt;            /* keyed when the empty user password opens the file */
    int crypted;
    const unsigned char *fdict; /* /Font dictionary of the page being read */
    size_t fdictn;
} pdoc;

typedef struct pval {
    pdf_tk k;
    const unsigned char *p;     /* whole value for dicts/arrays, token otherwise */
    size_t n;
    int is_ref;
    uint32_t ref;
} pval;

/* ---- values ---------------------------------------------------------------- */

static uint32_t tok_uint(const pdf_tok *t)
{
    uint64_t v = 0;

    for (size_t i = 0; i < t->n && i < 10 && t->p[i] >= '0' && t->p[i] <= '9'; i++)
        v = v * 10 + (uint64_t)(t->p[i] - '0');
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Reads the value that begins with token t into v (an "N G R" reference
 * is one value). */
static void read_value(pdf_lex *lx, const pdf_tok *t, pval *v)
{
    pdf_lex save = *lx;
    pdf_tok g, r;

    memset(v, 0, sizeof(*v));
    v->k = t->k;
    v->p = t->p;
    v->n = t->n;
    if (t->k == PT_DOPEN || t->k == PT_AOPEN) {
        v->n = (size_t)(pdf_lex_skip(lx, t) - t->p);
    } else if (t->k == PT_NUM) {
        if (pdf_lex_next(lx, &g) == PT_NUM && pdf_lex_next(lx, &r) == PT_KW &&
            r.n == 1 && r.p[0] == 'R') {
            v->is_ref = 1;
            v->ref = tok_uint(t);
        } else {
            *lx = save;
        }
    }
}

/* Looks key (without '/') up in the dictionary that d begins with. */
static int dict_get(const unsigned char *d, size_t dn, const unsigned char *key, size_t kn,
                    pval *v)
{
    pdf_lex lx;
    pdf_tok t, x;
    int match;

    pdf_lex_init(&lx, d, dn);
    if (pdf_lex_next(&lx, &t) != PT_DOPEN)
        return 0;
    for (;;) {
        switch (pdf_lex_next(&lx, &t)) {
        case PT_EOF: case PT_DCLOSE:
            return 0;
        case PT_NAME:
            match = t.n == kn && memcmp(t.p, key, kn) == 0;
            if (pdf_lex_next(&lx, &x) == PT_EOF)
                return 0;
            read_value(&lx, &x, v);
            if (match)
                return 1;
            break;
        default:
            read_value(&lx, &t, v);
            break;
        }
    }
}

static int dget(const unsigned char *d, size_t dn, const char *key, pval *v)
{
    return dict_get(d, dn, (const unsigned char *)key, strlen(key), v);
}

static int name_is(const pval *v, const char *s)
{
    return v->k == PT_NAME && !v->is_ref && v->n == strlen(s) && memcmp(v->p, s, v->n) == 0;
}

/* ---- objects ----------------------------------------------------------------- */

static const pobj *lookup(const pdoc *doc, uint32_t num)
{
    size_t lo = 0, hi = doc->n;

    while (lo < hi) {                        /* first object with number > num */
        size_t mid = lo + (hi - lo) / 2;
        if (doc->obj[mid].num <= num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && doc->obj[lo - 1].num == num ? &doc->obj[lo - 1] : NULL;
}

/* Follows references: v becomes the referenced object's value; returns the
 * object (for its stream) or NULL when v was direct or not found. */
static const pobj *resolve(const pdoc *doc, pval *v)
{
    const pobj *o = NULL;
    pdf_lex lx;
    pdf_tok t;

    for (int i = 0; i < PDF_MAX_REF_CHAIN && v->is_ref; i++) {
        if (!(o = lookup(doc, v->ref))) {
            memset(v, 0, sizeof(*v));
            return NULL;
        }
        pdf_lex_init(&lx, o->v, o->vn);
        pdf_lex_next(&lx, &t);
        read_value(&lx, &t, v);
    }
    return o;
}

static int add_obj(pdoc *doc, uint32_t num, const unsigned char *v, size_t vn,
                   const unsigned char *s, size_t sn, uint16_t gen, int packed)
{
    pobj *o;

    if (doc->n >= PDF_MAX_OBJECTS) {
        doc->flags |= PDF_F_OBJECTS;
        return -1;
    }
    if (doc->n == doc->alloc) {
        size_t na = doc->alloc ? doc->alloc * 2 : 256;
        pobj *p = sg_realloc(doc->obj, na * sizeof(*p));
        if (!p) {
            doc->nomem = 1;
            return -1;
        }
        doc->obj = p;
        doc->alloc = na;
    }
    o = &doc->obj[doc->n];
    o->num = num;
    o->gen = gen;
    o->packed = (uint8_t)packed;
    o->seq = (uint32_t)doc->n++;
    o->v = v;
    o->vn = vn;
    o->s = s;
    o->sn = sn;
    return 0;
}

static int pdf_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* "N G obj" ends at q (the 'o'): returns N, or -1. */
static long obj_header(const unsigned char *d, size_t q, uint16_t *gen)
{
    size_t i = q, e, g0, g1;
    uint64_t num = 0, g = 0;

    if (i == 0 || !pdf_ws(d[i - 1]))
        return -1;
    while (i > 0 && pdf_ws(d[i - 1]))
        i--;
    for (e = i; i > 0 && is_digit(d[i - 1]) && e - i < 10; i--)
        ;
    if (i == e || i == 0 || !pdf_ws(d[i - 1]))
        return -1;
    for (g0 = i, g1 = e; g0 < g1; g0++)
        g = g * 10 + (uint64_t)(d[g0] - '0');
    *gen = g > 65535 ? 65535 : (uint16_t)g;
    while (i > 0 && pdf_ws(d[i - 1]))
        i--;
    for (e = i; i > 0 && is_digit(d[i - 1]) && e - i < 10; i--)
        ;
    if (i == e || (i > 0 && !pdf_ws(d[i - 1]) && d[i - 1] != '>' && d[i - 1] != ']' &&
                   d[i - 1] != ')'))
        return -1;
    for (; i < e; i++)
        num = num * 10 + (uint64_t)(d[i] - '0');
    return num > UINT32_MAX ? -1 : (long)num;
}

/* Stream data from s: up to /Length when "endstream" follows it, else up
 * to "endstream", else to the end (PDF_F_CORRUPT). Returns its end. */
static const unsigned char *stream_span(pdoc *doc, const unsigned char *v, size_t vn,
                                        const unsigned char *s, const unsigned char *end,
                                        size_t *sn)
{
    pval l;
    const unsigned char *e, *p;

    if (dget(v, vn, "Length", &l) && l.k == PT_NUM && !l.is_ref) {
        pdf_tok t = { PT_NUM, l.p, l.n };
        size_t len = tok_uint(&t);
        if (len <= (size_t)(end - s)) {
            for (p = s + len; p < end && pdf_ws(*p); p++)
                ;
            if ((size_t)(end - p) >= 9 && memcmp(p, "endstream", 9) == 0) {
                *sn = len;
                return p + 9;
            }
        }
    }
    if ((e = memmem(s, (size_t)(end - s), "endstream", 9)) != NULL) {
        p = e;
        if (p > s && p[-1] == '\n')
            p--;
        if (p > s && p[-1] == '\r')
            p--;
        *sn = (size_t)(p - s);
        return e + 9;
    }
    doc->flags |= PDF_F_CORRUPT;
    *sn = (size_t)(end - s);
    return end;
}

/* One object at its header; returns where the scan goes on. */
static const unsigned char *scan_object(pdoc *doc, uint32_t num, uint16_t gen,
                                        const unsigned char *body, const unsigned char *end)
{
    pdf_lex lx;
    pdf_tok t;
    pval v;
    const unsigned char *vstart, *vend, *s = NULL, *next;
    size_t sn = 0;

    pdf_lex_init(&lx, body, (size_t)(end - body));
    if (pdf_lex_next(&lx, &t) == PT_EOF)
        return end;
    vstart = t.k == PT_STR || t.k == PT_HEX ? t.p - 1 : t.p;
    read_value(&lx, &t, &v);
    vend = lx.p;
    next = vend;
    if (pdf_lex_next(&lx, &t) == PT_KW && pdf_tok_is(&t, PT_KW, "stream")) {
        s = lx.p;
        if (s < end && *s == '\r')
            s++;
        if (s < end && *s == '\n')
            s++;
        next = stream_span(doc, vstart, (size_t)(vend - vstart), s, end, &sn);
    }
    add_obj(doc, num, vstart, (size_t)(vend - vstart), s, sn, gen, 0);
    return next;
}

static void scan_objects(pdoc *doc, const unsigned char *d, size_t len)
{
    const unsigned char *p = d, *end = d + len, *q;
    long num;
    uint16_t gen = 0;

    while (p < end && !doc->nomem && !(doc->flags & PDF_F_OBJECTS)) {
        if (!(q = memmem(p, (size_t)(end - p), "obj", 3)))
            break;
        num = obj_header(d, (size_t)(q - d), &gen);
        if (num < 0 || (q + 3 < end && !pdf_ws(q[3]) && q[3] != '<' && q[3] != '[' &&
                        q[3] != '(' && q[3] != '/')) {
            p = q + 3;
            continue;
        }
        p = scan_object(doc, (uint32_t)num, gen, q + 3, end);
        if (p <= q)
            p = q + 3;
    }
}

static int obj_cmp(const void *a, const void *b)
{
    const pobj *x = a, *y = b;

    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- streams ------------------------------------------------------------------ */

static int grow(pdoc *doc, unsigned char **buf, size_t *alloc)
{
    size_t na = *alloc ? *alloc * 2 : PDF_INFLATE_CHUNK;
    unsigned char *p;

    if (na > doc->o->max_stream)
        na = doc->o->max_stream;
    if (na <= *alloc) {
        doc->flags |= PDF_F_PART;
        return 1;
    }
    if (!(p = sg_realloc(*buf, na + 1))) {
        doc->nomem = 1;
        return -1;
    }
    *buf = p;
    *alloc = na;
    return 0;
}

/* Inflates s into *out (malloc'd, NUL-terminated); partial output on
 * errors. Returns 0, or -1 (nothing to use). */
static int inflate_capped(pdoc *doc, const unsigned char *s, size_t sn, unsigned char **out,
                          size_t *outn)
{
    z_stream z;
    unsigned char *buf = NULL;
    size_t alloc = 0, used = 0, before;
    int r = Z_OK;

    memset(&z, 0, sizeof(z));
    if (inflateInit(&z) != Z_OK)
        return -1;
    z.next_in = (unsigned char *)s;
    z.avail_in = sn > UINT32_MAX ? UINT32_MAX : (uInt)sn;
    while (r == Z_OK) {
        if (used == alloc && grow(doc, &buf, &alloc) != 0)
            break;
        z.next_out = buf + used;
        z.avail_out = (uInt)(alloc - used);
        before = used;
        r = inflate(&z, Z_NO_FLUSH);
        used = alloc - z.avail_out;
        if (doc->o->check && doc->o->check(doc->o->arg, used - before)) {
            doc->flags |= PDF_F_STOPPED;
            doc->stop = 1;
            break;
        }
        if (used > SG_RATIO_MIN_BYTES && used / (z.total_in ? z.total_in : 1) > doc->o->max_ratio) {
            doc->flags |= PDF_F_RATIO;
            doc->stop = 1;
            break;
        }
        if (r == Z_BUF_ERROR && z.avail_out == 0)
            r = Z_OK;
    }
    if (r != Z_OK && r != Z_STREAM_END)
        doc->flags |= PDF_F_CORRUPT;
    inflateEnd(&z);
    if (!buf) {
        return -1;
    }
    buf[used] = 0;
    *out = buf;
    *outn = used;
    return 0;
}

static pdf_filter_kind filter_kind(const pval *v)
{
    static const struct { const char *name; pdf_filter_kind k; } tab[] = {
        { "FlateDecode", PDF_FILTER_FLATE }, { "Fl", PDF_FILTER_FLATE },
        { "ASCIIHexDecode", PDF_FILTER_AHX }, { "AHx", PDF_FILTER_AHX },
        { "ASCII85Decode", PDF_FILTER_A85 }, { "A85", PDF_FILTER_A85 },
        { "LZWDecode", PDF_FILTER_LZW }, { "LZW", PDF_FILTER_LZW },
        { "RunLengthDecode", PDF_FILTER_RL }, { "RL", PDF_FILTER_RL },
    };

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (name_is(v, tab[i].name))
            return tab[i].k;
    return PDF_FILTER_OTHER;
}

/* Element i of an array value (or the value itself for i == 0 when it is
 * not an array); 0 when absent. */
static int array_elem(const pval *a, size_t i, pval *v)
{
    pdf_lex lx;
    pdf_tok t;

    if (a->k != PT_AOPEN) {
        *v = *a;
        return i == 0;
    }
    pdf_lex_init(&lx, a->p + 1, a->n > 0 ? a->n - 1 : 0);
    for (size_t k = 0; pdf_lex_next(&lx, &t) != PT_EOF && t.k != PT_ACLOSE; k++) {
        read_value(&lx, &t, v);
        if (k == i)
            return 1;
    }
    return 0;
}

static unsigned parm_num(const pval *d, const char *key, unsigned dflt)
{
    pval v;

    if (!dget(d->p, d->n, key, &v) || v.k != PT_NUM || v.is_ref)
        return dflt;
    return tok_uint(&(pdf_tok){ PT_NUM, v.p, v.n });
}

/* One filter step: *cur (owned or not) becomes its decoded form. */
static int filter_step(pdoc *doc, pdf_filter_kind k, const pval *parms, unsigned char **cur,
                       size_t *curn, int *own)
{
    unsigned char *nx = NULL;
    size_t nxn = 0;
    int cut = 0, r, early = 1;
    pdf_predict pp = { 1, 1, 8, 1 };

    if (parms && parms->k == PT_DOPEN) {
        pp.predictor = parm_num(parms, "Predictor", 1);
        pp.colors = parm_num(parms, "Colors", 1);
        pp.bpc = parm_num(parms, "BitsPerComponent", 8);
        pp.columns = parm_num(parms, "Columns", 1);
        early = (int)parm_num(parms, "EarlyChange", 1);
    }
    if (k == PDF_FILTER_FLATE) {
        if (inflate_capped(doc, *cur, *curn, &nx, &nxn) != 0)
            return 1;
    } else {
        r = pdf_filter_decode(k, *cur, *curn, early, doc->o->max_stream, &nx, &nxn, &cut);
        if (r < 0) {
            doc->nomem = 1;
            return 1;
        }
        if (r > 0)
            doc->flags |= PDF_F_CORRUPT;
        if (cut)
            doc->flags |= PDF_F_PART;
        if (doc->o->check && doc->o->check(doc->o->arg, nxn)) {
            doc->flags |= PDF_F_STOPPED;
            doc->stop = 1;
        }
    }
    if ((k == PDF_FILTER_FLATE || k == PDF_FILTER_LZW) && pp.predictor > 1 &&
        (r = pdf_filter_predict(&pp, nx, &nxn)) != 0) {
        free(nx);
        if (r < 0)
            doc->nomem = 1;
        return 1;
    }
    if (*own)
        free(*cur);
    *cur = nx;
    *curn = nxn;
    *own = 1;
    return 0;
}

/* Decoded data of o's stream through its filter chain (Flate, LZW,
 * ASCII85, ASCIIHex, RunLength, predictors): *own tells whether *out must
 * be freed. Returns 0, or 1 when the stream cannot be decoded (an image
 * filter, a Crypt filter, more than PDF_MAX_FILTERS filters). */
static int is_type(const pobj *o, const char *key, const char *name);

static int stream_data(pdoc *doc, const pobj *o, unsigned char **out, size_t *outn, int *own)
{
    pval f, parms, fi, pi;
    unsigned char *cur;
    size_t curn, i = 0;
    int have_parms;

    *own = 0;
    if (!o || !o->s)
        return 1;
    cur = (unsigned char *)o->s;
    curn = o->sn;
    if (doc->crypted && !o->packed && !is_type(o, "Type", "XRef")) {
        int r = pdf_crypt_decrypt(&doc->crypt, o->num, o->gen, o->s, o->sn, &cur, &curn);
        if (r != 0) {
            if (r < 0)
                doc->nomem = 1;
            return 1;
        }
        *own = 1;
    }
    if (!dget(o->v, o->vn, "Filter", &f)) {
        if (curn > doc->o->max_stream) {
            curn = doc->o->max_stream;
            doc->flags |= PDF_F_PART;
        }
        *out = cur;
        *outn = curn;
        return 0;
    }
    resolve(doc, &f);
    have_parms = dget(o->v, o->vn, "DecodeParms", &parms) || dget(o->v, o->vn, "DP", &parms);
    if (f.k == PT_AOPEN && array_elem(&f, 0, &fi) && name_is(&fi, "Crypt"))
        i = 1;                               /* /Identity crypt filter: nothing to undo */
    if (have_parms)
        resolve(doc, &parms);
    for (i = i ? 1 : 0; array_elem(&f, i, &fi); i++) {
        pdf_filter_kind k;
        int hp = have_parms && array_elem(&parms, i, &pi);
        if (i >= PDF_MAX_FILTERS || (k = filter_kind(&fi)) == PDF_FILTER_OTHER ||
            filter_step(doc, k, hp ? (resolve(doc, &pi), &pi) : NULL, &cur, &curn, own) != 0 ||
            doc->stop) {
            if (*own)
                free(cur);
            *own = 0;
            return 1;
        }
    }
    *out = cur;
    *outn = curn;
    return 0;
}

/* Objects inside an object stream (/Type /ObjStm). */
static void expand_objstm(pdoc *doc, const pobj *o0)
{
    pobj copy = *o0, *o = &copy;    /* add_obj() moves doc->obj */
    pval n, first;
    unsigned char *d;
    size_t dn, i, cnt, base;
    int own;
    pdf_lex lx;
    pdf_tok a, b;
    uint32_t num, off, next_off;

    if (!dget(o->v, o->vn, "N", &n) || !dget(o->v, o->vn, "First", &first) ||
        n.k != PT_NUM || first.k != PT_NUM || stream_data(doc, o, &d, &dn, &own) != 0)
        return;
    if (own && doc->nbufs == doc->abufs) {
        size_t na = doc->abufs ? doc->abufs * 2 : 16;
        unsigned char **p = sg_realloc(doc->bufs, na * sizeof(*p));
        if (!p) {
            free(d);
            doc->nomem = 1;
            return;
        }
        doc->bufs = p;
        doc->abufs = na;
    }
    if (own)
        doc->bufs[doc->nbufs++] = d;
    cnt = tok_uint(&(pdf_tok){ PT_NUM, n.p, n.n });
    base = tok_uint(&(pdf_tok){ PT_NUM, first.p, first.n });
    if (base > dn)
        return;
    pdf_lex_init(&lx, d, base);
    for (i = 0; i < cnt && pdf_lex_next(&lx, &a) == PT_NUM && pdf_lex_next(&lx, &b) == PT_NUM; i++) {
        pdf_lex peek = lx;
        pdf_tok c;
        num = tok_uint(&a);
        off = tok_uint(&b);
        next_off = pdf_lex_next(&peek, &c) == PT_NUM && pdf_lex_next(&peek, &c) == PT_NUM
                   ? tok_uint(&c) : (uint32_t)(dn - base);
        if (off > dn - base || next_off > dn - base || next_off < off)
            continue;
        if (add_obj(doc, num, d + base + off, next_off - off, NULL, 0, 0, 1) < 0)
            return;
    }
}

/* ---- fonts ---------------------------------------------------------------------- */

static pdf_font_kind font_kind(pdoc *doc, const pobj *o)
{
    pval st, enc;

    if (!dget(o->v, o->vn, "Subtype", &st) || !name_is(&st, "Type0"))
        return PF_SIMPLE;
    if (!dget(o->v, o->vn, "Encoding", &enc))
        return PF_CID;
    resolve(doc, &enc);
    if (enc.k == PT_NAME && (memmem(enc.p, enc.n, "UCS2", 4) || memmem(enc.p, enc.n, "UTF16", 5)))
        return PF_UTF16;
    if (enc.k == PT_NAME && memmem(enc.p, enc.n, "RKSJ", 4))
        return PF_SJIS;
    return PF_CID;
}

/* /FirstChar + /Widths (simple fonts) or the descendant's /DW (Type0). */
static int font_widths(pdoc *doc, const pobj *o, pdf_font *f, pdf_font_kind k)
{
    pval v, fc, desc, d0;
    uint16_t *w;
    size_t n = 0;
    pdf_lex lx;
    pdf_tok t;
    int r;

    if (k != PF_SIMPLE) {
        if (!dget(o->v, o->vn, "DescendantFonts", &desc))
            return 0;
        resolve(doc, &desc);
        if (!array_elem(&desc, 0, &d0))
            return 0;
        resolve(doc, &d0);
        if (d0.k != PT_DOPEN || !dget(d0.p, d0.n, "DW", &v) || v.k != PT_NUM)
            return 0;
        return pdf_font_set_widths(f, 0, NULL, 0, tok_uint(&(pdf_tok){ PT_NUM, v.p, v.n }));
    }
    if (!dget(o->v, o->vn, "Widths", &v))
        return 0;
    resolve(doc, &v);
    if (v.k != PT_AOPEN || !dget(o->v, o->vn, "FirstChar", &fc) || fc.k != PT_NUM)
        return 0;
    if (!(w = sg_calloc(PDF_MAX_WIDTHS, sizeof(*w))))
        return -1;
    pdf_lex_init(&lx, v.p + 1, v.n > 0 ? v.n - 1 : 0);
    while (n < PDF_MAX_WIDTHS && pdf_lex_next(&lx, &t) == PT_NUM) {
        uint32_t x = tok_uint(&t);
        w[n++] = (uint16_t)(x > 65535 ? 65535 : x);
    }
    r = pdf_font_set_widths(f, tok_uint(&(pdf_tok){ PT_NUM, fc.p, fc.n }), w, n, 0);
    free(w);
    return r;
}

static pdf_font *font_read(pdoc *doc, const pobj *o)
{
    pdf_font_kind k = font_kind(doc, o);
    pdf_font *f = pdf_font_new(k);
    pval tu;
    const pobj *cm;
    unsigned char *d;
    size_t dn;
    int own;

    if (!f) {
        doc->nomem = 1;
        return NULL;
    }
    if ((k == PF_SIMPLE || k == PF_CID) && dget(o->v, o->vn, "ToUnicode", &tu) && tu.is_ref &&
        (cm = resolve(doc, &tu)) != NULL && stream_data(doc, cm, &d, &dn, &own) == 0) {
        if (pdf_font_cmap(f, d, dn) < 0)
            doc->nomem = 1;
        if (own)
            free(d);
    }
    if (font_widths(doc, o, f, k) < 0)
        doc->nomem = 1;
    return f;
}

static const pdf_font *font_get(pdoc *doc, uint32_t num)
{
    const pobj *o;
    size_t i;

    for (i = 0; i < doc->nfonts; i++)
        if (doc->fonts[i].num == num)
            return doc->fonts[i].f;
    if (doc->nfonts >= PDF_MAX_FONTS) {
        doc->flags |= PDF_F_OBJECTS;
        return NULL;
    }
    if (doc->nfonts == doc->afonts) {
        size_t na = doc->afonts ? doc->afonts * 2 : 16;
        fcache *p = sg_realloc(doc->fonts, na * sizeof(*p));
        if (!p) {
            doc->nomem = 1;
            return NULL;
        }
        doc->fonts = p;
        doc->afonts = na;
    }
    o = lookup(doc, num);
    doc->fonts[doc->nfonts].num = num;
    doc->fonts[doc->nfonts].f = o ? font_read(doc, o) : NULL;
    return doc->fonts[doc->nfonts++].f;
}

static const pdf_font *page_font(void *arg, const unsigned char *name, size_t n)
{
    pdoc *doc = arg;
    pval v;

    if (!doc->fdict || !dict_get(doc->fdict, doc->fdictn, name, n, &v) || !v.is_ref)
        return NULL;
    return font_get(doc, v.ref);
}

static int tick(void *arg)
{
    pdoc *doc = arg;

    if (doc->o->check && doc->o->check(doc->o->arg, 0)) {
        doc->flags |= PDF_F_STOPPED;
        doc->stop = 1;
    }
    return doc->stop;
}

/* ---- encryption (owner password only) ---------------------------------------- */

#define PDF_CRYPT_STR 128       /* bytes of /O /U /UE /ID kept */

typedef struct cstr { unsigned char b[PDF_CRYPT_STR]; size_t n; } cstr;

static int get_str(pdoc *doc, const unsigned char *d, size_t dn, const char *key, cstr *out)
{
    pval v;
    pdf_tok t;
    unsigned char *tmp;

    out->n = 0;
    if (!dget(d, dn, key, &v))
        return 0;
    resolve(doc, &v);
    if (v.k != PT_STR && v.k != PT_HEX)
        return 0;
    t = (pdf_tok){ v.k, v.p, v.n };
    if (!(tmp = sg_malloc(v.n + 1)))
        return 0;
    out->n = pdf_str_bytes(&t, tmp);
    if (out->n > PDF_CRYPT_STR)
        out->n = PDF_CRYPT_STR;
    memcpy(out->b, tmp, out->n);
    free(tmp);
    return 1;
}

static long get_int(pdoc *doc, const unsigned char *d, size_t dn, const char *key, long dflt)
{
    pval v;
    char b[24];
    size_t n;

    if (!dget(d, dn, key, &v))
        return dflt;
    resolve(doc, &v);
    if (v.k != PT_NUM)
        return dflt;
    n = v.n < sizeof(b) - 1 ? v.n : sizeof(b) - 1;
    memcpy(b, v.p, n);
    b[n] = 0;
    return strtol(b, NULL, 10);
}

/* The trailer (or cross-reference stream) dictionary that names /Encrypt. */
static int trailer_dict(pdoc *doc, const unsigned char *d, size_t len, pval *tr)
{
    const unsigned char *p = d + len;
    pdf_lex lx;
    pdf_tok t;
    pval e;

    for (int hits = 0; hits < PDF_MAX_ENCRYPT_HITS && p > d; hits++) {
        const unsigned char *q = NULL;
        for (const unsigned char *x = d; x < p; ) {            /* last "trailer" before p */
            const unsigned char *y = memmem(x, (size_t)(p - x), "trailer", 7);
            if (!y)
                break;
            q = y;
            x = y + 7;
        }
        if (!q)
            break;
        pdf_lex_init(&lx, q + 7, (size_t)(d + len - q - 7));
        if (pdf_lex_next(&lx, &t) == PT_DOPEN) {
            read_value(&lx, &t, tr);
            if (dget(tr->p, tr->n, "Encrypt", &e))
                return 1;
        }
        p = q;
    }
    for (size_t i = 0; i < doc->n; i++)
        if (is_type(&doc->obj[i], "Type", "XRef") &&
            dget(doc->obj[i].v, doc->obj[i].vn, "Encrypt", &e)) {
            tr->k = PT_DOPEN;
            tr->p = doc->obj[i].v;
            tr->n = doc->obj[i].vn;
            return 1;
        }
    return 0;
}

/* 0 not encrypted; 1 opened with the empty user password (doc->crypt
 * keyed); 2 a user password is needed or the handler is not ours. */
static int open_crypt(pdoc *doc, const unsigned char *d, size_t len)
{
    pval tr, enc, idv, id0, cf, std, cfm;
    pdf_crypt_params p;
    cstr o, u, ue, id;
    pdf_tok t;
    unsigned char *tmp;
    int r;

    if (!trailer_dict(doc, d, len, &tr) || !dget(tr.p, tr.n, "Encrypt", &enc))
        return 0;
    resolve(doc, &enc);
    if (enc.k != PT_DOPEN)
        return 2;
    memset(&p, 0, sizeof(p));
    if (!dget(enc.p, enc.n, "Filter", &cf) || !name_is(&cf, "Standard"))
        return 2;
    p.r = (int)get_int(doc, enc.p, enc.n, "R", 0);
    p.length_bits = (unsigned)get_int(doc, enc.p, enc.n, "Length", 40);
    p.p = (int32_t)get_int(doc, enc.p, enc.n, "P", 0);
    p.encrypt_metadata = !(dget(enc.p, enc.n, "EncryptMetadata", &cf) && cf.k == PT_KW &&
                           cf.n == 5 && memcmp(cf.p, "false", 5) == 0);
    if (get_int(doc, enc.p, enc.n, "V", 0) >= 4 && dget(enc.p, enc.n, "CF", &cf)) {
        resolve(doc, &cf);
        if (cf.k == PT_DOPEN && dget(cf.p, cf.n, "StdCF", &std)) {
            resolve(doc, &std);
            if (std.k == PT_DOPEN && dget(std.p, std.n, "CFM", &cfm))
                p.aes = name_is(&cfm, "AESV2") || name_is(&cfm, "AESV3");
        }
    }
    get_str(doc, enc.p, enc.n, "O", &o);
    get_str(doc, enc.p, enc.n, "U", &u);
    get_str(doc, enc.p, enc.n, "UE", &ue);
    id.n = 0;
    if (dget(tr.p, tr.n, "ID", &idv)) {
        resolve(doc, &idv);
        if (array_elem(&idv, 0, &id0) && (id0.k == PT_STR || id0.k == PT_HEX) &&
            (tmp = sg_malloc(id0.n + 1)) != NULL) {
            t = (pdf_tok){ id0.k, id0.p, id0.n };
            id.n = pdf_str_bytes(&t, tmp);
            if (id.n > PDF_CRYPT_STR)
                id.n = PDF_CRYPT_STR;
            memcpy(id.b, tmp, id.n);
            free(tmp);
        }
    }
    p.o = o.b; p.olen = o.n;
    p.u = u.b; p.ulen = u.n;
    p.ue = ue.b; p.uelen = ue.n;
    p.id0 = id.b; p.id0len = id.n;
    r = pdf_crypt_open(&doc->crypt, &p);
    if (r == 1) {
        doc->crypted = 1;
        return 1;
    }
    return 2;
}

/* ---- pages ------------------------------------------------------------------------ */

/* Sets doc->fdict from the /Resources of o (inherited through /Parent). */
static void set_fonts(pdoc *doc, const pobj *o)
{
    pval res, font, par;
    int i;

    doc->fdict = NULL;
    for (i = 0; o && i < PDF_MAX_PARENT_DEPTH; i++) {
        if (dget(o->v, o->vn, "Resources", &res))
            break;
        if (!dget(o->v, o->vn, "Parent", &par) || !par.is_ref)
            return;
        o = lookup(doc, par.ref);
    }
    if (!o || i == PDF_MAX_PARENT_DEPTH)
        return;
    resolve(doc, &res);
    if (res.k != PT_DOPEN || !dget(res.p, res.n, "Font", &font))
        return;
    resolve(doc, &font);
    if (font.k == PT_DOPEN) {
        doc->fdict = font.p;
        doc->fdictn = font.n;
    }
}

static void content(pdoc *doc, const pobj *o)
{
    pdf_content_io io = { page_font, tick, doc, &doc->out, &doc->unmapped };
    unsigned char *d;
    size_t dn;
    int own, r;

    if (doc->stop || !o || !o->s)
        return;
    if (++doc->contents > PDF_MAX_CONTENTS) {
        doc->flags |= PDF_F_OBJECTS;
        doc->stop = 1;
        return;
    }
    if (stream_data(doc, o, &d, &dn, &own) != 0) {
        if (!doc->nomem && !doc->stop)
            doc->flags |= PDF_F_FILTER;
        return;
    }
    r = pdf_content_text(d, dn, &io);
    if (own)
        free(d);
    if (r < 0)
        doc->nomem = 1;
    else if (r > 0 && !doc->stop) {
        doc->flags |= PDF_F_TEXT;
        doc->stop = 1;
    }
    if (!doc->stop && doc->out.len && doc->out.data[doc->out.len - 1] != '\n' &&
        sg_buf_putc(&doc->out, '\n') == SG_BUF_TOOBIG) {
        doc->flags |= PDF_F_TEXT;
        doc->stop = 1;
    }
}

static void page(pdoc *doc, const pobj *o)
{
    pval c, e;
    const pobj *co;
    pdf_lex lx;
    pdf_tok t;

    set_fonts(doc, o);
    if (!dget(o->v, o->vn, "Contents", &c))
        return;
    co = resolve(doc, &c);
    if (c.k != PT_AOPEN) {
        content(doc, co);
        return;
    }
    pdf_lex_init(&lx, c.p + 1, c.n > 0 ? c.n - 1 : 0);
    while (!doc->stop && !doc->nomem && pdf_lex_next(&lx, &t) != PT_EOF) {
        read_value(&lx, &t, &e);
        if (e.is_ref)
            content(doc, lookup(doc, e.ref));
    }
}

static int is_type(const pobj *o, const char *key, const char *name)
{
    pval v;

    return dget(o->v, o->vn, key, &v) && name_is(&v, name);
}

/* A stream that could hold page content, for files without page objects. */
static int content_like(const pdoc *doc, const pobj *o)
{
    pval v;

    (void)doc;
    if (!o->s || dget(o->v, o->vn, "Type", &v) || dget(o->v, o->vn, "Length1", &v) ||
        (dget(o->v, o->vn, "Subtype", &v) && !name_is(&v, "Form")))
        return 0;
    return memmem(o->s, o->sn < 4096 ? o->sn : 4096, "begincmap", 9) == NULL;
}

/* A string value appended as a PDF text string (UTF-16BE BOM or PDFDocEncoding). */
static void put_text_value(pdoc *doc, const pobj *o, const pval *v)
{
    pdf_tok t = { v->k, v->p, v->n };
    unsigned char *b, *plain;
    size_t n;

    if ((v->k != PT_STR && v->k != PT_HEX) || v->is_ref || !v->n)
        return;
    if (!(b = sg_malloc(v->n + 1))) {
        doc->nomem = 1;
        return;
    }
    n = pdf_str_bytes(&t, b);
    if (doc->crypted && !o->packed) {
        if (pdf_crypt_decrypt(&doc->crypt, o->num, o->gen, b, n, &plain, &n) != 0) {
            free(b);
            return;
        }
        free(b);
        b = plain;
    }
    if (pdf_text_string(&doc->out, b, n) != SG_BUF_OK || sg_buf_putc(&doc->out, '\n') != SG_BUF_OK) {
        if (sg_buf_error(&doc->out) == SG_BUF_NOMEM)
            doc->nomem = 1;
        else
            doc->flags |= PDF_F_TEXT;
        doc->stop = 1;
    }
    free(b);
}

/* Annotation contents (sticky notes, free text, /Contents of any
 * annotation) and form field values (/V of AcroForm fields; their
 * appearance streams are read as form XObjects too). */
static void read_annots_fields(pdoc *doc)
{
    for (size_t i = 0; i < doc->n && !doc->stop && !doc->nomem; i++) {
        const pobj *o = &doc->obj[i];
        pval v, t;
        if (o->vn < 2 || o->v[0] != '<' || o->v[1] != '<')
            continue;
        if ((is_type(o, "Type", "Annot") || dget(o->v, o->vn, "Subtype", &t)) &&
            dget(o->v, o->vn, "Contents", &v)) {
            resolve(doc, &v);
            put_text_value(doc, o, &v);
        }
        if (!doc->stop && (dget(o->v, o->vn, "FT", &t) || dget(o->v, o->vn, "T", &t)) &&
            dget(o->v, o->vn, "V", &v)) {
            resolve(doc, &v);
            put_text_value(doc, o, &v);
        }
    }
}

static void read_pages(pdoc *doc)
{
    size_t i, pages = 0;

    for (i = 0; i < doc->n && !doc->stop && !doc->nomem; i++) {
        const pobj *o = &doc->obj[i];
        if (i + 1 < doc->n && doc->obj[i + 1].num == o->num)
            continue;                          /* a later definition wins */
        if (is_type(o, "Type", "Page")) {
            page(doc, o);
            pages++;
        } else if (o->s && is_type(o, "Subtype", "Form")) {
            set_fonts(doc, o);
            content(doc, o);
        }
    }
    if (pages > 0)
        return;
    doc->fdict = NULL;
    for (i = 0; i < doc->n && !doc->stop && !doc->nomem; i++)
        if (content_like(doc, &doc->obj[i]) && !is_type(&doc->obj[i], "Subtype", "Form"))
            content(doc, &doc->obj[i]);
}

static void doc_free(pdoc *doc)
{
    size_t i;

    for (i = 0; i < doc->nfonts; i++)
        pdf_font_free(doc->fonts[i].f);
    for (i = 0; i < doc->nbufs; i++)
        free(doc->bufs[i]);
    free(doc->fonts);
    free(doc->bufs);
    free(doc->obj);
    sg_buf_free(&doc->out);
}

int pdf_info_text(const unsigned char *data, size_t len, const pdf_text_opts *o,
                  char **text, size_t *textlen, unsigned *flags)
{
    pdoc doc;
    size_t i, n;

    memset(&doc, 0, sizeof(doc));
    doc.o = o;
    sg_buf_init(&doc.out, o->max_text);
    scan_objects(&doc, data, len);
    if (doc.n > 1)
        qsort(doc.obj, doc.n, sizeof(*doc.obj), obj_cmp);
    if (pdf_info_encrypted(data, len) && open_crypt(&doc, data, len) != 1) {
        doc.flags |= PDF_F_LOCKED;       /* a user password is needed: encrypted */
        doc.stop = 1;
    }
    n = doc.n;
    for (i = 0; i < n && !doc.stop && !doc.nomem; i++)
        if (doc.obj[i].s && is_type(&doc.obj[i], "Type", "ObjStm"))
            expand_objstm(&doc, &doc.obj[i]);
    if (doc.n > 1)
        qsort(doc.obj, doc.n, sizeof(*doc.obj), obj_cmp);
    if (!doc.stop && !doc.nomem)
        read_pages(&doc);
    if (!doc.stop && !doc.nomem)
        read_annots_fields(&doc);
    if (doc.unmapped)
        doc.flags |= PDF_F_NOMAP;
    *flags = doc.flags;
    {
        int cut = 0;
        *text = doc.nomem ? NULL : sg_buf_steal_prefix(&doc.out, textlen, &cut);
    }
    doc_free(&doc);
    return *text ? 0 : -1;
}
