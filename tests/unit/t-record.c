/*
 * t-record - the transfer record: hash chain and tamper detection (edited,
 * deleted middle, first and last rows, broken head, NULL vs empty), JSON
 * and CSV export (valid JSON with arrays, BOM, RFC 4180 quoting, formula
 * guard, flattened recipients and rules) and since/until filtering. Runs on
 * SQLite, and on PostgreSQL under tests/store-pg.sh (t-store-db.h).
 */
#include "build-config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sg_tap.h"
#include "store.h"
#include "store_int.h"   /* the connection, to read PRAGMA synchronous */
#include "t-store-db.h"

#define NROWS 10
#define T0 1714521600   /* 2024-05-01T00:00:00Z, a fixed synthetic time */

static const sg_record_event base = {
    .event = "pass", .queue_id = "4QID", .message_id = "<m@example.co.jp>",
    .sender = "taro@example.co.jp", .auth_user = "taro", .client_addr = "192.0.2.1",
    .subject = "=SUM(A1), \"quoted\"",
    .recipients_json = "[{\"address\":\"x@partner.example\",\"external\":true},"
                       "{\"address\":\"y@example.co.jp\",\"external\":false}]",
    .attachments_json = "[{\"name\":\"a.zip\",\"type\":\"application/zip\",\"size\":12,"
                        "\"sha256\":\"ab\",\"encrypted\":\"no\"}]",
    .findings_json = "[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":1,\"persons\":1,"
                     "\"location\":\"body\",\"evidence\":\"1234-****-**12\"}]",
    .rules_json = "[\"mynumber\",\"personal-data\"]",
    .reportable = 1, .action = "reject", .actor = "milter",
};

static sg_store *make_db(const char *name, char *path, size_t len)
{
    char uri[512], err[512];
    sg_record_event ev = base;
    sg_store *st;
    int i;

    tdb_uri(name, path, len);
    snprintf(uri, sizeof(uri), "%s", path);
    if (!(st = store_open(uri, err, sizeof(err)))) {
        printf("# %s\n", err);
        return NULL;
    }
    store_set_node(st, "relay-a");
    for (i = 1; i <= NROWS; i++) {
        ev.time = T0 + i * 100;
        ev.hold_id = i == 3 ? "h3" : NULL;
        ev.node = i == 3 ? "relay-b" : NULL;    /* NULL: the store's node */
        if (store_record_append(st, &ev) < 0)
            printf("# append: %s\n", store_error(st));
    }
    return st;
}

static void raw_sql(const char *uri, const char *sql)
{
    tdb_sql(uri, sql);
}

static const struct tamper {
    const char *label, *sql, *want1, *want2;
    int rc;
} tampers[] = {
    { "untouched", "", "record intact: 10 rows", NULL, 0 },
    { "edited subject", "UPDATE record SET subject = 'x' WHERE seq = 4",
      "seq 4: hash mismatch", "first broken row: seq 4", 1 },
    { "edited reportable flag", "UPDATE record SET reportable = 0 WHERE seq = 2",
      "seq 2: hash mismatch", NULL, 1 },
    { "NULL note set to empty", "UPDATE record SET note = '' WHERE seq = 7",
      "seq 7: hash mismatch", NULL, 1 },
    { "middle row deleted", "DELETE FROM record WHERE seq = 5",
      "seq 6: row 5 is missing", "seq 6: prev_hash does not match", 1 },
    { "two rows deleted", "DELETE FROM record WHERE seq IN (5, 6)",
      "seq 7: rows 5 to 6 are missing", NULL, 1 },
    { "first row deleted", "DELETE FROM record WHERE seq = 1",
      "seq 2: row 1 is missing", NULL, 1 },
    { "last row deleted", "DELETE FROM record WHERE seq = 10",
      "seq 10: the record was truncated", "rows 10 to 10 were deleted", 1 },
    { "hash overwritten", "UPDATE record SET hash = '" "0123" "' WHERE seq = 3",
      "seq 3: hash mismatch", "seq 4: prev_hash does not match", 1 },
    { "node renamed (issue 12)", "UPDATE record SET node = 'other-relay' WHERE seq = 5",
      "seq 5: hash mismatch", NULL, 1 },
    { "chain head changed", "UPDATE meta SET value = '9' WHERE key = 'head_seq'",
      "the chain head (seq 9", NULL, 1 },
};

