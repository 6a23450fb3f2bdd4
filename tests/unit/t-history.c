/*
 * t-history - the recipient-domain history: note (upsert, case folding,
 * counts), known, top-n ordering and the time of the first entry. SQLite, and
 * PostgreSQL under tests/store-pg.sh.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_tap.h"
#include "store.h"
#include "t-store-db.h"


static size_t strv_len(char **v)
{
    size_t n = 0;

    while (v && v[n])
        n++;
    return n;
}

static int strv_has(char **v, const char *s)
{
    for (; v && *v; v++)
        if (strcmp(*v, s) == 0)
            return 1;
    return 0;
}

static const struct kcase {
    const char *domain;
    int known;
} kcases[] = {
    { "partner.example", 1 },
    { "PARTNER.EXAMPLE", 1 },
    { "other.example", 1 },
    { "never.example", 0 },
    { "partner.example.evil", 0 },
    { "", 0 },
};

int main(void)
{
    const char *day1[] = { "partner.example", "Other.Example", NULL };
    const char *day2[] = { "PARTNER.example", "partner.example", "third.example", "", NULL };
    const char *probe[2] = { NULL, NULL };
    char uri[512], err[512], **v = NULL;
    time_t first = -1;
    sg_store *st;
    size_t i;

    if (tdb_init("t-history") < 0)
        return 99;
    tdb_uri("h", uri, sizeof(uri));
    st = store_open(uri, err, sizeof(err));
    TAP_OK(st != NULL, "open");
    if (!st)
        return tap_done();
    TAP_IS_INT(store_history_since(st, &first), 0, "since on empty history");
    TAP_IS_INT(first, 0, "empty history: first = 0");
    TAP_IS_INT(store_history_top(st, 5, &v), 0, "top on empty history");
    TAP_IS_INT(strv_len(v), 0, "empty history: no top domains");
    store_strv_free(v);
    TAP_IS_INT(store_history_note(st, day1, 1000), 0, "note day 1");
    TAP_IS_INT(store_history_note(st, day2, 2000), 0, "note day 2");
    TAP_IS_INT(store_history_since(st, &first), 0, "since");
    TAP_IS_INT(first, 1000, "first entry time");
    for (i = 0; i < sizeof(kcases) / sizeof(kcases[0]); i++) {
        probe[0] = kcases[i].domain;
        v = NULL;
        TAP_IS_INT(store_history_known(st, probe, &v), 0, "known(%s) runs", kcases[i].domain);
        TAP_IS_INT(strv_len(v), kcases[i].known, "known(%s) = %d", kcases[i].domain,
                   kcases[i].known);
        store_strv_free(v);
    }
    TAP_IS_INT(store_history_known(st, day2, &v), 0, "known with several domains");
    TAP_OK(strv_has(v, "PARTNER.example") && strv_has(v, "third.example") && strv_len(v) == 3,
           "known returns the caller's spelling of each known domain");
    store_strv_free(v);
    TAP_IS_INT(store_history_top(st, 2, &v), 0, "top 2");
    TAP_IS_INT(strv_len(v), 2, "top 2 has two entries");
    TAP_IS_STR(v && v[0] ? v[0] : NULL, "partner.example", "most frequent first (lower-cased)");
    TAP_IS_STR(v && v[1] ? v[1] : NULL, "other.example", "tie broken by name");
    store_strv_free(v);
    store_close(st);
    tdb_cleanup();
    return tap_done();
}
