/*
 * t-mime - the MIME walk through scanner_scan_message(): charsets and
 * transfer encodings of bodies, multipart/alternative with HTML, nested
 * message/rfc822, file name tricks, attachment marks, and every limit
 * (nesting bomb, part count, part size, oversize message, broken base64
 * (bad character, truncated quantum, padding in the middle: unscannable;
 * valid base64 in lines of any length: not), invalid UTF-8, empty and
 * header-only messages).
 *
 * Units are observed through admin rules (a probe rules file written to a
 * temporary rules_dir), never through the built-in detectors, so these
 * tests do not depend on them. Synthetic text only.
 */
#include <glib.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "mime_walk.h"
#include "scan.h"
#include "sg_alloc.h"
#include "sg_buf.h"
#include "sg_tap.h"

static const char PROBES[] =
    "[rule probe-jp]\npattern = 山田太郎\nscope = subject, body, attachment-names, attachment-text\n"
    "confidence = high\naction = hold\nmessage = probe\n\n"
    "[rule probe-ext]\npattern = ①番|㈱サンプル\nscope = subject, body, attachment-text\n"
    "confidence = high\naction = hold\nmessage = probe\n\n"
    "[rule probe-mark]\npattern = PROBE-[0-9]+\nscope = subject, body, attachment-names, attachment-text\n"
    "confidence = high\naction = hold\nmessage = probe\n\n"
    "[rule probe-ent]\npattern = PROBE&ENT\nscope = body\nconfidence = high\naction = hold\nmessage = probe\n\n"
    "[rule probe-script]\npattern = PROBE-SCRIPT\nscope = body\nconfidence = high\naction = hold\nmessage = probe\n";

static char rules_dir[] = "/tmp/t-mime-XXXXXX";
static sg_scanner *sc_default, *sc_tight;

/* ---- helpers ---------------------------------------------------------- */

static char *enc(const char *to, const char *utf8, size_t *n)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    size_t inleft = strlen(utf8), cap = inleft * 4 + 16, oleft = cap;
    char *out = calloc(1, cap + 1), *o = out, *in = (char *)utf8;

    if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
        printf("# iconv to %s failed\n", to);
        exit(2);
    }
    iconv_close(cd);
    *n = (size_t)(o - out);
    return out;
}

static char *b64(const char *to, const char *utf8)
{
    size_t n;
    char *e = enc(to, utf8, &n);
    char *s = g_base64_encode((const guchar *)e, n);

    free(e);
    return s;
}

static char *qp(const char *utf8)
{
    GString *s = g_string_new("");

    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        if (*p >= 0x80 || *p == '=')
            g_string_append_printf(s, "=%02X", *p);
        else
            g_string_append_c(s, (char)*p);
        if (s->len % 70 > 66)
            g_string_append(s, "=\n");
    }
    return g_string_free(s, FALSE);
}

static sg_scanner *make_scanner(const char *limits)
{
    char err[256], *text = g_strdup_printf("[scan]\nrules_dir = %s\n[limits]\n%s", rules_dir, limits);
    sg_config *cfg = config_load_string(text, "t-mime.conf", err, sizeof(err));
    sg_scanner *sc = cfg ? scanner_new(cfg, err, sizeof(err)) : NULL;

    if (!sc) {
        printf("# scanner: %s\n", err);
        exit(2);
    }
    config_free(cfg);
    g_free(text);
    return sc;
}

static const sg_finding *finding(const sg_scan_result *r, const char *rule, const char *loc)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].rule, rule) == 0 && (!loc || strcmp(r->findings[i].location, loc) == 0))
            return &r->findings[i];
    return NULL;
}

static const sg_attachment *att(const sg_scan_result *r, const char *name)
{
    for (size_t i = 0; i < r->natts; i++)
        if (strcmp(r->atts[i].name, name) == 0)
            return &r->atts[i];
    return NULL;
}

static int scan(const sg_scanner *sc, const char *msg, size_t len, sg_scan_result *r)
{
    return scanner_scan_message(sc, msg, len, r);
}

