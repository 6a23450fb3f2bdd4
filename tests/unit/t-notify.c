/*
 * t-notify - templates and composed notifications: the shipped templates
 * load; ja, en, both; UTF-8 (base64 body, RFC 2047 subject) and
 * ISO-2022-JP (7bit); unknown placeholders and malformed templates are
 * load errors with FILE:LINE; CR/LF in values never adds a header; bad
 * addresses are refused; digit runs masked; the notification lists
 * (reasons, masked evidence, recipients by domain) and the flat JSON reader.
 * The composed bytes are read back with GMime.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "hold_int.h"
#include "policy.h"
#include "sg_tap.h"

static char tdir[] = "/tmp/t-notify.XXXXXX";
static char srcdir[1024];

static GMimeMessage *parse(const char *data, size_t len)
{
    GMimeStream *st = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *p = g_mime_parser_new_with_stream(st);
    GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

    g_object_unref(p);
    g_object_unref(st);
    return m;
}

static char *body_text(GMimeMessage *m)
{
    GMimeObject *b = g_mime_message_get_mime_part(m);
    return b && GMIME_IS_TEXT_PART(b) ? g_mime_text_part_get_text(GMIME_TEXT_PART(b)) : NULL;
}

static void fill_vars(tpl_vars *v, const char *subject)
{
    memset(v, 0, sizeof(*v));
    tpl_set(v, "subject", subject);
    tpl_set(v, "sender", "taro@example.co.jp");
    tpl_set(v, "hold_id", "0123456789abcdef0123456789abcdef");
    tpl_set(v, "reasons", "- 個人番号 (マイナンバー): 本文に個人番号があります\n");
    tpl_set(v, "evidence", "- 個人番号 (マイナンバー): 1234********12 (本文)\n");
    tpl_set(v, "recipients", "partner.example 【初めての送信先】\n    x@partner.example\n");
    tpl_set(v, "deadline", "2030-01-01 10:00 (JST)");
}

/* Renders TPL_HOLD and composes it; returns the bytes (caller frees). */
static char *make_notice(const templates *t, int lang, const char *charset, const char *subject,
                         size_t *len)
{
    tpl_vars vj, ve;
    const tpl_vars *vars[2] = { &vj, &ve };
    sg_buf subj, body, out;
    notice n = { .from = "sendguard-release@example.co.jp", .to = "taro@example.co.jp",
                 .reply_to = "sendguard-release+0123.abc@example.co.jp",
                 .hostname = "mx.example.co.jp", .charset = charset };
    int rc;

    fill_vars(&vj, subject);
    fill_vars(&ve, subject);
    sg_buf_init(&subj, 4096);
    sg_buf_init(&body, HOLD_NOTICE_MAX);
    sg_buf_init(&out, HOLD_NOTICE_MAX);
    rc = notify_render(t, TPL_HOLD, lang, vars, &subj, &body);
    n.subject = sg_buf_str(&subj);
    n.body = sg_buf_str(&body);
    if (rc == 0)
        rc = notify_compose(&n, &out);
    sg_buf_free(&subj);
    sg_buf_free(&body);
    if (rc < 0) {
        sg_buf_free(&out);
        return NULL;
    }
    return sg_buf_steal(&out, len);
}

static const struct {
    const char *label; int lang; const char *charset;
    const char *subj_want, *body_has, *body_hasnt;
} variants[] = {
    { "ja utf-8", HOLD_LANG_JA, "utf-8", "[送信保留] 見積書の送付", "そのまま返信", "This is a hold" },
    { "en utf-8", HOLD_LANG_EN, "utf-8", "[Held] 見積書の送付", "reply to this notification", "そのまま返信" },
    { "both utf-8", HOLD_LANG_BOTH, "utf-8", "[送信保留] 見積書の送付", "(English)", NULL },
    { "ja iso-2022-jp", HOLD_LANG_JA, "iso-2022-jp", "[送信保留] 見積書の送付", "そのまま返信", NULL },
    { "both iso-2022-jp", HOLD_LANG_BOTH, "iso-2022-jp", "[送信保留] 見積書の送付", "1234********12", NULL },
};

static int first_line_has_cancel(const char *body)
{
    const char *p = body;
    char line[1024];
    size_t n;

    while (*p == '\n' || *p == '\r')
        p++;
    n = strcspn(p, "\r\n");
    if (n >= sizeof(line))
        n = sizeof(line) - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    return reply_has_cancel_word(line);
}

