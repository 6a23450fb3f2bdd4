/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * policy - the policy object: what policy_new() copies from the config
 * (internal domains, client networks, thresholds, per-rule actions, the
 * private-domains.list of rules_dir), the outgoing/internal tests, and the
 * action names. The decision itself is in decide.c and the rule_*.c files.
 *
 * Owns: everything in sg_policy, freed by policy_free().
 * Errors: policy_new() returns NULL with a reason in err: a bad client
 * network ("client_networks: bad network '10.0.0.0/33'"), an unreadable
 * private-domains.list, out of memory.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "approvers.h"
#include "policy_priv.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_buf.h"

static const char *const action_names[] = {
    [SG_ACT_PASS] = "pass", [SG_ACT_BCC] = "bcc", [SG_ACT_HOLD] = "hold",
    [SG_ACT_HOLD_APPROVER] = "hold-approver", [SG_ACT_REJECT] = "reject",
};

const char *sg_action_name(sg_action a)
{
    if ((unsigned)a > SG_ACT_REJECT)
        return "?";
    return action_names[a];
}

int sg_action_parse(const char *s, sg_action *out)
{
    unsigned i;

    for (i = 0; s && i <= SG_ACT_REJECT; i++)
        if (strcasecmp(s, action_names[i]) == 0) {
            *out = (sg_action)i;
            return 0;
        }
    return -1;
}

static int load_networks(sg_policy *p, const sg_config *cfg, char *err, size_t errlen)
{
    char *const *l = cfg_list(cfg, CFG_GENERAL_CLIENT_NETWORKS);
    size_t n = 0, i;

    for (i = 0; l && l[i]; i++)
        n++;
    if (n == 0)
        return 0;
    if (!(p->nets = sg_calloc(n, sizeof(*p->nets)))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (!*l[i])
            continue;
        if (cidr_parse(l[i], &p->nets[p->nnets]) < 0) {
            snprintf(err, errlen, "%s: [general] client_networks: bad network '%.64s' "
                     "(want ADDRESS/PREFIX, IPv4 or IPv6)", cfg->path ? cfg->path : "config", l[i]);
            return -1;
        }
        p->nnets++;
    }
    return 0;
}

static int load_actions(sg_policy *p, const sg_config *cfg, char *err, size_t errlen)
{
    int k;

    for (k = 0; k < CFG__COUNT; k++) {
        if (strcmp(cfg_keys[k].section, "actions") != 0)
            continue;
        if (sg_action_parse(cfg->v[k].s, &p->rule_action[k]) < 0) {
            snprintf(err, errlen, "[actions] %s: unknown action '%.32s'", cfg_keys[k].name,
                     cfg->v[k].s ? cfg->v[k].s : "");
            return -1;
        }
        p->has_action[k] = 1;
    }
    return 0;
}

static int load_settings(sg_policy *p, const sg_config *cfg, char *err, size_t errlen)
{
    const char *enc = cfg_str(cfg, CFG_POLICY_ATTACHMENT_ENCRYPTION);

    p->inspect_authenticated = cfg_num(cfg, CFG_GENERAL_INSPECT_AUTHENTICATED) != 0;
    p->bulk_threshold = cfg_num(cfg, CFG_POLICY_BULK_EXTERNAL_THRESHOLD);
    if (sg_action_parse(cfg_str(cfg, CFG_POLICY_BULK_ACTION), &p->bulk_action) < 0) {
        snprintf(err, errlen, "[policy] bulk_action: unknown action");
        return -1;
    }
    p->att_enc = strcmp(enc, "all") == 0 ? ATT_ENC_ALL
               : strcmp(enc, "sensitive") == 0 ? ATT_ENC_SENSITIVE : ATT_ENC_OFF;
    p->first_time_hold = strcmp(cfg_str(cfg, CFG_POLICY_FIRST_TIME_DOMAIN), "hold") == 0;
    p->learning_ms = cfg_num(cfg, CFG_POLICY_LEARNING_PERIOD);
    p->hold_timeout_ms = cfg_num(cfg, CFG_HOLD_TIMEOUT);
    p->hold_delay_ms = cfg_num(cfg, CFG_HOLD_DELAY);
    return load_actions(p, cfg, err, errlen);
}

