/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_filter - the PDF stream filters other than Flate, and the
 * predictors; see pdf_filter.h.
 *
 * ASCIIHexDecode (white space skipped, '>' ends, odd digit padded),
 * ASCII85Decode ('z' for four zeros, "~>" ends, a short last group
 * padded with 'u'), LZWDecode (9-12 bit codes, EarlyChange 1 by default,
 * clear 256, end 257), RunLengthDecode (0-127 literal run, 129-255
 * repeat, 128 end); predictors of Flate/LZW: TIFF 2 and PNG 10-15 (None,
 * Sub, Up, Average, Paeth per row). Output is capped at max bytes (then
 * *cut). Pure; the output is malloc'd (sg_alloc) and NUL-terminated.
 */
#include "pdf_filter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg_alloc.h"

typedef struct obuf {
    unsigned char *p;
    size_t n, a, max;
    int cut, nomem;
} obuf;

static int oput(obuf *o, unsigned char c)
{
    if (o->n >= o->max) {
        o->cut = 1;
        return -1;
    }
    if (o->n + 1 >= o->a) {
        size_t na = o->a ? o->a * 2 : 4096;
        unsigned char *p;
        if (na > o->max + 1)
            na = o->max + 1;
        if (na <= o->n + 1)
            na = o->n + 2;
        if (!(p = sg_realloc(o->p, na))) {
            o->nomem = 1;
            return -1;
        }
        o->p = p;
        o->a = na;
    }
    o->p[o->n++] = c;
    return 0;
}

