/*
 * t-holdflow - the whole workflow against an in-process SMTP sink (no
 * Postfix): notification -> reply -> re-injection byte-identical with one
 * trace header, to the held recipients, once; second reply "already sent";
 * cancel; forged token; wrong sender; external replier not answered;
 * SMTP AUTH user mismatch; the token only in the body (no header an MTA
 * logs), an outside client with a valid token refused and not answered,
 * [hold] reply_proof, explanations limited (backscatter); expired; approver flow (the sender's cancel-only
 * note); auto-replies ignored; relay down -> retry -> delivered once; delay
 * holds released at the deadline; a crash between recording and flagging
 * a release repaired at start; admin release/discard; the background
 * thread. Time is never asserted: deadlines are set in the past or far in
 * the future, retries are made due by setting next_attempt.
 */
#define _GNU_SOURCE 1   /* asprintf */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "hold_int.h"
#include "holdflow.h"
#include "holdflow_int.h"
#include "holdflow_access.h"
#include "sg_tap.h"
#include "smtp_sink.h"

#define RELEASE "sendguard-release@example.co.jp"
#define TARO "taro@example.co.jp"
#define BOSS "boss@example.co.jp"

static char dir[] = "/tmp/t-holdflow.XXXXXX";
static char uri[300];
static smtp_sink *sink;

static const char held_bytes[] =
    "Received: from client by mx\r\n"
    "From: taro@example.co.jp\r\nTo: x@partner.example, y@other.example\r\n"
    "Subject: =?UTF-8?B?6KaL56mN5pu4?=\r\nMessage-ID: <m1@example.co.jp>\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n"
    "\x96\x7b\x95\xb6 8-bit body\r\n.leading dot\r\n..two dots\r\nno final newline";

static char *default_rcpts[] = { "x@partner.example", "y@other.example", NULL };
static char **hold_rcpts = default_rcpts;

static sg_hold *put_hold(sg_store *st, int kind, const char *sender, const char *approver,
                         const char *auth, time_t expires)
{
    char **rcpts = hold_rcpts;
    sg_record_event ev = { .event = "hold", .sender = sender, .action = "hold", .actor = "milter" };
    sg_hold *h = calloc(1, sizeof(*h));

    h->kind = kind;
    h->created = time(NULL);
    h->expires = expires;
    h->sender = strdup(sender);
    h->auth_user = auth ? strdup(auth) : NULL;
    h->approver = approver ? strdup(approver) : NULL;
    h->message_id = strdup("<m1@example.co.jp>");
    h->rcpts = rcpts;
    h->rules_json = strdup("[\"mynumber\"]");
    h->findings_json = strdup("[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":1,"
                              "\"location\":\"body\",\"evidence\":\"1234********12\"}]");
    h->message = (unsigned char *)strdup(held_bytes);
    h->message_len = sizeof(held_bytes) - 1;
    if (store_hold_put(st, h, &ev) < 0)
        printf("# store_hold_put: %s\n", store_error(st));
    h->rcpts = NULL;
    return h;
}

/* The decoded text body of a composed notice (g_free), NULL if none. */
static char *notice_body(const char *data, size_t len)
{
    GMimeStream *st = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *p = g_mime_parser_new_with_stream(st);
    GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
    GMimeObject *b = m ? g_mime_message_get_mime_part(m) : NULL;
    char *t = b && GMIME_IS_TEXT_PART(b) ? g_mime_text_part_get_text(GMIME_TEXT_PART(b)) : NULL;

    if (m)
        g_object_unref(m);
    g_object_unref(p);
    g_object_unref(st);
    return t;
}

/* What a reply to the newest message to "to" since index from needs:
 * "REPLY-TO\n[SG:ID:TOKEN]" -- the Reply-To address and the token line of
 * the body (the only place of the token), which reply() quotes. */
