/*
 * text_norm - normalisation for matching with a map back to byte offsets;
 * see text_norm.h. The one place where separators people produce are
 * normalised (issue 8): no-break and other spaces, zero-width characters,
 * soft hyphens, ・ between digits, every dash. One pass over the input: stretches with nothing to map
 * (ASCII skipped 8 bytes at a time, kana rejected by their second byte)
 * are copied with memcpy. Owns tn->own and the checkpoints tn->ck.
 */
#include "text_norm.h"
#include "sg_alloc.h"

#include <stdint.h>
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
    if ((c >= 0x8080 && c <= 0x808A) || c == 0x80AF || c == 0x819F)
        return ' ';                          /* U+2000..U+200A, U+202F, U+205F spaces */
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

int text_norm_deleted(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xAD)                 /* U+00AD soft hyphen */
        return 2;
    if (n < 3)
        return 0;
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D)
        return 3;                                                /* U+200B..U+200D */
    if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)           /* U+2060 word joiner */
        return 3;
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)           /* U+FEFF */
        return 3;
    return 0;
}

int text_norm_map(const unsigned char *p, size_t n, size_t *w, int prev_digit)
{
    size_t d;

    if (p[0] < 0xC0)
        return 0;
    if ((d = text_norm_deleted(p, n))) {
        *w = d;
        return TEXT_NORM_DELETE;
    }
    if (p[0] == 0xC2 && n >= 2 && p[1] == 0xA0) {          /* U+00A0 no-break space */
        *w = 2;
        return ' ';
    }
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
        if (p[1] == 0x83 && (p[2] == 0xBC || p[2] == 0xBB)) /* U+30FC, U+30FB ・ */
            return prev_digit && is_digit_at(p + 3, n - 3) ? '-' : 0;
        return 0;
    }
    if (p[0] != 0xEF)
        return 0;
    if (p[1] == 0xBC && p[2] >= 0x81)                      /* U+FF01..U+FF3F */
        return 0x21 + (p[2] - 0x81);
    if (p[1] == 0xBD && p[2] <= 0x9E)                      /* U+FF40..U+FF5E */
        return 0x60 + (p[2] - 0x80);
    if (p[1] == 0xBD && (p[2] == 0xB0 || p[2] == 0xA5))    /* U+FF70, U+FF65 ･ */
        return prev_digit && is_digit_at(p + 3, n - 3) ? '-' : 0;
    if (p[1] == 0xB9 && p[2] == 0xA3)                      /* U+FE63 */
        return '-';
    return 0;
}

/* Lead bytes that can start a mapped sequence. */
static int may_map(unsigned char c)
{
    return c == 0xE2 || c == 0xE3 || c == 0xEF || c == 0xCB || c == 0xD6 || c == 0xC2;
}

/* Cheap pre-check of a 3-byte sequence's second byte: most kana (E3 81..)
 * and symbols never map, so text_norm_map() is not called for them. */
static int may_map3(const unsigned char *p, size_t n)
{
    if (p[0] == 0xCB || p[0] == 0xD6 || p[0] == 0xC2)
        return 1;
    if (n < 3)
        return 0;
    switch (p[0]) {
    case 0xE2: return p[1] == 0x80 || p[1] == 0x81 || p[1] == 0x82 || p[1] == 0x88 || p[1] == 0x94;
    case 0xE3: return p[1] == 0x80 || p[1] == 0x83;
    case 0xEF: return p[1] == 0xBC || p[1] == 0xBD || p[1] == 0xB9 || p[1] == 0xBB;
    default: return 1;
    }
}

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* First offset >= i where a mapping applies (len if none), with the byte
 * it maps to in *m and its width in *w. prev: the normalised byte before
 * i is an ASCII digit. Bytes between i and the result map to themselves. */
static size_t find_map(const unsigned char *p, size_t i, size_t len, int prev, int *m, size_t *w)
{
    size_t from = i;

    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            while (i + 8 <= len) {
                uint64_t x;
                memcpy(&x, p + i, 8);
                if (x & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < len && p[i] < 0x80)
                i++;
            if (i >= len)
                break;
            c = p[i];
        }
        /* runs of 3-byte characters that cannot map (kanji, most kana) */
        while (i + 3 <= len && (c & 0xF0) == 0xE0 && is_cont(p[i + 1]) && is_cont(p[i + 2]) &&
               !(c == 0xE2 || c == 0xEF ||
                 (c == 0xE3 && ((p[i + 1] == 0x80 && p[i + 2] == 0x80) ||
                                (p[i + 1] == 0x83 && (p[i + 2] == 0xBC || p[i + 2] == 0xBB)))))) {
            i += 3;
            if (i >= len)
                return len;
            c = p[i];
        }
        if (c < 0x80)
            continue;
        if (may_map(c) && may_map3(p + i, len - i) &&
            (*m = text_norm_map(p + i, len - i, w,
                                i > from ? p[i - 1] >= '0' && p[i - 1] <= '9' : prev)))
            return i;
        if (c >= 0xE0 && c < 0xF0 && i + 2 < len && is_cont(p[i + 1]) && is_cont(p[i + 2]))
            i += 3;          /* continuation bytes never start a mapped sequence */
        else
            i++;
    }
    return len;
}

