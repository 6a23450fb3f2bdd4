/*
 * file_inspect - one file (a MIME attachment or an archive member) to
 * facts, units and findings: size, sha256 (OpenSSL EVP), true type
 * (libmagic), encryption (yes / no / partial / n/a), dangerous-attachment
 * and virus checks, then by true type:
 *
 *   ZIP            libzip: members listed with their encryption method,
 *                  unencrypted members extracted (bounded) and inspected
 *                  recursively; OOXML (docx/xlsx/pptx) instead gives text,
 *                  tables (one per sheet) and properties (ooxml.c);
 *   7z RAR LZH tar gzip bzip2 xz cpio ISO CAB   libarchive (archive_reader.c);
 *                  a compressed stream that reads as an archive without a
 *                  file (a gzip of 512 NUL bytes...) is read whole (raw);
 *   CFB/OLE2       libgsf (cfb_doc.c): .doc text by story, .xls tables per
 *                  sheet, .ppt text, .msg subject/body/attachments,
 *                  properties, embedded objects; encryption flags;
 *   RTF, TNEF      rtf_text.c, tnef.c (attachments inspected as members);
 *   S/MIME         enveloped-data: encrypted = yes; signed-data: its content
 *                  walked as a message (smime.c, OpenSSL CMS);
 *   message        an .eml as a file or member, a base64 message/rfc822:
 *                  walked as a message (mime_walk_embedded);
 *   PDF            encrypted when the empty user password does not open it
 *                  (an owner password alone is decrypted and read); the
 *                  text of the pages laid out by position, annotations and
 *                  form values (any standard filter chain, the fonts'
 *                  ToUnicode maps; pdf_info.c) -> one text unit;
 *   CSV / TSV      (by extension .csv/.tsv or type text/csv) -> table unit;
 *   text           text/..., or bytes that look like text (UTF-16 too) ->
 *                  text unit; UTF-16 tab-separated text (Excel's "Unicode
 *                  text") -> table unit; text with NUL bytes -> read
 *                  without them;
 *   PGP message    encrypted = yes.
 *
 * Readers report through reader_io (reader_io.h): read fully, partly (each
 * io->partly() is an unscannable finding naming what was left) or not at
 * all (RD_NONE: unscannable); rd_outcome() makes sure a reader that says
 * less than "fully" never ends clean.
 *
 * Facts: exactly one attachment fact for the file itself (added before its
 * members, so indexes are stable; its encrypted field is set after the
 * members are read) and one per archive member ("attachment a.zip/d/b.csv",
 * depth + 1). A member's own encryption: yes when stored encrypted or when
 * its content is fully encrypted; an archive is yes when every file member
 * is, partial when some are, no otherwise.
 *
 * Limits (scan_limits): max_archive_depth (members of an archive at depth d
 * are at d+1 and are read only while d+1 <= max), max_archive_members
 * (counted over the whole tree under one top-level file),
 * max_compression_ratio (per ZIP member, per archive for libarchive; above
 * SG_RATIO_MIN_BYTES only), max_part_bytes (per member, never extracted
 * past it), max_decoded_bytes (scan_account on every extracted member and
 * XML part), the scan deadline (checked between members) and
 * max_text_bytes (per text unit). A ratio, member-count, decoded-bytes,
 * depth or time limit stops the whole top-level file: it is unscannable.
 * Corrupt containers -> SG_LIMIT_CORRUPT. Encrypted members are not a
 * limit: encrypted=yes is the fact.
 *
 * Returns the attachment index, or -1 when out of memory.
 */
#include "scan_ctx.h"
#include "sg_alloc.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive_reader.h"
#include "cfb_doc.h"
#include "clamav.h"
#include "csv_table.h"
#include "dangerous.h"
#include "file_type.h"
#include "findings.h"
#include "odf.h"
#include "ooxml.h"
#include "pdf_info.h"
#include "reader_io.h"
#include "rtf_text.h"
#include "smime.h"
#include "tnef.h"
#include "vcard.h"
#include "sg_limits.h"
#include "zip_reader.h"
#if __has_include("scanner_priv.h")
#include "scanner_priv.h"
#define FI_HAVE_PRIV 1
#endif

#define FI_TSV_LINES 50      /* lines looked at to call UTF-16 text a table */

typedef struct insp {
    scan_ctx *ctx;
    unsigned members;   /* members seen under the top-level file */
    int stop;           /* a limit ended the inspection of the top-level file */
    int nomem;
} insp;

typedef struct fileref {
    const char *name, *loc, *part;
    const unsigned char *d;
    size_t len;
    int depth;
    int idx;            /* attachment index */
} fileref;

static sg_encrypted inspect(insp *in, const fileref *f);

/* --- small helpers ---------------------------------------------------------- */

static void sha256_hex(const unsigned char *d, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0, i;

    out[0] = 0;
    if (EVP_Digest(d, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
        return;
    for (i = 0; i < 32; i++) {
        out[i * 2] = hex[md[i] >> 4];
        out[i * 2 + 1] = hex[md[i] & 15];
    }
    out[64] = 0;
}

static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t l, k;
        if (c < 0x80) { i++; continue; }
        l = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!l || i + l > n)
            return 0;
        for (k = 1; k < l; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += l;
    }
    return 1;
}

