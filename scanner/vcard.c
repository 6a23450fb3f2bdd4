/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vcard - vCard (2.1, 3.0, 4.0) and iCalendar (RFC 5545) with their
 * structure; see vcard.h.
 *
 * Content lines: unfolded (CRLF + blank; in vCard 2.1 quoted-printable
 * also "=" at the end of a line), "[group.]NAME *(;PARAM) : value",
 * ENCODING=QUOTED-PRINTABLE (or a bare QUOTED-PRINTABLE parameter, 2.1)
 * and ENCODING=b / BASE64 decoded, CHARSET=SHIFT_JIS (and any other)
 * through text_decode(); 3.0/4.0/iCalendar escapes \, \; \n \\ undone.
 *
 * vCard: one row per card in one SG_UNIT_TABLE with a header row of labels
 * the detectors know (氏名, フリガナ, 電話番号, メールアドレス, 住所,
 * 生年月日, 会社名, 役職, URL, 備考): a .vcf of many cards is a table of
 * persons, one card a table of one. Binary values (PHOTO, LOGO, SOUND
 * data, KEY) are dropped.
 * iCalendar: "NAME: value" lines of SUMMARY, DESCRIPTION, LOCATION,
 * COMMENT, CONTACT, ATTENDEE / ORGANIZER (CN and address), X-ALT-DESC,
 * per component, as one SG_UNIT_TEXT.
 *
 * Limits: VCARD_MAX_LINE bytes of an unfolded line (longer lines are cut:
 * io->partly), io->max_text per unit. Owns nothing past the call.
 */
#define _GNU_SOURCE 1
#include "vcard.h"
#include "sg_alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_buf.h"

#define VCARD_MAX_LINE (1UL << 20)

enum { C_NAME, C_KANA, C_TEL, C_EMAIL, C_ADR, C_BDAY, C_ORG, C_TITLE, C_URL, C_NOTE, C_N };

static const char *const col_label[C_N] = {
    "氏名", "フリガナ", "電話番号", "メールアドレス", "住所", "生年月日", "会社名", "役職", "URL", "備考"
};

static int starts_ci(const unsigned char *d, size_t n, const char *s)
{
    size_t k = strlen(s);

    while (n > 0 && (*d == ' ' || *d == '\r' || *d == '\n' || *d == '\t' || *d == 0xEF ||
                     *d == 0xBB || *d == 0xBF)) {
        d++;
        n--;
    }
    return n >= k && strncasecmp((const char *)d, s, k) == 0;
}

int vcard_is_vcard(const unsigned char *d, size_t n) { return starts_ci(d, n, "BEGIN:VCARD"); }
int vcard_is_ical(const unsigned char *d, size_t n) { return starts_ci(d, n, "BEGIN:VCALENDAR"); }

/* ---- content lines ------------------------------------------------------------- */

typedef struct cline {
    char name[64];
    char charset[40];
    char cn[256];              /* CN= (iCalendar) */
    int qp, b64;
    sg_buf raw;                /* the unfolded line */
    size_t vstart;             /* value offset in raw */
} cline;

/* Next unfolded line from *pos; 0 at the end. */
static int next_line(const unsigned char *d, size_t n, size_t *pos, cline *cl, int *cut)
{
    size_t p = *pos;
    int qp_soft;

    sg_buf_reset(&cl->raw);
    if (p >= n)
        return 0;
    for (;;) {
        size_t s = p;
        while (p < n && d[p] != '\r' && d[p] != '\n')
            p++;
        if (sg_buf_append(&cl->raw, d + s, p - s) != SG_BUF_OK)
            *cut = 1;
        qp_soft = cl->raw.len > 0 && cl->raw.data[cl->raw.len - 1] == '=' &&
                  memmem(cl->raw.data, cl->raw.len, "QUOTED-PRINTABLE", 16) != NULL;
        if (p < n && d[p] == '\r')
            p++;
        if (p < n && d[p] == '\n')
            p++;
        if (p < n && (d[p] == ' ' || d[p] == '\t')) {
            p++;                        /* folded: the blank is dropped */
            continue;
        }
        if (qp_soft && p < n) {
            cl->raw.len--;              /* 2.1 quoted-printable soft break */
            cl->raw.data[cl->raw.len] = 0;
            continue;
        }
        break;
    }
    *pos = p;
    return 1;
}

