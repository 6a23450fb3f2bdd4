/*
 * store_hold - held messages: the index row, the held recipients and the
 * raw bytes, written with the hold's record event in ONE write transaction
 * (durable when store_hold_put returns: WAL + synchronous=FULL).
 * A state change is a conditional UPDATE (WHERE state = from); only the
 * caller whose UPDATE changed the row appends the event, in the same
 * transaction, so a release racing with another reply is recorded once.
 * Hold ids are 128 random bits (getrandom), in hex.
 * Owner: sg_hold from store_hold_get/list/due is freed by sg_hold_free /
 * sg_hold_list_free. Errors: -1 with store_error().
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "store_int.h"

#define HOLD_ID_BYTES 16
#define HOLD_COLUMNS "id, state, kind, created, expires, queue_id, message_id, sender, " \
    "auth_user, approver, subject, rules_json, findings_json, decision_json, " \
    "release_pending, attempts, next_attempt"

static const char *const state_names[] = { "held", "released", "discarded", "expired" };

const char *sg_hold_state_name(sg_hold_state s)
{
    return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ? state_names[s] : "unknown";
}

int sg_hold_state_parse(const char *name)
{
    size_t i;

    for (i = 0; name && i < sizeof(state_names) / sizeof(state_names[0]); i++)
        if (strcmp(name, state_names[i]) == 0)
            return (int)i;
    return -1;
}

static int hold_new_id(sg_store *st, char *id, size_t len)
{
    unsigned char r[HOLD_ID_BYTES];
    size_t got = 0, i;
    ssize_t n;

    while (got < sizeof(r)) {
        n = getrandom(r + got, sizeof(r) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return store_failf(st, "getrandom: %s", strerror(errno));
        got += (size_t)n;
    }
    if (len < 2 * sizeof(r) + 1)
        return store_failf(st, "hold id buffer too small");
    for (i = 0; i < sizeof(r); i++)
        snprintf(id + 2 * i, 3, "%02x", r[i]);
    return 0;
}

static int hold_insert_row(sg_store *st, const sg_hold *h)
{
    sg_stmt *s;

    if (db_prepare(st, "INSERT INTO holds(" HOLD_COLUMNS ") VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s) < 0)
        return -1;
    db_bind_text(s, 1, h->id);
    db_bind_text(s, 2, sg_hold_state_name(h->state));
    db_bind_int64(s, 3, h->kind);
    db_bind_int64(s, 4, h->created);
    db_bind_int64(s, 5, h->expires);
    db_bind_text(s, 6, h->queue_id);
    db_bind_text(s, 7, h->message_id);
    db_bind_text(s, 8, h->sender);
    db_bind_text(s, 9, h->auth_user);
    db_bind_text(s, 10, h->approver);
    db_bind_text(s, 11, h->subject);
    db_bind_text(s, 12, h->rules_json);
    db_bind_text(s, 13, h->findings_json);
    db_bind_text(s, 14, h->decision_json);
    db_bind_int64(s, 15, h->release_pending);
    db_bind_int64(s, 16, h->attempts);
    db_bind_int64(s, 17, h->next_attempt);
    return db_step_done(st, s, "hold: insert");
}

static int hold_insert_rcpts(sg_store *st, const sg_hold *h)
{
    sg_stmt *s;
    int i;

    if (!h->rcpts)
        return 0;
    if (db_prepare(st, "INSERT INTO hold_rcpts(hold_id, idx, address) VALUES (?,?,?)", &s) < 0)
        return -1;
    for (i = 0; h->rcpts[i]; i++) {
        db_bind_text(s, 1, h->id);
        db_bind_int64(s, 2, i);
        db_bind_text(s, 3, h->rcpts[i]);
        if (db_step(s) != DB_DONE) {
            db_finalize(s);
            return store_fail(st, "hold: recipients");
        }
        db_reset(s);
    }
    db_finalize(s);
    return 0;
}

static int hold_insert_bytes(sg_store *st, const sg_hold *h)
{
    sg_stmt *s;

    if (db_prepare(st, "INSERT INTO hold_messages(id, bytes) VALUES (?,?)", &s) < 0)
        return -1;
    db_bind_text(s, 1, h->id);
    db_bind_blob(s, 2, h->message, h->message_len);
    return db_step_done(st, s, "hold: message bytes");
}

int store_hold_put(sg_store *st, sg_hold *h, const sg_record_event *ev)
{
    if (hold_new_id(st, h->id, sizeof(h->id)) < 0)
        return -1;
    if (!h->created)
        h->created = time(NULL);
    if (store_begin(st) < 0)
        return -1;
    if (hold_insert_row(st, h) < 0 || hold_insert_rcpts(st, h) < 0 ||
        hold_insert_bytes(st, h) < 0 || (ev && store_record_append_tx(st, ev, h->id) < 0)) {
        store_rollback(st);
        return -1;
    }
    return store_commit(st);
}

/* ---- reading ---- */

