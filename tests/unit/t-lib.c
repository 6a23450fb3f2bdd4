/* t-lib - unit tests for lib/: capped buffers, strict parsers, JSON escaping. */
#include "sg_alloc.h"
#include "sg_buf.h"
#include "sg_vec.h"
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

/* a failed buffer stays failed: no later append lands after a dropped piece */
static void test_buf_sticky(void)
{
    sg_buf b;
    size_t len = 99;
    int cut = 0;
    char *s;

    sg_buf_init(&b, 8);
    sg_buf_puts(&b, "abc");
    TAP_IS_INT(sg_buf_puts(&b, "defghijk"), SG_BUF_TOOBIG, "buf sticky: piece past the cap fails");
    TAP_IS_INT(sg_buf_putc(&b, 'z'), SG_BUF_TOOBIG, "buf sticky: a later small append fails too");
    TAP_IS_INT(sg_buf_printf(&b, "%d", 1), SG_BUF_TOOBIG, "buf sticky: a later printf fails too");
    TAP_IS_STR(sg_buf_str(&b), "abc", "buf sticky: content is the prefix before the failure");
    TAP_IS_INT(sg_buf_error(&b), SG_BUF_TOOBIG, "buf sticky: the final check sees the failure");
    s = sg_buf_steal(&b, &len);
    TAP_OK(s == NULL && len == 0 && b.data == NULL, "buf sticky: steal of a failed buffer is NULL");
    free(s);

    sg_buf_init(&b, 8);
    sg_buf_puts(&b, "abc");
    sg_buf_puts(&b, "defghijk");
    s = sg_buf_steal_prefix(&b, &len, &cut);
    TAP_OK(s && strcmp(s, "abc") == 0 && len == 3 && cut == 1,
           "buf sticky: steal_prefix hands over the capped prefix and says it was cut");
    free(s);

    sg_buf_init(&b, 8);
    sg_buf_puts(&b, "abcdefghi");
    sg_buf_reset(&b);
    TAP_IS_INT(sg_buf_puts(&b, "ok"), SG_BUF_OK, "buf sticky: reset clears the failure");
    sg_buf_free(&b);

    sg_buf_init(&b, 1024);
    sg_buf_puts(&b, "abc");
    sg_alloc_fail_at(1);
    TAP_IS_INT(sg_buf_append(&b, "x", 300), SG_BUF_NOMEM, "buf sticky: out of memory fails");
    sg_alloc_fail_at(0);
    TAP_IS_INT(sg_buf_puts(&b, "d"), SG_BUF_NOMEM, "buf sticky: an append after out of memory fails");
    TAP_OK(b.data == NULL && b.len == 0, "buf sticky: out of memory drops the content");
    s = sg_buf_steal_prefix(&b, &len, &cut);
    TAP_OK(s == NULL, "buf sticky: steal_prefix after out of memory is NULL");
    sg_buf_free(&b);
}

static void test_alloc(void)
{
    unsigned long before;
    void *a, *b, *c;

    sg_alloc_fail_at(2);
    a = sg_malloc(8);
    b = sg_malloc(8);
    c = sg_malloc(8);
    TAP_OK(a && !b && c, "alloc: fail_at(2) fails the 2nd allocation only");
    free(a);
    free(c);
    sg_alloc_fail_at(0);
    before = sg_alloc_count();
    a = sg_strdup("abc");
    b = sg_asprintf("%s-%d", "x", 7);
    TAP_OK(sg_alloc_count() == before + 2, "alloc: every wrapper counts");
    TAP_IS_STR(b, "x-7", "alloc: asprintf");
    free(a);
    free(b);
    sg_alloc_fail_at(1);
    TAP_OK(sg_strndup("abc", 2) == NULL, "alloc: strndup returns NULL when its allocation fails");
    sg_alloc_fail_at(0);
    a = sg_strndup("abc", 2);
    TAP_IS_STR(a, "ab", "alloc: strndup stops at n");
    free(a);
    before = sg_alloc_failures();
    sg_alloc_fail_at(1);
    a = sg_malloc(4);
    b = sg_malloc(4);
    TAP_OK(!a && b && sg_alloc_failures() == before + 1,
           "alloc: a failed allocation is counted (sticky, per thread)");
    free(b);
    a = sg_strdup("x");
    TAP_OK(a && sg_alloc_failures() == before + 1, "alloc: later successes leave the count");
    free(a);
}

static void test_vec(void)
{
    SG_VEC(int) v = SG_VEC_INIT(20);
    SG_VEC(int) w = SG_VEC_INIT(SG_VEC_NOCAP);
    int *p, ok = 1, i;

    for (i = 0; i < 20; i++) {
        if (!(p = SG_VEC_PUSH(&v)) || *p != 0)
            ok = 0;
        else
            *p = i;
    }
    TAP_OK(ok && v.n == 20, "vec: 20 pushes within the cap, each slot zeroed");
    TAP_OK(SG_VEC_PUSH(&v) == NULL && v.n == 20, "vec: a push past the cap fails, vector unchanged");
    for (i = 0, ok = 1; i < 20; i++)
        ok &= v.v[i] == i;
    TAP_OK(ok, "vec: elements kept across growth");
    SG_VEC_FREE(&v);
    TAP_OK(v.v == NULL && v.n == 0 && v.alloc == 0, "vec: free empties it");
    sg_alloc_fail_at(1);
    TAP_OK(SG_VEC_PUSH(&w) == NULL && w.n == 0, "vec: out of memory fails the push");
    sg_alloc_fail_at(0);
    TAP_OK(SG_VEC_PUSH(&w) != NULL && w.n == 1, "vec: the next push succeeds");
    TAP_OK(SG_VEC_RESERVE(&w, SG_VEC_NOCAP) < 0 && w.n == 1, "vec: reserve that overflows fails");
    SG_VEC_FREE(&w);
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
    test_buf_sticky();
    test_alloc();
    test_vec();
    test_parse();
    test_json();
    return tap_done();
}
