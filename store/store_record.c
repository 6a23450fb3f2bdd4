/*
 * store_record - the transfer record: append-only, hash-chained rows.
 *
 * Each row's hash = sha256(prev_hash || canonical(row)), hex. canonical()
 * feeds every field in a fixed order as a netstring ("LEN:BYTES,", NULL as
 * "~,"), so no two different rows serialise alike; the node that wrote the
 * row (schema 2) follows as one more netstring when it is set, so rows
 * written before it keep their hashes. This file is the one place that
 * computes what is chained, for both backends. The first row's
 * prev_hash is 64 zeros. The chain head (last seq and hash) is kept in the
 * meta table and updated in the same transaction as the append, so a
 * deleted tail shows too. store_verify() recomputes everything and names
 * every broken row (the first one first).
 * The record stores what the caller gives: the caller masks evidence.
 * Errors: -1 with store_error().
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <stdarg.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

#define STORE_VERIFY_MAX_REPORT 100     /* problems listed by store_verify */

/* Columns in canonical order; the hash covers 0..REC_NFIELDS-1. */
#define REC_COLUMNS "seq, time, event, queue_id, message_id, sender, auth_user, " \
    "client_addr, subject, recipients_json, attachments_json, findings_json, rules_json, " \
    "reportable, action, actor, hold_id, note, prev_hash, hash, node"
enum { REC_SEQ = 0, REC_TIME = 1, REC_REPORTABLE = 13, REC_NFIELDS = 18,
       REC_PREV = 18, REC_HASH = 19, REC_NODE = 20 };

typedef struct rec_fields {
    const char *v[REC_NFIELDS];     /* text of each field, NULL = SQL NULL */
    const char *node;               /* hashed after them when not NULL */
    char num[3][24];                /* storage for seq, time, reportable */
} rec_fields;

static int is_num_field(int i)
{
    return i == REC_SEQ || i == REC_TIME || i == REC_REPORTABLE;
}

static int rec_hash(const char *prev_hash, const rec_fields *f, char out[STORE_HASH_HEX + 1])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0, i;
    char len[32];
    int ok;

    if (!md)
        return -1;
    ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
         EVP_DigestUpdate(md, prev_hash, strlen(prev_hash));
    for (i = 0; ok && i <= REC_NFIELDS; i++) {
        const char *v = i < REC_NFIELDS ? f->v[i] : f->node;

        if (i == REC_NFIELDS && !v)
            break;
        if (!v) {
            ok = EVP_DigestUpdate(md, "~,", 2);
            continue;
        }
        snprintf(len, sizeof(len), "%zu:", strlen(v));
        ok = EVP_DigestUpdate(md, len, strlen(len)) &&
             EVP_DigestUpdate(md, v, strlen(v)) && EVP_DigestUpdate(md, ",", 1);
    }
    ok = ok && EVP_DigestFinal_ex(md, dig, &dlen) && dlen * 2 == STORE_HASH_HEX;
    EVP_MD_CTX_free(md);
    if (!ok)
        return -1;
    for (i = 0; i < dlen; i++)
        snprintf(out + 2 * i, 3, "%02x", dig[i]);
    return 0;
}

static void rec_fields_from_event(rec_fields *f, long long seq, const sg_record_event *ev,
                                  time_t t, const char *hold_id, const char *node)
{
    f->node = ev->node ? ev->node : node && *node ? node : NULL;
    snprintf(f->num[0], sizeof(f->num[0]), "%lld", seq);
    snprintf(f->num[1], sizeof(f->num[1]), "%lld", (long long)t);
    snprintf(f->num[2], sizeof(f->num[2]), "%d", ev->reportable ? 1 : 0);
    f->v[0] = f->num[0];
    f->v[1] = f->num[1];
    f->v[2] = ev->event;
    f->v[3] = ev->queue_id;
    f->v[4] = ev->message_id;
    f->v[5] = ev->sender;
    f->v[6] = ev->auth_user;
    f->v[7] = ev->client_addr;
    f->v[8] = ev->subject;
    f->v[9] = ev->recipients_json;
    f->v[10] = ev->attachments_json;
    f->v[11] = ev->findings_json;
    f->v[12] = ev->rules_json;
    f->v[13] = f->num[2];
    f->v[14] = ev->action;
    f->v[15] = ev->actor;
    f->v[16] = hold_id ? hold_id : ev->hold_id;
    f->v[17] = ev->note;
}

