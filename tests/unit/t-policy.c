/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-policy - the decision: one case per rule and per action, mixed
 * recipients, bcc rewrite values, Bcc-only mail, groups and encoded names,
 * subdomains, look-alikes, learning period, private-forward detection,
 * internal-only mail, outgoing detection (sender, auth, client networks
 * v4/v6), and config errors (bad CIDR).
 *
 * A case: config snippets, envelope, headers ("Name: value" lines), findings
 * ("rule:confidence:location:count:flags[:action]" separated by ';'),
 * attachments ("name:enc:depth:signature:nfindings"), history; expected
 * action, the exact set of hit rule ids, external_only, bcc_to.
 */
#include "build-config.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "policy_fixture.h"
#include "sg_tap.h"

#define ANY (-1)

typedef struct pcase {
    const char *label;
    const char *general, *policy, *actions;  /* config lines */
    const char *from, *rcpts;                /* envelope; rcpts comma-separated */
    const char *headers;                     /* "Name: value\n"... */
    const char *findings, *atts;
    unsigned limits;
    const char *known, *top;                 /* history; known non-NULL = not learning */
    const char *auth, *client;
    const char *want_action;
    const char *want_rules;                  /* comma-separated, order-free; "" = none */
    int want_ext_only;                       /* ANY = not checked */
    const char *want_bcc_to;                 /* NULL = not checked */
} pcase;

#define EXT "a@partner.example"
#define ME "taro@example.co.jp"

