/*
 * text_norm - normalisation for matching with a map back to byte offsets;
 * see text_norm.h. One pass over the input; the common case (nothing to
 * map in a stretch) is a plain byte copy. Owns tn->own only.
 */
#include "text_norm.h"

#include <stdlib.h>
#include <string.h>

static int is_digit_at(const unsigned char *p, size_t n)
{
    if (n >= 1 && p[0] >= '0' && p[0] <= '9')
        return 1;
    /* U+FF10..U+FF19 = EF BC 90..99 */
    return n >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99;
}

static int map_e2(const unsigned char *p)
{
    unsigned c = ((unsigned)p[1] << 8) | p[2];

    if (c >= 0x8090 && c <= 0x8095)          /* U+2010..U+2015 */
        return '-';
    switch (c) {
    case 0x8183: /* U+2043 */
    case 0x81BB: /* U+207B */
    case 0x828B: /* U+208B */
    case 0x8892: /* U+2212 */
    case 0x9480: /* U+2500 */
    case 0x9481: /* U+2501 */
        return '-';
    default:
        return 0;
    }
}

int text_norm_map(const unsigned char *p, size_t n, size_t *w, int prev_digit)
{
    if (p[0] < 0xC0)
        return 0;
    if (p[0] == 0xCB && n >= 2 && p[1] == 0x97) {          /* U+02D7 */
        *w = 2;
        return '-';
    }
    if (p[0] == 0xD6 && n >= 2 && p[1] == 0x8A) {          /* U+058A */
        *w = 2;
        return '-';
    }
    if (n < 3)
        return 0;
    *w = 3;
    if (p[0] == 0xE2)
        return map_e2(p);
    if (p[0] == 0xE3) {
        if (p[1] == 0x80 && p[2] == 0x80)                  /* U+3000 */
            return ' ';
        if (p[1] == 0x83 && p[2] == 0xBC)                  /* U+30FC */
            return prev_digit && is_digit_at(p + 3, n - 3) ? '-' : 0;
        return 0;
    }
    if (p[0] != 0xEF)
        return 0;
    if (p[1] == 0xBC && p[2] >= 0x81)                      /* U+FF01..U+FF3F */
        return 0x21 + (p[2] - 0x81);
    if (p[1] == 0xBD && p[2] <= 0x9E)                      /* U+FF40..U+FF5E */
        return 0x60 + (p[2] - 0x80);
    if (p[1] == 0xBD && p[2] == 0xB0)                      /* U+FF70 */
        return prev_digit && is_digit_at(p + 3, n - 3) ? '-' : 0;
    if (p[1] == 0xB9 && p[2] == 0xA3)                      /* U+FE63 */
        return '-';
    return 0;
}

/* Lead bytes that can start a mapped sequence. */
static int may_map(unsigned char c)
{
    return c == 0xE2 || c == 0xE3 || c == 0xEF || c == 0xCB || c == 0xD6;
}

int text_norm_run(text_norm *tn, const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0, o, w = 0;
    char *out;
    int m = 0;

    memset(tn, 0, sizeof(*tn));
    tn->orig = in;
    tn->orig_len = len;
    for (; i < len; i++) {
        if (p[i] < 0x80 || !may_map(p[i]))
            continue;
        if ((m = text_norm_map(p + i, len - i, &w, i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9')))
            break;
    }
    if (i >= len) {
        tn->s = in;
        tn->len = len;
        return 0;
    }
    if (!(out = malloc(len + 1)))
        return -1;
    memcpy(out, in, i);
    o = i;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x80 && may_map(c) &&
            (m = text_norm_map(p + i, len - i, &w,
                               o > 0 && out[o - 1] >= '0' && out[o - 1] <= '9'))) {
            out[o++] = (char)m;
            i += w;
        } else {
            out[o++] = (char)c;
            i++;
        }
    }
    out[o] = 0;
    tn->own = out;
    tn->s = out;
    tn->len = o;
    return 0;
}

static size_t utf8_width(unsigned char c)
{
    if (c < 0xC0)
        return 1;
    if (c < 0xE0)
        return 2;
    if (c < 0xF0)
        return 3;
    return 4;
}

size_t text_norm_orig(text_norm *tn, size_t pos)
{
    const unsigned char *n = (const unsigned char *)tn->s;
    const unsigned char *o = (const unsigned char *)tn->orig;

    if (!tn->own)
        return pos;
    if (pos > tn->len)
        pos = tn->len;
    if (pos < tn->cur_n)
        tn->cur_n = tn->cur_o = 0;
    while (tn->cur_n < pos && tn->cur_o < tn->orig_len) {
        size_t ow = utf8_width(o[tn->cur_o]);
        if (o[tn->cur_o] >= 0x80 && n[tn->cur_n] < 0x80) {
            tn->cur_n += 1;            /* a mapped character */
        } else {
            if (o[tn->cur_o] < 0x80)
                ow = 1;
            tn->cur_n += ow;
        }
        tn->cur_o += ow;
    }
    return tn->cur_o;
}

void text_norm_free(text_norm *tn)
{
    if (!tn)
        return;
    free(tn->own);
    tn->own = NULL;
    tn->s = NULL;
}