static char *reply_to_of(size_t from, const char *to)
{
    size_t i, n = sink_count(sink);
    char *out = NULL, *body, *code;

    for (i = from; i < n; i++) {
        sink_msg *m = sink_get(sink, i);
        const char *p = m ? strstr(m->data, "\r\nReply-To: <") : NULL;
        if (m && strcmp(m->rcpts, to) == 0 && p) {
            free(out);
            body = notice_body(m->data, m->len);
            code = body ? strstr(body, "[SG:") : NULL;
            if (asprintf(&out, "%.*s\n%.*s", (int)strcspn(p + 13, ">"), p + 13,
                         code ? (int)strcspn(code, "]") + 1 : 0, code ? code : "") < 0)
                out = NULL;
            g_free(body);
        }
        sink_msg_free(m);
    }
    return out;
}

/* Count of messages since from whose envelope sender is env_from and that
 * contain needle. */
static size_t count_msgs(size_t from, const char *env_from, const char *needle)
{
    size_t i, n = sink_count(sink), c = 0;

    for (i = from; i < n; i++) {
        sink_msg *m = sink_get(sink, i);
        if (m && (!env_from || strcmp(m->from, env_from) == 0) &&
            (!needle || strstr(m->data, needle)))
            c++;
        sink_msg_free(m);
    }
    return c;
}

/* The client of the next replies (127.0.0.1 is in client_networks). */
static const char *client = "127.0.0.1";

/* A reply to rcpt ("ADDRESS" or "ADDRESS\nCODE" from reply_to_of: the
 * code line is quoted below body, as a mail client does). */
static int reply(holdflow *hf, sg_store *st, const char *from, const char *rcpt,
                 const char *subject, const char *body, const char *auth, const char *autosub)
{
    char raw[4096], addr[512];
    const char *nl = strchr(rcpt, '\n');
    const char *rc[1] = { addr };
    sg_header hd[2] = { { "Subject", subject }, { "Auto-Submitted", autosub } };
    sg_envelope env = { .mail_from = from, .rcpts = rc, .nrcpts = 1, .auth_user = auth,
                        .client_addr = client, .headers = hd, .nheaders = autosub ? 2 : 1 };

    snprintf(addr, sizeof(addr), "%.*s", nl ? (int)(nl - rcpt) : (int)strlen(rcpt), rcpt);
    snprintf(raw, sizeof(raw), "From: %s\r\nTo: %s\r\nSubject: %s\r\n%s%s\r\n\r\n%s\r\n\r\n> %s\r\n",
             from, addr, subject, autosub ? "Auto-Submitted: " : "", autosub ? autosub : "", body,
             nl ? nl + 1 : "");
    return holdflow_handle_reply(hf, st, &env, raw, strlen(raw), "QID1");
}

static int state_of(sg_store *st, const char *id, int *pending, int *attempts)
{
    sg_hold *h = NULL;
    int s;

    if (store_hold_get(st, id, &h) < 0)
        return -1;
    s = (int)h->state;
    if (pending)
        *pending = h->release_pending;
    if (attempts)
        *attempts = h->attempts;
    sg_hold_free(h);
    return s;
}

static int last_note(sg_store *st, const char *id, const char *event, const char *note)
{
    sg_record_row **rows = NULL;
    size_t n = 0, i;
    int found = 0;

    if (store_records_for_hold(st, id, &rows, &n) < 0)
        return 0;
    for (i = 0; i < n; i++)
        if (strcmp(rows[i]->event, event) == 0 &&
            (!note || (rows[i]->note && strcmp(rows[i]->note, note) == 0)))
            found = 1;
    sg_record_rows_free(rows, n);
    return found;
}

