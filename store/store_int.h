/*
 * store_int - what the store's own files share: the sg_store handle (one
 * SQLite or one PostgreSQL connection), error reporting, transactions and
 * the small statement layer (store_db.c) every store file goes through, so
 * the same code and the same SQL (with a few per-backend variants picked by
 * DB_SQL) run on both backends. Not for use outside store/.
 */
#ifndef SG_STORE_INT_H
#define SG_STORE_INT_H

#include <sqlite3.h>
#include <libpq-fe.h>

#include "store.h"

#define STORE_ERRLEN 512
#define STORE_BUSY_TIMEOUT_MS 15000      /* wait this long for another writer */
#define STORE_SCHEMA_VERSION 2
#define STORE_NODE_MAX 256
#define STORE_PG_LOCK_MIGRATE "7308604371221807361"   /* advisory lock keys: migrations, */
#define STORE_PG_LOCK_RECORD "7308604371221807362"    /* the chain head */
#define STORE_HASH_HEX 64                /* sha256, hex */
#define STORE_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef enum { STORE_SQLITE = 0, STORE_PG = 1 } store_backend;

struct sg_store {
    store_backend backend;
    sqlite3 *db;             /* SQLite: the database; PostgreSQL: NULL */
    PGconn *pg;              /* PostgreSQL: the connection */
    sqlite3 *jdb;            /* PostgreSQL: an in-memory SQLite for the JSON helpers */
    char err[STORE_ERRLEN];
    char dberr[STORE_ERRLEN];   /* PostgreSQL: the last server/connection message */
    int not_found;           /* the last get/set_pending failed: no such hold */
    int sync_normal;         /* the connection is at synchronous=NORMAL (SQLite) */
    int in_tx;               /* a transaction is open */
    long long changes;       /* rows changed by the last statement */
    char node[STORE_NODE_MAX];  /* written into record events (store_set_node) */
};

/* Picks the SQL text for the backend of st. */
#define DB_SQL(st, sqlite_sql, pg_sql) ((st)->backend == STORE_PG ? (pg_sql) : (sqlite_sql))

/* Sets st->err to "what: <database message>" and returns -1. */
int store_fail(sg_store *st, const char *what);
/* Sets st->err to a formatted message and returns -1. */
int store_failf(sg_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs SQL without parameters or results (several statements allowed). */
int store_exec(sg_store *st, const char *sql);
/* A write transaction. SQLite: BEGIN IMMEDIATE (the write lock is taken at
 * once, waits busy_timeout) with synchronous=FULL (the commit is fsync'd).
 * PostgreSQL: BEGIN (READ COMMITTED; synchronous_commit as configured). */
int store_begin(sg_store *st);
/* The same with a durable commit (full = 1) or not (0: SQLite
 * synchronous=NORMAL, PostgreSQL SET LOCAL synchronous_commit = off; only
 * store_record_append_noted uses it). */
int store_begin_sync(sg_store *st, int full);
/* SQLite: sets synchronous for the next commits (FULL or NORMAL); no-op when
 * set, and on PostgreSQL. */
int store_sync(sg_store *st, int full);
int store_commit(sg_store *st);
void store_rollback(sg_store *st);

/* ---- statements (store_db.c) ----
 * SQL uses ? or ?N placeholders on both backends. Bindings are copied.
 * db_step returns DB_ROW, DB_DONE or -1 (st->dberr / store_fail say why). */
typedef struct sg_stmt sg_stmt;
enum { DB_DONE = 0, DB_ROW = 1 };

int db_prepare(sg_store *st, const char *sql, sg_stmt **s);
sg_stmt *db_finalize(sg_stmt *s);
/* Ready to run again with the same or new bindings. */
void db_reset(sg_stmt *s);
void db_bind_text(sg_stmt *s, int i, const char *v);      /* NULL binds NULL */
void db_bind_int64(sg_stmt *s, int i, long long v);
void db_bind_blob(sg_stmt *s, int i, const void *p, size_t len);
int db_step(sg_stmt *s);
/* Steps once and expects DB_DONE; finalizes s; -1 via store_fail(what). */
int db_step_done(sg_store *st, sg_stmt *s, const char *what);
int db_col_isnull(sg_stmt *s, int i);
const char *db_col_text(sg_stmt *s, int i);               /* NULL for NULL */
long long db_col_int64(sg_stmt *s, int i);
/* A malloc'd NUL-terminated copy of a blob column; -1 on out of memory. */
int db_col_blob_dup(sg_stmt *s, int i, unsigned char **out, size_t *len);
/* Copies a text column (NULL stays NULL; sets *oom on allocation failure). */
char *store_col_dup(sg_stmt *s, int i, int *oom);
/* Runs a query returning one integer (first column of the first row; 0
 * when there is no row or it is NULL). */
int db_one_int(sg_store *st, const char *sql, long long *out);
/* PostgreSQL: opens the connection, or reconnects a broken one outside a
 * transaction. */
int store_pg_connect(sg_store *st, const char *conninfo, char *err, size_t errlen);
int store_pg_ensure(sg_store *st);
/* Runs the schema migrations (store.c). */
int store_migrate(sg_store *st);

/* Appends ev to the record inside an open transaction. hold_id overrides
 * ev->hold_id when not NULL. */
int store_record_append_tx(sg_store *st, const sg_record_event *ev, const char *hold_id);
/* store_verify inside an open transaction (store_copy). */
int store_verify_tx(sg_store *st, FILE *out);
/* Notes the domains inside an open transaction. */
int store_history_note_tx(sg_store *st, const char *const *domains, time_t now);

#endif
