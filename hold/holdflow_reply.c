/*
 * holdflow_reply - a mail to the release address: find the hold, check
 * that the reply may act on it, then release or cancel.
 *
 * Checks, in order (the first failure ends it with an "attempt" record
 * and, when the replier is internal and its client passes the proof, a
 * short explanation -- at most HOLD_EXPLAIN_PER_ADDR per address and
 * HOLD_EXPLAIN_PER_HOLD per hold an hour: no backscatter):
 *   automatic replies (Auto-Submitted, X-Autoreply, Precedence: bulk/junk/
 *   list/auto_reply) and null senders are ignored (recorded, never
 *   answered: no loops);
 *   a hold id must be found (Subject tag, plus address, In-Reply-To);
 *   the hold must exist;
 *   a token must be there (it is only in the notification's body, which
 *   only the notified mailbox got) and valid for (hold, action, allowed
 *   address) -- the replier's envelope sender must be that address;
 *   the client must be vouched for ([hold] reply_proof,
 *   holdflow_reply_proof): SMTP AUTH (as the original user when the
 *   original had one) and/or a client in [general] client_networks, so an
 *   outside client never releases, even with a token read somewhere;
 *   the hold must still be HELD ("already sent" etc. otherwise) and not
 *   past its deadline;
 *   the reply must say clearly what it wants (reply.c: cancel is read from
 *   what the sender wrote, never from the held subject; "unclear" when the
 *   client changed the subject and its cancel word may be the subject's).
 * Release needs a release token; cancel accepts a release or a cancel
 * token (the cancel token of the "waiting" note lets a sender withdraw an
 * approver hold, nothing more).
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "holdflow_int.h"
#include "holdflow_access.h"
#include "holdflow_notice.h"
#include "holdflow_release.h"
#include "sg_log.h"

typedef struct reply_ctx {
    holdflow *hf;
    sg_store *st;
    const sg_envelope *env;
    const char *qid;
    char *replier;           /* envelope sender, lower-cased */
    reply_info ri;
    sg_hold *h;
    int cancel;
    int proven;              /* the client passes [hold] reply_proof */
} reply_ctx;

static int is_auto_reply(const sg_envelope *env)
{
    size_t i;
    const char *n, *v;

    for (i = 0; i < env->nheaders; i++) {
        n = env->headers[i].name;
        v = env->headers[i].value ? env->headers[i].value : "";
        while (*v == ' ' || *v == '\t')
            v++;
        if (strcasecmp(n, "Auto-Submitted") == 0 && strncasecmp(v, "no", 2) != 0)
            return 1;
        if (strcasecmp(n, "X-Autoreply") == 0 || strcasecmp(n, "X-Autorespond") == 0)
            return 1;
        if (strcasecmp(n, "Precedence") == 0 &&
            (strncasecmp(v, "bulk", 4) == 0 || strncasecmp(v, "junk", 4) == 0 ||
             strncasecmp(v, "list", 4) == 0 || strncasecmp(v, "auto_reply", 10) == 0))
            return 1;
    }
    return 0;
}

/* Records the attempt and explains (reason = a key of holdflow_notice.c). */
static int refuse(reply_ctx *c, const char *reason)
{
    static const sg_hold none = { .id = "-" };
    const sg_hold *h = c->h ? c->h : &none;

    msg_info("hold %s: reply from %s refused: %s (queue id %s)",
             c->h ? c->h->id : (c->ri.hold_id ? c->ri.hold_id : "-"), c->replier, reason,
             c->qid ? c->qid : "-");
    holdflow_record_attempt(c->st, c->h, c->h ? c->h->id : c->ri.hold_id, c->replier, c->qid,
                            reason);
    /* explained only to a replier the client proof vouches for (an
     * unauthenticated MAIL FROM from outside is anybody's), and at most a
     * few times per address and per hold: forged replies cannot turn
     * sendguard into a mail bomb against an internal user */
    if (!*c->replier || !c->proven || !holdflow_is_internal(c->hf, c->replier))
        return 0;
    if (!holdflow_explain_allowed(c->hf, c->replier, c->h ? c->h->id : c->ri.hold_id)) {
        msg_info("hold %s: no explanation to %s: limit of explanations reached",
                 c->h ? c->h->id : "-", c->replier);
        return 0;
    }
    notice_send(c->hf, TPL_REFUSED, h, NULL, c->replier, NULL, TOKEN_RELEASE, reason,
                c->replier);
    return 0;
}

