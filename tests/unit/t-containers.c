/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-containers - file_inspect() and the container readers on real files
 * made at run time by tests/data/gen/file-containers.py and
 * file-encrypted.sh (synthetic content): facts (type, encryption yes / no /
 * partial, member locations and depth), text units (docx, pptx, xlsx per
 * sheet, CSV in CP932, properties), limits (bomb, truncation, depth,
 * member count), dangerous names and the virus check with a signature
 * database written here (the EICAR string is assembled in memory).
 *
 * The scan.c services are stubbed here so that units and limits can be
 * looked at directly; text_decode() is the real one when linked.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "clamav.h"
#include "findings.h"
#include "scan_ctx.h"
#include "scanner_priv.h"
#include "sg_tap.h"

/* --- stubs of scan.c -------------------------------------------------------- */

typedef struct rec_unit { sg_unit_kind kind; char *loc, *text; } rec_unit;
static rec_unit units[512];
static size_t nunits;
static char limit_locs[4096];

void findings_priv_free(void *p);

void scan_unit(scan_ctx *ctx, const sg_text_unit *u)
{
    (void)ctx;
    if (nunits < sizeof(units) / sizeof(units[0])) {
        units[nunits].kind = u->kind;
        units[nunits].loc = strdup(u->location);
        units[nunits].text = strndup(u->text, u->len);
        nunits++;
    }
}

void scan_limit(scan_ctx *ctx, unsigned flag, const char *location, const char *part,
                const char *reason)
{
    size_t n = strlen(limit_locs);

    (void)part;
    ctx->res->limits |= flag;
    snprintf(limit_locs + n, sizeof(limit_locs) - n, "%s: %s\n", location, reason);
}

int scan_expired(scan_ctx *ctx)
{
    (void)ctx;
    return 0;
}

int scan_account(scan_ctx *ctx, unsigned long long n, const char *location, const char *part)
{
    ctx->decoded_total += n;
    if (ctx->decoded_total > ctx->lim.max_decoded_bytes) {
        scan_limit(ctx, SG_LIMIT_DECODED_BYTES, location, part, "decoded");
        return -1;
    }
    return 0;
}

int scan_add_attachment(scan_ctx *ctx, const sg_attachment *a)
{
    sg_scan_result *r = ctx->res;
    sg_attachment *c;

    if (r->natts == r->aatts) {
        size_t na = r->aatts ? r->aatts * 2 : 8;
        sg_attachment *p = realloc(r->atts, na * sizeof(*p));
        if (!p)
            return -1;
        r->atts = p;
        r->aatts = na;
    }
    c = &r->atts[r->natts];
    *c = *a;
    c->name = strdup(a->name);
    c->location = strdup(a->location);
    c->part = strdup(a->part);
    c->type = strdup(a->type);
    c->description = strdup(a->description);
    return (int)r->natts++;
}

/* text_decode: a small fallback (UTF-8 as is, else CP932) when the real
 * one (text_decode.c) is not linked in. */
__attribute__((weak)) char *text_decode(const char *data, size_t len, const char *charset,
                                        size_t *outlen, const char **used)
{
    iconv_t cd = iconv_open("UTF-8", charset ? charset : "CP932");
    char *out = malloc(len * 3 + 1), *in = (char *)data, *o = out;
    size_t il = len, ol = len * 3;

    (void)used;
    if (cd == (iconv_t)-1 || !out || iconv(cd, &in, &il, &o, &ol) == (size_t)-1) {
        memcpy(out, data, len);
        o = out + len;
    }
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    *o = 0;
    *outlen = (size_t)(o - out);
    return out;
}

/* --- helpers ---------------------------------------------------------------- */

static const char *sg_encrypted_name_local(sg_encrypted e)
{
    return e == SG_ENC_YES ? "yes" : e == SG_ENC_NO ? "no" : e == SG_ENC_PARTIAL ? "partial" : "n/a";
}

static sg_scan_result res;
static struct sg_scanner scanner;
static char dir[] = "/tmp/t-containers-XXXXXX";

