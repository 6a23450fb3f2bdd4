/*
 * store_retain - retention of held message bytes and the numbers behind
 * `sendguardctl status`.
 *
 * store_retention_run() deletes the bytes of holds that were decided
 * (released and sent, discarded, expired) more than keep_s seconds ago; the
 * hold row, its recipients and the transfer record stay. The decision time
 * is the time of the hold's last record event. A hold whose release is
 * still pending keeps its bytes. It also notes the time of the run in meta
 * ('last_expiry_run'), at most once a minute when nothing was deleted, so
 * that a stopped expiry thread shows in `status`.
 * Errors: -1 with store_error().
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"
#include "store_int.h"

#define RETAIN_MARK_EVERY_S 60

static long long meta_int(sg_store *st, const char *key)
{
    sg_stmt *s;
    long long v = 0;

    if (db_prepare(st, "SELECT value FROM meta WHERE key = ?", &s) < 0)
        return -1;
    db_bind_text(s, 1, key);
    if (db_step(s) == DB_ROW)
        v = strtoll(db_col_text(s, 0) ? db_col_text(s, 0) : "0", NULL, 10);
    db_finalize(s);
    return v;
}

int store_retention_run(sg_store *st, time_t now, long long keep_s, size_t *purged)
{
    sg_stmt *s;
    long long last;
    char buf[32];
    int n;

    *purged = 0;
    if ((last = meta_int(st, "last_expiry_run")) < 0)
        return -1;
    if (store_begin(st) < 0)
        return -1;
    if (db_prepare(st, "DELETE FROM hold_messages WHERE id IN (SELECT h.id FROM holds h "
                      "WHERE h.state <> 'held' AND h.release_pending = 0 AND "
                      "(SELECT MAX(r.time) FROM record r WHERE r.hold_id = h.id) <= ?)", &s) < 0)
        goto fail;
    db_bind_int64(s, 1, now - keep_s);
    if (db_step(s) != DB_DONE) {
        db_finalize(s);
        store_fail(st, "retention: delete");
        goto fail;
    }
    db_finalize(s);
    n = (int)st->changes;
    *purged = (size_t)n;
    if (n > 0 || now - last >= RETAIN_MARK_EVERY_S || now < last) {
        if (db_prepare(st, "INSERT INTO meta(key, value) VALUES ('last_expiry_run', ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s) < 0)
            goto fail;
        snprintf(buf, sizeof(buf), "%lld", (long long)now);
        db_bind_text(s, 1, buf);
        if (db_step(s) != DB_DONE) {
            db_finalize(s);
            store_fail(st, "retention: meta");
            goto fail;
        }
        db_finalize(s);
    }
    return store_commit(st);
fail:
    store_rollback(st);
    return -1;
}

static int one_int(sg_store *st, const char *sql, long long *out)
{
    return db_one_int(st, sql, out) < 0 ? store_fail(st, "status") : 0;
}

int store_status(sg_store *st, sg_store_status *out)
{
    const char *file;
    char wal[4096];
    struct stat sb;
    long long pages, psize;

    memset(out, 0, sizeof(*out));
    if (one_int(st, "SELECT COUNT(*) FROM holds WHERE state = 'held'", &out->held) < 0 ||
        one_int(st, "SELECT COALESCE(MIN(created), 0) FROM holds WHERE state = 'held'",
                &out->oldest_held) < 0 ||
        one_int(st, "SELECT COUNT(*) FROM holds WHERE release_pending <> 0",
                &out->release_pending) < 0 ||
        one_int(st, "SELECT COUNT(*), COALESCE(SUM(length(bytes)), 0) FROM hold_messages",
                &out->messages_kept) < 0 ||
        one_int(st, "SELECT COALESCE(SUM(length(bytes)), 0) FROM hold_messages",
                &out->message_bytes) < 0 ||
        one_int(st, "SELECT COUNT(*) FROM record", &out->record_events) < 0 ||
        one_int(st, DB_SQL(st, "PRAGMA page_count", "SELECT pg_database_size(current_database())"),
                &pages) < 0 ||
        one_int(st, DB_SQL(st, "PRAGMA page_size", "SELECT 1"), &psize) < 0)
        return -1;
    out->last_expiry_run = meta_int(st, "last_expiry_run");
    out->db_bytes = pages * psize;
    if (st->backend == STORE_SQLITE && (file = sqlite3_db_filename(st->db, "main")) && *file) {
        snprintf(wal, sizeof(wal), "%s-wal", file);
        if (stat(wal, &sb) == 0)
            out->db_bytes += (long long)sb.st_size;
    }
    return out->last_expiry_run < 0 ? -1 : 0;
}
