/*
 * t-store-db - the backend under the store tests. Without SG_TEST_PG the
 * tests use SQLite files in a temporary directory; with
 * SG_TEST_PG=postgresql://USER@127.0.0.1:PORT (tests/store-pg.sh starts a
 * private PostgreSQL and sets it) every tdb_uri() is a fresh database on
 * that server, dropped by tdb_cleanup(). tdb_sql_int/tdb_sql run raw SQL
 * on a test database behind the store's back (to check or to tamper).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef T_STORE_DB_H
#define T_STORE_DB_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TDB_MAX 32

static char tdb_dir[128];
static char tdb_names[TDB_MAX][64];
static int tdb_n;

static __attribute__((unused)) const char *tdb_pg(void)
{
    const char *p = getenv("SG_TEST_PG");

    return p && *p ? p : NULL;
}

static __attribute__((unused)) int tdb_is_pg(void)
{
    return tdb_pg() != NULL;
}

/* A temporary directory for SQLite files (and anything else). */
static __attribute__((unused)) int tdb_init(const char *prog)
{
    snprintf(tdb_dir, sizeof(tdb_dir), "/tmp/%s.XXXXXX", prog);
    if (!mkdtemp(tdb_dir))
        return -1;
    if (tdb_is_pg())
        printf("# backend: PostgreSQL (%s)\n", tdb_pg());
    return 0;
}

static void tdb_quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static __attribute__((unused)) PGconn *tdb_pg_connect(const char *db)
{
    char uri[512];
    PGconn *c;

    snprintf(uri, sizeof(uri), "%s/%s", tdb_pg(), db);
    c = PQconnectdb(uri);
    PQsetNoticeProcessor(c, tdb_quiet, NULL);
    if (PQstatus(c) != CONNECTION_OK) {
        printf("# %s: %s", uri, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

static __attribute__((unused)) void tdb_pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);

    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        printf("# %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

/* The database URI for name: created empty (PostgreSQL), or a file path. */
static __attribute__((unused)) const char *tdb_uri(const char *name, char *buf, size_t len)
{
    PGconn *c;
    char sql[160];

    if (!tdb_is_pg()) {
        snprintf(buf, len, "sqlite:%s/%s.db", tdb_dir, name);
        return buf;
    }
    if (tdb_n < TDB_MAX) {
        snprintf(tdb_names[tdb_n], sizeof(tdb_names[0]), "sgt_%s_%ld", name, (long)getpid());
        if ((c = tdb_pg_connect("postgres"))) {
            snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", tdb_names[tdb_n]);
            tdb_pg_exec(c, sql);
            snprintf(sql, sizeof(sql), "CREATE DATABASE %s", tdb_names[tdb_n]);
            tdb_pg_exec(c, sql);
            PQfinish(c);
        }
        snprintf(buf, len, "%s/%s", tdb_pg(), tdb_names[tdb_n]);
        tdb_n++;
    }
    return buf;
}

/* Runs sql on the database of uri (from tdb_uri); the first column of the
 * first row as an integer, -1 on error. */
static __attribute__((unused)) long long tdb_sql_int(const char *uri, const char *sql)
{
    long long v = -1;

    if (strncmp(uri, "sqlite:", 7) == 0) {
        sqlite3 *db;
        sqlite3_stmt *s;

        if (sqlite3_open(uri + 7, &db) != SQLITE_OK)
            return -1;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                v = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        }
        sqlite3_close(db);
    } else {
        PGconn *c = PQconnectdb(uri);
        PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;

        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
            v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        else if (PQresultStatus(r) == PGRES_COMMAND_OK)
            v = 0;
        else
            printf("# %s: %s", sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
    }
    return v;
}

/* Runs statements without results (tampering, set-up). */
static __attribute__((unused)) void tdb_sql(const char *uri, const char *sql)
{
    if (strncmp(uri, "sqlite:", 7) == 0) {
        sqlite3 *db;

        if (sqlite3_open(uri + 7, &db) == SQLITE_OK)
            sqlite3_exec(db, sql, NULL, NULL, NULL);
        sqlite3_close(db);
    } else if (*sql) {
        PGconn *c = PQconnectdb(uri);

        if (PQstatus(c) == CONNECTION_OK)
            tdb_pg_exec(c, sql);
        PQfinish(c);
    }
}

static __attribute__((unused)) void tdb_cleanup(void)
{
    char cmd[300], sql[160];
    PGconn *c;
    int i;

    if (tdb_n && (c = tdb_pg_connect("postgres"))) {
        for (i = 0; i < tdb_n; i++) {
            snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", tdb_names[i]);
            tdb_pg_exec(c, sql);
        }
        PQfinish(c);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdb_dir);
    if (tdb_dir[0] && system(cmd) != 0)
        printf("# could not remove %s\n", tdb_dir);
}

#endif
