/*
 * store_copy - moves a whole store to another, empty one (sendguardctl
 * migrate, issue 12: a single SQLite relay becomes one of several sharing
 * PostgreSQL, or back). Every row is copied as stored - holds with their
 * recipients and message bytes, the transfer record with its seq, hashes
 * and nodes, the recipient history and the chain head - in ONE transaction
 * on the destination, so a failed migration leaves it empty; the record is
 * verified on the destination before the commit, so what was intact stays
 * verifiably intact.
 * Errors: -1 with store_error(to) (or of from, copied into to).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define COPY_HOLD_COLS "id, state, kind, created, expires, queue_id, message_id, sender, " \
    "auth_user, approver, subject, rules_json, findings_json, decision_json, " \
    "release_pending, attempts, next_attempt"
#define COPY_REC_COLS "seq, time, event, queue_id, message_id, sender, auth_user, " \
    "client_addr, subject, recipients_json, attachments_json, findings_json, rules_json, " \
    "reportable, action, actor, hold_id, note, prev_hash, hash, node"

static const struct copy_table {
    const char *name, *select, *insert;
    int ncols, blob_col;            /* blob_col: -1 = none */
} copy_tables[] = {
    /* in insertion order (SQLite's rowid, PostgreSQL's n): lists keep their order */
    { "holds", NULL,
      "INSERT INTO holds(" COPY_HOLD_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", 17, -1 },
    { "hold_rcpts", "SELECT hold_id, idx, address FROM hold_rcpts ORDER BY hold_id, idx",
      "INSERT INTO hold_rcpts(hold_id, idx, address) VALUES (?,?,?)", 3, -1 },
    { "hold_messages", "SELECT id, bytes FROM hold_messages ORDER BY id",
      "INSERT INTO hold_messages(id, bytes) VALUES (?,?)", 2, 1 },
    { "record", "SELECT " COPY_REC_COLS " FROM record ORDER BY seq",
      "INSERT INTO record(" COPY_REC_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      21, -1 },
    { "history", "SELECT domain, first_seen, last_seen, count FROM history ORDER BY domain",
      "INSERT INTO history(domain, first_seen, last_seen, count) VALUES (?,?,?,?)", 4, -1 },
    { "meta", "SELECT key, value FROM meta ORDER BY key",
      "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET "
      "value = excluded.value", 2, -1 },
};

static int copy_from_fail(sg_store *to, sg_store *from, const char *what)
{
    store_fail(from, what);
    return store_failf(to, "source: %s", from->err);
}

/* Copies one table; *rows = rows copied. */
static int copy_table(sg_store *from, sg_store *to, const struct copy_table *t, long long *rows)
{
    sg_stmt *src = NULL, *dst = NULL;
    unsigned char *blob;
    size_t len;
    int rc, i;

    *rows = 0;
    if (db_prepare(from, t->select ? t->select :
                   DB_SQL(from, "SELECT " COPY_HOLD_COLS " FROM holds ORDER BY rowid",
                          "SELECT " COPY_HOLD_COLS " FROM holds ORDER BY n"), &src) < 0)
        return copy_from_fail(to, from, t->name);
    if (db_prepare(to, t->insert, &dst) < 0) {
        db_finalize(src);
        return -1;
    }
    while ((rc = db_step(src)) == DB_ROW) {
        db_reset(dst);
        for (i = 0; i < t->ncols; i++) {
            if (i == t->blob_col) {
                if (db_col_blob_dup(src, i, &blob, &len) < 0) {
                    rc = -2;
                    break;
                }
                db_bind_blob(dst, i + 1, blob, len);
                free(blob);
            } else {
                db_bind_text(dst, i + 1, db_col_text(src, i));
            }
        }
        if (rc == -2 || db_step(dst) != DB_DONE)
            break;
        ++*rows;
    }
    if (rc == DB_ROW || rc == -2) {
        if (rc == -2)
            store_failf(to, "%s: out of memory", t->name);
        else
            store_fail(to, t->name);
        rc = -1;
    } else if (rc < 0) {
        copy_from_fail(to, from, t->name);
    }
    db_finalize(src);
    db_finalize(dst);
    return rc == DB_DONE ? 0 : -1;
}

int store_copy(sg_store *from, sg_store *to, FILE *log)
{
    long long n, rows;
    size_t i;
    FILE *vout;
    char *rep = NULL;
    size_t replen = 0;
    int v;

    if (db_one_int(to, "SELECT (SELECT count(*) FROM holds) + (SELECT count(*) FROM record) + "
                   "(SELECT count(*) FROM history)", &n) < 0)
        return -1;
    if (n > 0)
        return store_failf(to, "the destination is not empty (%lld holds, record rows and "
                           "history domains): migrate only into a new database", n);
    if (store_begin(to) < 0)
        return -1;
    /* PostgreSQL: no node appends to the chain while it is being filled */
    if (to->backend == STORE_PG &&
        store_exec(to, "SELECT pg_advisory_xact_lock(" STORE_PG_LOCK_RECORD ")") < 0)
        goto fail;
    for (i = 0; i < sizeof(copy_tables) / sizeof(copy_tables[0]); i++) {
        if (copy_table(from, to, &copy_tables[i], &rows) < 0)
            goto fail;
        if (log)
            fprintf(log, "%s: %lld row(s)\n", copy_tables[i].name, rows);
    }
    /* the chain as it now stands on the destination, before anything is committed */
    if (!(vout = open_memstream(&rep, &replen)))
        goto fail;
    v = store_verify_tx(to, vout);
    fclose(vout);
    if (log && rep)
        fputs(rep, log);
    free(rep);
    if (v != 0) {
        if (v > 0)
            store_failf(to, "the record does not verify on the destination: nothing committed");
        goto fail;
    }
    return store_commit(to);
fail:
    store_rollback(to);
    return -1;
}
