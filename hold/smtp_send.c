/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smtp_send - hands a message to [hold] relay (host:port, an MTA listener
 * without the milter) with libcurl's SMTP. Used for notifications,
 * confirmations and the re-injection of released mail.
 *
 * The bytes are sent as they are (libcurl adds only the dot-stuffing);
 * every recipient must be accepted (no CURLOPT_MAIL_RCPT_ALLOWFAILS) and
 * success means a 250 to the end of DATA, nothing less. Timeouts:
 * HOLD_SMTP_CONNECT_S to connect, HOLD_SMTP_TIMEOUT_S in all. No signals
 * (CURLOPT_NOSIGNAL): safe in the milter's threads.
 * Errors: -1 with the curl error and the last SMTP reply code in err.
 */
#include "build-config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "hold_int.h"

typedef struct upload {
    const char *p;
    size_t left;
} upload;

static pthread_once_t smtp_once = PTHREAD_ONCE_INIT;

static void smtp_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void smtp_global_init(void)
{
    pthread_once(&smtp_once, smtp_init_once);
}

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
    upload *u = arg;
    size_t n = size * nitems;

    if (n > u->left)
        n = u->left;
    memcpy(buf, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static struct curl_slist *rcpt_list(const char *const *rcpts, size_t n)
{
    struct curl_slist *l = NULL, *nl;
    char tmp[1024];
    size_t i;

    for (i = 0; i < n; i++) {
        if ((size_t)snprintf(tmp, sizeof(tmp), "<%s>", rcpts[i]) >= sizeof(tmp))
            goto fail;
        nl = curl_slist_append(l, tmp);
        if (!nl)
            goto fail;
        l = nl;
    }
    return l;
fail:
    curl_slist_free_all(l);
    return NULL;
}

int smtp_send(const char *relay, const char *from, const char *const *rcpts, size_t nrcpts,
              const char *data, size_t len, char *err, size_t errlen)
{
    char url[512], from_buf[1024], cerr[CURL_ERROR_SIZE] = "";
    struct curl_slist *rl;
    upload u = { data, len };
    long code = 0;
    CURLcode rc;
    CURL *c;

    smtp_global_init();
    if (nrcpts == 0 || (size_t)snprintf(url, sizeof(url), "smtp://%s", relay) >= sizeof(url) ||
        (size_t)snprintf(from_buf, sizeof(from_buf), "<%s>", from ? from : "") >= sizeof(from_buf))
        return snprintf(err, errlen, "bad relay, sender or no recipients"), -1;
    rl = rcpt_list(rcpts, nrcpts);
    c = curl_easy_init();
    if (!rl || !c) {
        curl_slist_free_all(rl);
        if (c)
            curl_easy_cleanup(c);
        return snprintf(err, errlen, "out of memory"), -1;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_buf);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rl);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)HOLD_SMTP_CONNECT_S);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)HOLD_SMTP_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    curl_slist_free_all(rl);
    if (rc != CURLE_OK || code != 250) {
        snprintf(err, errlen, "relay %s: %s (last reply %ld)", relay,
                 *cerr ? cerr : curl_easy_strerror(rc), code);
        return -1;
    }
    return 0;
}