static void reset(void)
{
    size_t i;

    for (i = 0; i < res.natts; i++) {
        free(res.atts[i].name); free(res.atts[i].location); free(res.atts[i].part);
        free(res.atts[i].type); free(res.atts[i].description);
    }
    free(res.atts);
    for (i = 0; i < res.nfindings; i++) {
        sg_finding *f = &res.findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    free(res.findings);
    findings_priv_free(res.priv);
    memset(&res, 0, sizeof(res));
    for (i = 0; i < nunits; i++) {
        free(units[i].loc);
        free(units[i].text);
    }
    nunits = 0;
    limit_locs[0] = 0;
}

static scan_limits default_limits(void)
{
    scan_limits l;

    memset(&l, 0, sizeof(l));
    l.max_decoded_bytes = 200ULL << 20;
    l.max_part_bytes = 50ULL << 20;
    l.max_archive_depth = 4;
    l.max_archive_members = 1000;
    l.max_compression_ratio = 100;
    l.max_text_bytes = 20ULL << 20;
    return l;
}

static unsigned char *slurp(const char *name, size_t *len)
{
    char path[512];
    FILE *fp;
    unsigned char *d;
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(fp = fopen(path, "rb")))
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, fp) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(fp);
    *len = (size_t)n;
    return d;
}

static int run_bytes(const char *name, const unsigned char *d, size_t len, scan_limits lim,
                     const struct sg_scanner *sc)
{
    scan_ctx ctx;
    char loc[600];

    reset();
    memset(&ctx, 0, sizeof(ctx));
    ctx.sc = sc;
    ctx.res = &res;
    ctx.lim = lim;
    snprintf(loc, sizeof(loc), "attachment %s", name);
    return file_inspect(&ctx, name, loc, "2", d, len, 0);
}

static int run_file(const char *name, scan_limits lim)
{
    size_t len;
    unsigned char *d = slurp(name, &len);
    int r;

    if (!d) {
        reset();
        return -2;
    }
    r = run_bytes(name, d, len, lim, NULL);
    free(d);
    return r;
}

static const sg_attachment *att_at(const char *loc)
{
    size_t i;

    for (i = 0; i < res.natts; i++)
        if (strcmp(res.atts[i].location, loc) == 0)
            return &res.atts[i];
    return NULL;
}

static const char *enc_of(const char *loc)
{
    const sg_attachment *a = att_at(loc);

    return a ? sg_encrypted_name_local(a->encrypted) : "(no fact)";
}

static const rec_unit *unit_of(sg_unit_kind kind, const char *loc)
{
    size_t i;

    for (i = 0; i < nunits; i++)
        if (units[i].kind == kind && strcmp(units[i].loc, loc) == 0)
            return &units[i];
    return NULL;
}

static int unit_has(sg_unit_kind kind, const char *loc, const char *sub)
{
    const rec_unit *u = unit_of(kind, loc);

    if (u && strstr(u->text, sub))
        return 1;
    printf("#   unit at %s: %s\n", loc, u ? u->text : "(none)");
    return 0;
}

static const sg_finding *finding(const char *rule)
{
    size_t i;

    for (i = 0; i < res.nfindings; i++)
        if (strcmp(res.findings[i].rule, rule) == 0)
            return &res.findings[i];
    return NULL;
}

/* --- cases ------------------------------------------------------------------ */