/* A member name as UTF-8 (CP932 from Windows archivers when not UTF-8). */
static char *member_name(const char *raw)
{
    size_t n = strnlen(raw, SG_MAX_MEMBER_NAME), outlen;

    if (utf8_valid((const unsigned char *)raw, n))
        return sg_strndup(raw, n);
    return text_decode(raw, n, "CP932", &outlen, NULL);
}

static char *join_loc(const char *loc, const char *sub)
{
    size_t n = strlen(loc) + strlen(sub) + 2;
    char *p = sg_malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", loc, sub);
    return p;
}

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);

    return n > e && name[n - e - 1] == '.' && strcasecmp(name + n - e, ext) == 0;
}

static void limit_stop(insp *in, unsigned flag, const char *loc, const char *part,
                       const char *why)
{
    scan_limit(in->ctx, flag, loc, part, why);
    in->stop = 1;
}

static int add_fact(insp *in, const char *name, const char *loc, const char *part,
                    const char *type, const char *desc, unsigned long long size,
                    const char *sha, sg_encrypted enc, int depth)
{
    sg_attachment a;
    int idx;

    memset(&a, 0, sizeof(a));
    a.name = (char *)(name ? name : "");
    a.location = (char *)loc;
    a.part = (char *)(part ? part : "");
    a.type = (char *)type;
    a.description = (char *)desc;
    a.size = size;
    snprintf(a.sha256, sizeof(a.sha256), "%s", sha ? sha : "");
    a.encrypted = enc;
    a.depth = depth;
    idx = scan_add_attachment(in->ctx, &a);
    if (idx < 0)
        in->nomem = 1;
    return idx;
}

static void set_encrypted(insp *in, int idx, sg_encrypted e)
{
    if (idx >= 0 && (size_t)idx < in->ctx->res->natts)
        in->ctx->res->atts[idx].encrypted = e;
}

static void unit(insp *in, sg_unit_kind kind, const char *text, size_t len, const char *loc,
                 const char *part, int idx)
{
    sg_text_unit u;

    u.kind = kind;
    u.text = text;
    u.len = len;
    u.location = loc;
    u.part = part ? part : "";
    u.att_index = idx;
    scan_unit(in->ctx, &u);
}

/* Name checks on every file and member, readable or not. */
static void name_checks(insp *in, const char *name, const char *type, const char *desc,
                        const char *loc, const char *part, int idx)
{
    char *why = NULL, *ev;
    finding_in fi;

    if (name && *name)
        unit(in, SG_UNIT_FILENAME, name, strlen(name), loc, part, idx);
    if (dangerous_check(name, type, desc, &why) != 1)
        return;
    ev = dangerous_render(name);
    memset(&fi, 0, sizeof(fi));
    fi.rule = "dangerous-attachment";
    fi.confidence = SG_CONF_HIGH;
    fi.location = loc;
    fi.part = part ? part : "";
    fi.evidence = ev ? ev : "";
    fi.detail = why;
    fi.att_index = idx;
    if (findings_add(in->ctx->res, &fi) < 0)
        in->nomem = 1;
    free(ev);
    free(why);
}

static void virus_check(insp *in, const fileref *f)
{
#ifdef FI_HAVE_PRIV
    const char *vn = NULL;
    finding_in fi;
    int r;

    if (!in->ctx->sc || !in->ctx->sc->clamav)
        return;
    r = clamav_scan(in->ctx->sc->clamav, f->d, f->len, &vn);
    if (r < 0) {
        scan_limit(in->ctx, SG_LIMIT_UNSUPPORTED, f->loc, f->part, "virus scan failed");
        return;
    }
    if (r == 0)
        return;
    memset(&fi, 0, sizeof(fi));
    fi.rule = "virus";
    fi.confidence = SG_CONF_HIGH;
    fi.location = f->loc;
    fi.part = f->part ? f->part : "";
    fi.evidence = vn ? vn : "unknown";
    fi.detail = "libclamav signature match";
    fi.distinct_key = vn;
    fi.att_index = f->idx;
    if (findings_add(in->ctx->res, &fi) < 0)
        in->nomem = 1;
#else
    (void)in; (void)f;
#endif
}

/* Aggregate of members' encryption. */
typedef struct enc_count { unsigned files, yes, partial; } enc_count;

static void enc_add(enc_count *c, sg_encrypted e)
{
    c->files++;
    if (e == SG_ENC_YES)
        c->yes++;
    else if (e == SG_ENC_PARTIAL)
        c->partial++;
}

static sg_encrypted enc_result(const enc_count *c)
{
    if (c->files == 0 || (c->yes == 0 && c->partial == 0))
        return SG_ENC_NO;
    return c->yes == c->files ? SG_ENC_YES : SG_ENC_PARTIAL;
}

/* Gate before each member: time, member count. 0 = go on. */
static int member_gate(insp *in, const char *loc, const char *part)
{
    if (in->stop || in->nomem)
        return -1;
    if (scan_expired(in->ctx)) {
        in->stop = 1;
        return -1;
    }
    if (++in->members > in->ctx->lim.max_archive_members) {
        limit_stop(in, SG_LIMIT_ARCHIVE_MEMBERS, loc, part,
                   "more archive members than max_archive_members");
        return -1;
    }
    return 0;
}

/* A member that could not be read: its fact and its name checks. */
static void unread_member(insp *in, const fileref *parent, const char *name, const char *mloc,
                          unsigned long long size, sg_encrypted enc, const char *why)
{
    int idx = add_fact(in, name, mloc, parent->part, "application/octet-stream", why, size, "",
                       enc, parent->depth + 1);

    name_checks(in, name, NULL, NULL, mloc, parent->part, idx);
}

