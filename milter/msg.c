/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * msg - the message context (msg_*): envelope, headers and the raw spool of
 * one message. Made in envfrom, freed by msg_free() from eom, abort and close
 * (one cleanup function for every path; callers write m = msg_free(m)).
 *
 * The raw message is rebuilt exactly as the client sent it: "Name:value\r\n"
 * per header (the MTA is asked to keep the leading space, SMFIP_HDR_LEADSPC),
 * folded lines with CRLF, the blank line, then the body as the MTA sends it
 * (CRLF lines). Header bytes kept as a list are capped at
 * SG_MAX_HEADER_BYTES; beyond that msg_header_overflow is set (the message is
 * still spooled and scanned whole, the list is just shorter).
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "milter.h"
#include "sg_limits.h"
#include "sg_log.h"

msg *msg_new(const char *from, const char *auth, size_t spool_memory, const char *dir)
{
    msg *m = sg_calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    m->msg_from = msg_strip_address(from ? from : "");
    m->msg_auth = auth && *auth ? sg_strdup(auth) : NULL;
    m->msg_queue_id = sg_strdup("NOQUEUE");
    spool_init(&m->msg_spool, spool_memory, dir);
    clock_gettime(CLOCK_MONOTONIC, &m->msg_start);
    if (!m->msg_from || !m->msg_queue_id || (auth && *auth && !m->msg_auth))
        return msg_free(m);
    return m;
}

msg *msg_free(msg *m)
{
    size_t i;

    if (!m)
        return NULL;
    for (i = 0; i < m->msg_nrcpts; i++)
        free(m->msg_rcpts[i]);
    free(m->msg_rcpts);
    for (i = 0; i < m->msg_nheaders; i++) {
        free((char *)m->msg_headers[i].name);
        free((char *)m->msg_headers[i].value);
    }
    free(m->msg_headers);
    spool_free(&m->msg_spool);
    free(m->msg_from);
    free(m->msg_auth);
    free(m->msg_queue_id);
    free(m);
    return NULL;
}

char *msg_strip_address(const char *a)
{
    size_t n;

    while (*a == ' ' || *a == '\t')
        a++;
    if (*a == '<')
        a++;
    n = strlen(a);
    while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '>'))
        n--;
    return sg_strndup(a, n);
}

int msg_add_rcpt(msg *m, const char *rcpt)
{
    char *r;

    if (m->msg_nrcpts >= SG_MAX_RECIPIENTS)
        return -1;
    /* one more for the NULL terminator */
    if (SG_ARRAY_RESERVE(m->msg_rcpts, m->msg_nrcpts, m->msg_arcpts, 2, SG_MAX_RECIPIENTS + 1) < 0)
        return -1;
    if (!(r = msg_strip_address(rcpt)))
        return -1;
    m->msg_rcpts[m->msg_nrcpts++] = r;
    m->msg_rcpts[m->msg_nrcpts] = NULL;
    return 0;
}

/* Appends value with every bare LF turned into CRLF. */
static int msg_spool_value(msg *m, const char *v)
{
    const char *p = v;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (spool_write(&m->msg_spool, p, n) < 0)
            return -1;
        if (!nl)
            break;
        if (spool_write(&m->msg_spool, (n > 0 && p[n - 1] == '\r') ? "\n" : "\r\n",
                        (n > 0 && p[n - 1] == '\r') ? 1 : 2) < 0)
            return -1;
        p = nl + 1;
    }
    return 0;
}

static int msg_keep_header(msg *m, const char *name, const char *value)
{
    size_t add = strlen(name) + strlen(value) + 2;
    char *n, *v;

    if (m->msg_header_bytes + add > SG_MAX_HEADER_BYTES) {
        m->msg_header_overflow = 1;
        return 0;
    }
    /* bounded by SG_MAX_HEADER_BYTES above */
    if (SG_ARRAY_RESERVE(m->msg_headers, m->msg_nheaders, m->msg_aheaders, 1, SG_VEC_NOCAP) < 0)
        return -1;
    n = sg_strdup(name);
    v = sg_strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    m->msg_headers[m->msg_nheaders].name = n;
    m->msg_headers[m->msg_nheaders].value = v;
    m->msg_nheaders++;
    m->msg_header_bytes += add;
    return 0;
}

int msg_add_header(msg *m, const char *name, const char *value)
{
    if (msg_keep_header(m, name, value) < 0) {
        m->msg_spool.sp_failed = 1;    /* fail closed at eom: bytes incomplete */
        return -1;
    }
    if (spool_write(&m->msg_spool, name, strlen(name)) < 0 ||
        spool_write(&m->msg_spool, ":", 1) < 0 || msg_spool_value(m, value) < 0 ||
        spool_write(&m->msg_spool, "\r\n", 2) < 0)
        return -1;
    return 0;
}

int msg_end_headers(msg *m)
{
    if (m->msg_eoh_done)
        return 0;
    m->msg_eoh_done = 1;
    return spool_write(&m->msg_spool, "\r\n", 2);
}

int msg_add_body(msg *m, const unsigned char *p, size_t n)
{
    if (msg_end_headers(m) < 0)
        return -1;
    return spool_write(&m->msg_spool, p, n);
}

void msg_set_queue_id(msg *m, const char *qid)
{
    char *q;

    if (!qid || !*qid || !(q = sg_strdup(qid)))
        return;
    free(m->msg_queue_id);
    m->msg_queue_id = q;
}

const char *msg_header(const msg *m, const char *name)
{
    size_t i;

    for (i = 0; i < m->msg_nheaders; i++)
        if (strcasecmp(m->msg_headers[i].name, name) == 0)
            return m->msg_headers[i].value;
    return NULL;
}
