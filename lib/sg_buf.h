/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_buf - a growable byte buffer with a hard cap set at creation (after
 * curl's dynbuf). Always NUL-terminated.
 *
 * A failed buffer stays failed: the first append that fails (past the cap:
 * SG_BUF_TOOBIG; out of memory: SG_BUF_NOMEM) records the error, and every
 * later append returns that error without changing the buffer, so the
 * content is never missing a middle piece. Out of memory frees the content
 * (as curl's dynbuf does); past the cap the content written before the
 * failing append stays readable, for the scanner's truncate-and-flag.
 * The final check sees it: sg_buf_error() is the error, sg_buf_steal()
 * returns NULL for a failed buffer (sg_buf_steal_prefix() keeps a capped
 * prefix and says it was cut). sg_buf_reset() clears the error.
 *
 * Owner: whoever called sg_buf_init; free with sg_buf_free (safe to call
 * twice). Memory comes from sg_alloc (the torture hook applies).
 */
#ifndef SG_BUF_H
#define SG_BUF_H

#include <stddef.h>
#include <stdarg.h>

enum { SG_BUF_OK = 0, SG_BUF_TOOBIG = -1, SG_BUF_NOMEM = -2 };

typedef struct sg_buf {
    char *data;     /* NUL-terminated, NULL while empty and never grown */
    size_t len;
    size_t alloc;
    size_t cap;     /* maximum len */
    int err;        /* SG_BUF_OK, or the first failure (sticky) */
} sg_buf;

void sg_buf_init(sg_buf *b, size_t cap);
void sg_buf_free(sg_buf *b);
/* empties the buffer and clears a recorded failure */
void sg_buf_reset(sg_buf *b);
int sg_buf_append(sg_buf *b, const void *p, size_t n);
int sg_buf_puts(sg_buf *b, const char *s);
int sg_buf_putc(sg_buf *b, char c);
int sg_buf_printf(sg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sg_buf_vprintf(sg_buf *b, const char *fmt, va_list ap);
/* the sticky failure: SG_BUF_OK, SG_BUF_TOOBIG or SG_BUF_NOMEM */
static inline int sg_buf_error(const sg_buf *b) { return b->err; }
/* Returns "" for an empty buffer, never NULL. */
const char *sg_buf_str(const sg_buf *b);
/* Hands the data to the caller (malloc'd, NUL-terminated) and resets b;
 * NULL (and b freed) when the buffer failed. */
char *sg_buf_steal(sg_buf *b, size_t *lenp);
/* Like sg_buf_steal, but a buffer that only hit its cap hands over the
 * prefix written before that and sets *truncated; NULL on out of memory. */
char *sg_buf_steal_prefix(sg_buf *b, size_t *lenp, int *truncated);

#endif
