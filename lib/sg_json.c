/*
 * sg_json - JSON string escaping; see sg_json.h.
 */
#include "sg_json.h"

#include <stdio.h>
#include <string.h>

/* Length of a valid UTF-8 sequence at p (max n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    size_t len, i;
    unsigned cp;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) { len = 2; cp = p[0] & 0x1f; }
    else if (p[0] >= 0xe0 && p[0] <= 0xef) { len = 3; cp = p[0] & 0x0f; }
    else if (p[0] >= 0xf0 && p[0] <= 0xf4) { len = 4; cp = p[0] & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

int sg_json_str(sg_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i, n;
    int rc = 0;

    if (!s)
        return sg_buf_puts(b, "null");
    if (len == (size_t)-1)
        len = strlen(s);
    rc |= sg_buf_putc(b, '"');
    for (i = 0; i < len && rc == 0;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            rc |= sg_buf_putc(b, '\\');
            rc |= sg_buf_putc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': rc |= sg_buf_puts(b, "\\n"); break;
            case '\r': rc |= sg_buf_puts(b, "\\r"); break;
            case '\t': rc |= sg_buf_puts(b, "\\t"); break;
            default: rc |= sg_buf_printf(b, "\\u%04x", c); break;
            }
            i++;
        } else if (c < 0x80) {
            rc |= sg_buf_putc(b, (char)c);
            i++;
        } else if ((n = utf8_seq(p + i, len - i)) == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
            rc |= sg_buf_printf(b, "\\u%04x", p[i + 1]);   /* C1 control */
            i += n;
        } else if (n == 3 && c == 0xe2 && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
            rc |= sg_buf_printf(b, "\\u%04x", 0x2000 + (p[i + 2] & 0x3f));  /* U+2028/9 */
            i += n;
        } else if (n > 0) {
            rc |= sg_buf_append(b, p + i, n);
            i += n;
        } else {
            rc |= sg_buf_puts(b, "\xef\xbf\xbd");
            i++;
        }
    }
    rc |= sg_buf_putc(b, '"');
    return rc ? -1 : 0;
}

int sg_json_key(sg_buf *b, const char *key, int first)
{
    int rc = 0;

    if (!first)
        rc |= sg_buf_putc(b, ',');
    rc |= sg_json_str(b, key, (size_t)-1);
    rc |= sg_buf_putc(b, ':');
    return rc ? -1 : 0;
}