static sg_hold *hold_from_row(sg_stmt *s, int *oom)
{
    sg_hold *h = sg_calloc(1, sizeof(*h));
    const char *id;

    if (!h) {
        *oom = 1;
        return NULL;
    }
    id = db_col_text(s, 0);
    snprintf(h->id, sizeof(h->id), "%s", id ? id : "");
    h->state = (sg_hold_state)sg_hold_state_parse(db_col_text(s, 1));
    h->kind = (int)db_col_int64(s, 2);
    h->created = (time_t)db_col_int64(s, 3);
    h->expires = (time_t)db_col_int64(s, 4);
    h->queue_id = store_col_dup(s, 5, oom);
    h->message_id = store_col_dup(s, 6, oom);
    h->sender = store_col_dup(s, 7, oom);
    h->auth_user = store_col_dup(s, 8, oom);
    h->approver = store_col_dup(s, 9, oom);
    h->subject = store_col_dup(s, 10, oom);
    h->rules_json = store_col_dup(s, 11, oom);
    h->findings_json = store_col_dup(s, 12, oom);
    h->decision_json = store_col_dup(s, 13, oom);
    h->release_pending = (int)db_col_int64(s, 14);
    h->attempts = (int)db_col_int64(s, 15);
    h->next_attempt = (time_t)db_col_int64(s, 16);
    return h;
}

static int hold_load_rcpts(sg_store *st, sg_hold *h)
{
    sg_stmt *s;
    size_t n = 0;
    char **v = sg_calloc(1, sizeof(*v)), **nv;
    int rc, oom = 0;

    if (!v)
        return store_failf(st, "out of memory");
    if (db_prepare(st, "SELECT address FROM hold_rcpts WHERE hold_id = ? ORDER BY idx", &s) < 0) {
        free(v);
        return -1;
    }
    db_bind_text(s, 1, h->id);
    while ((rc = db_step(s)) == DB_ROW) {
        if (!(nv = sg_realloc(v, (n + 2) * sizeof(*v)))) {
            oom = 1;
            break;
        }
        v = nv;
        v[n] = store_col_dup(s, 0, &oom);
        v[++n] = NULL;
    }
    db_finalize(s);
    h->rcpts = v;
    if (oom)
        return store_failf(st, "out of memory");
    return rc == DB_DONE || rc == DB_ROW ? 0 : store_fail(st, "hold: recipients");
}

static int hold_load_bytes(sg_store *st, sg_hold *h)
{
    sg_stmt *s;
    int rc;

    if (db_prepare(st, "SELECT bytes FROM hold_messages WHERE id = ?", &s) < 0)
        return -1;
    db_bind_text(s, 1, h->id);
    if ((rc = db_step(s)) != DB_ROW) {
        db_finalize(s);
        if (rc < 0)
            return store_fail(st, "hold: message bytes");
        /* a decided hold's bytes go after [hold] message_retention */
        if (h->state != SG_HOLD_HELD && !h->release_pending)
            return 0;
        return store_failf(st, "hold %s: message bytes missing", h->id);
    }
    rc = db_col_blob_dup(s, 0, &h->message, &h->message_len) < 0 ?
         store_failf(st, "hold %s: out of memory reading the message bytes", h->id) : 0;
    db_finalize(s);
    return rc;
}

