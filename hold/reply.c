/*
 * reply - reads a reply to a notification (GMime): which hold it is about,
 * the token candidates it carries back, and whether it asks to cancel.
 *
 * The notification names the hold in the Subject tag "[SG:HOLDID]"
 * (clients keep it under "Re:"), the Reply-To "release+HOLDID@domain" (the
 * reply's envelope recipient) and its Message-ID "<sg.HOLDID.xxx@host>"
 * (In-Reply-To / References); the token is only in its body, the line
 * "[SG:HOLDID:TOKEN]", which the reply quotes: every text part of the reply
 * is searched for it. MTAs log envelope recipients and Message-IDs, so the
 * token never is in them. Notifications of older versions put
 * "HOLDID:TOKEN" / "HOLDID.TOKEN" in those headers: still read.
 * Every token candidate is kept (at most HOLD_TOKEN_CANDIDATES); holdflow
 * checks them against the key. The hold id is the first one found (subject,
 * plus address, In-Reply-To, References, body); candidates naming another
 * hold id are dropped.
 * Cancel is decided from what the sender wrote, never from the held
 * message's own subject: 取消 / 取り消し / キャンセル / cancel (ASCII, any
 * case) in the first body line that is not empty and not quoted ("> ") --
 * of text/plain, or for an HTML-only reply of the HTML text before the
 * first <blockquote> -- or in the subject outside the notification's
 * subject. Subjects are compared without white space (clients fold and
 * collapse it) and without our tags; when the client changed the held
 * subject and the reply's subject has no more cancel words than the held
 * subject, the reply is unclear (neither sent nor discarded).
 * Limits: HOLD_REPLY_MAX bytes parsed. Errors: -1 (no memory, not a
 * message).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strcasestr */
#endif
#include "build-config.h"
#include "sg_alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "hold_int.h"

#define HEX_ID_MIN 8

void reply_info_free(reply_info *ri)
{
    size_t i;

    free(ri->subject);
    free(ri->first_line);
    free(ri->hold_id);
    for (i = 0; i < ri->ntokens; i++)
        free(ri->tokens[i]);
    memset(ri, 0, sizeof(*ri));
}

