/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * archive_reader - 7z, RAR, LZH, tar, cpio, ISO and single-file gzip /
 * bzip2 / xz (the "raw" format) through libarchive, read from memory, with
 * their encryption state: archive_entry_is_encrypted() per member and
 * archive_read_has_encrypted_entries() for archives whose headers are
 * encrypted (7z -mhe: no member can even be listed).
 *
 * Owns: the struct archive (data is borrowed and must outlive it).
 * Limits: archive_reader_read() produces at most max bytes per member and
 * stops when the archive's total output passes ratio times the archive's
 * size (past SG_RATIO_MIN_BYTES): libarchive reads from one memory block,
 * so the ratio is taken for the whole archive, not per member.
 * Errors: AR_* codes; a truncated archive is AR_CORRUPT.
 */
#ifndef SG_ARCHIVE_READER_H
#define SG_ARCHIVE_READER_H

#include <stddef.h>

enum {
    AR_OK = 0, AR_EOF = 1, AR_NOMEM = -1, AR_CORRUPT = -2, AR_TOOBIG = -3, AR_RATIO = -4,
    AR_ENCRYPTED = -5, AR_HEADER_ENCRYPTED = -6
};

typedef struct archive_reader archive_reader;

typedef struct archive_member_info {
    const char *name;           /* as stored (UTF-8 when libarchive can tell), may be "" */
    unsigned long long size;    /* 0 when unknown */
    int size_known;
    int encrypted;              /* data or metadata encrypted */
    int is_file;                /* regular file (directories, links etc. are skipped) */
} archive_member_info;

int archive_reader_open(const unsigned char *data, size_t len, archive_reader **out);
/* The same, with the raw format only: the whole decompressed stream as one
 * member (a lone .gz whose content a tar reader took for an empty tar). */
int archive_reader_open_raw(const unsigned char *data, size_t len, archive_reader **out);
/* 1 when a compression filter (gzip, bzip2, xz ...) is in use. */
int archive_reader_compressed(archive_reader *ar);
void archive_reader_close(archive_reader *ar);
/* Next member: AR_OK (m filled), AR_EOF, AR_CORRUPT or AR_HEADER_ENCRYPTED. */
int archive_reader_next(archive_reader *ar, archive_member_info *m);
/* Reads the current member into a malloc'd NUL-terminated buffer. */
int archive_reader_read(archive_reader *ar, size_t max, unsigned ratio,
                        unsigned char **out, size_t *outlen);
/* libarchive's format name of the archive ("7-Zip", "RAR", "GNU tar format"...). */
const char *archive_reader_format(archive_reader *ar);
/* 1 when the format is "raw" (a single compressed file, no members). */
int archive_reader_is_raw(archive_reader *ar);
const char *archive_reader_strerror(int code);

#endif