static void test_variants(const templates *t)
{
    size_t i, len, j;
    char *data, *text;
    GMimeMessage *m;
    int eightbit;

    for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
        data = make_notice(t, variants[i].lang, variants[i].charset, "見積書の送付", &len);
        TAP_OK(data != NULL, "%s: composed", variants[i].label);
        if (!data)
            continue;
        for (eightbit = 0, j = 0; j < len; j++)
            eightbit |= (unsigned char)data[j] >= 0x80;
        TAP_OK(!eightbit, "%s: 7-bit on the wire", variants[i].label);
        TAP_OK(strstr(data, "\r\nAuto-Submitted: auto-generated\r\n") != NULL,
               "%s: Auto-Submitted", variants[i].label);
        TAP_OK(strstr(data, "\r\nReply-To: <sendguard-release+0123.abc@example.co.jp>\r\n") != NULL,
               "%s: Reply-To", variants[i].label);
        TAP_OK(strstr(data, strcmp(variants[i].charset, "utf-8") == 0 ? "charset=UTF-8"
                                                                       : "charset=ISO-2022-JP"),
               "%s: charset", variants[i].label);
        m = parse(data, len);
        TAP_IS_STR(m ? g_mime_message_get_subject(m) : NULL, variants[i].subj_want,
                   "%s: subject decodes", variants[i].label);
        text = m ? body_text(m) : NULL;
        TAP_OK(text && strstr(text, variants[i].body_has), "%s: body has '%s'", variants[i].label,
               variants[i].body_has);
        if (variants[i].body_hasnt)
            TAP_OK(text && !strstr(text, variants[i].body_hasnt), "%s: body lacks '%s'",
                   variants[i].label, variants[i].body_hasnt);
        TAP_OK(text && !first_line_has_cancel(text), "%s: first body line has no cancel word",
               variants[i].label);
        g_free(text);
        if (m)
            g_object_unref(m);
        free(data);
    }
}

static void test_injection(const templates *t)
{
    size_t len;
    char *data = make_notice(t, HOLD_LANG_EN, "utf-8", "hi\r\nBcc: evil@attacker.example\r\n"
                             "\r\nfake body", &len);
    GMimeMessage *m = data ? parse(data, len) : NULL;
    const char *s;

    TAP_OK(data != NULL, "CR/LF subject: composed");
    TAP_OK(m && !g_mime_object_get_header(GMIME_OBJECT(m), "Bcc"), "CR/LF subject: no Bcc header");
    s = m ? g_mime_message_get_subject(m) : NULL;
    TAP_OK(s && strstr(s, "Bcc: evil@attacker.example") && !strchr(s, '\n'),
           "CR/LF subject: stays one subject line");
    if (m)
        g_object_unref(m);
    free(data);

    {
        sg_buf out;
        notice n = { .from = "r@example.co.jp", .to = "taro@example.co.jp\r\nBcc: x@y",
                     .hostname = "h", .charset = "utf-8", .subject = "s", .body = "b" };
        sg_buf_init(&out, HOLD_NOTICE_MAX);
        TAP_IS_INT(notify_compose(&n, &out), -1, "CR/LF in an address: refused");
        n.to = "a b@example.co.jp";
        TAP_IS_INT(notify_compose(&n, &out), -1, "space in an address: refused");
        n.to = "taro@example.co.jp";
        n.reply_to = "<x>@example.co.jp";
        TAP_IS_INT(notify_compose(&n, &out), -1, "angle brackets in Reply-To: refused");
        sg_buf_free(&out);
    }
}

static void write_tpl(const char *name, const char *text)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", tdir, name);
    if ((fp = fopen(path, "w"))) {
        fputs(text, fp);
        fclose(fp);
    }
}

static void copy_templates(void)
{
    char cmd[2048];

    snprintf(cmd, sizeof(cmd), "cp %s/hold/templates/*.txt %s/", srcdir, tdir);
    if (system(cmd) != 0)
        printf("# copy failed\n");
}

static const struct { const char *file, *text, *want, *label; } bad_tpl[] = {
    { "hold.en.txt", "Subject: x\n\nline one\nline ${bogus} two\n", "hold.en.txt:4: unknown placeholder ${bogus}",
      "unknown placeholder in the body" },
    { "expired.ja.txt", "# c\nSubject: ${nope}\n\nbody\n", "expired.ja.txt:2: unknown placeholder ${nope}",
      "unknown placeholder in the subject" },
    { "released.en.txt", "no subject line\n\nbody\n", "released.en.txt:1: expected 'Subject",
      "missing Subject line" },
    { "refused.ja.txt", "Subject: x\nbody right away\n", "refused.ja.txt:2: expected a blank line",
      "no blank line after Subject" },
    { "delay.en.txt", "Subject: x\n\nbody ${subject\n", "delay.en.txt:3: unterminated",
      "unterminated placeholder" },
};

