/*
 * notify - composes the mail that the workflow sends: notifications,
 * confirmations and explanations, as RFC 5322 bytes (CRLF).
 *
 * Headers: From = release address, To = the one recipient, Reply-To = the
 * release address tagged with the hold id (local+HOLDID@domain; never a
 * token: MTAs log envelope recipients and Message-IDs), Subject RFC 2047
 * encoded (UTF-8 or ISO-2022-JP), Date, Message-ID, Auto-Submitted:
 * auto-generated, X-Auto-Response-Suppress: All, Precedence: bulk,
 * MIME-Version. Body: UTF-8 in base64, or ISO-2022-JP in 7bit.
 * Every address put in a header is checked: no control characters, no
 * spaces, no <>",;()\ -- a value can never add a header.
 * Also the pieces of the notification text (reasons, masked evidence,
 * recipients grouped by domain); the sensitive values themselves never
 * reach this file, only the masked evidence the scanner kept.
 * Errors: -1 (bad address, too large, no memory, conversion failed).
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <gmime/gmime.h>

#include "hold_int.h"
#include "sg_text.h"

static int addr_ok(const char *a)
{
    const unsigned char *p;

    if (!a || !*a || !strchr(a, '@'))
        return 0;
    for (p = (const unsigned char *)a; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("<>\",;()\\", *p))
            return 0;
    return 1;
}

void notify_time(time_t t, char *buf, size_t len)
{
    struct tm tm;

    if (!localtime_r(&t, &tm) || strftime(buf, len, "%Y-%m-%d %H:%M (%Z)", &tm) == 0)
        snprintf(buf, len, "%lld", (long long)t);
}

static int rfc5322_date(sg_buf *out)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                        "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t now = time(NULL);
    struct tm tm;
    long off;

    if (!localtime_r(&now, &tm))
        return -1;
    off = tm.tm_gmtoff / 60;
    return sg_buf_printf(out, "Date: %s, %d %s %d %02d:%02d:%02d %c%02ld%02ld\r\n",
                         days[tm.tm_wday], tm.tm_mday, mons[tm.tm_mon], tm.tm_year + 1900,
                         tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
                         labs(off) / 60, labs(off) % 60);
}

char *notify_tagged_address(const char *release_address, const char *hold_id, const char *token)
{
    const char *at = strrchr(release_address, '@');
    size_t n;
    char *out;

    if (!at)
        return NULL;
    n = strlen(release_address) + strlen(hold_id) + (token ? strlen(token) : 0) + 3;
    out = sg_malloc(n);
    if (out)
        snprintf(out, n, "%.*s+%s%s%s%s", (int)(at - release_address), release_address, hold_id,
                 token ? "." : "", token ? token : "", at);
    return out;
}

/* "Subject: " + encoded words, folded between words at 76 columns. */
static int put_subject(sg_buf *out, const char *subject, const char *charset)
{
    char *enc = g_mime_utils_header_encode_text(NULL, subject, charset);
    char *save = NULL, *w;
    size_t col = 9;
    int rc = sg_buf_puts(out, "Subject:");

    if (!enc)
        return -1;
    for (w = strtok_r(enc, " \t\r\n", &save); w && rc == 0; w = strtok_r(NULL, " \t\r\n", &save)) {
        if (col > 9 && col + strlen(w) + 1 > 76) {
            rc = sg_buf_puts(out, "\r\n");
            col = 0;
        }
        rc = rc < 0 ? rc : sg_buf_printf(out, " %s", w);
        col += strlen(w) + 1;
    }
    g_free(enc);
    return rc < 0 ? -1 : sg_buf_puts(out, "\r\n");
}

/* LF -> CRLF (bare CR dropped). */
static int put_crlf_text(sg_buf *out, const char *text, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (text[i] == '\r')
            continue;
        if (text[i] == '\n' ? sg_buf_puts(out, "\r\n") < 0 : sg_buf_putc(out, text[i]) < 0)
            return -1;
    }
    return 0;
}