static void copy_param(char *dst, size_t dn, const char *v, size_t vn)
{
    if (vn && v[0] == '"') { v++; vn--; }
    if (vn && v[vn - 1] == '"') vn--;
    if (vn >= dn) vn = dn - 1;
    memcpy(dst, v, vn);
    dst[vn] = 0;
}

/* Splits cl->raw into name, parameters and value. 0 ok, -1 no colon. */
static int parse_line(cline *cl)
{
    char *s = cl->raw.data, *colon = NULL, *p, *semi, *dot;
    int inq = 0;
    size_t nl;

    cl->name[0] = cl->charset[0] = cl->cn[0] = 0;
    cl->qp = cl->b64 = 0;
    if (!s)
        return -1;
    for (p = s; *p; p++) {
        if (*p == '"') inq = !inq;
        else if (*p == ':' && !inq) { colon = p; break; }
    }
    if (!colon)
        return -1;
    cl->vstart = (size_t)(colon + 1 - s);
    semi = memchr(s, ';', (size_t)(colon - s));
    nl = (size_t)((semi ? semi : colon) - s);
    dot = memchr(s, '.', nl);
    if (dot) {                                  /* group prefix */
        nl -= (size_t)(dot + 1 - s);
        s = dot + 1;
    }
    copy_param(cl->name, sizeof(cl->name), s, nl);
    for (p = semi; p && p < colon; p = semi) {
        char *eq, *end;
        p++;
        semi = memchr(p, ';', (size_t)(colon - p));
        end = semi ? semi : colon;
        eq = memchr(p, '=', (size_t)(end - p));
        if (!eq) {                              /* 2.1 bare parameters */
            if ((size_t)(end - p) == 16 && strncasecmp(p, "QUOTED-PRINTABLE", 16) == 0) cl->qp = 1;
            if ((size_t)(end - p) == 6 && strncasecmp(p, "BASE64", 6) == 0) cl->b64 = 1;
            continue;
        }
        if ((size_t)(eq - p) == 8 && strncasecmp(p, "ENCODING", 8) == 0) {
            if (strncasecmp(eq + 1, "QUOTED-PRINTABLE", 16) == 0) cl->qp = 1;
            else if (strncasecmp(eq + 1, "B", 1) == 0) cl->b64 = 1;
        } else if ((size_t)(eq - p) == 7 && strncasecmp(p, "CHARSET", 7) == 0) {
            copy_param(cl->charset, sizeof(cl->charset), eq + 1, (size_t)(end - eq - 1));
        } else if ((size_t)(eq - p) == 2 && strncasecmp(p, "CN", 2) == 0) {
            copy_param(cl->cn, sizeof(cl->cn), eq + 1, (size_t)(end - eq - 1));
        }
    }
    return 0;
}

