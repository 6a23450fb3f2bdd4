/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-spool - the milter's message context and spool (milter/msg.c,
 * milter/spool.c): the raw message is rebuilt exactly (headers as received,
 * folded lines with CRLF, blank line, body), in memory and after spilling to
 * a file, and recipients/addresses are stripped of <>.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "milter.h"
#include "sg_tap.h"

static const struct {
    const char *label;
    size_t memory;     /* spool_memory: small values force the spill */
} cases[] = {
    { "in memory", 1 << 20 },
    { "spilled to a file", 16 },
};

static void test_rebuild(const char *label, size_t memory, const char *dir)
{
    static const char want[] = "Received: from x\r\n by y\r\nSubject: hello\r\n"
                               "X-Empty:\r\n\r\nline 1\r\nline 2\r\n";
    msg *m = msg_new("<taro@example.co.jp>", NULL, memory, dir);
    const char *data = NULL;
    size_t len = 0;
    int viewed;

    TAP_OK(m != NULL, "%s: msg_new", label);
    if (!m)
        return;
    TAP_IS_INT(msg_add_header(m, "Received", " from x\n by y"), 0, "%s: folded header", label);
    TAP_IS_INT(msg_add_header(m, "Subject", " hello"), 0, "%s: header", label);
    TAP_IS_INT(msg_add_header(m, "X-Empty", ""), 0, "%s: empty header", label);
    TAP_IS_INT(msg_end_headers(m), 0, "%s: end of headers", label);
    TAP_IS_INT(msg_add_body(m, (const unsigned char *)"line 1\r\n", 8), 0, "%s: body 1", label);
    TAP_IS_INT(msg_add_body(m, (const unsigned char *)"line 2\r\n", 8), 0, "%s: body 2", label);
    viewed = spool_view(&m->msg_spool, &data, &len) == 0;
    TAP_OK(viewed, "%s: view", label);
    if (!viewed)            /* data and len are not set: never read them */
        data = NULL, len = 0;
    TAP_IS_INT(len, sizeof(want) - 1, "%s: length", label);
    TAP_OK(data && len == sizeof(want) - 1 && memcmp(data, want, len) == 0, "%s: bytes exact", label);
    TAP_IS_INT(m->msg_spool.sp_fd >= 0, memory < sizeof(want), "%s: file used iff over the limit",
               label);
    TAP_IS_STR(m->msg_from, "taro@example.co.jp", "%s: sender without <>", label);
    TAP_IS_STR(msg_header(m, "subject"), " hello", "%s: header lookup, case-insensitive", label);
    m = msg_free(m);
    TAP_OK(m == NULL, "%s: msg_free returns NULL", label);
}

static void test_addresses(void)
{
    static const struct { const char *in, *want; } addrs[] = {
        { "<a@b.example>", "a@b.example" },
        { " <a@b.example> ", "a@b.example" },
        { "a@b.example", "a@b.example" },
        { "<>", "" },
    };
    size_t i;

    for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
        char *s = msg_strip_address(addrs[i].in);
        TAP_IS_STR(s, addrs[i].want, "strip '%s'", addrs[i].in);
        free(s);
    }
}

static void test_rcpts(const char *dir)
{
    msg *m = msg_new("", NULL, 4096, dir);
    int i, rc = 0;

    TAP_OK(m != NULL, "msg_new for the recipients");
    if (!m)
        return;
    for (i = 0; i < 20; i++)
        rc |= msg_add_rcpt(m, "<r@example.com>");
    TAP_IS_INT(rc, 0, "20 recipients kept");
    TAP_IS_INT(m->msg_nrcpts, 20, "recipient count");
    TAP_OK(m->msg_rcpts[20] == NULL, "recipient list NULL-terminated");
    TAP_IS_STR(m->msg_from, "", "null sender");
    msg_free(m);
}

int main(void)
{
    char dir[] = "/tmp/t-spool.XXXXXX";
    size_t i;

    if (!mkdtemp(dir))
        return 1;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        test_rebuild(cases[i].label, cases[i].memory, dir);
    test_addresses();
    test_rcpts(dir);
    rmdir(dir);
    return tap_done();
}