/* The fields of a stored row, as the hash saw them. */
static void rec_fields_from_row(rec_fields *f, sg_stmt *s)
{
    int i, k = 0;

    for (i = 0; i < REC_NFIELDS; i++) {
        if (db_col_isnull(s, i)) {
            f->v[i] = NULL;
        } else if (is_num_field(i)) {
            snprintf(f->num[k], sizeof(f->num[k]), "%lld", (long long)db_col_int64(s, i));
            f->v[i] = f->num[k];
        } else {
            f->v[i] = db_col_text(s, i);
        }
        if (is_num_field(i))
            k++;
    }
    f->node = db_col_text(s, REC_NODE);
}

static int meta_get(sg_store *st, const char *key, char *val, size_t len)
{
    sg_stmt *s;
    int rc = -1;

    if (db_prepare(st, "SELECT value FROM meta WHERE key = ?", &s) < 0)
        return -1;
    db_bind_text(s, 1, key);
    if (db_step(s) == DB_ROW && db_col_text(s, 0)) {
        snprintf(val, len, "%s", db_col_text(s, 0));
        rc = 0;
    } else {
        store_failf(st, "record: chain head '%s' missing from table meta", key);
    }
    db_finalize(s);
    return rc;
}

static int meta_set(sg_store *st, const char *key, const char *val)
{
    sg_stmt *s;
    int rc;

    if (db_prepare(st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s) < 0)
        return -1;
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, val);
    rc = db_step(s) == DB_DONE ? 0 : store_fail(st, "record: meta");
    db_finalize(s);
    return rc;
}

static long long max_seq(sg_store *st)
{
    sg_stmt *s;
    long long m = 0;

    if (db_prepare(st, "SELECT coalesce(max(seq), 0) FROM record", &s) < 0)
        return -1;
    if (db_step(s) == DB_ROW)
        m = db_col_int64(s, 0);
    db_finalize(s);
    return m;
}

static int rec_insert(sg_store *st, const rec_fields *f, const char *prev, const char *hash)
{
    sg_stmt *s;
    int i, rc;

    if (db_prepare(st, "INSERT INTO record(" REC_COLUMNS ") VALUES "
                      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s) < 0)
        return -1;
    for (i = 0; i < REC_NFIELDS; i++) {
        if (is_num_field(i))
            db_bind_int64(s, i + 1, strtoll(f->v[i], NULL, 10));
        else
            db_bind_text(s, i + 1, f->v[i]);
    }
    db_bind_text(s, REC_PREV + 1, prev);
    db_bind_text(s, REC_HASH + 1, hash);
    db_bind_text(s, REC_NODE + 1, f->node);
    rc = db_step(s) == DB_DONE ? 0 : store_fail(st, "record: insert");
    db_finalize(s);
    return rc;
}

int store_record_append_tx(sg_store *st, const sg_record_event *ev, const char *hold_id)
{
    char head_seq[32], prev[STORE_HASH_HEX + 8], hash[STORE_HASH_HEX + 1];
    long long seq, m;
    rec_fields f;

    if (!ev || !ev->event)
        return store_failf(st, "record: event without a name");
    /* PostgreSQL: appends from every node take turns here until their
     * transaction ends (SQLite: BEGIN IMMEDIATE already serialises). */
    if (st->backend == STORE_PG &&
        store_exec(st, "SELECT pg_advisory_xact_lock(" STORE_PG_LOCK_RECORD ")") < 0)
        return -1;
    if (meta_get(st, "head_seq", head_seq, sizeof(head_seq)) < 0 ||
        meta_get(st, "head_hash", prev, sizeof(prev)) < 0 || (m = max_seq(st)) < 0)
        return -1;
    seq = strtoll(head_seq, NULL, 10);
    seq = (m > seq ? m : seq) + 1;      /* never collide, even with a bad head */
    rec_fields_from_event(&f, seq, ev, ev->time ? ev->time : time(NULL), hold_id, st->node);
    if (rec_hash(prev, &f, hash) < 0)
        return store_failf(st, "record: sha256 failed");
    if (rec_insert(st, &f, prev, hash) < 0 || meta_set(st, "head_seq", f.v[REC_SEQ]) < 0 ||
        meta_set(st, "head_hash", hash) < 0)
        return -1;
    return 0;
}

int store_record_append(sg_store *st, const sg_record_event *ev)
{
    if (store_begin(st) < 0)
        return -1;
    if (store_record_append_tx(st, ev, NULL) < 0) {
        store_rollback(st);
        return -1;
    }
    return store_commit(st);
}

