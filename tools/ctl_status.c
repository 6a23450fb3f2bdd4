/*
 * ctl_status - `sendguardctl status [--json]`: what an admin or a monitoring
 * check looks at: holds waiting for a decision and the oldest of them,
 * releases not yet accepted by the relay, message bytes still kept
 * ([hold] message_retention), the size of the transfer record, the last run
 * of the expiry pass (it runs every few seconds in the daemon: an old time
 * means the daemon or its hold thread is not running) and the database size.
 * Exit 0, 2 on a database error.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

static void ago(long long t, time_t now, char *buf, size_t len)
{
    char when[32];
    long long d = (long long)now - t;

    if (!t) {
        snprintf(buf, len, "never");
        return;
    }
    ctl_local_time((time_t)t, when, sizeof(when));
    if (d < 0)
        d = 0;
    if (d < 120)
        snprintf(buf, len, "%s (%llds ago)", when, d);
    else if (d < 7200)
        snprintf(buf, len, "%s (%lldm ago)", when, d / 60);
    else if (d < 172800)
        snprintf(buf, len, "%s (%lldh ago)", when, d / 3600);
    else
        snprintf(buf, len, "%s (%lldd ago)", when, d / 86400);
}

int ctl_cmd_status(ctl *c, int argc, char **argv)
{
    static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, { 0, 0, 0, 0 } };
    sg_store_status s;
    time_t now = time(NULL);
    char a[96], b[96];
    int o, json = 0;

    while ((o = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
        if (o != 'j')
            return CTL_ERROR;
        json = 1;
    }
    if (optind != argc) {
        fprintf(stderr, "sendguardctl: usage: status [--json]\n");
        return CTL_ERROR;
    }
    if (store_status(c->st, &s) < 0) {
        fprintf(stderr, "sendguardctl: status: %s\n", store_error(c->st));
        return CTL_ERROR;
    }
    if (json) {
        printf("{\"holds_pending\":%lld,\"oldest_hold\":%lld,\"releases_pending\":%lld,"
               "\"messages_kept\":%lld,\"message_bytes\":%lld,\"record_events\":%lld,"
               "\"last_expiry_run\":%lld,\"database_bytes\":%lld,\"now\":%lld}\n",
               s.held, s.oldest_held, s.release_pending, s.messages_kept, s.message_bytes,
               s.record_events, s.last_expiry_run, s.db_bytes, (long long)now);
        return CTL_OK;
    }
    ago(s.oldest_held, now, a, sizeof(a));
    ago(s.last_expiry_run, now, b, sizeof(b));
    printf("holds pending:      %lld\n", s.held);
    printf("oldest hold:        %s\n", s.held ? a : "-");
    printf("releases pending:   %lld\n", s.release_pending);
    printf("messages kept:      %lld (%lld bytes; decided holds kept %s)\n", s.messages_kept,
           s.message_bytes, cfg_str(c->cfg, CFG_HOLD_MESSAGE_RETENTION));
    printf("transfer record:    %lld events\n", s.record_events);
    printf("last expiry run:    %s\n", b);
    printf("database:           %s, %lld bytes\n", cfg_str(c->cfg, CFG_RECORD_DATABASE),
           s.db_bytes);
    return CTL_OK;
}
