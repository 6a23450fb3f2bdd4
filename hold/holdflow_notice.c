/*
 * holdflow_notice - builds and sends the mail of the workflow: the hold
 * notification (to the sender, or to the approver plus a "waiting" note to
 * the sender), the delay notice, confirmations (released, discarded,
 * expired) and explanations of refused replies.
 *
 * Every notice goes to ONE internal address (an external one is refused
 * and logged), with the null envelope sender, by SMTP to [hold] relay. A
 * failed send is queued in memory (at most HOLD_NOTICE_QUEUE_MAX, each
 * tried HOLD_NOTICE_TRIES times with backoff) for the background thread;
 * the queue is lost on restart, the hold never is.
 * Contents: rule hits in plain words, masked evidence, recipients by
 * domain, deadline; the held subject with long digit runs masked; never
 * the message body.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gmime/gmime.h>
#include <openssl/crypto.h>

#include "holdflow_int.h"
#include "holdflow_access.h"
#include "holdflow_notice.h"
#include "sg_log.h"

#define SUBJECT_SHOWN_MAX 200   /* bytes of the held subject shown */

static const struct { const char *key, *ja, *en; } reasons[] = {
    { "no-hold", "返信から保留メールを特定できませんでした (件名の [SG:...] を消さずに返信してください)。",
      "the reply does not name a held message (keep the [SG:...] tag in the subject)." },
    { "no-token", "返信に確認コードがありません。通知を引用したまま (本文を消さずに) 返信してください。",
      "the reply carries no confirmation code. Reply with the notification quoted (do not delete it)." },
    { "unknown", "該当する保留メールはありません。", "there is no such held message." },
    { "forged", "確認コードが正しくありません。", "the confirmation code is not valid." },
    { "wrong-sender", "この保留メールを送信・取消できるのは通知を受け取った本人だけです。",
      "only the person who got the notification can send or cancel this message." },
    { "not-proven", "この返信は認証 (SMTP AUTH) されておらず、社内の送信サーバーからでもありません。いつものメールソフトから返信してください。",
      "this reply was neither authenticated (SMTP AUTH) nor sent from a company mail host. Reply from your usual mail program." },
    { "wrong-auth", "認証ユーザーが元のメールと一致しません。",
      "the authenticated user differs from the one of the original message." },
    { "expired", "期限が過ぎています。", "the deadline has passed." },
    { "already-released", "このメールはすでに送信されています。", "this message was already sent." },
    { "already-discarded", "このメールはすでに取り消されています。",
      "this message was already cancelled." },
    { "already-expired", "このメールは期限切れで破棄されています。",
      "this message expired and was discarded." },
    { "unclear", "件名が変わっていて、取消の指示か元の件名の一部か判断できません。取り消す場合は本文の1行目に「取消」と書き、送信する場合は件名を変えずに返信してください。",
      "the subject was changed and its cancel word may belong to the original subject. To cancel, write \"cancel\" on the first line of the body; to send, reply without changing the subject." },
    { "cancel-only", "この通知では取消だけができます (承認者の返信で送信されます)。",
      "this notice only lets you cancel (the approver's reply sends the message)." },
};