static void dump(const sg_scan_result *r)
{
    for (size_t i = 0; i < r->nfindings; i++)
        printf("#   finding %s at '%s' part '%s' (%s)\n", r->findings[i].rule,
               r->findings[i].location, r->findings[i].part, r->findings[i].evidence);
    for (size_t i = 0; i < r->natts; i++)
        printf("#   att '%s' at '%s' part '%s' %s\n", r->atts[i].name, r->atts[i].location,
               r->atts[i].part, r->atts[i].type);
}

/* expect: one finding (rule at location, with part), or its absence */
typedef struct { const char *rule, *loc, *part; int present; } want_finding;

static void check_findings(const char *label, const sg_scan_result *r, const want_finding *w, size_t n)
{
    int ok = 1;

    for (size_t i = 0; i < n; i++) {
        const sg_finding *f = finding(r, w[i].rule, w[i].loc);
        if (w[i].present) {
            TAP_OK(f != NULL, "%s: %s at '%s'", label, w[i].rule, w[i].loc ? w[i].loc : "*");
            if (f && w[i].part)
                TAP_IS_STR(f->part, w[i].part, "%s: %s part", label, w[i].rule);
            ok &= f != NULL;
        } else {
            TAP_OK(f == NULL, "%s: no %s at '%s'", label, w[i].rule, w[i].loc ? w[i].loc : "*");
            ok &= f == NULL;
        }
    }
    if (!ok)
        dump(r);
}

/* ---- body charsets and encodings --------------------------------------- */

#define JPTEXT "ご担当 山田太郎 様 ①番 ㈱サンプル"
#define JPTEXT_JIS "ご担当 山田太郎 様"   /* glibc's ISO-2022-JP lacks ① ㈱ */

static void test_bodies(void)
{
    char *jis_b64 = b64("ISO-2022-JP", "件名 山田太郎");
    size_t n, nj;
    char *sjis = enc("CP932", JPTEXT, &n);
    char *jis = enc("ISO-2022-JP", JPTEXT_JIS, &nj);
    char *q = qp(JPTEXT);
    char *b = g_base64_encode((const guchar *)JPTEXT, strlen(JPTEXT));
    struct { const char *label; char *msg; size_t len; } tab[4];
    GString *m;
    sg_scan_result r;

    /* ISO-2022-JP 7bit body plus CP50221 extension bytes; JIS subject */
    m = g_string_new("");
    g_string_append_printf(m, "From: a@example.co.jp\nSubject: =?ISO-2022-JP?B?%s?=\nMIME-Version: 1.0\n"
                           "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n",
                           jis_b64);
    g_string_append_len(m, jis, (gssize)nj);
    g_string_append(m, " \x1b$B-!HV\x1b(B\n");              /* ①番 */
    tab[0].label = "iso-2022-jp body";
    tab[0].len = m->len;
    tab[0].msg = g_string_free(m, FALSE);
    /* Shift_JIS 8bit */
    m = g_string_new("From: a@example.co.jp\nSubject: sjis\nMIME-Version: 1.0\n"
                     "Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n\n");
    g_string_append_len(m, sjis, (gssize)n);
    g_string_append(m, "\n");
    tab[1].label = "shift_jis 8bit body";
    tab[1].len = m->len;
    tab[1].msg = g_string_free(m, FALSE);
    tab[2].msg = g_strdup_printf("From: a@example.co.jp\nSubject: qp\nMIME-Version: 1.0\n"
                                 "Content-Type: text/plain; charset=utf-8\n"
                                 "Content-Transfer-Encoding: quoted-printable\n\n%s\n", q);
    tab[2].label = "quoted-printable utf-8 body";
    tab[2].len = strlen(tab[2].msg);
    tab[3].msg = g_strdup_printf("From: a@example.co.jp\nSubject: b64\nMIME-Version: 1.0\n"
                                 "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n%s\n", b);
    tab[3].label = "base64 body without charset";
    tab[3].len = strlen(tab[3].msg);

    for (size_t i = 0; i < 4; i++) {
        want_finding w[] = {
            { "probe-jp", "body", "1", 1 },
            { "probe-ext", "body", "1", 1 },
            { "unscannable", NULL, NULL, 0 },
        };
        TAP_IS_INT(scan(sc_default, tab[i].msg, tab[i].len, &r), 0, "%s: scanned", tab[i].label);
        check_findings(tab[i].label, &r, w, 3);
        if (i == 0) {
            TAP_IS_STR(r.subject, "件名 山田太郎", "iso-2022-jp subject decoded");
            TAP_OK(finding(&r, "probe-jp", "subject") != NULL, "iso-2022-jp subject is a unit");
        }
        scan_result_free(&r);
        g_free(tab[i].msg);
    }
    g_free(jis_b64);
    free(sjis);
    free(jis);
    g_free(q);
    g_free(b);
}

