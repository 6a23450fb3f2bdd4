/*
 * t-reply - parsing replies to notifications: hold id and token from the
 * Subject tag (under Re:/RE:/Fwd:/返信:), from the plus address, from
 * In-Reply-To/References; cancel words (取消, 取り消し, キャンセル, cancel
 * in any case) in the subject or the first body line, quoted text and the
 * held message's own subject ignored; ISO-2022-JP replies; multipart.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "hold_int.h"
#include "sg_tap.h"

#define ID  "0123456789abcdef0123456789abcdef"
#define TOK "abcdefghijklmnopqrstuvwxyz"
#define TOK2 "234567abcdefghijklmnopqrst"

static const struct {
    const char *label, *subject, *body, *headers, *rcpt, *held_subject;
    const char *want_id; size_t want_tokens; int want_cancel;
} cases[] = {
    { "Re: with tag, empty body", "Re: [送信保留] 見積 [SG:" ID ":" TOK "]", "", NULL,
      "sendguard-release@example.co.jp", "見積", ID, 1, 0 },
    { "RE: upper case tag", "RE: [送信保留] 見積 [sg:" ID ":" TOK "]", "> quoted 取消\n", NULL,
      "sendguard-release@example.co.jp", "見積", ID, 1, 0 },
    { "Fwd: and 返信:", "Fwd: 返信: [Held] x [SG:" ID ":" TOK "]", "", NULL,
      "sendguard-release@example.co.jp", "x", ID, 1, 0 },
    { "cancel word before the subject", "Re: 取消 [送信保留] 見積 [SG:" ID ":" TOK "]", "", NULL,
      "sendguard-release@example.co.jp", "見積", ID, 1, 1 },
    { "キャンセル in the first line", "Re: [送信保留] 見積 [SG:" ID ":" TOK "]",
      "\r\n  キャンセルします\r\n> 取消\r\n", NULL, "sendguard-release@example.co.jp", "見積", ID, 1, 1 },
    { "CANCEL in the first line", "Re: x [SG:" ID ":" TOK "]", "CANCEL please\n", NULL,
      "sendguard-release@example.co.jp", "x", ID, 1, 1 },
    { "取り消し in the subject", "取り消し", "", NULL,
      "sendguard-release+" ID "." TOK "@example.co.jp", "見積", ID, 1, 1 },
    { "cancel word only in a later line", "Re: x [SG:" ID ":" TOK "]", "send it\ncancel\n", NULL,
      "sendguard-release@example.co.jp", "x", ID, 1, 0 },
    { "cancel word only in quoted text", "Re: x [SG:" ID ":" TOK "]",
      "> 取り消す場合: 取消と書いて返信\n>\n", NULL, "sendguard-release@example.co.jp", "x", ID, 1, 0 },
    { "held subject itself says cancel", "Re: [送信保留] Order cancellation [SG:" ID ":" TOK "]", "",
      NULL, "sendguard-release@example.co.jp", "Order cancellation", ID, 1, 0 },
    { "held subject with two spaces, collapsed by the client",
      "Re: [送信保留] Order cancellation notice [SG:" ID ":" TOK "]", "",
      NULL, "sendguard-release@example.co.jp", "Order cancellation  notice", ID, 1, 0 },
    { "token only in the plus address", "Re: stripped", "", NULL,
      "sendguard-release+" ID "." TOK "@example.co.jp", "x", ID, 1, 0 },
    { "token only in In-Reply-To", "Re: stripped", "",
      "In-Reply-To: <sg." ID "." TOK ".a1b2c3d4e5f6@mx.example.co.jp>\r\n",
      "sendguard-release@example.co.jp", "x", ID, 1, 0 },
    { "two different tokens kept", "Re: x [SG:" ID ":" TOK "]", "",
      "References: <a@b> <sg." ID "." TOK2 ".000000000000@mx>\r\n",
      "sendguard-release@example.co.jp", "x", ID, 2, 0 },
    { "no tag anywhere", "Re: something", "hello\n", NULL, "sendguard-release@example.co.jp", "x",
      NULL, 0, 0 },
    { "short token ignored", "Re: x [SG:" ID ":abc]", "", NULL, "sendguard-release@example.co.jp",
      "x", NULL, 0, 0 },
    { "other local part ignored", "Re: x", "", NULL, "someone+" ID "." TOK "@example.co.jp", "x",
      NULL, 0, 0 },
};

static char *build(const char *subject, const char *body, const char *headers, size_t *len)
{
    sg_buf b;
    char *enc;

    g_mime_init();
    enc = g_mime_utils_header_encode_text(NULL, subject, "utf-8");
    sg_buf_init(&b, 1 << 20);
    sg_buf_printf(&b, "From: taro@example.co.jp\r\nTo: sendguard-release@example.co.jp\r\n"
                  "Subject: %s\r\n%sMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n"
                  "\r\n%s", enc, headers ? headers : "", body);
    g_free(enc);
    return sg_buf_steal(&b, len);
}

static void test_cases(void)
{
    size_t i, len;
    reply_info ri;
    char *raw;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *rc[1] = { cases[i].rcpt };
        raw = build(cases[i].subject, cases[i].body, cases[i].headers, &len);
        if (reply_parse(raw, len, "sendguard-release", rc, 1, &ri) < 0) {
            TAP_OK(0, "%s: parsed", cases[i].label);
            free(raw);
            continue;
        }
        TAP_IS_STR(ri.hold_id, cases[i].want_id, "%s: hold id", cases[i].label);
        TAP_IS_INT(ri.ntokens, cases[i].want_tokens, "%s: tokens", cases[i].label);
        if (cases[i].want_tokens)
            TAP_IS_STR(ri.tokens[0], TOK, "%s: token text", cases[i].label);
        TAP_IS_INT(reply_is_cancel(&ri, cases[i].held_subject), cases[i].want_cancel,
                   "%s: cancel", cases[i].label);
        reply_info_free(&ri);
        free(raw);
    }
}

static void test_jis_multipart(void)
{
    /* ISO-2022-JP "取消" = ESC $ B 3 | > C ESC ( B */
    static const char jis[] =
        "From: taro@example.co.jp\r\nSubject: Re: x [SG:" ID ":" TOK "]\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        "\x1b$B<h>C\x1b(B\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>send</p>\r\n--b--\r\n";
    const char *rc[1] = { "sendguard-release@example.co.jp" };
    reply_info ri;

    TAP_IS_INT(reply_parse(jis, sizeof(jis) - 1, "sendguard-release", rc, 1, &ri), 0,
               "ISO-2022-JP multipart reply parsed");
    TAP_IS_STR(ri.first_line, "取消", "ISO-2022-JP first line decoded");
    TAP_IS_INT(reply_is_cancel(&ri, "x"), 1, "ISO-2022-JP 取消 is a cancel");
    reply_info_free(&ri);
    {
        int r = reply_parse("", 0, "sendguard-release", rc, 0, &ri);
        TAP_OK((r == 0 && ri.hold_id == NULL) || r == -1, "empty input: no hold, no crash");
        if (r == 0)
            reply_info_free(&ri);
    }
}