static const char *reason_text(const char *key, int lang)
{
    size_t i;

    for (i = 0; key && i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (strcmp(reasons[i].key, key) == 0)
            return lang == 0 ? reasons[i].ja : reasons[i].en;
    return key;
}

/* ---- held subject ---- */

static size_t header_end(const unsigned char *m, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i++) {
        if (m[i] == '\n' && m[i + 1] == '\n')
            return i + 1;
        if (i + 3 < len && m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n')
            return i + 2;
    }
    return len;
}

static void utf8_cut(char *s, size_t max)
{
    size_t n = strlen(s);

    if (n <= max)
        return;
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    s[max] = '\0';
}

char *notice_held_subject(const sg_hold *h)
{
    GMimeStream *st;
    GMimeParser *p;
    GMimeMessage *m;
    const char *s;
    char *out;

    if (!h->message || h->message_len == 0)
        return sg_strdup("");
    g_mime_init();
    st = g_mime_stream_mem_new_with_buffer((const char *)h->message,
                                           header_end(h->message, h->message_len));
    p = g_mime_parser_new_with_stream(st);
    m = g_mime_parser_construct_message(p, NULL);
    s = m ? g_mime_message_get_subject(m) : NULL;
    out = sg_strdup(s ? s : "");
    if (m)
        g_object_unref(m);
    g_object_unref(p);
    g_object_unref(st);
    if (out) {
        utf8_cut(out, SUBJECT_SHOWN_MAX);
        notify_mask_digits(out);
    }
    return out;
}

/* ---- the retry queue ---- */

void notice_queue_free(holdflow *hf)
{
    size_t i;

    for (i = 0; i < hf->nqueue; i++) {
        free(hf->queue[i].to);
        free(hf->queue[i].data);
    }
    free(hf->queue);
    hf->queue = NULL;
    hf->nqueue = hf->aqueue = 0;
}

/* Takes ownership of to/data. */
static void queue_push(holdflow *hf, char *to, char *data, size_t len, int tries)
{
    pthread_mutex_lock(&hf->mu);
    if (hf->nqueue >= HOLD_NOTICE_QUEUE_MAX || tries >= HOLD_NOTICE_TRIES)
        goto drop;
    if (SG_ARRAY_RESERVE(hf->queue, hf->nqueue, hf->aqueue, 1, HOLD_NOTICE_QUEUE_MAX) < 0)
        goto drop;
    hf->queue[hf->nqueue++] = (queued_notice){ to, data, len, tries,
                                               time(NULL) + (HOLD_RETRY_BASE_S << tries) };
    pthread_mutex_unlock(&hf->mu);
    return;
drop:
    pthread_mutex_unlock(&hf->mu);
    msg_error("holdflow: notice to %s dropped after %d tries", to, tries);
    free(to);
    free(data);
}

static int send_now(holdflow *hf, const char *to, const char *data, size_t len)
{
    char err[512];

    if (smtp_send(hf->relay, "", &to, 1, data, len, err, sizeof(err)) == 0)
        return 0;
    msg_warn("holdflow: notice to %s not sent (will retry): %s", to, err);
    return -1;
}

int notice_retry(holdflow *hf)
{
    queued_notice q;
    time_t now = time(NULL);
    size_t i;
    int sent = 0;

    for (;;) {
        pthread_mutex_lock(&hf->mu);
        for (i = 0; i < hf->nqueue && hf->queue[i].next > now; i++)
            ;
        if (i == hf->nqueue) {
            pthread_mutex_unlock(&hf->mu);
            return sent;
        }
        q = hf->queue[i];
        hf->queue[i] = hf->queue[--hf->nqueue];
        pthread_mutex_unlock(&hf->mu);
        if (send_now(hf, q.to, q.data, q.len) == 0) {
            sent++;
            free(q.to);
            free(q.data);
        } else {
            queue_push(hf, q.to, q.data, q.len, q.tries + 1);
        }
    }
}

/* ---- building ---- */

typedef struct notice_parts {
    sg_buf reasons[2], evidence[2], rcpts[2];
    char deadline[64], created[64], now[64];
    char *subject, *tagged, *cancel, *msgid;
    char token[HOLD_TOKEN_CHARS + 1];
} notice_parts;

static void parts_free(notice_parts *p)
{
    int l;

    for (l = 0; l < 2; l++) {
        sg_buf_free(&p->reasons[l]);
        sg_buf_free(&p->evidence[l]);
        sg_buf_free(&p->rcpts[l]);
    }
    free(p->subject);
    free(p->tagged);
    free(p->cancel);
    free(p->msgid);
}

/* "sg.HOLDID.RANDOM@host": the hold id only. Postfix's cleanup and
 * Sendmail log every Message-ID, so no token goes in here. */
static char *make_msgid(const holdflow *hf, const char *id)
{
    unsigned char r[6];
    char *out;
    size_t n;

    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
        return NULL;
    n = strlen(id) + strlen(hf->hostname) + 32;
    if ((out = sg_malloc(n)))
        snprintf(out, n, "sg.%s.%02x%02x%02x%02x%02x%02x@%s", id, r[0], r[1], r[2],
                 r[3], r[4], r[5], hf->hostname);
    return out;
}

static int parts_tokens(holdflow *hf, notice_parts *p, const sg_hold *h, const char *token_for,
                        token_action a)
{
    char ctok[HOLD_TOKEN_CHARS + 1];

    if (!token_for)
        return 0;
    if (token_make(hf->key, h->id, a, token_for, p->token) < 0 ||
        token_make(hf->key, h->id, TOKEN_CANCEL, token_for, ctok) < 0)
        return -1;
    OPENSSL_cleanse(ctok, sizeof(ctok));
    /* the addresses and the Message-ID carry the hold id only: MTAs log
     * them; the token is in the body (compose) */
    p->tagged = notify_tagged_address(hf->release_address, h->id, NULL);
    p->cancel = notify_tagged_address(hf->release_address, h->id, NULL);
    p->msgid = make_msgid(hf, h->id);
    return p->tagged && p->cancel && p->msgid ? 0 : -1;
}

static int parts_build(holdflow *hf, notice_parts *p, const sg_hold *h, const sg_decision *d,
                       const char *token_for, token_action a)
{
    int l;

    for (l = 0; l < 2; l++) {
        sg_buf_init(&p->reasons[l], HOLD_NOTICE_MAX / 4);
        sg_buf_init(&p->evidence[l], HOLD_NOTICE_MAX / 4);
        sg_buf_init(&p->rcpts[l], HOLD_NOTICE_MAX / 4);
    }
    notify_time(h->expires, p->deadline, sizeof(p->deadline));
    notify_time(h->created, p->created, sizeof(p->created));
    notify_time(time(NULL), p->now, sizeof(p->now));
    if (!(p->subject = notice_held_subject(h)))
        return -1;
    for (l = 0; l < 2; l++)
        if (notice_text_reasons(d, h->rules_json, l, &p->reasons[l]) < 0 ||
            notice_text_evidence(h->findings_json, l, &p->evidence[l]) < 0 ||
            notice_text_recipients(d, h->rcpts, l, &p->rcpts[l]) < 0)
            msg_warn("hold %s: notification lists incomplete", h->id);
    return parts_tokens(hf, p, h, token_for, a);
}

static void vars_fill(tpl_vars *v, const holdflow *hf, const notice_parts *p, const sg_hold *h,
                      int l, const char *reason, const char *actor)
{
    memset(v, 0, sizeof(*v));
    tpl_set(v, "sender", h->sender);
    tpl_set(v, "approver", holdflow_allowed(h));
    tpl_set(v, "recipients", sg_buf_str(&p->rcpts[l]));
    tpl_set(v, "subject", p->subject);
    tpl_set(v, "hold_id", h->id);
    tpl_set(v, "reasons", sg_buf_str(&p->reasons[l]));
    tpl_set(v, "evidence", sg_buf_str(&p->evidence[l]));
    tpl_set(v, "deadline", p->deadline);
    tpl_set(v, "created", p->created);
    tpl_set(v, "now", p->now);
    tpl_set(v, "release_address", p->tagged ? p->tagged : hf->release_address);
    tpl_set(v, "cancel_address", p->cancel ? p->cancel : hf->release_address);
    tpl_set(v, "reason", reason_text(reason, l));
    tpl_set(v, "actor", actor);
}

static int compose(holdflow *hf, tpl_kind k, notice_parts *p, const sg_hold *h, const char *to,
                   const char *reason, const char *actor, sg_buf *out)
{
    tpl_vars vj, ve;
    const tpl_vars *vars[2] = { &vj, &ve };
    sg_buf subj, body;
    notice n = { 0 };
    int rc;

    vars_fill(&vj, hf, p, h, 0, reason, actor);
    vars_fill(&ve, hf, p, h, 1, reason, actor);
    sg_buf_init(&subj, 4096);
    sg_buf_init(&body, HOLD_NOTICE_MAX);
    rc = notify_render(hf->tpl, k, hf->language, vars, &subj, &body);
    /* the subject names the hold; the token is only in the body, which
     * only the recipient's mailbox gets (no MTA logs a body; sites log
     * subjects with header_checks) and which replies quote */
    if (rc == 0 && p->tagged)
        rc = sg_buf_printf(&subj, " [SG:%s]", h->id);
    if (rc == 0 && p->tagged)
        rc = sg_buf_printf(&body, "\n%s [SG:%s:%s]\n",
                           hf->language == HOLD_LANG_EN ? "Confirmation code:"
                           : hf->language == HOLD_LANG_JA ? "確認コード:"
                           : "確認コード / Confirmation code:", h->id, p->token);
    n.from = hf->release_address;
    n.to = to;
    n.reply_to = p->tagged;
    n.hostname = hf->hostname;
    n.message_id = p->msgid;
    n.charset = hf->charset;
    n.subject = sg_buf_str(&subj);
    n.body = sg_buf_str(&body);
    if (rc == 0)
        rc = notify_compose(&n, out);
    sg_buf_free(&subj);
    sg_buf_free(&body);
    return rc;
}

int notice_send(holdflow *hf, tpl_kind k, const sg_hold *h, const sg_decision *d,
                const char *to, const char *token_for, token_action a, const char *reason,
                const char *actor)
{
    notice_parts p;
    sg_buf out;
    size_t len;
    char *data, *tocopy;
    int rc;

    if (!to || !*to)
        return 0;
    /* a notice goes to one whole internal address (mailaddr.h), never to a
     * bare local name or to an address the strict parser refuses */
    if (mailaddr_parse(to, NULL, NULL) != MAILADDR_OK || !holdflow_is_internal(hf, to)) {
        msg_warn("hold %s: no notice sent to %s: not an internal address", h->id, to);
        return -1;
    }
    memset(&p, 0, sizeof(p));
    sg_buf_init(&out, HOLD_NOTICE_MAX);
    rc = parts_build(hf, &p, h, d, token_for, a);
    if (rc == 0)
        rc = compose(hf, k, &p, h, to, reason, actor, &out);
    parts_free(&p);
    if (rc < 0) {
        sg_buf_free(&out);
        msg_error("hold %s: cannot compose the notice to %s", h->id, to);
        return -1;
    }
    if (send_now(hf, to, sg_buf_str(&out), out.len) == 0) {
        sg_buf_free(&out);
        return 0;
    }
    data = sg_buf_steal(&out, &len);
    tocopy = sg_strdup(to);
    if (!data || !tocopy) {
        free(data);
        free(tocopy);
        return -1;
    }
    queue_push(hf, tocopy, data, len, 0);
    return 0;
}

/* ---- notification at hold time ---- */

int holdflow_notify_hold(holdflow *hf, sg_store *st, const sg_hold *h, const sg_decision *d)
{
    const char *allowed = holdflow_allowed(h);
    int rc;

    (void)st;
    if (!h->sender || !*h->sender)
        return 0;   /* a bounce: nobody to ask */
    if (h->kind == 2)
        return notice_send(hf, TPL_DELAY, h, d, h->sender, h->sender, TOKEN_RELEASE, NULL, NULL);
    if (h->kind == 1 && allowed != h->sender) {
        rc = notice_send(hf, TPL_APPROVER, h, d, allowed, allowed, TOKEN_RELEASE, NULL, NULL);
        if (notice_send(hf, TPL_WAITING, h, d, h->sender, h->sender, TOKEN_CANCEL, NULL,
                        NULL) < 0)
            rc = -1;
        return rc;
    }
    return notice_send(hf, TPL_HOLD, h, d, h->sender, h->sender, TOKEN_RELEASE, NULL, NULL);
}