static const pcase cases[] = {
    /* internal-only mail passes, outgoing detection */
    {"internal-only with My Number passes", NULL, NULL, NULL, ME, "b@example.co.jp,c@sub.example.co.jp",
     NULL, "mynumber:high:body:2:0", NULL, 0, NULL, NULL, NULL, NULL, "pass", "", 0, NULL},
    {"inbound mail (external sender) not inspected", NULL, NULL, NULL, "x@partner.example",
     "b@example.co.jp,a@other.example", NULL, "mynumber:high:body:2:0", NULL, 0, NULL, NULL, NULL,
     NULL, "pass", "", 0, NULL},
    {"authenticated client is outgoing", NULL, NULL, NULL, "x@gmail.example", EXT, NULL,
     "mynumber:high:body:1:0", NULL, 0, NULL, NULL, "taro", NULL, "reject", "mynumber", 1, NULL},
    {"inspect_authenticated=no ignores auth", "inspect_authenticated = no", NULL, NULL,
     "x@gmail.example", EXT, NULL, "mynumber:high:body:1:0", NULL, 0, NULL, NULL, "taro", NULL,
     "pass", "", ANY, NULL},
    {"client network v4 is outgoing", "client_networks = 192.0.2.0/24, 2001:db8::/32", NULL, NULL,
     "", EXT, NULL, "credit-card:high:body:1:0", NULL, 0, NULL, NULL, NULL, "192.0.2.77", "hold",
     "credit-card", 1, NULL},
    {"client network v6 is outgoing", "client_networks = 192.0.2.0/24, 2001:db8::/32", NULL, NULL,
     "x@other.example", EXT, NULL, "credit-card:high:body:1:0", NULL, 0, NULL, NULL, NULL,
     "IPv6:2001:db8:0:1::5", "hold", "credit-card", 1, NULL},
    {"client outside networks not outgoing", "client_networks = 192.0.2.0/24, 2001:db8::/32", NULL,
     NULL, "x@other.example", EXT, NULL, "credit-card:high:body:1:0", NULL, 0, NULL, NULL, NULL,
     "198.51.100.1", "pass", "", ANY, NULL},
    /* content rules and their actions */
    {"mynumber to external: reject", NULL, NULL, NULL, ME, EXT, NULL, "mynumber:high:body:2:0",
     NULL, 0, NULL, NULL, NULL, NULL, "reject", "mynumber", 1, NULL},
    {"mynumber configured hold-approver", NULL, NULL, "mynumber = hold-approver", ME, EXT, NULL,
     "mynumber:medium:body:1:0", NULL, 0, NULL, NULL, NULL, NULL, "hold-approver", "mynumber", 1,
     NULL},
    {"low finding never acts", NULL, NULL, NULL, ME, EXT, NULL, "mynumber:low:body:3:0", NULL, 0,
     NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"corporate number never acts", NULL, NULL, NULL, ME, EXT, NULL, "mynumber:high:body:1:16",
     NULL, 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"personal-data: hold", NULL, NULL, NULL, ME, EXT, NULL, "personal-data:medium:attachment list.csv:40:0",
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "personal-data", 1, NULL},
    {"sensitive-personal: hold", NULL, NULL, NULL, ME, EXT, NULL, "sensitive-personal:high:body:1:1",
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "sensitive-personal", 1, NULL},
    {"credit-card configured reject", NULL, NULL, "credit-card = reject", ME, EXT, NULL,
     "credit-card:high:body:1:2", NULL, 0, NULL, NULL, NULL, NULL, "reject", "credit-card", 1, NULL},
    {"password-in-body: hold", NULL, NULL, NULL, ME, EXT, NULL, "password-in-body:medium:body:1:0",
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "password-in-body", 1, NULL},
    {"classification-label: hold", NULL, NULL, NULL, ME, EXT, NULL,
     "classification-label:high:subject:1:0", NULL, 0, NULL, NULL, NULL, NULL, "hold",
     "classification-label", 1, NULL},
    {"classification 極秘: reject whatever the config", NULL, NULL, "classification-label = pass",
     ME, EXT, NULL, "classification-label:high:body:1:4", NULL, 0, NULL, NULL, NULL, NULL,
     "reject", "classification-label", 1, NULL},
    {"classification pass when configured", NULL, NULL, "classification-label = pass", ME, EXT,
     NULL, "classification-label:high:body:1:0", NULL, 0, NULL, NULL, NULL, NULL, "pass",
     "classification-label", ANY, NULL},
    {"virus to internal only: reject", NULL, NULL, NULL, ME, "b@example.co.jp", NULL,
     "virus:high:attachment x.exe:1:0", NULL, 0, NULL, NULL, NULL, NULL, "reject", "virus", 0,
     NULL},
    {"dangerous-attachment internal: reject", NULL, NULL, NULL, ME, "b@example.co.jp", NULL,
     "dangerous-attachment:high:attachment a.pdf.exe:1:0", NULL, 0, NULL, NULL, NULL, NULL,
     "reject", "dangerous-attachment", 0, NULL},
    {"virus + mynumber mixed rcpts: not external-only", NULL, NULL, NULL, ME,
     "b@example.co.jp," EXT, NULL, "mynumber:high:body:1:0;virus:high:attachment x.doc:1:0",
     NULL, 0, NULL, NULL, NULL, NULL, "reject", "mynumber,virus", 0, NULL},
    {"mixed rcpts, personal data: external only", NULL, NULL, NULL, ME, "b@example.co.jp," EXT,
     NULL, "personal-data:high:body:3:0", NULL, 0, NULL, NULL, NULL, NULL, "hold",
     "personal-data", 1, NULL},
    {"oversize to external: hold", NULL, NULL, NULL, ME, EXT, NULL, NULL, NULL, 0x001, NULL, NULL,
     NULL, NULL, "hold", "oversize", 1, NULL},
    {"unscannable (corrupt) to external: hold", NULL, NULL, NULL, ME, EXT, NULL, NULL, NULL, 0x200,
     NULL, NULL, NULL, NULL, "hold", "unscannable", 1, NULL},
    {"unscannable finding configured reject", NULL, NULL, "unscannable = reject", ME, EXT, NULL,
     "unscannable:high:attachment bomb.zip:1:0", NULL, 0x080, NULL, NULL, NULL, NULL, "reject",
     "unscannable", 1, NULL},
    {"oversize to internal only: pass", NULL, NULL, NULL, ME, "b@example.co.jp", NULL, NULL, NULL,
     0x001, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"admin rule with own action", NULL, NULL, NULL, ME, EXT, NULL,
     "project-x:high:body:1:8:reject", NULL, 0, NULL, NULL, NULL, NULL, "reject", "project-x", 1,
     NULL},
    {"admin rule without action: hold", NULL, NULL, NULL, ME, EXT, NULL, "project-y:medium:body:1:8",
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "project-y", 1, NULL},
    {"admin rule with bad action: hold", NULL, NULL, NULL, ME, EXT, NULL,
     "project-z:medium:body:1:8:explode", NULL, 0, NULL, NULL, NULL, NULL, "hold", "project-z", 1,
     NULL},
    /* bulk-external */
    {"bulk: 5 external in To/Cc: hold", NULL, NULL, NULL, ME, EXT,
     "To: a@p1.example, b@p2.example, c@p3.example\nCc: d@p4.example\nCc: e@p5.example, f@example.co.jp\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "hold", "bulk-external", 1, NULL},
    {"bulk: 4 external: pass", NULL, NULL, NULL, ME, EXT,
     "To: a@p1.example, b@p2.example, c@p3.example, x@example.co.jp, y@sub.example.co.jp\nCc: d@p4.example\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"bulk: duplicates and case count once", NULL, NULL, NULL, ME, EXT,
     "To: a@p1.example, A@P1.EXAMPLE, b@p2.example\nCc: b@P2.example, c@p3.example, d@p4.example\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"bulk: group and encoded display names", NULL, NULL, NULL, ME, EXT,
     "To: Partners: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <a@p1.example>, \"B, Co\" <b@p2.example>;,\r\n"
     " c@p3.example (comment), =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <d@p4.example>\nCc: <e@p5.example>\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "hold", "bulk-external", 1, NULL},
    {"bulk_action=bcc: rewrite to the sender", NULL, "bulk_action = bcc", NULL, ME, EXT,
     "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <Taro@Example.co.jp>\n"
     "To: a@p1.example, b@p2.example, c@p3.example, d@p4.example, e@p5.example\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "bcc", "bulk-external", ANY, "Taro@example.co.jp"},
    {"bulk_action=bcc without From: undisclosed", NULL, "bulk_action = bcc", NULL, ME, EXT,
     "To: a@p1.example, b@p2.example, c@p3.example, d@p4.example, e@p5.example\n",
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "bcc", "bulk-external", ANY, "undisclosed-recipients:;"},
    {"bulk_action=reject", NULL, "bulk_action = reject\nbulk_external_threshold = 2", NULL, ME, EXT,
     "To: a@p1.example, b@p2.example\n", NULL, NULL, 0, NULL, NULL, NULL, NULL, "reject",
     "bulk-external", 1, NULL},
    {"Bcc-only mail passes bulk", NULL, NULL, NULL, ME,
     "a@p1.example,b@p2.example,c@p3.example,d@p4.example,e@p5.example,f@p6.example",
     "From: " ME "\nTo: undisclosed-recipients:;\n", NULL, NULL, 0, NULL, NULL, NULL, NULL, "pass",
     "", ANY, NULL},
    {"malformed To header: no crash, pass", NULL, NULL, NULL, ME, EXT,
     "To: <<<@@@>>> ,,, \"unterminated <x@\nCc: =?UTF-8?B?####?= <\n", NULL, NULL, 0, NULL, NULL,
     NULL, NULL, "pass", "", ANY, NULL},
    /* attachments */
    {"unencrypted attachment to external: hold", NULL, NULL, NULL, ME, EXT, NULL, NULL,
     "list.csv:no:0:0:0", 0, NULL, NULL, NULL, NULL, "hold", "attachment-unencrypted", 1, NULL},
    {"encrypted attachment: pass", NULL, NULL, NULL, ME, EXT, NULL, NULL, "list.zip:yes:0:0:0", 0,
     NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"partly encrypted archive: hold", NULL, NULL, NULL, ME, EXT, NULL, NULL,
     "list.zip:partial:0:0:0", 0, NULL, NULL, NULL, NULL, "hold", "attachment-unencrypted", 1,
     NULL},
    {"signature exempt, archive member ignored", NULL, NULL, NULL, ME, EXT, NULL, NULL,
     "smime.p7s:no:0:1:0;a.zip:yes:0:0:0;a.zip/in.csv:no:1:0:0", 0, NULL, NULL, NULL, NULL, "pass",
     "", ANY, NULL},
    {"unencrypted attachment internal only: pass", NULL, NULL, NULL, ME, "b@example.co.jp", NULL,
     NULL, "list.csv:no:0:0:0", 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"attachment_encryption=sensitive, clean file: pass", NULL, "attachment_encryption = sensitive",
     NULL, ME, EXT, NULL, NULL, "memo.pdf:no:0:0:0", 0, NULL, NULL, NULL, NULL, "pass", "", ANY,
     NULL},
    {"attachment_encryption=sensitive, file with findings", NULL,
     "attachment_encryption = sensitive", NULL, ME, EXT, NULL,
     "personal-data:medium:attachment list.csv:2:0", "list.csv:no:0:0:0", 0, NULL, NULL, NULL,
     NULL, "hold", "attachment-unencrypted,personal-data", 1, NULL},
    {"attachment_encryption=off", NULL, "attachment_encryption = off", NULL, ME, EXT, NULL, NULL,
     "list.csv:no:0:0:0", 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    /* private address / forward */
    {"private address: hold", NULL, NULL, NULL, ME, "taro.home@Gmail.com", NULL, NULL, NULL, 0,
     NULL, NULL, NULL, NULL, "hold", "private-address", 1, NULL},
    {"private subdomain and commented list line", NULL, NULL, NULL, ME,
     "x@sub.docomo.ne.jp,y@yahoo.co.jp.", NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, "hold",
     "private-address", 1, NULL},
    {"not private: gmail.com.evil.example", NULL, NULL, NULL, ME, "x@gmail.com.evil.example", NULL,
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"private-forward by Resent-From: reject", NULL, NULL, NULL, ME, "me@gmail.com",
     "Resent-From: " ME "\nFrom: boss@example.co.jp\n", NULL, NULL, 0, NULL, NULL, NULL, NULL,
     "reject", "private-forward,private-address", 1, NULL},
    {"private-forward by X-Forwarded-To", NULL, NULL, NULL, ME, "me@gmail.com",
     "X-Forwarded-To: me@gmail.com\n", NULL, NULL, 0, NULL, NULL, NULL, NULL, "reject",
     "private-forward,private-address", 1, NULL},
    {"private-forward by Auto-Submitted", NULL, NULL, NULL, ME, "me@docomo.ne.jp",
     "Auto-Submitted: auto-forwarded\n", NULL, NULL, 0, NULL, NULL, NULL, NULL, "reject",
     "private-forward,private-address", 1, NULL},
    {"private-forward: external From, internal envelope sender", NULL, NULL, NULL, ME,
     "me@gmail.com", "From: Customer <c@customer.example>\n", NULL, NULL, 0, NULL, NULL, NULL,
     NULL, "reject", "private-forward,private-address", 1, NULL},
    {"not a forward: internal alias in From", NULL, NULL, NULL, ME, "me@gmail.com",
     "From: sales@example.co.jp\nAuto-Submitted: auto-replied\n", NULL, NULL, 0, NULL, NULL, NULL,
     NULL, "hold", "private-address", 1, NULL},
    {"forward to a business address: pass", NULL, NULL, NULL, ME, EXT,
     "Resent-From: " ME "\n", NULL, NULL, 0, NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    /* first-time and look-alike domains */
    {"first-time domain after learning: hold", NULL, NULL, NULL, ME, "x@new.example," EXT, NULL,
     NULL, NULL, 0, "partner.example", NULL, NULL, NULL, "hold", "first-time-domain", 1, NULL},
    {"known domain (case, trailing dot): pass", NULL, NULL, NULL, ME, "x@Partner.Example.", NULL,
     NULL, NULL, 0, "partner.example", NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"first-time during learning: pass", NULL, NULL, NULL, ME, "x@new.example", NULL, NULL, NULL, 0,
     NULL, NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"first_time_domain=off", NULL, "first_time_domain = off", NULL, ME, "x@new.example", NULL,
     NULL, NULL, 0, "partner.example", NULL, NULL, NULL, "pass", "", ANY, NULL},
    {"typo of internal domain: lookalike", NULL, NULL, NULL, ME, "b@exmaple.co.jp", NULL, NULL,
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "lookalike-domain", 1, NULL},
    {"rn for m: lookalike", NULL, NULL, NULL, ME, "b@exarnple.co.jp", NULL, NULL, NULL, 0, NULL,
     NULL, NULL, NULL, "hold", "lookalike-domain", 1, NULL},
    {"IDN homograph (Cyrillic a): lookalike", NULL, NULL, NULL, ME, "b@xn--exmple-4nf.co.jp", NULL,
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "hold", "lookalike-domain", 1, NULL},
    {"IDN homograph as U-label: lookalike", NULL, NULL, NULL, ME, "b@ex\xd0\xb0mple.co.jp", NULL,
     NULL, NULL, 0, NULL, NULL, NULL, NULL, "hold", "lookalike-domain", 1, NULL},
    {"look-alike of a frequent domain", NULL, NULL, NULL, ME, "b@partner-crop.example", NULL, NULL,
     NULL, 0, NULL, "partner-corp.example,other.example", NULL, NULL, "hold", "lookalike-domain", 1,
     NULL},
    {"look-alike subdomain of a typo", NULL, NULL, NULL, ME, "b@mail.examp1e.co.jp", NULL, NULL,
     NULL, 0, NULL, NULL, NULL, NULL, "hold", "lookalike-domain", 1, NULL},
    {"frequent domain itself: not lookalike", NULL, NULL, NULL, ME, "b@partner-crop.example", NULL,
     NULL, NULL, 0, NULL, "partner-corp.example,partner-crop.example", NULL, NULL, "pass", "", ANY,
     NULL},
    {"look-alike and first-time together", NULL, NULL, NULL, ME, "b@exmaple.co.jp", NULL, NULL,
     NULL, 0, "partner.example", NULL, NULL, NULL, "hold", "lookalike-domain,first-time-domain",
     1, NULL},
};

/* ---- building a case ---- */

typedef struct built {
    sg_config *cfg;
    sg_policy *pol;
    sg_envelope env;
    sg_header hdr[16];
    char *hbuf;
    char *rbuf;
    const char *rcpt[16];
    sg_scan_result res;
    sg_history hist;
    char *kbuf, *tbuf;
    const char *known[8], *top[8];
} built;

static size_t split(char *s, const char *sep, const char **out, size_t max)
{
    size_t n = 0;
    char *save = NULL, *t;

    for (t = strtok_r(s, sep, &save); t && n < max; t = strtok_r(NULL, sep, &save))
        out[n++] = t;
    return n;
}

/* "Name: value" lines; a line starting with a blank continues the value. */
static void build_headers(built *b, const char *h)
{
    char *line, *next;

    b->hbuf = strdup(h ? h : "");
    for (line = b->hbuf; line && *line && b->env.nheaders < 16; line = next) {
        char *colon, *nl = line;
        while ((nl = strchr(nl, '\n')) && (nl[1] == ' ' || nl[1] == '\t'))
            nl++;
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        if (!(colon = strchr(line, ':')))
            continue;
        *colon = '\0';
        b->hdr[b->env.nheaders].name = line;
        b->hdr[b->env.nheaders].value = colon + 1;
        b->env.nheaders++;
    }
    b->env.headers = b->hdr;
}

static sg_confidence conf_of(const char *s)
{
    return strcmp(s, "high") == 0 ? SG_CONF_HIGH : strcmp(s, "medium") == 0 ? SG_CONF_MEDIUM
                                                                          : SG_CONF_LOW;
}

static void build_findings(built *b, const char *spec)
{
    char *copy = strdup(spec ? spec : ""), *item, *save = NULL;

    for (item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        const char *f[6] = {0};
        char *s2 = NULL, *t;
        size_t n = 0;
        for (t = strtok_r(item, ":", &s2); t && n < 6; t = strtok_r(NULL, ":", &s2))
            f[n++] = t;
        if (n >= 5)
            fx_find(&b->res, f[0], conf_of(f[1]), f[2], (unsigned)strtoul(f[3], NULL, 10),
                    (unsigned)strtoul(f[4], NULL, 10), f[5]);
    }
    free(copy);
}

static void build_atts(built *b, const char *spec)
{
    char *copy = strdup(spec ? spec : ""), *item, *save = NULL;

    for (item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        const char *f[5] = {0};
        if (split(item, ":", f, 5) == 5) {
            sg_encrypted e = strcmp(f[1], "yes") == 0 ? SG_ENC_YES
                           : strcmp(f[1], "partial") == 0 ? SG_ENC_PARTIAL : SG_ENC_NO;
            fx_att(&b->res, f[0], "text/csv", e, (int)strtol(f[2], NULL, 10), (int)strtol(f[3], NULL, 10), (unsigned)strtoul(f[4], NULL, 10));
        }
    }
    free(copy);
}

static int build(built *b, const pcase *c)
{
    char err[512];

    memset(b, 0, sizeof(*b));
    if (!(b->cfg = fx_config(c->general, c->policy, c->actions, err, sizeof(err))) ||
        !(b->pol = policy_new(b->cfg, err, sizeof(err)))) {
        printf("# %s: %s\n", c->label, err);
        return -1;
    }
    b->env.mail_from = c->from;
    b->rbuf = strdup(c->rcpts);
    b->env.nrcpts = split(b->rbuf, ",", b->rcpt, 16);
    b->env.rcpts = b->rcpt;
    b->env.auth_user = c->auth;
    b->env.client_addr = c->client;
    build_headers(b, c->headers);
    build_findings(b, c->findings);
    build_atts(b, c->atts);
    b->res.limits = c->limits;
    b->hist.learning = c->known == NULL;
    b->kbuf = strdup(c->known ? c->known : "");
    b->tbuf = strdup(c->top ? c->top : "");
    split(b->kbuf, ",", b->known, 7);
    split(b->tbuf, ",", b->top, 7);
    b->hist.known_domains = b->known;
    b->hist.top_domains = b->top;
    return 0;
}

static void unbuild(built *b)
{
    fx_result_free(&b->res);
    policy_free(b->pol);
    config_free(b->cfg);
    free(b->hbuf);
    free(b->rbuf);
    free(b->kbuf);
    free(b->tbuf);
}

/* Are the hit rule ids exactly the set in want? */
static int same_rules(const sg_decision *d, const char *want)
{
    char *copy = strdup(want);
    const char *w[16];
    size_t n = split(copy, ",", w, 16), i, j;
    int ok = n == d->nhits;

    for (i = 0; ok && i < n; i++) {
        int found = 0;
        for (j = 0; j < d->nhits; j++)
            found |= strcmp(d->hits[j].rule, w[i]) == 0;
        ok = found;
    }
    free(copy);
    return ok;
}

static void show_rules(const sg_decision *d)
{
    size_t i;

    printf("#   hits:");
    for (i = 0; i < d->nhits; i++)
        printf(" %s(%s)", d->hits[i].rule, sg_action_name(d->hits[i].action));
    printf("\n");
}

static void run_case(const pcase *c)
{
    built b;
    sg_decision d;

    if (build(&b, c) < 0) {
        TAP_OK(0, "%s: setup", c->label);
        unbuild(&b);
        return;
    }
    if (policy_decide(b.pol, &b.env, &b.res, &b.hist, &d) < 0) {
        TAP_OK(0, "%s: decide", c->label);
        unbuild(&b);
        return;
    }
    TAP_IS_STR(sg_action_name(d.action), c->want_action, "%s: action", c->label);
    if (!TAP_OK(same_rules(&d, c->want_rules), "%s: rules = {%s}", c->label, c->want_rules))
        show_rules(&d);
    if (c->want_ext_only != ANY)
        TAP_IS_INT(d.external_only, c->want_ext_only, "%s: external_only", c->label);
    if (c->want_bcc_to) {
        TAP_IS_STR(d.bcc_to, c->want_bcc_to, "%s: bcc_to", c->label);
        TAP_IS_INT(d.bcc_remove_cc, 1, "%s: bcc_remove_cc", c->label);
    }
    decision_free(&d);
    unbuild(&b);
}

/* ---- cases outside the table ---- */

static void test_details_and_marks(void)
{
    pcase c = {"marks", NULL, NULL, NULL, ME,
               "b@example.co.jp,x@gmail.com,y@exmaple.co.jp,z@new.example", NULL,
               "mynumber:high:body:2:0;virus:high:attachment a.exe:1:0", NULL, 0, "gmail.com",
               NULL, NULL, NULL, NULL, NULL, 0, NULL};
    built b;
    sg_decision d;
    size_t i;

    if (build(&b, &c) < 0 || policy_decide(b.pol, &b.env, &b.res, &b.hist, &d) < 0) {
        TAP_OK(0, "marks: setup");
        unbuild(&b);
        return;
    }
    TAP_IS_STR(d.reject_text, "5.7.1 Message rejected by sendguard policy: mynumber, virus",
               "reject text names the rule ids");
    TAP_IS_INT(d.nrcpts, 4, "every envelope recipient classified");
    TAP_IS_INT(d.rcpts[0].external, 0, "internal recipient");
    TAP_IS_INT(d.rcpts[1].external && d.rcpts[1].private_address, 1, "gmail marked private");
    TAP_IS_INT(d.rcpts[1].first_time, 0, "known gmail.com not first-time");
    TAP_IS_STR(d.rcpts[2].lookalike_of, "example.co.jp", "typo marked lookalike_of");
    TAP_IS_INT(d.rcpts[3].first_time, 1, "new.example marked first_time");
    TAP_OK(d.approver == NULL, "approver left to the milter");
    TAP_OK(d.outgoing, "outgoing");
    for (i = 0; i < d.nhits; i++)
        if (strcmp(d.hits[i].rule, "mynumber") == 0) {
            TAP_IS_STR(d.hits[i].detail_ja, "個人番号(マイナンバー)が本文に2件含まれています",
                       "Japanese detail of mynumber");
            TAP_IS_STR(d.hits[i].detail, "My Number (individual number): 2 found in the body.",
                       "English detail of mynumber");
        }
    decision_free(&d);
    unbuild(&b);
}

static void test_internal(void)
{
    static const struct { const char *addr; int want; } t[] = {
        {"a@example.co.jp", 1}, {"a@EXAMPLE.CO.JP", 1}, {"a@mail.example.co.jp", 1},
        {"a@example.co.jp.", 1}, {"a@example.org", 1}, {"a@x.example.org.", 1},
        {"a@badexample.co.jp", 0}, {"a@example.co.jp.evil.example", 0}, {"a@co.jp", 0},
        {"postmaster", 1}, {"", 0}, {"a@xn--r8jz45g.jp", 1}, {"a@\xe4\xbe\x8b\xe3\x81\x88.jp", 1},
        {"a@xn--exmple-4nf.co.jp", 0},
    };
    char err[256];
    sg_config *cfg = fx_config("internal_domains = example.co.jp, Example.ORG., 例え.jp", NULL,
                               NULL, err, sizeof(err));
    sg_policy *p;
    size_t i;

    /* the [general] line above repeats internal_domains: use it only if allowed */
    if (!cfg) {
        sg_buf b;
        sg_buf_init(&b, 4096);
        sg_buf_printf(&b, "[general]\ninternal_domains = example.co.jp, Example.ORG., 例え.jp\n"
                      "[scan]\nrules_dir = %s\n", fx_rules_dir());
        cfg = config_load_string(sg_buf_str(&b), "t.conf", err, sizeof(err));
        sg_buf_free(&b);
    }
    p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    if (!TAP_OK(p != NULL, "policy with IDN internal domain: %s", p ? "ok" : err)) {
        config_free(cfg);
        return;
    }
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        TAP_IS_INT(policy_is_internal(p, t[i].addr), t[i].want, "is_internal(%s)", t[i].addr);
    policy_free(p);
    config_free(cfg);
}

static void test_config_errors(void)
{
    static const char *const bad[] = {
        "10.0.0.0/33", "300.1.2.3/8", "2001:db8::/129", "10.0.0.0/x", "example.com", "10.0.0.0/",
    };
    char err[512], line[128];
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sg_config *cfg;
        sg_policy *p;
        snprintf(line, sizeof(line), "client_networks = 192.0.2.0/24, %s", bad[i]);
        /* the config loader refuses it (FILE:LINE: [general] client_networks),
         * policy_new as a second line of defence */
        err[0] = '\0';
        cfg = fx_config(line, NULL, NULL, err, sizeof(err));
        p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
        TAP_OK(!p && strstr(err, "client_networks") && strstr(err, bad[i]),
               "bad network '%s' is a config error naming it: %s", bad[i], err);
        policy_free(p);
        config_free(cfg);
    }
}

static void test_rules_dir(void)
{
    char err[512];
    sg_config *cfg;
    sg_policy *p;

    cfg = config_load_string("[scan]\nrules_dir = /nonexistent-sg-dir\n", "t.conf", err,
                             sizeof(err));
    p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    TAP_OK(p != NULL, "missing private-domains.list is an empty list");
    policy_free(p);
    config_free(cfg);
    /* a directory where the list should be: unreadable -> error */
    {
        char dir[128], sub[160];
        snprintf(dir, sizeof(dir), "%s/d", fx_rules_dir());
        mkdir(dir, 0700);
        snprintf(sub, sizeof(sub), "%s/private-domains.list", dir);
        mkdir(sub, 0700);
        snprintf(sub, sizeof(sub), "[scan]\nrules_dir = %s\n", dir);
        cfg = config_load_string(sub, "t.conf", err, sizeof(err));
        err[0] = '\0';
        p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
        TAP_OK(p == NULL && strstr(err, "private-domains.list"),
               "unreadable private-domains.list is an error: %s", err);
        policy_free(p);
        config_free(cfg);
        snprintf(sub, sizeof(sub), "%s/private-domains.list", dir);
        rmdir(sub);
        rmdir(dir);
    }
}

static void test_action_names(void)
{
    static const char *const names[] = {"pass", "bcc", "hold", "hold-approver", "reject"};
    sg_action a;
    size_t i;

    for (i = 0; i < 5; i++) {
        TAP_IS_STR(sg_action_name((sg_action)i), names[i], "action name %zu", i);
        TAP_OK(sg_action_parse(names[i], &a) == 0 && a == (sg_action)i, "parse %s", names[i]);
    }
    TAP_OK(sg_action_parse("drop", &a) < 0, "unknown action refused");
    TAP_OK(SG_ACT_REJECT > SG_ACT_HOLD_APPROVER && SG_ACT_HOLD_APPROVER > SG_ACT_HOLD &&
           SG_ACT_HOLD > SG_ACT_BCC && SG_ACT_BCC > SG_ACT_PASS, "actions ordered by severity");
}

static void test_no_scan(void)
{
    pcase c = {"no scan", NULL, NULL, NULL, ME, EXT, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
               NULL, NULL, 0, NULL};
    built b;
    sg_decision d;

    if (build(&b, &c) == 0 && policy_decide(b.pol, &b.env, NULL, NULL, &d) == 0) {
        TAP_IS_STR(sg_action_name(d.action), "pass", "scan NULL and history NULL: pass");
        decision_free(&d);
    } else {
        TAP_OK(0, "scan NULL: decide");
    }
    unbuild(&b);
}

/* The whole decision is the policy's: the approver of an approver hold,
 * how long a hold waits and the delay hold of a clean external message
 * (the milter decided these itself, so sendguard-scan could not show them). */
static void test_hold_terms(void)
{
    static const char *const ext[] = { EXT }, *const in[] = { "b@example.co.jp" };
    char path[] = "/tmp/t-policy-appr.XXXXXX", general[512], err[256];
    int fd = mkstemp(path);
    sg_scan_result res = {0};
    sg_envelope env = { .mail_from = ME, .rcpts = ext, .nrcpts = 1 };
    sg_decision d;
    sg_config *cfg;
    sg_policy *p;

    if (fd < 0 || write(fd, "taro@example.co.jp boss@example.co.jp\n", 38) != 38) {
        TAP_OK(0, "hold terms: approvers file written");
        return;
    }
    close(fd);
    snprintf(general, sizeof(general), "\n[hold]\napprovers_file = %s\ndelay = 1h\ntimeout = 2d\n", path);
    cfg = fx_config(general, NULL, "mynumber = hold-approver", err, sizeof(err));
    p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    if (!TAP_OK(p != NULL, "hold terms: policy (%s)", p ? "ok" : err)) {
        config_free(cfg);
        unlink(path);
        return;
    }
    fx_find(&res, "mynumber", SG_CONF_HIGH, "body", 1, 0, NULL);
    TAP_IS_INT(policy_decide(p, &env, &res, NULL, &d), 0, "hold terms: decide");
    TAP_IS_INT(d.action, SG_ACT_HOLD_APPROVER, "hold terms: hold-approver");
    TAP_IS_STR(d.approver, "boss@example.co.jp", "hold terms: the policy names the approver");
    TAP_IS_INT(d.hold_ms, 2ULL * 86400 * 1000, "hold terms: a hold waits [hold] timeout");
    TAP_IS_INT(d.delay_hold, 0, "hold terms: a rule hold is no delay hold");
    decision_free(&d);
    fx_result_free(&res);
    memset(&res, 0, sizeof(res));
    TAP_IS_INT(policy_decide(p, &env, &res, NULL, &d), 0, "delay: decide a clean message");
    TAP_OK(d.action == SG_ACT_PASS && d.delay_hold == 1 && d.hold_ms == 3600ULL * 1000,
           "delay: a clean message to an external recipient is a delay hold of [hold] delay");
    decision_free(&d);
    env.rcpts = in;
    TAP_IS_INT(policy_decide(p, &env, &res, NULL, &d), 0, "delay: decide internal-only mail");
    TAP_OK(d.action == SG_ACT_PASS && d.delay_hold == 0 && d.hold_ms == 0,
           "delay: internal-only mail is not delayed");
    decision_free(&d);
    policy_free(p);
    config_free(cfg);
    unlink(path);
}

/* Issue 8 / company rule 003 §4: 社外秘 may go out encrypted. A message
 * whose only marking is 社外秘 and whose attachments are all encrypted
 * passes (the label is still a recorded hit); 極秘 never goes out; 部外秘
 * keeps its configured action; an unencrypted attachment keeps the hold. */
static void label_case(const char *label, const char *evidence, unsigned flags,
                       sg_encrypted enc, int natt, const char *want)
{
    pcase c = {label, NULL, NULL, NULL, ME, EXT, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
               NULL, NULL, 0, NULL};
    built b;
    sg_decision d;
    finding_in in;
    size_t i;
    int label_hit = 0;

    if (build(&b, &c) < 0) {
        TAP_OK(0, "%s: build", label);
        return;
    }
    memset(&in, 0, sizeof(in));
    in.rule = "classification-label";
    in.confidence = SG_CONF_HIGH;
    in.location = "subject";
    in.part = "";
    in.evidence = evidence;
    in.distinct_key = evidence;
    in.flags = flags;
    in.att_index = -1;
    findings_add(&b.res, &in);
    if (natt)
        fx_att(&b.res, "plan.zip", "application/zip", enc, 0, 0, 0);
    if (policy_decide(b.pol, &b.env, &b.res, NULL, &d) == 0) {
        for (i = 0; i < d.nhits; i++)
            label_hit |= strcmp(d.hits[i].rule, "classification-label") == 0;
        TAP_IS_STR(sg_action_name(d.action), want, "%s", label);
        TAP_OK(label_hit, "%s: the label is a recorded hit", label);
        decision_free(&d);
    } else {
        TAP_OK(0, "%s: decide", label);
    }
    unbuild(&b);
}

static void test_label_encrypted(void)
{
    label_case("社外秘, every attachment encrypted: pass", "社外秘", 0, SG_ENC_YES, 1, "pass");
    label_case("社外秘, attachment not encrypted: hold", "社外秘", 0, SG_ENC_NO, 1, "hold");
    label_case("社外秘, archive partly encrypted: hold", "社外秘", 0, SG_ENC_PARTIAL, 1, "hold");
    label_case("社外秘 without attachments: hold", "社外秘", 0, SG_ENC_NA, 0, "hold");
    label_case("極秘, every attachment encrypted: reject", "極秘", SG_FF_TOP_SECRET, SG_ENC_YES, 1,
               "reject");
    label_case("部外秘, every attachment encrypted: configured hold", "部外秘", 0, SG_ENC_YES, 1, "hold");
}

int main(void)
{
    size_t i;

    g_mime_init();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i]);
    test_details_and_marks();
    test_internal();
    test_config_errors();
    test_rules_dir();
    test_action_names();
    test_no_scan();
    test_hold_terms();
    test_label_encrypted();
    fx_rules_dir_remove();
    g_mime_shutdown();
    return tap_done();
}