/* Subject with CP50221 characters in an ISO-2022-JP encoded-word. */
static void test_subject_ext(void)
{
    const char jis[] = "\x1b$B-!-j\x1b(B";            /* ①㈱ */
    char *b = g_base64_encode((const guchar *)jis, sizeof(jis) - 1);
    char *msg = g_strdup_printf("Subject: =?iso-2022-jp?B?%s?= =?ISO-2022-JP?B?%s?= x\n\nbody\n", b, b);
    sg_scan_result r;

    scan(sc_default, msg, strlen(msg), &r);
    TAP_IS_STR(r.subject, "①㈱①㈱ x", "subject: cp50221 encoded-words, adjacent words joined");
    scan_result_free(&r);
    g_free(msg);
    g_free(b);
}

static void test_decode_words(void)
{
    static const struct { const char *raw, *want; } tab[] = {
        { "=?ISO-2022-JP?B?GyRCLSEbKEI=?=", "①" },
        { "Re: =?ISO-2022-JP?Q?=1B$B-!=1B(B?= end", "Re: ① end" },
        { "=?ISO-2022-JP*ja?B?GyRCLSEbKEI=?=", "①" },
        { "=?UTF-8?B?5bGx?=", NULL },                     /* not JIS: GMime decodes it */
        { "plain", NULL },
        { "=?ISO-2022-JP?B?GyRCLSE", NULL },              /* unterminated: not a word */
        { "=?ISO-2022-JP?X?abc?=", NULL },                /* bad encoding letter */
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        char *s = mime_walk_decode_words(tab[i].raw);
        TAP_IS_STR(s, tab[i].want, "decode_words %zu: %s", i, tab[i].raw);
        free(s);
    }
}

/* ---- structure ---------------------------------------------------------- */

static void test_alternative(void)
{
    const char *msg =
        "From: a@example.co.jp\nSubject: alt\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=outer\n\n"
        "--outer\nContent-Type: multipart/alternative; boundary=alt\n\n"
        "--alt\nContent-Type: text/plain; charset=us-ascii\n\nPROBE-1 plain\n"
        "--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "<html><head><style>p{}</style><script>var x=3D'PROBE-SCRIPT';</script></head>"
        "<body><p>PROBE&amp;ENT &#23665;&#30000;&#22826;&#37070;</p></body></html>\n"
        "--alt--\n"
        "--outer\nContent-Type: text/plain; charset=utf-8\n\nsecond text PROBE-2\n"
        "--outer--\n";
    want_finding w[] = {
        { "probe-mark", "body", "1.1", 1 },
        { "probe-ent", "body", "1.2", 1 },          /* entity decoded in HTML */
        { "probe-jp", "body", "1.2", 1 },           /* numeric references */
        { "probe-script", NULL, NULL, 0 },          /* script dropped */
        { "probe-mark", "body (part 2)", "2", 1 },  /* further text part */
    };
    sg_scan_result r;

    scan(sc_default, msg, strlen(msg), &r);
    check_findings("alternative", &r, w, 5);
    TAP_IS_INT(r.natts, 0, "alternative: no attachments");
    scan_result_free(&r);
}