/* The history note under a savepoint: its failure does not undo the event. */
static int rec_note(sg_store *st, const char *const *domains, time_t now, char *why, size_t len)
{
    if (!domains || !domains[0])
        return 0;
    if (store_exec(st, "SAVEPOINT history") < 0)
        return -1;
    if (store_history_note_tx(st, domains, now) == 0)
        return store_exec(st, "RELEASE history");
    snprintf(why, len, "%s", st->err);
    if (store_exec(st, "ROLLBACK TO history") < 0 || store_exec(st, "RELEASE history") < 0)
        return -1;
    return 1;
}

int store_record_append_noted(sg_store *st, const sg_record_event *ev,
                              const char *const *domains, time_t now, int durable)
{
    char why[STORE_ERRLEN] = "";
    int rc, note = 0;

    rc = store_begin_sync(st, durable);
    if (rc == 0 && (store_record_append_tx(st, ev, NULL) < 0 ||
                    (note = rec_note(st, domains, now, why, sizeof(why))) < 0)) {
        store_rollback(st);
        rc = -1;
    }
    if (rc == 0)
        rc = store_commit(st);
    if (rc == 0 && note == 1) {
        snprintf(st->err, sizeof(st->err), "%s", why);
        return 1;
    }
    return rc;
}

/* ---- verify ---- */

typedef struct verify_state {
    FILE *out;
    long long rows, last_seq, first_bad;
    int problems;
    char last_hash[STORE_HASH_HEX + 8];
} verify_state;

