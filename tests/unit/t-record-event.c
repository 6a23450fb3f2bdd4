/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-record-event - the transfer-record fields: recipients with the
 * external flag, attachments, findings (masked evidence only), rule ids,
 * the decision with its details, subject stored / hashed / omitted,
 * Message-ID, JSON escaping of hostile names, no decision / no scan.
 */
#include "build-config.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "policy_fixture.h"
#include "record_event.h"
#include "sg_tap.h"

static const char *const rcpts[] = {"b@example.co.jp", "a@partner.example"};
static sg_header hdrs[] = {
    {"Message-ID", " <abc.123@example.co.jp>\r\n"},
    {"Subject", " =?UTF-8?B?5bGx55Sw?= report"},
    {"To", " a@partner.example"},
};

static void envelope(sg_envelope *env)
{
    memset(env, 0, sizeof(*env));
    env->mail_from = "taro@example.co.jp";
    env->rcpts = rcpts;
    env->nrcpts = 2;
    env->headers = hdrs;
    env->nheaders = 3;
}

static void test_full(void)
{
    char err[256];
    sg_config *cfg = fx_config(NULL, NULL, NULL, err, sizeof(err));
    sg_policy *p = cfg ? policy_new(cfg, err, sizeof(err)) : NULL;
    sg_scan_result res = {0};
    sg_envelope env;
    sg_decision d;
    record_json rj;

    if (!TAP_OK(p != NULL, "policy: %s", p ? "ok" : err))
        return;
    envelope(&env);
    fx_find(&res, "mynumber", SG_CONF_HIGH, "attachment list\".csv", 2, 0, NULL);
    fx_att(&res, "list\".csv", "text/csv", SG_ENC_NO, 0, 0, 1);
    res.reportable = 1;
    TAP_IS_INT(policy_decide(p, &env, &res, NULL, &d), 0, "decide");
    TAP_IS_INT(record_event_build(cfg, &env, &res, &d, "reject", &rj), 0, "build");
    TAP_IS_STR(rj.recipients_json,
               "[{\"address\":\"b@example.co.jp\",\"external\":false},"
               "{\"address\":\"a@partner.example\",\"external\":true}]", "recipients_json");
    TAP_IS_STR(rj.attachments_json,
               "[{\"name\":\"list\\\".csv\",\"type\":\"text/csv\",\"size\":1234,\"sha256\":"
               "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
               "\"encrypted\":\"no\"}]", "attachments_json (escaped name)");
    TAP_IS_STR(rj.findings_json,
               "[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":2,\"persons\":2,"
               "\"location\":\"attachment list\\\".csv\",\"evidence\":\"1234********\"}]",
               "findings_json");
    TAP_OK(strcmp(rj.rules_json, "[\"mynumber\",\"attachment-unencrypted\"]") == 0 ||
           strcmp(rj.rules_json, "[\"attachment-unencrypted\",\"mynumber\"]") == 0,
           "rules_json: %s", rj.rules_json);
    TAP_OK(strstr(rj.decision_json, "{\"action\":\"reject\",\"external_only\":true,\"hits\":[") ==
           rj.decision_json, "decision_json head: %.80s", rj.decision_json);
    TAP_OK(strstr(rj.decision_json, "\"detail_ja\":\"個人番号(マイナンバー)が添付ファイル") != NULL,
           "decision_json carries the Japanese detail");
    TAP_IS_STR(rj.subject, "山田 report", "subject stored (decoded)");
    TAP_IS_STR(rj.message_id, "<abc.123@example.co.jp>", "message_id trimmed");
    TAP_IS_STR(rj.action, "reject", "action");
    TAP_IS_STR(rj.event, "reject", "event");
    TAP_IS_INT(rj.reportable, 1, "reportable");
    record_json_free(&rj);
    record_json_free(&rj);
    TAP_OK(rj.recipients_json == NULL && rj.findings_json == NULL && rj.subject == NULL &&
           rj.event == NULL, "record_json_free twice is safe and leaves it empty");
    decision_free(&d);
    fx_result_free(&res);
    policy_free(p);
    config_free(cfg);
}

