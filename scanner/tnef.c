/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tnef - Outlook's TNEF stream (winmail.dat, application/ms-tnef,
 * [MS-OXTNEF]); see tnef.h.
 *
 * Stream: signature 0x223E9F78, u16 key, then attributes (u8 level,
 * u32 id, u32 length, data, u16 checksum). Message level: attSubject,
 * attBody, attMAPIProps (PR_SUBJECT, PR_BODY, PR_BODY_HTML,
 * PR_RTF_COMPRESSED). Attachment level: attAttachRendData starts one,
 * attAttachTitle (name), attAttachData (bytes), attAttachment (MAPI:
 * PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN, PR_ATTACH_DATA_OBJ whose
 * embedded message is itself TNEF after a 16-byte IID).
 *
 * Licence note: libytnef (the Debian TNEF library) is GPL-2+, this project
 * is BSD-2-Clause; this bounded reader is ours. Limits: TNEF_MAX_ATTACH
 * attachments, TNEF_MAX_PROPS MAPI properties per block; every length is
 * checked against what is left. Checksums are not verified (a wrong one
 * changes nothing we read). Owns nothing past the call.
 */
#include "tnef.h"
#include "sg_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "lzfu.h"
#include "rtf_text.h"

#define TNEF_SIG        0x223E9F78u
#define TNEF_MAX_ATTACH 4096
#define TNEF_MAX_PROPS  65536

#define ATT_SUBJECT     0x8004
#define ATT_BODY        0x800C
#define ATT_MAPIPROPS   0x9003
#define ATT_RENDDATA    0x9002
#define ATT_TITLE       0x8010
#define ATT_DATA        0x800F
#define ATT_ATTACHMENT  0x9005

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

int tnef_is_tnef(const unsigned char *d, size_t n)
{
    return n >= 6 && rd32(d) == TNEF_SIG;
}

typedef struct tatt {
    const unsigned char *data;
    size_t len;
    const unsigned char *title;   /* 8-bit name (attAttachTitle) */
    size_t tlen;
    const unsigned char *lname;   /* PR_ATTACH_LONG_FILENAME */
    size_t llen;
    int lwide;
    int obj;                      /* data is PR_ATTACH_DATA_OBJ (IID + TNEF) */
} tatt;

typedef struct tmsg {
    const unsigned char *subject, *body, *html, *rtf;
    size_t slen, blen, hlen, rlen;
    int swide, bwide;
    tatt *att;
    size_t natt;
    int bad;
} tmsg;

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

static size_t fixed_size(unsigned type)
{
    switch (type & 0x0FFF) {
    case 0x0002: case 0x0003: case 0x0004: case 0x000A: case 0x000B: return 4;
    case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040: return 8;
    case 0x0048: return 16;
    case 0x0001: return 0;                               /* PT_NULL */
    default: return (size_t)-1;
    }
}

/* Walks a MAPI property block; calls on() for each single variable value. */
static int mapi_props(const unsigned char *p, size_t n,
                      void (*on)(void *arg, unsigned id, unsigned type, const unsigned char *v, size_t vn),
                      void *arg)
{
    size_t pos = 4, count, i;

    if (n < 4)
        return -1;
    count = rd32(p);
    if (count > TNEF_MAX_PROPS)
        return -1;
    for (i = 0; i < count; i++) {
        unsigned type, id, multi;
        size_t nv, k;
        if (pos + 4 > n)
            return -1;
        type = rd16(p + pos);
        id = rd16(p + pos + 2);
        pos += 4;
        if (id >= 0x8000) {                              /* named property */
            uint32_t kind;
            if (pos + 20 > n)
                return -1;
            kind = rd32(p + pos + 16);
            pos += 20;
            if (kind == 0) {
                pos += 4;
            } else {
                if (pos + 4 > n)
                    return -1;
                size_t l = rd32(p + pos);
                if (l > n - pos - 4)
                    return -1;
                pos += 4 + pad4(l);
            }
        }
        multi = (type & 0x1000) != 0;
        type &= 0x0FFF;
        if (type == 0x001E || type == 0x001F || type == 0x0102 || type == 0x000D) {
            if (pos + 4 > n)
                return -1;
            nv = rd32(p + pos);
            pos += 4;
            if (nv > TNEF_MAX_PROPS)
                return -1;
            for (k = 0; k < nv; k++) {
                size_t l;
                if (pos + 4 > n)
                    return -1;
                l = rd32(p + pos);
                if (l > n - pos - 4)
                    return -1;
                if (!multi && k == 0)
                    on(arg, id, type, p + pos + 4, l);
                pos += 4 + pad4(l);
            }
        } else {
            size_t fs = fixed_size(type);
            if (fs == (size_t)-1)
                return -1;
            nv = 1;
            if (multi) {
                if (pos + 4 > n)
                    return -1;
                nv = rd32(p + pos);
                pos += 4;
            }
            if (nv > TNEF_MAX_PROPS || nv * fs > n - pos)
                return -1;
            pos += nv * fs;
        }
        if (pos > n)
            return -1;
    }
    return 0;
}