static void verify_problem(verify_state *vs, long long seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void verify_problem(verify_state *vs, long long seq, const char *fmt, ...)
{
    va_list ap;

    if (!vs->first_bad)
        vs->first_bad = seq;
    if (++vs->problems > STORE_VERIFY_MAX_REPORT)
        return;
    fprintf(vs->out, "seq %lld: ", seq);
    va_start(ap, fmt);
    vfprintf(vs->out, fmt, ap);
    va_end(ap);
    fputc('\n', vs->out);
}

static void verify_row(verify_state *vs, sg_stmt *s)
{
    long long seq = db_col_int64(s, REC_SEQ), want = vs->last_seq + 1;
    const char *prev = db_col_text(s, REC_PREV);
    const char *hash = db_col_text(s, REC_HASH);
    char calc[STORE_HASH_HEX + 1];
    rec_fields f;

    if (seq != want)
        verify_problem(vs, seq, want == seq - 1 ? "row %lld is missing (deleted)"
                       : "rows %lld to %lld are missing (deleted)", want, seq - 1);
    if (!prev || strcmp(prev, vs->last_hash) != 0)
        verify_problem(vs, seq, "prev_hash does not match the hash of the row before it "
                       "(seq %lld): a row before it was removed, or edited and rehashed",
                       vs->last_seq);
    rec_fields_from_row(&f, s);
    if (rec_hash(prev ? prev : "", &f, calc) < 0 || !hash || strcmp(calc, hash) != 0)
        verify_problem(vs, seq, "hash mismatch: the row was edited after it was written");
    vs->rows++;
    vs->last_seq = seq;
    snprintf(vs->last_hash, sizeof(vs->last_hash), "%s", hash ? hash : "");
}

static void verify_head(verify_state *vs, const char *head_seq_s, const char *head_hash)
{
    long long head_seq = strtoll(head_seq_s, NULL, 10);

    if (head_seq > vs->last_seq)
        verify_problem(vs, vs->last_seq + 1, "the record was truncated: the chain head says the "
                       "last row is seq %lld, but the last row present is seq %lld "
                       "(rows %lld to %lld were deleted)", head_seq, vs->last_seq,
                       vs->last_seq + 1, head_seq);
    else if (head_seq < vs->last_seq || strcmp(head_hash, vs->last_hash) != 0)
        verify_problem(vs, vs->last_seq, "the chain head (seq %lld, hash %.16s...) does not "
                       "match the last row (seq %lld, hash %.16s...): the head or the last row "
                       "was changed", head_seq, head_hash, vs->last_seq, vs->last_hash);
}

int store_verify_tx(sg_store *st, FILE *out)
{
    char head_seq[32], head_hash[STORE_HASH_HEX + 8];
    verify_state vs;
    sg_stmt *s;
    int rc;

    memset(&vs, 0, sizeof(vs));
    vs.out = out;
    memcpy(vs.last_hash, STORE_ZERO_HASH, sizeof(STORE_ZERO_HASH));
    if (meta_get(st, "head_seq", head_seq, sizeof(head_seq)) < 0 ||
        meta_get(st, "head_hash", head_hash, sizeof(head_hash)) < 0 ||
        db_prepare(st, "SELECT " REC_COLUMNS " FROM record ORDER BY seq", &s) < 0)
        return -1;
    while ((rc = db_step(s)) == DB_ROW)
        verify_row(&vs, s);
    db_finalize(s);
    if (rc != DB_DONE)
        return store_fail(st, "verify");
    verify_head(&vs, head_seq, head_hash);
    if (vs.problems > STORE_VERIFY_MAX_REPORT)
        fprintf(out, "... %d more problems not listed\n", vs.problems - STORE_VERIFY_MAX_REPORT);
    if (vs.problems) {
        fprintf(out, "record BROKEN: %d problem(s), first broken row: seq %lld (%lld rows checked)\n",
                vs.problems, vs.first_bad, vs.rows);
        return 1;
    }
    fprintf(out, "record intact: %lld rows, last seq %lld, head hash %s\n", vs.rows, vs.last_seq,
            vs.last_hash);
    return 0;
}

int store_verify(sg_store *st, FILE *out)
{
    int rc;

    /* a read transaction: one consistent snapshot of rows and head */
    if (store_exec(st, DB_SQL(st, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) < 0)
        return -1;
    rc = store_verify_tx(st, out);
    store_rollback(st);
    return rc;
}

/* ---- reading rows back (sendguardctl show) ---- */

static sg_record_row *row_read(sg_stmt *s)
{
    sg_record_row *r = sg_calloc(1, sizeof(*r));
    char **dst[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    int i, oom = 0;

    if (!r)
        return NULL;
    dst[2] = &r->event; dst[3] = &r->queue_id; dst[4] = &r->message_id; dst[5] = &r->sender;
    dst[6] = &r->auth_user; dst[7] = &r->client_addr; dst[8] = &r->subject;
    dst[9] = &r->recipients_json; dst[10] = &r->attachments_json; dst[11] = &r->findings_json;
    dst[12] = &r->rules_json; dst[14] = &r->action; dst[15] = &r->actor; dst[16] = &r->hold_id;
    dst[17] = &r->note; dst[18] = &r->prev_hash; dst[19] = &r->hash; dst[20] = &r->node;
    r->seq = db_col_int64(s, REC_SEQ);
    r->time = (time_t)db_col_int64(s, REC_TIME);
    r->reportable = (int)db_col_int64(s, REC_REPORTABLE);
    for (i = 0; i <= REC_NODE; i++)
        if (dst[i])
            *dst[i] = store_col_dup(s, i, &oom);
    if (oom)
        return sg_record_row_free(r);
    return r;
}

int store_records_for_hold(sg_store *st, const char *hold_id, sg_record_row ***out, size_t *n)
{
    sg_stmt *s;
    sg_record_row **v = NULL, **nv, *r;
    int rc;

    *out = NULL;
    *n = 0;
    if (db_prepare(st, "SELECT " REC_COLUMNS " FROM record WHERE hold_id = ? ORDER BY seq",
                      &s) < 0)
        return -1;
    db_bind_text(s, 1, hold_id);
    while ((rc = db_step(s)) == DB_ROW) {
        if (!(nv = sg_realloc(v, (*n + 1) * sizeof(*v))) || !(r = row_read(s))) {
            v = nv ? nv : v;
            rc = -2;
            break;
        }
        v = nv;
        v[(*n)++] = r;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        sg_record_rows_free(v, *n);
        *n = 0;
        return rc == -2 ? store_failf(st, "out of memory") : store_fail(st, "records");
    }
    *out = v;
    return 0;
}

sg_record_row *sg_record_row_free(sg_record_row *r)
{
    if (!r)
        return NULL;
    free(r->event); free(r->queue_id); free(r->message_id); free(r->sender);
    free(r->auth_user); free(r->client_addr); free(r->subject); free(r->recipients_json);
    free(r->attachments_json); free(r->findings_json); free(r->rules_json); free(r->action);
    free(r->actor); free(r->hold_id); free(r->note); free(r->prev_hash); free(r->hash);
    free(r->node);
    free(r);
    return NULL;
}

void sg_record_rows_free(sg_record_row **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        sg_record_row_free(v[i]);
    free(v);
}
