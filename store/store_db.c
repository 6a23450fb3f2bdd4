/*
 * store_db - the statement layer under every store file: prepare, bind,
 * step and read columns on SQLite (a thin wrapper) or PostgreSQL (libpq,
 * PQexecParams with the bindings copied, text results, bytea as binary
 * parameter and hex result), so one body of store code and, but for a few
 * DB_SQL variants, one body of SQL runs on both backends.
 *
 * PostgreSQL: placeholders ? and ?N become $n; a broken connection is
 * reset before the next statement outside a transaction (store_pg_ensure),
 * never inside one: a statement in a transaction whose connection died
 * fails, the caller rolls back, and the next call reconnects.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define DB_MAX_PARAMS 32
#define DB_BYTEA_OID 17
#define DB_CONNECT_TIMEOUT "10"          /* seconds, unless the connection string says */

struct sg_stmt {
    sg_store *st;
    sqlite3_stmt *lite;
    /* PostgreSQL */
    char *sql;
    int nparams, oom, ran, row;
    char *val[DB_MAX_PARAMS];
    int len[DB_MAX_PARAMS], fmt[DB_MAX_PARAMS];
    Oid type[DB_MAX_PARAMS];
    PGresult *res;
};

int store_fail(sg_store *st, const char *what)
{
    if (st->backend == STORE_PG)
        snprintf(st->err, sizeof(st->err), "%s: %.400s", what, st->dberr[0] ? st->dberr : "error");
    else
        snprintf(st->err, sizeof(st->err), "%s: %s", what,
                 st->db ? sqlite3_errmsg(st->db) : "no database");
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

static void pg_note_error(sg_store *st, const char *msg)
{
    size_t n;
    char *p;

    snprintf(st->dberr, sizeof(st->dberr), "%s", msg && *msg ? msg : "unknown error");
    n = strlen(st->dberr);
    while (n > 0 && (st->dberr[n - 1] == '\n' || st->dberr[n - 1] == ' '))
        st->dberr[--n] = 0;
    /* libpq's messages have several lines; a log line has one */
    for (p = st->dberr; (p = strchr(p, '\n')); )
        *p = ' ';
}

static void pg_quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

int store_pg_connect(sg_store *st, const char *conninfo, char *err, size_t errlen)
{
    const char *const keys[] = { "connect_timeout", "application_name", "dbname", NULL };
    const char *const vals[] = { DB_CONNECT_TIMEOUT, "sendguard", conninfo, NULL };

    st->pg = PQconnectdbParams(keys, vals, 1);
    if (!st->pg) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    PQsetNoticeProcessor(st->pg, pg_quiet, NULL);
    if (PQstatus(st->pg) != CONNECTION_OK) {
        pg_note_error(st, PQerrorMessage(st->pg));
        snprintf(err, errlen, "database unreachable: %s", st->dberr);
        return -1;
    }
    return 0;
}

int store_pg_ensure(sg_store *st)
{
    if (st->backend != STORE_PG || PQstatus(st->pg) == CONNECTION_OK)
        return 0;
    if (st->in_tx) {
        pg_note_error(st, "database connection lost in a transaction");
        return store_failf(st, "%s", st->dberr);
    }
    PQreset(st->pg);
    if (PQstatus(st->pg) != CONNECTION_OK) {
        char why[STORE_ERRLEN];

        snprintf(why, sizeof(why), "%s", PQerrorMessage(st->pg));
        pg_note_error(st, "");
        snprintf(st->dberr, sizeof(st->dberr), "database unreachable: %.400s", why);
        pg_note_error(st, st->dberr);
        return store_failf(st, "%s", st->dberr);
    }
    return 0;
}

/* ? and ?N to $n, outside quoted text; *nparams = the highest n. */
static char *pg_sql(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    char *out = sg_malloc(n * 3 + 1), *o = out, quote = 0;
    int next = 0, k;

    if (!out)
        return NULL;
    *nparams = 0;
    for (; *sql; sql++) {
        if (quote) {
            if (*sql == quote)
                quote = 0;
            *o++ = *sql;
        } else if (*sql == '\'' || *sql == '"') {
            quote = *sql;
            *o++ = *sql;
        } else if (*sql == '?') {
            if (isdigit((unsigned char)sql[1])) {
                k = (int)strtol(sql + 1, NULL, 10);
                while (isdigit((unsigned char)sql[1]))
                    sql++;
            } else {
                k = ++next;
            }
            o += sprintf(o, "$%d", k);   /* fits: at most 3 bytes per input byte */
            if (k > *nparams)
                *nparams = k;
        } else {
            *o++ = *sql;
        }
    }
    *o = 0;
    return out;
}

int db_prepare(sg_store *st, const char *sql, sg_stmt **out)
{
    sg_stmt *s;

    *out = NULL;
    if (!(s = sg_calloc(1, sizeof(*s))))
        return store_failf(st, "out of memory");
    s->st = st;
    if (st->backend == STORE_SQLITE) {
        if (sqlite3_prepare_v2(st->db, sql, -1, &s->lite, NULL) != SQLITE_OK) {
            store_fail(st, "prepare");
            free(s);
            return -1;
        }
    } else {
        if (!(s->sql = pg_sql(sql, &s->nparams))) {
            free(s);
            return store_failf(st, "out of memory");
        }
        if (s->nparams > DB_MAX_PARAMS) {
            db_finalize(s);
            return store_failf(st, "prepare: too many parameters");
        }
    }
    *out = s;
    return 0;
}

static void pg_clear_params(sg_stmt *s)
{
    for (int i = 0; i < DB_MAX_PARAMS; i++) {
        free(s->val[i]);
        s->val[i] = NULL;
    }
}

sg_stmt *db_finalize(sg_stmt *s)
{
    if (!s)
        return NULL;
    if (s->lite)
        sqlite3_finalize(s->lite);
    PQclear(s->res);
    pg_clear_params(s);
    free(s->sql);
    free(s);
    return NULL;
}

void db_reset(sg_stmt *s)
{
    if (s->lite) {
        sqlite3_reset(s->lite);
        return;
    }
    PQclear(s->res);
    s->res = NULL;
    s->ran = 0;
}

static void pg_bind(sg_stmt *s, int i, const void *p, size_t len, int binary)
{
    if (i < 1 || i > DB_MAX_PARAMS) {
        s->oom = 1;
        return;
    }
    free(s->val[i - 1]);
    s->val[i - 1] = NULL;
    s->type[i - 1] = binary ? DB_BYTEA_OID : 0;
    s->fmt[i - 1] = binary;
    s->len[i - 1] = (int)len;
    if (!p)
        return;
    if (!(s->val[i - 1] = sg_malloc(len + 1))) {
        s->oom = 1;
        return;
    }
    if (len)
        memcpy(s->val[i - 1], p, len);
    s->val[i - 1][len] = 0;
}

void db_bind_text(sg_stmt *s, int i, const char *v)
{
    if (s->lite) {
        if (v)
            sqlite3_bind_text(s->lite, i, v, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(s->lite, i);
        return;
    }
    pg_bind(s, i, v, v ? strlen(v) : 0, 0);
}

void db_bind_int64(sg_stmt *s, int i, long long v)
{
    char buf[32];

    if (s->lite) {
        sqlite3_bind_int64(s->lite, i, (sqlite3_int64)v);
        return;
    }
    snprintf(buf, sizeof(buf), "%lld", v);
    pg_bind(s, i, buf, strlen(buf), 0);
}

void db_bind_blob(sg_stmt *s, int i, const void *p, size_t len)
{
    if (s->lite) {
        /* a zero-length blob must still be a blob, not NULL */
        sqlite3_bind_blob64(s->lite, i, p ? p : (const void *)"", (sqlite3_uint64)len,
                            SQLITE_TRANSIENT);
        return;
    }
    pg_bind(s, i, p ? p : (const void *)"", len, 1);
}

static int pg_step(sg_stmt *s)
{
    sg_store *st = s->st;
    ExecStatusType rc;

    if (s->ran) {
        if (!s->res)
            return -1;
        return ++s->row < PQntuples(s->res) ? DB_ROW : DB_DONE;
    }
    s->ran = 1;
    s->row = -1;
    if (s->oom) {
        pg_note_error(st, "out of memory");
        return -1;
    }
    if (store_pg_ensure(st) < 0)
        return -1;
    s->res = PQexecParams(st->pg, s->sql, s->nparams, s->type, (const char *const *)s->val,
                          s->len, s->fmt, 0);
    rc = PQresultStatus(s->res);
    if (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK) {
        pg_note_error(st, s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(st->pg));
        PQclear(s->res);
        s->res = NULL;
        return -1;
    }
    st->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
    return ++s->row < PQntuples(s->res) ? DB_ROW : DB_DONE;
}

int db_step(sg_stmt *s)
{
    int rc;

    if (!s->lite)
        return pg_step(s);
    rc = sqlite3_step(s->lite);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        s->st->changes = sqlite3_changes(s->st->db);
        return DB_DONE;
    }
    return -1;
}

int db_step_done(sg_store *st, sg_stmt *s, const char *what)
{
    int rc = db_step(s) == DB_DONE ? 0 : store_fail(st, what);

    db_finalize(s);
    return rc;
}

static int pg_valid(sg_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && i >= 0 && i < PQnfields(s->res);
}

int db_col_isnull(sg_stmt *s, int i)
{
    if (s->lite)
        return sqlite3_column_type(s->lite, i) == SQLITE_NULL;
    return !pg_valid(s, i) || PQgetisnull(s->res, s->row, i);
}

const char *db_col_text(sg_stmt *s, int i)
{
    if (s->lite)
        return (const char *)sqlite3_column_text(s->lite, i);
    if (db_col_isnull(s, i))
        return NULL;
    return PQgetvalue(s->res, s->row, i);
}

long long db_col_int64(sg_stmt *s, int i)
{
    const char *t;

    if (s->lite)
        return (long long)sqlite3_column_int64(s->lite, i);
    t = db_col_text(s, i);
    return t ? strtoll(t, NULL, 10) : 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int db_col_blob_dup(sg_stmt *s, int i, unsigned char **out, size_t *len)
{
    const char *t;
    size_t n, k;

    *out = NULL;
    *len = 0;
    if (s->lite) {
        const void *p = sqlite3_column_blob(s->lite, i);

        n = (size_t)sqlite3_column_bytes(s->lite, i);
        if (!(*out = sg_malloc(n + 1)))
            return -1;
        if (n)
            memcpy(*out, p, n);
        (*out)[n] = 0;
        *len = n;
        return 0;
    }
    t = db_col_text(s, i);
    if (!t || t[0] != '\\' || t[1] != 'x')      /* bytea_output = hex (the default) */
        return -1;
    t += 2;
    n = strlen(t) / 2;
    if (!(*out = sg_malloc(n + 1)))
        return -1;
    for (k = 0; k < n; k++) {
        int hi = hexval((unsigned char)t[2 * k]), lo = hexval((unsigned char)t[2 * k + 1]);

        if (hi < 0 || lo < 0) {
            free(*out);
            *out = NULL;
            return -1;
        }
        (*out)[k] = (unsigned char)(hi << 4 | lo);
    }
    (*out)[n] = 0;
    *len = n;
    return 0;
}

char *store_col_dup(sg_stmt *s, int i, int *oom)
{
    const char *t = db_col_text(s, i);
    char *r;

    if (!t)
        return NULL;
    r = sg_strdup(t);
    if (!r)
        *oom = 1;
    return r;
}

int db_one_int(sg_store *st, const char *sql, long long *out)
{
    sg_stmt *s;
    int rc;

    *out = 0;
    if (db_prepare(st, sql, &s) < 0)
        return -1;
    rc = db_step(s);
    if (rc == DB_ROW)
        *out = db_col_int64(s, 0);
    db_finalize(s);
    return rc < 0 ? store_fail(st, "query") : 0;
}