static void test_subject_modes(void)
{
    static const struct { const char *mode; const char *want; } t[] = {
        {"stored", "hello"},
        /* sha256("hello") */
        {"hashed", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
        {"omitted", NULL},
    };
    sg_header h[] = {{"Subject", " hello"}};
    sg_envelope env;
    size_t i;

    envelope(&env);
    env.headers = h;
    env.nheaders = 1;
    for (i = 0; i < 3; i++) {
        char line[64], err[256];
        sg_config *cfg;
        sg_buf b;
        record_json rj;
        snprintf(line, sizeof(line), "subject = %s", t[i].mode);
        sg_buf_init(&b, 4096);
        sg_buf_printf(&b, "[general]\ninternal_domains = example.co.jp\n[record]\n%s\n", line);
        cfg = config_load_string(sg_buf_str(&b), "t.conf", err, sizeof(err));
        sg_buf_free(&b);
        if (!TAP_OK(cfg != NULL, "config %s: %s", t[i].mode, cfg ? "ok" : err))
            continue;
        TAP_IS_INT(record_event_build(cfg, &env, NULL, NULL, "pass", &rj), 0, "build %s",
                   t[i].mode);
        TAP_IS_STR(rj.subject, t[i].want, "subject %s", t[i].mode);
        TAP_IS_STR(rj.recipients_json,
                   "[{\"address\":\"b@example.co.jp\",\"external\":false},"
                   "{\"address\":\"a@partner.example\",\"external\":true}]",
                   "recipients classified from the config without a decision (%s)", t[i].mode);
        TAP_IS_STR(rj.findings_json, "[]", "no scan: empty findings (%s)", t[i].mode);
        TAP_IS_STR(rj.rules_json, "[]", "no decision: empty rules (%s)", t[i].mode);
        TAP_IS_STR(rj.decision_json, "null", "no decision: null (%s)", t[i].mode);
        TAP_OK(rj.message_id == NULL, "no Message-ID (%s)", t[i].mode);
        record_json_free(&rj);
        config_free(cfg);
    }
}

/* The module that writes the record reads it back (json-c), typed. */
static void test_read_back(void)
{
    static const char findings[] =
        "[{\"rule\":\"mynumber\",\"confidence\":\"high\",\"count\":2,\"persons\":3,"
        "\"location\":\"body\",\"evidence\":\"1234********\"},"
        "{\"confidence\":\"low\"},{\"rule\":\"x\\\"y\\u00e9\"}]";
    record_findings fs;
    record_rules rs;

    TAP_IS_INT(record_findings_read(findings, &fs), 0, "read: findings");
    TAP_OK(fs.n == 2 && strcmp(fs.v[0].rule, "mynumber") == 0 && fs.v[0].count == 2 &&
           fs.v[0].persons == 3 && fs.v[0].has_count && strcmp(fs.v[0].location, "body") == 0 &&
           strcmp(fs.v[0].evidence, "1234********") == 0,
           "read: finding fields typed; an object without a rule is not a finding");
    TAP_OK(fs.n == 2 && strcmp(fs.v[1].rule, "x\"y\xc3\xa9") == 0 && !fs.v[1].has_count,
           "read: escapes decoded, count absent");
    record_findings_free(&fs);
    TAP_IS_INT(record_rules_read("[\"mynumber\",3,\"bulk-external\"]", &rs), 0, "read: rules");
    TAP_OK(rs.n == 2 && strcmp(rs.v[0], "mynumber") == 0 && strcmp(rs.v[1], "bulk-external") == 0,
           "read: rule ids, non-strings skipped");
    record_rules_free(&rs);
    TAP_IS_INT(record_rules_read(NULL, &rs), 0, "read: NULL is an empty list");
    TAP_IS_INT(record_rules_read("{\"a\":1}", &rs), -1, "read: an object is not a list of rules");
    TAP_IS_INT(record_findings_read("[{\"rule\":\"x\"}] trailing", &fs), -1,
               "read: trailing garbage refused");
    TAP_IS_INT(record_findings_read("[[[[[[[[[[[[1]]]]]]]]]]]]", &fs), -1, "read: too deep");
    TAP_OK(fs.n == 0 && fs.v == NULL, "read: output empty after an error");
}

/* An element that does not fit ends the list: no later, smaller element
 * may land after a dropped one (the record would silently miss a middle
 * piece). */
static void test_list_cap(void)
{
    static char big[RECORD_ITEM_CAP + 10];
    char *r[] = { "a@partner.example", big, "postmaster", NULL };
    domain_list internal = {0};
    char *j;

    memset(big, 'x', sizeof(big) - 1);
    memcpy(big + sizeof(big) - 20, "@partner.example", 17);
    domain_list_add(&internal, "example.co.jp");
    j = record_recipients_json(&internal, r);
    TAP_IS_STR(j, "[{\"address\":\"a@partner.example\",\"external\":true}]",
               "recipients: an element past its cap ends the list (no gap, valid JSON)");
    free(j);
    r[1] = "Taro@EXAMPLE.CO.JP.";
    j = record_recipients_json(&internal, r);
    TAP_IS_STR(j, "[{\"address\":\"a@partner.example\",\"external\":true},"
               "{\"address\":\"Taro@EXAMPLE.CO.JP.\",\"external\":false},"
               "{\"address\":\"postmaster\",\"external\":false}]",
               "recipients: classified by the one definition of internal");
    free(j);
    domain_list_free(&internal);
}

int main(void)
{
    g_mime_init();
    test_read_back();
    test_list_cap();
    test_full();
    test_subject_modes();
    fx_rules_dir_remove();
    g_mime_shutdown();
    return tap_done();
}