static int is_b32(int c)
{
    c = tolower(c);
    return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

/* Reads "HOLDID<sep>TOKEN" at p; stores both. 1 found, 0 not, -1 oom. */
static int take_pair(reply_info *ri, const char *p, char sep)
{
    size_t il = 0, tl = 0, i;
    char id[HOLD_ID_MAX + 1], tok[HOLD_TOKEN_CHARS + 1];

    while (isxdigit((unsigned char)p[il]) && il <= HOLD_ID_MAX)
        il++;
    if (il < HEX_ID_MIN || il > HOLD_ID_MAX || p[il] != sep)
        return 0;
    while (is_b32((unsigned char)p[il + 1 + tl]) && tl <= HOLD_TOKEN_CHARS)
        tl++;
    if (tl != HOLD_TOKEN_CHARS || isalnum((unsigned char)p[il + 1 + tl]))
        return 0;
    for (i = 0; i < il; i++)
        id[i] = (char)tolower((unsigned char)p[i]);
    id[il] = '\0';
    for (i = 0; i < tl; i++)
        tok[i] = (char)tolower((unsigned char)p[il + 1 + i]);
    tok[tl] = '\0';
    if (ri->hold_id && strcmp(ri->hold_id, id) != 0)
        return 0;
    if (!ri->hold_id && !(ri->hold_id = sg_strdup(id)))
        return -1;
    for (i = 0; i < ri->ntokens; i++)
        if (strcmp(ri->tokens[i], tok) == 0)
            return 1;
    if (ri->ntokens >= HOLD_TOKEN_CANDIDATES)
        return 1;
    if (!(ri->tokens[ri->ntokens] = sg_strdup(tok)))
        return -1;
    ri->ntokens++;
    return 1;
}

/* Reads "HOLDID" at p ended by end (the form that names a hold without a
 * token). 1 found, 0 not, -1 oom. */
static int take_id(reply_info *ri, const char *p, char end)
{
    size_t il = 0, i;
    char id[HOLD_ID_MAX + 1];

    while (isxdigit((unsigned char)p[il]) && il <= HOLD_ID_MAX)
        il++;
    if (il < HEX_ID_MIN || il > HOLD_ID_MAX || p[il] != end)
        return 0;
    if (ri->hold_id)
        return 1;
    for (i = 0; i < il; i++)
        id[i] = (char)tolower((unsigned char)p[i]);
    id[il] = '\0';
    return (ri->hold_id = sg_strdup(id)) ? 1 : -1;
}

/* Every "prefix HOLDID sep TOKEN" inside text, and (id_end != 0) every
 * "prefix HOLDID id_end" for the hold id alone. */
static int scan_text(reply_info *ri, const char *text, const char *prefix, char sep, char id_end)
{
    const char *p = text;
    size_t pl = strlen(prefix);
    int r;

    while (text && (p = strcasestr(p, prefix)) != NULL) {
        if ((r = take_pair(ri, p + pl, sep)) < 0)
            return -1;
        if (r == 0 && id_end && take_id(ri, p + pl, id_end) < 0)
            return -1;
        p += pl;
    }
    return 0;
}

/* Envelope recipients "local+HOLDID.TOKEN@domain". */
static int scan_rcpts(reply_info *ri, const char *local, const char *const *rcpts, size_t n)
{
    size_t i, ll = strlen(local);

    int r;

    for (i = 0; i < n; i++) {
        if (strncasecmp(rcpts[i], local, ll) != 0 || rcpts[i][ll] != '+')
            continue;
        if ((r = take_pair(ri, rcpts[i] + ll + 1, '.')) < 0 ||
            (r == 0 && take_id(ri, rcpts[i] + ll + 1, '@') < 0))
            return -1;
    }
    return 0;
}

/* First text part of the given subtype (depth-first), decoded to UTF-8;
 * NULL if none. A forwarded message (message/rfc822) is not the reply's
 * own text. */
static char *first_text(GMimeObject *o, const char *subtype)
{
    GMimeMultipart *mp;
    int i, n;
    char *t;

    if (GMIME_IS_MULTIPART(o)) {
        mp = GMIME_MULTIPART(o);
        n = g_mime_multipart_get_count(mp);
        for (i = 0; i < n; i++)
            if ((t = first_text(g_mime_multipart_get_part(mp, i), subtype)) != NULL)
                return t;
        return NULL;
    }
    if (GMIME_IS_TEXT_PART(o) &&
        g_mime_content_type_is_type(g_mime_object_get_content_type(o), "text", subtype))
        return g_mime_text_part_get_text(GMIME_TEXT_PART(o));
    return NULL;
}

static int tag_is(const char *tag, size_t n, const char *name)
{
    size_t l = strlen(name);

    if (n > 0 && tag[0] == '/')
        tag++, n--;
    return n >= l && strncasecmp(tag, name, l) == 0 &&
           (n == l || !isalnum((unsigned char)tag[l]));
}

/* An HTML-only reply: its text with tags removed, block tags as line
 * breaks, <head>/<style>/<script>/<title> and everything from the first
 * <blockquote> on (the quoted notification) left out, &nbsp; as a space.
 * Only the first line is used; this is no HTML renderer. */
static char *html_text(const char *html)
{
    static const char *const blocks[] = { "br", "p", "div", "tr", "li", "h1", "h2", "h3", NULL };
    static const char *const skips[] = { "head", "style", "script", "title", NULL };
    sg_buf b;
    const char *p = html, *e, *skip = NULL;
    size_t i;

    sg_buf_init(&b, HOLD_REPLY_MAX);
    while (*p) {
        if (*p != '<') {
            if (!skip && strncasecmp(p, "&nbsp;", 6) == 0 && sg_buf_putc(&b, ' ') == 0) {
                p += 6;
                continue;
            }
            if (!skip && sg_buf_putc(&b, *p) < 0)
                break;
            p++;
            continue;
        }
        e = strchr(p, '>');
        if (!e)
            break;
        if (tag_is(p + 1, (size_t)(e - p - 1), "blockquote"))
            break;
        for (i = 0; skips[i]; i++)
            if (tag_is(p + 1, (size_t)(e - p - 1), skips[i]))
                skip = p[1] == '/' ? NULL : skips[i];
        for (i = 0; blocks[i] && !skip; i++)
            if (tag_is(p + 1, (size_t)(e - p - 1), blocks[i]) && sg_buf_putc(&b, '\n') < 0)
                break;
        p = e + 1;
    }
    return sg_buf_steal(&b, NULL);
}

/* The reply's own text: text/plain, else the text of text/html. malloc'd
 * or NULL. */
static char *reply_text(GMimeObject *body)
{
    char *t = first_text(body, "plain"), *h, *r;

    if (t) {
        r = sg_strdup(t);
        g_free(t);
        return r;
    }
    if (!(h = first_text(body, "html")))
        return NULL;
    r = html_text(h);
    g_free(h);
    return r;
}

static char *first_line_of(const char *text)
{
    const char *p = text, *e;
    size_t n;

    while (p && *p) {
        e = strchr(p, '\n');
        n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        while (n > 0 && (*p == ' ' || *p == '\t'))
            p++, n--;
        if (n > 0 && *p != '>')
            return sg_strndup(p, n);
        p = e ? e + 1 : NULL;
    }
    return sg_strdup("");
}

/* The token line of the notification, quoted in the reply: every text
 * part's whole text (quotes included), plain and HTML. */
static int scan_bodies(reply_info *ri, GMimeObject *o, int depth)
{
    GMimeMultipart *mp;
    int i, n;
    char *t;

    if (depth > HOLD_JSON_DEPTH)
        return 0;
    if (GMIME_IS_MULTIPART(o)) {
        mp = GMIME_MULTIPART(o);
        n = g_mime_multipart_get_count(mp);
        for (i = 0; i < n; i++)
            if (scan_bodies(ri, g_mime_multipart_get_part(mp, i), depth + 1) < 0)
                return -1;
        return 0;
    }
    if (!GMIME_IS_TEXT_PART(o) || !(t = g_mime_text_part_get_text(GMIME_TEXT_PART(o))))
        return 0;
    i = scan_text(ri, t, "[SG:", ':', 0);
    g_free(t);
    return i;
}

static int parse_message(GMimeMessage *m, reply_info *ri)
{
    const char *s = g_mime_message_get_subject(m);
    const char *irt = g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To");
    const char *refs = g_mime_object_get_header(GMIME_OBJECT(m), "References");
    GMimeObject *body = g_mime_message_get_mime_part(m);
    char *text = body ? reply_text(body) : NULL;

    ri->subject = sg_strdup(s ? s : "");
    ri->first_line = first_line_of(text);
    free(text);
    if (!ri->subject || !ri->first_line)
        return -1;
    if (scan_text(ri, ri->subject, "[SG:", ':', ']') < 0 ||
        scan_text(ri, irt, "<sg.", '.', '.') < 0 || scan_text(ri, refs, "<sg.", '.', '.') < 0 ||
        (body && scan_bodies(ri, body, 0) < 0))
        return -1;
    return 0;
}

int reply_parse(const char *raw, size_t len, const char *release_local,
                const char *const *rcpts, size_t nrcpts, reply_info *out)
{
    GMimeStream *st;
    GMimeParser *p;
    GMimeMessage *m;
    int rc;

    memset(out, 0, sizeof(*out));
    g_mime_init();
    if (len > HOLD_REPLY_MAX)
        len = HOLD_REPLY_MAX;
    if (scan_rcpts(out, release_local, rcpts, nrcpts) < 0)
        return reply_info_free(out), -1;
    st = g_mime_stream_mem_new_with_buffer(raw, len);
    p = g_mime_parser_new_with_stream(st);
    m = g_mime_parser_construct_message(p, NULL);
    g_object_unref(p);
    g_object_unref(st);
    if (!m)
        return reply_info_free(out), -1;
    rc = parse_message(m, out);
    g_object_unref(m);
    if (rc < 0)
        reply_info_free(out);
    return rc;
}

int reply_has_cancel_word(const char *text)
{
    return text && (strstr(text, "取消") || strstr(text, "取り消") || strstr(text, "キャンセル") ||
                    strcasestr(text, "cancel"));
}

/* Occurrences of cancel words in text (lower-cased ASCII, no spaces). */
static size_t cancel_count(const char *text)
{
    static const char *const words[] = { "取消", "取り消", "キャンセル", "cancel", NULL };
    size_t n = 0, i;
    const char *p;

    for (i = 0; words[i]; i++)
        for (p = text; (p = strstr(p, words[i])) != NULL; p += strlen(words[i]))
            n++;
    return n;
}

/* Removes "[SG:...]" tags (in place). */
static void cut_tags(char *s)
{
    char *p, *e;

    while ((p = strcasestr(s, "[SG:")) != NULL) {
        e = strchr(p, ']');
        e = e ? e + 1 : p + strlen(p);
        memmove(p, e, strlen(e) + 1);
    }
}

/* In place: white space (ASCII, U+00A0, U+3000) removed, ASCII lower
 * case. Mail clients fold, collapse and re-encode the spaces of a subject;
 * what the sender wrote is compared without them. */
static void squeeze(char *s)
{
    char *o = s;
    const char *p = s;

    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        } else if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
            p += 2;
        } else if ((unsigned char)p[0] == 0xe3 && (unsigned char)p[1] == 0x80 &&
                   (unsigned char)p[2] == 0x80) {
            p += 3;
        } else {
            *o++ = (char)tolower((unsigned char)*p);
            p++;
        }
    }
    *o = '\0';
}

int reply_is_cancel(const reply_info *ri, const char *held_subject)
{
    char *s, *h, *at;
    size_t in_s, in_h;
    int r;

    if (reply_has_cancel_word(ri->first_line))
        return REPLY_CANCEL;
    s = sg_strdup(ri->subject ? ri->subject : "");
    h = sg_strdup(held_subject ? held_subject : "");
    if (!s || !h) {
        free(s);
        free(h);
        return REPLY_UNCLEAR;   /* no memory: neither send nor discard */
    }
    cut_tags(s);
    squeeze(s);
    squeeze(h);
    if (*h && (at = strstr(s, h)) != NULL) {
        /* the notification's subject is there: only the rest is the sender's */
        memmove(at, at + strlen(h), strlen(at + strlen(h)) + 1);
        r = cancel_count(s) > 0 ? REPLY_CANCEL : REPLY_SEND;
    } else {
        /* the client changed the subject: a cancel word counts when the
         * held subject does not account for it, else it is unclear */
        in_s = cancel_count(s);
        in_h = *h ? cancel_count(h) : 0;
        r = in_s == 0 ? REPLY_SEND : in_s > in_h ? REPLY_CANCEL : REPLY_UNCLEAR;
    }
    free(s);
    free(h);
    return r;
}