static void test_release(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink);
    sg_hold *h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    char *rt, want[sizeof(held_bytes) + 200];
    sink_msg *m;
    int pending = -1, attempts = -1;

    TAP_IS_INT(holdflow_notify_hold(hf, st, h, NULL), 0, "release: notified");
    rt = reply_to_of(base, TARO);
    TAP_OK(rt && strncmp(rt, "sendguard-release+", 18) == 0, "release: notice to the sender with a tagged Reply-To");
    TAP_IS_INT(count_msgs(base, "", NULL), 1, "release: notice sent with the null envelope sender");
    base = sink_count(sink);
    TAP_IS_INT(reply(hf, st, TARO, rt ? rt : "", "Re: [送信保留] 見積書", "", NULL, NULL), 0,
               "release: reply handled");
    TAP_IS_INT(state_of(st, h->id, &pending, &attempts), SG_HOLD_RELEASED, "release: state released");
    TAP_OK(pending == 0 && attempts == 1, "release: delivered on the first attempt (pending %d attempts %d)",
           pending, attempts);
    TAP_IS_INT(count_msgs(base, TARO, "X-Sendguard-Released: "), 1, "release: re-injected once");
    m = NULL;
    for (size_t i = base; i < sink_count(sink) && !m; i++) {
        m = sink_get(sink, i);
        if (m && strcmp(m->from, TARO) != 0)
            m = (sink_msg_free(m), NULL);
    }
    snprintf(want, sizeof(want), "X-Sendguard-Released: %s by %s at ", h->id, TARO);
    TAP_OK(m && strncmp(m->data, want, strlen(want)) == 0, "release: trace header on top");
    /* SMTP ends the data with CRLF: the held bytes lack a final newline */
    TAP_OK(m && (size_t)(m->data + m->len - (strstr(m->data, "\r\n") + 2)) == sizeof(held_bytes) + 1 &&
           memcmp(strstr(m->data, "\r\n") + 2, held_bytes, sizeof(held_bytes) - 1) == 0 &&
           strcmp(m->data + m->len - 2, "\r\n") == 0,
           "release: held bytes byte-identical after the trace header");
    TAP_IS_STR(m ? m->rcpts : NULL, "x@partner.example y@other.example", "release: held recipients only");
    sink_msg_free(m);
    TAP_IS_INT(count_msgs(base, "", "Subject: "), 1, "release: confirmation to the sender");
    TAP_OK(last_note(st, h->id, "release", "reply"), "release: recorded");

    base = sink_count(sink);
    TAP_IS_INT(reply(hf, st, TARO, rt ? rt : "", "Re: again", "", NULL, NULL), 0, "second reply handled");
    TAP_IS_INT(count_msgs(base, TARO, NULL), 0, "second reply: nothing re-injected");
    TAP_IS_INT(count_msgs(base, "", NULL), 1, "second reply: answered");
    TAP_OK(last_note(st, h->id, "attempt", "already-released"), "second reply: attempt recorded");
    free(rt);
    sg_hold_free(h);
}

static void test_refusals(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink);
    sg_hold *h = put_hold(st, 0, TARO, NULL, "taro", time(NULL) + 3600);
    char *rt, forged[512];
    size_t n;

    holdflow_notify_hold(hf, st, h, NULL);
    rt = reply_to_of(base, TARO);
    snprintf(forged, sizeof(forged), "%s", rt ? rt : "");
    n = strlen(forged);
    if (n > 20)
        forged[n - 20] = forged[n - 20] == 'a' ? 'b' : 'a';   /* a token character */

    base = sink_count(sink);
    reply(hf, st, TARO, forged, "Re: x", "", "taro", NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "forged token: still held");
    TAP_OK(last_note(st, h->id, "attempt", "forged"), "forged token: attempt recorded");
    TAP_IS_INT(count_msgs(base, "", NULL), 1, "forged token: the replier gets an explanation");

    reply(hf, st, "hanako@example.co.jp", rt ? rt : "", "Re: x", "", "taro", NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "wrong sender: still held");
    TAP_OK(last_note(st, h->id, "attempt", "wrong-sender"), "wrong sender: attempt recorded");

    base = sink_count(sink);
    reply(hf, st, "evil@attacker.example", rt ? rt : "", "Re: x", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "external replier: still held");
    TAP_IS_INT(count_msgs(base, NULL, NULL), 0, "external replier: never answered");

    reply(hf, st, TARO, rt ? rt : "", "Re: x", "", "hanako", NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "other SMTP AUTH user: still held");
    TAP_OK(last_note(st, h->id, "attempt", "wrong-auth"), "other SMTP AUTH user: attempt recorded");

    base = sink_count(sink);
    reply(hf, st, TARO, rt ? rt : "", "Re: x", "", "taro", "auto-replied");
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "auto-reply: still held");
    TAP_IS_INT(count_msgs(base, NULL, NULL), 0, "auto-reply: not answered");

    reply(hf, st, TARO, RELEASE, "Re: no tag", "hello", "taro", NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "reply without a tag: still held");

    base = sink_count(sink);
    reply(hf, st, TARO, rt ? rt : "", "取消", "", "taro", NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_DISCARDED, "cancel: discarded");
    TAP_IS_INT(count_msgs(base, TARO, NULL), 0, "cancel: nothing re-injected");
    TAP_IS_INT(count_msgs(base, "", NULL), 1, "cancel: confirmed");
    TAP_OK(last_note(st, h->id, "discard", "reply"), "cancel: recorded");
    free(rt);
    sg_hold_free(h);
}