/* Runs a SELECT of HOLD_COLUMNS with bound parameters already set. */
static int hold_query(sg_store *st, sg_stmt *s, sg_hold ***out, size_t *n)
{
    sg_hold **v = NULL, **nv, *h;
    int rc, oom = 0;

    *out = NULL;
    *n = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        if (!(nv = sg_realloc(v, (*n + 1) * sizeof(*v)))) {
            oom = 1;
            break;
        }
        v = nv;
        h = hold_from_row(s, &oom);
        if (!h)
            break;
        v[(*n)++] = h;
        if (oom)
            break;
    }
    db_finalize(s);
    if (oom || (rc != DB_DONE)) {
        sg_hold_list_free(v, *n);
        *n = 0;
        return oom ? store_failf(st, "out of memory") : store_fail(st, "holds");
    }
    for (size_t i = 0; i < *n; i++)
        if (hold_load_rcpts(st, v[i]) < 0) {
            sg_hold_list_free(v, *n);
            *n = 0;
            return -1;
        }
    *out = v;
    return 0;
}

int store_hold_get(sg_store *st, const char *id, sg_hold **out)
{
    sg_stmt *s;
    sg_hold **v;
    size_t n;

    *out = NULL;
    st->not_found = 0;
    if (db_prepare(st, "SELECT " HOLD_COLUMNS " FROM holds WHERE id = ?", &s) < 0)
        return -1;
    db_bind_text(s, 1, id);
    if (hold_query(st, s, &v, &n) < 0)
        return -1;
    if (n == 0) {
        free(v);
        st->not_found = 1;
        return store_failf(st, "hold %s: not found", id);
    }
    if (hold_load_bytes(st, v[0]) < 0) {
        sg_hold_list_free(v, n);
        return -1;
    }
    *out = v[0];
    free(v);
    return 0;
}

int store_hold_list(sg_store *st, int state, sg_hold ***out, size_t *n)
{
    sg_stmt *s;

    if (db_prepare(st, DB_SQL(st, "SELECT " HOLD_COLUMNS " FROM holds WHERE ?1 IS NULL OR "
                             "state = ?1 ORDER BY created DESC, rowid DESC",
                             "SELECT " HOLD_COLUMNS " FROM holds WHERE ?1::text IS NULL OR "
                             "state = ?1 ORDER BY created DESC, n DESC"), &s) < 0)
        return -1;
    if (state >= 0)
        db_bind_text(s, 1, sg_hold_state_name((sg_hold_state)state));
    return hold_query(st, s, out, n);
}

int store_hold_due(sg_store *st, time_t now, sg_hold ***out, size_t *n)
{
    sg_stmt *s;

    if (db_prepare(st, "SELECT " HOLD_COLUMNS " FROM holds WHERE state = 'held' AND "
                      "expires <= ? ORDER BY expires", &s) < 0)
        return -1;
    db_bind_int64(s, 1, now);
    return hold_query(st, s, out, n);
}

int store_hold_pending_due(sg_store *st, time_t now, sg_hold ***out, size_t *n)
{
    sg_stmt *s;

    if (db_prepare(st, "SELECT " HOLD_COLUMNS " FROM holds WHERE release_pending <> 0 AND "
                      "next_attempt <= ? ORDER BY next_attempt", &s) < 0)
        return -1;
    db_bind_int64(s, 1, now);
    return hold_query(st, s, out, n);
}

/* ---- changing ---- */

int store_hold_transition(sg_store *st, const char *id, sg_hold_state from_state,
                          sg_hold_state to_state, const sg_record_event *ev)
{
    sg_stmt *s;
    int changed;

    if (store_begin(st) < 0)
        return -1;
    if (db_prepare(st, "UPDATE holds SET state = ? WHERE id = ? AND state = ?", &s) < 0)
        goto fail;
    db_bind_text(s, 1, sg_hold_state_name(to_state));
    db_bind_text(s, 2, id);
    db_bind_text(s, 3, sg_hold_state_name(from_state));
    if (db_step_done(st, s, "hold: state") < 0)
        goto fail;
    changed = st->changes == 1;
    if (!changed) {
        store_rollback(st);
        return 0;
    }
    if (ev && store_record_append_tx(st, ev, ev->hold_id ? NULL : id) < 0)
        goto fail;
    return store_commit(st) < 0 ? -1 : 1;
fail:
    store_rollback(st);
    return -1;
}

