/*
 * t-retain - retention of held message bytes ([hold] message_retention) and
 * the numbers of `sendguardctl status` (store/store_retain.c), on a real
 * database (SQLite; PostgreSQL under tests/store-pg.sh): bytes of decided holds go once the period has passed after
 * the decision, never those of a hold still held or with a release pending;
 * the hold row and the transfer record stay.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "store.h"
#include "t-store-db.h"
#include "sg_tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const unsigned char msg[] = "From: a@example.co.jp\r\nSubject: t\r\n\r\nbody\r\n";

static void put(sg_store *st, sg_hold *h, time_t created)
{
    static char *rcpts[] = { "x@partner.example", NULL };
    sg_record_event ev = { .time = created, .event = "hold", .sender = "a@example.co.jp",
                           .action = "hold", .actor = "milter", .rules_json = "[\"mynumber\"]" };

    memset(h, 0, sizeof(*h));
    h->created = created;
    h->expires = created + 3600;
    h->sender = "a@example.co.jp";
    h->rcpts = rcpts;
    h->rules_json = "[\"mynumber\"]";
    h->message = (unsigned char *)msg;
    h->message_len = sizeof(msg) - 1;
    TAP_IS_INT(store_hold_put(st, h, &ev), 0, "hold stored");
}

static void decide(sg_store *st, const char *id, sg_hold_state to, const char *event, time_t t)
{
    sg_record_event ev = { .time = t, .event = event, .action = event, .actor = "admin",
                           .hold_id = id };

    TAP_IS_INT(store_hold_transition(st, id, SG_HOLD_HELD, to, &ev), 1, "%s recorded", event);
}

static int has_bytes(sg_store *st, const char *id)
{
    sg_hold *h = NULL;
    int r;

    if (store_hold_get(st, id, &h) < 0) {
        printf("#   get %s: %s\n", id, store_error(st));
        return -1;
    }
    r = h->message != NULL && h->message_len > 0;
    sg_hold_free(h);
    return r;
}

int main(void)
{
    char uri[512], err[512];
    time_t now = time(NULL), day = 86400;
    sg_hold held, discarded, old_discarded, pending;
    sg_store_status s;
    sg_store *st;
    size_t n = 99;

    if (tdb_init("t-retain") < 0)
        return 2;
    tdb_uri("sg", uri, sizeof(uri));
    if (!(st = store_open(uri, err, sizeof(err)))) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    TAP_IS_INT(store_status(st, &s), 0, "status of an empty database");
    TAP_OK(s.held == 0 && s.last_expiry_run == 0 && s.db_bytes > 0, "empty: nothing held, never run, size known");

    put(st, &held, now - 10 * day);
    put(st, &discarded, now - 3 * day);
    put(st, &old_discarded, now - 20 * day);
    put(st, &pending, now - 20 * day);
    decide(st, discarded.id, SG_HOLD_DISCARDED, "discard", now - 2 * day);
    decide(st, old_discarded.id, SG_HOLD_DISCARDED, "discard", now - 19 * day);
    decide(st, pending.id, SG_HOLD_RELEASED, "release", now - 19 * day);
    TAP_IS_INT(store_hold_set_pending(st, pending.id, 1, 3, now), 0, "release pending");

    TAP_IS_INT(store_status(st, &s), 0, "status");
    TAP_IS_INT(s.held, 1, "one hold pending");
    TAP_IS_INT(s.oldest_held, now - 10 * day, "oldest hold is the held one");
    TAP_IS_INT(s.release_pending, 1, "one release pending");
    TAP_IS_INT(s.messages_kept, 4, "four messages kept before retention");
    TAP_IS_INT(s.message_bytes, 4 * (sizeof(msg) - 1), "their bytes");

    TAP_IS_INT(store_retention_run(st, now, 7 * day, &n), 0, "retention run (7d)");
    TAP_IS_INT(n, 1, "one message deleted (decided 19 days ago)");
    TAP_IS_INT(has_bytes(st, old_discarded.id), 0, "decided 19d ago: bytes gone, hold still readable");
    TAP_IS_INT(has_bytes(st, discarded.id), 1, "decided 2d ago: bytes kept");
    TAP_IS_INT(has_bytes(st, held.id), 1, "still held: bytes kept");
    TAP_IS_INT(has_bytes(st, pending.id), 1, "release pending: bytes kept");
    TAP_IS_INT(store_status(st, &s), 0, "status after the run");
    TAP_IS_INT(s.last_expiry_run, now, "last expiry run noted");
    TAP_IS_INT(s.messages_kept, 3, "three messages kept");

    TAP_IS_INT(store_retention_run(st, now + 1, 0, &n), 0, "retention 0");
    TAP_IS_INT(n, 1, "retention 0 deletes the decided hold at once");
    TAP_IS_INT(has_bytes(st, held.id), 1, "... never a held one");
    TAP_IS_INT(store_verify(st, stdout), 0, "the transfer record is intact");
    store_close(st);
    tdb_cleanup();
    return tap_done();
}