static void t_encrypted_archives(void)
{
    static const struct { const char *file, *enc, *member, *member_enc; } c[] = {
        { "file-zipcrypto.zip", "yes", "list.csv", "yes" },
        { "file-aes.zip", "yes", "memo.txt", "yes" },
        { "file-mixed.zip", "partial", "memo.txt", "no" },
        { "file-7z-enc.7z", "yes", "list.csv", "yes" },
        { "file-7z-hdr.7z", "yes", NULL, NULL },
        { "file-targz.tar.gz", "no", "list.csv", "no" },
        { "file-nested.zip", "no", "inner.zip", "no" },
    };
    size_t i;
    char loc[300], mloc[700];

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        int idx = run_file(c[i].file, default_limits());
        snprintf(loc, sizeof(loc), "attachment %s", c[i].file);
        TAP_IS_INT(idx, 0, "%s: the file's own fact comes first", c[i].file);
        TAP_IS_STR(enc_of(loc), c[i].enc, "%s: encrypted", c[i].file);
        if (c[i].member) {
            snprintf(mloc, sizeof(mloc), "%s/%s", loc, c[i].member);
            TAP_IS_STR(enc_of(mloc), c[i].member_enc, "%s: member %s encrypted", c[i].file,
                       c[i].member);
            TAP_OK(att_at(mloc) && att_at(mloc)->depth == 1, "%s: member depth 1", c[i].file);
            TAP_OK(unit_of(SG_UNIT_FILENAME, mloc) != NULL, "%s: member name is a unit", c[i].file);
        }
        TAP_IS_INT(res.limits, 0, "%s: no limit hit", c[i].file);
    }
    run_file("file-zipcrypto.zip", default_limits());
    TAP_OK(att_at("attachment file-zipcrypto.zip/list.csv") &&
           strstr(att_at("attachment file-zipcrypto.zip/list.csv")->description, "ZipCrypto"),
           "zipcrypto: member description names the method");
    run_file("file-aes.zip", default_limits());
    TAP_OK(att_at("attachment file-aes.zip/list.csv") &&
           strstr(att_at("attachment file-aes.zip/list.csv")->description, "AES"),
           "aes: member description names the method");
    run_file("file-mixed.zip", default_limits());
    TAP_OK(unit_has(SG_UNIT_TEXT, "attachment file-mixed.zip/memo.txt", "memo text"),
           "mixed: the unencrypted member is read");
    TAP_OK(unit_of(SG_UNIT_TABLE, "attachment file-mixed.zip/list.csv") == NULL,
           "mixed: the encrypted member gives no text");
    run_file("file-targz.tar.gz", default_limits());
    TAP_OK(unit_has(SG_UNIT_TABLE, "attachment file-targz.tar.gz/list.csv", "山田 太郎\t営業部"),
           "tar.gz: CSV member becomes a table");
}

static void t_nested(void)
{
    scan_limits l = default_limits();
    const char *deep = "attachment file-nested.zip/inner.zip/deep/memo.txt";

    run_file("file-nested.zip", l);
    TAP_OK(att_at(deep) && att_at(deep)->depth == 2, "nested: member of the inner zip, depth 2");
    TAP_OK(unit_has(SG_UNIT_TEXT, deep, "内部メモ"), "nested: inner text read");
    TAP_OK(unit_has(SG_UNIT_TABLE, "attachment file-nested.zip/取引先/一覧.csv", "テスト商事\t営業部"),
           "nested: Japanese member path and CSV table");
    TAP_OK(att_at("attachment file-nested.zip") && strlen(att_at("attachment file-nested.zip")->sha256) == 64,
           "nested: sha256 set");
    TAP_IS_STR(att_at("attachment file-nested.zip") ? att_at("attachment file-nested.zip")->type : NULL,
               "application/zip", "nested: true type");
    l.max_archive_depth = 1;
    run_file("file-nested.zip", l);
    TAP_OK(res.limits & SG_LIMIT_ARCHIVE_DEPTH, "nested: depth limit 1 hit");
    TAP_OK(att_at(deep) == NULL, "nested: nothing read past the depth limit");
    l = default_limits();
    l.max_archive_members = 2;
    run_file("file-nested.zip", l);
    TAP_OK(res.limits & SG_LIMIT_ARCHIVE_MEMBERS, "nested: member limit 2 hit");
}

static void t_limits(void)
{
    scan_limits l = default_limits();

    run_file("file-bomb.zip", l);
    TAP_OK(res.limits & SG_LIMIT_COMPRESSION, "bomb: compression ratio limit");
    TAP_OK(strstr(limit_locs, "file-bomb.zip/zeros.bin") != NULL, "bomb: limit at the member");
    l.max_compression_ratio = 100000;
    l.max_part_bytes = 1 << 20;
    run_file("file-bomb.zip", l);
    TAP_OK(res.limits & SG_LIMIT_PART_BYTES, "bomb: part limit when the ratio is allowed");
    run_file("file-truncated.zip", default_limits());
    TAP_OK(res.limits & SG_LIMIT_CORRUPT, "truncated zip: corrupt");
    TAP_IS_STR(enc_of("attachment file-truncated.zip"), "n/a", "truncated zip: encryption unknown");
}