static void test_nested(void)
{
    const char *msg =
        "From: a@example.co.jp\nSubject: Fwd\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=o\n\n"
        "--o\nContent-Type: text/plain\n\nsee below\n"
        "--o\nContent-Type: message/rfc822\n\n"
        "From: b@example.co.jp\nSubject: inner PROBE-3\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=i\n\n"
        "--i\nContent-Type: text/plain; charset=utf-8\n\n山田太郎\n"
        "--i\nContent-Type: message/rfc822\n\nSubject: deeper\n\nPROBE-4 deep\n"
        "--i\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=inner.bin\n\nxyz\n"
        "--i--\n"
        "--o--\n";
    want_finding w[] = {
        { "probe-mark", "attached message (part 2)", "2", 1 },
        { "probe-jp", "attached message (part 2)", "2.1", 1 },
        { "probe-mark", "attached message (part 2.2)", "2.2.1", 1 },
    };
    sg_scan_result r;
    const sg_attachment *a;

    scan(sc_default, msg, strlen(msg), &r);
    check_findings("nested rfc822", &r, w, 3);
    TAP_IS_STR(r.subject, "Fwd", "nested: res->subject is the outer subject");
    a = att(&r, "inner.bin");
    TAP_OK(a != NULL, "nested: inner attachment found");
    TAP_IS_STR(a ? a->part : NULL, "2.3", "nested: inner attachment part path");
    TAP_IS_STR(a ? a->location : NULL, "attachment inner.bin", "nested: inner attachment location");
    scan_result_free(&r);
}

static void test_filenames(void)
{
    const char *msg =
        "From: a@example.co.jp\nSubject: files\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain\n\nhello\n"
        "--b\nContent-Type: application/octet-stream\n"
        "Content-Disposition: attachment; filename*0*=\"''attached%2E\"; filename*1*=\"%62\"; filename*2=at\n\nxx\n"
        "--b\nContent-Type: application/octet-stream; name=\"=?ISO-2022-JP?B?GyRCO3FOQRsoQi54bHN4?=\"\n"
        "Content-Disposition: attachment; filename=\"=?ISO-2022-JP?B?GyRCO3FOQRsoQi54bHN4?=\"\n\nxx\n"
        "--b\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=UTF-8''%E8%B3%87%E6%96%99.pdf\n\nxx\n"
        "--b\nContent-Type: application/octet-stream\n"
        "Content-Disposition: attachment; filename*0=\"report\"; filename*1=\".exe\"\n\nxx\n"
        "--b\nContent-Type: application/vnd.ms-excel; name=\"\x8e\x91\x97\xbf.xls\"\n\nxx\n"
        "--b\nContent-Type: text/plain; name=notes.txt\n\nPROBE-5 in a named text part\n"
        "--b\nContent-Type: application/octet-stream\n\nnameless\n"
        "--b--\n";
    static const struct { const char *name, *part; } want[] = {
        { "attached.bat", "2" },       /* RFC 2231 continuations, empty charset */
        { "資料.xlsx", "3" },          /* RFC 2047 inside a quoted string */
        { "資料.pdf", "4" },           /* RFC 2231 UTF-8 */
        { "report.exe", "5" },         /* plain continuations */
        { "資料.xls", "6" },           /* raw Shift_JIS bytes in name= */
        { "notes.txt", "7" },          /* text with a name is an attachment */
        { "", "8" },                   /* nameless non-text leaf */
    };
    sg_scan_result r;

    scan(sc_default, msg, strlen(msg), &r);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const sg_attachment *a = att(&r, want[i].name);
        TAP_OK(a != NULL, "filename '%s' decoded", want[i].name);
        TAP_IS_STR(a ? a->part : NULL, want[i].part, "filename '%s': part", want[i].name);
        if (!a)
            dump(&r);
    }
    TAP_OK(finding(&r, "probe-mark", "attachment notes.txt") != NULL,
           "named text part: text scanned, found at the attachment");
    TAP_OK(finding(&r, "probe-mark", "body") == NULL, "named text part is not the body");
    TAP_IS_STR(att(&r, "") ? att(&r, "")->location : NULL, "attachment (part 8)",
               "nameless attachment location");
    scan_result_free(&r);
}