/* Inspects an extracted member; returns its effective encryption. */
static sg_encrypted read_member(insp *in, const fileref *parent, const char *name,
                                const char *mloc, const unsigned char *d, size_t len)
{
    fileref m = { name, mloc, parent->part, d, len, parent->depth + 1, -1 };

    if (scan_account(in->ctx, len, mloc, parent->part) < 0) {
        in->stop = 1;
        return SG_ENC_NA;
    }
    return inspect(in, &m);
}

/* --- documents read through reader_io (CFB, RTF, TNEF ...) ----------------------- */

typedef struct rd_arg {
    insp *in;
    const fileref *f;
    unsigned partly;        /* io->partly() calls */
    unsigned files;         /* files handed over */
    enc_count ec;           /* their encryption */
} rd_arg;

static int rd_emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    rd_arg *a = arg;
    char *loc = sub ? join_loc(a->f->loc, sub) : NULL;

    if (sub && !loc) {
        a->in->nomem = 1;
        return -1;
    }
    unit(a->in, kind, text, len, loc ? loc : a->f->loc, a->f->part, a->f->idx);
    free(loc);
    return a->in->stop || a->in->nomem || scan_expired(a->in->ctx) ? -1 : 0;
}

/* A file inside a document or message: a member one level deeper. */
static int rd_file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    rd_arg *a = arg;
    insp *in = a->in;
    char fallback[32], *nm, *mloc;

    if (member_gate(in, a->f->loc, a->f->part) != 0)
        return -1;
    if ((unsigned)a->f->depth + 1 > in->ctx->lim.max_archive_depth) {
        limit_stop(in, SG_LIMIT_ARCHIVE_DEPTH, a->f->loc, a->f->part,
                   "files inside documents nested deeper than max_archive_depth");
        return -1;
    }
    if (len > in->ctx->lim.max_part_bytes) {
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, a->f->loc, a->f->part,
                   "a file inside is larger than max_part_bytes: not scanned");
        return 0;
    }
    snprintf(fallback, sizeof(fallback), "(embedded %u)", a->files + 1);
    nm = member_name(name && *name ? name : fallback);
    mloc = nm ? join_loc(a->f->loc, nm) : NULL;
    if (!nm || !mloc) {
        free(nm);
        in->nomem = 1;
        return -1;
    }
    a->files++;
    enc_add(&a->ec, read_member(in, a->f, nm, mloc, d, len));
    free(mloc);
    free(nm);
    return in->stop || in->nomem ? -1 : 0;
}

static void rd_partly(void *arg, unsigned flag, const char *why)
{
    rd_arg *a = arg;

    a->partly++;
    scan_limit(a->in->ctx, flag, a->f->loc, a->f->part, why);
}

static reader_io rd_io(rd_arg *a, insp *in, const fileref *f)
{
    reader_io io = { a, rd_emit, rd_file, rd_partly, (size_t)in->ctx->lim.max_text_bytes,
                     (size_t)in->ctx->lim.max_part_bytes };

    memset(a, 0, sizeof(*a));
    a->in = in;
    a->f = f;
    return io;
}

/* The finding follows from what the reader says: a reader that could not
 * read (RD_NONE) or read partly without naming why is unscannable here. */
static void rd_outcome(insp *in, const fileref *f, const rd_arg *a, int rc, const char *what)
{
    char why[SCAN_MAX_LIMIT_REASON];

    if (rc == RD_NOMEM) {
        in->nomem = 1;
    } else if ((rc == RD_NONE || rc == RD_PARTLY) && a->partly == 0) {
        snprintf(why, sizeof(why), "%s: %s", what, rc == RD_NONE ? "not read" : "read partly");
        scan_limit(in->ctx, rc == RD_NONE ? SG_LIMIT_UNSUPPORTED : SG_LIMIT_CORRUPT, f->loc,
                   f->part, why);
    }
}

/* --- ZIP -------------------------------------------------------------------- */

/* Handles one zip read error for member mloc; returns 1 when the archive
 * loop must stop. */
static int zip_read_error(insp *in, const fileref *f, const char *name, const char *mloc,
                          const zip_member_info *m, int r, enc_count *ec)
{
    const char *why = zip_reader_strerror(r);

    switch (r) {
    case ZR_ENCRYPTED:
        unread_member(in, f, name, mloc, m->size, SG_ENC_YES, "encrypted member");
        enc_add(ec, SG_ENC_YES);
        return 0;
    case ZR_RATIO:
        unread_member(in, f, name, mloc, m->size, SG_ENC_NA, why);
        limit_stop(in, SG_LIMIT_COMPRESSION, mloc, f->part,
                   "compression ratio above max_compression_ratio (archive bomb?)");
        return 1;
    case ZR_TOOBIG:
        unread_member(in, f, name, mloc, m->size, SG_ENC_NA, why);
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, mloc, f->part, why);
        enc_add(ec, SG_ENC_NO);
        return 0;
    case ZR_UNSUPPORTED:
        unread_member(in, f, name, mloc, m->size, SG_ENC_NA, why);
        scan_limit(in->ctx, SG_LIMIT_UNSUPPORTED, mloc, f->part, why);
        enc_add(ec, SG_ENC_NO);
        return 0;
    case ZR_NOMEM:
        in->nomem = 1;
        return 1;
    default:
        unread_member(in, f, name, mloc, m->size, SG_ENC_NA, why);
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, mloc, f->part, why);
        enc_add(ec, SG_ENC_NO);
        return 0;
    }
}