static void t_ooxml(void)
{
    run_file("file-docx.docx", default_limits());
    TAP_OK(att_at("attachment file-docx.docx") &&
           strstr(att_at("attachment file-docx.docx")->type, "wordprocessingml"), "docx: true type");
    TAP_IS_STR(enc_of("attachment file-docx.docx"), "no", "docx: not encrypted");
    TAP_IS_INT(res.natts, 1, "docx: no member facts for a document");
    TAP_OK(unit_has(SG_UNIT_TEXT, "attachment file-docx.docx", "取引先一覧の送付について\n担当: 営業部\n"),
           "docx: paragraphs and runs");
    TAP_OK(unit_has(SG_UNIT_PROPERTIES, "attachment file-docx.docx", "Classification: 社外秘"),
           "docx: custom property");
    TAP_OK(unit_has(SG_UNIT_PROPERTIES, "attachment file-docx.docx", "title: 四半期報告"),
           "docx: core property");
    run_file("file-xlsx.xlsx", default_limits());
    TAP_OK(unit_has(SG_UNIT_TABLE, "attachment file-xlsx.xlsx/名簿", "氏名\t\tマイナンバー\n山田 太郎\t\t5281"),
           "xlsx: sheet table with shared strings and column gaps");
    TAP_OK(unit_has(SG_UNIT_PROPERTIES, "attachment file-xlsx.xlsx", "社外秘"), "xlsx: properties");
    run_file("file-pptx.pptx", default_limits());
    TAP_OK(unit_has(SG_UNIT_TEXT, "attachment file-pptx.pptx", "極秘 事業計画\n二枚目\n"),
           "pptx: slides in order");
    run_file("file-ooxml-enc.docx", default_limits());
    TAP_IS_STR(enc_of("attachment file-ooxml-enc.docx"), "yes", "encrypted OOXML (CFB EncryptedPackage)");
    TAP_IS_INT(res.limits, 0, "encrypted OOXML: no limit");
}

static void t_csv_pdf(void)
{
    run_file("file-cp932.csv", default_limits());
    TAP_OK(unit_has(SG_UNIT_TABLE, "attachment file-cp932.csv",
                    "氏名\tマイナンバー\t備考\n山田 太郎\t5281"), "csv cp932: header and row");
    TAP_OK(unit_has(SG_UNIT_TABLE, "attachment file-cp932.csv", "\t東京都, 港区 在住\n"),
           "csv: quoted comma and line break stay in one cell");
    TAP_IS_STR(enc_of("attachment file-cp932.csv"), "no", "csv: not encrypted");
    run_file("file-pdf-plain.pdf", default_limits());
    TAP_IS_STR(enc_of("attachment file-pdf-plain.pdf"), "no", "pdf: plain (an /Encrypt in a string does not count)");
    run_file("file-pdf-enc.pdf", default_limits());
    TAP_IS_STR(enc_of("attachment file-pdf-enc.pdf"), "yes", "pdf: /Encrypt in the trailer");
    TAP_IS_STR(att_at("attachment file-pdf-enc.pdf") ? att_at("attachment file-pdf-enc.pdf")->type : NULL,
               "application/pdf", "pdf: true type");
}

