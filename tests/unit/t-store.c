/*
 * t-store - holds in the store: schema creation, put/get/list, byte-exact
 * message round trip (NUL, 8-bit, CRLF), exactly-once transitions under a
 * race between threads, due and pending holds, and durability when the
 * writer is killed right after store_hold_put returns. Runs on SQLite, and
 * on PostgreSQL under tests/store-pg.sh (t-store-db.h).
 */
#include "build-config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sg_tap.h"
#include "store.h"
#include "t-store-db.h"

#define RACERS 8

static char uri[512];

static sg_store *open_store(void)
{
    char err[512];
    sg_store *st = store_open(uri, err, sizeof(err));

    if (!st)
        printf("# store_open: %s\n", err);
    return st;
}

static long long sql_int(const char *sql)
{
    return tdb_sql_int(uri, sql);
}

static const unsigned char msg_bytes[] = "From: a@example.co.jp\r\nSubject: t\r\n\r\nbody\0with NUL "
                                         "\xff\xfe\x80 8-bit \xe6\x97\xa5\xe6\x9c\xac\r\n.\r\n";

static int put_hold(sg_store *st, sg_hold *h, time_t expires, const char *evname)
{
    static char *rcpts[] = { "x@partner.example", "y@partner.example", NULL };
    sg_record_event ev = { .event = evname, .sender = "a@example.co.jp", .action = "hold",
                           .actor = "milter", .rules_json = "[\"mynumber\"]" };

    memset(h, 0, sizeof(*h));
    h->expires = expires;
    h->sender = "a@example.co.jp";
    h->queue_id = "4ABCD";
    h->subject = "件名";
    h->rcpts = rcpts;
    h->rules_json = "[\"mynumber\"]";
    h->message = (unsigned char *)msg_bytes;
    h->message_len = sizeof(msg_bytes) - 1;
    return store_hold_put(st, h, &ev);
}