static void zip_member(insp *in, const fileref *f, zip_reader *zr, long i, enc_count *ec)
{
    zip_member_info m;
    char *name, *mloc;
    unsigned char *d;
    size_t len;
    int r;

    if (zip_reader_stat(zr, i, &m) != ZR_OK || m.is_dir)
        return;
    name = member_name(m.name);
    mloc = name ? join_loc(f->loc, name) : NULL;
    if (!name || !mloc) {
        in->nomem = 1;
        free(name);
        return;
    }
    if (m.encryption != ZR_ENC_NONE) {
        unread_member(in, f, name, mloc, m.size, SG_ENC_YES,
                      m.encryption == ZR_ENC_AES ? "encrypted member (AES)"
                      : m.encryption == ZR_ENC_ZIPCRYPTO ? "encrypted member (ZipCrypto)"
                      : "encrypted member");
        enc_add(ec, SG_ENC_YES);
    } else {
        r = zip_reader_read(zr, i, (size_t)in->ctx->lim.max_part_bytes,
                            in->ctx->lim.max_compression_ratio, &d, &len);
        if (r == ZR_OK) {
            enc_add(ec, read_member(in, f, name, mloc, d, len));
            free(d);
        } else {
            zip_read_error(in, f, name, mloc, &m, r, ec);
        }
    }
    free(mloc);
    free(name);
}

typedef struct ox_arg {
    insp *in;
    const fileref *f;
    zip_reader *zr;
} ox_arg;

static int ox_read(void *arg, long idx, unsigned char **out, size_t *outlen)
{
    ox_arg *a = arg;
    size_t max = a->in->ctx->lim.max_part_bytes < SG_MAX_XML_BYTES
                 ? (size_t)a->in->ctx->lim.max_part_bytes : SG_MAX_XML_BYTES;
    int r = zip_reader_read(a->zr, idx, max, a->in->ctx->lim.max_compression_ratio, out, outlen);

    if (r == ZR_OK) {
        if (scan_account(a->in->ctx, *outlen, a->f->loc, a->f->part) < 0) {
            free(*out);
            a->in->stop = 1;
            return -1;
        }
        return 0;
    }
    if (r == ZR_NOMEM) {
        a->in->nomem = 1;
        return -1;
    }
    if (r == ZR_RATIO) {
        limit_stop(a->in, SG_LIMIT_COMPRESSION, a->f->loc, a->f->part,
                   "compression ratio above max_compression_ratio (archive bomb?)");
        return -1;
    }
    scan_limit(a->in->ctx, r == ZR_TOOBIG ? SG_LIMIT_PART_BYTES : SG_LIMIT_CORRUPT,
               a->f->loc, a->f->part, zip_reader_strerror(r));
    return 1;
}

/* Any member, bounded by max_part_bytes (embedded files). */
static int ox_read_any(void *arg, long idx, unsigned char **out, size_t *outlen)
{
    ox_arg *a = arg;
    int r = zip_reader_read(a->zr, idx, (size_t)a->in->ctx->lim.max_part_bytes,
                            a->in->ctx->lim.max_compression_ratio, out, outlen);

    if (r == ZR_OK)
        return 0;
    if (r == ZR_NOMEM) {
        a->in->nomem = 1;
        return -1;
    }
    if (r == ZR_RATIO) {
        limit_stop(a->in, SG_LIMIT_COMPRESSION, a->f->loc, a->f->part,
                   "compression ratio above max_compression_ratio (archive bomb?)");
        return -1;
    }
    scan_limit(a->in->ctx, r == ZR_TOOBIG ? SG_LIMIT_PART_BYTES : r == ZR_ENCRYPTED
               ? SG_LIMIT_ENCRYPTED : SG_LIMIT_CORRUPT, a->f->loc, a->f->part,
               "an embedded file could not be read");
    return 1;
}

/* An embedded file of an OOXML document: a member one level deeper. */
static int ox_file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    ox_arg *a = arg;
    rd_arg r;
    (void)rd_io(&r, a->in, a->f);
    return rd_file(&r, name, d, len);
}

static int ox_emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    ox_arg *a = arg;
    char *loc = sub ? join_loc(a->f->loc, sub) : NULL;

    if (sub && !loc) {
        a->in->nomem = 1;
        return -1;
    }
    unit(a->in, kind, text, len, loc ? loc : a->f->loc, a->f->part, a->f->idx);
    free(loc);
    return scan_expired(a->in->ctx) ? -1 : 0;
}

static sg_encrypted do_ooxml(insp *in, const fileref *f, zip_reader *zr, ooxml_kind k)
{
    ox_arg a = { in, f, zr };
    ooxml_io io = { &a, ox_read, ox_emit, (size_t)in->ctx->lim.max_text_bytes, ox_file, ox_read_any };
    int r = ooxml_extract(zr, k, &io);

    if (r == OX_NOMEM)
        in->nomem = 1;
    else if (r == OX_CORRUPT)
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "malformed XML in an OOXML part");
    else if (r == OX_TRUNCATED)
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "document text longer than max_text_bytes");
    return SG_ENC_NO;
}

