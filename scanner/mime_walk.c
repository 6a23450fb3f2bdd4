/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mime_walk - a raw RFC 5322 message through GMime 3 into text units and
 * attachment facts (declared in scan_ctx.h: mime_walk_message()).
 *
 * Parsing: GMime only (never by hand), from memory, with loose RFC 2047,
 * parameter and address modes (encoded-words inside quoted strings, as
 * Japanese clients send them) and fallback charsets UTF-8, EUC-JP, CP932 for
 * raw 8-bit header text. A leading mbox "From " line is skipped. GMime's
 * critical parser warnings (conflicting headers or parameters, multipart
 * without boundary, part without headers or content, nesting overflow,
 * invalid header name) become `unscannable` (SG_LIMIT_CORRUPT, or
 * SG_LIMIT_MIME_DEPTH for nesting), because other software may read those
 * parts differently; plain warnings are ignored.
 *
 * Part paths (IMAP style): the children of the top multipart are "1", "2",
 * ...; their children "1.1", "1.2"; a single-part message body is "1"; the
 * body of a message/rfc822 part at "2" is "2.1" (or "2.1", "2.2"... when it
 * is a multipart).
 *
 * Units and locations:
 *   Subject                      SG_UNIT_SUBJECT  "subject", part ""
 *                                (also res->subject, decoded UTF-8)
 *   first text body, and every   SG_UNIT_BODY     "body"
 *     alternative of its multipart/alternative
 *   further text/plain|html      SG_UNIT_BODY     "body (part 1.2)"
 *   forwarded message/rfc822 at  SUBJECT + BODY   "attached message (part 2)"
 *     part 2 (recursively)                        (its subject and bodies)
 *   attachment (Content-Disposition attachment, a file name, or any leaf that
 *     is not text/plain or text/html): file_inspect(ctx, NAME,
 *     "attachment NAME" or "attachment (part P)" when nameless, P, bytes, 0)
 * HTML bodies are reduced to text (html_text.c); text is converted to UTF-8
 * by text_decode() (declared charset checked, detected when wrong/missing).
 * Attachment facts get inline_image (Content-ID referenced by cid: from an
 * HTML body), signature (.p7s/.asc/.sig, pkcs7-/pgp-signature, and an
 * opaque S/MIME signed-data wrapper whose content is walked as a message) and
 * calendar (text/calendar, application/ics, .ics).
 *
 * Limits (each hit is a named flag and an `unscannable` finding):
 * max_mime_depth (multipart and message/rfc822 nesting), max_mime_parts
 * (parts visited), max_part_bytes (one decoded part: skipped),
 * max_decoded_bytes (scan_account), scan_timeout (checked per part),
 * message/partial (SG_LIMIT_UNSUPPORTED), a decoder error (SG_LIMIT_CORRUPT).
 * Before parsing, the message is cut after 2 * max_mime_parts + 100 lines
 * that begin with "--" (SG_LIMIT_MIME_PARTS): GMime would otherwise build a
 * tree of every part (300,000 empty parts in 3 MB took 1.5 GB) first.
 * Base64 (b64_check, one pass over the ENCODED content in
 * MIME_WALK_B64_CHUNK pieces, nothing kept): content that holds 8-bit
 * bytes, or blanks inside more than MIME_WALK_B64_BLANK_PCT percent of its
 * lines, is text: read as it is, and unscannable ("declared base64 but the
 * content is not"). Otherwise broken base64 - a character outside the
 * alphabet other than CR, LF, space, tab; '=' padding before the end; a
 * last quantum cut off (characters not a multiple of 4) or wrongly padded -
 * is unscannable ("broken base64: ...") and still decoded as far as GMime
 * can, and that is scanned. Both are SG_LIMIT_CORRUPT: readers differ on
 * such parts. Lines of any length are fine. Broken quoted-printable is
 * decoded as far as GMime can; that alone is no error. A text/plain or
 * text/html body whose bytes are not text (a zip labelled text/plain) is
 * inspected as the attachment "attachment (part P)" by its true type.
 * Files uuencoded in a text body ("begin 644 NAME" .. "end", GMime's
 * uudecoder, at most MIME_WALK_MAX_UU per body) are inspected as
 * "attachment NAME" too.
 * File names: GMime decodes RFC 2047 (also inside quoted strings, loose
 * mode) and RFC 2231 including continuations with an empty charset
 * (filename*0*="''attached%2E"; filename*1*="%62"; filename*2=at is
 * attached.bat; t-mime checks it). Subject: an ISO-2022-JP encoded-word is
 * decoded by mime_walk_decode_words() (CP50221 extensions, which GMime with
 * glibc iconv loses); raw 8-bit Subject bytes go to text_decode() detection.
 *
 * Owns: the GMime objects of one call (freed before return). Returns 0, or
 * -1 when out of memory.
 */
#define _GNU_SOURCE 1
#include "scanner_priv.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file_type.h"
#include "html_text.h"
#include "mime_walk.h"
#include "sg_buf.h"

typedef struct cid_ref {
    int att;            /* attachment index */
    char *cid;          /* its Content-ID */
} cid_ref;

typedef struct walk {
    scan_ctx *ctx;
    int body_seen;      /* the top-level "body" location is taken */
    int stop;           /* part limit or time out: walk no further */
    int nomem;
    unsigned warned;    /* bit per GMime critical warning seen */
    int cut;            /* only a prefix was parsed (delimiter_cut) */
    SG_VEC(char *) html_cids;   /* cid: references found in HTML */
    SG_VEC(cid_ref) att_cids;   /* attachments with a Content-ID */
} walk;

static void walk_object(walk *w, GMimeObject *obj, const char *path, unsigned depth,
                        const char *msgloc, const char *altloc);

/* ---- GMime set-up ----------------------------------------------------- */

static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer arg)
{
    walk *w = arg;

    (void)offset;
    (void)item;
    switch (code) {
    case GMIME_CRIT_INVALID_HEADER_NAME:
    case GMIME_CRIT_CONFLICTING_HEADER:
    case GMIME_CRIT_CONFLICTING_PARAMETER:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_CRIT_NESTING_OVERFLOW:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        if ((unsigned)code < 32)
            w->warned |= 1u << code;
        break;
    default:
        break;
    }
}

