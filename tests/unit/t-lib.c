/* t-lib - unit tests for lib/: capped buffers, strict parsers, JSON escaping. */
#include "sg_alloc.h"
#include "sg_buf.h"
#include "sg_vec.h"
#include "sg_json.h"
#include "sg_parse.h"
#include "sg_tap.h"
#include "sg_text.h"

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
    sg_json_str(&b, "a\xc2\x9b" "b\xe2\x80\xa8", (size_t)-1);
    TAP_IS_STR(sg_buf_str(&b), "\"a\\u009bb\\u2028\"", "json: C1 and U+2028 escaped");
    sg_buf_reset(&b);
    sg_json_str(&b, "\xed\xa0\x80", (size_t)-1);
    TAP_IS_STR(sg_buf_str(&b), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", "json: surrogate encoded in UTF-8 is invalid");
    sg_buf_free(&b);
}

static void is_mask(const char *in, const char *want, const char *what)
{
    char *m = sg_text_mask(in);
    TAP_IS_STR(m, want, "mask: %s", what);
    free(m);
}

static void is_safe(const char *in, size_t max, const char *want, const char *what)
{
    char *m = sg_text_safe(in, max);
    TAP_IS_STR(m, want, "safe: %s", what);
    free(m);
}

/* issue 10 items 2 and 6: numbers masked, values one line */
static void test_text(void)
{
    is_mask("件名 123456789018", "件名 1234******18", "12 digits (My Number)");
    is_mask("1234 5678 9018", "1234 **** **18", "spaced My Number");
    is_mask("1234-5678-9018", "1234-****-**18", "hyphenated");
    is_mask("４１１１ １１１１ １１１１ １１１１",
            "４１１１ **** **** **１１", "full-width card with spaces");
    is_mask("4111\xe3\x80\x80" "1111\xe3\x80\x80" "1111\xe3\x80\x80" "1111",
            "4111\xe3\x80\x80" "****\xe3\x80\x80" "****\xe3\x80\x80" "**11", "ideographic spaces");
    is_mask("注文番号 123456789 です", "注文番号 123456789 です", "9 digits stay");
    is_mask("090 1234 5678", "090 1*** **78", "a phone number (11 digits)");
    is_mask("2026-12-02 会議", "2026-12-02 会議", "a date stays");
    is_mask("a 1234  5678 9018", "a 1234  5678 9018", "two separators end a chain");
    is_mask("123456789018.csv", "1234******18.csv", "file name");
    is_mask("", "", "empty");
    TAP_OK(sg_text_mask(NULL) == NULL, "mask: NULL");
    is_safe("a\r\nBcc: x@evil.example", 0, "a  Bcc: x@evil.example", "CR LF become spaces");
    is_safe("a\tb\x7f", 0, "a b ", "TAB, DEL");
    is_safe("x\xc2\x9b" "2Jy", 0, "x 2Jy", "C1 CSI (U+009B)");
    is_safe("x\x9b" "2J", 0, "x?2J", "lone 0x9B (invalid UTF-8)");
    is_safe("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a b c", "U+2028, U+2029");
    is_safe("gpj\xe2\x80\xae.exe", 0, "gpj?.exe", "RLO shown as ?");
    is_safe("個人番号 123456789018\n", 0, "個人番号 1234******18 ", "masked and one line");
    is_safe("個人番号", 4, "個", "cut on a character boundary");
    is_safe("\xc3\xa9\xc3", 0, "\xc3\xa9?", "truncated sequence");
}

int main(void)
{
    test_text();
    test_buf();
    test_buf_sticky();
    test_alloc();
    test_vec();
    test_parse();
    test_json();
    return tap_done();
}
