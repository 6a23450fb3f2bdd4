/*
 * hold_int - the internal modules of the confirmation workflow (hold/).
 * Only the hold/ sources and the unit tests include this header; the public
 * interface is holdflow.h.
 *
 *   token.c      release key file and HMAC-SHA256 tokens
 *   template.c   notification templates: load, check placeholders, render
 *   notify.c     composes notifications and confirmations (RFC 5322 bytes)
 *   smtp_send.c  sends bytes to [hold] relay with libcurl
 *   reply.c      parses a reply: hold id, token candidates, cancel words
 *   holdflow.c   the workflow itself (holdflow.h)
 *
 * Every limit of this folder is named here.
 */
#ifndef SG_HOLD_INT_H
#define SG_HOLD_INT_H

#include <stddef.h>
#include <time.h>

#include "sg_buf.h"
#include "store.h"

/* ---- limits ---- */
#define HOLD_KEY_BYTES        32          /* release key: 256 random bits */
#define HOLD_TOKEN_BYTES      16          /* HMAC truncated to 128 bits */
#define HOLD_TOKEN_CHARS      26          /* base32 of 16 bytes, no padding */
#define HOLD_ID_MAX           39          /* sg_hold.id holds 39 chars + NUL */
#define HOLD_TEMPLATE_MAX     (64UL * 1024)   /* one template file */
#define HOLD_NOTICE_MAX       (512UL * 1024)  /* one composed notification */
#define HOLD_REPLY_MAX        (10UL * 1024 * 1024) /* a reply we parse */
#define HOLD_JSON_MAX         (1UL * 1024 * 1024)  /* stored JSON we read */
#define HOLD_JSON_DEPTH       8
#define HOLD_LIST_LINES_MAX   200         /* lines of one list in a notice */
#define HOLD_TOKEN_CANDIDATES 8           /* tokens taken from one reply */
#define HOLD_RETRY_BASE_S     5           /* re-injection backoff: 5 s, 10 s, ... */
#define HOLD_RETRY_MAX_S      3600        /* ... up to one hour */
#define HOLD_NOTICE_QUEUE_MAX 1000        /* notifications waiting for a retry */
#define HOLD_NOTICE_TRIES     10
#define HOLD_SMTP_CONNECT_S   10
#define HOLD_SMTP_TIMEOUT_S   120
#define HOLD_RETRY_BATCH      100    /* pending holds claimed per run_due */
#define HOLD_RUN_INTERVAL_S   2           /* background thread period */
#define HOLD_EXPLAIN_WINDOW_S 3600        /* backscatter limit: per hour ... */
#define HOLD_EXPLAIN_PER_ADDR 3           /* ... explanations to one address */
#define HOLD_EXPLAIN_PER_HOLD 3           /* ... explanations about one hold */
#define HOLD_EXPLAIN_SLOTS    512         /* addresses + holds remembered */
enum { HOLD_PROOF_AUTH_OR_NETWORK = 0, HOLD_PROOF_AUTH, HOLD_PROOF_AUTH_AND_NETWORK };

/* ---- token.c ---- */
typedef enum { TOKEN_RELEASE = 0, TOKEN_CANCEL = 1 } token_action;

/* Reads the key; creates it (O_CREAT|O_EXCL, 0600, 32 random bytes) when
 * missing. Refuses a file readable or writable by group/others, or of the
 * wrong size. 0 ok, -1 + err. */
int token_load_key(const char *path, unsigned char key[HOLD_KEY_BYTES], char *err, size_t errlen);
/* out gets HOLD_TOKEN_CHARS lower-case base32 chars + NUL. 0 ok, -1 error. */
int token_make(const unsigned char key[HOLD_KEY_BYTES], const char *hold_id, token_action a,
               const char *address, char out[HOLD_TOKEN_CHARS + 1]);
/* 1 when token (any case) is the token for (hold_id, a, address); the
 * comparison is constant-time. */
int token_check(const unsigned char key[HOLD_KEY_BYTES], const char *hold_id, token_action a,
                const char *address, const char *token);
const char *token_action_name(token_action a);

/* ---- template.c ---- */
typedef enum {
    TPL_HOLD = 0,        /* to the sender: held, reply to send or cancel */
    TPL_APPROVER,        /* to the approver: approve or refuse */
    TPL_WAITING,         /* to the sender: waiting for the approver */
    TPL_DELAY,           /* to the sender: goes out by itself at the deadline */
    TPL_RELEASED,        /* confirmation: sent */
    TPL_DISCARDED,       /* confirmation: cancelled */
    TPL_EXPIRED,         /* the deadline passed */
    TPL_REFUSED,         /* a reply that changed nothing, and why */
    TPL__COUNT
} tpl_kind;

typedef enum {
    TPL_LANG_JA = 0, TPL_LANG_EN = 1
} tpl_lang;

typedef struct templates templates;

/* Loads every template of dir (NAME.ja.txt and NAME.en.txt). NULL + err
 * naming FILE:LINE for an unknown ${placeholder} or a missing file. */
