/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-addresses - address header values -> distinct addresses (GMime):
 * plain lists, display names, RFC 2047 encoded words (UTF-8, ISO-2022-JP),
 * groups, comments, folding, duplicates and case, malformed input.
 */
#include "build-config.h"

#include <gmime/gmime.h>
#include <string.h>

#include "addresses.h"
#include "sg_limits.h"
#include "sg_tap.h"

static const struct {
    const char *label, *value;
    size_t want_n;
    const char *want_first, *want_last;
} cases[] = {
    {"single", " a@partner.example", 1, "a@partner.example", "a@partner.example"},
    {"list", "a@p1.example, b@p2.example,c@p3.example", 3, "a@p1.example", "c@p3.example"},
    {"display names", "\"Yamada, Taro\" <taro@p.example>, Hanako <hanako@p.example>", 2,
     "taro@p.example", "hanako@p.example"},
    {"UTF-8 encoded word", "=?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@p.example>", 1, "taro@p.example",
     "taro@p.example"},
    {"ISO-2022-JP encoded word", "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@p.example>", 1,
     "yamada@p.example", "yamada@p.example"},
    {"group", "Team: a@p1.example, b@p2.example;, c@p3.example", 3, "a@p1.example",
     "c@p3.example"},
    {"empty group", "undisclosed-recipients:;", 0, NULL, NULL},
    {"comments", "a@p1.example (Sales), (x) b@p2.example", 2, "a@p1.example", "b@p2.example"},
    {"folded", "a@p1.example,\r\n\tb@p2.example", 2, "a@p1.example", "b@p2.example"},
    {"duplicates, domain case", "a@P1.Example, A@p1.example, a@p1.example", 1, "a@p1.example",
     "a@p1.example"},
    {"angle only", "<a@p1.example>", 1, "a@p1.example", "a@p1.example"},
    {"garbage", "<<<@@@>>> ,,, \"unterminated", 0, NULL, NULL},
    {"empty", "", 0, NULL, NULL},
};

int main(void)
{
    size_t i;

    g_mime_init();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        addr_set s = {0};
        int rc = addresses_parse(&s, cases[i].value, NULL);
        TAP_IS_INT(rc, 0, "%s: parsed", cases[i].label);
        if (cases[i].want_n || strcmp(cases[i].label, "garbage") != 0)
            TAP_IS_INT(s.n, cases[i].want_n, "%s: count", cases[i].label);
        else
            TAP_OK(s.n <= 1, "%s: at most one recovered address", cases[i].label);
        if (cases[i].want_first && s.n) {
            TAP_IS_STR(s.v[0], cases[i].want_first, "%s: first", cases[i].label);
            TAP_IS_STR(s.v[s.n - 1], cases[i].want_last, "%s: last", cases[i].label);
        }
        addresses_free(&s);
    }
    {   /* several headers of the same name add up, distinct */
        sg_header h[] = {{"To", "a@p1.example"}, {"cc", "b@p2.example"}, {"CC", "B@P2.example"},
                         {"Subject", "c@p3.example"}};
        sg_envelope env = {0};
        addr_set s = {0};
        env.headers = h;
        env.nheaders = 4;
        addresses_from_headers(&s, &env, "Cc", NULL);
        TAP_IS_INT(s.n, 1, "Cc headers: one distinct address");
        addresses_from_headers(&s, &env, "To", NULL);
        TAP_IS_INT(s.n, 2, "To added");
        TAP_OK(addresses_has(&s, "A@P1.EXAMPLE"), "has() ignores case");
        addresses_free(&s);
    }
    {   /* the cap */
        GString *v = g_string_new("");
        addr_set s = {0};
        unsigned k;
        for (k = 0; k < SG_MAX_RECIPIENTS + 10; k++)
            g_string_append_printf(v, "%sa%u@p.example", k ? "," : "", k);
        addresses_parse(&s, v->str, NULL);
        TAP_IS_INT(s.n, SG_MAX_RECIPIENTS, "addresses capped");
        TAP_IS_INT(s.dropped, 10, "beyond the cap counted");
        addresses_free(&s);
        g_string_free(v, TRUE);
    }
    g_mime_shutdown();
    return tap_done();
}
