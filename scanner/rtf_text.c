/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtf_text - RTF to text (Word, WordPad, LibreOffice, Outlook bodies);
 * see rtf_text.h.
 *
 * One pass, no recursion: a stack of group states (destination, bytes to
 * skip after \uN, code page of the current font). Text: plain characters;
 * \'hh bytes gathered and decoded in the code page of the font (\fN with
 * \fcharsetN from the font table: 128 = CP932 Shift_JIS ...) or of
 * \ansicpgN; \uN (signed 16-bit, surrogate pairs joined) then \ucN
 * fallback characters skipped; \par \line \sect \page \row -> new line,
 * \tab \cell -> tab; \~ \_ \emdash and the like. Skipped destinations:
 * font/colour/style/list tables, pictures, field instructions (field
 * results are read), \* groups other than the ones below, \bin data.
 * Read apart: \header \footer (and the l/r/f variants) -> "headers and
 * footers", \footnote -> "footnotes", \*\annotation -> "comments",
 * \info title/subject/author/keywords/comment/company -> properties.
 * \object \objdata: the OLE1 object's native data (a packaged file, or
 * the CFB/zip of an embedded workbook) is handed to io->file().
 *
 * Limits: RTF_MAX_DEPTH groups (deeper groups share the deepest state and
 * io->partly says so), RTF_MAX_FONTS fonts, io->max_text per unit,
 * io->max_part bytes of one embedded object.
 */
#include "rtf_text.h"
#include "sg_alloc.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define RTF_MAX_DEPTH 512
#define RTF_MAX_FONTS 512
#define RTF_MAX_WORD  32

enum { D_MAIN, D_HDR, D_FTN, D_ANN, D_INFO, D_NOUT, D_SKIP, D_FONTTBL, D_OBJDATA };
#define RTF_OUTS D_NOUT

typedef struct gstate {
    unsigned char dest;       /* D_* */
    unsigned char uc;         /* fallback characters after \uN */
    uint16_t cp;              /* code page of the current font */
} gstate;

typedef struct font { int num; uint16_t cp; } font;

typedef struct rtf {
    const reader_io *io;
    gstate st[RTF_MAX_DEPTH];
    int depth, deep;
    sg_buf out[RTF_OUTS];
    int full[RTF_OUTS];
    unsigned char bytes[256];  /* \'hh bytes waiting for decoding */
    size_t nbytes;
    uint16_t bytes_cp;
    int bytes_dest;
    uint32_t hs;               /* pending high surrogate */
    unsigned skip;             /* fallback characters still to skip */
    uint16_t ansicp;
    font fonts[RTF_MAX_FONTS];
    int nfonts, cur_font;      /* font being defined in the font table */
    sg_buf obj;                /* hex of \objdata */
    int nomem, stop, objects;
} rtf;

static gstate *top(rtf *r) { return &r->st[r->depth]; }

static uint16_t charset_cp(int cs)
{
    switch (cs) {
    case 128: return 932;  case 129: return 949;  case 134: return 936;  case 136: return 950;
    case 161: return 1253; case 162: return 1254; case 177: return 1255; case 178: return 1256;
    case 186: return 1257; case 204: return 1251; case 222: return 874;  case 238: return 1250;
    case 163: return 1258; case 77: return 10000; default: return 0;
    }
}

static void put_raw(rtf *r, int dest, const char *s, size_t n)
{
    if (dest >= RTF_OUTS || r->full[dest])
        return;
    if (sg_buf_append(&r->out[dest], s, n) != SG_BUF_OK)
        r->full[dest] = 1;
}

static void flush_bytes(rtf *r)
{
    char cs[16], *u;
    size_t n = 0;

    if (!r->nbytes)
        return;
    snprintf(cs, sizeof(cs), "CP%u", r->bytes_cp ? r->bytes_cp : 1252);
    u = text_decode((const char *)r->bytes, r->nbytes, cs, &n, NULL);
    if (!u)
        r->nomem = 1;
    else
        put_raw(r, r->bytes_dest, u, n);
    free(u);
    r->nbytes = 0;
}

