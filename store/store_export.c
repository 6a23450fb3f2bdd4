/*
 * store_export - the transfer record for auditors: JSON lines or CSV.
 *
 * json: one object per line; the JSON columns (recipients, attachments,
 * findings, rules) are embedded as JSON values (checked and minified by
 * SQLite's json()), a column that is not valid JSON is exported as a string.
 * csv: UTF-8 with a BOM, a header row, CRLF lines, RFC 4180 quoting, lists
 * flattened to one readable cell ("a@x (external); b@y (internal)"). A cell
 * that starts with = + - @ TAB or CR gets a leading ' so that a spreadsheet
 * never runs it as a formula (mail subjects are chosen by outsiders).
 * The subject and the findings (their locations name files) are exported
 * with digit chains masked (lib/sg_text.h; for rows stored before sendguard
 * masked at write time); a CSV cell has its control characters (ESC, C1,
 * CR, LF) replaced, JSON escapes them.
 * Times are ISO 8601 in local time with the offset.
 * The JSON work is SQLite's json1 on both backends: with PostgreSQL each
 * row read from the server is put in a one-row table of an in-memory
 * SQLite (st->jdb) and the same SELECT runs there, so both backends export
 * byte-identical files.
 * Errors: -1 with store_error(); rows already written stay written.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sg_alloc.h"
#include "sg_buf.h"
#include "sg_json.h"
#include "sg_text.h"
#include "store_int.h"

#define EXPORT_MAX_LINE (64UL * 1024 * 1024)   /* one exported row */

/* SQL for a JSON column: the minified value, NULL when not valid JSON */
#define J(c) "CASE WHEN json_valid(" c ") THEN json(" c ") END, " c
/* SQL flattening a JSON array into one cell, the raw text if not JSON */
#define FLAT(c, expr, sep) "CASE WHEN json_valid(" c ") THEN (SELECT group_concat(" expr ", '" \
    sep "') FROM json_each(" c ")) ELSE " c " END"
#define JX(f) "coalesce(json_extract(value, '$." f "'), '')"

static const char *const export_names[] = {
    "seq", "time", "event", "queue_id", "message_id", "sender", "auth_user", "client_addr",
    "subject", "recipients", "attachments", "findings", "rules", "reportable", "action",
    "actor", "hold_id", "note", "prev_hash", "hash", "node",
};
enum { X_SEQ, X_TIME, X_SUBJECT = 8, X_FIRSTJSON = 9, X_FINDINGS = 11, X_LASTJSON = 12,
       X_REPORTABLE = 13, X_N = 21 };

static const char *const export_sql_json =
    "SELECT seq, time, event, queue_id, message_id, sender, auth_user, client_addr, subject, "
    J("recipients_json") ", " J("attachments_json") ", " J("findings_json") ", "
    J("rules_json") ", reportable, action, actor, hold_id, note, prev_hash, hash, node "
    "FROM record WHERE (?1 = 0 OR time >= ?1) AND (?2 = 0 OR time < ?2) ORDER BY seq";

static const char *const export_sql_csv =
    "SELECT seq, time, event, queue_id, message_id, sender, auth_user, client_addr, subject, "
    FLAT("recipients_json", JX("address") " || CASE WHEN json_extract(value, '$.external') "
         "THEN ' (external)' ELSE ' (internal)' END", "; ") ", "
    FLAT("attachments_json", JX("name") " || ' (' || " JX("type") " || ', ' || " JX("size")
         " || ' bytes, encrypted: ' || " JX("encrypted") " || ')'", "; ") ", "
    FLAT("findings_json", JX("rule") " || ' [' || " JX("confidence") " || '] count ' || "
         JX("count") " || ', persons ' || " JX("persons") " || ', in ' || " JX("location")
         " || ': ' || " JX("evidence"), "; ") ", "
    FLAT("rules_json", "value", " ") ", "
    "reportable, action, actor, hold_id, note, prev_hash, hash, node "
    "FROM record WHERE (?1 = 0 OR time >= ?1) AND (?2 = 0 OR time < ?2) ORDER BY seq";