static void test_schema(void)
{
    sg_store *st = open_store();
    char err[256];

    TAP_OK(st != NULL, "store_open creates a new database");
    TAP_IS_INT(store_is_postgresql(st), tdb_is_pg(), "backend chosen by the uri");
    if (tdb_is_pg()) {
        TAP_IS_INT(sql_int("SELECT max(version) FROM sg_schema"), 2, "schema version 2");
        TAP_IS_INT(sql_int("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                           "'public' AND table_name IN ('holds','hold_rcpts','hold_messages',"
                           "'record','history','meta')"), 6, "all six tables exist");
    } else {
        TAP_IS_INT(sql_int("PRAGMA user_version"), 2, "schema version 2");
        TAP_IS_INT(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                           "('holds','hold_rcpts','hold_messages','record','history','meta')"), 6,
                   "all six tables exist");
        TAP_IS_INT(sql_int("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
                   1, "journal mode is WAL");
    }
    store_close(st);
    st = open_store();
    TAP_OK(st != NULL, "reopening an existing database works");
    store_close(st);
    TAP_OK(store_open("mysql://x", err, sizeof(err)) == NULL, "unsupported uri refused");
    TAP_OK(strstr(err, "unsupported") != NULL, "error names the problem: %s", err);
    TAP_OK(store_open("postgresql://sg:secret@127.0.0.1:1/sg", err, sizeof(err)) == NULL,
           "unreachable PostgreSQL refused");
    TAP_OK(strstr(err, "unreachable") && strstr(err, "127.0.0.1:1") && !strstr(err, "secret"),
           "error says unreachable, names the server, not the password: %s", err);
    TAP_IS_INT(store_uri_backend("host=/run/postgresql dbname=sg"), 1, "libpq keyword string");
    TAP_IS_INT(store_uri_backend("sqlite:"), -1, "sqlite: without a path");
    TAP_OK(store_open("sqlite:/nonexistent/dir/x.db", err, sizeof(err)) == NULL,
           "unwritable path refused");
    TAP_OK(strstr(err, "/nonexistent/dir/x.db") != NULL, "error names the file: %s", err);
}

static void test_put_get(void)
{
    sg_store *st = open_store();
    sg_hold h, *g = NULL, **l = NULL;
    size_t n = 0, i;
    int hex = 1;

    TAP_IS_INT(put_hold(st, &h, time(NULL) + 3600, "hold"), 0, "store_hold_put");
    TAP_IS_INT(strlen(h.id), 32, "hold id is 128 bits of hex");
    for (i = 0; h.id[i]; i++)
        hex &= strchr("0123456789abcdef", h.id[i]) != NULL;
    TAP_OK(hex, "hold id is lower-case hex");
    TAP_IS_INT(store_hold_get(st, h.id, &g), 0, "store_hold_get");
    TAP_OK(g && g->message_len == sizeof(msg_bytes) - 1 &&
           memcmp(g->message, msg_bytes, g->message_len) == 0, "bytes byte-identical (NUL, 8-bit)");
    TAP_IS_STR(g ? g->subject : NULL, "件名", "subject round trip (UTF-8)");
    TAP_IS_STR(g && g->rcpts ? g->rcpts[1] : NULL, "y@partner.example", "recipients in order");
    TAP_OK(g && g->rcpts && !g->rcpts[2], "recipient list NULL-terminated");
    TAP_IS_INT(g ? (long long)g->state : -1, SG_HOLD_HELD, "state held");
    TAP_OK(g && g->created > 0, "created set");
    g = sg_hold_free(g);
    TAP_IS_INT(sql_int("SELECT count(*) FROM record WHERE event = 'hold'"), 1,
               "hold event recorded in the same transaction");
    TAP_OK(store_hold_get(st, "0123456789abcdef0123456789abcdef", &g) < 0 && !g,
           "missing hold: error");
    TAP_IS_INT(store_not_found(st), 1, "missing hold: store_not_found");
    TAP_IS_INT(store_hold_list(st, SG_HOLD_HELD, &l, &n), 0, "list held");
    TAP_IS_INT(n, 1, "one held");
    TAP_OK(n == 1 && l[0]->message == NULL && l[0]->rcpts && l[0]->rcpts[0],
           "list: recipients, no bytes");
    sg_hold_list_free(l, n);
    TAP_IS_INT(store_hold_list(st, SG_HOLD_RELEASED, &l, &n), 0, "list released");
    TAP_IS_INT(n, 0, "none released");
    sg_hold_list_free(l, n);
    store_close(st);
}

static struct race {
    pthread_barrier_t bar;
    char id[40];
    int won[RACERS];
} race;

static void *racer(void *arg)
{
    int i = (int)(long)arg;
    sg_store *st = open_store();
    sg_record_event ev = { .event = "release", .actor = "racer", .action = "release" };

    pthread_barrier_wait(&race.bar);
    race.won[i] = st ? store_hold_transition(st, race.id, SG_HOLD_HELD, SG_HOLD_RELEASED, &ev) : -1;
    store_close(st);
    return NULL;
}

static void test_race(void)
{
    sg_store *st = open_store();
    pthread_t t[RACERS];
    sg_hold h;
    int i, wins = 0, errs = 0;
    char sql[256];

    put_hold(st, &h, time(NULL) + 3600, "hold");
    snprintf(race.id, sizeof(race.id), "%s", h.id);
    pthread_barrier_init(&race.bar, NULL, RACERS);
    for (i = 0; i < RACERS; i++)
        pthread_create(&t[i], NULL, racer, (void *)(long)i);
    for (i = 0; i < RACERS; i++) {
        pthread_join(t[i], NULL);
        wins += race.won[i] == 1;
        errs += race.won[i] < 0;
    }
    pthread_barrier_destroy(&race.bar);
    TAP_IS_INT(wins, 1, "%d racing transitions: exactly one wins", RACERS);
    TAP_IS_INT(errs, 0, "no racer got a database error");
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM record WHERE event = 'release' AND "
             "hold_id = '%s'", h.id);
    TAP_IS_INT(sql_int(sql), 1, "release recorded exactly once");
    TAP_IS_INT(store_hold_transition(st, h.id, SG_HOLD_HELD, SG_HOLD_DISCARDED, NULL), 0,
               "transition from a state it is no longer in: 0");
    store_close(st);
}

static void test_due_pending(void)
{
    sg_store *st = open_store();
    sg_hold past, future, **l = NULL;
    size_t n = 0;
    time_t now = time(NULL);
    int found = 0;

    put_hold(st, &past, now - 10, "hold");
    put_hold(st, &future, now + 3600, "hold");
    TAP_IS_INT(store_hold_due(st, now, &l, &n), 0, "store_hold_due");
    for (size_t i = 0; i < n; i++) {
        found += strcmp(l[i]->id, past.id) == 0;
        TAP_OK(strcmp(l[i]->id, future.id) != 0, "future hold not due (%zu)", i);
    }
    TAP_IS_INT(found, 1, "expired hold is due");
    sg_hold_list_free(l, n);
    TAP_IS_INT(store_hold_set_pending(st, future.id, 1, 2, now - 1), 0, "set pending");
    TAP_IS_INT(store_hold_pending_due(st, now, &l, &n), 0, "pending due");
    TAP_OK(n == 1 && strcmp(l[0]->id, future.id) == 0 && l[0]->attempts == 2 &&
           l[0]->release_pending == 1, "pending hold with attempts and flag");
    sg_hold_list_free(l, n);
    TAP_IS_INT(store_hold_set_pending(st, "nope", 0, 0, 0), -1, "set pending on a missing hold");
    store_close(st);
}

/* Re-injection leases (issue 12): of racing claimers exactly one gets a
 * hold; two batch claims never return the same hold. */
