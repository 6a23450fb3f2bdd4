/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * archive_reader - libarchive from memory; see archive_reader.h.
 *
 * Formats: all libarchive formats except ZIP (ZIP goes through libzip for
 * its per-entry encryption method) plus raw (a lone .gz/.bz2/.xz); all
 * filters. Passphrases are never tried.
 */
#include "archive_reader.h"
#include "sg_alloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "file_type.h"

#define AR_CHUNK (256 * 1024)

struct archive_reader {
    struct archive *a;
    size_t inlen;
    unsigned long long out_total;   /* bytes produced from all members so far */
    int started;
};

static int open_as(const unsigned char *data, size_t len, int raw_only, archive_reader **out)
{
    archive_reader *ar;

    *out = NULL;
    if (!(ar = sg_calloc(1, sizeof(*ar))) || !(ar->a = archive_read_new())) {
        free(ar);
        return AR_NOMEM;
    }
    ar->inlen = len;
    archive_read_support_filter_all(ar->a);
    if (raw_only)
        goto raw;
    archive_read_support_format_7zip(ar->a);
    archive_read_support_format_rar(ar->a);
    archive_read_support_format_rar5(ar->a);
    archive_read_support_format_lha(ar->a);
    archive_read_support_format_tar(ar->a);
    archive_read_support_format_cpio(ar->a);
    archive_read_support_format_iso9660(ar->a);
    archive_read_support_format_cab(ar->a);
    archive_read_support_format_ar(ar->a);
raw:
    archive_read_support_format_raw(ar->a);
    if (archive_read_open_memory(ar->a, data, len) != ARCHIVE_OK) {
        archive_reader_close(ar);
        return AR_CORRUPT;
    }
    *out = ar;
    return AR_OK;
}

int archive_reader_open(const unsigned char *data, size_t len, archive_reader **out)
{
    return open_as(data, len, 0, out);
}

int archive_reader_open_raw(const unsigned char *data, size_t len, archive_reader **out)
{
    return open_as(data, len, 1, out);
}

int archive_reader_compressed(archive_reader *ar)
{
    return archive_filter_count(ar->a) > 1;
}

void archive_reader_close(archive_reader *ar)
{
    if (!ar)
        return;
    if (ar->a)
        archive_read_free(ar->a);
    free(ar);
}

int archive_reader_next(archive_reader *ar, archive_member_info *m)
{
    struct archive_entry *e;
    int r;
    const char *name;

    memset(m, 0, sizeof(*m));
    r = archive_read_next_header(ar->a, &e);
    if (r == ARCHIVE_EOF)
        return AR_EOF;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
        const char *es = archive_error_string(ar->a);
        if (archive_read_has_encrypted_entries(ar->a) > 0 ||
            (es && (strstr(es, "ncrypt") || strstr(es, "assphrase"))))
            return AR_HEADER_ENCRYPTED;
        return AR_CORRUPT;
    }
    ar->started = 1;
    name = archive_entry_pathname_utf8(e);
    if (!name)
        name = archive_entry_pathname(e);
    m->name = name ? name : "";
    m->size_known = archive_entry_size_is_set(e);
    m->size = m->size_known && archive_entry_size(e) > 0 ? (unsigned long long)archive_entry_size(e) : 0;
    m->encrypted = archive_entry_is_encrypted(e) != 0;
    m->is_file = archive_entry_filetype(e) == AE_IFREG || archive_entry_filetype(e) == 0;
    return AR_OK;
}

static int ratio_exceeded(const archive_reader *ar, unsigned ratio)
{
    if (!ratio || ar->out_total <= SG_RATIO_MIN_BYTES)
        return 0;
    return ar->out_total / ratio > ar->inlen;
}

int archive_reader_read(archive_reader *ar, size_t max, unsigned ratio,
                        unsigned char **out, size_t *outlen)
{
    unsigned char *buf = NULL, *nb;
    size_t alloc = 0, len = 0;

    *out = NULL;
    *outlen = 0;
    for (;;) {
        la_ssize_t got;
        size_t want;

        if (len == alloc) {
            if (alloc >= max + 1) {
                free(buf);
                return AR_TOOBIG;
            }
            alloc = alloc < AR_CHUNK ? AR_CHUNK : alloc * 2;
            if (alloc > max + 1)
                alloc = max + 1;
            if (!(nb = sg_realloc(buf, alloc + 1))) {
                free(buf);
                return AR_NOMEM;
            }
            buf = nb;
        }
        want = alloc - len;
        got = archive_read_data(ar->a, buf + len, want);
        if (got < 0) {
            free(buf);
            return archive_read_has_encrypted_entries(ar->a) > 0 ? AR_ENCRYPTED : AR_CORRUPT;
        }
        if (got == 0)
            break;
        len += (size_t)got;
        ar->out_total += (unsigned long long)got;
        if (len > max) {
            free(buf);
            return AR_TOOBIG;
        }
        if (ratio_exceeded(ar, ratio)) {
            free(buf);
            return AR_RATIO;
        }
    }
    if (!buf && !(buf = sg_malloc(1)))
        return AR_NOMEM;
    buf[len] = 0;
    *out = buf;
    *outlen = len;
    return AR_OK;
}

const char *archive_reader_format(archive_reader *ar)
{
    const char *f = archive_format_name(ar->a);

    return f ? f : "unknown";
}

int archive_reader_is_raw(archive_reader *ar)
{
    return archive_format(ar->a) == ARCHIVE_FORMAT_RAW;
}

const char *archive_reader_strerror(int code)
{
    switch (code) {
    case AR_OK: return "ok";
    case AR_EOF: return "end of archive";
    case AR_NOMEM: return "out of memory";
    case AR_CORRUPT: return "corrupt or truncated archive";
    case AR_TOOBIG: return "member larger than max_part_bytes";
    case AR_RATIO: return "compression ratio above max_compression_ratio";
    case AR_ENCRYPTED: return "encrypted member";
    case AR_HEADER_ENCRYPTED: return "archive headers are encrypted";
    default: return "archive error";
    }
}