/* issue 10 items 1 and 5: the token is in no header an MTA logs; a valid
 * token from a client that is neither authenticated nor a company host
 * releases nothing and is not answered; explanations are limited. */
static void test_security(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink), i, n;
    sg_hold *h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    char *rt, *code, hdrs[4096] = "", tok[HOLD_TOKEN_CHARS + 1];
    sink_msg *m;
    sg_envelope env = { .mail_from = TARO };

    holdflow_notify_hold(hf, st, h, NULL);
    rt = reply_to_of(base, TARO);
    code = rt ? strchr(rt, '\n') : NULL;
    TAP_OK(code && strlen(code + 1) == 4 + strlen(h->id) + 1 + HOLD_TOKEN_CHARS + 1,
           "token: the body has the [SG:ID:TOKEN] line");
    snprintf(tok, sizeof(tok), "%s", code ? code + 1 + 4 + strlen(h->id) + 1 : "");
    m = sink_get(sink, sink_count(sink) - 1);
    if (m)
        snprintf(hdrs, sizeof(hdrs), "%.*s", (int)(strstr(m->data, "\r\n\r\n") - m->data), m->data);
    sink_msg_free(m);
    TAP_OK(*tok && *hdrs && !strstr(hdrs, tok), "token: in no header (Message-ID, Reply-To, Subject)");
    TAP_OK(strstr(hdrs, h->id) != NULL, "token: the headers name the hold id");

    /* the reply keeps the subject tag but not the quoted body */
    {
        char subj[200];
        snprintf(subj, sizeof(subj), "Re: [送信保留] 見積書 [SG:%s]", h->id);
        reply(hf, st, TARO, RELEASE, subj, "", NULL, NULL);
    }
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "no token: still held");
    TAP_OK(last_note(st, h->id, "attempt", "no-token"), "no token: attempt recorded as no-token");

    /* the attack: token read from a log, MAIL FROM forged, outside client */
    client = "198.51.100.7";
    base = sink_count(sink);
    reply(hf, st, TARO, rt ? rt : "", "Re: x", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "outside client with a valid token: still held");
    TAP_OK(last_note(st, h->id, "attempt", "not-proven"), "outside client: attempt recorded as not-proven");
    TAP_IS_INT(count_msgs(base, NULL, NULL), 0, "outside client: no mail to the (forged) sender");
    client = "127.0.0.1";

    /* [hold] reply_proof as holdflow_reply_proof answers it */
    env.client_addr = "127.0.0.1";
    hf->proof = HOLD_PROOF_AUTH;
    TAP_IS_STR(holdflow_reply_proof(hf, &env, NULL), "not-proven", "proof auth: a company host is not enough");
    env.auth_user = "taro";
    TAP_OK(holdflow_reply_proof(hf, &env, NULL) == NULL, "proof auth: SMTP AUTH is");
    hf->proof = HOLD_PROOF_AUTH_AND_NETWORK;
    env.client_addr = "198.51.100.7";
    TAP_IS_STR(holdflow_reply_proof(hf, &env, NULL), "not-proven", "proof auth-and-network: AUTH from outside is not");
    hf->proof = HOLD_PROOF_AUTH_OR_NETWORK;
    env.auth_user = NULL;
    TAP_IS_STR(holdflow_reply_proof(hf, &env, NULL), "not-proven", "proof default: outside and unauthenticated is not");
    env.client_addr = NULL;
    TAP_IS_STR(holdflow_reply_proof(hf, &env, NULL), "not-proven", "proof default: unknown client is not");

    /* backscatter: 20 forged replies from a company host give at most
     * HOLD_EXPLAIN_PER_ADDR explanations */
    base = sink_count(sink);
    for (i = 0; i < 20; i++)
        reply(hf, st, "jiro@example.co.jp", "sendguard-release+0123456789abcdef.aaaaaaaaaaaaaaaaaaaaaaaaaa@example.co.jp",
              "Re: x", "", NULL, NULL);
    n = count_msgs(base, "", NULL);
    TAP_OK(n >= 1 && n <= HOLD_EXPLAIN_PER_ADDR, "backscatter: 20 refused replies, %zu explanations", n);
    free(rt);
    sg_hold_free(h);
}

