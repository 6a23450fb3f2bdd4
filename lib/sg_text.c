/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_text - masking of digit chains and one-line values (see sg_text.h).
 * Works on bytes of UTF-8: full-width digits are EF BC 90..99, the
 * separators are recognised by their UTF-8 sequences.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "sg_text.h"

#include <string.h>

/* Bytes of a digit at p (1 ASCII, 3 full-width), 0 when none. */
static size_t digit_at(const unsigned char *p)
{
    if (p[0] >= '0' && p[0] <= '9')
        return 1;
    if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
        return 3;
    return 0;
}

/* Bytes of a separator at p, 0 when none. */
static size_t sep_at(const unsigned char *p)
{
    if (p[0] == ' ' || p[0] == '-' || p[0] == '.' || p[0] == '/' || p[0] == ',' || p[0] == '_')
        return 1;
    if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)                 /* U+3000 */
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95) /* U+2010..2015 */
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x88 && p[2] == 0x92)                 /* U+2212 */
        return 3;
    if (p[0] == 0xe3 && p[1] == 0x83 && p[2] == 0xbc)                 /* U+30FC */
        return 3;
    if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x8c && p[2] <= 0x8f) /* U+FF0C..FF0F */
        return 3;
    return 0;
}

/* End of the chain starting at p (a digit) and its digit count. */
static const unsigned char *chain_end(const unsigned char *p, size_t *ndigits)
{
    size_t d, s;

    *ndigits = 0;
    for (;;) {
        while ((d = digit_at(p)) > 0) {
            (*ndigits)++;
            p += d;
        }
        s = sep_at(p);
        if (s == 0 || digit_at(p + s) == 0)
            return p;
        p += s;
    }
}

void sg_text_mask_inplace(char *s)
{
    const unsigned char *p = (const unsigned char *)s, *e;
    char *o = s;
    size_t n, d, seen;

    while (s && *p) {
        if (!digit_at(p)) {
            *o++ = (char)*p++;
            continue;
        }
        e = chain_end(p, &n);
        for (seen = 0; p < e;) {
            if ((d = digit_at(p)) == 0) {
                *o++ = (char)*p++;
                continue;
            }
            seen++;
            if (n < SG_TEXT_MASK_DIGITS || seen <= 4 || seen > n - 2) {
                memmove(o, p, d);
                o += d;
            } else {
                *o++ = '*';
            }
            p += d;
        }
    }
    if (s)
        *o = '\0';
}

char *sg_text_mask(const char *in)
{
    char *out = in ? sg_strdup(in) : NULL;

    sg_text_mask_inplace(out);
    return out;
}

/* Bytes of a valid UTF-8 sequence at p (1..4), 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n, i;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4;
    else
        return 0;
    for (i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;   /* overlong, surrogate, beyond U+10FFFF */
    return n;
}

size_t sg_text_control_at(const char *s, char *repl)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n;

    *repl = ' ';
    if (!*p)
        return 0;
    if (*p < 0x20 || *p == 0x7f)
        return 1;
    if ((n = utf8_len(p)) == 0)
        return *repl = '?', 1;
    if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
        return 2;                                          /* C1 */
    if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
        return 3;                                          /* U+2028, U+2029 */
    if (n == 3 && p[0] == 0xe2 && ((p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f ||
                                                    (p[2] >= 0xaa && p[2] <= 0xae))) ||
                                   (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
        return *repl = '?', 3;                             /* bidi controls */
    return 0;
}

void sg_text_safe_inplace(char *m, size_t max)
{
    char *o, repl;
    const char *p;
    size_t n, len;

    if (!m)
        return;
    sg_text_mask_inplace(m);
    for (p = m, o = m; *p;) {
        if ((n = sg_text_control_at(p, &repl)) > 0) {
            *o++ = repl;      /* never longer than what it replaces */
            p += n;
            continue;
        }
        n = utf8_len((const unsigned char *)p);
        memmove(o, p, n);
        o += n;
        p += n;
    }
    *o = '\0';
    len = (size_t)(o - m);
    if (max && len > max) {
        while (max > 0 && ((unsigned char)m[max] & 0xc0) == 0x80)
            max--;
        m[max] = '\0';
    }
}

size_t sg_text_char_len(const char *s)
{
    size_t n;

    if (!*s)
        return 0;
    n = utf8_len((const unsigned char *)s);
    return n ? n : 1;
}

char *sg_text_safe(const char *in, size_t max)
{
    char *out = in ? sg_strdup(in) : NULL;

    sg_text_safe_inplace(out, max);
    return out;
}