static void test_verify(void)
{
    char path[512], *rep = NULL;
    size_t i, replen = 0;
    sg_store *st;
    FILE *out;
    int rc;

    for (i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
        const struct tamper *t = &tampers[i];
        char name[32];

        snprintf(name, sizeof(name), "v%zu", i);
        st = make_db(name, path, sizeof(path));
        raw_sql(path, t->sql);
        out = open_memstream(&rep, &replen);
        rc = st ? store_verify(st, out) : -1;
        fclose(out);
        TAP_IS_INT(rc, t->rc, "%s: verify returns %d", t->label, t->rc);
        TAP_OK(strstr(rep, t->want1) != NULL, "%s: report says '%s'", t->label, t->want1);
        if (t->want2)
            TAP_OK(strstr(rep, t->want2) != NULL, "%s: report says '%s'", t->label, t->want2);
        if (rc != t->rc)
            printf("# report: %s", rep);
        free(rep);
        rep = NULL;
        store_close(st);
    }
}

static void test_append_after_verify(void)
{
    char path[512], *rep = NULL;
    size_t replen = 0;
    sg_store *st = make_db("append", path, sizeof(path));
    sg_record_event ev = base;
    FILE *out;

    ev.note = "line\nbreak and \"quote\"";
    TAP_IS_INT(store_record_append(st, &ev), 0, "append with a note");
    out = open_memstream(&rep, &replen);
    TAP_IS_INT(store_verify(st, out), 0, "chain still intact after more appends");
    fclose(out);
    free(rep);
    TAP_IS_INT(store_record_append(st, &(sg_record_event){ .event = NULL }), -1,
               "event without a name refused");
    store_close(st);
}