/* store_json_flatten: one SELECT per kind, on the bound text ?1 */
static const struct flat_kind {
    const char *kind, *sql;
} flat_kinds[] = {
    { "recipients", "SELECT " FLAT("?1", JX("address") " || CASE WHEN json_extract(value, "
      "'$.external') THEN ' (external)' ELSE ' (internal)' END", "; ") },
    { "attachments", "SELECT " FLAT("?1", JX("name") " || ' (' || " JX("type") " || ', ' || "
      JX("size") " || ' bytes, encrypted: ' || " JX("encrypted") " || ')'", "; ") },
    { "findings", "SELECT " FLAT("?1", JX("rule") " || ' [' || " JX("confidence")
      " || '] count ' || " JX("count") " || ', persons ' || " JX("persons") " || ', in ' || "
      JX("location") " || ': ' || " JX("evidence"), "\n") },
    { "rules", "SELECT " FLAT("?1", "value", " ") },
    { "json", "SELECT CASE WHEN json_valid(?1) THEN json(?1) END" },
};

/* The SQLite connection the JSON SQL runs on. */
static sqlite3 *store_jdb(sg_store *st)
{
    return st->backend == STORE_PG ? st->jdb : st->db;
}

int store_json_flatten(sg_store *st, const char *json, const char *kind, char **out)
{
    sqlite3_stmt *s = NULL;
    size_t i;
    int oom = 0;

    *out = NULL;
    for (i = 0; i < sizeof(flat_kinds) / sizeof(flat_kinds[0]); i++)
        if (strcmp(kind, flat_kinds[i].kind) == 0)
            break;
    if (i == sizeof(flat_kinds) / sizeof(flat_kinds[0]))
        return store_failf(st, "unknown JSON kind '%s'", kind);
    if (!json)
        return 0;
    if (sqlite3_prepare_v2(store_jdb(st), flat_kinds[i].sql, -1, &s, NULL) != SQLITE_OK)
        return store_failf(st, "json: %s", sqlite3_errmsg(store_jdb(st)));
    sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        store_failf(st, "json: %s", sqlite3_errmsg(store_jdb(st)));
        sqlite3_finalize(s);
        return -1;
    }
    if (sqlite3_column_text(s, 0) && !(*out = sg_strdup((const char *)sqlite3_column_text(s, 0))))
        oom = 1;
    sqlite3_finalize(s);
    return oom ? store_failf(st, "out of memory") : 0;
}

void store_iso_time(time_t t, char *buf, size_t len)
{
    struct tm tm;
    char z[8];
    size_t n;

    if (!localtime_r(&t, &tm) || (n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm)) == 0) {
        snprintf(buf, len, "%lld", (long long)t);
        return;
    }
    if (strftime(z, sizeof(z), "%z", &tm) == 5)       /* +0900 -> +09:00 */
        snprintf(buf + n, len - n, "%.3s:%.2s", z, z + 3);
}