static void report_warnings(walk *w)
{
    static const struct { GMimeParserWarning code; unsigned flag; const char *why; } tab[] = {
        { GMIME_CRIT_NESTING_OVERFLOW, SG_LIMIT_MIME_DEPTH, "MIME nesting beyond the parser's limit" },
        { GMIME_CRIT_INVALID_HEADER_NAME, SG_LIMIT_CORRUPT, "MIME structure: invalid header name" },
        { GMIME_CRIT_CONFLICTING_HEADER, SG_LIMIT_CORRUPT, "MIME structure: conflicting headers" },
        { GMIME_CRIT_CONFLICTING_PARAMETER, SG_LIMIT_CORRUPT, "MIME structure: conflicting header parameters" },
        { GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, SG_LIMIT_CORRUPT, "MIME structure: multipart without boundary" },
        { GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT, SG_LIMIT_CORRUPT, "MIME structure: part without headers or content" },
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (w->warned & (1u << tab[i].code))
            scan_limit(w->ctx, tab[i].flag, "message", "", tab[i].why);
}

static GMimeParserOptions *walk_options(walk *w)
{
    static const char *fallback[] = { "UTF-8", "EUC-JP", "CP932", NULL };
    GMimeParserOptions *o = g_mime_parser_options_new();

    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_warning_callback(o, on_warning, w);
    return o;
}

/* ---- helpers ---------------------------------------------------------- */

static char *child_path(const char *prefix, unsigned i)
{
    return prefix && *prefix ? sg_asprintf("%s.%u", prefix, i) : sg_asprintf("%u", i);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int is_type(GMimeObject *obj, const char *type, const char *sub)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);

    return ct && g_mime_content_type_is_type(ct, type, sub);
}

static void unit(walk *w, sg_unit_kind kind, const char *text, size_t len, const char *loc,
                 const char *path)
{
    sg_text_unit u;

    u.kind = kind;
    u.text = text;
    u.len = len;
    u.location = loc;
    u.part = path;
    u.att_index = -1;
    scan_unit(w->ctx, &u);
}

/* ---- base64 transfer encoding check ----------------------------------- */

typedef enum { B64_OK, B64_BROKEN, B64_NOT } b64_verdict;

/* State of the single pass over the encoded content of a part declared
 * base64 (b64_check). */
typedef struct b64_scan {
    unsigned long long chars;   /* characters of the base64 alphabet */
    unsigned long long pads;    /* '=' seen since the last alphabet character */
    int bad_char;               /* a character outside alphabet, '=' and blanks */
    int mid_pad;                /* an alphabet character after '=' */
    int eight_bit;              /* a byte >= 0x80: stop, the content is text */
    size_t lines, blank_lines;  /* non-empty lines, those with inner blanks */
    int seen, gap, inner;       /* per line: non-blank seen, blank after it, inner blank */
} b64_scan;

static int b64_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

static void b64_step(b64_scan *s, unsigned char c)
{
    if (c >= 0x80) {
        s->eight_bit = 1;
    } else if (c == '\n') {
        s->lines += (size_t)s->seen;
        s->blank_lines += (size_t)s->inner;
        s->seen = s->gap = s->inner = 0;
    } else if (c == ' ' || c == '\t') {
        s->gap = s->seen;
    } else if (c != '\r') {
        s->inner |= s->gap;
        s->seen = 1;
        if (b64_alpha(c)) {
            s->mid_pad |= s->pads > 0;
            s->chars++;
        } else if (c == '=') {
            s->pads++;
        } else {
            s->bad_char = 1;
        }
    }
}

