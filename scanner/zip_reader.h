/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * zip_reader - ZIP archives through libzip, read from memory (no copy):
 * member list with the per-entry encryption method (ZipCrypto, AES) and
 * bounded extraction of unencrypted members with zip_fread.
 *
 * Owns: the zip_t and its source (the data is borrowed and must outlive
 * the reader); the last stat'd member name. Free with zip_reader_close().
 * Limits: zip_reader_read() never produces more than max bytes and stops
 * when a member inflates beyond ratio times its compressed size (once
 * past SG_RATIO_MIN_BYTES), before reading it when the header says so.
 * Errors: ZR_* codes below; a truncated or non-ZIP input is ZR_CORRUPT.
 */
#ifndef SG_ZIP_READER_H
#define SG_ZIP_READER_H

#include <stddef.h>

enum {
    ZR_OK = 0, ZR_NOMEM = -1, ZR_CORRUPT = -2, ZR_TOOBIG = -3, ZR_RATIO = -4,
    ZR_ENCRYPTED = -5, ZR_UNSUPPORTED = -6
};

enum { ZR_ENC_NONE = 0, ZR_ENC_ZIPCRYPTO, ZR_ENC_AES, ZR_ENC_OTHER };

typedef struct zip_reader zip_reader;

typedef struct zip_member_info {
    const char *name;           /* raw bytes as stored (UTF-8 or, from Windows, CP932) */
    unsigned long long size;    /* uncompressed size (from the central directory) */
    unsigned long long csize;   /* compressed size */
    int encryption;             /* ZR_ENC_* */
    int is_dir;
} zip_member_info;

int zip_reader_open(const unsigned char *data, size_t len, zip_reader **out);
void zip_reader_close(zip_reader *zr);
long zip_reader_count(const zip_reader *zr);
/* Fills m for member idx (pointers valid until the next call); ZR_OK or ZR_CORRUPT. */
int zip_reader_stat(zip_reader *zr, long idx, zip_member_info *m);
/* Index of the member with this exact name, -1 if none. */
long zip_reader_locate(zip_reader *zr, const char *name);
/* Extracts member idx into a malloc'd, NUL-terminated buffer (*out, *outlen).
 * max: most bytes produced (ZR_TOOBIG beyond); ratio: 0 = no ratio check. */
int zip_reader_read(zip_reader *zr, long idx, size_t max, unsigned ratio,
                    unsigned char **out, size_t *outlen);
/* The first n bytes of member idx (fewer when it is shorter) into buf,
 * *got set: a look at a member's signature without extracting it. */
int zip_reader_head(zip_reader *zr, long idx, unsigned char *buf, size_t n, size_t *got);
const char *zip_reader_strerror(int code);

#endif
