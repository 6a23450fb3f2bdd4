/*
 * holdflow - the confirmation workflow object: configuration copied from
 * sg_config at holdflow_new() (so a reload builds a new one beside the
 * old), the release key, the templates, the approvers; the question "is
 * this mail a reply to us?". The background thread is holdflow_thread.c,
 * who may act and who is internal holdflow_access.c.
 *
 * Owner: holdflow_new() / holdflow_free() (stops the thread first).
 * Errors: holdflow_new() returns NULL with "FILE:LINE: reason" in err.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "holdflow_int.h"
#include "holdflow_notice.h"
#include "sg_log.h"
#include "sg_parse.h"

static char *lower_dup(const char *s)
{
    char *d = sg_strdup(s ? s : "");
    return d ? sg_lower(d) : NULL;
}

static int copy_internal(holdflow *hf, char *const *list)
{
    return domain_list_add_all(&hf->internal, list);
}

static int copy_networks(holdflow *hf, char *const *list)
{
    size_t n = 0, i;

    while (list && list[n])
        n++;
    if (!(hf->networks = sg_calloc(n + 1, sizeof(*hf->networks))))
        return -1;
    for (i = 0; i < n; i++)
        if (!(hf->networks[i] = sg_strdup(list[i])))
            return -1;
    return 0;
}

static int set_hostname(holdflow *hf, const char *cfg_host)
{
    char h[256];

    if (cfg_host && *cfg_host)
        return (hf->hostname = sg_strdup(cfg_host)) ? 0 : -1;
    if (gethostname(h, sizeof(h)) < 0 || !*h)
        snprintf(h, sizeof(h), "localhost");
    h[sizeof(h) - 1] = '\0';
    return (hf->hostname = sg_strdup(h)) ? 0 : -1;
}

static int set_release_address(holdflow *hf, const char *addr, char *err, size_t errlen)
{
    const char *at = addr ? strrchr(addr, '@') : NULL;

    if (!at || at == addr || !at[1] || strpbrk(addr, " \t\r\n<>\"+")) {
        snprintf(err, errlen, "[hold] release_address '%s': must be local@domain without '+'",
                 addr ? addr : "");
        return -1;
    }
    hf->release_address = lower_dup(addr);
    hf->release_local = hf->release_address ?
        sg_strndup(hf->release_address, (size_t)(at - addr)) : NULL;
    hf->release_domain = lower_dup(at + 1);
    return hf->release_local && hf->release_domain ? 0 : -1;
}

static int load_key(holdflow *hf, const sg_config *cfg, char *err, size_t errlen)
{
    const char *path = cfg_str(cfg, CFG_HOLD_SECRET_FILE);
    char def[4096];

    if (!path || !*path) {
        if ((size_t)snprintf(def, sizeof(def), "%s/release.key",
                             cfg_str(cfg, CFG_GENERAL_STATE_DIR)) >= sizeof(def))
            return snprintf(err, errlen, "[general] state_dir: path too long"), -1;
        path = def;
    }
    return token_load_key(path, hf->key, err, errlen);
}

static int load_files(holdflow *hf, const sg_config *cfg, char *err, size_t errlen)
{
    const char *tdir = cfg_str(cfg, CFG_HOLD_TEMPLATES_DIR);

    if (!tdir || !*tdir)
        tdir = SG_DEFAULT_TEMPLATES_DIR;
    if (load_key(hf, cfg, err, errlen) < 0)
        return -1;
    if (!(hf->tpl = templates_load(tdir, err, errlen)))
        return -1;
    return 0;
}

holdflow *holdflow_new(const sg_config *cfg, char *err, size_t errlen)
{
    holdflow *hf = sg_calloc(1, sizeof(*hf));
    const char *lang;

    if (!hf)
        return snprintf(err, errlen, "out of memory"), NULL;
    pthread_mutex_init(&hf->mu, NULL);
    pthread_cond_init(&hf->cv, NULL);
    *err = '\0';
    lang = cfg_str(cfg, CFG_HOLD_LANGUAGE);
    hf->language = strcmp(lang, "ja") == 0 ? HOLD_LANG_JA :
                   strcmp(lang, "en") == 0 ? HOLD_LANG_EN : HOLD_LANG_BOTH;
    hf->timeout_ms = cfg_num(cfg, CFG_HOLD_TIMEOUT);
    hf->delay_ms = cfg_num(cfg, CFG_HOLD_DELAY);
    hf->retention_ms = cfg_num(cfg, CFG_HOLD_MESSAGE_RETENTION);
    lang = cfg_str(cfg, CFG_HOLD_REPLY_PROOF);
    hf->proof = strcmp(lang, "auth") == 0 ? HOLD_PROOF_AUTH
              : strcmp(lang, "auth-and-network") == 0 ? HOLD_PROOF_AUTH_AND_NETWORK
              : HOLD_PROOF_AUTH_OR_NETWORK;
    if (copy_networks(hf, cfg_list(cfg, CFG_HOLD_REPLY_NETWORKS) &&
                          cfg_list(cfg, CFG_HOLD_REPLY_NETWORKS)[0]
                      ? cfg_list(cfg, CFG_HOLD_REPLY_NETWORKS)
                      : cfg_list(cfg, CFG_GENERAL_CLIENT_NETWORKS)) < 0 ||
        set_release_address(hf, cfg_str(cfg, CFG_HOLD_RELEASE_ADDRESS), err, errlen) < 0 ||
        !(hf->relay = sg_strdup(cfg_str(cfg, CFG_HOLD_RELAY))) ||
        !(hf->charset = sg_strdup(cfg_str(cfg, CFG_HOLD_CHARSET))) ||
        set_hostname(hf, cfg_str(cfg, CFG_GENERAL_HOSTNAME)) < 0 ||
        copy_internal(hf, cfg_list(cfg, CFG_GENERAL_INTERNAL_DOMAINS)) < 0 ||
        load_files(hf, cfg, err, errlen) < 0) {
        if (!*err)
            snprintf(err, errlen, "out of memory");
        return holdflow_free(hf);
    }
    smtp_global_init();
    g_mime_init();   /* here, in the loading thread: g_mime_init is not thread-safe */
    return hf;
}

holdflow *holdflow_free(holdflow *hf)
{
    if (!hf)
        return NULL;
    holdflow_stop(hf);
    free(hf->release_address);
    free(hf->release_local);
    free(hf->release_domain);
    free(hf->relay);
    free(hf->hostname);
    free(hf->charset);
    for (size_t i = 0; hf->networks && hf->networks[i]; i++)
        free(hf->networks[i]);
    free(hf->networks);
    domain_list_free(&hf->internal);
    templates_free(hf->tpl);
    notice_queue_free(hf);
    free(hf->inflight);
    free(hf->db_uri);
    pthread_mutex_destroy(&hf->mu);
    pthread_cond_destroy(&hf->cv);
    explicit_bzero(hf->key, sizeof(hf->key));
    free(hf);
    return NULL;
}

static int is_release_rcpt(const holdflow *hf, const char *r)
{
    const char *at = r ? strrchr(r, '@') : NULL;
    size_t ll = strlen(hf->release_local);

    if (!at || strcasecmp(at + 1, hf->release_domain) != 0)
        return 0;
    if (strncasecmp(r, hf->release_local, ll) != 0)
        return 0;
    return r + ll == at || r[ll] == '+';
}

int holdflow_is_reply(const holdflow *hf, const char *const *rcpts, size_t n)
{
    size_t i;

    for (i = 0; hf && i < n; i++)
        if (is_release_rcpt(hf, rcpts[i]))
            return 1;
    return 0;
}