static int put_body_utf8(sg_buf *out, const char *body)
{
    sg_buf crlf;
    gchar *b64;
    size_t i, n;
    int rc = 0;

    sg_buf_init(&crlf, HOLD_NOTICE_MAX);
    if (put_crlf_text(&crlf, body, strlen(body)) < 0)
        return sg_buf_free(&crlf), -1;
    b64 = g_base64_encode((const guchar *)sg_buf_str(&crlf), crlf.len);
    sg_buf_free(&crlf);
    if (!b64)
        return -1;
    rc = sg_buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n");
    n = strlen(b64);
    for (i = 0; i < n && rc == 0; i += 76) {
        rc = sg_buf_append(out, b64 + i, n - i < 76 ? n - i : 76);
        rc = rc < 0 ? rc : sg_buf_puts(out, "\r\n");
    }
    g_free(b64);
    return rc < 0 ? -1 : 0;
}

static int put_body_jis(sg_buf *out, const char *body)
{
    gsize wlen = 0;
    gchar *jis = g_convert_with_fallback(body, -1, "ISO-2022-JP", "UTF-8", "?", NULL, &wlen,
                                         NULL);
    int rc;

    if (!jis)
        return -1;
    rc = sg_buf_puts(out, "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                          "Content-Transfer-Encoding: 7bit\r\n\r\n");
    if (rc == 0)
        rc = put_crlf_text(out, jis, wlen);
    if (rc == 0 && wlen > 0 && jis[wlen - 1] != '\n')
        rc = sg_buf_puts(out, "\r\n");
    g_free(jis);
    return rc < 0 ? -1 : 0;
}

static int put_message_id(sg_buf *out, const notice *n)
{
    unsigned char r[12];
    size_t i;

    if (n->message_id)
        return sg_buf_printf(out, "Message-ID: <%s>\r\n", n->message_id);
    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
        return -1;
    if (sg_buf_puts(out, "Message-ID: <sg.") < 0)
        return -1;
    for (i = 0; i < sizeof(r); i++)
        if (sg_buf_printf(out, "%02x", r[i]) < 0)
            return -1;
    return sg_buf_printf(out, "@%s>\r\n", n->hostname);
}

static int id_ok(const char *id)
{
    return !id || (addr_ok(id) && strlen(id) < 512);
}

int notify_compose(const notice *n, sg_buf *out)
{
    int jis = n->charset && strcasecmp(n->charset, "iso-2022-jp") == 0;

    if (!addr_ok(n->from) || !addr_ok(n->to) || (n->reply_to && !addr_ok(n->reply_to)) ||
        !id_ok(n->message_id) || !id_ok(n->in_reply_to) || !n->hostname ||
        strpbrk(n->hostname, " \t\r\n<>"))
        return -1;
    g_mime_init();
    if (sg_buf_printf(out, "From: sendguard <%s>\r\nTo: <%s>\r\n", n->from, n->to) < 0 ||
        (n->reply_to && sg_buf_printf(out, "Reply-To: <%s>\r\n", n->reply_to) < 0) ||
        put_subject(out, n->subject, jis ? "iso-2022-jp" : "utf-8") < 0 ||
        rfc5322_date(out) < 0 || put_message_id(out, n) < 0 ||
        (n->in_reply_to && sg_buf_printf(out, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n",
                                         n->in_reply_to, n->in_reply_to) < 0) ||
        sg_buf_puts(out, "Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n"
                         "Precedence: bulk\r\nMIME-Version: 1.0\r\n") < 0)
        return -1;
    return jis ? put_body_jis(out, n->body) : put_body_utf8(out, n->body);
}

int notify_render(const templates *t, tpl_kind k, int language, const tpl_vars *vars[2],
                  sg_buf *subject, sg_buf *body)
{
    if (language == HOLD_LANG_EN)
        return templates_render(t, k, TPL_LANG_EN, vars[1], subject, body);
    if (templates_render(t, k, TPL_LANG_JA, vars[0], subject, body) < 0)
        return -1;
    if (language != HOLD_LANG_BOTH)
        return 0;
    if (sg_buf_puts(body, "\n------------------------------------------------------------\n"
                          "(English)\n\n") < 0)
        return -1;
    return templates_render(t, k, TPL_LANG_EN, vars[1], NULL, body);
}

/* Digit chains masked as everywhere else (lib/sg_text.h). */
void notify_mask_digits(char *s)
{
    sg_text_mask_inplace(s);
}
