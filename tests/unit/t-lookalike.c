/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-lookalike - look-alike recipient domains: edit distance (typos,
 * transpositions), confusable folding (rn/m, vv/w, cl/d, 1/l, 0/o), IDN
 * homographs (Cyrillic/Greek letters, as xn-- A-labels and as U-labels),
 * frequent domains, and what must NOT be a look-alike (internal domains and
 * their subdomains, known/frequent domains, unrelated short names).
 */
#include "build-config.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "policy_fixture.h"
#include "policy_priv.h"
#include "sg_tap.h"

static const struct {
    const char *domain;
    const char *want;     /* domain it resembles, NULL = none */
} cases[] = {
    {"exmaple.co.jp", "example.co.jp"},      /* transposition */
    {"exampel.co.jp", "example.co.jp"},
    {"examle.co.jp", "example.co.jp"},       /* deletion */
    {"exammple.co.jp", "example.co.jp"},     /* insertion */
    {"exanple.co.jp", "example.co.jp"},      /* substitution */
    {"example.co.jq", "example.co.jp"},
    {"exarnple.co.jp", "example.co.jp"},     /* rn -> m */
    {"examp1e.co.jp", "example.co.jp"},      /* 1 -> l */
    {"ex4mple.org", "example.org"},
    {"exampie.org", "example.org"},          /* i -> l */
    {"xn--exmple-4nf.co.jp", "example.co.jp"},      /* Cyrillic a */
    {"ex\xd0\xb0mple.co.jp", "example.co.jp"},      /* same as U-label */
    {"\xd0\xb5x\xd0\xb0mpl\xd0\xb5.org", "example.org"},  /* three Cyrillic letters */
    {"ex\xce\xb1mple.org", "example.org"},          /* Greek alpha */
    {"mail.exmaple.co.jp", "example.co.jp"},        /* typo under a subdomain */
    {"vvidget.example", "widget.example"},          /* vv -> w, frequent domain */
    {"c1oud.example", "cloud.example"},             /* 1 -> l */
    {"clomain.example", "domain.example"},          /* cl -> d */
    {"g00gle.example", "google.example"},           /* 0 -> o */
    {"example.co.jp", NULL},                 /* internal */
    {"sub.example.co.jp", NULL},             /* internal subdomain */
    {"widget.example", NULL},                /* frequent itself */
    {"partner.example", NULL},               /* unrelated */
    {"example.com", NULL},                   /* distance 3 from example.co.jp */
    {"a.jp", NULL},                          /* short names are not compared */
    {"totally-different.example", NULL},
};

int main(void)
{
    static const char *const top[] = {"widget.example", "cloud.example", "domain.example",
                                      "google.example", "b.jp", NULL};
    static const char *const known[] = {"partner.example", NULL};
    sg_history hist = {0, known, top};
    char err[256];
    sg_config *cfg;
    sg_policy *p;
    size_t i;

    g_mime_init();
    cfg = fx_config(NULL, NULL, NULL, err, sizeof(err));
    p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    if (!TAP_OK(p != NULL, "policy: %s", p ? "ok" : err))
        return tap_done();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *d = domain_normalize(cases[i].domain);
        char *got = d ? lookalike_of(p, d, &hist) : NULL;
        TAP_IS_STR(got, cases[i].want, "lookalike_of(%s)", d ? d : cases[i].domain);
        free(got);
        free(d);
    }
    TAP_IS_INT(lookalike_distance("abcdef", "abcdef", 2), 0, "distance equal");
    TAP_IS_INT(lookalike_distance("abcdef", "abdcef", 2), 1, "distance transposition");
    TAP_IS_INT(lookalike_distance("abcdef", "xbcdey", 2), 2, "distance two substitutions");
    TAP_IS_INT(lookalike_distance("abcdef", "xycdez", 2), 3, "distance capped at max+1");
    TAP_IS_INT(lookalike_distance("abc", "abcdef", 2), 3, "length difference > max");
    {   /* bounded: 253-character names */
        char a[254], b[254];
        memset(a, 'a', 253);
        memset(b, 'a', 253);
        a[253] = b[253] = '\0';
        b[100] = 'b';
        TAP_IS_INT(lookalike_distance(a, b, 2), 1, "253-char names");
    }
    {
        char *f = lookalike_fold("xn--exmple-4nf.co.jp");
        TAP_IS_STR(f, "example.co.jp", "fold decodes punycode and maps Cyrillic");
        free(f);
        f = lookalike_fold("rnicrosoft.example");
        TAP_IS_STR(f, "mlcrosoft.example", "fold rn->m, i->l");
        free(f);
    }
    policy_free(p);
    config_free(cfg);
    fx_rules_dir_remove();
    g_mime_shutdown();
    return tap_done();
}