/* Verdict on a finished pass; for B64_BROKEN the reason is written. */
static b64_verdict b64_verdict_of(b64_scan *s, char *reason, size_t rlen)
{
    unsigned long long rem;

    b64_step(s, '\n');                          /* last line without '\n' */
    rem = s->chars % 4;
    if (s->eight_bit || s->blank_lines * 100 > s->lines * MIME_WALK_B64_BLANK_PCT)
        return B64_NOT;
    if (s->bad_char)
        snprintf(reason, rlen, "broken base64: a character outside the base64 alphabet");
    else if (s->mid_pad)
        snprintf(reason, rlen, "broken base64: '=' padding before the end of the data");
    else if (s->pads == 0 && rem != 0)
        snprintf(reason, rlen, "broken base64: truncated quantum (%llu characters, not a multiple of 4)",
                 s->chars);
    else if (s->pads != 0 && !(rem == 2 && s->pads == 2) && !(rem == 3 && s->pads == 1))
        snprintf(reason, rlen, "broken base64: wrong '=' padding of the last quantum");
    else
        return B64_OK;
    return B64_BROKEN;
}

/* One bounded pass over the ENCODED content of a part declared base64
 * (read in MIME_WALK_B64_CHUNK pieces, nothing kept):
 *   B64_NOT     8-bit bytes, or blanks inside more than MIME_WALK_B64_BLANK_PCT
 *               percent of the lines (base64 lines never have any): text;
 *   B64_BROKEN  a character outside the alphabet other than CR, LF, space,
 *               tab; '=' before the end; or a last quantum that is cut off
 *               or wrongly padded (reason written);
 *   B64_OK      otherwise (lines of any length), and for other encodings. */
static b64_verdict b64_check(GMimeDataWrapper *dw, char *reason, size_t rlen)
{
    GMimeStream *raw = g_mime_data_wrapper_get_stream(dw);
    unsigned char chunk[MIME_WALK_B64_CHUNK];
    b64_scan s;
    ssize_t n;

    if (!raw || g_mime_data_wrapper_get_encoding(dw) != GMIME_CONTENT_ENCODING_BASE64)
        return B64_OK;
    memset(&s, 0, sizeof(s));
    g_mime_stream_reset(raw);
    while (!s.eight_bit && (n = g_mime_stream_read(raw, (char *)chunk, sizeof(chunk))) > 0)
        for (ssize_t i = 0; i < n && !s.eight_bit; i++)
            b64_step(&s, chunk[i]);
    g_mime_stream_reset(raw);
    return b64_verdict_of(&s, reason, rlen);
}

/* Decoded content of a leaf (transfer encoding undone; content declared
 * base64 that is not is taken as it is, and unscannable; broken base64 is
 * unscannable and decoded as far as GMime can). NULL: no content or a
 * limit/decoder problem (already recorded). */
static GByteArray *leaf_bytes(walk *w, GMimePart *part, const char *loc, const char *path,
                              GMimeStream **keep)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    GMimeStream *st;
    GByteArray *ba;
    char reason[SCAN_MAX_LIMIT_REASON];
    b64_verdict verdict;
    int raw;

    *keep = NULL;
    if (!dw)
        return NULL;
    st = g_mime_stream_mem_new();
    verdict = b64_check(dw, reason, sizeof(reason));
    if ((raw = verdict == B64_NOT) != 0)
        scan_limit(w->ctx, SG_LIMIT_CORRUPT, loc, path,
                   "declared base64 but the content is not: read as 8bit");
    else if (verdict == B64_BROKEN)
        scan_limit(w->ctx, SG_LIMIT_CORRUPT, loc, path, reason);
    if (raw ? g_mime_stream_write_to_stream(g_mime_data_wrapper_get_stream(dw), st) < 0
            : g_mime_data_wrapper_write_to_stream(dw, st) < 0) {
        g_object_unref(st);
        scan_limit(w->ctx, SG_LIMIT_CORRUPT, loc, path, "content could not be decoded");
        return NULL;
    }
    ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
    if (ba->len > w->ctx->lim.max_part_bytes) {
        snprintf(reason, sizeof(reason), "decoded part of %u bytes, larger than max_part_bytes (%llu)",
                 ba->len, w->ctx->lim.max_part_bytes);
        scan_limit(w->ctx, SG_LIMIT_PART_BYTES, loc, path, reason);
        g_object_unref(st);
        return NULL;
    }
    if (scan_account(w->ctx, ba->len, loc, path) < 0) {
        g_object_unref(st);
        return NULL;
    }
    *keep = st;
    return ba;
}

/* ---- RFC 2047 words in the ISO-2022-JP family ------------------------ */

