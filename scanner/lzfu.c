/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lzfu - compressed RTF ([MS-OXRTFCP]) as Outlook stores a message body
 * (PR_RTF_COMPRESSED in .msg files and TNEF): a 16-byte header (comp size,
 * raw size, "LZFu" compressed or "MELA" stored, CRC), then control bytes
 * whose bits say literal byte or 2-byte reference (12-bit offset into a
 * 4096-byte ring primed with a fixed RTF prefix, 4-bit length + 2).
 *
 * Pure. Output is capped at min(raw size, max) bytes (then *cut). The CRC
 * is not checked (a wrong one changes nothing we read). Returns malloc'd
 * NUL-terminated RTF, NULL when the header is bad or out of memory.
 */
#include "lzfu.h"
#include "sg_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char PREFIX[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

unsigned char *lzfu_decompress(const unsigned char *d, size_t n, size_t max, size_t *outlen, int *cut)
{
    unsigned char ring[4096], *out;
    size_t raw, o = 0, p = 16, wpos = sizeof(PREFIX) - 1, end;
    uint32_t comp, magic;

    *outlen = 0;
    *cut = 0;
    if (n < 16)
        return NULL;
    comp = rd32(d);
    raw = rd32(d + 4);
    magic = rd32(d + 8);
    end = (size_t)comp + 4 < n ? (size_t)comp + 4 : n;
    if (raw > max) {
        raw = max;
        *cut = 1;
    }
    if (!(out = sg_malloc(raw + 1)))
        return NULL;
    if (magic == 0x414C454Du) {              /* "MELA": stored */
        size_t k = n - 16 < raw ? n - 16 : raw;
        memcpy(out, d + 16, k);
        out[k] = 0;
        *outlen = k;
        return out;
    }
    if (magic != 0x75465A4Cu) {              /* "LZFu" */
        free(out);
        return NULL;
    }
    memset(ring, 0, sizeof(ring));
    memcpy(ring, PREFIX, sizeof(PREFIX) - 1);
    while (p < end && o < raw) {
        unsigned ctl = d[p++];
        for (int bit = 0; bit < 8 && p < end && o < raw; bit++, ctl >>= 1) {
            if (!(ctl & 1)) {
                out[o++] = d[p];
                ring[wpos] = d[p++];
                wpos = (wpos + 1) & 4095;
                continue;
            }
            if (p + 2 > end)
                break;
            unsigned ref = (unsigned)d[p] << 8 | d[p + 1];
            size_t off = ref >> 4, len = (ref & 15) + 2;
            p += 2;
            if (off == wpos)
                goto done;                   /* end marker */
            for (size_t k = 0; k < len && o < raw; k++) {
                unsigned char c = ring[(off + k) & 4095];
                out[o++] = c;
                ring[wpos] = c;
                wpos = (wpos + 1) & 4095;
            }
        }
    }
done:
    out[o] = 0;
    *outlen = o;
    return out;
}
