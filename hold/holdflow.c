/*
 * holdflow - the confirmation workflow object: configuration copied from
 * sg_config at holdflow_new() (so a reload builds a new one beside the
 * old), the release key, the templates, the approvers; the question "is
 * this mail a reply to us?"; the background thread that runs expiry and
 * retries every HOLD_RUN_INTERVAL_S on its own sg_store.
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
#include "sg_log.h"
#include "sg_parse.h"

static char *lower_dup(const char *s)
{
    char *d = sg_strdup(s ? s : "");
    return d ? sg_lower(d) : NULL;
}

static int copy_internal(holdflow *hf, char *const *list)
{
    size_t n = 0, i;

    while (list && list[n])
        n++;
    hf->internal = sg_calloc(n + 1, sizeof(char *));
    if (!hf->internal)
        return -1;
    for (i = 0; i < n; i++) {
        const char *d = list[i];
        while (*d == '@' || *d == '.')
            d++;
        if (!(hf->internal[i] = lower_dup(d)))
            return -1;
    }
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
    if (!(hf->appr = approvers_load(cfg_str(cfg, CFG_HOLD_APPROVERS_FILE), err, errlen)))
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
    if (set_release_address(hf, cfg_str(cfg, CFG_HOLD_RELEASE_ADDRESS), err, errlen) < 0 ||
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
    size_t i;

    if (!hf)
        return NULL;
    holdflow_stop(hf);
    free(hf->release_address);
    free(hf->release_local);
    free(hf->release_domain);
    free(hf->relay);
    free(hf->hostname);
    free(hf->charset);
    for (i = 0; hf->internal && hf->internal[i]; i++)
        free(hf->internal[i]);
    free(hf->internal);
    templates_free(hf->tpl);
    approvers_free(hf->appr);
    notice_queue_free(hf);
    free(hf->inflight);
    free(hf->db_uri);
    pthread_mutex_destroy(&hf->mu);
    pthread_cond_destroy(&hf->cv);
    explicit_bzero(hf->key, sizeof(hf->key));
    free(hf);
    return NULL;
}

int holdflow_is_internal(const holdflow *hf, const char *address)
{
    const char *at = address ? strrchr(address, '@') : NULL, *d;
    size_t i, dl, il;

    if (!at)
        return 0;
    d = at + 1;
    dl = strlen(d);
    for (i = 0; hf->internal[i]; i++) {
        il = strlen(hf->internal[i]);
        if (il == 0 || il > dl || strcasecmp(d + dl - il, hf->internal[i]) != 0)
            continue;
        if (il == dl || d[dl - il - 1] == '.')
            return 1;
    }
    return 0;
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

const char *holdflow_approver_for(const holdflow *hf, const char *sender)
{
    return hf ? approvers_lookup(hf->appr, sender) : NULL;
}

const char *holdflow_allowed(const sg_hold *h)
{
    if (h->kind == 1 && h->approver && *h->approver)
        return h->approver;
    return h->sender ? h->sender : "";
}

/* ---- background thread ---- */

static void *holdflow_thread(void *arg)
{
    holdflow *hf = arg;
    sg_store *st = NULL;
    char err[512];
    struct timespec ts;

    pthread_mutex_lock(&hf->mu);
    while (!hf->stop) {
        pthread_mutex_unlock(&hf->mu);
        if (!st && !(st = store_open(hf->db_uri, err, sizeof(err))))
            msg_error("holdflow: %s", err);
        if (st)
            holdflow_run_due(hf, st);
        pthread_mutex_lock(&hf->mu);
        if (hf->stop)
            break;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += HOLD_RUN_INTERVAL_S;
        pthread_cond_timedwait(&hf->cv, &hf->mu, &ts);
    }
    pthread_mutex_unlock(&hf->mu);
    store_close(st);
    return NULL;
}

int holdflow_start(holdflow *hf, const char *db_uri)
{
    int rc;

    if (!hf || hf->running)
        return hf ? 0 : -1;
    free(hf->db_uri);
    if (!(hf->db_uri = sg_strdup(db_uri)))
        return -1;
    hf->stop = 0;
    rc = pthread_create(&hf->thread, NULL, holdflow_thread, hf);
    if (rc != 0) {
        msg_error("holdflow: pthread_create: %s", strerror(rc));
        return -1;
    }
    hf->running = 1;
    return 0;
}

void holdflow_stop(holdflow *hf)
{
    if (!hf || !hf->running)
        return;
    pthread_mutex_lock(&hf->mu);
    hf->stop = 1;
    pthread_cond_signal(&hf->cv);
    pthread_mutex_unlock(&hf->mu);
    pthread_join(hf->thread, NULL);
    hf->running = 0;
}