static int jis_family(const char *cs, size_t n)
{
    static const char *const names[] = { "iso-2022-jp", "cp5022" };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (n >= strlen(names[i]) && strncasecmp(cs, names[i], strlen(names[i])) == 0)
            return 1;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes one payload (B or Q) into out; returns bytes written. */
static size_t word_payload(int enc, const char *p, size_t n, unsigned char *out)
{
    size_t o = 0;

    if (enc == 'b' || enc == 'B') {
        int state = 0;
        guint32 save = 0;
        return g_mime_encoding_base64_decode_step((const unsigned char *)p, n, out, &state, &save);
    }
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (p[i] == '_')
            out[o++] = ' ';
        else if (p[i] == '=' && i + 2 < n && (hi = hexval(p[i + 1])) >= 0 &&
                 (lo = hexval(p[i + 2])) >= 0) {
            out[o++] = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else
            out[o++] = (unsigned char)p[i];
    }
    return o;
}

/* Appends raw header text (ASCII, or 8-bit in some charset) as UTF-8. */
static void append_text(sg_buf *out, const char *p, size_t n)
{
    size_t dn;
    char *s;

    if (!n)
        return;
    if ((s = text_decode(p, n, NULL, &dn, NULL)) != NULL)
        sg_buf_append(out, s, dn);
    free(s);
}

/* Finds the next encoded-word at or after p: =?charset?E?payload?= */
static const char *next_word(const char *p, const char **cs, size_t *csn, int *enc,
                             const char **pl, size_t *pln, const char **end)
{
    for (const char *w = strstr(p, "=?"); w; w = strstr(w + 2, "=?")) {
        const char *q1 = strchr(w + 2, '?'), *q3;
        if (!q1 || !q1[1] || q1[2] != '?' || !strchr("bBqQ", q1[1]))
            continue;
        if (!(q3 = strstr(q1 + 3, "?=")))
            return NULL;
        *cs = w + 2;
        *csn = (size_t)(q1 - (w + 2));
        *enc = q1[1];
        *pl = q1 + 3;
        *pln = (size_t)(q3 - (q1 + 3));
        *end = q3 + 2;
        return w;
    }
    return NULL;
}

char *mime_walk_decode_words(const char *raw)
{
    const char *p = raw, *w, *cs, *pl, *end;
    size_t csn, pln;
    int enc, any = 0, prev_word = 0;
    sg_buf out;
    char *s, *charset = NULL;

    if (strlen(raw) > MIME_WALK_MAX_WORDS_INPUT)
        return NULL;
    for (w = raw; (w = next_word(w, &cs, &csn, &enc, &pl, &pln, &end)) != NULL; w = end)
        any |= jis_family(cs, csn);
    if (!any)
        return NULL;
    sg_buf_init(&out, MIME_WALK_MAX_WORDS_INPUT * 4);
    while ((w = next_word(p, &cs, &csn, &enc, &pl, &pln, &end)) != NULL) {
        const char *t = p;
        unsigned char *dec = sg_malloc(pln + 4);
        size_t n, dn;
        while (t < w && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
            t++;
        if (!(prev_word && t == w))            /* keep text between words */
            append_text(&out, p, (size_t)(w - p));
        if (!dec)
            break;
        n = word_payload(enc, pl, pln, dec);
        free(charset);
        if (!(charset = sg_strndup(cs, csn))) {
            free(dec);
            break;
        }
        if ((s = strchr(charset, '*')))
            *s = '\0';                         /* RFC 2231 language suffix */
        s = text_decode((const char *)dec, n, charset, &dn, NULL);
        free(dec);
        if (s)
            sg_buf_append(&out, s, dn);
        free(s);
        prev_word = 1;
        p = end;
    }
    append_text(&out, p, strlen(p));
    free(charset);
    {
        int cut = 0;   /* a decoded header longer than the input cap is cut */
        return sg_buf_steal_prefix(&out, NULL, &cut);
    }
}

/* ---- subject ---------------------------------------------------------- */

/* Raw 8-bit Subject bytes are decoded by our detector (label-less); an
 * RFC 2047 one by GMime. Returns malloc'd UTF-8 or NULL. */
static char *subject_of(GMimeMessage *msg)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
    GMimeHeader *h = hl ? g_mime_header_list_get_header(hl, "Subject") : NULL;
    const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
    const char *dec = g_mime_message_get_subject(msg);
    size_t n;
    char *s, *p;

    if (!h)
        return NULL;
    if (raw && (s = mime_walk_decode_words(raw)) != NULL)
        goto unfold;
    if (raw && !strstr(raw, "=?"))
        for (p = (char *)raw; *p; p++)
            if ((unsigned char)*p >= 0x80)
                break;
    if (raw && !strstr(raw, "=?") && *p) {
        s = text_decode(raw, strlen(raw), NULL, &n, NULL);
    } else {
        s = sg_strdup(dec ? dec : "");
    }
unfold:
    if (!s)
        return NULL;
    for (p = s; *p; p++)        /* unfold */
        if (*p == '\r' || *p == '\n' || *p == '\t')
            *p = ' ';
    for (p = s; *p == ' '; p++)
        ;
    memmove(s, p, strlen(p) + 1);
    for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
        s[n - 1] = '\0';
    return s;
}

static void walk_subject(walk *w, GMimeMessage *msg, const char *loc, const char *path)
{
    char *s = subject_of(msg);

    if (!s)
        return;
    unit(w, SG_UNIT_SUBJECT, s, strlen(s), loc, path);
    if (!w->ctx->res->subject && strcmp(loc, "subject") == 0)
        w->ctx->res->subject = s;
    else
        free(s);
}

/* ---- bodies ----------------------------------------------------------- */

static void cid_seen(void *arg, const char *cid)
{
    walk *w = arg;

    char *u, **slot;

    if (w->html_cids.n >= MIME_WALK_MAX_CIDS)
        return;
    u = g_uri_unescape_string(cid, NULL);
    if (!(slot = SG_VEC_PUSH(&w->html_cids)) || !(*slot = sg_strdup(u ? u : cid))) {
        if (slot)
            w->html_cids.n--;
        w->nomem = 1;
    }
    g_free(u);
}

/* Files uuencoded inside a text body ("begin 644 NAME" ... "end") are
 * decoded with GMime and inspected as attachments "attachment NAME";
 * at most MIME_WALK_MAX_UU of them per body. */
static void walk_uuencoded(walk *w, const unsigned char *d, size_t len, const char *path)
{
    const unsigned char *p = d, *end = d + len, *b, *nl;
    unsigned blocks = 0;

    while (blocks < MIME_WALK_MAX_UU && p < end &&
           (b = memmem(p, (size_t)(end - p), "begin ", 6)) != NULL) {
        const unsigned char *q = b + 6, *name;
        size_t nn, outn;
        unsigned char *out;
        char *nm, *loc;
        int state = GMIME_UUDECODE_STATE_BEGIN;
        guint32 save = 0;

        p = b + 6;
        if (b > d && b[-1] != '\n')
            continue;
        while (q < end && *q >= '0' && *q <= '7')
            q++;
        if (q - (b + 6) < 3 || q - (b + 6) > 4 || q >= end || *q != ' ' ||
            !(nl = memchr(q, '\n', (size_t)(end - q))))
            continue;
        name = q + 1;
        nn = (size_t)(nl - name);
        while (nn > 0 && (name[nn - 1] == '\r' || name[nn - 1] == ' '))
            nn--;
        if (nn == 0 || nn > MIME_WALK_MAX_NAME || !(out = sg_malloc((size_t)(end - nl)))) {
            continue;
        }
        blocks++;
        outn = g_mime_encoding_uudecode_step(nl + 1, (size_t)(end - nl - 1), out, &state, &save);
        nm = sg_strndup((const char *)name, nn);
        loc = nm ? sg_asprintf("attachment %s", nm) : NULL;
        if (!loc)
            w->nomem = 1;
        else if (scan_account(w->ctx, outn, loc, path) == 0)
            (void)file_inspect(w->ctx, nm, loc, path, out, outn, 0);
        free(loc);
        free(nm);
        free(out);
        p = nl + 1;
    }
}

/* A "text" body whose content is not text (a zip sent as text/plain) is
 * inspected as a nameless attachment, by its true type. */
static void body_as_file(walk *w, GByteArray *ba, const char *path)
{
    char *loc = sg_asprintf("attachment (part %s)", path);

    if (!loc)
        w->nomem = 1;
    else
        (void)file_inspect(w->ctx, "", loc, path, ba->data, ba->len, 0);
    free(loc);
}

/* libxml2 stopped early (nesting) or a comment is never closed: the text
 * it gave plus the whole markup stripped without a parser, so what follows
 * is read. Takes plain; returns the joined text (plain when out of memory
 * for the strip: then nothing more can be done than what was read). */
static char *html_fallback(char *plain, size_t *pn, const char *html, size_t hn, int *hflags)
{
    size_t sn = 0;
    int trunc = 0;
    char *strip = html_text_strip(html, hn, TEXT_DECODE_MAX_OUT, &sn, &trunc);
    char *both;

    if (!strip)
        return plain;
    if (trunc)
        *hflags |= HTML_TEXT_TRUNCATED;
    if (!(both = sg_malloc(*pn + sn + 2))) {
        free(strip);
        return plain;
    }
    memcpy(both, plain, *pn);
    both[*pn] = '\n';
    memcpy(both + *pn + 1, strip, sn);
    both[*pn + 1 + sn] = '\0';
    *pn += sn + 1;
    free(plain);
    free(strip);
    return both;
}

static void walk_body(walk *w, GMimePart *part, const char *path, const char *loc)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    GMimeStream *keep;
    GByteArray *ba = leaf_bytes(w, part, loc, path, &keep);
    const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
    char *text, *plain;
    size_t n, pn;
    int hflags = 0;

    if (!ba)
        return;
    if (ba->len > 0 && !file_type_looks_text(ba->data, ba->len)) {
        if (!file_type_nul_padded_text(ba->data, ba->len)) {
            body_as_file(w, ba, path);
            g_object_unref(keep);
            return;
        }
        /* text with many NUL bytes (not UTF-16): read without them */
        guint k = 0;
        for (guint i = 0; i < ba->len; i++)
            if (ba->data[i])
                ba->data[k++] = ba->data[i];
        g_byte_array_set_size(ba, k);
    }
    if (ba->len >= 6 && memmem(ba->data, ba->len, "begin ", 6))
        walk_uuencoded(w, ba->data, ba->len, path);
    text = text_decode((const char *)ba->data, ba->len, cs, &n, NULL);
    g_object_unref(keep);
    if (!text) {
        w->nomem = 1;
        return;
    }
    if (is_type(obj, "text", "html")) {
        plain = html_text(text, n, TEXT_DECODE_MAX_OUT, &pn, &hflags, cid_seen, w);
        if (plain && (hflags & (HTML_TEXT_STOPPED | HTML_TEXT_OPEN_COMMENT)))
            plain = html_fallback(plain, &pn, text, n, &hflags);
        if (plain) {
            free(text);
            text = plain;
            n = pn;
        }
        if (hflags & HTML_TEXT_TRUNCATED)
            scan_limit(w->ctx, SG_LIMIT_PART_BYTES, loc, path,
                       "HTML text longer than the scanner's text cap: the rest was not scanned");
    }
    unit(w, SG_UNIT_BODY, text, n, loc, path);
    free(text);
}

