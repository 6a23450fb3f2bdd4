/*
 * store_int - what the store's own files share: the sg_store handle (one
 * SQLite connection), error reporting, transactions and small column/bind
 * helpers. Not for use outside store/.
 */
#ifndef SG_STORE_INT_H
#define SG_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STORE_ERRLEN 512
#define STORE_BUSY_TIMEOUT_MS 15000      /* wait this long for another writer */
#define STORE_SCHEMA_VERSION 1
#define STORE_HASH_HEX 64                /* sha256, hex */
#define STORE_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct sg_store {
    sqlite3 *db;
    char err[STORE_ERRLEN];
    int not_found;           /* the last get/set_pending failed: no such hold */
    int sync_normal;         /* the connection is at synchronous=NORMAL */
};

/* Sets st->err to "what: <sqlite message>" and returns -1. */
int store_fail(sg_store *st, const char *what);
/* Sets st->err to a formatted message and returns -1. */
int store_failf(sg_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int store_exec(sg_store *st, const char *sql);
int store_prepare(sg_store *st, const char *sql, sqlite3_stmt **stmt);
/* BEGIN IMMEDIATE (the write lock is taken at once, waits busy_timeout),
 * with synchronous=FULL: the commit is fsync'd. */
int store_begin(sg_store *st);
/* The same with synchronous=FULL (full = 1) or NORMAL (0: the commit is not
 * fsync'd; only store_record_append_noted uses it). */
int store_begin_sync(sg_store *st, int full);
/* Sets synchronous for the next commits (FULL or NORMAL); no-op when set. */
int store_sync(sg_store *st, int full);
int store_commit(sg_store *st);
void store_rollback(sg_store *st);

int store_bind_str(sqlite3_stmt *s, int i, const char *v);
/* Copies a text column (NULL stays NULL; sets *oom on allocation failure). */
char *store_col_dup(sqlite3_stmt *s, int i, int *oom);

/* Appends ev to the record inside an open transaction. hold_id overrides
 * ev->hold_id when not NULL. */
int store_record_append_tx(sg_store *st, const sg_record_event *ev, const char *hold_id);
/* Notes the domains inside an open transaction. */
int store_history_note_tx(sg_store *st, const char *const *domains, time_t now);

#endif