static void test_expiry(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink);
    sg_hold *h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) - 1);
    sg_hold *d = put_hold(st, 2, TARO, NULL, NULL, time(NULL) - 1);
    char *rt;

    holdflow_notify_hold(hf, st, h, NULL);
    rt = reply_to_of(base, TARO);
    reply(hf, st, TARO, rt ? rt : "", "Re: late", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "expired: a late reply releases nothing");
    TAP_OK(last_note(st, h->id, "attempt", "expired"), "expired: attempt recorded");
    base = sink_count(sink);
    TAP_OK(holdflow_run_due(hf, st) >= 2, "run_due: handled the due holds");
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_EXPIRED, "expiry: confirmation hold expired");
    TAP_OK(last_note(st, h->id, "expire", NULL), "expiry: recorded");
    TAP_IS_INT(state_of(st, d->id, NULL, NULL), SG_HOLD_RELEASED, "delay hold: released at the deadline");
    TAP_OK(last_note(st, d->id, "release", "delay elapsed"), "delay hold: recorded");
    TAP_IS_INT(count_msgs(base, TARO, d->id), 1, "delay hold: delivered");
    TAP_IS_INT(count_msgs(base, "", NULL), 1, "expiry: the sender is told");
    free(rt);
    sg_hold_free(h);
    sg_hold_free(d);
}

static void test_approver(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink);
    const char *appr = BOSS;   /* the policy names it (t-policy: hold terms) */
    sg_hold *h = put_hold(st, 1, TARO, appr, NULL, time(NULL) + 3600);
    char *rt_boss, *rt_taro;

    holdflow_notify_hold(hf, st, h, NULL);
    rt_boss = reply_to_of(base, BOSS);
    rt_taro = reply_to_of(base, TARO);
    TAP_OK(rt_boss && rt_taro, "approver: approver and sender both notified");
    reply(hf, st, TARO, rt_taro ? rt_taro : "", "Re: please", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "approver: the sender cannot release");
    TAP_OK(last_note(st, h->id, "attempt", "cancel-only"), "approver: sender's attempt recorded");
    reply(hf, st, TARO, rt_boss ? rt_boss : "", "Re: x", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_HELD, "approver: the sender with the approver's token cannot");
    base = sink_count(sink);
    reply(hf, st, BOSS, rt_boss ? rt_boss : "", "Re: approve", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_RELEASED, "approver: the approver releases");
    TAP_IS_INT(count_msgs(base, TARO, h->id), 1, "approver: delivered");
    free(rt_boss);
    free(rt_taro);
    sg_hold_free(h);

    base = sink_count(sink);
    h = put_hold(st, 1, TARO, BOSS, NULL, time(NULL) + 3600);
    holdflow_notify_hold(hf, st, h, NULL);
    rt_taro = reply_to_of(base, TARO);
    reply(hf, st, TARO, rt_taro ? rt_taro : "", "Re: 取消", "", NULL, NULL);
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_DISCARDED, "approver: the sender may withdraw");
    free(rt_taro);
    sg_hold_free(h);
}