static int hexv(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value as UTF-8, escapes undone (malloc'd), NULL when out of memory. */
static char *value_of(const cline *cl, int escapes, size_t *outlen)
{
    const char *v = cl->raw.data + cl->vstart;
    size_t n = cl->raw.len - cl->vstart, o = 0;
    unsigned char *b = sg_malloc(n + 1);
    char *u;

    if (!b)
        return NULL;
    if (cl->qp) {
        for (size_t i = 0; i < n; i++) {
            if (v[i] == '=' && i + 2 < n && hexv(v[i + 1]) >= 0 && hexv(v[i + 2]) >= 0) {
                b[o++] = (unsigned char)(hexv(v[i + 1]) << 4 | hexv(v[i + 2]));
                i += 2;
            } else {
                b[o++] = (unsigned char)v[i];
            }
        }
    } else {
        memcpy(b, v, n);
        o = n;
    }
    u = text_decode((const char *)b, o, cl->charset[0] ? cl->charset : NULL, outlen, NULL);
    free(b);
    if (u && escapes) {                         /* \, \; \: \n \N \\ */
        size_t i, k = 0;
        for (i = 0; i < *outlen; i++) {
            if (u[i] == '\\' && i + 1 < *outlen) {
                char c = u[++i];
                u[k++] = c == 'n' || c == 'N' ? '\n' : c;
            } else {
                u[k++] = u[i];
            }
        }
        u[k] = 0;
        *outlen = k;
    }
    return u;
}

/* ---- vCard ------------------------------------------------------------------------- */

static int col_of(const char *name)
{
    static const struct { const char *n; int c; } tab[] = {
        { "FN", C_NAME }, { "N", C_NAME }, { "SORT-STRING", C_KANA }, { "X-PHONETIC-LAST-NAME", C_KANA },
        { "X-PHONETIC-FIRST-NAME", C_KANA }, { "X-FURIGANA", C_KANA }, { "TEL", C_TEL },
        { "EMAIL", C_EMAIL }, { "ADR", C_ADR }, { "LABEL", C_ADR }, { "BDAY", C_BDAY },
        { "ORG", C_ORG }, { "TITLE", C_TITLE }, { "ROLE", C_TITLE }, { "URL", C_URL },
        { "NOTE", C_NOTE }, { "NICKNAME", C_NOTE }, { "X-GENDER", C_NOTE }, { "GENDER", C_NOTE },
        { "ANNIVERSARY", C_NOTE }, { "IMPP", C_EMAIL }, { "X-SKYPE", C_EMAIL },
    };

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (strcasecmp(name, tab[i].n) == 0)
            return tab[i].c;
    return -1;
}

static void cell_add(sg_buf *c, const char *v, size_t n, int *full)
{
    int sep = c->len > 0;

    if (sep && sg_buf_puts(c, " / ") != SG_BUF_OK)
        *full = 1;
    for (size_t i = 0; i < n && !*full; i++) {
        char ch = v[i] == ';' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' ? ' ' : v[i];
        if (ch == ' ' && c->len && c->data[c->len - 1] == ' ')
            continue;
        if (sg_buf_putc(c, ch) != SG_BUF_OK)
            *full = 1;
    }
    while (c->len && c->data[c->len - 1] == ' ')
        c->data[--c->len] = 0;
}

int vcard_read(const unsigned char *d, size_t n, const reader_io *io)
{
    cline cl;
    sg_buf cells[C_N], out;
    size_t pos = 0;
    int in_card = 0, full = 0, cut = 0, rc = RD_FULL, k, have_fn = 0;
    unsigned cards = 0;

    memset(&cl, 0, sizeof(cl));
    sg_buf_init(&cl.raw, VCARD_MAX_LINE);
    sg_buf_init(&out, io->max_text);
    for (k = 0; k < C_N; k++)
        sg_buf_init(&cells[k], 1 << 20);
    for (k = 0; k < C_N; k++) {
        if (k && sg_buf_putc(&out, '\t') != SG_BUF_OK) full = 1;
        if (sg_buf_puts(&out, col_label[k]) != SG_BUF_OK) full = 1;
    }
    if (sg_buf_putc(&out, '\n') != SG_BUF_OK) full = 1;
    while (!full && next_line(d, n, &pos, &cl, &cut)) {
        int c;
        char *v;
        size_t vn;
        if (parse_line(&cl) < 0)
            continue;
        if (strcasecmp(cl.name, "BEGIN") == 0) {
            in_card = 1;
            have_fn = 0;
            for (k = 0; k < C_N; k++)
                sg_buf_reset(&cells[k]);
            continue;
        }
        if (strcasecmp(cl.name, "END") == 0 && in_card) {
            in_card = 0;
            cards++;
            for (k = 0; k < C_N && !full; k++) {
                if (k && sg_buf_putc(&out, '\t') != SG_BUF_OK) full = 1;
                if (sg_buf_append(&out, cells[k].data ? cells[k].data : "", cells[k].len) != SG_BUF_OK)
                    full = 1;
            }
            if (sg_buf_putc(&out, '\n') != SG_BUF_OK) full = 1;
            continue;
        }
        if (!in_card || (c = col_of(cl.name)) < 0 || cl.b64)
            continue;
        if (strcasecmp(cl.name, "N") == 0 && have_fn)
            continue;                               /* FN already names the person */
        if (!(v = value_of(&cl, 1, &vn))) {
            rc = RD_NOMEM;
            break;
        }
        if (strcasecmp(cl.name, "FN") == 0) {
            sg_buf_reset(&cells[C_NAME]);
            have_fn = 1;
        }
        cell_add(&cells[c], v, vn, &full);
        free(v);
    }
    if (cut)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "a vCard line longer than the scanner reads");
    if (full)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "vCard text longer than max_text_bytes: the rest was not scanned");
    if (in_card)
        io->partly(io->arg, SG_LIMIT_CORRUPT, "vCard cut off (a card without END)");
    if (rc == RD_FULL && cards && io->emit(io->arg, SG_UNIT_TABLE, NULL, sg_buf_str(&out), out.len) < 0)
        rc = RD_STOP;
    for (k = 0; k < C_N; k++)
        sg_buf_free(&cells[k]);
    sg_buf_free(&out);
    sg_buf_free(&cl.raw);
    return rc;
}

