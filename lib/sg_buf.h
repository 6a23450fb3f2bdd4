/*
 * sg_buf - a growable byte buffer with a hard cap set at creation (after
 * curl's dynbuf). Always NUL-terminated. Appending past the cap fails with
 * SG_BUF_TOOBIG and leaves the content unchanged; the caller turns that into
 * a named limit flag. Owner: whoever called sg_buf_init; free with
 * sg_buf_free (safe to call twice).
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
} sg_buf;

void sg_buf_init(sg_buf *b, size_t cap);
void sg_buf_free(sg_buf *b);
void sg_buf_reset(sg_buf *b);
int sg_buf_append(sg_buf *b, const void *p, size_t n);
int sg_buf_puts(sg_buf *b, const char *s);
int sg_buf_putc(sg_buf *b, char c);
int sg_buf_printf(sg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sg_buf_vprintf(sg_buf *b, const char *fmt, va_list ap);
/* Returns "" for an empty buffer, never NULL. */
const char *sg_buf_str(const sg_buf *b);
/* Hands the data to the caller (malloc'd, NUL-terminated) and resets b. */
char *sg_buf_steal(sg_buf *b, size_t *lenp);

#endif