static int load_domains(sg_policy *p, const sg_config *cfg, char *err, size_t errlen)
{
    char *const *l = cfg_list(cfg, CFG_GENERAL_INTERNAL_DOMAINS);
    sg_buf path;
    int rc;

    for (; l && *l; l++)
        if (domain_list_add(&p->internal, *l) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    sg_buf_init(&path, 4096);
    if (sg_buf_printf(&path, "%s/private-domains.list", cfg_str(cfg, CFG_SCAN_RULES_DIR)) < 0) {
        snprintf(err, errlen, "[scan] rules_dir: path too long");
        sg_buf_free(&path);
        return -1;
    }
    rc = domain_list_load(&p->priv, sg_buf_str(&path), err, errlen);
    sg_buf_free(&path);
    return rc;
}

sg_policy *policy_new(const sg_config *cfg, char *err, size_t errlen)
{
    sg_policy *p = sg_calloc(1, sizeof(*p));

    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g_mime_init();
    p->gmime_opts = g_mime_parser_options_new();
    if (!p->gmime_opts || load_settings(p, cfg, err, errlen) < 0 ||
        load_networks(p, cfg, err, errlen) < 0 || load_domains(p, cfg, err, errlen) < 0 ||
        !(p->appr = approvers_load(cfg_str(cfg, CFG_HOLD_APPROVERS_FILE), err, errlen)))
        return policy_free(p);
    return p;
}

sg_policy *policy_free(sg_policy *p)
{
    if (!p)
        return NULL;
    domain_list_free(&p->internal);
    domain_list_free(&p->priv);
    approvers_free(p->appr);
    free(p->nets);
    if (p->gmime_opts)
        g_mime_parser_options_free(p->gmime_opts);
    free(p);
    g_mime_shutdown();
    return NULL;
}

sg_action policy_rule_action(const sg_policy *p, const char *rule, sg_action fallback)
{
    int k = config_find_key("actions", rule);

    return k >= 0 && p->has_action[k] ? p->rule_action[k] : fallback;
}

int policy_is_internal(const sg_policy *p, const char *address)
{
    return mailaddr_is_internal(&p->internal, address);
}

int policy_is_outgoing(const sg_policy *p, const sg_envelope *env)
{
    size_t i;

    /* the sender side asks about the sender's domain (mailaddr.h) */
    if (env->mail_from && strchr(env->mail_from, '@') &&
        mailaddr_domain_is_internal(&p->internal, domain_of(env->mail_from)))
        return 1;
    if (p->inspect_authenticated && env->auth_user && *env->auth_user)
        return 1;
    for (i = 0; env->client_addr && i < p->nnets; i++)
        if (cidr_match(&p->nets[i], env->client_addr))
            return 1;
    return 0;
}

char **policy_history_domains(const sg_policy *p, const sg_envelope *env)
{
    char **v = sg_calloc(env->nrcpts + 1, sizeof(char *));
    size_t i, k, n = 0;

    for (i = 0; v && i < env->nrcpts; i++) {
        sg_mailaddr a;
        char *d;
        if (!env->rcpts[i] || mailaddr_is_internal(&p->internal, env->rcpts[i]) ||
            mailaddr_parse(env->rcpts[i], &a, NULL) != MAILADDR_OK)
            continue;     /* internal, or no domain to remember */
        for (k = 0; k < n && strcmp(v[k], a.domain) != 0; k++)
            ;
        if (k < n)
            continue;
        if (!(d = sg_strdup(a.domain))) {
            policy_strv_free(v);
            return NULL;
        }
        v[n++] = d;
    }
    return v;
}

int policy_history_learning(const sg_policy *p, time_t first, time_t now)
{
    return first == 0 || now < first ||
           (unsigned long long)(now - first) * 1000ULL < p->learning_ms;
}

void policy_strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}
