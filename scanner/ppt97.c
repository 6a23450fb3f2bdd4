/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ppt97 - text of a legacy PowerPoint presentation (.ppt, 97-2003); see
 * ppt97.h.
 *
 * [MS-PPT]: the "PowerPoint Document" stream is a tree of records (8-byte
 * header: recVer/recInstance, recType, recLen; recVer 0xF = container).
 * Walked in stream order with an explicit end stack (no recursion): text
 * atoms TextCharsAtom (0x0FA0, UTF-16LE) and TextBytesAtom (0x0FA8, the
 * low bytes of UTF-16) of slides, notes, masters and layouts, and
 * CString atoms (0x0FBA: comments and their authors, hyperlink texts) are
 * read; slide text and notes come out in storage order. Paragraph ends
 * (0x0D) and vertical tabs become new lines. Embedded OLE objects
 * (ExOleObjStg 0x1011: a compound file, zlib-compressed when recInstance
 * is 1) go to io->file as "OLE object N", inspected one level deeper (an
 * Excel or Word object is read like a .xls or .doc).
 *
 * Limits: PPT97_MAX_DEPTH container nesting, io->max_text, io->max_part
 * bytes of one decompressed object. Owns nothing past the call.
 */
#include "ppt97.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sg_alloc.h"
#include "sg_buf.h"

#define PPT97_MAX_DEPTH 64

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static int put_cp(sg_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp == 0x0D || cp == 0x0B)
        cp = '\n';
    else if (cp < 0x20 && cp != '\t' && cp != '\n')
        cp = ' ';
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                             u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
           u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    return sg_buf_append(b, u, n);
}

static int put_utf16(sg_buf *b, const unsigned char *p, size_t n)
{
    int r = SG_BUF_OK;

    for (size_t i = 0; i + 1 < n && r == SG_BUF_OK; i += 2) {
        uint32_t u = rd16(p + i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n && rd16(p + i + 2) >= 0xDC00 &&
            rd16(p + i + 2) <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (rd16(p + i + 2) - 0xDC00u);
            i += 2;
        }
        r = put_cp(b, u);
    }
    return r;
}

/* One ExOleObjStg: the object's compound file to io->file. Returns 0,
 * -1: stop, -2: out of memory. */
static int ole_object(const unsigned char *p, size_t len, unsigned inst, const reader_io *io,
                      unsigned k)
{
    char name[32];
    unsigned char *buf;
    size_t n, got;
    z_stream z;
    int r, rc;

    snprintf(name, sizeof(name), "OLE object %u", k);
    if (inst == 0)
        return io->file(io->arg, name, p, len) < 0 ? -1 : 0;
    if (len < 4) {
        io->partly(io->arg, SG_LIMIT_CORRUPT, "a compressed OLE object in the presentation is cut off");
        return 0;
    }
    n = rd32(p);
    if (n > io->max_part) {
        io->partly(io->arg, SG_LIMIT_PART_BYTES,
                   "an OLE object in the presentation is larger than max_part_bytes: not read");
        return 0;
    }
    if (!(buf = sg_malloc(n + 1)))
        return -2;
    memset(&z, 0, sizeof(z));
    if (inflateInit(&z) != Z_OK) {
        free(buf);
        return -2;
    }
    z.next_in = (unsigned char *)p + 4;
    z.avail_in = (uInt)(len - 4 > UINT32_MAX ? UINT32_MAX : len - 4);
    z.next_out = buf;
    z.avail_out = (uInt)n;
    r = inflate(&z, Z_FINISH);
    got = n - z.avail_out;
    inflateEnd(&z);
    if (r == Z_MEM_ERROR) {
        free(buf);
        return -2;
    }
    if (r != Z_STREAM_END)
        io->partly(io->arg, SG_LIMIT_CORRUPT,
                   "an OLE object in the presentation does not decompress to its stated size");
    rc = got && io->file(io->arg, name, buf, got) < 0 ? -1 : 0;
    free(buf);
    return rc;
}

int ppt97_read(const unsigned char *d, size_t n, const reader_io *io)
{
    size_t ends[PPT97_MAX_DEPTH], depth = 0, pos = 0;
    sg_buf out;
    int r = SG_BUF_OK, rc = RD_FULL, deep = 0, o;
    unsigned nole = 0;

    sg_buf_init(&out, io->max_text);
    while (pos + 8 <= n && r == SG_BUF_OK) {
        uint16_t ver = rd16(d + pos) & 0x0F, inst = rd16(d + pos) >> 4, type = rd16(d + pos + 2);
        uint32_t len = rd32(d + pos + 4);
        const unsigned char *p = d + pos + 8;
        size_t avail = n - pos - 8;

        while (depth > 0 && pos >= ends[depth - 1])
            depth--;
        if (len > avail)
            len = (uint32_t)avail;           /* cut off: read what is there */
        if (ver == 0x0F) {                   /* container: go inside */
            if (depth < PPT97_MAX_DEPTH)
                ends[depth++] = pos + 8 + len;
            else
                deep = 1;
            pos += 8;
            continue;
        }
        if (type == 0x0FA0 || type == 0x0FBA) {
            r = put_utf16(&out, p, len);
        } else if (type == 0x0FA8) {
            for (size_t i = 0; i < len && r == SG_BUF_OK; i++)
                r = put_cp(&out, p[i]);
        } else if (type == 0x1011 && (o = ole_object(p, len, inst, io, ++nole)) < 0) {
            rc = o == -2 ? RD_NOMEM : RD_STOP;
            break;
        }
        if ((type == 0x0FA0 || type == 0x0FBA || type == 0x0FA8) && r == SG_BUF_OK)
            r = sg_buf_putc(&out, '\n');
        pos += 8 + (size_t)len;
    }
    if (r == SG_BUF_NOMEM || rc == RD_NOMEM) {
        sg_buf_free(&out);
        return RD_NOMEM;
    }
    if (rc == RD_STOP) {
        sg_buf_free(&out);
        return RD_STOP;
    }
    if (r == SG_BUF_TOOBIG)
        io->partly(io->arg, SG_LIMIT_PART_BYTES,
                   "presentation text longer than max_text_bytes: the rest was not scanned");
    if (deep)
        io->partly(io->arg, SG_LIMIT_CORRUPT, "PowerPoint records nested deeper than the scanner follows");
    if (out.len && io->emit(io->arg, SG_UNIT_TEXT, NULL, sg_buf_str(&out), out.len) < 0)
        rc = RD_STOP;
    sg_buf_free(&out);
    return rc;
}