static void test_marks(void)
{
    const char *msg =
        "From: a@example.co.jp\nSubject: marks\nMIME-Version: 1.0\n"
        "Content-Type: multipart/signed; boundary=s; protocol=\"application/pkcs7-signature\"\n\n"
        "--s\nContent-Type: multipart/related; boundary=r\n\n"
        "--r\nContent-Type: text/html\n\n<p>logo <img src=\"cid:logo@example.co.jp\"></p>\n"
        "--r\nContent-Type: image/png\nContent-ID: <logo@example.co.jp>\nContent-Transfer-Encoding: base64\n\n"
        "iVBORw0KGgo=\n"
        "--r\nContent-Type: image/png; name=other.png\nContent-ID: <unused@example.co.jp>\n"
        "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        "--r\nContent-Type: text/calendar; method=REQUEST; name=invite.ics\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"
        "--r--\n"
        "--s\nContent-Type: application/pkcs7-signature; name=smime.p7s\nContent-Transfer-Encoding: base64\n\n"
        "MIAGCSqGSIb3DQEHAqCAMIACAQE=\n"
        "--s--\n";
    sg_scan_result r;
    const sg_attachment *logo, *other, *ics, *sig;

    scan(sc_default, msg, strlen(msg), &r);
    logo = att(&r, "");
    other = att(&r, "other.png");
    ics = att(&r, "invite.ics");
    sig = att(&r, "smime.p7s");
    TAP_OK(logo && logo->inline_image, "cid-referenced image is inline");
    TAP_OK(other && !other->inline_image, "unreferenced image is not inline");
    TAP_OK(ics && ics->calendar, "text/calendar marked calendar");
    TAP_OK(sig && sig->signature, "pkcs7 signature marked signature");
    TAP_OK(sig && !sig->calendar && !sig->inline_image, "signature has no other marks");
    if (!logo || !other || !ics || !sig)
        dump(&r);
    scan_result_free(&r);
}

/* ---- limits and hostile input -------------------------------------------- */

