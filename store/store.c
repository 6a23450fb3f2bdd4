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
 * store_open("postgresql://..." or a libpq keyword string) connects with
 * libpq and runs the PostgreSQL migrations (version in table sg_schema)
 * in one transaction under an advisory lock, so nodes starting at once do
 * not race either. Both schemas have the same tables and columns.
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

#include "sg_parse.h"
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
    /* 1 -> 2: the node (relay) that wrote each event (issue 12) */
    "ALTER TABLE record ADD COLUMN node TEXT;",
};

/* The same schema for PostgreSQL: BIGINT times, BYTEA bytes, domains
 * compared bytewise (COLLATE "C", as SQLite does), and holds.n keeping the
 * insertion order SQLite's rowid gives. */
static const char *const pg_migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE holds ("
    " n BIGSERIAL, id TEXT PRIMARY KEY, state TEXT NOT NULL, kind INTEGER NOT NULL DEFAULT 0,"
    " created BIGINT NOT NULL, expires BIGINT NOT NULL,"
    " queue_id TEXT, message_id TEXT, sender TEXT, auth_user TEXT, approver TEXT,"
    " subject TEXT, rules_json TEXT, findings_json TEXT, decision_json TEXT,"
    " release_pending INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX holds_state_expires ON holds(state, expires);"
    "CREATE TABLE hold_rcpts ("
    " hold_id TEXT NOT NULL REFERENCES holds(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, address TEXT NOT NULL, PRIMARY KEY (hold_id, idx));"
    "CREATE TABLE hold_messages ("
    " id TEXT PRIMARY KEY REFERENCES holds(id) ON DELETE CASCADE, bytes BYTEA NOT NULL);"
    "CREATE TABLE record ("
    " seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, event TEXT NOT NULL,"
    " queue_id TEXT, message_id TEXT, sender TEXT, auth_user TEXT, client_addr TEXT,"
    " subject TEXT, recipients_json TEXT, attachments_json TEXT, findings_json TEXT,"
    " rules_json TEXT, reportable INTEGER NOT NULL DEFAULT 0, action TEXT, actor TEXT,"
    " hold_id TEXT, note TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX record_time ON record(time);"
    "CREATE INDEX record_hold ON record(hold_id);"
    "CREATE TABLE history ("
    " domain TEXT COLLATE \"C\" PRIMARY KEY, first_seen BIGINT NOT NULL,"
    " last_seen BIGINT NOT NULL, count BIGINT NOT NULL DEFAULT 0);"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta(key, value) VALUES ('head_seq', '0'), ('head_hash', '"
    STORE_ZERO_HASH "');",
    /* 1 -> 2: the node (relay) that wrote each event (issue 12) */
    "ALTER TABLE record ADD COLUMN node TEXT;",
};

static int pg_exec(sg_store *st, const char *sql)
{
    PGresult *r;
    ExecStatusType rc;
    int bad;

    if (store_pg_ensure(st) < 0)
        return -1;
    r = PQexec(st->pg, sql);
    rc = PQresultStatus(r);
    /* COMMIT of a transaction that failed answers ROLLBACK, not an error */
    bad = (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK) ||
          (strncmp(sql, "COMMIT", 6) == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0);
    if (bad) {
        const char *m = r && rc != PGRES_COMMAND_OK ? PQresultErrorMessage(r)
                                                    : PQerrorMessage(st->pg);

        store_failf(st, "%.400s", m && *m ? m : "transaction rolled back");
        snprintf(st->dberr, sizeof(st->dberr), "%s", st->err);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    return 0;
}

int store_exec(sg_store *st, const char *sql)
{
    char *msg = NULL;

    if (st->backend == STORE_PG)
        return pg_exec(st, sql);
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        store_failf(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_sync(sg_store *st, int full)
{
    if (st->backend == STORE_PG || st->sync_normal == !full)
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
    if (st->backend == STORE_PG) {
        if (store_exec(st, full ? "BEGIN" : "BEGIN; SET LOCAL synchronous_commit TO off") < 0)
            return -1;
    } else if (store_exec(st, "BEGIN IMMEDIATE") < 0) {
        return -1;
    }
    st->in_tx = 1;
    return 0;
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
    st->in_tx = 0;
    return 0;
}

void store_rollback(sg_store *st)
{
    if (st->backend == STORE_PG) {
        if (PQstatus(st->pg) == CONNECTION_OK && PQtransactionStatus(st->pg) != PQTRANS_IDLE)
            PQclear(PQexec(st->pg, "ROLLBACK"));
    } else if (!sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    st->in_tx = 0;
}

static int store_user_version(sg_store *st, int *v)
{
    long long x;

    if (db_one_int(st, DB_SQL(st, "PRAGMA user_version",
                              "SELECT coalesce(max(version), 0) FROM sg_schema"), &x) < 0)
        return -1;
    *v = (int)x;
    return 0;
}

static int store_set_version(sg_store *st, int n)
{
    char sql[96];

    if (st->backend == STORE_PG)
        snprintf(sql, sizeof(sql), "DELETE FROM sg_schema; INSERT INTO sg_schema VALUES (%d)", n);
    else
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", n);
    return store_exec(st, sql);
}

/* Brings the schema up to date in one transaction. PostgreSQL: under an
 * advisory lock, so nodes starting together do not race. */
int store_migrate(sg_store *st)
{
    const char *const *steps = st->backend == STORE_PG ? pg_migrations : store_migrations;
    int v, n = st->backend == STORE_PG ? (int)(sizeof(pg_migrations) / sizeof(pg_migrations[0]))
                                       : (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));

    if (st->backend == STORE_SQLITE && store_user_version(st, &v) == 0 && v == n)
        return 0;
    if (store_begin(st) < 0)
        return -1;
    if (st->backend == STORE_PG &&
        (store_exec(st, "SELECT pg_advisory_xact_lock(" STORE_PG_LOCK_MIGRATE ")") < 0 ||
         store_exec(st, "CREATE TABLE IF NOT EXISTS sg_schema (version INTEGER NOT NULL)") < 0))
        goto fail;
    if (store_user_version(st, &v) < 0)
        goto fail;
    if (v > n) {
        store_rollback(st);
        return store_failf(st, "database schema version %d is newer than this program (%d)", v, n);
    }
    if (v == n) {
        store_rollback(st);
        return 0;
    }
    for (; v < n; v++)
        if (store_exec(st, steps[v]) < 0)
            goto fail;
    if (store_set_version(st, n) < 0)
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

int store_uri_backend(const char *uri)
{
    return sg_parse_dburi(uri);
}

void store_uri_redact(const char *uri, char *buf, size_t len)
{
    const char *at, *scheme, *pw;

    snprintf(buf, len, "%s", uri ? uri : "(null)");
    if (!uri)
        return;
    if ((scheme = strstr(uri, "://")) && (at = strchr(scheme + 3, '@')) &&
        (pw = memchr(scheme + 3, ':', (size_t)(at - scheme - 3)))) {
        snprintf(buf, len, "%.*s:***%s", (int)(pw - uri), uri, at);
    } else if ((pw = strstr(uri, "password="))) {
        const char *end = strchr(pw, ' ');

        snprintf(buf, len, "%.*spassword=***%s", (int)(pw - uri), uri, end ? end : "");
    }
}

static sg_store *store_open_pg(sg_store *st, const char *uri, char *err, size_t errlen)
{
    char name[256], why[STORE_ERRLEN];

    st->backend = STORE_PG;
    store_uri_redact(uri, name, sizeof(name));
    if (store_pg_connect(st, uri, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", name, why);
        return store_close(st);
    }
    if (sqlite3_open_v2(":memory:", &st->jdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open an in-memory SQLite for JSON", name);
        return store_close(st);
    }
    if (store_migrate(st) < 0) {
        snprintf(err, errlen, "%s: %s", name, st->err);
        return store_close(st);
    }
    return st;
}

sg_store *store_open(const char *uri, char *err, size_t errlen)
{
    sg_store *st;
    const char *path;
    int be = store_uri_backend(uri);

    if (be < 0) {
        snprintf(err, errlen, "%s: unsupported database (sqlite:PATH, postgresql://... or a "
                 "libpq keyword string)", uri ? uri : "(null)");
        return NULL;
    }
    if (!(st = sg_calloc(1, sizeof(*st)))) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (gethostname(st->node, sizeof(st->node) - 1) < 0)
        st->node[0] = 0;
    if (be == 1)
        return store_open_pg(st, uri, err, errlen);
    path = uri + 7;
    if (store_precreate(path, err, errlen) < 0) {
        free(st);
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

void store_set_node(sg_store *st, const char *node)
{
    if (st)
        snprintf(st->node, sizeof(st->node), "%s", node ? node : "");
}

int store_unavailable(const sg_store *st)
{
    return st && st->backend == STORE_PG && PQstatus(st->pg) != CONNECTION_OK;
}

int store_is_postgresql(const sg_store *st)
{
    return st && st->backend == STORE_PG;
}

sg_store *store_close(sg_store *st)
{
    if (st) {
        sqlite3_close(st->db);
        sqlite3_close(st->jdb);
        if (st->pg)
            PQfinish(st->pg);
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
