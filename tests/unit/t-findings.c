/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-findings - findings aggregation (scanner/findings.c): distinct values
 * per (rule, location), count and persons by the finding's level (a
 * MEDIUM/HIGH finding counts only values seen at MEDIUM or above, a LOW
 * one counts all), explicit table persons, and reportability
 * (findings_conclude: My Numbers of more than 100 persons, special-care
 * and financial flags, personal data of more than 1000 persons).
 * Synthetic keys only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "sg_tap.h"

void findings_priv_free(void *p);

static sg_scan_result res;

static void clear(void)
{
    size_t i;

    for (i = 0; i < res.nfindings; i++) {
        sg_finding *f = &res.findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    free(res.findings);
    free(res.reportable_reason);
    findings_priv_free(res.priv);
    memset(&res, 0, sizeof(res));
}

static void add(const char *rule, sg_confidence c, const char *loc, const char *key,
                unsigned persons, unsigned flags)
{
    finding_in in;

    memset(&in, 0, sizeof(in));
    in.rule = rule;
    in.confidence = c;
    in.location = loc;
    in.part = "1";
    in.evidence = "****";
    in.distinct_key = key;
    in.persons = persons;
    in.flags = flags;
    in.att_index = -1;
    findings_add(&res, &in);
}

static const sg_finding *get(const char *rule, const char *loc)
{
    size_t i;

    for (i = 0; i < res.nfindings; i++)
        if (!strcmp(res.findings[i].rule, rule) && !strcmp(res.findings[i].location, loc))
            return &res.findings[i];
    return NULL;
}

static void counts(void)
{
    const sg_finding *f;

    clear();
    add("mynumber", SG_CONF_LOW, "body", "A", 0, 0);
    add("mynumber", SG_CONF_HIGH, "body", "B", 0, 0);
    add("mynumber", SG_CONF_LOW, "body", "C", 0, 0);
    f = get("mynumber", "body");
    TAP_OK(f && f->confidence == SG_CONF_HIGH, "HIGH value makes the finding HIGH");
    TAP_IS_INT(f ? f->count : 0, 1, "LOW values beside a HIGH one are not counted");
    TAP_IS_INT(f ? f->persons : 0, 1, "... nor counted as persons");

    add("mynumber", SG_CONF_MEDIUM, "body", "A", 0, 0);
    f = get("mynumber", "body");
    TAP_IS_INT(f ? f->count : 0, 2, "a value seen LOW, later MEDIUM, counts once");
    add("mynumber", SG_CONF_HIGH, "body", "A", 0, 0);
    f = get("mynumber", "body");
    TAP_IS_INT(f ? f->count : 0, 2, "... and not again at HIGH");

    add("mynumber", SG_CONF_LOW, "att x.txt", "P", 0, 0);
    add("mynumber", SG_CONF_LOW, "att x.txt", "Q", 0, 0);
    add("mynumber", SG_CONF_LOW, "att x.txt", "P", 0, 0);
    f = get("mynumber", "att x.txt");
    TAP_OK(f && f->confidence == SG_CONF_LOW && f->count == 2,
           "a LOW finding counts its distinct LOW values (%u)", f ? f->count : 0);

    add("personal-data", SG_CONF_LOW, "t.csv", NULL, 500, 0);
    add("personal-data", SG_CONF_HIGH, "t.csv", NULL, 3, 0);
    f = get("personal-data", "t.csv");
    TAP_IS_INT(f ? f->persons : 0, 3, "explicit persons: a LOW call's 500 do not count at HIGH");
    add("personal-data", SG_CONF_MEDIUM, "t.csv", NULL, 7, 0);
    f = get("personal-data", "t.csv");
    TAP_IS_INT(f ? f->persons : 0, 7, "explicit persons: the largest at MEDIUM or above");
    TAP_IS_INT(findings_distinct(&res, "mynumber", SG_CONF_MEDIUM), 2,
               "message-wide distinct My Numbers at MEDIUM+");
    TAP_IS_INT(findings_distinct(&res, "mynumber", SG_CONF_LOW), 5,
               "message-wide distinct My Numbers at any confidence");
}

static void conclude(void)
{
    char key[32];
    unsigned i;

    clear();
    for (i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "H%u", i);
        add("mynumber", SG_CONF_HIGH, "list.csv", key, 0, 0);
    }
    for (i = 0; i < 50; i++) {
        snprintf(key, sizeof(key), "L%u", i);
        add("mynumber", SG_CONF_LOW, "list.csv", key, 0, 0);
    }
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 0, "100 HIGH + 50 LOW My Numbers: not reportable (> 100 needed)");
    add("mynumber", SG_CONF_MEDIUM, "body", "H100", 0, 0);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 1, "101 My Numbers at MEDIUM+: reportable");

    clear();
    add("corporate-number", SG_CONF_LOW, "body", "7123456789012", 0, SG_FF_CORPORATE);
    add("personal-data", SG_CONF_HIGH, "t.csv", NULL, 1000, 0);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 0, "1000 persons of personal data: not reportable");
    add("personal-data", SG_CONF_LOW, "u.csv", NULL, 5000, 0);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 0, "5000 persons in a LOW finding: not reportable");
    add("personal-data", SG_CONF_HIGH, "v.csv", NULL, 1001, 0);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 1, "1001 persons: reportable");

    clear();
    add("sensitive-personal", SG_CONF_LOW, "body", "k", 0, SG_FF_SENSITIVE);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 0, "special-care flag on a LOW finding: not reportable");
    add("sensitive-personal", SG_CONF_MEDIUM, "body", "k2", 0, SG_FF_SENSITIVE);
    findings_conclude(&res);
    TAP_IS_INT(res.reportable, 1, "special-care at MEDIUM: reportable");
    TAP_OK(res.reportable_reason && strstr(res.reportable_reason, "要配慮"), "reason names 要配慮");
    clear();
}

int main(void)
{
    counts();
    conclude();
    return tap_done();
}