static void t_dangerous(void)
{
    static const struct { const char *file; const char *why; } c[] = {
        { "file-exe.pdf", "true type" },
        { "file-double.pdf.exe", "double extension" },
        { "file-rlo.\xE2\x80\xAEgpj.scr", "U+202E" },
        { "file-padding.txt                              .bat", "padding" },
    };
    size_t i;
    const sg_finding *f;

    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        run_file(c[i].file, default_limits());
        f = finding("dangerous-attachment");
        TAP_OK(f && f->confidence == SG_CONF_HIGH && f->detail && strstr(f->detail, c[i].why),
               "dangerous %zu: %s (%s)", i, c[i].why, f && f->detail ? f->detail : "none");
    }
    run_file("file-rlo.\xE2\x80\xAEgpj.scr", default_limits());
    f = finding("dangerous-attachment");
    TAP_OK(f && strstr(f->evidence, "<U+202E>"), "dangerous: RLO shown safely in evidence");
    run_file("file-docx.docx", default_limits());
    TAP_OK(finding("dangerous-attachment") == NULL, "docx is not dangerous");
}

static void t_text(void)
{
    static const unsigned char utf8[] = "短いテキスト";
    static const unsigned char bin[] = { 0x00, 0x01, 0x02, 0xFF, 0x10, 0x00 };

    run_bytes("note", utf8, sizeof(utf8) - 1, default_limits(), NULL);
    TAP_OK(unit_has(SG_UNIT_TEXT, "attachment note", "短いテキスト"), "short UTF-8 without BOM is text");
    TAP_IS_STR(enc_of("attachment note"), "no", "text: not encrypted");
    run_bytes("blob.bin", bin, sizeof(bin), default_limits(), NULL);
    TAP_OK(unit_of(SG_UNIT_TEXT, "attachment blob.bin") == NULL, "binary gives no text");
    run_bytes("empty.txt", utf8, 0, default_limits(), NULL);
    TAP_IS_STR(enc_of("attachment empty.txt"), "n/a", "empty file: n/a");
}

/* Text starting with a kanji whose first byte is an x86 JMP (UTF-8 E9 for
 * U+9000-U+9FFF) or a 0x8C "mov" (CP932 顧): libmagic's weak COM guess
 * must not make it an executable; the .com name still does. */
static void t_kanji_com(void)
{
    static const char *const cs[] = { "UTF-8", "CP932", "EUC-JP", "ISO-2022-JP" };
    static const char *const starts[] = { "高橋様\n\n", "顧客リストを送ります。\n" };
    static const char filler[] = "お疲れさまです。営業部の山本です。来週の打ち合わせの件でご連絡いたします。\n";
    size_t c, k;

    for (k = 0; k < 2; k++)
        for (c = 0; c < 4; c++) {
            size_t cap = 80000, n = 0, inleft, oleft = cap * 2;
            char *u = malloc(cap + 256), *out = malloc(cap * 2), *in = u, *o = out;
            iconv_t cd = iconv_open(cs[c], "UTF-8");
            const sg_attachment *a;

            n = strlen(starts[k]);
            memcpy(u, starts[k], n);
            while (n + sizeof(filler) < cap) {
                memcpy(u + n, filler, sizeof(filler) - 1);
                n += sizeof(filler) - 1;
            }
            inleft = n;
            if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
                iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
                TAP_OK(0, "iconv to %s", cs[c]);
            } else {
                run_bytes("memo.txt", (unsigned char *)out, (size_t)(o - out), default_limits(), NULL);
                a = att_at("attachment memo.txt");
                TAP_OK(a && strcmp(a->type, "application/x-dosexec") != 0 &&
                           !finding("dangerous-attachment") &&
                           unit_of(SG_UNIT_TEXT, "attachment memo.txt"),
                       "%s text starting with %.9s is text, not a COM executable (%s: %s)", cs[c],
                       starts[k], a ? a->type : "-", a ? a->description : "-");
                run_bytes("memo.com", (unsigned char *)out, (size_t)(o - out), default_limits(), NULL);
                TAP_OK(finding("dangerous-attachment") != NULL, "%s text named .com: dangerous",
                       cs[c]);
            }
            if (cd != (iconv_t)-1)
                iconv_close(cd);
            free(u);
            free(out);
        }
    {
        /* a real (tiny) COM program: JMP, code bytes, NULs */
        static const unsigned char com[] = { 0xE9, 0x10, 0x00, 0xB4, 0x09, 0xBA, 0x08, 0x01, 0xCD,
                                             0x21, 0xB8, 0x00, 0x4C, 0xCD, 0x21, 0x00, 0x00, 0x00,
                                             0x90, 0x90, 0xC3 };
        const sg_attachment *a;
        run_bytes("prog.txt", com, sizeof(com), default_limits(), NULL);
        a = att_at("attachment prog.txt");
        TAP_OK(a && strcmp(a->type, "application/x-dosexec") == 0 &&
                   finding("dangerous-attachment") != NULL,
               "a binary COM program stays an executable (%s)", a ? a->type : "-");
    }
}