/* Records the checkpoints (norm offset k*stride -> orig offset) that fall
 * in the norm range [o, o + n) copied 1:1 from orig offset i. */
static int ck_add(text_norm *tn, size_t o, size_t i, size_t n, size_t *acap)
{
    size_t k = (o + TEXT_NORM_CK_STRIDE - 1) / TEXT_NORM_CK_STRIDE;

    for (; k * TEXT_NORM_CK_STRIDE < o + n; k++) {
        if (tn->nck == *acap) {
            size_t na = *acap ? *acap * 2 : 64;
            size_t *x = sg_realloc(tn->ck, na * sizeof(*x));
            if (!x)
                return -1;
            tn->ck = x;
            *acap = na;
        }
        tn->ck[tn->nck++] = i + (k * TEXT_NORM_CK_STRIDE - o);
    }
    return 0;
}

int text_norm_run(text_norm *tn, const char *in, size_t len)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t i, o = 0, w = 0, acap = 0;
    char *out;
    int m = 0;

    memset(tn, 0, sizeof(*tn));
    tn->orig = in;
    tn->orig_len = len;
    if ((i = find_map(p, 0, len, 0, &m, &w)) >= len) {
        tn->s = in;
        tn->len = len;
        return 0;
    }
    if (!(out = sg_malloc(len + 1)))
        return -1;
    tn->own = out;
    for (size_t a = 0; a < len;) {          /* a: orig offset, i: next mapped one */
        if (ck_add(tn, o, a, i - a + (i < len && m != TEXT_NORM_DELETE), &acap) < 0) {
            text_norm_free(tn);
            return -1;
        }
        memcpy(out + o, p + a, i - a);
        o += i - a;
        if (i >= len)
            break;
        if (m != TEXT_NORM_DELETE)
            out[o++] = (char)m;
        a = i + w;
        i = find_map(p, a, len, o > 0 && out[o - 1] >= '0' && out[o - 1] <= '9', &m, &w);
    }
    out[o] = 0;
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

    size_t k;

    if (!tn->own)
        return pos;
    if (pos > tn->len)
        pos = tn->len;
    k = pos / TEXT_NORM_CK_STRIDE;
    if (k >= tn->nck)
        k = tn->nck ? tn->nck - 1 : 0;
    if (pos < tn->cur_n || (tn->nck && k * TEXT_NORM_CK_STRIDE > tn->cur_n)) {
        tn->cur_n = tn->nck ? k * TEXT_NORM_CK_STRIDE : 0;      /* nearest checkpoint */
        tn->cur_o = tn->nck ? tn->ck[k] : 0;
    }
    while (tn->cur_n < pos && tn->cur_o < tn->orig_len) {
        size_t ow = utf8_width(o[tn->cur_o]), dw;
        if (o[tn->cur_o] >= 0xC2 &&
            (dw = text_norm_deleted(o + tn->cur_o, tn->orig_len - tn->cur_o))) {
            tn->cur_o += dw;           /* a deleted character: nothing in the norm text */
            continue;
        }
        if (o[tn->cur_o] >= 0x80 && n[tn->cur_n] < 0x80) {
            tn->cur_n += 1;            /* a mapped character */
        } else {
            if (o[tn->cur_o] < 0x80)
                ow = 1;
            tn->cur_n += ow;
        }
        tn->cur_o += ow;
    }
    while (tn->cur_o < tn->orig_len && o[tn->cur_o] >= 0xC2) {
        size_t dw = text_norm_deleted(o + tn->cur_o, tn->orig_len - tn->cur_o);
        if (!dw)
            break;
        tn->cur_o += dw;               /* a match starts after deleted characters */
    }
    return tn->cur_o;
}

void text_norm_free(text_norm *tn)
{
    if (!tn)
        return;
    free(tn->own);
    free(tn->ck);
    tn->own = NULL;
    tn->ck = NULL;
    tn->nck = 0;
    tn->s = NULL;
}
