/*
 * store - opening the database, the schema and its migrations, and the
 * helpers the other store files share (errors, transactions, binding).
 *
 * store_open("sqlite:PATH") creates the file (mode 0640) and the schema,
 * sets WAL, synchronous=FULL, foreign keys and a busy timeout, so several
 * milter threads (one sg_store each) and sendguardctl can use it at once.
 * The schema version lives in PRAGMA user_version; migrate() runs every
 * step from the file's version up to STORE_SCHEMA_VERSION in one write
 * transaction, so two processes opening a new file at once do not race.
 * Owner: store_open() returns a handle freed by store_close().
 * Errors: NULL + err (open), -1 + store_error() (everything else).
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

#define STORE_FILE_MODE 0640

/* Each step brings the schema from version i to i + 1. */
static const char *const store_migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE holds ("
    " id TEXT PRIMARY KEY, state TEXT NOT NULL, kind INTEGER NOT NULL DEFAULT 0,"
    " created INTEGER NOT NULL, expires INTEGER NOT NULL,"
    " queue_id TEXT, message_id TEXT, sender TEXT, auth_user TEXT, approver TEXT,"
    " subject TEXT, rules_json TEXT, findings_json TEXT, decision_json TEXT,"
    " release_pending INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX holds_state_expires ON holds(state, expires);"
    "CREATE TABLE hold_rcpts ("
    " hold_id TEXT NOT NULL REFERENCES holds(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, address TEXT NOT NULL, PRIMARY KEY (hold_id, idx));"
    "CREATE TABLE hold_messages ("
    " id TEXT PRIMARY KEY REFERENCES holds(id) ON DELETE CASCADE, bytes BLOB NOT NULL);"
    "CREATE TABLE record ("
    " seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, event TEXT NOT NULL,"
    " queue_id TEXT, message_id TEXT, sender TEXT, auth_user TEXT, client_addr TEXT,"
    " subject TEXT, recipients_json TEXT, attachments_json TEXT, findings_json TEXT,"
    " rules_json TEXT, reportable INTEGER NOT NULL DEFAULT 0, action TEXT, actor TEXT,"
    " hold_id TEXT, note TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX record_time ON record(time);"
    "CREATE INDEX record_hold ON record(hold_id);"
    "CREATE TABLE history ("
    " domain TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    " count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta(key, value) VALUES ('head_seq', '0'), ('head_hash', '"
    STORE_ZERO_HASH "');",
};

int store_fail(sg_store *st, const char *what)
{
    snprintf(st->err, sizeof(st->err), "%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "no database");
    return -1;
}

int store_failf(sg_store *st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(st->err, sizeof(st->err), fmt, ap);
    va_end(ap);
    return -1;
}

int store_exec(sg_store *st, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        store_failf(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_prepare(sg_store *st, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return store_fail(st, "prepare");
    }
    return 0;
}

int store_sync(sg_store *st, int full)
{
    if (st->sync_normal == !full)
        return 0;
    if (store_exec(st, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL") < 0)
        return -1;
    st->sync_normal = !full;
    return 0;
}

int store_begin_sync(sg_store *st, int full)
{
    if (store_sync(st, full) < 0)
        return -1;
    return store_exec(st, "BEGIN IMMEDIATE");
}

int store_begin(sg_store *st)
{
    return store_begin_sync(st, 1);
}

int store_commit(sg_store *st)
{
    if (store_exec(st, "COMMIT") < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

void store_rollback(sg_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_bind_str(sqlite3_stmt *s, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

char *store_col_dup(sqlite3_stmt *s, int i, int *oom)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    char *r;

    if (!t)
        return NULL;
    r = sg_strdup((const char *)t);
    if (!r)
        *oom = 1;
    return r;
}

static int store_user_version(sg_store *st, int *v)
{
    sqlite3_stmt *s;

    if (store_prepare(st, "PRAGMA user_version", &s) < 0)
        return -1;
    *v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return 0;
}

static int store_migrate(sg_store *st)
{
    int v, n = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));
    char sql[64];

    if (store_user_version(st, &v) < 0)
        return -1;
    if (v == n)
        return 0;
    if (store_begin(st) < 0 || store_user_version(st, &v) < 0)
        goto fail;
    if (v > n) {
        store_rollback(st);
        return store_failf(st, "database schema version %d is newer than this program (%d)", v, n);
    }
    for (; v < n; v++)
        if (store_exec(st, store_migrations[v]) < 0)
            goto fail;
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", n);
    if (store_exec(st, sql) < 0)
        goto fail;
    return store_commit(st);
fail:
    store_rollback(st);
    return -1;
}

static int store_setup(sg_store *st)
{
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    if (store_exec(st, "PRAGMA journal_mode = WAL") < 0 ||
        store_exec(st, "PRAGMA synchronous = FULL") < 0 ||
        store_exec(st, "PRAGMA foreign_keys = ON") < 0)
        return -1;
    return store_migrate(st);
}

/* Creates the file with a restrictive mode before SQLite does (its -wal and
 * -shm files take the mode of the database file). */
static int store_precreate(const char *path, char *err, size_t errlen)
{
    /* O_EXCL: never open()+close() a file SQLite may already have open in
     * this process: close() drops every POSIX lock the process holds on it,
     * and another process then checkpoints the WAL under our feet. */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, STORE_FILE_MODE);

    if (fd < 0 && errno == EEXIST)
        return 0;
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    close(fd);
    return 0;
}

sg_store *store_open(const char *uri, char *err, size_t errlen)
{
    sg_store *st;
    const char *path;

    if (!uri || strncmp(uri, "sqlite:", 7) != 0 || !uri[7]) {
        snprintf(err, errlen, "%s: unsupported database (only sqlite:PATH)", uri ? uri : "(null)");
        return NULL;
    }
    path = uri + 7;
    if (store_precreate(path, err, errlen) < 0)
        return NULL;
    if (!(st = sg_calloc(1, sizeof(*st)))) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK || store_setup(st) < 0) {
        if (!st->err[0])
            store_fail(st, "open");
        snprintf(err, errlen, "%s: %s", path, st->err);
        store_close(st);
        return NULL;
    }
    return st;
}

sg_store *store_close(sg_store *st)
{
    if (st) {
        sqlite3_close(st->db);
        free(st);
    }
    return NULL;
}

const char *store_error(const sg_store *st)
{
    return st && st->err[0] ? st->err : "no error";
}

int store_not_found(const sg_store *st)
{
    return st ? st->not_found : 0;
}

void store_strv_free(char **v)
{
    size_t i;

    if (!v)
        return;
    for (i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}