static const struct { const char *label, *html; int want; } html_cases[] = {
    { "HTML-only: 取消 first", "<html><body><div>取消</div><div><br></div></body></html>", 1 },
    { "HTML-only: &nbsp; and tags", "<p>&nbsp;</p><p><b>Cancel</b> it</p>", 1 },
    { "HTML-only: cancel only in the blockquote", "<div>OK</div><blockquote>取消</blockquote>", 0 },
    { "HTML-only: cancel only in the head", "<html><head><title>cancel</title><style>p{}</style>"
      "</head><body><p>send it</p></body></html>", 0 },
    { "HTML-only: empty before the quote", "<div><br></div><blockquote>> 取消</blockquote>", 0 },
};

static void test_html(void)
{
    const char *rc[1] = { "sendguard-release@example.co.jp" };
    char raw[2048];
    reply_info ri;
    size_t i;

    for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++) {
        snprintf(raw, sizeof(raw), "From: taro@example.co.jp\r\nSubject: Re: x [SG:" ID ":" TOK "]\r\n"
                 "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n%s\r\n",
                 html_cases[i].html);
        if (reply_parse(raw, strlen(raw), "sendguard-release", rc, 1, &ri) < 0) {
            TAP_OK(0, "%s: parsed", html_cases[i].label);
            continue;
        }
        TAP_IS_INT(reply_is_cancel(&ri, "x"), html_cases[i].want, "%s", html_cases[i].label);
        reply_info_free(&ri);
    }
}

