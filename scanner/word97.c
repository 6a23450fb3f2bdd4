/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * word97 - text of a legacy Word document (.doc, Word 97-2003) from its
 * piece table; see word97.h.
 *
 * [MS-DOC]: the FIB at the start of the WordDocument stream gives the
 * table stream (0Table or 1Table, fWhichTblStm), the character counts of
 * the document's stories (main text, footnotes, headers/footers,
 * comments, endnotes, text boxes, header text boxes, in that CP order)
 * and where the CLX lies in the table stream. The CLX's piece table maps
 * CP ranges to WordDocument offsets, 8-bit (fCompressed: CP1252) or
 * UTF-16LE. Special characters: 0x0D 0x0B 0x0C end lines, 0x07 (cell
 * end) is a tab, field codes (between 0x13 and 0x14) are dropped and
 * field results (0x14..0x15) kept, object anchors (0x01 0x08 ...) dropped.
 *
 * Limits: WORD97_MAX_PIECES pieces, io->max_text per story; every offset
 * checked against its stream. Owns nothing past the call.
 */
#include "word97.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define WORD97_MAX_PIECES 1000000
#define WORD97_STORIES    8

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* CP1252 0x80-0x9F (the rest is Latin-1) */
static uint32_t cp1252(unsigned char c)
{
    static const uint16_t hi[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
    };

    return c >= 0x80 && c < 0xA0 ? hi[c - 0x80] : c;
}

typedef struct wtext {
    sg_buf *out;
    int field;          /* nesting of field codes being dropped (0x13 seen, 0x14 not yet) */
    int full;
    uint32_t hs;        /* pending high surrogate */
} wtext;

static void put(wtext *t, uint32_t cp)
{
    char u[4];
    size_t n;

    if (t->full)
        return;
    if (cp == 0x13) { t->field++; return; }
    if (cp == 0x14) { if (t->field > 0) t->field--; return; }
    if (cp == 0x15) { if (t->field > 0) t->field--; return; }
    if (t->field > 0)
        return;
    if (cp >= 0xD800 && cp <= 0xDBFF) { t->hs = cp; return; }
    if (t->hs && cp >= 0xDC00 && cp <= 0xDFFF)
        cp = 0x10000 + ((t->hs - 0xD800) << 10) + (cp - 0xDC00);
    t->hs = 0;
    if (cp == 0x0D || cp == 0x0B || cp == 0x0C || cp == 0x0E)
        cp = '\n';
    else if (cp == 0x07)
        cp = '\t';
    else if (cp == 0x1E || cp == 0x1F)
        cp = cp == 0x1E ? '-' : 0;       /* non-breaking hyphen, optional hyphen */
    else if (cp < 0x20 && cp != '\t')
        return;                          /* anchors of objects, notes, pictures */
    if (cp == 0)
        return;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                             u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
           u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    if (sg_buf_append(t->out, u, n) != SG_BUF_OK)
        t->full = 1;
}

static const char *const story_name[WORD97_STORIES] = {
    NULL, "footnotes", "headers and footers", "macros", "comments", "endnotes", "text boxes",
    "header text boxes"
};