static void msg_prop(void *arg, unsigned id, unsigned type, const unsigned char *v, size_t vn)
{
    tmsg *m = arg;

    if (id == 0x0037 && (type == 0x001E || type == 0x001F)) {
        m->subject = v; m->slen = vn; m->swide = type == 0x001F;
    } else if (id == 0x1000 && (type == 0x001E || type == 0x001F)) {
        m->body = v; m->blen = vn; m->bwide = type == 0x001F;
    } else if (id == 0x1013 && (type == 0x0102 || type == 0x001E || type == 0x001F)) {
        m->html = v; m->hlen = vn;
    } else if (id == 0x1009 && type == 0x0102) {
        m->rtf = v; m->rlen = vn;
    }
}

static void att_prop(void *arg, unsigned id, unsigned type, const unsigned char *v, size_t vn)
{
    tatt *a = arg;

    if (id == 0x3707 && (type == 0x001E || type == 0x001F)) {
        a->lname = v; a->llen = vn; a->lwide = type == 0x001F;
    } else if (id == 0x3701 && type == 0x0102) {
        a->data = v; a->len = vn; a->obj = 0;
    } else if (id == 0x3701 && type == 0x000D && vn > 16) {
        a->data = v + 16; a->len = vn - 16; a->obj = 1;
    }
}

static int parse(const unsigned char *d, size_t n, tmsg *m, const reader_io *io)
{
    size_t pos = 6;
    tatt *cur = NULL;

    while (pos + 9 <= n) {
        unsigned level = d[pos];
        uint32_t id = rd32(d + pos + 1) & 0xFFFF;
        size_t len = rd32(d + pos + 5);
        const unsigned char *v = d + pos + 9;

        if (len > n - pos - 9) {
            m->bad = 1;
            len = n - pos - 9;                           /* cut off: what is there */
        }
        if (level == 2 && id == ATT_RENDDATA) {
            if (m->natt >= TNEF_MAX_ATTACH) {
                io->partly(io->arg, SG_LIMIT_ARCHIVE_MEMBERS, "more TNEF attachments than the scanner reads");
                break;
            }
            tatt *na = sg_realloc(m->att, (m->natt + 1) * sizeof(*na));
            if (!na)
                return -1;
            m->att = na;
            cur = &m->att[m->natt++];
            memset(cur, 0, sizeof(*cur));
        } else if (level == 2 && cur && id == ATT_TITLE) {
            cur->title = v; cur->tlen = len;
        } else if (level == 2 && cur && id == ATT_DATA) {
            cur->data = v; cur->len = len;
        } else if (level == 2 && cur && id == ATT_ATTACHMENT) {
            if (mapi_props(v, len, att_prop, cur) < 0)
                m->bad = 1;
        } else if (level == 1 && id == ATT_SUBJECT && !m->subject) {
            m->subject = v; m->slen = len;
        } else if (level == 1 && id == ATT_BODY && !m->body) {
            m->body = v; m->blen = len;
        } else if (level == 1 && id == ATT_MAPIPROPS) {
            if (mapi_props(v, len, msg_prop, m) < 0)
                m->bad = 1;
        }
        pos += 9 + len + 2;
    }
    if (pos < n && n - pos < 9 && n - pos > 0)
        m->bad = 1;
    return 0;
}