/* Location of a text body: "body" for the first one of the top message,
 * the attached message's location inside one, else "body (part P)". */
static char *body_location(walk *w, const char *path, const char *msgloc)
{
    char *loc = msgloc ? sg_strdup(msgloc) : !w->body_seen ? sg_strdup("body")
                                                           : sg_asprintf("body (part %s)", path);
    if (!loc)
        w->nomem = 1;
    return loc;
}

/* ---- attachments ------------------------------------------------------ */

static const char *part_name(GMimeObject *obj)
{
    const char *name = GMIME_IS_PART(obj) ? g_mime_part_get_filename(GMIME_PART(obj)) : NULL;

    if (!name)
        name = g_mime_object_get_content_disposition_parameter(obj, "filename");
    if (!name)
        name = g_mime_object_get_content_type_parameter(obj, "name");
    return name;
}

static void mark_attachment(walk *w, GMimeObject *obj, const char *name, int idx)
{
    sg_attachment *a = &w->ctx->res->atts[idx];
    const char *cid = g_mime_object_get_content_id(obj);

    if (is_type(obj, "application", "pkcs7-signature") ||
        is_type(obj, "application", "x-pkcs7-signature") ||
        is_type(obj, "application", "pgp-signature") || ends_with(name, ".p7s") ||
        ends_with(name, ".asc") || ends_with(name, ".sig"))
        a->signature = 1;
    if ((is_type(obj, "application", "pkcs7-mime") || is_type(obj, "application", "x-pkcs7-mime")) &&
        a->encrypted != SG_ENC_YES) {
        /* opaque S/MIME signing wraps the message itself (its content was
         * walked as a message): the wrapper is a signature, not a file */
        const char *st = g_mime_object_get_content_type_parameter(obj, "smime-type");
        if (st && strcasecmp(st, "signed-data") == 0)
            a->signature = 1;
    }
    if (is_type(obj, "text", "calendar") || is_type(obj, "application", "ics") ||
        ends_with(name, ".ics"))
        a->calendar = 1;
    if (cid && *cid) {
        cid_ref *r = SG_VEC_PUSH(&w->att_cids);
        if (!r || !(r->cid = sg_strdup(cid))) {
            if (r)
                w->att_cids.n--;
            w->nomem = 1;
            return;
        }
        r->att = idx;
    }
}