static sg_encrypted do_odf(insp *in, const fileref *f, zip_reader *zr)
{
    ox_arg a = { in, f, zr };
    ooxml_io io = { &a, ox_read, ox_emit, (size_t)in->ctx->lim.max_text_bytes, ox_file, ox_read_any };
    int r;

    if (odf_encrypted(zr, &io))
        return SG_ENC_YES;
    r = odf_extract(zr, &io);
    if (r == OX_NOMEM)
        in->nomem = 1;
    else if (r == OX_CORRUPT)
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "malformed XML in an OpenDocument part");
    else if (r == OX_TRUNCATED)
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "document text longer than max_text_bytes, or too many embedded objects");
    return SG_ENC_NO;
}

static sg_encrypted do_zip(insp *in, const fileref *f)
{
    zip_reader *zr;
    enc_count ec = { 0, 0, 0 };
    ooxml_kind k;
    long i, n;
    int r = zip_reader_open(f->d, f->len, &zr);

    if (r != ZR_OK) {
        if (r == ZR_NOMEM)
            in->nomem = 1;
        else
            scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "corrupt or truncated zip");
        return SG_ENC_NA;
    }
    if ((k = ooxml_detect(zr)) != OOXML_NONE) {
        sg_encrypted e = do_ooxml(in, f, zr, k);
        zip_reader_close(zr);
        return e;
    }
    if (odf_detect(zr)) {
        sg_encrypted e = do_odf(in, f, zr);
        zip_reader_close(zr);
        return e;
    }
    if ((unsigned)f->depth + 1 > in->ctx->lim.max_archive_depth) {
        zip_reader_close(zr);
        limit_stop(in, SG_LIMIT_ARCHIVE_DEPTH, f->loc, f->part,
                   "archive nested deeper than max_archive_depth");
        return SG_ENC_NA;
    }
    n = zip_reader_count(zr);
    for (i = 0; i < n && member_gate(in, f->loc, f->part) == 0; i++)
        zip_member(in, f, zr, i, &ec);
    zip_reader_close(zr);
    return enc_result(&ec);
}

/* --- libarchive ------------------------------------------------------------- */

static char *raw_member_name(const char *parent)
{
    static const char *const sfx[] = { ".gz", ".tgz", ".bz2", ".xz", ".lzma", ".z", ".zst", NULL };
    const char *base = strrchr(parent, '/');
    size_t n, i;

    base = base ? base + 1 : parent;
    n = strlen(base);
    for (i = 0; sfx[i]; i++)
        if (has_ext(base, sfx[i] + 1)) {
            n -= strlen(sfx[i]);
            break;
        }
    return n ? sg_strndup(base, n) : sg_strdup("data");
}

/* One libarchive member; returns 1 when the loop must stop. */
static int ar_member(insp *in, const fileref *f, archive_reader *ar,
                     const archive_member_info *m, enc_count *ec)
{
    char *name = archive_reader_is_raw(ar) ? raw_member_name(f->name ? f->name : "")
                                             : member_name(m->name);
    char *mloc = name ? join_loc(f->loc, name) : NULL;
    unsigned char *d;
    size_t len;
    int r, stop = 0;

    if (!name || !mloc) {
        free(name);
        in->nomem = 1;
        return 1;
    }
    if (m->encrypted) {
        unread_member(in, f, name, mloc, m->size, SG_ENC_YES, "encrypted member");
        enc_add(ec, SG_ENC_YES);
    } else if ((r = archive_reader_read(ar, (size_t)in->ctx->lim.max_part_bytes,
                                        in->ctx->lim.max_compression_ratio, &d, &len)) == AR_OK) {
        enc_add(ec, read_member(in, f, name, mloc, d, len));
        free(d);
    } else if (r == AR_ENCRYPTED) {
        unread_member(in, f, name, mloc, m->size, SG_ENC_YES, "encrypted member");
        enc_add(ec, SG_ENC_YES);
    } else if (r == AR_NOMEM) {
        in->nomem = stop = 1;
    } else {
        unread_member(in, f, name, mloc, m->size, SG_ENC_NA, archive_reader_strerror(r));
        enc_add(ec, SG_ENC_NO);
        if (r == AR_RATIO)
            limit_stop(in, SG_LIMIT_COMPRESSION, mloc, f->part,
                       "compression ratio above max_compression_ratio (archive bomb?)");
        else
            scan_limit(in->ctx, r == AR_TOOBIG ? SG_LIMIT_PART_BYTES : SG_LIMIT_CORRUPT, mloc,
                       f->part, archive_reader_strerror(r));
        stop = r != AR_TOOBIG;   /* libarchive cannot resync after a data error */
    }
    free(mloc);
    free(name);
    return stop;
}

/* Reads the members of an open archive; *files counts regular members. */
static void ar_members(insp *in, const fileref *f, archive_reader *ar, enc_count *ec,
                       unsigned *files)
{
    archive_member_info m;
    int r;

    while (member_gate(in, f->loc, f->part) == 0) {
        r = archive_reader_next(ar, &m);
        if (r == AR_EOF)
            break;
        if (r == AR_HEADER_ENCRYPTED) {
            enc_add(ec, SG_ENC_YES);   /* names and contents hidden */
            break;
        }
        if (r != AR_OK) {
            scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "corrupt or truncated archive");
            break;
        }
        if (!m.is_file)
            continue;
        ++*files;
        if (ar_member(in, f, ar, &m, ec))
            break;
    }
}

