/* t-lib - unit tests for lib/: capped buffers, strict parsers, JSON escaping. */
#include "sg_buf.h"
#include "sg_json.h"
#include "sg_parse.h"
#include "sg_tap.h"

#include <stdlib.h>
#include <string.h>

static void test_buf(void)
{
    sg_buf b;
    int rc;

    sg_buf_init(&b, 8);
    TAP_IS_STR(sg_buf_str(&b), "", "buf: empty buffer reads as empty string");
    TAP_IS_INT(sg_buf_puts(&b, "abcd"), SG_BUF_OK, "buf: append within cap");
    TAP_IS_INT(sg_buf_puts(&b, "efgh"), SG_BUF_OK, "buf: append up to cap exactly");
    rc = sg_buf_putc(&b, 'x');
    TAP_IS_INT(rc, SG_BUF_TOOBIG, "buf: append past cap fails");
    TAP_IS_STR(sg_buf_str(&b), "abcdefgh", "buf: content unchanged after failed append");
    sg_buf_reset(&b);
    TAP_IS_INT(sg_buf_printf(&b, "%d-%s", 12, "ab"), SG_BUF_OK, "buf: printf");
    TAP_IS_STR(sg_buf_str(&b), "12-ab", "buf: printf content");
    TAP_IS_INT(sg_buf_printf(&b, "%s", "123456789"), SG_BUF_TOOBIG, "buf: printf past cap fails");
    sg_buf_free(&b);
    sg_buf_free(&b);
    TAP_OK(b.data == NULL, "buf: double free is safe");
}

static void test_parse(void)
{
    static const struct { const char *in; int ok; unsigned long long want; } sizes[] = {
        {"10", 1, 10}, {"10k", 1, 10240}, {"2M", 1, 2097152}, {"1G", 1, 1073741824ULL},
        {"", 0, 0}, {"10x", 0, 0}, {"-1", 0, 0}, {"1 M", 0, 0},
        {"99999999999999999999", 0, 0}, {"18446744073709551615G", 0, 0},
    };
    static const struct { const char *in; int ok; unsigned long long want; } durs[] = {
        {"30", 1, 30000}, {"30s", 1, 30000}, {"5m", 1, 300000}, {"2h", 1, 7200000},
        {"14d", 1, 1209600000ULL}, {"100ms", 1, 100}, {"5y", 0, 0}, {"m", 0, 0},
    };
    const char *why;
    unsigned long long v;
    size_t i;
    int b;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        int rc = sg_parse_size(sizes[i].in, &v, &why);
        TAP_OK((rc == 0) == sizes[i].ok && (!sizes[i].ok || v == sizes[i].want),
               "parse_size '%s' -> %s", sizes[i].in, sizes[i].ok ? "ok" : "error");
    }
    for (i = 0; i < sizeof(durs) / sizeof(durs[0]); i++) {
        int rc = sg_parse_duration_ms(durs[i].in, &v, &why);
        TAP_OK((rc == 0) == durs[i].ok && (!durs[i].ok || v == durs[i].want),
               "parse_duration '%s' -> %s", durs[i].in, durs[i].ok ? "ok" : "error");
    }
    TAP_OK(sg_parse_bool("Yes", &b, &why) == 0 && b == 1, "parse_bool Yes");
    TAP_OK(sg_parse_bool("off", &b, &why) == 0 && b == 0, "parse_bool off");
    TAP_OK(sg_parse_bool("maybe", &b, &why) < 0, "parse_bool maybe is an error");
}

static void test_json(void)
{
    sg_buf b;

    sg_buf_init(&b, 1024);
    sg_json_str(&b, "a\"b\\c\n\x01", (size_t)-1);
    TAP_IS_STR(sg_buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\"", "json: escapes quotes, backslash, controls");
    sg_buf_reset(&b);
    sg_json_str(&b, "個人\xff", (size_t)-1);
    TAP_IS_STR(sg_buf_str(&b), "\"個人\xef\xbf\xbd\"", "json: keeps UTF-8, replaces invalid byte");
    sg_buf_reset(&b);
    sg_json_str(&b, "\xed\xa0\x80", (size_t)-1);
    TAP_IS_STR(sg_buf_str(&b), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", "json: surrogate encoded in UTF-8 is invalid");
    sg_buf_free(&b);
}

int main(void)
{
    test_buf();
    test_parse();
    test_json();
    return tap_done();
}