static void walk_attachment(walk *w, GMimePart *part, const char *path)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    const char *gname = part_name(obj);
    char *name = sg_strdup(gname ? gname : "");
    char *loc = !name ? NULL : *name ? sg_asprintf("attachment %s", name)
                                     : sg_asprintf("attachment (part %s)", path);
    GMimeStream *keep;
    GByteArray *ba;
    int idx;

    if (!loc) {
        w->nomem = 1;
        free(name);
        return;
    }
    ba = leaf_bytes(w, part, loc, path, &keep);
    if (ba) {
        idx = file_inspect(w->ctx, name ? name : "", loc, path, ba->data, ba->len, 0);
        g_object_unref(keep);
        if (idx >= 0 && (size_t)idx < w->ctx->res->natts)
            mark_attachment(w, obj, name ? name : "", idx);
    }
    free(name);
    free(loc);
}

/* ---- the walk --------------------------------------------------------- */

static int is_body_part(GMimeObject *obj)
{
    const char *disp = g_mime_object_get_disposition(obj);

    if (!is_type(obj, "text", "plain") && !is_type(obj, "text", "html"))
        return 0;
    if (disp && strcasecmp(disp, "attachment") == 0)
        return 0;
    return part_name(obj) == NULL;
}

static void walk_leaf(walk *w, GMimeObject *obj, const char *path, const char *msgloc,
                      const char *altloc)
{
    char *loc;

    if (GMIME_IS_MESSAGE_PARTIAL(obj)) {
        scan_limit(w->ctx, SG_LIMIT_UNSUPPORTED, "message/partial", path,
                   "message/partial fragment cannot be reassembled");
        return;
    }
    if (!GMIME_IS_PART(obj))
        return;
    if (!is_body_part(obj)) {
        walk_attachment(w, GMIME_PART(obj), path);
        return;
    }
    loc = altloc ? sg_strdup(altloc) : body_location(w, path, msgloc);
    if (!loc) {
        w->nomem = 1;
        return;
    }
    walk_body(w, GMIME_PART(obj), path, loc);
    if (!altloc && !msgloc)
        w->body_seen = 1;
    free(loc);
}

