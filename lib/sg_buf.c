/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_buf - capped growable buffer whose first failure is sticky; see sg_buf.h.
 */
#include "sg_buf.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_buf_init(sg_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
    b->err = SG_BUF_OK;
}

void sg_buf_free(sg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

void sg_buf_reset(sg_buf *b)
{
    b->len = 0;
    b->err = SG_BUF_OK;
    if (b->data)
        b->data[0] = 0;
}

/* records the first failure; out of memory drops the content */
static int buf_fail(sg_buf *b, int err)
{
    b->err = err;
    if (err == SG_BUF_NOMEM)
        sg_buf_free(b);
    return err;
}

static int buf_reserve(sg_buf *b, size_t n)
{
    size_t need, nalloc;
    char *p;

    if (b->err)
        return b->err;
    if (n > b->cap || b->len > b->cap - n)
        return buf_fail(b, SG_BUF_TOOBIG);
    need = b->len + n + 1;
    if (need <= b->alloc)
        return SG_BUF_OK;
    nalloc = b->alloc ? b->alloc : 256;
    while (nalloc < need)
        nalloc = nalloc > (size_t)-1 / 2 ? need : nalloc * 2;
    if (nalloc > b->cap + 1)
        nalloc = b->cap + 1 > need ? b->cap + 1 : need;
    p = sg_realloc(b->data, nalloc);
    if (!p)
        return buf_fail(b, SG_BUF_NOMEM);
    b->data = p;
    b->alloc = nalloc;
    return SG_BUF_OK;
}

int sg_buf_append(sg_buf *b, const void *p, size_t n)
{
    int rc = buf_reserve(b, n);

    if (rc != SG_BUF_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return SG_BUF_OK;
}

int sg_buf_puts(sg_buf *b, const char *s) { return sg_buf_append(b, s, strlen(s)); }
int sg_buf_putc(sg_buf *b, char c) { return sg_buf_append(b, &c, 1); }

int sg_buf_vprintf(sg_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n, rc;

    if (b->err)
        return b->err;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return buf_fail(b, SG_BUF_NOMEM);
    rc = buf_reserve(b, (size_t)n);
    if (rc != SG_BUF_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SG_BUF_OK;
}

int sg_buf_printf(sg_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = sg_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *sg_buf_str(const sg_buf *b) { return b->data ? b->data : ""; }

static char *buf_take(sg_buf *b, size_t *lenp)
{
    char *p = b->data;

    if (!p)
        p = sg_calloc(1, 1);
    if (lenp)
        *lenp = p ? b->len : 0;
    b->data = NULL;
    b->len = b->alloc = 0;
    b->err = SG_BUF_OK;
    return p;
}

char *sg_buf_steal(sg_buf *b, size_t *lenp)
{
    if (b->err) {
        sg_buf_free(b);
        b->err = SG_BUF_OK;
        if (lenp)
            *lenp = 0;
        return NULL;
    }
    return buf_take(b, lenp);
}

char *sg_buf_steal_prefix(sg_buf *b, size_t *lenp, int *truncated)
{
    if (b->err == SG_BUF_TOOBIG) {
        *truncated = 1;
        b->err = SG_BUF_OK;
    }
    return sg_buf_steal(b, lenp);
}