static int token_any(const reply_ctx *c, token_action a, const char *addr)
{
    size_t i;

    for (i = 0; i < c->ri.ntokens; i++)
        if (token_check(c->hf->key, c->h->id, a, addr, c->ri.tokens[i]))
            return 1;
    return 0;
}

/* NULL when the reply may act; else the refusal reason key. */
static const char *check_authority(reply_ctx *c)
{
    const char *allowed = holdflow_allowed(c->h);
    int rel = token_any(c, TOKEN_RELEASE, c->replier);
    int can = token_any(c, TOKEN_CANCEL, c->replier);
    const char *why;

    if (c->ri.ntokens == 0)
        return "no-token";
    if (!rel && !can) {
        if (token_any(c, TOKEN_RELEASE, allowed) || token_any(c, TOKEN_CANCEL, allowed) ||
            token_any(c, TOKEN_CANCEL, c->h->sender ? c->h->sender : ""))
            return "wrong-sender";
        return "forged";
    }
    if (!c->cancel && !rel)
        return "cancel-only";
    if ((why = holdflow_reply_proof(c->hf, c->env, c->h)) != NULL)
        return why;
    return NULL;
}

static const char *check_state(const reply_ctx *c)
{
    switch (c->h->state) {
    case SG_HOLD_RELEASED: return "already-released";
    case SG_HOLD_DISCARDED: return "already-discarded";
    case SG_HOLD_EXPIRED: return "already-expired";
    default: break;
    }
    if (c->h->kind != 2 && c->h->expires <= time(NULL))
        return "expired";
    return NULL;
}

static int act(reply_ctx *c)
{
    const char *sender = c->h->sender;
    int rc;

    if (c->cancel) {
        rc = holdflow_do_end(c->hf, c->st, c->h, SG_HOLD_DISCARDED, "discard", c->replier,
                             "reply");
        if (rc == 0)
            return refuse(c, "already-discarded");
        if (rc == 1)
            notice_send(c->hf, TPL_DISCARDED, c->h, NULL, sender, NULL, TOKEN_RELEASE, NULL,
                        c->replier);
        return rc < 0 ? -1 : 0;
    }
    rc = holdflow_do_release(c->hf, c->st, c->h, c->replier, "reply");
    if (rc == 1)
        return refuse(c, "already-released");
    if (rc == 0) {
        notice_send(c->hf, TPL_RELEASED, c->h, NULL, sender, NULL, TOKEN_RELEASE, NULL,
                    c->replier);
        if (strcasecmp(c->replier, sender) != 0)
            notice_send(c->hf, TPL_RELEASED, c->h, NULL, c->replier, NULL, TOKEN_RELEASE, NULL,
                        c->replier);
    }
    return rc < 0 ? -1 : 0;
}

static int handle(reply_ctx *c, const char *raw, size_t len)
{
    const char *why;
    char *subj;
    int asks;

    c->proven = holdflow_reply_proof(c->hf, c->env, NULL) == NULL;
    if (!*c->replier || is_auto_reply(c->env)) {
        holdflow_record_attempt(c->st, NULL, NULL, c->replier, c->qid, "automatic reply ignored");
        return 0;
    }
    if (reply_parse(raw, len, c->hf->release_local, c->env->rcpts, c->env->nrcpts, &c->ri) < 0)
        return refuse(c, "no-hold");
    if (!c->ri.hold_id)
        return refuse(c, "no-hold");
    if (store_hold_get(c->st, c->ri.hold_id, &c->h) < 0) {
        c->h = NULL;
        return store_not_found(c->st) ? refuse(c, "unknown") : -1;
    }
    subj = notice_held_subject(c->h);
    asks = subj ? reply_is_cancel(&c->ri, subj) : REPLY_UNCLEAR;
    free(subj);
    c->cancel = asks == REPLY_CANCEL;
    if ((why = check_authority(c)) != NULL || (why = check_state(c)) != NULL)
        return refuse(c, why);
    if (asks == REPLY_UNCLEAR)
        return refuse(c, "unclear");
    return act(c);
}

int holdflow_handle_reply(holdflow *hf, sg_store *st, const sg_envelope *env,
                          const char *raw, size_t len, const char *queue_id)
{
    reply_ctx c = { .hf = hf, .st = st, .env = env, .qid = queue_id };
    int rc;

    c.replier = sg_strdup(env->mail_from ? env->mail_from : "");
    if (!c.replier)
        return -1;
    for (char *p = c.replier; *p; p++)
        *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    rc = handle(&c, raw, len);
    reply_info_free(&c.ri);
    sg_hold_free(c.h);
    free(c.replier);
    return rc;
}