static sg_encrypted do_archive(insp *in, const fileref *f)
{
    archive_reader *ar;
    enc_count ec = { 0, 0, 0 };
    unsigned files = 0;
    int r = archive_reader_open(f->d, f->len, &ar), packed;

    if (r != AR_OK) {
        if (r == AR_NOMEM)
            in->nomem = 1;
        else
            scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "corrupt or unreadable archive");
        return SG_ENC_NA;
    }
    if ((unsigned)f->depth + 1 > in->ctx->lim.max_archive_depth) {
        archive_reader_close(ar);
        limit_stop(in, SG_LIMIT_ARCHIVE_DEPTH, f->loc, f->part,
                   "archive nested deeper than max_archive_depth");
        return SG_ENC_NA;
    }
    ar_members(in, f, ar, &ec, &files);
    packed = archive_reader_compressed(ar) && !archive_reader_is_raw(ar);
    archive_reader_close(ar);
    /* A compressed stream that reads as an archive without a single file
     * (a gzip of 512 NUL bytes and more is an "empty tar"): the whole
     * decompressed stream is read as one file instead. */
    if (packed && files == 0 && ec.yes == 0 && !in->stop && !in->nomem) {
        if ((r = archive_reader_open_raw(f->d, f->len, &ar)) != AR_OK) {
            if (r == AR_NOMEM)
                in->nomem = 1;
            else
                scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "corrupt compressed file");
            return SG_ENC_NA;
        }
        ar_members(in, f, ar, &ec, &files);
        archive_reader_close(ar);
    }
    return enc_result(&ec);
}

static int is_archive_type(const char *mime)
{
    static const char *const types[] = {
        "application/x-7z-compressed", "application/x-rar", "application/vnd.rar",
        "application/x-rar-compressed", "application/x-lha", "application/x-lzh-compressed",
        "application/x-lharc", "application/x-lzh", "application/x-tar", "application/gzip",
        "application/x-gzip", "application/x-bzip2", "application/x-xz", "application/x-cpio",
        "application/x-iso9660-image", "application/vnd.ms-cab-compressed", "application/x-lzma",
        "application/x-compress", "application/zstd", "application/x-archive", NULL
    };
    size_t i;

    for (i = 0; types[i]; i++)
        if (strcmp(mime, types[i]) == 0)
            return 1;
    return 0;
}

/* --- CFB, PDF, text ----------------------------------------------------------- */

static sg_encrypted do_cfb(insp *in, const fileref *f)
{
    rd_arg a;
    reader_io io = rd_io(&a, in, f);
    int enc = 0, rc = cfb_doc_read(f->d, f->len, &io, &enc);

    if (enc)
        return SG_ENC_YES;
    rd_outcome(in, f, &a, rc, "compound (OLE2) file of a kind the scanner does not read");
    return a.files ? enc_result(&a.ec) == SG_ENC_YES ? SG_ENC_PARTIAL : SG_ENC_NO : SG_ENC_NO;
}

static sg_encrypted do_rtf(insp *in, const fileref *f)
{
    rd_arg a;
    reader_io io = rd_io(&a, in, f);

    rd_outcome(in, f, &a, rtf_text_read(f->d, f->len, &io), "RTF document");
    return SG_ENC_NO;
}

static sg_encrypted do_vcard(insp *in, const fileref *f, int ical)
{
    rd_arg a;
    reader_io io = rd_io(&a, in, f);
    size_t n = f->len < in->ctx->lim.max_text_bytes ? f->len : (size_t)in->ctx->lim.max_text_bytes;

    if (n < f->len)
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "text longer than max_text_bytes: the rest was not scanned");
    rd_outcome(in, f, &a, ical ? ical_read(f->d, n, &io) : vcard_read(f->d, n, &io),
               ical ? "iCalendar" : "vCard");
    return SG_ENC_NO;
}

static sg_encrypted do_tnef(insp *in, const fileref *f)
{
    rd_arg a;
    reader_io io = rd_io(&a, in, f);

    rd_outcome(in, f, &a, tnef_read(f->d, f->len, &io), "TNEF (winmail.dat)");
    return a.files ? enc_result(&a.ec) : SG_ENC_NO;
}

typedef struct pdf_arg {
    insp *in;
    const fileref *f;
} pdf_arg;

/* pdf_info_text's budget: inflated bytes count as decoded, and the clock. */
static int pdf_check(void *arg, size_t n)
{
    pdf_arg *a = arg;

    if (n && scan_account(a->in->ctx, n, a->f->loc, a->f->part) < 0)
        return 1;
    return scan_expired(a->in->ctx);
}

static void pdf_limits(insp *in, const fileref *f, unsigned fl)
{
    if (fl & PDF_F_RATIO)
        limit_stop(in, SG_LIMIT_COMPRESSION, f->loc, f->part,
                   "PDF stream compression ratio above max_compression_ratio (bomb?)");
    if (fl & PDF_F_STOPPED)
        in->stop = 1;                    /* time or max_decoded_bytes, recorded */
    if (fl & PDF_F_PART)
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "a PDF stream inflates past max_part_bytes: its rest was not scanned");
    if (fl & PDF_F_TEXT)
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "PDF text longer than max_text_bytes: the rest was not scanned");
    if (fl & PDF_F_CORRUPT)
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "truncated or corrupt PDF stream");
    if (fl & PDF_F_OBJECTS)
        scan_limit(in->ctx, SG_LIMIT_ARCHIVE_MEMBERS, f->loc, f->part,
                   "more PDF objects, content streams or fonts than the scanner reads");
    if (fl & PDF_F_FILTER)
        scan_limit(in->ctx, SG_LIMIT_UNSUPPORTED, f->loc, f->part,
                   "a PDF content stream with a filter the scanner does not decode");
    if (fl & PDF_F_NOMAP)
        scan_limit(in->ctx, SG_LIMIT_UNSUPPORTED, f->loc, f->part,
                   "PDF text in a CID font without a Unicode map: not read");
}