int store_hold_set_pending(sg_store *st, const char *id, int pending, int attempts,
                           time_t next_attempt)
{
    sg_stmt *s;

    st->not_found = 0;
    if (store_sync(st, 1) < 0 ||
        db_prepare(st, "UPDATE holds SET release_pending = ?, attempts = ?, next_attempt = ? "
                      "WHERE id = ?", &s) < 0)
        return -1;
    db_bind_int64(s, 1, pending);
    db_bind_int64(s, 2, attempts);
    db_bind_int64(s, 3, next_attempt);
    db_bind_text(s, 4, id);
    if (db_step_done(st, s, "hold: pending") < 0)
        return -1;
    if (st->changes != 1) {
        st->not_found = 1;
        return store_failf(st, "hold %s: not found", id);
    }
    return 0;
}

int store_hold_claim(sg_store *st, const char *id, time_t now, time_t lease_until)
{
    sg_stmt *s;

    if (store_sync(st, 1) < 0 ||
        db_prepare(st, "UPDATE holds SET next_attempt = ?1 WHERE id = ?2 AND "
                   "release_pending <> 0 AND next_attempt <= ?3", &s) < 0)
        return -1;
    db_bind_int64(s, 1, (long long)lease_until);
    db_bind_text(s, 2, id);
    db_bind_int64(s, 3, (long long)now);
    if (db_step_done(st, s, "hold: claim") < 0)
        return -1;
    return st->changes == 1;
}

int store_hold_claim_pending(sg_store *st, time_t now, time_t lease_until, unsigned max,
                             sg_hold ***out, size_t *n)
{
    sg_stmt *s;

    *out = NULL;
    *n = 0;
    if (store_begin(st) < 0)
        return -1;
    /* PostgreSQL: rows another node is claiming right now are skipped, not
     * waited for, and RETURNING says which rows this statement took;
     * SQLite: BEGIN IMMEDIATE already excludes every other writer, so the
     * rows leased until exactly lease_until are the ones taken here. */
    if (st->backend == STORE_PG) {
        if (db_prepare(st, "UPDATE holds SET next_attempt = ?1 WHERE id IN (SELECT id FROM "
                       "holds WHERE release_pending <> 0 AND next_attempt <= ?2 ORDER BY "
                       "next_attempt LIMIT ?3 FOR UPDATE SKIP LOCKED) RETURNING " HOLD_COLUMNS,
                       &s) < 0)
            goto fail;
        db_bind_int64(s, 1, (long long)lease_until);
        db_bind_int64(s, 2, (long long)now);
        db_bind_int64(s, 3, (long long)max);
    } else {
        if (db_prepare(st, "UPDATE holds SET next_attempt = ?1 WHERE id IN (SELECT id FROM "
                       "holds WHERE release_pending <> 0 AND next_attempt <= ?2 ORDER BY "
                       "next_attempt LIMIT ?3)", &s) < 0)
            goto fail;
        db_bind_int64(s, 1, (long long)lease_until);
        db_bind_int64(s, 2, (long long)now);
        db_bind_int64(s, 3, (long long)max);
        if (db_step_done(st, s, "hold: claim pending") < 0)
            goto fail;
        if (db_prepare(st, "SELECT " HOLD_COLUMNS " FROM holds WHERE release_pending <> 0 AND "
                       "next_attempt = ? ORDER BY created", &s) < 0)
            goto fail;
        db_bind_int64(s, 1, (long long)lease_until);
    }
    if (hold_query(st, s, out, n) < 0)
        goto fail;
    if (store_commit(st) < 0) {
        sg_hold_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
fail:
    store_rollback(st);
    return -1;
}

sg_hold *sg_hold_free(sg_hold *h)
{
    if (!h)
        return NULL;
    free(h->queue_id); free(h->message_id); free(h->sender); free(h->auth_user);
    free(h->approver); free(h->subject); free(h->rules_json); free(h->findings_json);
    free(h->decision_json); free(h->message);
    store_strv_free(h->rcpts);
    free(h);
    return NULL;
}

void sg_hold_list_free(sg_hold **l, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        sg_hold_free(l[i]);
    free(l);
}