static int hexv(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int is_ws(unsigned char c)
{
    return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int ahx(const unsigned char *d, size_t n, obuf *o)
{
    int hi = -1;

    for (size_t i = 0; i < n; i++) {
        int v;
        if (d[i] == '>')
            break;
        if (is_ws(d[i]))
            continue;
        if ((v = hexv(d[i])) < 0)
            return 1;                        /* corrupt */
        if (hi < 0) {
            hi = v;
        } else {
            if (oput(o, (unsigned char)(hi << 4 | v)) < 0)
                return 0;
            hi = -1;
        }
    }
    if (hi >= 0)
        (void)oput(o, (unsigned char)(hi << 4));
    return 0;
}

static int a85(const unsigned char *d, size_t n, obuf *o)
{
    uint32_t v = 0;
    int k = 0;
    size_t i = 0;

    if (n >= 2 && d[0] == '<' && d[1] == '~')
        i = 2;
    for (; i < n; i++) {
        unsigned char c = d[i];
        if (is_ws(c))
            continue;
        if (c == '~')
            break;
        if (c == 'z' && k == 0) {
            for (int j = 0; j < 4; j++)
                if (oput(o, 0) < 0)
                    return 0;
            continue;
        }
        if (c < '!' || c > 'u')
            return 1;
        v = v * 85 + (uint32_t)(c - '!');
        if (++k == 5) {
            for (int j = 3; j >= 0; j--)
                if (oput(o, (unsigned char)(v >> (j * 8))) < 0)
                    return 0;
            v = 0;
            k = 0;
        }
    }
    if (k > 1) {                             /* short last group */
        for (int j = k; j < 5; j++)
            v = v * 85 + 84;
        for (int j = 0; j < k - 1; j++)
            if (oput(o, (unsigned char)(v >> ((3 - j) * 8))) < 0)
                return 0;
    } else if (k == 1) {
        return 1;
    }
    return 0;
}

static int rle(const unsigned char *d, size_t n, obuf *o)
{
    size_t i = 0;

    while (i < n) {
        unsigned len = d[i++];
        if (len == 128)
            break;
        if (len < 128) {
            if (i + len + 1 > n)
                return 1;
            for (unsigned j = 0; j <= len; j++)
                if (oput(o, d[i + j]) < 0)
                    return 0;
            i += len + 1;
        } else {
            if (i >= n)
                return 1;
            for (unsigned j = 0; j < 257 - len; j++)
                if (oput(o, d[i]) < 0)
                    return 0;
            i++;
        }
    }
    return 0;
}

/* LZW as in TIFF / PDF: dictionary of 4096 entries as (prefix, byte). */
static int lzw(const unsigned char *d, size_t n, int early, obuf *o)
{
    uint16_t prefix[4096];
    unsigned char suffix[4096], stack[4096];
    unsigned next = 258, width = 9, old = 4096;
    uint32_t bits = 0;
    unsigned nbits = 0;
    size_t i = 0;

    for (unsigned k = 0; k < 256; k++) {
        prefix[k] = 4096;
        suffix[k] = (unsigned char)k;
    }
    for (;;) {
        unsigned code, c, sp = 0;
        unsigned char first;
        while (nbits < width && i < n) {
            bits = bits << 8 | d[i++];
            nbits += 8;
        }
        if (nbits < width)
            break;                           /* data ends without EOD: fine */
        code = (bits >> (nbits - width)) & ((1u << width) - 1);
        nbits -= width;
        if (code == 257)
            break;
        if (code == 256) {
            next = 258;
            width = 9;
            old = 4096;
            continue;
        }
        if (code > next || (code == next && old == 4096))
            return 1;                        /* corrupt */
        c = code == next ? old : code;
        while (c >= 258 || c < 256) {        /* unwind the chain */
            if (sp >= sizeof(stack))
                return 1;
            stack[sp++] = suffix[c];
            if (c < 256)
                break;
            c = prefix[c];
        }
        first = stack[sp - 1];
        while (sp > 0)
            if (oput(o, stack[--sp]) < 0)
                return 0;
        if (code == next && oput(o, first) < 0)
            return 0;
        if (old != 4096 && next < 4096) {
            prefix[next] = (uint16_t)old;
            suffix[next] = first;
            next++;
        }
        old = code;
        if (next + (unsigned)early >= (1u << width) && width < 12)
            width++;
    }
    return 0;
}

static unsigned char paeth(unsigned char a, unsigned char b, unsigned char c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

int pdf_filter_predict(const pdf_predict *pp, unsigned char *d, size_t *n)
{
    size_t bpp, row, i, out = 0;
    unsigned char *prev;

    if (pp->predictor <= 1)
        return 0;
    if (pp->colors < 1 || pp->colors > 32 || pp->bpc < 1 || pp->bpc > 16 || pp->columns < 1 ||
        pp->columns > (1u << 24))
        return 1;
    bpp = (pp->colors * pp->bpc + 7) / 8;
    row = (pp->colors * pp->bpc * (size_t)pp->columns + 7) / 8;
    if (pp->predictor == 2) {                /* TIFF, 8-bit components only */
        if (pp->bpc != 8)
            return 1;
        for (i = 0; i < *n; i++)
            if (i % row >= bpp)
                d[i] = (unsigned char)(d[i] + d[i - bpp]);
        return 0;
    }
    if (!(prev = sg_calloc(1, row)))
        return -1;
    for (i = 0; i + 1 + row <= *n; i += row + 1) {
        unsigned type = d[i];
        unsigned char *cur = d + i + 1;
        for (size_t k = 0; k < row; k++) {
            unsigned char a = k >= bpp ? cur[k - bpp] : 0, b = prev[k], c = k >= bpp ? prev[k - bpp] : 0;
            switch (type) {
            case 1: cur[k] = (unsigned char)(cur[k] + a); break;
            case 2: cur[k] = (unsigned char)(cur[k] + b); break;
            case 3: cur[k] = (unsigned char)(cur[k] + ((a + b) >> 1)); break;
            case 4: cur[k] = (unsigned char)(cur[k] + paeth(a, b, c)); break;
            default: break;
            }
        }
        memcpy(prev, cur, row);
        memmove(d + out, cur, row);
        out += row;
    }
    free(prev);
    *n = out;
    d[out] = 0;
    return 0;
}

int pdf_filter_decode(pdf_filter_kind k, const unsigned char *d, size_t n, int early,
                      size_t max, unsigned char **out, size_t *outn, int *cut)
{
    obuf o = { NULL, 0, 0, max, 0, 0 };
    int r;

    *out = NULL;
    *outn = 0;
    *cut = 0;
    switch (k) {
    case PDF_FILTER_AHX: r = ahx(d, n, &o); break;
    case PDF_FILTER_A85: r = a85(d, n, &o); break;
    case PDF_FILTER_RL: r = rle(d, n, &o); break;
    case PDF_FILTER_LZW: r = lzw(d, n, early, &o); break;
    default: return 1;
    }
    if (o.nomem) {
        free(o.p);
        return -1;
    }
    if (!o.p && !(o.p = sg_malloc(1))) 
        return -1;
    o.p[o.n] = 0;
    *out = o.p;
    *outn = o.n;
    *cut = o.cut;
    return r;
}