static void test_load_errors(void)
{
    char err[1024], path[512];
    templates *t;
    size_t i;

    for (i = 0; i < sizeof(bad_tpl) / sizeof(bad_tpl[0]); i++) {
        copy_templates();
        write_tpl(bad_tpl[i].file, bad_tpl[i].text);
        t = templates_load(tdir, err, sizeof(err));
        TAP_OK(!t && strstr(err, bad_tpl[i].want), "%s (%s)", bad_tpl[i].label, t ? "" : err);
        templates_free(t);
    }
    copy_templates();
    snprintf(path, sizeof(path), "%s/waiting.en.txt", tdir);
    unlink(path);
    t = templates_load(tdir, err, sizeof(err));
    TAP_OK(!t && strstr(err, "waiting.en.txt"), "missing template file named (%s)", err);
    templates_free(t);
    copy_templates();
    write_tpl("hold.en.txt", "# ok\nSubject: [x] ${subject} $5 ${hold_id}\n\nA $ sign and ${reasons}\n");
    t = templates_load(tdir, err, sizeof(err));
    TAP_OK(t != NULL, "edited template with literal '$' loads");
    if (t) {
        tpl_vars v;
        sg_buf s, b;
        memset(&v, 0, sizeof(v));
        tpl_set(&v, "subject", "S");
        tpl_set(&v, "hold_id", "H");
        tpl_set(&v, "reasons", "R\x01\x1b");
        sg_buf_init(&s, 1024);
        sg_buf_init(&b, 1024);
        templates_render(t, TPL_HOLD, TPL_LANG_EN, &v, &s, &b);
        TAP_IS_STR(sg_buf_str(&s), "[x] S $5 H", "edited subject rendered");
        TAP_IS_STR(sg_buf_str(&b), "A $ sign and R  \n", "control characters replaced in body values");
        sg_buf_free(&s);
        sg_buf_free(&b);
    }
    templates_free(t);
    /* issue 10 item 6: a value from the message is one line in the body
     * too (an encoded LF in the subject or a file name cannot add a line),
     * C1 controls included; the lists keep their own line breaks */
    write_tpl("hold.en.txt", "Subject: ${subject}\n\nS=${subject}\nF=${sender}\n${reasons}");
    t = templates_load(tdir, err, sizeof(err));
    if (t) {
        tpl_vars v;
        sg_buf s, b;
        memset(&v, 0, sizeof(v));
        tpl_set(&v, "subject", "Hi\nBcc: x@evil.example\r\n\xc2\x9b" "2J\xe2\x80\xa8" "end");
        tpl_set(&v, "sender", "a@example.co.jp\nReply here: x@evil.example");
        tpl_set(&v, "reasons", "- one\n- two\n");
        sg_buf_init(&s, 1024);
        sg_buf_init(&b, 1024);
        templates_render(t, TPL_HOLD, TPL_LANG_EN, &v, &s, &b);
        TAP_IS_STR(sg_buf_str(&s), "Hi Bcc: x@evil.example   2J end", "subject: LF, CR, C1, U+2028 are spaces");
        TAP_IS_STR(sg_buf_str(&b), "S=Hi Bcc: x@evil.example   2J end\n"
                   "F=a@example.co.jp Reply here: x@evil.example\n- one\n- two\n",
                   "body: message values one line, lists keep their lines");
        sg_buf_free(&s);
        sg_buf_free(&b);
    }
    templates_free(t);
}

static void test_helpers(void)
{
    char s1[] = "番号 1234-5678-9012 と 12345 と 090 1234 5678";
    char *tag = notify_tagged_address("sendguard-release@example.co.jp", "abcd", "tok");

    notify_mask_digits(s1);
    TAP_IS_STR(s1, "番号 1234-****-**12 と 12345 と 090 1*** **78", "long digit runs masked");
    TAP_IS_STR(tag, "sendguard-release+abcd.tok@example.co.jp", "tagged address");
    free(tag);
}