static const struct { const char *text; int want; } words[] = {
    { "取消", 1 }, { "取り消します", 1 }, { "キャンセル", 1 }, { "Cancel", 1 }, { "cAnCeL", 1 },
    { "送信してください", 0 }, { "", 0 }, { "OK", 0 },
};

/* issue 10 item 7: "reply as it is" never discards, whatever cancel word
 * the held subject holds and wherever, however spaced; the sender's own
 * word (subject or first line) cancels; a changed subject whose only
 * cancel words may be the held subject's is unclear. */
static void test_cancel_matrix(void)
{
    static const char *const cwords[] = { "取消", "取り消し", "キャンセル", "cancel", "CANCEL" };
    static const char *const gaps[] = { " ", "  ", "\t", "\xe3\x80\x80", "   " };
    static const char *const shown_gap[] = { " ", " ", " ", " ", "" };  /* as a client shows it */
    char held[256], shown[256], subj[512];
    reply_info ri;
    size_t w, g, pos, n = 0, bad = 0;

    for (w = 0; w < 5; w++)
        for (g = 0; g < 5; g++)
            for (pos = 0; pos < 3; pos++) {
                const char *a = pos == 0 ? cwords[w] : "Order", *b = pos == 1 ? cwords[w] : "notice",
                           *c = pos == 2 ? cwords[w] : "list";
                snprintf(held, sizeof(held), "%s%s%s%s%s", a, gaps[g], b, gaps[g], c);
                snprintf(shown, sizeof(shown), "%s%s%s%s%s", a, shown_gap[g], b, shown_gap[g], c);
                memset(&ri, 0, sizeof(ri));
                ri.first_line = (char *)"";
                /* a plain reply: the notification's subject, re-spaced */
                snprintf(subj, sizeof(subj), "Re: [送信保留] %s [SG:" ID ":" TOK "]", shown);
                ri.subject = subj;
                n++;
                if (reply_is_cancel(&ri, held) != REPLY_SEND) {
                    bad++;
                    printf("# plain reply to '%s' read as cancel/unclear\n", held);
                }
                /* the sender's word in front of it cancels */
                snprintf(subj, sizeof(subj), "%s Re: [送信保留] %s [SG:" ID ":" TOK "]",
                         cwords[(w + 1) % 5], shown);
                n++;
                if (reply_is_cancel(&ri, held) != REPLY_CANCEL) {
                    bad++;
                    printf("# '%s' to '%s' not a cancel\n", subj, held);
                }
                /* the first line cancels */
                snprintf(subj, sizeof(subj), "Re: [送信保留] %s [SG:" ID ":" TOK "]", shown);
                ri.first_line = (char *)cwords[w];
                n++;
                if (reply_is_cancel(&ri, held) != REPLY_CANCEL) {
                    bad++;
                    printf("# first line '%s' not a cancel\n", cwords[w]);
                }
                /* the client cut the subject after the cancel word: unclear */
                ri.first_line = (char *)"";
                snprintf(subj, sizeof(subj), "Re: [送信保留] %s%s", pos == 2 ? "list " : "",
                         cwords[w]);
                n++;
                if (reply_is_cancel(&ri, held) != REPLY_UNCLEAR) {
                    bad++;
                    printf("# cut subject '%s' of '%s' not unclear\n", subj, held);
                }
            }
    TAP_IS_INT(bad, 0, "cancel matrix: %zu replies (5 words x 5 spacings x 3 positions x 4 kinds)", n);
}

int main(void)
{
    size_t i;

    test_cases();
    test_cancel_matrix();
    test_jis_multipart();
    test_html();
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        TAP_IS_INT(reply_has_cancel_word(words[i].text) != 0, words[i].want, "cancel word '%s'",
                   words[i].text);
    g_mime_shutdown();
    return tap_done();
}
