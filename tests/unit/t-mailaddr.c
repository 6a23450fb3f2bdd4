/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-mailaddr - the one definition of "address", "domain" and "internal"
 * (policy/mailaddr.h, policy/domain.h): one table of addresses with the
 * strict parser's verdict and whether each is internal, checked through
 * every caller that asks (mailaddr_is_internal, policy_is_internal and the
 * hold workflow's holdflow_is_internal must agree on every row).
 * Internal domains: example.co.jp, Corp.Example and the IDN 例え.jp.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailaddr.h"
#include "policy.h"
#include "sg_tap.h"

#define XN_REI "xn--r8jz45g.jp"   /* 例え.jp */

static const struct {
    const char *in;
    mailaddr_kind kind;
    int internal;
    const char *domain;   /* normalised domain for MAILADDR_OK */
    const char *label;
} cases[] = {
    {"taro@example.co.jp", MAILADDR_OK, 1, "example.co.jp", "plain internal"},
    {"<taro@example.co.jp>", MAILADDR_OK, 1, "example.co.jp", "angle brackets"},
    {"Taro@EXAMPLE.CO.JP", MAILADDR_OK, 1, "example.co.jp", "upper-case domain"},
    {"taro@example.co.jp.", MAILADDR_OK, 1, "example.co.jp", "trailing dot"},
    {"taro@mail.example.co.jp", MAILADDR_OK, 1, "mail.example.co.jp", "subdomain"},
    {"taro@a.b.example.co.jp", MAILADDR_OK, 1, "a.b.example.co.jp", "deep subdomain"},
    {"taro@badexample.co.jp", MAILADDR_OK, 0, "badexample.co.jp", "suffix without a label boundary"},
    {"taro@example.co.jp.evil.example", MAILADDR_OK, 0, "example.co.jp.evil.example", "internal name as a prefix"},
    {"x@partner.example", MAILADDR_OK, 0, "partner.example", "external"},
    {"x@corp.example", MAILADDR_OK, 1, "corp.example", "list entry written in capitals"},
    {"x@dev.corp.example", MAILADDR_OK, 1, "dev.corp.example", "subdomain of an entry written in capitals"},
    {"x@例え.jp", MAILADDR_OK, 1, XN_REI, "IDN U-label"},
    {"x@" XN_REI, MAILADDR_OK, 1, XN_REI, "IDN A-label"},
    {"x@XN--R8JZ45G.JP", MAILADDR_OK, 1, XN_REI, "IDN A-label upper case"},
    {"x@sub.例え.jp", MAILADDR_OK, 1, "sub." XN_REI, "IDN subdomain"},
    {"first.last+tag@example.co.jp", MAILADDR_OK, 1, "example.co.jp", "dots and plus in the local part"},
    {"\"john doe\"@example.co.jp", MAILADDR_OK, 1, "example.co.jp", "quoted local part with a space"},
    {"postmaster", MAILADDR_BARE, 1, "", "bare local part (delivered locally)"},
    {"<postmaster>", MAILADDR_BARE, 1, "", "bare local part in brackets"},
    {"", MAILADDR_EMPTY, 0, "", "empty"},
    {"<>", MAILADDR_EMPTY, 0, "", "null sender"},
    {"a%partner.example@example.co.jp", MAILADDR_INVALID, 0, "", "percent hack"},
    {"partner.example!a@example.co.jp", MAILADDR_INVALID, 0, "", "bang path"},
    {"a@partner.example@example.co.jp", MAILADDR_INVALID, 0, "", "second @"},
    {"@mx.example.co.jp:a@partner.example", MAILADDR_INVALID, 0, "", "source route"},
    {"@a,@b:a@example.co.jp", MAILADDR_INVALID, 0, "", "source route with two hops"},
    {"\"a@partner.example\"@example.co.jp", MAILADDR_INVALID, 0, "", "quoted local part hiding an @"},
    {"\"a%partner.example\"@example.co.jp", MAILADDR_INVALID, 0, "", "quoted local part hiding a %"},
    {"\"a!b\"@example.co.jp", MAILADDR_INVALID, 0, "", "quoted local part hiding a !"},
    {"\"a\\\"b\"@example.co.jp", MAILADDR_INVALID, 0, "", "backslash in a quoted local part"},
    {"\"ab\"c@example.co.jp", MAILADDR_INVALID, 0, "", "text after a quoted local part"},
    {"a@[192.0.2.1]", MAILADDR_INVALID, 0, "", "domain literal"},
    {"a b@example.co.jp", MAILADDR_INVALID, 0, "", "space"},
    {"a@example.co.jp\r\nBcc: x@partner.example", MAILADDR_INVALID, 0, "", "header injection"},
    {"a@", MAILADDR_INVALID, 0, "", "empty domain"},
    {"@example.co.jp", MAILADDR_INVALID, 0, "", "empty local part"},
    {".a@example.co.jp", MAILADDR_INVALID, 0, "", "leading dot"},
    {"a..b@example.co.jp", MAILADDR_INVALID, 0, "", "double dot"},
    {"a@example..co.jp", MAILADDR_INVALID, 0, "", "empty domain label"},
    {"a@-example.co.jp", MAILADDR_INVALID, 0, "", "label starts with -"},
    {"a@exa_mple.co.jp", MAILADDR_INVALID, 0, "", "underscore in the domain"},
    {"a@example.co.jp,b@partner.example", MAILADDR_INVALID, 0, "", "two addresses"},
    {"Taro <taro@example.co.jp>", MAILADDR_INVALID, 0, "", "display name"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.co.jp",
     MAILADDR_INVALID, 0, "", "local part of 65 bytes"},
};

int main(void)
{
    const char *const rcpts[] = { "x@partner.example" };
    char err[256];
    sg_config *cfg = config_load_string("[general]\n"
                                        "internal_domains = example.co.jp, Corp.Example, 例え.jp\n",
                                        "t-mailaddr", err, sizeof(err));
    sg_policy *p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    domain_list l = {0};
    size_t i;

    TAP_OK(p != NULL, "policy loaded%s%s", p ? "" : ": ", p ? "" : err);
    if (!p)
        return tap_done();
    domain_list_add_all(&l, cfg_list(cfg, CFG_GENERAL_INTERNAL_DOMAINS));
    TAP_IS_INT(l.n, 3, "internal list: three entries normalised");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sg_mailaddr a;
        const char *why = NULL;
        mailaddr_kind k = mailaddr_parse(cases[i].in, &a, &why);

        TAP_IS_INT(k, cases[i].kind, "parse: %s%s%s", cases[i].label, why ? ": " : "",
                   why ? why : "");
        if (cases[i].kind == MAILADDR_OK)
            TAP_IS_STR(a.domain, cases[i].domain, "domain: %s", cases[i].label);
        TAP_IS_INT(mailaddr_is_internal(&l, cases[i].in), cases[i].internal, "internal: %s",
                   cases[i].label);
        TAP_IS_INT(policy_is_internal(p, cases[i].in), cases[i].internal,
                   "policy_is_internal agrees: %s", cases[i].label);
    }
    TAP_OK(mailaddr_domain_is_internal(&l, "EXAMPLE.co.jp."), "sender domain: case and trailing dot");
    TAP_OK(mailaddr_domain_is_internal(&l, "例え.jp"), "sender domain: IDN");
    TAP_OK(!mailaddr_domain_is_internal(&l, "partner.example"), "sender domain: external");
    {
        /* the sender side asks about the domain: a sender the strict
         * parser refuses is still outgoing mail from an internal domain */
        sg_envelope env = { .mail_from = "a%b@example.co.jp", .rcpts = rcpts, .nrcpts = 1 };
        TAP_OK(policy_is_outgoing(p, &env), "outgoing: odd local part in an internal domain");
    }
    domain_list_free(&l);
    policy_free(p);
    config_free(cfg);
    return tap_done();
}