int word97_read(const unsigned char *wd, size_t wn, const unsigned char *t0, size_t n0,
                const unsigned char *t1, size_t n1, const reader_io *io)
{
    const unsigned char *tbl;
    size_t tn, fib_lw, fib_fc, csw, cslw, pos, npcd, i;
    uint32_t ccp[WORD97_STORIES], fc_clx, lcb_clx, story_end[WORD97_STORIES], cp_total = 0;
    const unsigned char *plc = NULL;
    size_t plc_len = 0;
    sg_buf out[WORD97_STORIES];
    wtext wt[WORD97_STORIES];
    int rc = RD_FULL, k;

    if (wn < 0x200 || rd16(wd) != 0xA5EC)
        return RD_NONE;
    if (rd16(wd + 2) < 101) {                    /* nFib: Word 6/95 and older */
        io->partly(io->arg, SG_LIMIT_UNSUPPORTED, "Word document older than Word 97: not read");
        return RD_NONE;
    }
    if (rd16(wd + 0x0A) & 0x0100)
        return WORD97_ENCRYPTED;
    tbl = (rd16(wd + 0x0A) & 0x0200) ? t1 : t0;
    tn = (rd16(wd + 0x0A) & 0x0200) ? n1 : n0;
    csw = rd16(wd + 32);
    fib_lw = 34 + csw * 2;
    if (fib_lw + 2 > wn)
        return RD_NONE;
    cslw = rd16(wd + fib_lw);
    fib_lw += 2;
    fib_fc = fib_lw + cslw * 4 + 2;              /* after cbRgFcLcb */
    if (cslw < 11 || fib_fc + 34 * 8 > wn || !tbl) {
        io->partly(io->arg, SG_LIMIT_CORRUPT, "Word document: FIB or table stream missing");
        return RD_NONE;
    }
    for (k = 0; k < WORD97_STORIES; k++) {
        ccp[k] = rd32(wd + fib_lw + (size_t)(3 + k) * 4);   /* ccpText .. ccpHdrTxbx */
        if (ccp[k] > 0x7FFFFFFF)
            ccp[k] = 0;
        cp_total += ccp[k];
        story_end[k] = cp_total;
    }
    fc_clx = rd32(wd + fib_fc + 33 * 8);
    lcb_clx = rd32(wd + fib_fc + 33 * 8 + 4);
    if ((size_t)fc_clx >= tn || lcb_clx > tn - fc_clx) {
        io->partly(io->arg, SG_LIMIT_CORRUPT, "Word document: piece table outside the table stream");
        return RD_NONE;
    }
    /* CLX: Prc* (0x01, cb i16, grpprl) then Pcdt (0x02, lcb u32, PlcPcd) */
    pos = fc_clx;
    while (pos < (size_t)fc_clx + lcb_clx && tbl[pos] == 0x01) {
        if (pos + 3 > tn)
            break;
        pos += 3 + rd16(tbl + pos + 1);
    }
    if (pos + 5 <= tn && tbl[pos] == 0x02) {
        plc_len = rd32(tbl + pos + 1);
        plc = tbl + pos + 5;
        if (plc_len > tn - pos - 5)
            plc = NULL;
    }
    if (!plc || plc_len < 16) {
        io->partly(io->arg, SG_LIMIT_CORRUPT, "Word document: no piece table");
        return RD_NONE;
    }
    npcd = (plc_len - 4) / 12;
    if (npcd > WORD97_MAX_PIECES) {
        npcd = WORD97_MAX_PIECES;
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "more Word text pieces than the scanner reads");
    }
    for (k = 0; k < WORD97_STORIES; k++) {
        sg_buf_init(&out[k], io->max_text);
        wt[k] = (wtext){ &out[k], 0, 0, 0 };
    }
    for (i = 0; i < npcd; i++) {
        uint32_t cp0 = rd32(plc + i * 4), cp1 = rd32(plc + (i + 1) * 4);
        const unsigned char *pcd = plc + (npcd + 1) * 4 + i * 8;
        uint32_t fcv = rd32(pcd + 2), fc = fcv & 0x3FFFFFFF;
        int comp = (fcv & 0x40000000) != 0;
        size_t off = comp ? fc / 2 : fc, cnt;

        if (cp1 <= cp0 || cp0 >= cp_total)
            continue;
        if (cp1 > cp_total)
            cp1 = cp_total;
        cnt = cp1 - cp0;
        if (off > wn || cnt > (wn - off) / (comp ? 1 : 2)) {
            io->partly(io->arg, SG_LIMIT_CORRUPT, "Word document: a text piece lies outside the stream");
            rc = RD_PARTLY;
            continue;
        }
        for (size_t c = 0; c < cnt; c++) {
            uint32_t cp = cp0 + (uint32_t)c, ch;
            for (k = 0; k < WORD97_STORIES - 1 && cp >= story_end[k]; k++)
                ;
            ch = comp ? cp1252(wd[off + c]) : rd16(wd + off + c * 2);
            put(&wt[k], ch);
        }
    }
    for (k = 0; k < WORD97_STORIES && rc >= 0; k++) {
        if (wt[k].full)
            io->partly(io->arg, SG_LIMIT_PART_BYTES,
                       "Word text longer than max_text_bytes: the rest was not scanned");
        if (out[k].len && io->emit(io->arg, SG_UNIT_TEXT, story_name[k], sg_buf_str(&out[k]),
                                   out[k].len) < 0)
            rc = RD_STOP;
    }
    for (k = 0; k < WORD97_STORIES; k++)
        sg_buf_free(&out[k]);
    return rc;
}