static void test_nesting_bomb(void)
{
    GString *m = g_string_new("From: a@example.co.jp\nSubject: bomb\nMIME-Version: 1.0\n");
    sg_scan_result r;
    int levels = 1000;

    for (int i = 0; i < levels; i++)
        g_string_append_printf(m, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
    g_string_append(m, "Content-Type: text/plain\n\nPROBE-6\n");
    for (int i = levels - 1; i >= 0; i--)
        g_string_append_printf(m, "--b%d--\n", i);
    TAP_IS_INT(scan(sc_default, m->str, m->len, &r), 0, "nesting bomb: scan returns");
    TAP_OK(r.limits & SG_LIMIT_MIME_DEPTH, "nesting bomb: MIME depth limit flagged");
    TAP_OK(finding(&r, "unscannable", NULL) != NULL, "nesting bomb: unscannable finding");
    TAP_OK(finding(&r, "probe-mark", NULL) == NULL, "nesting bomb: innermost part not reached");
    scan_result_free(&r);
    g_string_free(m, TRUE);
}

static void test_part_limits(void)
{
    GString *m = g_string_new("Subject: many\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n");
    sg_scan_result r;

    for (int i = 0; i < 10; i++)
        g_string_append_printf(m, "--b\nContent-Type: text/plain\n\npart %d\n", i);
    g_string_append(m, "--b\nContent-Type: application/octet-stream; name=big.bin\n\n");
    for (int i = 0; i < 40; i++)
        g_string_append(m, "0123456789012345678901234567890123456789012345678901234567890123\n");
    g_string_append(m, "--b--\n");
    scan(sc_tight, m->str, m->len, &r);
    TAP_OK(r.limits & SG_LIMIT_MIME_PARTS, "max_mime_parts=5: part limit flagged");
    TAP_OK(finding(&r, "unscannable", "message") != NULL, "max_mime_parts: unscannable at message");
    scan_result_free(&r);

    g_string_assign(m, "Subject: big\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
                       "--b\nContent-Type: application/octet-stream; name=big.bin\n\n");
    for (int i = 0; i < 40; i++)
        g_string_append(m, "0123456789012345678901234567890123456789012345678901234567890123\n");
    g_string_append(m, "--b--\n");
    scan(sc_tight, m->str, m->len, &r);
    TAP_OK(r.limits & SG_LIMIT_PART_BYTES, "max_part_bytes=1K: part size flagged");
    TAP_OK(finding(&r, "unscannable", "attachment big.bin") != NULL,
           "max_part_bytes: unscannable at the attachment");
    scan_result_free(&r);
    g_string_free(m, TRUE);
}

static void test_oversize(void)
{
    size_t len = 50UL * 1024 * 1024;
    char *big = malloc(len);
    const char hdr[] = "Subject: huge PROBE-8\n\n";
    sg_scan_result r;
    const sg_finding *f;

    memset(big, 'A', len);
    memcpy(big, hdr, sizeof(hdr) - 1);
    for (size_t i = 100; i < len; i += 77)
        big[i] = '\n';
    TAP_IS_INT(scan(sc_tight, big, len, &r), 0, "50 MB message: scan returns");
    f = finding(&r, "oversize", NULL);
    TAP_OK(f != NULL && f->confidence == SG_CONF_HIGH, "50 MB message: oversize finding, high");
    TAP_OK(r.limits & SG_LIMIT_MESSAGE_SIZE, "50 MB message: size limit flagged");
    TAP_IS_INT(r.size, len, "50 MB message: size recorded");
    TAP_OK(finding(&r, "probe-mark", NULL) == NULL, "50 MB message: not parsed");
    scan_result_free(&r);
    free(big);
}

static void test_hostile(void)
{
    static const struct {
        const char *label, *msg;
        const char *rule, *loc;      /* finding that must be there (NULL: none) */
        int nfindings;               /* -1: don't care */
        unsigned limits;             /* limit flags that must be set */
    } tab[] = {
        { "broken base64 attachment",
          "Subject: b\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
          "--b\nContent-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: base64\n\n"
          "QUJD!!!@@@RE*VG\n===\nSGVsbG8\n--b--\n", "unscannable", "attachment x.bin", 1, SG_LIMIT_CORRUPT },
        { "truncated base64 body",
          "Subject: b\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nUFJPQkUtOQ",
          "unscannable", "body", -1, SG_LIMIT_CORRUPT },
        { "invalid utf-8 body",
          "Subject: u\nContent-Type: text/plain; charset=utf-8\n\n\xff\xfe PROBE-10 \xc0\xaf\n",
          "probe-mark", "body", 1, 0 },
        { "empty message", "", NULL, NULL, 0, 0 },
        { "header-only message", "Subject: only PROBE-11", "probe-mark", "subject", 1, 0 },
        { "headers and blank line", "Subject: x\n\n", NULL, NULL, 0, 0 },
        { "no headers, just text", "just some text PROBE-12\n", NULL, NULL, -1, 0 },
        { "message/partial",
          "Subject: p\nMIME-Version: 1.0\nContent-Type: message/partial; id=\"x@y\"; number=1; total=2\n\nabc\n",
          "unscannable", "message/partial", 1, SG_LIMIT_UNSUPPORTED },
        { "multipart without boundary",
          "Subject: p\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\n\nPROBE-13\n--x--\n",
          NULL, NULL, -1, 0 },
        { "unterminated multipart",
          "Subject: p\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n--z\n"
          "Content-Type: text/plain\n\nPROBE-14", "probe-mark", "body", -1, 0 },
        { "mbox From_ line", "From a@example.co.jp Mon Jan  1 00:00:00 2024\nSubject: PROBE-15\n\nx\n",
          "probe-mark", "subject", 1, 0 },
        { "crlf line ends",
          "Subject: c\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPROBE-16\r\n",
          "probe-mark", "body", 1, 0 },
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        sg_scan_result r;
        int rc = scan(sc_default, tab[i].msg, strlen(tab[i].msg), &r);

        TAP_IS_INT(rc, 0, "%s: scan returns 0", tab[i].label);
        if (tab[i].rule)
            TAP_OK(finding(&r, tab[i].rule, tab[i].loc) != NULL, "%s: %s at %s", tab[i].label,
                   tab[i].rule, tab[i].loc);
        if (tab[i].nfindings >= 0)
            TAP_IS_INT(r.nfindings, tab[i].nfindings, "%s: findings", tab[i].label);
        if (tab[i].limits)
            TAP_OK((r.limits & tab[i].limits) == tab[i].limits, "%s: limit flags", tab[i].label);
        if (tab[i].nfindings >= 0 && (int)r.nfindings != tab[i].nfindings)
            dump(&r);
        scan_result_free(&r);
    }
}

/* Base64 bodies: the encoded text is checked in one pass; broken base64 is
 * unscannable, and what GMime decodes of it is still scanned. */
static void base64_case(const char *label, const char *encoded, const char *reason, const char *probe)
{
    char *msg = g_strdup_printf("From: a@example.co.jp\r\nSubject: b64\r\nMIME-Version: 1.0\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: base64\r\n\r\n%s", encoded);
    sg_scan_result r;
    const sg_finding *f;
    size_t nunscannable = 0;
    int ok = 1;

    TAP_IS_INT(scan(sc_default, msg, strlen(msg), &r), 0, "base64 %s: scan returns 0", label);
    f = finding(&r, "unscannable", "body");
    for (size_t i = 0; i < r.nfindings; i++)
        nunscannable += strcmp(r.findings[i].rule, "unscannable") == 0;
    if (reason) {
        ok &= TAP_OK(f != NULL && strstr(f->evidence, reason) != NULL, "base64 %s: unscannable at body (%s)",
                     label, reason);
        ok &= TAP_OK(nunscannable == 1, "base64 %s: one unscannable finding (got %zu)", label, nunscannable);
        ok &= TAP_OK(r.limits & SG_LIMIT_CORRUPT, "base64 %s: corrupt flag", label);
    } else {
        ok &= TAP_OK(nunscannable == 0 && !(r.limits & SG_LIMIT_CORRUPT), "base64 %s: no unscannable", label);
    }
    if (probe)
        ok &= TAP_OK(finding(&r, "probe-mark", "body") != NULL, "base64 %s: decoded text scanned", label);
    if (!ok)
        dump(&r);
    scan_result_free(&r);
    g_free(msg);
}

/* text base64-encoded and split into lines of the given lengths (cycled),
 * each ended by eol; no eol after the last line when last_eol is 0 */
static char *b64_lines(const char *text, const size_t *lens, size_t nlens, const char *eol, int last_eol)
{
    char *b = g_base64_encode((const guchar *)text, strlen(text));
    GString *s = g_string_new("");
    size_t n = strlen(b);

    for (size_t i = 0, k = 0; i < n; k++) {
        size_t l = lens[k % nlens] < n - i ? lens[k % nlens] : n - i;
        g_string_append_len(s, b + i, (gssize)l);
        i += l;
        if (i < n || last_eol)
            g_string_append(s, eol);
    }
    g_free(b);
    return g_string_free(s, FALSE);
}

static void test_base64(void)
{
    static const char long_text[] =
        "PROBE-25 ご担当者様 本日の資料をお送りします。ご確認のほどよろしくお願いいたします。"
        "ご担当者様 本日の資料をお送りします。ご確認のほどよろしくお願いいたします。"
        "ご担当者様 本日の資料をお送りします。ご確認のほどよろしくお願いいたします。\n";
    static const size_t l76[] = { 76 }, odd[] = { 13, 7, 50, 1, 33 };
    static const struct { const char *label, *encoded, *reason, *probe; } tab[] = {
        { "bad character", "UFJPQkUtMjAg*dGV4dA==\r\n", "outside the base64 alphabet", "yes" },
        { "control byte", "UFJPQkUtMjAg\x01" "dGV4dA==\r\n", "outside the base64 alphabet", "yes" },
        { "truncated quantum", "UFJPQkUtMjEgdGV4d\r\n", "truncated quantum (17 characters", "yes" },
        { "truncated without padding", "UFJPQkUtMjEgdGV4dA\r\n", "truncated quantum (18 characters", "yes" },
        { "padding in the middle", "UFJPQkUtMjIg\r\neA==\r\nUFJPQkUtMjIg\r\n", "padding before the end", "yes" },
        { "too much padding", "UFJPQkUtMjMg===\r\n", "wrong '=' padding", "yes" },
        { "padding after a full quantum", "UFJPQkUtMjMg=\r\n", "wrong '=' padding", "yes" },
        { "padded, blanks at line ends", "UFJPQkUtMjAg \t\r\ndGV4dA== \r\n", NULL, "yes" },
        { "valid without padding", "UFJPQkUtMjQgZW5k\r\n", NULL, "yes" },
        { "empty", "", NULL, NULL },
        { "8-bit text declared base64", "PROBE-26 本文です\r\n", "declared base64 but the content is not",
          "yes" },
    };
    char *crlf76 = b64_lines(long_text, l76, 1, "\r\n", 1);
    char *lf_odd = b64_lines(long_text, odd, 5, "\n", 1);
    char *no_eol = b64_lines(long_text, l76, 1, "\r\n", 0);

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        base64_case(tab[i].label, tab[i].encoded, tab[i].reason, tab[i].probe);
    base64_case("valid, CRLF, 76-character lines", crlf76, NULL, "yes");
    base64_case("valid, LF, lines of odd lengths", lf_odd, NULL, "yes");
    base64_case("valid, no newline after the last line", no_eol, NULL, "yes");
    g_free(crlf76);
    g_free(lf_odd);
    g_free(no_eol);
}

static void test_file_and_looks(void)
{
    static const struct { const char *data; int want; } looks[] = {
        { "From: a@example.co.jp\nTo: b@example.co.jp\nSubject: x\n\nbody\n", 1 },
        { "Received: from x\n\tby y\nSubject: x\n\n", 1 },
        { "From a@b Mon Jan 1\nFrom: a@example.co.jp\nDate: x\n\n", 1 },
        { "Subject: only one\r\n\r\nbody", 1 },
        { "name,phone\n山田,03-0000-0000\n", 0 },
        { "PK\x03\x04", 0 },
        { "Hello: world\nthis is text\n", 0 },
        { "", 0 },
    };
    sg_scan_result r;

    for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
        TAP_IS_INT(scanner_looks_like_message(looks[i].data, strlen(looks[i].data)), looks[i].want,
                   "looks_like_message %zu", i);
    TAP_IS_INT(scanner_scan_file(sc_default, "memo.txt", "PROBE-17 memo\n", 14, &r), 0,
               "scan_file returns 0");
    TAP_IS_INT(r.natts, 1, "scan_file: one attachment fact");
    TAP_IS_STR(r.natts ? r.atts[0].name : NULL, "memo.txt", "scan_file: name");
    TAP_IS_STR(r.natts ? r.atts[0].part : NULL, "", "scan_file: part is empty");
    TAP_OK(!r.is_message && r.subject == NULL, "scan_file: not a message");
    scan_result_free(&r);
    scan_result_free(&r);
    TAP_OK(r.nfindings == 0 && r.natts == 0, "scan_result_free twice is safe");
    {
        /* an allocation that fails anywhere in a scan fails the scan (-1):
         * never a result with a finding or a fact silently missing */
        static const char memo[] = "PROBE-17 memo\n";
        unsigned long before = sg_alloc_count(), total, n, bad = 0;

        TAP_IS_INT(scanner_scan_file(sc_default, "memo.txt", memo, 14, &r), 0, "scan_file again");
        total = sg_alloc_count() - before;
        size_t nf = r.nfindings, na = r.natts;
        scan_result_free(&r);
        for (n = 1; n <= total; n++) {
            sg_alloc_fail_at(n);
            int rc = scanner_scan_file(sc_default, "memo.txt", memo, 14, &r);
            sg_alloc_fail_at(0);
            if (rc == 0 && (r.nfindings != nf || r.natts != na))
                bad++;
            scan_result_free(&r);
        }
        TAP_OK(total > 0 && bad == 0, "scan_file: each of %lu failed allocations gives -1 or the "
               "same result (%lu differ)", total, bad);
    }
    TAP_IS_STR(sg_confidence_name(SG_CONF_MEDIUM), "medium", "confidence name");
    TAP_IS_STR(sg_encrypted_name(SG_ENC_PARTIAL), "partial", "encrypted name");
}

int main(void)
{
    char path[64];
    FILE *fp;

    if (!mkdtemp(rules_dir))
        return 2;
    snprintf(path, sizeof(path), "%s/probe.rules", rules_dir);
    if (!(fp = fopen(path, "w")))
        return 2;
    fputs(PROBES, fp);
    fclose(fp);
    sc_default = make_scanner("scan_timeout = 120s\n");
    sc_tight = make_scanner("max_mime_parts = 5\nmax_part_bytes = 1024\nmax_message_size = 1M\n");

    test_bodies();
    test_subject_ext();
    test_decode_words();
    test_alternative();
    test_nested();
    test_filenames();
    test_marks();
    test_nesting_bomb();
    test_part_limits();
    test_oversize();
    test_hostile();
    test_base64();
    test_file_and_looks();

    scanner_free(sc_default);
    scanner_free(sc_tight);
    unlink(path);
    rmdir(rules_dir);
    return tap_done();
}