static void put_cp(rtf *r, uint32_t cp)
{
    char u[4];
    size_t n;
    int dest = top(r)->dest;

    flush_bytes(r);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        r->hs = cp;
        return;
    }
    if (r->hs && cp >= 0xDC00 && cp <= 0xDFFF)
        cp = 0x10000 + ((r->hs - 0xD800) << 10) + (cp - 0xDC00);
    r->hs = 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                             u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
           u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    put_raw(r, dest, u, n);
}

static void put_byte(rtf *r, unsigned char b)
{
    gstate *g = top(r);

    if (g->dest >= RTF_OUTS)
        return;
    if (r->nbytes && (r->bytes_cp != (g->cp ? g->cp : r->ansicp) || r->bytes_dest != g->dest))
        flush_bytes(r);
    if (r->nbytes == sizeof(r->bytes))
        flush_bytes(r);
    r->bytes_cp = g->cp ? g->cp : r->ansicp;
    r->bytes_dest = g->dest;
    r->bytes[r->nbytes++] = b;
}

/* 1 when the bytes waiting end with the lead byte of a double-byte
 * character (the trail byte may come as a literal ASCII character). */
static int lead_pending(const rtf *r)
{
    size_t i = 0;
    uint16_t cp = r->bytes_cp;

    if (!r->nbytes || (cp != 932 && cp != 936 && cp != 949 && cp != 950))
        return 0;
    while (i < r->nbytes) {
        unsigned char b = r->bytes[i];
        int lead = cp == 932 ? ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) : b >= 0x81;
        i += lead ? 2 : 1;
    }
    return i > r->nbytes;
}

/* A character of text, after fallback skipping: escaped bytes (\'hh) and
 * 8-bit bytes go through the code page, as does an ASCII trail byte after
 * a lead byte. */
static void text_char(rtf *r, int c, int escaped)
{
    if (r->skip > 0) {
        r->skip--;
        return;
    }
    if (top(r)->dest >= RTF_OUTS)
        return;
    if (escaped || c >= 0x80 || lead_pending(r))
        put_byte(r, (unsigned char)c);
    else
        put_cp(r, (uint32_t)c);
}

/* ---- embedded objects --------------------------------------------------------- */

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* OLE1 ObjectHeader: version, format (2 = embedded), class name, topic,
 * item (length-prefixed), native data size + native data. */
static void object_done(rtf *r)
{
    const char *h = sg_buf_str(&r->obj);
    size_t hn = r->obj.len, n = 0, p = 8;
    unsigned char *b = sg_malloc(hn / 2 + 1);
    int hi = -1;
    char cls[64] = "";

    if (!b) {
        r->nomem = 1;
        return;
    }
    for (size_t i = 0; i < hn; i++) {
        int v = isxdigit((unsigned char)h[i]) ? (isdigit((unsigned char)h[i]) ? h[i] - '0'
                                                  : (tolower((unsigned char)h[i]) - 'a' + 10)) : -1;
        if (v < 0)
            continue;
        if (hi < 0) hi = v; else { b[n++] = (unsigned char)(hi << 4 | v); hi = -1; }
    }
    r->objects++;
    for (int k = 0; k < 3; k++) {            /* class, topic, item */
        uint32_t l;
        if (p + 4 > n || (l = rd32(b + p)) > n - p - 4)
            goto bad;
        if (k == 0)
            snprintf(cls, sizeof(cls), "%.*s", (int)(l > 63 ? 63 : l), (const char *)b + p + 4);
        p += 4 + l;
    }
    if (n < 8 || rd32(b + 4) != 2 || p + 4 > n || rd32(b + p) > n - p - 4)
        goto bad;
    {
        uint32_t l = rd32(b + p);
        const unsigned char *nat = b + p + 4;
        /* Package: u32 size, u16, label, path, u32, u32 len, temp path, u32 len, data */
        if (strncmp(cls, "Package", 7) == 0 && l > 6) {
            size_t q = 6, k2;
            const char *label = (const char *)nat + 6;
            for (k2 = 0; k2 < 2 && q < l; k2++) {
                const unsigned char *z = memchr(nat + q, 0, l - q);
                if (!z)
                    goto bad;
                q = (size_t)(z - nat) + 1;
            }
            q += 4;
            if (q + 4 > l || rd32(nat + q) > l - q - 4)
                goto bad;
            q += 4 + rd32(nat + q);
            if (q + 4 > l || rd32(nat + q) > l - q - 4)
                goto bad;
            if (r->io->file(r->io->arg, label, nat + q + 4, rd32(nat + q)) < 0)
                r->stop = 1;
        } else if (r->io->file(r->io->arg, cls, nat, l) < 0) {
            r->stop = 1;
        }
    }
    free(b);
    sg_buf_reset(&r->obj);
    return;
bad:
    free(b);
    sg_buf_reset(&r->obj);
    r->io->partly(r->io->arg, SG_LIMIT_CORRUPT, "an object embedded in the RTF could not be decoded");
}