static sg_encrypted do_pdf(insp *in, const fileref *f)
{
    pdf_arg a = { in, f };
    pdf_text_opts o = { (size_t)in->ctx->lim.max_part_bytes, in->ctx->lim.max_compression_ratio,
                        (size_t)in->ctx->lim.max_text_bytes, pdf_check, &a };
    char *text = NULL;
    size_t n = 0;
    unsigned fl = 0;

    if (pdf_info_text(f->d, f->len, &o, &text, &n, &fl) < 0) {
        in->nomem = 1;
        return SG_ENC_NO;
    }
    if (fl & PDF_F_LOCKED) {                 /* needs a user password: encrypted */
        free(text);
        return SG_ENC_YES;
    }
    if (n > 0)
        unit(in, SG_UNIT_TEXT, text, n, f->loc, f->part, f->idx);
    free(text);
    pdf_limits(in, f, fl);
    return SG_ENC_NO;
}

/* Tab-separated shape (Excel's "Unicode text" export): of the first
 * FI_TSV_LINES non-empty lines, at least two, and 9 in 10 of them with the
 * same number (>= 1) of tabs. */
static int tsv_shaped(const char *t, size_t n)
{
    size_t lines = 0, same = 0, first = 0;
    const char *p = t, *end = t + n;

    while (p < end && lines < FI_TSV_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t tabs = 0;
        for (const char *q = p; q < e; q++)
            tabs += *q == '\t';
        if (e - p > 1 || (e - p == 1 && *p != '\r')) {
            if (lines++ == 0)
                first = tabs;
            same += tabs > 0 && tabs == first;
        }
        p = e + 1;
    }
    return lines >= 2 && same * 10 >= lines * 9;
}

/* NUL bytes dropped (text padded with NULs that is not UTF-16); malloc'd. */
static unsigned char *drop_nuls(const unsigned char *d, size_t n, size_t *outn)
{
    unsigned char *o = sg_malloc(n + 1);
    size_t k = 0;

    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (d[i])
            o[k++] = d[i];
    *outn = k;
    return o;
}

static void do_text(insp *in, const fileref *f, int csv, int nul_padded)
{
    size_t n = f->len, outlen = 0, tlen = 0;
    const char *cs = NULL;
    unsigned char *bare = NULL;
    const unsigned char *d = f->d;
    char *text, *table;

    if (n > in->ctx->lim.max_text_bytes) {
        n = (size_t)in->ctx->lim.max_text_bytes;
        scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                   "text longer than max_text_bytes: the rest was not scanned");
    }
    if (nul_padded) {
        if (!(bare = drop_nuls(d, n, &n))) {
            in->nomem = 1;
            return;
        }
        d = bare;
    }
    text = text_decode((const char *)d, n, NULL, &outlen, &cs);
    free(bare);
    if (!text) {
        in->nomem = 1;
        return;
    }
    if (!csv && cs && strncmp(cs, "UTF-16", 6) == 0 && tsv_shaped(text, outlen))
        csv = 2;                     /* Excel's "Unicode text": a table */
    if (!csv) {
        unit(in, SG_UNIT_TEXT, text, outlen, f->loc, f->part, f->idx);
        free(text);
        return;
    }
    table = csv_table_convert(text, outlen,
                              csv == 2 || has_ext(f->name ? f->name : "", "tsv") ? '\t'
                              : csv_table_sniff(text, outlen), &tlen);
    free(text);
    if (!table) {
        in->nomem = 1;
        return;
    }
    unit(in, SG_UNIT_TABLE, table, tlen, f->loc, f->part, f->idx);
    free(table);
}

/* --- messages inside files, S/MIME --------------------------------------------- */

static int is_message(const char *mime, const fileref *f)
{
    if (strcmp(mime, "message/rfc822") == 0 || strcmp(mime, "message/news") == 0)
        return 1;
    return (has_ext(f->name ? f->name : "", "eml") || has_ext(f->name ? f->name : "", "msg") ||
            strcmp(mime, "text/plain") == 0) &&
           scanner_looks_like_message((const char *)f->d, f->len);
}

static sg_encrypted do_message(insp *in, const fileref *f)
{
    if (mime_walk_embedded(in->ctx, (const char *)f->d, f->len, f->loc, f->part) < 0)
        in->nomem = 1;
    return SG_ENC_NO;
}

