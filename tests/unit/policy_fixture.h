/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * policy_fixture - helpers for the policy unit tests: a config with a
 * private-domains.list in a temporary rules_dir, envelopes with headers,
 * and scan results built by hand with findings_add().
 * Everything made here is freed by the matching fx_*_free().
 */
#ifndef SG_POLICY_FIXTURE_H
#define SG_POLICY_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "findings.h"
#include "policy.h"
#include "scan.h"
#include "sg_buf.h"

void findings_priv_free(void *p);   /* scanner/findings.c */

static char fx_dir[64];

/* A rules_dir with a small private-domains.list (once per process). */
static const char *fx_rules_dir(void)
{
    FILE *fp;
    char path[128];

    if (fx_dir[0])
        return fx_dir;
    snprintf(fx_dir, sizeof(fx_dir), "/tmp/sg-policy-test-XXXXXX");
    if (!mkdtemp(fx_dir))
        return NULL;
    snprintf(path, sizeof(path), "%s/private-domains.list", fx_dir);
    if (!(fp = fopen(path, "w")))
        return NULL;
    fputs("# test list\ngmail.com\ndocomo.ne.jp\n\n  yahoo.co.jp  # comment\n", fp);
    fclose(fp);
    return fx_dir;
}

__attribute__((unused)) static void fx_rules_dir_remove(void)
{
    char path[128];

    if (!fx_dir[0])
        return;
    snprintf(path, sizeof(path), "%s/private-domains.list", fx_dir);
    unlink(path);
    rmdir(fx_dir);
}

/* internal_domains = example.co.jp, example.org plus extra lines for the
 * sections (each may be NULL). */
static sg_config *fx_config(const char *general, const char *policy, const char *actions,
                            char *err, size_t errlen)
{
    sg_buf b;
    sg_config *c;

    sg_buf_init(&b, 65536);
    sg_buf_printf(&b, "[general]\ninternal_domains = example.co.jp, Example.ORG.\n%s\n"
                  "[scan]\nrules_dir = %s\n[policy]\n%s\n[actions]\n%s\n",
                  general ? general : "", fx_rules_dir(), policy ? policy : "",
                  actions ? actions : "");
    c = config_load_string(sg_buf_str(&b), "test.conf", err, errlen);
    sg_buf_free(&b);
    return c;
}

__attribute__((unused)) static void fx_find(sg_scan_result *r, const char *rule, sg_confidence conf, const char *loc,
                    unsigned n, unsigned flags, const char *action)
{
    unsigned i;
    char key[32];

    for (i = 0; i < n; i++) {
        finding_in in;
        memset(&in, 0, sizeof(in));
        snprintf(key, sizeof(key), "k%u", i);
        in.rule = rule;
        in.confidence = conf;
        in.location = loc;
        in.part = "1";
        in.evidence = "1234********";
        in.distinct_key = key;
        in.flags = flags;
        in.action = action;
        in.att_index = -1;
        findings_add(r, &in);
    }
}

__attribute__((unused)) static void fx_att(sg_scan_result *r, const char *name, const char *type, sg_encrypted enc,
                   int depth, int signature, unsigned nfindings)
{
    sg_attachment *a;

    if (r->natts == r->aatts) {
        r->aatts = r->aatts ? r->aatts * 2 : 4;
        r->atts = realloc(r->atts, r->aatts * sizeof(*r->atts));
    }
    a = &r->atts[r->natts++];
    memset(a, 0, sizeof(*a));
    a->name = strdup(name);
    a->type = strdup(type);
    a->location = malloc(strlen(name) + 12);
    snprintf(a->location, strlen(name) + 12, "attachment %s", name);
    a->part = strdup("2");
    a->size = 1234;
    memset(a->sha256, 'a', 64);
    a->encrypted = enc;
    a->depth = depth;
    a->signature = signature;
    a->nfindings = nfindings;
}

__attribute__((unused)) static void fx_result_free(sg_scan_result *r)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++) {
        sg_finding *f = &r->findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    free(r->findings);
    for (i = 0; i < r->natts; i++) {
        sg_attachment *a = &r->atts[i];
        free(a->name); free(a->location); free(a->part); free(a->type); free(a->description);
    }
    free(r->atts);
    free(r->reportable_reason);
    free(r->subject);
    findings_priv_free(r->priv);
    memset(r, 0, sizeof(*r));
}

#endif
