/*
 * ctl-seed - test helper for ctl.sh: fills a database with synthetic holds
 * and record events through the store API (so the hash chain is real) and
 * prints the ids of the holds it made, one per line:
 *   ctl-seed sqlite:PATH          -> "held ID", "held2 ID", "released ID"
 *   ctl-seed sqlite:PATH due      -> also "due ID", a held message past its deadline
 *   ctl-seed sqlite:PATH leak     -> only "leak ID": a hold as an older version
 *                                    stored it: a My Number and a card number
 *                                    in the subject (hold, message, record),
 *                                    C1 and ESC controls in it (issue 10)
 * Synthetic data only.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store.h"

static const char msg1[] =
    "From: =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.co.jp>\r\n"
    "To: x@partner.example, y@partner.example\r\n"
    "Cc: boss@example.co.jp\r\n"
    "Subject: =?ISO-2022-JP?B?GyRCNSFMKRsoQg==?= report\r\n"
    "Date: Wed, 01 May 2024 10:00:00 +0900\r\n"
    "Message-ID: <seed1@example.co.jp>\r\n"
    "\r\n"
    "body with a NUL\0 and \x1b[31m escapes\r\n";

static const char msg_leak[] =
    "From: taro@example.co.jp\r\n"
    "To: x@partner.example\r\n"
    "Subject: =?UTF-8?B?5YCL5Lq655Wq5Y+3IDEyMzQ1Njc4OTAxOCBjYXJkIDQxMTEgMTExMSAxMTExIDExMTEgwpsySg==?=\r\n"
    "Date: Wed, 01 May 2024 10:00:00 +0900\r\n"
    "\r\n"
    "body\r\n";
#define LEAK_SUBJECT "個人番号 123456789018 card 4111 1111 1111 1111 \xc2\x9b" "2J\x1b[2J"

static int seed_leak(sg_store *st, time_t t)
{
    static char *rcpts[] = { "x@partner.example", NULL };
    sg_record_event ev = { .time = t, .event = "hold", .sender = "taro@example.co.jp",
                           .subject = LEAK_SUBJECT, .recipients_json = "[]",
                           .rules_json = "[\"mynumber\"]", .action = "hold", .actor = "milter" };
    sg_hold h;

    memset(&h, 0, sizeof(h));
    h.created = t;
    h.expires = t + 86400;
    h.sender = "taro@example.co.jp";
    h.subject = LEAK_SUBJECT;
    h.rcpts = rcpts;
    h.rules_json = (char *)ev.rules_json;
    h.findings_json = "[{\"rule\":\"mynumber\",\"location\":\"attachment 123456789018.csv\"}]";
    h.message = (unsigned char *)msg_leak;
    h.message_len = sizeof(msg_leak) - 1;
    if (store_hold_put(st, &h, &ev) < 0) {
        fprintf(stderr, "ctl-seed: %s\n", store_error(st));
        return -1;
    }
    printf("leak %s\n", h.id);
    return 0;
}

static int seed_hold(sg_store *st, const char *label, const char *sender, time_t t,
                     time_t expires, sg_hold_state end)
{
    static char *rcpts[] = { "x@partner.example", "y@partner.example", NULL };
    sg_record_event ev = {
        .time = t, .event = "hold", .queue_id = "4SEED", .message_id = "<seed1@example.co.jp>",
        .sender = sender, .auth_user = "taro", .client_addr = "192.0.2.10",
        .subject = "seed, \"quoted\" report",
        .recipients_json = "[{\"address\":\"x@partner.example\",\"external\":true},"
                           "{\"address\":\"boss@example.co.jp\",\"external\":false}]",
        .findings_json = "[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":1,"
                         "\"persons\":1,\"location\":\"body\",\"evidence\":\"1234-****-**12\"}]",
        .rules_json = "[\"mynumber\",\"bulk-external\"]", .reportable = 1, .action = "hold",
        .actor = "milter" };
    sg_record_event rel = { .time = t + 60, .event = "release", .action = "release",
                            .actor = "taro@example.co.jp", .note = "released by reply" };
    sg_hold h;

    memset(&h, 0, sizeof(h));
    h.created = t;
    h.expires = expires;
    h.queue_id = "4SEED";
    h.message_id = "<seed1@example.co.jp>";
    h.sender = (char *)sender;
    h.auth_user = "taro";
    h.subject = "seed report";
    h.rcpts = rcpts;
    h.rules_json = (char *)ev.rules_json;
    h.findings_json = (char *)ev.findings_json;
    h.message = (unsigned char *)msg1;
    h.message_len = sizeof(msg1) - 1;
    if (store_hold_put(st, &h, &ev) < 0 ||
        (end != SG_HOLD_HELD && store_hold_transition(st, h.id, SG_HOLD_HELD, end, &rel) != 1)) {
        fprintf(stderr, "ctl-seed: %s\n", store_error(st));
        return -1;
    }
    printf("%s %s\n", label, h.id);
    return 0;
}

int main(int argc, char **argv)
{
    sg_record_event pass = { .event = "pass", .sender = "hanako@example.co.jp",
                             .recipients_json = "[{\"address\":\"a@b.example\",\"external\":true}]",
                             .rules_json = "[]", .action = "pass", .actor = "milter",
                             .subject = "=cmd|' /C calc'!A0" };
    char err[512] = "";
    sg_store *st;
    time_t now = time(NULL);
    int rc = 0;

    if (argc < 2 || argc > 3 ||
        (argc == 3 && strcmp(argv[2], "due") != 0 && strcmp(argv[2], "leak") != 0) ||
        !(st = store_open(argv[1], err, sizeof(err)))) {
        fprintf(stderr, "usage: ctl-seed sqlite:PATH [due|leak] (%s)\n", argc >= 2 ? err : "");
        return 2;
    }
    if (argc == 3 && strcmp(argv[2], "leak") == 0) {
        rc = seed_leak(st, now - 60);
        store_close(st);
        return rc ? 1 : 0;
    }
    pass.time = now - 10 * 86400;
    rc |= store_record_append(st, &pass);
    rc |= seed_hold(st, "held", "taro@example.co.jp", now - 3600, now + 86400, SG_HOLD_HELD);
    rc |= seed_hold(st, "held2", "jiro\x1b[2J@example.co.jp", now - 60, now + 86400,
                    SG_HOLD_HELD);
    rc |= seed_hold(st, "released", "taro@example.co.jp", now - 7200, now + 86400,
                    SG_HOLD_RELEASED);
    if (argc == 3)
        rc |= seed_hold(st, "due", "saburo@example.co.jp", now - 7200, now - 60, SG_HOLD_HELD);
    store_close(st);
    return rc ? 1 : 0;
}