static void walk_message(walk *w, GMimeMessage *msg, const char *prefix, unsigned depth,
                         const char *msgloc)
{
    GMimeObject *root = g_mime_message_get_mime_part(msg);
    char *p;

    walk_subject(w, msg, msgloc ? msgloc : "subject", prefix ? prefix : "");
    if (!root)
        return;
    if (GMIME_IS_MULTIPART(root)) {
        walk_object(w, root, prefix ? prefix : "", depth, msgloc, NULL);
        return;
    }
    if (!(p = child_path(prefix, 1))) {
        w->nomem = 1;
        return;
    }
    walk_object(w, root, p, depth, msgloc, NULL);
    free(p);
}

static GMimeMessage *parse(walk *w, const char *data, size_t len);

/* The boundary actually used in a preamble: a line "--B" (B 1..70
 * characters) followed by a header line. NULL if none (or out of
 * memory); else malloc'd B. */
static char *body_boundary(const char *pre)
{
    for (const char *p = pre; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        size_t n = 0;
        const char *nl;
        if (p[0] != '-' || p[1] != '-')
            continue;
        while (p[2 + n] && p[2 + n] != '\r' && p[2 + n] != '\n' && n <= 70)
            n++;
        while (n > 0 && (p[1 + n] == ' ' || p[1 + n] == '\t'))
            n--;
        if (n == 0 || n > 70 || !(nl = strchr(p, '\n')))
            continue;
        if (strncasecmp(nl + 1, "Content-", 8) == 0)
            return sg_strndup(p + 2, n);
    }
    return NULL;
}

/* A multipart whose declared boundary never occurs while another delimiter
 * with part headers does (GMime then keeps everything as preamble, and
 * other readers split it): unscannable, and the body is parsed again with
 * the boundary found in it and walked in place of the empty multipart.
 * Returns 1 when it handled mp (or ran out of memory: w->nomem). */
static int walk_mismatched(walk *w, GMimeMultipart *mp, const char *path, unsigned depth,
                           const char *msgloc)
{
    const char *pre = g_mime_multipart_get_prologue(mp);
    char *b, *doc;
    GMimeMessage *m;
    GMimeObject *root;

    if (g_mime_multipart_get_count(mp) != 0 || !pre || !(b = body_boundary(pre)))
        return 0;
    scan_limit(w->ctx, SG_LIMIT_CORRUPT, msgloc ? msgloc : "message", path,
               "MIME structure: the body's boundary differs from the Content-Type boundary");
    doc = sg_asprintf("Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n%s", b, pre);
    free(b);
    if (!doc) {
        w->nomem = 1;
        return 1;
    }
    m = parse(w, doc, strlen(doc));
    root = m ? g_mime_message_get_mime_part(m) : NULL;
    if (root && GMIME_IS_MULTIPART(root) && g_mime_multipart_get_count(GMIME_MULTIPART(root)) > 0)
        walk_object(w, root, path, depth, msgloc, NULL);
    if (m)
        g_object_unref(m);
    free(doc);
    return 1;
}

static void walk_multipart(walk *w, GMimeMultipart *mp, const char *path, unsigned depth,
                           const char *msgloc, const char *altloc)
{
    int n = g_mime_multipart_get_count(mp);
    char *group = NULL;

    if (n == 0 && walk_mismatched(w, mp, path, depth, msgloc))
        return;

    if (!altloc && is_type(GMIME_OBJECT(mp), "multipart", "alternative")) {
        if (!(group = body_location(w, path && *path ? path : "1", msgloc)))
            return;
        altloc = group;
    }
    for (int i = 0; i < n && !w->stop && !w->nomem; i++) {
        char *p = child_path(path, (unsigned)i + 1);
        if (!p) {
            w->nomem = 1;
            break;
        }
        walk_object(w, g_mime_multipart_get_part(mp, i), p, depth + 1, msgloc, altloc);
        free(p);
    }
    if (group && !msgloc)
        w->body_seen = 1;
    free(group);
}

static int walk_budget(walk *w, const char *path, unsigned depth)
{
    scan_ctx *ctx = w->ctx;
    char reason[SCAN_MAX_LIMIT_REASON];

    if (w->stop || scan_expired(ctx)) {
        w->stop = 1;
        return -1;
    }
    if (++ctx->parts > ctx->lim.max_mime_parts) {
        snprintf(reason, sizeof(reason), "more than max_mime_parts (%u) MIME parts",
                 ctx->lim.max_mime_parts);
        scan_limit(ctx, SG_LIMIT_MIME_PARTS, "message", path, reason);
        w->stop = 1;
        return -1;
    }
    if (depth > ctx->lim.max_mime_depth) {
        if (!(ctx->res->limits & SG_LIMIT_MIME_DEPTH)) {
            snprintf(reason, sizeof(reason), "MIME nesting deeper than max_mime_depth (%u)",
                     ctx->lim.max_mime_depth);
            scan_limit(ctx, SG_LIMIT_MIME_DEPTH, "message", path, reason);
        }
        return -1;
    }
    return 0;
}