/* ---- iCalendar ------------------------------------------------------------------------ */

int ical_read(const unsigned char *d, size_t n, const reader_io *io)
{
    static const char *const keep[] = {
        "SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "ATTENDEE", "ORGANIZER",
        "X-ALT-DESC", "RESOURCES", "CATEGORIES",
    };
    cline cl;
    sg_buf out;
    size_t pos = 0;
    int full = 0, cut = 0, rc = RD_FULL, depth = 0;

    memset(&cl, 0, sizeof(cl));
    sg_buf_init(&cl.raw, VCARD_MAX_LINE);
    sg_buf_init(&out, io->max_text);
    while (!full && next_line(d, n, &pos, &cl, &cut)) {
        char *v;
        size_t vn, i;
        if (parse_line(&cl) < 0)
            continue;
        if (strcasecmp(cl.name, "BEGIN") == 0) { depth++; continue; }
        if (strcasecmp(cl.name, "END") == 0) {
            if (depth > 0) depth--;
            if (sg_buf_putc(&out, '\n') != SG_BUF_OK) full = 1;
            continue;
        }
        for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
            if (strcasecmp(cl.name, keep[i]) == 0)
                break;
        if (i == sizeof(keep) / sizeof(keep[0]) || cl.b64)
            continue;
        if (!(v = value_of(&cl, 1, &vn))) {
            rc = RD_NOMEM;
            break;
        }
        if (sg_buf_printf(&out, "%s: ", cl.name) != SG_BUF_OK) full = 1;
        if (cl.cn[0] && sg_buf_printf(&out, "%s ", cl.cn) != SG_BUF_OK) full = 1;
        if (sg_buf_append(&out, v, vn) != SG_BUF_OK || sg_buf_putc(&out, '\n') != SG_BUF_OK)
            full = 1;
        free(v);
    }
    if (cut)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "an iCalendar line longer than the scanner reads");
    if (full)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "calendar text longer than max_text_bytes: the rest was not scanned");
    if (rc == RD_FULL && out.len && io->emit(io->arg, SG_UNIT_TEXT, NULL, sg_buf_str(&out), out.len) < 0)
        rc = RD_STOP;
    sg_buf_free(&out);
    sg_buf_free(&cl.raw);
    return rc;
}