/* ---- control words -------------------------------------------------------------- */

static int word_is(const char *w, const char *s) { return strcmp(w, s) == 0; }

static void control(rtf *r, const char *w, int has_arg, long arg, int starred)
{
    gstate *g = top(r);
    static const char *const skip[] = {
        "colortbl", "stylesheet", "pict", "themedata", "colorschememapping", "datastore",
        "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "latentstyles",
        "fldinst", "pgdsctbl", "mmathPr", "revtbl", "filetbl", "objclass", "objname",
        "result", "nonshppict", "shpinst", "bkmkstart", "bkmkend", "xe", "tc", "private",
        "defchp", "defpap", "wgrffmtfilter", "fchars", "lchars", "operator", "creatim",
        "revtim", "printim", "buptim", "atnid", "atnauthor", "atntime", "atnref", "atndate",
        "background", "blipuid", "picprop", "sp", "sn", "sv",
    };

    if (word_is(w, "bin") && has_arg) {
        return;                              /* handled by the caller (skips data) */
    }
    if (word_is(w, "fonttbl")) { g->dest = D_FONTTBL; return; }
    if (word_is(w, "objdata")) { g->dest = D_OBJDATA; return; }
    if (word_is(w, "header") || word_is(w, "footer") || word_is(w, "headerl") ||
        word_is(w, "headerr") || word_is(w, "headerf") || word_is(w, "footerl") ||
        word_is(w, "footerr") || word_is(w, "footerf")) {
        if (g->dest < RTF_OUTS) g->dest = D_HDR;
        return;
    }
    if (word_is(w, "footnote")) { if (g->dest < RTF_OUTS) g->dest = D_FTN; return; }
    if (word_is(w, "annotation")) { if (g->dest < RTF_OUTS) g->dest = D_ANN; return; }
    if (word_is(w, "info")) { g->dest = D_INFO; return; }
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (word_is(w, skip[i])) { g->dest = D_SKIP; return; }
    if (g->dest == D_FONTTBL) {
        if (word_is(w, "f") && has_arg && r->nfonts < RTF_MAX_FONTS) {
            r->fonts[r->nfonts].num = (int)arg;
            r->fonts[r->nfonts].cp = 0;
            r->cur_font = r->nfonts++;
        } else if (word_is(w, "fcharset") && has_arg && r->cur_font >= 0) {
            r->fonts[r->cur_font].cp = charset_cp((int)arg);
        } else if (word_is(w, "cpg") && has_arg && r->cur_font >= 0) {
            r->fonts[r->cur_font].cp = (uint16_t)arg;
        }
        return;
    }
    if (starred) { g->dest = D_SKIP; return; }
    if (g->dest == D_INFO) {
        if (word_is(w, "title") || word_is(w, "subject") || word_is(w, "author") ||
            word_is(w, "keywords") || word_is(w, "doccomm") || word_is(w, "company") ||
            word_is(w, "manager") || word_is(w, "category")) {
            put_raw(r, D_INFO, w, strlen(w));
            put_raw(r, D_INFO, ": ", 2);
        }
        return;
    }
    if (word_is(w, "ansicpg") && has_arg) { r->ansicp = (uint16_t)arg; return; }
    if (word_is(w, "f") && has_arg) {
        for (int i = 0; i < r->nfonts; i++)
            if (r->fonts[i].num == arg) { flush_bytes(r); g->cp = r->fonts[i].cp; break; }
        return;
    }
    if (word_is(w, "uc") && has_arg) { g->uc = (unsigned char)(arg < 0 ? 0 : arg > 8 ? 8 : arg); return; }
    if (word_is(w, "u") && has_arg) {
        if (g->dest < RTF_OUTS)
            put_cp(r, (uint32_t)(arg < 0 ? arg + 65536 : arg) & 0xFFFF);
        r->skip = g->uc;
        return;
    }
    if (g->dest >= RTF_OUTS)
        return;
    if (word_is(w, "par") || word_is(w, "line") || word_is(w, "sect") || word_is(w, "page") ||
        word_is(w, "row"))
        put_cp(r, '\n');
    else if (word_is(w, "tab") || word_is(w, "cell"))
        put_cp(r, '\t');
    else if (word_is(w, "emdash")) put_cp(r, 0x2014);
    else if (word_is(w, "endash")) put_cp(r, 0x2013);
    else if (word_is(w, "lquote")) put_cp(r, 0x2018);
    else if (word_is(w, "rquote")) put_cp(r, 0x2019);
    else if (word_is(w, "ldblquote")) put_cp(r, 0x201C);
    else if (word_is(w, "rdblquote")) put_cp(r, 0x201D);
    else if (word_is(w, "bullet")) put_cp(r, 0x2022);
    else if (word_is(w, "emspace") || word_is(w, "enspace")) put_cp(r, ' ');
}