static void walk_object(walk *w, GMimeObject *obj, const char *path, unsigned depth,
                        const char *msgloc, const char *altloc)
{
    if (!obj || walk_budget(w, path, depth) < 0)
        return;
    if (GMIME_IS_MULTIPART(obj)) {
        walk_multipart(w, GMIME_MULTIPART(obj), path, depth, msgloc, altloc);
    } else if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        char *loc = sg_asprintf("attached message (part %s)", path);
        if (!loc)
            w->nomem = 1;
        else if (m)
            walk_message(w, m, path, depth + 1, loc);
        free(loc);
    } else {
        walk_leaf(w, obj, path, msgloc, altloc);
    }
}

/* Inline images: attachments whose Content-ID an HTML body refers to. */
static void mark_inline_images(walk *w)
{
    for (size_t i = 0; i < w->att_cids.n; i++) {
        cid_ref *r = &w->att_cids.v[i];
        for (size_t k = 0; k < w->html_cids.n; k++)
            if (strcmp(r->cid, w->html_cids.v[k]) == 0) {
                w->ctx->res->atts[r->att].inline_image = 1;
                break;
            }
    }
}

/* GMime builds the whole part tree before we can count parts, and its
 * boundary matching is slow on deep stacks: the parser only sees the prefix
 * of the message with at most MIME_WALK_DELIM_PER_PART * max_mime_parts +
 * MIME_WALK_DELIM_SLACK lines that begin with "--" (every part needs one;
 * text lines that happen to start with "--" only make the cut earlier).
 * Returns the prefix length; *cut is set when it is shorter than len. */
static size_t delimiter_cut(const char *data, size_t len, unsigned long max, int *cut)
{
    unsigned long seen = 0;
    const char *p = data, *end = data + len;

    *cut = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (end - p >= 2 && p[0] == '-' && p[1] == '-' && ++seen > max) {
            *cut = 1;
            return (size_t)(p - data);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return len;
}

static GMimeMessage *parse(walk *w, const char *data, size_t len)
{
    GMimeParserOptions *opts = walk_options(w);
    GMimeStream *st;
    GMimeParser *parser;
    GMimeMessage *msg;

    if (len >= 5 && memcmp(data, "From ", 5) == 0) {       /* mbox separator line */
        const char *nl = memchr(data, '\n', len);
        len = nl ? len - (size_t)(nl + 1 - data) : 0;
        data = nl ? nl + 1 : data;
    }
    len = delimiter_cut(data, len, (unsigned long)w->ctx->lim.max_mime_parts *
                        MIME_WALK_DELIM_PER_PART + MIME_WALK_DELIM_SLACK, &w->cut);
    st = g_mime_stream_mem_new_with_buffer(data, len);
    parser = g_mime_parser_new_with_stream(st);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);
    g_object_unref(st);
    g_mime_parser_options_free(opts);
    return msg;
}

/* Shared by both entries: parse, walk, report, free. */
static int walk_run(scan_ctx *ctx, const char *data, size_t len, const char *prefix,
                    unsigned depth, const char *msgloc)
{
    walk w;
    GMimeMessage *msg;

    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    if (len == 0)
        return 0;
    w.html_cids.cap = MIME_WALK_MAX_CIDS;
    w.att_cids.cap = SG_VEC_NOCAP;   /* one per attachment: the part limit */
    msg = parse(&w, data, len);
    if (!msg)
        scan_limit(ctx, SG_LIMIT_CORRUPT, msgloc ? msgloc : "message", prefix ? prefix : "",
                   "not parseable as a MIME message");
    else
        walk_message(&w, msg, prefix, depth, msgloc);
    report_warnings(&w);
    if (w.cut)
        scan_limit(ctx, SG_LIMIT_MIME_PARTS, msgloc ? msgloc : "message", prefix ? prefix : "",
                   "too many boundary lines for max_mime_parts: the rest was not parsed");
    mark_inline_images(&w);
    if (msg)
        g_object_unref(msg);
    for (size_t i = 0; i < w.html_cids.n; i++)
        free(w.html_cids.v[i]);
    for (size_t i = 0; i < w.att_cids.n; i++)
        free(w.att_cids.v[i].cid);
    SG_VEC_FREE(&w.html_cids);
    SG_VEC_FREE(&w.att_cids);
    return w.nomem ? -1 : 0;
}

int mime_walk_embedded(scan_ctx *ctx, const char *data, size_t len, const char *loc,
                       const char *part)
{
    int r;

    if (ctx->embedded >= ctx->lim.max_mime_depth) {
        scan_limit(ctx, SG_LIMIT_MIME_DEPTH, loc, part,
                   "messages inside files nested deeper than max_mime_depth");
        return 0;
    }
    ctx->embedded++;
    r = walk_run(ctx, data, len, part && *part ? part : NULL, ctx->embedded, loc);
    ctx->embedded--;
    return r;
}

int mime_walk_message(scan_ctx *ctx, const char *data, size_t len)
{
    return walk_run(ctx, data, len, NULL, 0, NULL);
}