static struct claim_race {
    pthread_barrier_t bar;
    char id[40];
    time_t now;
    int won[RACERS];
    size_t got[RACERS];
    char ids[RACERS][4][40];
} cr;

static void *claimer(void *arg)
{
    int i = (int)(long)arg;
    sg_store *st = open_store();
    sg_hold **l = NULL;
    size_t n = 0, k;

    pthread_barrier_wait(&cr.bar);
    cr.won[i] = st ? store_hold_claim(st, cr.id, cr.now, cr.now + 100) : -1;
    pthread_barrier_wait(&cr.bar);
    if (st && store_hold_claim_pending(st, cr.now + 200, cr.now + 300 + i, 1, &l, &n) == 0) {
        cr.got[i] = n;
        for (k = 0; k < n && k < 4; k++)
            snprintf(cr.ids[i][k], sizeof(cr.ids[i][k]), "%s", l[k]->id);
        sg_hold_list_free(l, n);
    } else {
        cr.got[i] = 99;
    }
    store_close(st);
    return NULL;
}

static void test_claims(void)
{
    sg_store *st = open_store();
    pthread_t t[RACERS];
    sg_hold h[3];
    time_t now = time(NULL);
    int i, j, wins = 0, errs = 0, total = 0, dup = 0;

    memset(&cr, 0, sizeof(cr));
    tdb_sql(uri, "UPDATE holds SET release_pending = 0");
    for (i = 0; i < 3; i++) {
        put_hold(st, &h[i], now + 3600, "hold");
        store_hold_set_pending(st, h[i].id, 1, 0, now);
    }
    snprintf(cr.id, sizeof(cr.id), "%s", h[0].id);
    cr.now = now;
    pthread_barrier_init(&cr.bar, NULL, RACERS);
    for (i = 0; i < RACERS; i++)
        pthread_create(&t[i], NULL, claimer, (void *)(long)i);
    for (i = 0; i < RACERS; i++) {
        pthread_join(t[i], NULL);
        wins += cr.won[i] == 1;
        errs += cr.won[i] < 0 || cr.got[i] == 99;
        total += cr.got[i] == 99 ? 0 : (int)cr.got[i];
    }
    pthread_barrier_destroy(&cr.bar);
    TAP_IS_INT(wins, 1, "%d racing claims of one pending hold: exactly one gets it", RACERS);
    TAP_IS_INT(errs, 0, "no claimer got a database error");
    TAP_IS_INT(store_hold_claim(st, h[0].id, now, now + 100), 0,
               "a leased hold cannot be claimed again before the lease ends");
    for (i = 0; i < RACERS; i++)
        for (j = i + 1; j < RACERS; j++)
            dup += cr.got[i] == 1 && cr.got[j] == 1 && strcmp(cr.ids[i][0], cr.ids[j][0]) == 0;
    TAP_IS_INT(total, 3, "%d batch claims (one each) took the 3 pending holds", RACERS);
    TAP_IS_INT(dup, 0, "no hold taken by two claimers");
    TAP_IS_INT(store_hold_claim(st, "nope", now, now + 1), 0, "claiming a missing hold: 0");
    for (i = 0; i < 3; i++)
        store_hold_set_pending(st, h[i].id, 0, 1, 0);
    store_close(st);
}

/* A writer that dies (SIGKILL) right after store_hold_put returned. */
static void test_durability(void)
{
    int fds[2], status = 0;
    char id[40] = "";
    sg_hold h, *g = NULL;
    pid_t pid;
    ssize_t r;

    if (pipe(fds) < 0) {
        TAP_OK(0, "pipe");
        return;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        sg_store *st = open_store();
        close(fds[0]);
        if (st && put_hold(st, &h, time(NULL) + 3600, "hold") == 0 &&
            write(fds[1], h.id, strlen(h.id) + 1) > 0)
            raise(SIGKILL);
        _exit(3);
    }
    close(fds[1]);
    r = read(fds[0], id, sizeof(id) - 1);
    close(fds[0]);
    waitpid(pid, &status, 0);
    TAP_OK(r > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "child put a hold and was killed with SIGKILL");
    sg_store *st = open_store();
    TAP_IS_INT(st ? store_hold_get(st, id, &g) : -1, 0, "hold found after the writer died");
    TAP_OK(g && g->message_len == sizeof(msg_bytes) - 1 &&
           memcmp(g->message, msg_bytes, g->message_len) == 0, "with its bytes intact");
    sg_hold_free(g);
    store_close(st);
}

int main(void)
{
    if (tdb_init("t-store") < 0)
        return 99;
    tdb_uri("t", uri, sizeof(uri));
    test_schema();
    test_put_get();
    test_race();
    test_due_pending();
    test_claims();
    test_durability();
    tdb_cleanup();
    return tap_done();
}