/* EICAR assembled from pieces: the source never holds it verbatim */
static size_t eicar(char *out)
{
    static const char *const p[] = { "X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-",
                                     "ANTIVIRUS-TEST-", "FILE!$H+H*" };
    size_t i;

    out[0] = 0;
    for (i = 0; i < 4; i++)
        strcat(out, p[i]);
    return strlen(out);
}

static void t_virus(void)
{
    char e[128], db[300], err[256], hex[300];
    size_t n = eicar(e), i;
    FILE *fp;
    const sg_finding *f;
    zip_source_t *src;
    zip_t *za;
    zip_error_t ze;
    void *zdata = NULL;
    zip_int64_t zlen;
    static const unsigned char clean[] = "nothing to see here\n";

    for (i = 0; i < n; i++)
        snprintf(hex + i * 2, 3, "%02x", (unsigned char)e[i]);
    snprintf(db, sizeof(db), "%s/test.ndb", dir);
    fp = fopen(db, "w");
    fprintf(fp, "Sendguard.Test.EICAR:0:*:%s\n", hex);
    fclose(fp);
    scanner.clamav = clamav_new(db, err, sizeof(err));
    TAP_OK(scanner.clamav != NULL, "clamav: test database loads (%s)", scanner.clamav ? "ok" : err);
    if (!scanner.clamav)
        return;
    TAP_OK(clamav_new("/nonexistent/db", err, sizeof(err)) == NULL && err[0], "clamav: bad path is an error");
    run_bytes("eicar.com", (unsigned char *)e, n, default_limits(), &scanner);
    f = finding("virus");
    TAP_OK(f && f->confidence == SG_CONF_HIGH && strstr(f->evidence, "Sendguard.Test.EICAR"),
           "virus: found with the signature name");
    run_bytes("clean.txt", clean, sizeof(clean) - 1, default_limits(), &scanner);
    TAP_OK(finding("virus") == NULL, "virus: clean file passes");
    /* in a zip member */
    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_file_add(za, "docs/test.txt", zip_source_buffer(za, e, n, 0), 0);
    zip_close(za);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zlen = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    zdata = malloc((size_t)zlen);
    zip_source_read(src, zdata, (zip_uint64_t)zlen);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    run_bytes("v.zip", zdata, (size_t)zlen, default_limits(), &scanner);
    f = NULL;
    for (i = 0; i < res.nfindings; i++)
        if (strcmp(res.findings[i].rule, "virus") == 0 &&
            strcmp(res.findings[i].location, "attachment v.zip/docs/test.txt") == 0)
            f = &res.findings[i];
    TAP_OK(f != NULL, "virus: found in a zip member at the member's location");
    free(zdata);
    clamav_free(scanner.clamav);
    scanner.clamav = NULL;
    memset(e, 0, sizeof(e));
}

int main(void)
{
    const char *src = getenv("top_srcdir");
    char cmd[1024];

    if (!src)
        src = "../..";
    if (!mkdtemp(dir)) {
        TAP_OK(0, "mkdtemp");
        return tap_done();
    }
    snprintf(cmd, sizeof(cmd), "python3 %s/tests/data/gen/file-containers.py %s >/dev/null && "
             "bash %s/tests/data/gen/file-encrypted.sh %s >/dev/null", src, dir, src, dir);
    TAP_IS_INT(system(cmd), 0, "generators ran");
    t_encrypted_archives();
    t_nested();
    t_limits();
    t_ooxml();
    t_csv_pdf();
    t_dangerous();
    t_text();
    t_kanji_com();
    t_virus();
    reset();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