static void test_retry(holdflow *hf, sg_store *st)
{
    size_t base = sink_count(sink);
    sg_hold *h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    int pending = -1, attempts = -1;

    sink_fail_data(sink, 1);
    TAP_IS_INT(holdflow_release(hf, st, h->id, "admin"), 0, "relay down: admin release accepted");
    TAP_IS_INT(state_of(st, h->id, &pending, &attempts), SG_HOLD_RELEASED, "relay down: recorded as released");
    TAP_OK(pending == 1 && attempts == 1, "relay down: pending after one failed attempt");
    holdflow_run_due(hf, st);
    TAP_IS_INT(state_of(st, h->id, &pending, &attempts), SG_HOLD_RELEASED, "relay down: backoff respected");
    TAP_IS_INT(attempts, 1, "relay down: no attempt before next_attempt");
    store_hold_set_pending(st, h->id, 1, attempts, 0);
    holdflow_run_due(hf, st);
    state_of(st, h->id, &pending, &attempts);
    TAP_OK(pending == 1 && attempts == 2, "relay still down: second attempt failed, still pending");
    sink_fail_data(sink, 0);
    store_hold_set_pending(st, h->id, 1, attempts, 0);
    holdflow_run_due(hf, st);
    state_of(st, h->id, &pending, &attempts);
    TAP_OK(pending == 0 && attempts == 3, "relay up: delivered, pending cleared");
    holdflow_run_due(hf, st);
    TAP_IS_INT(count_msgs(base, TARO, h->id), 1, "relay up: delivered exactly once");
    TAP_IS_INT(holdflow_release(hf, st, h->id, "admin"), 1, "admin release of a released hold: 1");
    TAP_IS_INT(holdflow_discard(hf, st, h->id, "admin"), 1, "admin discard of a released hold: 1");
    TAP_IS_INT(holdflow_release(hf, st, "00000000000000000000000000000000", "admin"), 1,
               "admin release of an unknown hold: 1");
    sg_hold_free(h);

    h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    TAP_IS_INT(holdflow_discard(hf, st, h->id, "admin"), 0, "admin discard");
    TAP_IS_INT(state_of(st, h->id, NULL, NULL), SG_HOLD_DISCARDED, "admin discard: discarded");
    sg_hold_free(h);
}

static void test_sweep_and_thread(const sg_config *cfg, sg_store *st)
{
    sg_record_event ev = { .event = "release", .actor = "crash-test" };
    sg_hold *h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    sg_hold *d = put_hold(st, 2, TARO, NULL, NULL, time(NULL) - 1);
    size_t base = sink_count(sink);
    char err[512];
    holdflow *hf;
    int i;

    store_hold_transition(st, h->id, SG_HOLD_HELD, SG_HOLD_RELEASED, &ev);  /* then "crash" */
    hf = holdflow_new(cfg, err, sizeof(err));
    TAP_OK(hf && holdflow_start(hf, uri) == 0, "background thread started");
    for (i = 0; i < 100 && (count_msgs(base, TARO, h->id) == 0 || count_msgs(base, TARO, d->id) == 0); i++)
        usleep(100 * 1000);
    holdflow_stop(hf);
    TAP_IS_INT(count_msgs(base, TARO, h->id), 1, "crash before pending: re-injected once after restart");
    TAP_IS_INT(count_msgs(base, TARO, d->id), 1, "thread: due delay hold released");
    holdflow_free(hf);
    sg_hold_free(h);
    sg_hold_free(d);
}

/* One definition of "internal": a whole-message hold of mail to the bare
 * local name postmaster was recorded external:false at hold (the policy's
 * view) and external:true at release (the hold workflow's own test). */