static char *str8(const unsigned char *s, size_t n, int wide, size_t *outlen)
{
    char *t = text_decode((const char *)s, n, wide ? "UTF-16LE" : NULL, outlen, NULL);

    while (t && *outlen > 0 && (t[*outlen - 1] == ' ' || t[*outlen - 1] == '\0'))
        t[--*outlen] = '\0';
    return t;
}

static int body(const tmsg *m, const reader_io *io)
{
    size_t n = 0, pn;
    char *t, *plain;
    unsigned char *rtf;
    int r, flags, cut;

    if (m->body && m->blen) {
        if (!(t = str8(m->body, m->blen, m->bwide, &n)))
            return RD_NOMEM;
        r = n ? io->emit(io->arg, SG_UNIT_BODY, NULL, t, n) : 0;
        free(t);
        return r < 0 ? RD_STOP : RD_FULL;
    }
    if (m->html && m->hlen) {
        if (!(t = text_decode((const char *)m->html, m->hlen, NULL, &n, NULL)))
            return RD_NOMEM;
        plain = html_text(t, n, io->max_text, &pn, &flags, NULL, NULL);
        r = io->emit(io->arg, SG_UNIT_BODY, NULL, plain ? plain : t, plain ? pn : n);
        if (plain && (flags & (HTML_TEXT_STOPPED | HTML_TEXT_OPEN_COMMENT)))
            io->partly(io->arg, SG_LIMIT_CORRUPT, "TNEF HTML body the parser did not finish");
        free(plain);
        free(t);
        return r < 0 ? RD_STOP : RD_FULL;
    }
    if (m->rtf && m->rlen) {
        if (!(rtf = lzfu_decompress(m->rtf, m->rlen, io->max_part, &n, &cut))) {
            io->partly(io->arg, SG_LIMIT_CORRUPT, "the TNEF compressed RTF body does not decompress");
            return RD_PARTLY;
        }
        if (cut)
            io->partly(io->arg, SG_LIMIT_PART_BYTES, "the TNEF RTF body is larger than max_part_bytes");
        r = rtf_text_read(rtf, n, io);
        free(rtf);
        return r;
    }
    return RD_FULL;
}

int tnef_read(const unsigned char *d, size_t n, const reader_io *io)
{
    tmsg m;
    size_t i, sn;
    char *s;
    int rc = RD_FULL, r;

    if (!tnef_is_tnef(d, n))
        return RD_NONE;
    memset(&m, 0, sizeof(m));
    if (parse(d, n, &m, io) < 0) {
        free(m.att);
        return RD_NOMEM;
    }
    if (m.bad)
        io->partly(io->arg, SG_LIMIT_CORRUPT, "TNEF stream cut off or corrupt");
    if (m.subject && m.slen && (s = str8(m.subject, m.slen, m.swide, &sn)) != NULL) {
        if (sn && io->emit(io->arg, SG_UNIT_SUBJECT, NULL, s, sn) < 0)
            rc = RD_STOP;
        free(s);
    }
    if (rc == RD_FULL && (r = body(&m, io)) != RD_FULL)
        rc = r;
    for (i = 0; i < m.natt && rc != RD_STOP && rc != RD_NOMEM; i++) {
        tatt *a = &m.att[i];
        char *name = NULL;
        size_t nn = 0;
        if (!a->data)
            continue;
        if (a->lname && a->llen)
            name = str8(a->lname, a->llen, a->lwide, &nn);
        else if (a->title && a->tlen)
            name = str8(a->title, a->tlen, 0, &nn);
        if (io->file(io->arg, name ? name : (a->obj ? "attached message" : ""), a->data, a->len) < 0)
            rc = RD_STOP;
        free(name);
    }
    free(m.att);
    return m.bad && rc == RD_FULL ? RD_PARTLY : rc;
}