/* Checks a JSON text with SQLite's JSON functions. */
static int json_check(const char *line, const char *path, const char *want)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    int ok = 0;

    sqlite3_open(":memory:", &db);
    if (sqlite3_prepare_v2(db, "SELECT json_valid(?1), json_extract(?1, ?2)", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1) {
            const char *v = (const char *)sqlite3_column_text(s, 1);
            ok = want ? v && strcmp(v, want) == 0 : 1;
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return ok;
}

static char *export(sg_store *st, const char *fmt, time_t since, time_t until, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    *rc = store_records_export(st, out, fmt, since, until);
    fclose(out);
    return buf;
}

static const struct jcase {
    const char *path, *want;
} jcases[] = {
    { "$.event", "pass" },
    { "$.seq", "1" },
    { "$.recipients[0].address", "x@partner.example" },
    { "$.recipients[1].external", "0" },
    { "$.rules[1]", "personal-data" },
    { "$.findings[0].evidence", "1234-****-**12" },
    { "$.attachments[0].name", "a.zip" },
    { "$.reportable", "1" },
    { "$.subject", "=SUM(A1), \"quoted\"" },
    { "$.hash", NULL },
    { "$.node", "relay-a" },
};

static void test_export_json(sg_store *st)
{
    int rc;
    char *out = export(st, "json", 0, 0, &rc), *nl;
    size_t i, lines = 0;

    TAP_IS_INT(rc, 0, "json export");
    for (char *p = out; p && (nl = strchr(p, '\n')); p = nl + 1)
        lines++;
    TAP_IS_INT(lines, NROWS, "json: one line per event");
    if (out && (nl = strchr(out, '\n')))
        *nl = 0;
    for (i = 0; i < sizeof(jcases) / sizeof(jcases[0]); i++)
        TAP_OK(out && json_check(out, jcases[i].path, jcases[i].want), "json: %s = %s",
               jcases[i].path, jcases[i].want ? jcases[i].want : "(present)");
    TAP_OK(out && strstr(out, "\"time\":\"2024-05-0") != NULL, "json: ISO 8601 time");
    free(out);
    out = export(st, "json", T0 + 300, T0 + 500, &rc);
    lines = 0;
    for (char *p = out; p && (nl = strchr(p, '\n')); p = nl + 1)
        lines++;
    TAP_IS_INT(lines, 2, "json: since/until selects [since, until)");
    free(out);
    out = export(st, "xml", 0, 0, &rc);
    TAP_IS_INT(rc, -1, "unknown format refused");
    free(out);
}

static const struct ccase {
    const char *label, *want;
} ccases[] = {
    { "BOM first", "\xef\xbb\xbfseq,time,event," },
    { "header row ends with CRLF", ",prev_hash,hash,node\r\n" },
    { "quotes doubled, formula guarded", "\"'=SUM(A1), \"\"quoted\"\"\"" },
    { "recipients flattened", "\"x@partner.example (external); y@example.co.jp (internal)\"" },
    { "rules joined with a space", "\"mynumber personal-data\"" },
    { "attachments flattened", "\"a.zip (application/zip, 12 bytes, encrypted: no)\"" },
    { "reportable as yes", ",\"yes\"," },
};

static void test_export_csv(sg_store *st)
{
    int rc;
    char *out = export(st, "csv", 0, 0, &rc);
    size_t i, lines = 0;

    TAP_IS_INT(rc, 0, "csv export");
    for (i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++)
        TAP_OK(out && strstr(out, ccases[i].want) != NULL, "csv: %s", ccases[i].label);
    for (char *p = out; p && (p = strstr(p, "\r\n")); p += 2)
        lines++;
    TAP_IS_INT(lines, NROWS + 1, "csv: header + one CRLF line per event");
    free(out);
}

static void test_for_hold(sg_store *st)
{
    sg_record_row **v = NULL;
    size_t n = 0;

    TAP_IS_INT(store_records_for_hold(st, "h3", &v, &n), 0, "records for a hold");
    TAP_OK(n == 1 && v[0]->seq == 3 && strcmp(v[0]->event, "pass") == 0 && v[0]->hash &&
           strlen(v[0]->hash) == 64, "the one event of hold h3, with its hash");
    TAP_IS_STR(n == 1 ? v[0]->node : NULL, "relay-b", "the event names the node that wrote it");
    sg_record_rows_free(v, n);
}

static int sync_mode(sg_store *st)
{
    sqlite3_stmt *s;
    int v = -1;

    if (!st->db)
        return -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA synchronous", -1, &s, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* store_record_append_noted: event + history in one commit, FULL or NORMAL
 * for that commit only; every plain write after it is FULL again. */
static void test_append_noted(void)
{
    static const char *const d1[] = { "Partner.Example", NULL };
    static const char *const d2[] = { "other.example", "", "partner.example", NULL };
    static const struct {
        const char *label;
        const char *const *domains;
        int durable;
        int want_sync;     /* PRAGMA synchronous after the call: 1 NORMAL, 2 FULL */
    } cases[] = {
        { "not durable, one domain", d1, 0, 1 },
        { "not durable, no domains", NULL, 0, 1 },
        { "durable, two domains and an empty one", d2, 1, 2 },
        { "not durable again", d1, 0, 1 },
    };
    static const char *const ask[] = { "partner.example", "other.example", "never.example", NULL };
    char path[512], uri[600], err[512], **known = NULL, *rep = NULL;
    size_t i, n = 0, replen = 0;
    sg_store *st = make_db("noted", path, sizeof(path)), *st2;
    sg_record_event ev = base;
    FILE *out;

    for (i = 0; st && i < sizeof(cases) / sizeof(cases[0]); i++) {
        TAP_IS_INT(store_record_append_noted(st, &ev, cases[i].domains, T0 + 5000, cases[i].durable),
                   0, "%s", cases[i].label);
        if (!tdb_is_pg())
            TAP_IS_INT(sync_mode(st), cases[i].want_sync, "%s: synchronous after", cases[i].label);
    }
    TAP_IS_INT(store_record_append(st, &ev), 0, "plain append after a NORMAL commit");
    if (!tdb_is_pg())
        TAP_IS_INT(sync_mode(st), 2, "plain append commits with synchronous=FULL");
    snprintf(uri, sizeof(uri), "%s", path);
    st2 = store_open(uri, err, sizeof(err));
    TAP_OK(st2 != NULL, "second handle opens");
    TAP_IS_INT(store_history_known(st2, ask, &known), 0, "history read by another handle");
    while (known && known[n])
        n++;
    TAP_IS_INT((int)n, 2, "both noted domains known, the other not");
    store_strv_free(known);
    out = open_memstream(&rep, &replen);
    TAP_IS_INT(store_verify(st2, out), 0, "chain intact after mixed FULL/NORMAL appends");
    fclose(out);
    TAP_OK(rep && strstr(rep, "record intact: 15 rows"), "all 15 rows there");
    free(rep);
    store_close(st2);
    store_close(st);
}

int main(void)
{
    char path[512];
    sg_store *st;

    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    if (tdb_init("t-record") < 0)
        return 99;
    test_verify();
    test_append_after_verify();
    test_append_noted();
    st = make_db("export", path, sizeof(path));
    test_export_json(st);
    test_export_csv(st);
    test_for_hold(st);
    store_close(st);
    tdb_cleanup();
    return tap_done();
}