static void test_release_record_internal(holdflow *hf, sg_store *st)
{
    static char *rcpts[] = { "postmaster", "Taro@EXAMPLE.CO.JP.", "x@partner.example", NULL };
    sg_record_row **rows = NULL;
    size_t n = 0, i;
    const char *rj = NULL;
    sg_hold *h;

    hold_rcpts = rcpts;
    h = put_hold(st, 0, TARO, NULL, NULL, time(NULL) + 3600);
    hold_rcpts = default_rcpts;
    TAP_IS_INT(holdflow_release(hf, st, h->id, "admin"), 0, "internal rcpts: admin release");
    if (store_records_for_hold(st, h->id, &rows, &n) == 0)
        for (i = 0; i < n; i++)
            if (strcmp(rows[i]->event, "release") == 0)
                rj = rows[i]->recipients_json;
    TAP_OK(rj && strstr(rj, "\"postmaster\",\"external\":false"),
           "release record: bare postmaster is internal, as at hold (%s)", rj ? rj : "none");
    TAP_OK(rj && strstr(rj, "\"Taro@EXAMPLE.CO.JP.\",\"external\":false"),
           "release record: upper case and trailing dot are internal (%s)", rj ? rj : "none");
    TAP_OK(rj && strstr(rj, "\"x@partner.example\",\"external\":true"),
           "release record: partner is external");
    TAP_OK(holdflow_is_internal(hf, "x@例え.jp") == 0 && holdflow_is_internal(hf, "postmaster") == 1 &&
           holdflow_is_internal(hf, "a%b@example.co.jp") == 0,
           "holdflow_is_internal: the one definition (bare internal, %% refused)");
    sg_record_rows_free(rows, n);
    sg_hold_free(h);
}

static void test_misc(holdflow *hf, sg_store *st)
{
    const char *r1[] = { "a@partner.example", RELEASE };
    const char *r2[] = { "sendguard-release+abc.def@EXAMPLE.CO.JP" };
    const char *r3[] = { "sendguard-releasex@example.co.jp", "sendguard-release@other.example" };
    size_t base = sink_count(sink);
    sg_hold *h = put_hold(st, 0, "x@partner.example", NULL, NULL, time(NULL) + 3600);

    TAP_IS_INT(holdflow_is_reply(hf, r1, 2), 1, "is_reply: release address among others");
    TAP_IS_INT(holdflow_is_reply(hf, r2, 1), 1, "is_reply: tagged address, any case");
    TAP_IS_INT(holdflow_is_reply(hf, r3, 2), 0, "is_reply: look-alikes are not");
    TAP_IS_INT(holdflow_notify_hold(hf, st, h, NULL), -1, "external sender: no notification");
    TAP_IS_INT(count_msgs(base, NULL, NULL), 0, "external sender: nothing sent");
    sg_hold_free(h);
}

static sg_config *make_config(int port)
{
    char text[2048], err[512], path[300];
    const char *top = getenv("top_srcdir");
    FILE *fp;

    snprintf(path, sizeof(path), "%s/approvers", dir);
    if ((fp = fopen(path, "w"))) {
        fputs("* " BOSS "\n", fp);
        fclose(fp);
    }
    snprintf(text, sizeof(text),
             "[general]\ninternal_domains = example.co.jp\nstate_dir = %s\nhostname = mx.example.co.jp\n"
             "client_networks = 127.0.0.0/8\n"
             "[hold]\nrelease_address = " RELEASE "\nrelay = 127.0.0.1:%d\ntimeout = 1h\n"
             "templates_dir = %s/hold/templates\napprovers_file = %s\n",
             dir, port, top ? top : ".", path);
    sg_config *c = config_load_string(text, "t-holdflow.conf", err, sizeof(err));
    if (!c)
        printf("# config: %s\n", err);
    return c;
}

int main(void)
{
    char err[512], cmd[300];
    sg_config *cfg;
    holdflow *hf;
    sg_store *st;
    int port = 0;

    if (!mkdtemp(dir) || !(sink = sink_start(&port)))
        return 1;
    snprintf(uri, sizeof(uri), "sqlite:%s/db.sqlite", dir);
    cfg = make_config(port);
    hf = cfg ? holdflow_new(cfg, err, sizeof(err)) : NULL;
    st = store_open(uri, err, sizeof(err));
    TAP_OK(hf && st, "holdflow and store ready%s%s", hf && st ? "" : ": ", hf && st ? "" : err);
    if (hf && st) {
        test_release(hf, st);
        test_refusals(hf, st);
        test_security(hf, st);
        test_expiry(hf, st);
        test_approver(hf, st);
        test_retry(hf, st);
        test_misc(hf, st);
        test_release_record_internal(hf, st);
        test_sweep_and_thread(cfg, st);
    }
    holdflow_free(hf);
    store_close(st);
    config_free(cfg);
    sink_stop(sink);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# cleanup failed\n");
    g_mime_shutdown();
    return tap_done();
}
