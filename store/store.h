/*
 * store - durable state: held messages, the transfer record (個人情報授受記録)
 * and the recipient-domain history. SQLite (WAL, synchronous=FULL, one
 * relay) or PostgreSQL (shared by several relays) behind this interface.
 *
 * Threads: one sg_store per thread (or serialise calls); store_open is cheap.
 * Durability: store_hold_put() writes the message bytes, the hold row and
 * the record event in ONE transaction and returns only after commit (and
 * fsync). store_record_append_noted(durable = 0) is the one exception: see
 * there.
 * The record is append-only and hash-chained: each row carries
 * sha256(previous row hash || canonical row text); store_verify() recomputes
 * the chain and names the first row that was edited or removed.
 * Errors: functions return 0 or -1 with a reason from store_error().
 */
#ifndef SG_STORE_H
#define SG_STORE_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

typedef struct sg_store sg_store;

/* One transfer-record event. JSON fields are pre-serialised by the caller
 * (policy/record_event.c) and stored as text; evidence in them is masked. */
typedef struct sg_record_event {
    time_t time;             /* 0 = now */
    const char *event;       /* pass|bcc|hold|reject|release|discard|expire|attempt */
    const char *queue_id;
    const char *message_id;
    const char *sender;
    const char *auth_user;
    const char *client_addr;
    const char *subject;     /* already stored/hashed/omitted per config */
    const char *recipients_json;   /* [{"address":..,"external":true}] */
    const char *attachments_json;  /* [{"name","type","size","sha256","encrypted"}] */
    const char *findings_json;     /* [{"rule","confidence","count","persons","location","evidence"}] */
    const char *rules_json;        /* ["mynumber",...] */
    int reportable;
    const char *action;      /* decision action */
    const char *actor;       /* "milter", sender address, admin login */
    const char *hold_id;     /* NULL if none */
    const char *note;        /* free text, e.g. "forged token" */
    const char *node;        /* the relay that wrote it; NULL = the store's (store_set_node) */
} sg_record_event;

typedef enum {
    SG_HOLD_HELD = 0, SG_HOLD_RELEASED, SG_HOLD_DISCARDED, SG_HOLD_EXPIRED
} sg_hold_state;

typedef struct sg_hold {
    char id[40];             /* random hex id */
    sg_hold_state state;
    time_t created, expires;
    int kind;                /* 0 = confirmation hold, 1 = approver hold, 2 = delay hold */
    char *queue_id;
    char *message_id;
    char *sender;            /* envelope sender */
    char *auth_user;
    char *approver;          /* who may release (NULL = the sender) */
    char *subject;
    char **rcpts;            /* the held recipients (NULL-terminated) */
    char *rules_json;
    char *findings_json;
    char *decision_json;     /* hits with their plain-words details, for notifications */
    unsigned char *message;  /* the raw message bytes */
    size_t message_len;
    int release_pending;     /* release decided, re-injection not yet confirmed */
    int attempts;            /* re-injection attempts */
    time_t next_attempt;
} sg_hold;

/* uri: "sqlite:PATH", "postgresql://USER@HOST:PORT/DB" (or postgres://) or
 * a libpq keyword string ("host=/run/pg dbname=sendguard"). */
sg_store *store_open(const char *uri, char *err, size_t errlen);
/* 0 = sqlite:PATH, 1 = PostgreSQL, -1 = not a database this store opens. */
int store_uri_backend(const char *uri);
/* uri with a password replaced by ***, for messages. */
void store_uri_redact(const char *uri, char *buf, size_t len);
/* The node name written into every record event of st that does not name
 * one (default: the system host name); the milter sets [general] hostname. */
void store_set_node(sg_store *st, const char *node);
/* 1 when the last failure was the database being unreachable (PostgreSQL
 * connection lost or refused; the next call reconnects), not an error of
 * the request. Always 0 for SQLite. */
int store_unavailable(const sg_store *st);
/* 1 when st is a PostgreSQL store. */
int store_is_postgresql(const sg_store *st);
sg_store *store_close(sg_store *st);
const char *store_error(const sg_store *st);
/* 1 when the last store_hold_get / store_hold_set_pending failed because
 * there is no hold with that id (not a database error). */
int store_not_found(const sg_store *st);

/* record */
int store_record_append(sg_store *st, const sg_record_event *ev);
/* Appends ev and notes the recipient domains (NULL or empty: none) in ONE
 * transaction (one commit instead of two). durable = 1 commits with
 * synchronous=FULL (fsync before returning, like every other write);
 * durable = 0 commits this one transaction with synchronous=NORMAL: no
 * fsync, safe against a crash of the process (the WAL is in the page
 * cache), but a power loss or kernel crash may lose the newest such rows -
 * always a tail of the record, so the chain stays intact - and any later
 * durable commit (a hold, a release) makes them durable too. The milter
 * uses durable = 0 for pass/bcc/reject events (SENDGUARD_RECORD_SYNC=full
 * to fsync them too). Returns 0; 1 when the event was committed but the
 * history note failed (rolled back alone, store_error() says why); -1 when
 * nothing was written. */
int store_record_append_noted(sg_store *st, const sg_record_event *ev,
                              const char *const *domains, time_t now, int durable);