static void test_lists(void)
{
    static const char findings[] =
        "[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":2,\"persons\":2,"
        "\"location\":\"body\",\"evidence\":\"1234********12\"},"
        "{\"rule\":\"credit-card\",\"confidence\":\"low\",\"count\":1,\"location\":\"body\","
        "\"evidence\":\"4111********11\"},"
        "{\"rule\":\"personal-data\",\"confidence\":\"medium\",\"count\":1,"
        "\"location\":\"attachment list.zip/顧客.csv\",\"evidence\":\"\\u7530\\u4e2d **\","
        "\"extra\":{\"nested\":[1,2]}}]";
    sg_rcpt rc[] = {
        { "boss@example.co.jp", 0, 0, 0, NULL },
        { "x@partner.example", 1, 0, 1, NULL },
        { "y@partner.example", 1, 0, 1, NULL },
        { "z@partnre.example", 1, 0, 0, "partner.example" },
    };
    sg_rule_hit hit = { "mynumber", SG_ACT_HOLD, "My Number in the body", "本文に個人番号", 0 };
    sg_decision d = { .action = SG_ACT_HOLD, .hits = &hit, .nhits = 1, .rcpts = rc, .nrcpts = 4 };
    sg_buf b;

    sg_buf_init(&b, 65536);
    TAP_IS_INT(notice_text_evidence(findings, 0, &b), 0, "evidence list built");
    TAP_IS_STR(sg_buf_str(&b), "- 個人番号 (マイナンバー): 1234********12 (本文, 2件)\n"
               "- 個人情報: 田中 ** (添付ファイル list.zip/顧客.csv)\n",
               "evidence: masked, located, low findings left out (ja)");
    sg_buf_reset(&b);
    notice_text_evidence(findings, 1, &b);
    TAP_OK(strstr(sg_buf_str(&b), "My Number (individual number): 1234********12 (body, 2 found)"),
           "evidence (en)");
    sg_buf_reset(&b);
    notice_text_recipients(&d, NULL, 0, &b);
    TAP_IS_STR(sg_buf_str(&b), "partner.example 【初めての送信先】\n    x@partner.example\n"
               "    y@partner.example\npartnre.example 【partner.example に似たドメイン】\n"
               "    z@partnre.example\n", "recipients grouped by domain, marked, internal left out");
    sg_buf_reset(&b);
    notice_text_reasons(&d, NULL, 0, &b);
    TAP_IS_STR(sg_buf_str(&b), "- 個人番号 (マイナンバー): 本文に個人番号\n", "reasons from the decision (ja)");
    sg_buf_reset(&b);
    /* issue 10 items 2, 6: a file name with an encoded LF and a number
     * stays one masked line */
    TAP_IS_INT(notice_text_evidence("[{\"rule\":\"mynumber\",\"confidence\":\"high\","
                                    "\"location\":\"attachment 123456789018\\nBcc: x.csv\","
                                    "\"evidence\":\"1234******18\"}]", 1, &b), 0,
               "evidence with a hostile file name");
    TAP_IS_STR(sg_buf_str(&b), "- My Number (individual number): 1234******18 "
               "(attachment 1234******18 Bcc: x.csv)\n", "file name: one line, number masked");
    sg_buf_reset(&b);
    notice_text_reasons(NULL, "[\"mynumber\",\"bulk-external\"]", 1, &b);
    TAP_IS_STR(sg_buf_str(&b), "- My Number (individual number)\n- many external recipients in To/Cc\n",
               "reasons from stored rule ids (en)");
    sg_buf_reset(&b);
    /* stored text that is not the record's JSON is an error, not a crash */
    TAP_IS_INT(notice_text_evidence("[{\"rule\":\"x}]", 1, &b), -1, "json: unterminated string");
    TAP_IS_INT(notice_text_evidence("[{\"rule\" 1}]", 1, &b), -1, "json: missing colon");
    TAP_IS_INT(notice_text_evidence("[[[[[[[[[[[[1]]]]]]]]]]]]", 1, &b), -1, "json: too deep");
    TAP_IS_INT(notice_text_reasons(NULL, "[] x", 1, &b), -1, "json: trailing garbage");
    sg_buf_free(&b);
}

int main(void)
{
    char err[1024], cmd[1100];
    const char *top = getenv("top_srcdir");
    templates *t;

    g_mime_init();
    snprintf(srcdir, sizeof(srcdir), "%s", top ? top : ".");
    if (!mkdtemp(tdir))
        return 1;
    snprintf(cmd, sizeof(cmd), "%s/hold/templates", srcdir);
    t = templates_load(cmd, err, sizeof(err));
    TAP_OK(t != NULL, "shipped templates load%s%s", t ? "" : ": ", t ? "" : err);
    if (t) {
        test_variants(t);
        test_injection(t);
    }
    templates_free(t);
    test_load_errors();
    test_helpers();
    test_lists();
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tdir);
    if (system(cmd) != 0)
        printf("# cleanup failed\n");
    g_mime_shutdown();
    return tap_done();
}
