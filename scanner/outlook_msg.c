/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outlook_msg - .msg files ([MS-OXMSG]) through libgsf storages; see
 * outlook_msg.h.
 *
 * Property streams are named __substg1.0_TTTTPPPP (tag, type): 001F
 * UTF-16LE strings, 001E 8-bit strings (decoded by text_decode's
 * detection: CP932 or UTF-8 in Japanese mail), 0102 binary. Attachments
 * are the storages __attach_version1.0_#N; attached messages and OLE
 * objects are the storage __substg1.0_3701000D inside them.
 */
#include "outlook_msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "lzfu.h"
#include "rtf_text.h"
#include "sg_alloc.h"
#include "sg_buf.h"

#define MSG_MAX_ATTACH 4096     /* attachment storages looked at */

/* A string property (UTF-16 form first, then the 8-bit one) as UTF-8. */
static char *prop_string(GsfInfile *stg, unsigned tag, const reader_io *io, size_t *len)
{
    char name[40];
    GsfInput *in;
    unsigned char *raw;
    size_t n;
    int cut;
    char *s = NULL;

    *len = 0;
    for (int wide = 1; wide >= 0 && !s; wide--) {
        snprintf(name, sizeof(name), "__substg1.0_%04X%s", tag, wide ? "001F" : "001E");
        if (!(in = gsf_infile_child_by_name(stg, name)))
            continue;
        raw = cfb_doc_stream(in, io->max_part, &n, &cut);
        g_object_unref(in);
        if (cut)
            io->partly(io->arg, SG_LIMIT_PART_BYTES, "a message property larger than max_part_bytes");
        if (!raw)
            continue;
        s = text_decode((const char *)raw, n, wide ? "UTF-16LE" : NULL, len, NULL);
        free(raw);
        while (s && *len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\0'))
            s[--*len] = '\0';           /* trailing NUL terminator (as a space) */
    }
    return s;
}

static unsigned char *prop_binary(GsfInfile *stg, unsigned tag, const reader_io *io, size_t *len)
{
    char name[40];
    GsfInput *in;
    unsigned char *raw;
    int cut;

    *len = 0;
    snprintf(name, sizeof(name), "__substg1.0_%04X0102", tag);
    if (!(in = gsf_infile_child_by_name(stg, name)))
        return NULL;
    raw = cfb_doc_stream(in, io->max_part, len, &cut);
    g_object_unref(in);
    if (cut)
        io->partly(io->arg, SG_LIMIT_PART_BYTES, "a message property larger than max_part_bytes");
    return raw;
}

/* Body: PR_BODY, else PR_HTML, else PR_RTF_COMPRESSED. */
static int read_body(GsfInfile *stg, const reader_io *io)
{
    size_t n = 0, rn, pn;
    char *s = prop_string(stg, 0x1000, io, &n);
    unsigned char *raw;
    int r = 0, flags, cut;

    if (s && n) {
        r = io->emit(io->arg, SG_UNIT_BODY, NULL, s, n);
        free(s);
        return r < 0 ? RD_STOP : RD_FULL;
    }
    free(s);
    if ((raw = prop_binary(stg, 0x1013, io, &rn)) != NULL) {
        char *t = text_decode((const char *)raw, rn, NULL, &n, NULL), *plain;
        free(raw);
        if (!t)
            return RD_NOMEM;
        plain = html_text(t, n, io->max_text, &pn, &flags, NULL, NULL);
        if (plain) {
            if (flags & (HTML_TEXT_STOPPED | HTML_TEXT_OPEN_COMMENT))
                io->partly(io->arg, SG_LIMIT_CORRUPT, "message HTML body the parser did not finish");
            r = io->emit(io->arg, SG_UNIT_BODY, NULL, plain, pn);
        } else {
            r = io->emit(io->arg, SG_UNIT_BODY, NULL, t, n);
        }
        free(plain);
        free(t);
        return r < 0 ? RD_STOP : RD_FULL;
    }
    if ((raw = prop_binary(stg, 0x1009, io, &rn)) != NULL) {
        unsigned char *rtf = lzfu_decompress(raw, rn, io->max_part, &n, &cut);
        free(raw);
        if (!rtf) {
            io->partly(io->arg, SG_LIMIT_CORRUPT, "the message's compressed RTF body does not decompress");
            return RD_PARTLY;
        }
        if (cut)
            io->partly(io->arg, SG_LIMIT_PART_BYTES, "the message's RTF body is larger than max_part_bytes");
        r = rtf_text_read(rtf, n, io);
        free(rtf);
        return r;
    }
    return RD_FULL;
}

/* Sender and recipients' names and addresses as properties lines. */
static int read_people(GsfInfile *stg, const reader_io *io)
{
    static const struct { unsigned tag; const char *label; } tab[] = {
        { 0x0C1A, "From" }, { 0x0C1F, "From address" }, { 0x0E04, "To" }, { 0x0E03, "Cc" },
        { 0x0E02, "Bcc" },
    };
    sg_buf b;
    int r = RD_FULL;

    sg_buf_init(&b, io->max_text);
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        size_t n;
        char *s = prop_string(stg, tab[i].tag, io, &n);
        if (s && n)
            (void)sg_buf_printf(&b, "%s: %s\n", tab[i].label, s);
        free(s);
    }
    if (b.len && io->emit(io->arg, SG_UNIT_PROPERTIES, NULL, sg_buf_str(&b), b.len) < 0)
        r = RD_STOP;
    sg_buf_free(&b);
    return r;
}