static const char *col(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* Columns of export_sql_json: JSON columns take two (value, raw text). */
static int export_json_row(sqlite3_stmt *s, sg_buf *b)
{
    char t[40];
    int i, c = 0, rc = 0;

    rc |= sg_buf_putc(b, '{');
    for (i = 0; i < X_N; i++, c++) {
        rc |= sg_json_key(b, export_names[i], i == 0);
        if (i == X_SEQ) {
            rc |= sg_buf_printf(b, "%lld", (long long)sqlite3_column_int64(s, c));
        } else if (i == X_TIME) {
            store_iso_time((time_t)sqlite3_column_int64(s, c), t, sizeof(t));
            rc |= sg_json_str(b, t, (size_t)-1);
        } else if (i == X_REPORTABLE) {
            rc |= sg_buf_puts(b, sqlite3_column_int(s, c) ? "true" : "false");
        } else if (i == X_FINDINGS) {           /* locations name files */
            char *m = sg_text_mask(col(s, c) ? col(s, c) : col(s, c + 1));
            rc |= !m ? (col(s, c) || col(s, c + 1) ? -1 : sg_buf_puts(b, "[]"))
                     : col(s, c) ? sg_buf_puts(b, m) : sg_json_str(b, m, (size_t)-1);
            free(m);
            c++;
        } else if (i >= X_FIRSTJSON && i <= X_LASTJSON) {
            if (col(s, c))
                rc |= sg_buf_puts(b, col(s, c));
            else if (col(s, c + 1))
                rc |= sg_json_str(b, col(s, c + 1), (size_t)-1);
            else
                rc |= sg_buf_puts(b, "[]");
            c++;
        } else if (i == X_SUBJECT) {
            char *m = sg_text_mask(col(s, c));   /* rows stored before masking */
            rc |= col(s, c) && !m ? -1 : sg_json_str(b, m, (size_t)-1);
            free(m);
        } else {
            rc |= sg_json_str(b, col(s, c), (size_t)-1);
        }
    }
    rc |= sg_buf_puts(b, "}\n");
    return rc ? -1 : 0;
}

static int csv_cell(sg_buf *b, const char *v, int first)
{
    int rc = 0;

    if (!first)
        rc |= sg_buf_putc(b, ',');
    if (!v || !*v)
        return rc;
    rc |= sg_buf_putc(b, '"');
    if (strchr("=+-@\t\r", v[0]))
        rc |= sg_buf_putc(b, '\'');
    while (*v) {
        char repl;
        size_t n = sg_text_control_at(v, &repl);

        if (n > 0) {          /* ESC, C1 (U+009B CSI), CR, LF, ... */
            rc |= sg_buf_putc(b, repl);
            v += n;
            continue;
        }
        if (*v == '"')
            rc |= sg_buf_putc(b, '"');
        rc |= sg_buf_putc(b, *v++);
    }
    rc |= sg_buf_putc(b, '"');
    return rc;
}

static int export_csv_row(sqlite3_stmt *s, sg_buf *b)
{
    char t[40];
    int i, rc = 0;

    for (i = 0; i < X_N; i++) {
        if (i == X_TIME) {
            store_iso_time((time_t)sqlite3_column_int64(s, i), t, sizeof(t));
            rc |= csv_cell(b, t, 0);
        } else if (i == X_REPORTABLE) {
            rc |= csv_cell(b, sqlite3_column_int(s, i) ? "yes" : "no", 0);
        } else if (i == X_SUBJECT || i == X_FINDINGS) {
            char *m = sg_text_mask(col(s, i));   /* rows stored before masking */
            rc |= col(s, i) && !m ? -1 : csv_cell(b, m, 0);
            free(m);
        } else {
            rc |= csv_cell(b, col(s, i), i == 0);
        }
    }
    rc |= sg_buf_puts(b, "\r\n");
    return rc ? -1 : 0;
}

static int export_csv_header(FILE *out)
{
    size_t i;

    fputs("\xef\xbb\xbf", out);
    for (i = 0; i < X_N; i++)
        fprintf(out, "%s%s", i ? "," : "", export_names[i]);
    fputs("\r\n", out);
    return ferror(out) ? -1 : 0;
}

/* PostgreSQL: the rows of the export, read from the server. */
#define EXPORT_PG_SQL "SELECT seq, time, event, queue_id, message_id, sender, auth_user, " \
    "client_addr, subject, recipients_json, attachments_json, findings_json, rules_json, " \
    "reportable, action, actor, hold_id, note, prev_hash, hash, node FROM record " \
    "WHERE (?1::bigint = 0 OR time >= ?1) AND (?2::bigint = 0 OR time < ?2) ORDER BY seq"
#define EXPORT_JDB_TABLE "CREATE TABLE IF NOT EXISTS record (seq INTEGER, time INTEGER, " \
    "event TEXT, queue_id TEXT, message_id TEXT, sender TEXT, auth_user TEXT, " \
    "client_addr TEXT, subject TEXT, recipients_json TEXT, attachments_json TEXT, " \
    "findings_json TEXT, rules_json TEXT, reportable INTEGER, action TEXT, actor TEXT, " \
    "hold_id TEXT, note TEXT, prev_hash TEXT, hash TEXT, node TEXT); DELETE FROM record"

/* Copies the current PostgreSQL row into the one-row table of st->jdb. */
static int export_pg_stage(sg_store *st, sg_stmt *pg, sqlite3_stmt *ins)
{
    int i;

    if (sqlite3_exec(st->jdb, "DELETE FROM record", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_reset(ins);
    for (i = 0; i < X_N; i++) {
        if (db_col_isnull(pg, i))
            sqlite3_bind_null(ins, i + 1);
        else if (i == X_SEQ || i == X_TIME || i == X_REPORTABLE)
            sqlite3_bind_int64(ins, i + 1, (sqlite3_int64)db_col_int64(pg, i));
        else
            sqlite3_bind_text(ins, i + 1, db_col_text(pg, i), -1, SQLITE_TRANSIENT);
    }
    return sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
}

/* The next row of the export: SQLite steps s; PostgreSQL steps pg, stages
 * its row and runs s on it. SQLITE_ROW, SQLITE_DONE or an error code. */
static int export_next(sg_store *st, sg_stmt *pg, sqlite3_stmt *ins, sqlite3_stmt *s)
{
    int rc;

    if (!pg)
        return sqlite3_step(s);
    rc = db_step(pg);
    if (rc == DB_DONE)
        return SQLITE_DONE;
    if (rc < 0) {
        store_fail(st, "export");
        return SQLITE_ABORT;
    }
    sqlite3_reset(s);
    if (export_pg_stage(st, pg, ins) < 0 || (rc = sqlite3_step(s)) != SQLITE_ROW) {
        store_failf(st, "export: %s", sqlite3_errmsg(st->jdb));
        return SQLITE_ABORT;
    }
    return rc;
}

int store_records_export(sg_store *st, FILE *out, const char *format, time_t since, time_t until)
{
    int csv = format && strcmp(format, "csv") == 0, rc;
    sqlite3_stmt *s = NULL, *ins = NULL;
    sqlite3 *jdb = store_jdb(st);
    sg_stmt *pg = NULL;
    sg_buf b;

    if (!csv && format && strcmp(format, "json") != 0)
        return store_failf(st, "unknown export format '%s' (json or csv)", format);
    if (st->backend == STORE_PG) {
        if (sqlite3_exec(jdb, EXPORT_JDB_TABLE, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(jdb, "INSERT INTO record VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                               "?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK) {
            store_failf(st, "export: %s", sqlite3_errmsg(jdb));
            sqlite3_finalize(ins);
            return -1;
        }
        if (db_prepare(st, EXPORT_PG_SQL, &pg) < 0) {
            sqlite3_finalize(ins);
            return -1;
        }
        db_bind_int64(pg, 1, (long long)since);
        db_bind_int64(pg, 2, (long long)until);
        since = until = 0;      /* the staged row is already in range */
    }
    if (sqlite3_prepare_v2(jdb, csv ? export_sql_csv : export_sql_json, -1, &s, NULL) != SQLITE_OK) {
        store_failf(st, "export: %s", sqlite3_errmsg(jdb));
        sqlite3_finalize(ins);
        db_finalize(pg);
        return -1;
    }
    sqlite3_bind_int64(s, 1, (sqlite3_int64)since);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)until);
    if (csv && export_csv_header(out) < 0) {
        sqlite3_finalize(s);
        sqlite3_finalize(ins);
        db_finalize(pg);
        return store_failf(st, "export: write error");
    }
    sg_buf_init(&b, EXPORT_MAX_LINE);
    while ((rc = export_next(st, pg, ins, s)) == SQLITE_ROW) {
        sg_buf_reset(&b);
        if ((csv ? export_csv_row(s, &b) : export_json_row(s, &b)) < 0) {
            rc = SQLITE_TOOBIG;
            break;
        }
        if (fwrite(b.data, 1, b.len, out) != b.len) {
            rc = SQLITE_IOERR;
            break;
        }
    }
    sqlite3_finalize(s);
    sqlite3_finalize(ins);
    db_finalize(pg);
    if (jdb != st->db)
        sqlite3_exec(jdb, "DELETE FROM record", NULL, NULL, NULL);
    sg_buf_free(&b);
    if (rc == SQLITE_TOOBIG)
        return store_failf(st, "export: a row is larger than %lu bytes", EXPORT_MAX_LINE);
    if (rc == SQLITE_IOERR)
        return store_failf(st, "export: write error");
    if (rc == SQLITE_ABORT)
        return -1;
    if (rc != SQLITE_DONE)
        return store_failf(st, "export: %s", sqlite3_errmsg(jdb));
    return fflush(out) == 0 ? 0 : store_failf(st, "export: write error");
}
