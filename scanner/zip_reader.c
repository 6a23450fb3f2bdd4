/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * zip_reader - libzip from memory; see zip_reader.h.
 *
 * Encryption: zip_stat's encryption_method (ZIP_EM_TRAD_PKWARE = ZipCrypto,
 * ZIP_EM_AES_* = WinZip AES). Extraction: zip_fopen_index + zip_fread in
 * chunks into a buffer sized from the header (capped at max), never more.
 */
#include "zip_reader.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "file_type.h"

#define ZR_CHUNK (64 * 1024)

struct zip_reader {
    zip_t *za;
    long n;
};

int zip_reader_open(const unsigned char *data, size_t len, zip_reader **out)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_reader *zr;

    *out = NULL;
    zip_error_init(&ze);
    if (!(zr = sg_calloc(1, sizeof(*zr))))
        return ZR_NOMEM;
    if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
        zip_error_fini(&ze);
        free(zr);
        return ZR_NOMEM;
    }
    zr->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!zr->za) {
        int code = zip_error_code_zip(&ze);
        zip_source_free(src);
        zip_error_fini(&ze);
        free(zr);
        return code == ZIP_ER_MEMORY ? ZR_NOMEM : ZR_CORRUPT;
    }
    zip_error_fini(&ze);
    zr->n = (long)zip_get_num_entries(zr->za, 0);
    if (zr->n < 0)
        zr->n = 0;
    *out = zr;
    return ZR_OK;
}

void zip_reader_close(zip_reader *zr)
{
    if (!zr)
        return;
    if (zr->za)
        zip_discard(zr->za);
    free(zr);
}

long zip_reader_count(const zip_reader *zr)
{
    return zr ? zr->n : 0;
}

int zip_reader_stat(zip_reader *zr, long idx, zip_member_info *m)
{
    zip_stat_t st;
    const char *name;
    size_t nl;

    memset(m, 0, sizeof(*m));
    zip_stat_init(&st);
    if (zip_stat_index(zr->za, (zip_uint64_t)idx, ZIP_FL_ENC_RAW, &st) != 0)
        return ZR_CORRUPT;
    name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "";
    m->name = name;
    m->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    m->csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    nl = strlen(name);
    m->is_dir = nl > 0 && name[nl - 1] == '/';
    if (!(st.valid & ZIP_STAT_ENCRYPTION_METHOD) || st.encryption_method == ZIP_EM_NONE)
        m->encryption = ZR_ENC_NONE;
    else if (st.encryption_method == ZIP_EM_TRAD_PKWARE)
        m->encryption = ZR_ENC_ZIPCRYPTO;
    else if (st.encryption_method == ZIP_EM_AES_128 || st.encryption_method == ZIP_EM_AES_192 ||
             st.encryption_method == ZIP_EM_AES_256)
        m->encryption = ZR_ENC_AES;
    else
        m->encryption = ZR_ENC_OTHER;
    return ZR_OK;
}

long zip_reader_locate(zip_reader *zr, const char *name)
{
    zip_int64_t i = zip_name_locate(zr->za, name, ZIP_FL_ENC_RAW);

    return i < 0 ? -1 : (long)i;
}

static int ratio_exceeded(unsigned long long produced, unsigned long long csize, unsigned ratio)
{
    if (!ratio || produced <= SG_RATIO_MIN_BYTES)
        return 0;
    return csize == 0 || produced / ratio > csize;
}

static int open_error(zip_reader *zr)
{
    int code = zip_error_code_zip(zip_get_error(zr->za));

    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
        return ZR_ENCRYPTED;
    if (code == ZIP_ER_COMPNOTSUPP)
        return ZR_UNSUPPORTED;
    if (code == ZIP_ER_MEMORY)
        return ZR_NOMEM;
    return ZR_CORRUPT;
}

static int read_loop(zip_file_t *zf, unsigned char **buf, size_t *alloc, size_t *len,
                     size_t max, unsigned long long csize, unsigned ratio)
{
    for (;;) {
        zip_int64_t got;
        size_t want;

        if (*len == *alloc) {
            size_t na;
            unsigned char *nb;
            if (*alloc >= max + 1)
                return ZR_TOOBIG;
            na = *alloc < ZR_CHUNK ? ZR_CHUNK : *alloc * 2;
            if (na > max + 1)
                na = max + 1;
            if (!(nb = sg_realloc(*buf, na + 1)))
                return ZR_NOMEM;
            *buf = nb;
            *alloc = na;
        }
        want = *alloc - *len;
        if (want > ZR_CHUNK * 16)
            want = ZR_CHUNK * 16;
        got = zip_fread(zf, *buf + *len, want);
        if (got < 0)
            return ZR_CORRUPT;
        if (got == 0)
            return ZR_OK;
        *len += (size_t)got;
        if (*len > max)
            return ZR_TOOBIG;
        if (ratio_exceeded(*len, csize, ratio))
            return ZR_RATIO;
    }
}

int zip_reader_read(zip_reader *zr, long idx, size_t max, unsigned ratio,
                    unsigned char **out, size_t *outlen)
{
    zip_member_info m;
    zip_file_t *zf;
    unsigned char *buf = NULL;
    size_t alloc, len = 0;
    int r;

    *out = NULL;
    *outlen = 0;
    if ((r = zip_reader_stat(zr, idx, &m)) != ZR_OK)
        return r;
    if (m.encryption != ZR_ENC_NONE)
        return ZR_ENCRYPTED;
    if (m.size > max)
        return ZR_TOOBIG;
    if (ratio_exceeded(m.size, m.csize, ratio))
        return ZR_RATIO;
    if (!(zf = zip_fopen_index(zr->za, (zip_uint64_t)idx, 0)))
        return open_error(zr);
    alloc = (size_t)m.size < max ? (size_t)m.size + 1 : max + 1;
    if (!(buf = sg_malloc(alloc + 1))) {
        zip_fclose(zf);
        return ZR_NOMEM;
    }
    r = read_loop(zf, &buf, &alloc, &len, max, m.csize, ratio);
    if (zip_fclose(zf) != 0 && r == ZR_OK)
        r = ZR_CORRUPT;   /* CRC mismatch shows up here */
    if (r != ZR_OK) {
        free(buf);
        return r;
    }
    buf[len] = 0;
    *out = buf;
    *outlen = len;
    return ZR_OK;
}

int zip_reader_head(zip_reader *zr, long idx, unsigned char *buf, size_t n, size_t *got)
{
    zip_member_info m;
    zip_file_t *zf;
    zip_int64_t r;
    int rc;

    *got = 0;
    if ((rc = zip_reader_stat(zr, idx, &m)) != ZR_OK)
        return rc;
    if (m.encryption != ZR_ENC_NONE)
        return ZR_ENCRYPTED;
    if (!(zf = zip_fopen_index(zr->za, (zip_uint64_t)idx, 0)))
        return open_error(zr);
    r = zip_fread(zf, buf, n);
    zip_fclose(zf);                  /* a partial read: no CRC to check */
    if (r < 0)
        return ZR_CORRUPT;
    *got = (size_t)r;
    return ZR_OK;
}

const char *zip_reader_strerror(int code)
{
    switch (code) {
    case ZR_OK: return "ok";
    case ZR_NOMEM: return "out of memory";
    case ZR_CORRUPT: return "corrupt or truncated zip";
    case ZR_TOOBIG: return "member larger than max_part_bytes";
    case ZR_RATIO: return "compression ratio above max_compression_ratio";
    case ZR_ENCRYPTED: return "encrypted member";
    case ZR_UNSUPPORTED: return "unsupported compression method";
    default: return "zip error";
    }
}