static int hexv(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int rtf_text_read(const unsigned char *d, size_t n, const reader_io *io)
{
    static const char *const subs[RTF_OUTS] = { NULL, "headers and footers", "footnotes", "comments", NULL };
    rtf *r = sg_calloc(1, sizeof(*r));
    size_t p = 0;
    int starred = 0, rc = RD_FULL;

    if (!r)
        return RD_NOMEM;
    r->io = io;
    r->ansicp = 1252;
    r->cur_font = -1;
    r->st[0].uc = 1;
    for (int k = 0; k < RTF_OUTS; k++)
        sg_buf_init(&r->out[k], io->max_text);
    sg_buf_init(&r->obj, io->max_part * 2 + 64);
    while (p < n && !r->nomem && !r->stop) {
        unsigned char c = d[p];
        if (c == '{') {
            flush_bytes(r);
            if (r->depth + 1 < RTF_MAX_DEPTH) {
                r->st[r->depth + 1] = r->st[r->depth];
                r->depth++;
            } else {
                r->deep++;
            }
            starred = 0;
            p++;
        } else if (c == '}') {
            flush_bytes(r);
            if (r->deep > 0) {
                r->deep--;
            } else if (r->depth > 0) {
                if (top(r)->dest == D_OBJDATA && r->st[r->depth - 1].dest != D_OBJDATA)
                    object_done(r);
                if (top(r)->dest == D_INFO && r->st[r->depth - 1].dest == D_INFO)
                    put_raw(r, D_INFO, "\n", 1);
                if (top(r)->dest == D_FONTTBL)
                    r->cur_font = r->st[r->depth - 1].dest == D_FONTTBL ? r->cur_font : -1;
                r->depth--;
            }
            p++;
        } else if (c == '\\' && p + 1 < n) {
            unsigned char e = d[p + 1];
            if (isalpha(e)) {
                char w[RTF_MAX_WORD + 1];
                size_t k = 0;
                long arg = 0;
                int has = 0, neg = 0, digits = 0;
                p++;
                while (p < n && isalpha(d[p])) {
                    if (k < RTF_MAX_WORD)
                        w[k++] = (char)d[p];
                    p++;
                }
                w[k] = 0;
                if (p < n && d[p] == '-') { neg = 1; p++; }
                while (p < n && isdigit(d[p])) {
                    if (digits++ < 10)
                        arg = arg * 10 + (d[p] - '0');
                    has = 1;
                    p++;
                }
                if (neg) arg = -arg;
                if (p < n && d[p] == ' ')
                    p++;
                if (strcmp(w, "bin") == 0 && has && arg > 0) {
                    p = (size_t)arg > n - p ? n : p + (size_t)arg;
                    continue;
                }
                if (r->skip > 0 && strcmp(w, "u") != 0 && top(r)->dest < RTF_OUTS &&
                    strcmp(w, "par") != 0) {
                    r->skip--;                  /* a control word as a fallback character */
                    continue;
                }
                control(r, w, has, arg, starred);
                starred = 0;
            } else if (e == '\'' && p + 3 < n + 0 && hexv(d[p + 2]) >= 0 && hexv(d[p + 3]) >= 0) {
                text_char(r, hexv(d[p + 2]) << 4 | hexv(d[p + 3]), 1);
                p += 4;
            } else {
                p += 2;
                if (e == '*') starred = 1;
                else if (e == '~') text_char(r, ' ', 0);
                else if (e == '_') text_char(r, '-', 0);
                else if (e == '{' || e == '}' || e == '\\') text_char(r, e, 0);
                else if (e == '\n' || e == '\r') { if (top(r)->dest < RTF_OUTS) put_cp(r, '\n'); }
            }
        } else if (c == '\r' || c == '\n') {
            p++;
        } else {
            if (top(r)->dest == D_OBJDATA) {
                if (sg_buf_putc(&r->obj, (char)c) != SG_BUF_OK) {
                    io->partly(io->arg, SG_LIMIT_PART_BYTES, "an object embedded in the RTF is larger than max_part_bytes");
                    top(r)->dest = D_SKIP;
                    sg_buf_reset(&r->obj);
                }
            } else if (top(r)->dest == D_FONTTBL) {
                ;                            /* font names */
            } else {
                text_char(r, c, 0);
            }
            p++;
        }
    }
    flush_bytes(r);
    if (r->depth > 0 && !r->stop && !r->nomem)
        io->partly(io->arg, SG_LIMIT_CORRUPT, "RTF cut off (groups not closed)");
    for (int k = 0; k < RTF_OUTS && !r->nomem && rc != RD_STOP; k++) {
        if (r->full[k])
            io->partly(io->arg, SG_LIMIT_PART_BYTES, "RTF text longer than max_text_bytes: the rest was not scanned");
        if (r->out[k].len &&
            io->emit(io->arg, k == D_INFO ? SG_UNIT_PROPERTIES : SG_UNIT_TEXT, subs[k],
                     sg_buf_str(&r->out[k]), r->out[k].len) < 0)
            rc = RD_STOP;
    }
    if (r->nomem)
        rc = RD_NOMEM;
    else if (r->stop)
        rc = RD_STOP;
    for (int k = 0; k < RTF_OUTS; k++)
        sg_buf_free(&r->out[k]);
    sg_buf_free(&r->obj);
    free(r);
    return rc;
}

int rtf_text_is_rtf(const unsigned char *d, size_t n)
{
    return n >= 5 && memcmp(d, "{\\rtf", 5) == 0;
}