static sg_encrypted do_smime(insp *in, const fileref *f)
{
    unsigned char *c = NULL;
    size_t n = 0;
    int trunc = 0;
    int k = smime_inspect(f->d, f->len, (size_t)in->ctx->lim.max_part_bytes, &c, &n, &trunc);

    switch (k) {
    case SMIME_K_ENVELOPED:
        return SG_ENC_YES;
    case SMIME_K_SIGNED:
        if (trunc)
            scan_limit(in->ctx, SG_LIMIT_PART_BYTES, f->loc, f->part,
                       "S/MIME signed content larger than max_part_bytes: the rest was not scanned");
        if (scan_account(in->ctx, n, f->loc, f->part) == 0 &&
            mime_walk_embedded(in->ctx, (const char *)c, n, f->loc, f->part) < 0)
            in->nomem = 1;
        free(c);
        return SG_ENC_NO;
    case SMIME_K_DETACHED:
        return SG_ENC_NO;                /* a signature only: nothing to read */
    case SMIME_K_OTHER:
        scan_limit(in->ctx, SG_LIMIT_UNSUPPORTED, f->loc, f->part,
                   "S/MIME content of a kind the scanner does not open (compressed or digested data)");
        return SG_ENC_NO;
    case SMIME_K_NONE:
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "S/MIME data that does not decode");
        return SG_ENC_NO;
    default:
        in->nomem = 1;
        return SG_ENC_NO;
    }
}

static int is_texty(const char *mime, const fileref *f)
{
    if (strncmp(mime, "text/", 5) == 0)
        return 1;
    if (strcmp(mime, "application/json") == 0 || strcmp(mime, "application/xml") == 0 ||
        strcmp(mime, "application/javascript") == 0)
        return 1;
    return (strcmp(mime, "application/octet-stream") == 0 ||
            strcmp(mime, "application/csv") == 0) && file_type_looks_text(f->d, f->len);
}

static int is_zip(const char *mime, const fileref *f)
{
    if (f->len >= 4 && (memcmp(f->d, "PK\3\4", 4) == 0 || memcmp(f->d, "PK\5\6", 4) == 0))
        return 1;
    return strcmp(mime, "application/zip") == 0 || strcmp(mime, "application/x-zip") == 0 ||
           strncmp(mime, "application/vnd.openxmlformats-officedocument.", 46) == 0;
}

/* --- one file ----------------------------------------------------------------- */

static sg_encrypted dispatch(insp *in, const fileref *f, const char *mime, const char *desc)
{
    const char *name = f->name ? f->name : "";

    if (f->len == 0)
        return SG_ENC_NA;
    if (f->len >= 8 && memcmp(f->d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return do_cfb(in, f);
    if (is_zip(mime, f))
        return do_zip(in, f);
    if (pdf_info_is_pdf(f->d, f->len) || strcmp(mime, "application/pdf") == 0)
        return do_pdf(in, f);
    if (smime_looks_cms(f->d, f->len))
        return do_smime(in, f);
    if (is_message(mime, f))
        return do_message(in, f);
    if (is_archive_type(mime))
        return do_archive(in, f);
    if (tnef_is_tnef(f->d, f->len))
        return do_tnef(in, f);
    if (strcmp(mime, "application/vnd.ms-tnef") == 0 || strcmp(mime, "application/ms-tnef") == 0) {
        scan_limit(in->ctx, SG_LIMIT_CORRUPT, f->loc, f->part, "TNEF without a TNEF signature");
        return SG_ENC_NO;
    }
    if (rtf_text_is_rtf(f->d, f->len))
        return do_rtf(in, f);
    if (vcard_is_vcard(f->d, f->len))
        return do_vcard(in, f, 0);
    if (vcard_is_ical(f->d, f->len))
        return do_vcard(in, f, 1);
    if (strcmp(mime, "application/pgp-encrypted") == 0 ||
        (strstr(desc, "PGP") && strstr(desc, "encrypted")))
        return SG_ENC_YES;
    if (has_ext(name, "csv") || has_ext(name, "tsv") || strcmp(mime, "text/csv") == 0 ||
        strcmp(mime, "text/tab-separated-values") == 0) {
        if (is_texty(mime, f) || file_type_looks_text(f->d, f->len))
            do_text(in, f, 1, 0);
        return SG_ENC_NO;
    }
    if (is_texty(mime, f))
        do_text(in, f, 0, 0);
    else if (strcmp(mime, "application/octet-stream") == 0 && file_type_nul_padded_text(f->d, f->len))
        do_text(in, f, 0, 1);
    return SG_ENC_NO;
}

static sg_encrypted inspect(insp *in, const fileref *f0)
{
    fileref f = *f0;
    char *mime = NULL, *desc = NULL;
    char sha[65];
    sg_encrypted e;

    if (file_type_detect(f.d, f.len, &mime, &desc) < 0) {
        in->nomem = 1;
        return SG_ENC_NA;
    }
    sha256_hex(f.d, f.len, sha);
    f.idx = add_fact(in, f.name, f.loc, f.part, mime, desc, f.len, sha, SG_ENC_NA, f.depth);
    if (f.idx >= 0) {
        name_checks(in, f.name, mime, desc, f.loc, f.part, f.idx);
        virus_check(in, &f);
        e = dispatch(in, &f, mime, desc);
        set_encrypted(in, f.idx, e);
    } else {
        e = SG_ENC_NA;
    }
    free(mime);
    free(desc);
    return e;
}

int file_inspect(scan_ctx *ctx, const char *name, const char *location, const char *part,
                 const unsigned char *data, size_t len, int depth)
{
    insp in = { ctx, 0, 0, 0 };
    fileref f = { name, location, part ? part : "", data, len, depth, -1 };
    size_t first = ctx->res->natts;

    (void)inspect(&in, &f);
    if (in.nomem)
        return -1;
    return first < ctx->res->natts ? (int)first : -1;
}