typedef struct pre_io {
    const reader_io *up;
    const char *prefix;
} pre_io;

static int pre_emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    pre_io *p = arg;
    char *name = sg_asprintf("%s%s%s", p->prefix, sub ? "/" : "", sub ? sub : "");
    int r = p->up->emit(p->up->arg, kind, name, text, len);

    free(name);
    return r;
}

static int pre_file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    pre_io *p = arg;

    return p->up->file(p->up->arg, name, d, len);
}

static void pre_partly(void *arg, unsigned flag, const char *why)
{
    pre_io *p = arg;

    p->up->partly(p->up->arg, flag, why);
}

static int read_attachment(GsfInfile *att, const reader_io *io, int depth, unsigned idx)
{
    size_t n = 0, dn;
    char *name = prop_string(att, 0x3707, io, &n);
    unsigned char *data;
    GsfInput *obj;
    int r = RD_FULL;

    if (!name || !n) {
        free(name);
        name = prop_string(att, 0x3704, io, &n);
    }
    if (!name || !n) {
        free(name);
        name = prop_string(att, 0x3001, io, &n);     /* display name */
    }
    if ((data = prop_binary(att, 0x3701, io, &dn)) != NULL) {
        if (io->file(io->arg, name ? name : "", data, dn) < 0)
            r = RD_STOP;
        free(data);
    } else if ((obj = gsf_infile_child_by_name(att, "__substg1.0_3701000D")) != NULL) {
        if (GSF_IS_INFILE(obj)) {
            char *pre = sg_asprintf("attached message %u%s%s", idx + 1, name && *name ? " " : "",
                                        name ? name : "");
            pre_io p = { io, pre };
            reader_io sub = { &p, pre_emit, pre_file, pre_partly, io->max_text, io->max_part };
            int enc = 0;
            r = cfb_doc_storage(GSF_INFILE(obj), &sub, depth + 1, &enc);
            if (enc)
                io->partly(io->arg, SG_LIMIT_ENCRYPTED, "an object attached to the message is encrypted");
            if (r == RD_NONE) {
                io->partly(io->arg, SG_LIMIT_UNSUPPORTED,
                           "an object attached to the message of a kind the scanner does not read");
                r = RD_PARTLY;
            }
            free(pre);
        }
        g_object_unref(obj);
    }
    free(name);
    return r;
}

int outlook_msg_read(GsfInfile *stg, const reader_io *io, int depth)
{
    size_t n = 0;
    char *subject = prop_string(stg, 0x0037, io, &n);
    int i, k, rc = RD_FULL, r;
    unsigned natt = 0;

    if (subject && n && io->emit(io->arg, SG_UNIT_SUBJECT, NULL, subject, n) < 0)
        rc = RD_STOP;
    free(subject);
    if (rc == RD_FULL)
        rc = read_people(stg, io);
    if (rc == RD_FULL || rc == RD_PARTLY)
        if ((r = read_body(stg, io)) != RD_FULL)
            rc = r;
    k = gsf_infile_num_children(stg);
    for (i = 0; i < k && rc != RD_STOP && rc != RD_NOMEM; i++) {
        const char *name = gsf_infile_name_by_index(stg, i);
        GsfInput *att;
        if (!name || strncmp(name, "__attach_version1.0_#", 21) != 0)
            continue;
        if (natt++ >= MSG_MAX_ATTACH) {
            io->partly(io->arg, SG_LIMIT_ARCHIVE_MEMBERS, "more message attachments than the scanner reads");
            break;
        }
        if (!(att = gsf_infile_child_by_index(stg, i)))
            continue;
        if (GSF_IS_INFILE(att) && (r = read_attachment(GSF_INFILE(att), io, depth, natt - 1)) != RD_FULL)
            rc = r < 0 ? r : rc == RD_FULL ? r : rc;
        g_object_unref(att);
    }
    return rc;
}