templates *templates_load(const char *dir, char *err, size_t errlen);
templates *templates_free(templates *t);

/* Values of the placeholders, NULL = empty. */
typedef struct tpl_vars {
    const char *v[32];
} tpl_vars;
/* Index of a placeholder name, -1 when unknown. */
int tpl_var_index(const char *name);
#define TPL_VAR(vars, name) ((vars)->v[tpl_var_index(name)])
void tpl_set(tpl_vars *vars, const char *name, const char *value);

/* Renders the subject line and the body of one language. Values are
 * sanitised (control characters removed; no CR/LF at all in the subject).
 * 0 ok, -1 too large / no memory. */
int templates_render(const templates *t, tpl_kind k, tpl_lang lang, const tpl_vars *vars,
                     sg_buf *subject, sg_buf *body);

/* ---- notify.c ---- */
typedef struct notice {
    const char *from;          /* release address */
    const char *to;            /* the one recipient */
    const char *reply_to;      /* NULL: none */
    const char *hostname;      /* for Message-ID */
    const char *message_id;    /* NULL: generated */
    const char *in_reply_to;   /* NULL: none */
    const char *charset;       /* "utf-8" or "iso-2022-jp" */
    const char *subject;       /* UTF-8, one line */
    const char *body;          /* UTF-8 */
} notice;
/* Builds the RFC 5322 message (CRLF). 0 ok, -1 error. */
int notify_compose(const notice *n, sg_buf *out);
/* [hold] language */
enum { HOLD_LANG_JA = 0, HOLD_LANG_EN = 1, HOLD_LANG_BOTH = 2 };
/* Subject and body in language (HOLD_LANG_*): vars[0] Japanese values,
 * vars[1] English ones; both = Japanese, then English. */
int notify_render(const templates *t, tpl_kind k, int language, const tpl_vars *vars[2],
                  sg_buf *subject, sg_buf *body);
/* "local+ID.TOKEN@domain" from the release address, "local+ID@domain"
 * when token is NULL. malloc'd. */
char *notify_tagged_address(const char *release_address, const char *hold_id, const char *token);
/* Masks digit chains of 10 or more digits in s, in place (sg_text.h). */
void notify_mask_digits(char *s);
/* Readable local time "2024-05-01 10:00 (JST)" */
void notify_time(time_t t, char *buf, size_t len);

/* ---- notice_text.c: the lists inside a notification (lang 0 ja, 1 en) ---- */
struct sg_decision;
/* "- plain words" per rule hit; from the decision, else the rule ids. */
int notice_text_reasons(const struct sg_decision *d, const char *rules_json, int lang, sg_buf *out);
/* "- rule: masked evidence (location, count)" per finding. */
int notice_text_evidence(const char *findings_json, int lang, sg_buf *out);
/* External recipients grouped by domain, first-time and look-alike marked;
 * without a decision, the held recipients. */
int notice_text_recipients(const struct sg_decision *d, char *const *held, int lang, sg_buf *out);
/* Plain name of a rule id ("mynumber" -> "個人番号 (マイナンバー)"). */
const char *notice_text_rule_name(const char *rule, int lang);

/* ---- smtp_send.c ---- */
/* Sends bytes to relay ("host:port"); from "" = null sender. 0 on a 250
 * for the whole message, -1 otherwise (reason in err). */
int smtp_send(const char *relay, const char *from, const char *const *rcpts, size_t nrcpts,
              const char *data, size_t len, char *err, size_t errlen);
void smtp_global_init(void);

/* ---- reply.c ---- */
typedef struct reply_info {
    char *subject;             /* decoded, UTF-8 ("" if none) */
    char *first_line;          /* first non-quoted, non-empty body line */
    char *hold_id;             /* NULL when none found */
    char *tokens[HOLD_TOKEN_CANDIDATES];
    size_t ntokens;
} reply_info;

/* Parses a reply. rcpts: its envelope recipients (for the plus address).
 * 0 ok (hold_id may still be NULL), -1 parse error / no memory. */
int reply_parse(const char *raw, size_t len, const char *release_local,
                const char *const *rcpts, size_t nrcpts, reply_info *out);
void reply_info_free(reply_info *ri);
/* What the reply asks for, from what the sender wrote (reply.c):
 * REPLY_CANCEL a cancel word in the first body line, or in the subject
 * outside the held subject (as the notification showed it; compared without
 * white space); REPLY_UNCLEAR the client changed the held subject and the
 * cancel words of the reply's subject may be the held subject's own;
 * REPLY_SEND otherwise. */
enum { REPLY_SEND = 0, REPLY_CANCEL = 1, REPLY_UNCLEAR = 2 };
int reply_is_cancel(const reply_info *ri, const char *held_subject);
/* 1 when text contains 取消 / 取り消し / キャンセル / cancel (any case). */
int reply_has_cancel_word(const char *text);

#endif
