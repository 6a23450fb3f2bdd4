/*
 * store_history - the recipient-domain history behind first-time-domain and
 * lookalike-domain: one row per domain (lower-cased ASCII) with first and
 * last time seen and a count of recipients sent to it.
 * Owner: lists returned here are freed with store_strv_free().
 * Errors: -1 with store_error().
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>

#include "sg_parse.h"
#include "store_int.h"

#define HISTORY_MAX_DOMAIN 255      /* longest DNS name */

/* Lower-cased copy in buf; 0, or -1 for an empty or too long domain. */
static int history_norm(const char *d, char *buf, size_t len)
{
    size_t n = d ? strlen(d) : 0;

    if (n == 0 || n > HISTORY_MAX_DOMAIN || n >= len)
        return -1;
    memcpy(buf, d, n + 1);
    sg_lower(buf);
    return 0;
}

int store_history_note_tx(sg_store *st, const char *const *domains, time_t now)
{
    char d[HISTORY_MAX_DOMAIN + 1];
    sg_stmt *s;
    size_t i;
    int rc = 0;

    if (!domains || !domains[0])
        return 0;
    if (db_prepare(st, "INSERT INTO history(domain, first_seen, last_seen, count) "
                      "VALUES (?1, ?2, ?2, 1) ON CONFLICT(domain) DO UPDATE SET "
                      "last_seen = CASE WHEN excluded.last_seen > history.last_seen THEN "
                      "excluded.last_seen ELSE history.last_seen END, count = history.count + 1", &s) < 0)
        return -1;
    for (i = 0; domains[i] && rc == 0; i++) {
        if (history_norm(domains[i], d, sizeof(d)) < 0)
            continue;
        db_bind_text(s, 1, d);
        db_bind_int64(s, 2, now);
        if (db_step(s) != DB_DONE)
            rc = store_fail(st, "history");
        db_reset(s);
    }
    db_finalize(s);
    return rc;
}

int store_history_note(sg_store *st, const char *const *domains, time_t now)
{
    if (!domains || !domains[0])
        return 0;
    if (store_begin(st) < 0)
        return -1;
    if (store_history_note_tx(st, domains, now) < 0) {
        store_rollback(st);
        return -1;
    }
    return store_commit(st);
}

/* Appends a copy of str to the NULL-terminated *v of length *n. */
static int strv_push(char ***v, size_t *n, const char *str)
{
    char **nv = sg_realloc(*v, (*n + 2) * sizeof(**v));

    if (!nv)
        return -1;
    *v = nv;
    if (!(nv[*n] = sg_strdup(str)))
        return -1;
    nv[++*n] = NULL;
    return 0;
}

static int strv_empty(sg_store *st, char ***v)
{
    if (!(*v = sg_calloc(1, sizeof(**v))))
        return store_failf(st, "out of memory");
    return 0;
}

int store_history_known(sg_store *st, const char *const *domains, char ***known)
{
    char d[HISTORY_MAX_DOMAIN + 1];
    sg_stmt *s;
    size_t i, n = 0;
    int rc;

    if (strv_empty(st, known) < 0)
        return -1;
    if (!domains)
        return 0;
    if (db_prepare(st, "SELECT 1 FROM history WHERE domain = ?", &s) < 0)
        goto fail;
    for (i = 0; domains[i]; i++) {
        if (history_norm(domains[i], d, sizeof(d)) < 0)
            continue;
        db_bind_text(s, 1, d);
        rc = db_step(s);
        if (rc == DB_ROW && strv_push(known, &n, domains[i]) < 0) {
            store_failf(st, "out of memory");
            rc = -1;
        } else if (rc != DB_ROW && rc != DB_DONE) {
            store_fail(st, "history");
        }
        if (rc != DB_ROW && rc != DB_DONE) {
            db_finalize(s);
            goto fail;
        }
        db_reset(s);
    }
    db_finalize(s);
    return 0;
fail:
    store_strv_free(*known);
    *known = NULL;
    return -1;
}

int store_history_top(sg_store *st, unsigned n, char ***top)
{
    sg_stmt *s;
    size_t k = 0;
    int rc;

    if (strv_empty(st, top) < 0)
        return -1;
    if (db_prepare(st, "SELECT domain FROM history ORDER BY count DESC, domain LIMIT ?", &s) < 0)
        goto fail;
    db_bind_int64(s, 1, n);
    while ((rc = db_step(s)) == DB_ROW)
        if (strv_push(top, &k, db_col_text(s, 0) ?
                      db_col_text(s, 0) : "") < 0) {
            db_finalize(s);
            store_failf(st, "out of memory");
            goto fail;
        }
    db_finalize(s);
    if (rc != DB_DONE) {
        store_fail(st, "history");
        goto fail;
    }
    return 0;
fail:
    store_strv_free(*top);
    *top = NULL;
    return -1;
}

int store_history_since(sg_store *st, time_t *first)
{
    sg_stmt *s;
    int rc;

    *first = 0;
    if (db_prepare(st, "SELECT coalesce(min(first_seen), 0) FROM history", &s) < 0)
        return -1;
    rc = db_step(s);
    if (rc == DB_ROW)
        *first = (time_t)db_col_int64(s, 0);
    db_finalize(s);
    return rc == DB_ROW ? 0 : store_fail(st, "history");
}