/* Writes events in [since, until) (0 = open) as JSON lines or CSV (UTF-8 BOM). */
int store_records_export(sg_store *st, FILE *out, const char *format, time_t since, time_t until);
/* Copies everything in from (holds with bytes, the record as stored, the
 * history, the chain head) into to, which must be empty, in one
 * transaction on to that commits only when the record verifies there
 * (sendguardctl migrate). Progress and the verify report go to log (may be
 * NULL). 0 ok, -1 error (store_error(to); to is left as it was). */
int store_copy(sg_store *from, sg_store *to, FILE *log);
/* 0 = chain intact; 1 = broken (report written to out); -1 = error. */
int store_verify(sg_store *st, FILE *out);

/* A stored record row (read back for sendguardctl show). */
typedef struct sg_record_row {
    long long seq;
    time_t time;
    char *event, *queue_id, *message_id, *sender, *auth_user, *client_addr, *subject;
    char *recipients_json, *attachments_json, *findings_json, *rules_json;
    int reportable;
    char *action, *actor, *hold_id, *note, *prev_hash, *hash;
    char *node;              /* NULL in rows written before schema version 2 */
} sg_record_row;
/* The events of one hold, oldest first. */
int store_records_for_hold(sg_store *st, const char *hold_id, sg_record_row ***out, size_t *n);
sg_record_row *sg_record_row_free(sg_record_row *r);
void sg_record_rows_free(sg_record_row **v, size_t n);
/* Flattens a JSON column for display, as the CSV export does: kind is
 * "recipients" ("a@x (external); b@y (internal)"), "attachments",
 * "findings" (one per line), "rules" (space-separated) or "json" (the
 * minified value, NULL when not valid JSON). *out is malloc'd or NULL
 * (NULL input or empty list); text that is not JSON comes back as is. */
int store_json_flatten(sg_store *st, const char *json, const char *kind, char **out);
/* Formats t as ISO 8601 local time with offset: 2024-05-01T10:00:00+09:00. */
void store_iso_time(time_t t, char *buf, size_t len);

/* holds */
/* Fills h->id (random) and stores hold + bytes + event atomically. */
int store_hold_put(sg_store *st, sg_hold *h, const sg_record_event *ev);
/* With message bytes. -1 also when there is no such hold (store_not_found). */
int store_hold_get(sg_store *st, const char *id, sg_hold **out);
/* Holds in a state (-1 = all), newest first, without message bytes. */
int store_hold_list(sg_store *st, int state, sg_hold ***out, size_t *n);
/* Changes state only if the hold is still in from_state (returns 1 when it
 * changed, 0 when it was not in from_state) and appends ev in the same
 * transaction: a release is recorded once. */
int store_hold_transition(sg_store *st, const char *id, sg_hold_state from_state,
                          sg_hold_state to_state, const sg_record_event *ev);
int store_hold_set_pending(sg_store *st, const char *id, int pending, int attempts,
                           time_t next_attempt);
/* Held holds whose expires <= now. */
int store_hold_due(sg_store *st, time_t now, sg_hold ***out, size_t *n);
/* Holds with release_pending set whose next_attempt <= now (any state). */
int store_hold_pending_due(sg_store *st, time_t now, sg_hold ***out, size_t *n);
/* Takes the re-injection lease of one pending hold: next_attempt =
 * lease_until, only if it is pending and next_attempt <= now (an atomic
 * compare-and-set: of several nodes or threads exactly one gets it).
 * 1 = claimed, 0 = not pending or leased by someone else, -1 = error. */
int store_hold_claim(sg_store *st, const char *id, time_t now, time_t lease_until);
/* Claims up to max pending holds due at now in one transaction (lease as
 * above; PostgreSQL: FOR UPDATE SKIP LOCKED, so nodes running at once take
 * different holds and never wait for each other) and returns them,
 * without message bytes. Every node runs retries; none sends twice. */
int store_hold_claim_pending(sg_store *st, time_t now, time_t lease_until, unsigned max,
                             sg_hold ***out, size_t *n);
/* Parses a state name (held|released|discarded|expired); -1 if unknown. */
int sg_hold_state_parse(const char *name);
sg_hold *sg_hold_free(sg_hold *h);
void sg_hold_list_free(sg_hold **l, size_t n);
const char *sg_hold_state_name(sg_hold_state s);

/* recipient-domain history */
int store_history_note(sg_store *st, const char *const *domains, time_t now);
/* Which of domains were seen before: NULL-terminated malloc'd list. */
int store_history_known(sg_store *st, const char *const *domains, char ***known);
/* The n most frequent domains. */
int store_history_top(sg_store *st, unsigned n, char ***top);
/* Time of the first history entry (0 if none). */
int store_history_since(sg_store *st, time_t *first);
void store_strv_free(char **v);

/* Retention (store_retain.c): deletes the message bytes of holds decided
 * more than keep_s seconds ago (not while a release is pending); notes the
 * run in meta. *purged = bytes rows deleted. */
int store_retention_run(sg_store *st, time_t now, long long keep_s, size_t *purged);

/* What `sendguardctl status` prints. Times are Unix seconds, 0 = none. */
typedef struct sg_store_status {
    long long held;             /* holds waiting for a decision */
    long long oldest_held;      /* created time of the oldest of them */
    long long release_pending;  /* released, not yet accepted by the relay */
    long long messages_kept;    /* holds whose message bytes are still stored */
    long long message_bytes;    /* their total size */
    long long record_events;    /* rows in the transfer record */
    long long last_expiry_run;  /* last run of the expiry/retention pass */
    long long db_bytes;         /* database file (+ WAL) size */
} sg_store_status;
int store_status(sg_store *st, sg_store_status *out);

#endif
