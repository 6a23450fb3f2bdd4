/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * file_type - true file type with libmagic (never the file name alone), and
 * the hard caps shared by the container readers.
 *
 * One magic_t cookie per thread, taken from a process-wide pool or loaded
 * lazily on the first call on that thread, and given back to the pool at
 * thread exit by a pthread key destructor (or by file_type_thread_end());
 * file_type_shutdown() closes the pooled cookies. libmagic sees at most FILE_TYPE_MAGIC_BYTES of a
 * file (CFB files: FILE_TYPE_MAGIC_BYTES_CFB, its directory may be far in).
 *
 * file_type_detect() returns malloc'd strings the caller frees; on any
 * libmagic error the type is "application/octet-stream" and the
 * description says why (never NULL unless out of memory: returns -1).
 */
#ifndef SG_FILE_TYPE_H
#define SG_FILE_TYPE_H

#include <stddef.h>

/* --- container hard caps (not admin-tunable) ----------------------------- */
#define FILE_TYPE_MAGIC_BYTES      (256UL * 1024)       /* bytes libmagic looks at */
#define FILE_TYPE_MAGIC_BYTES_CFB  (8UL * 1024 * 1024)  /* ... for CFB/OLE2 files */
#define FILE_TYPE_MAGIC_BYTES_TEXT (16UL * 1024)        /* ... for clean text (see file_type.c) */
#define FILE_TYPE_COOKIE_POOL      64                   /* idle libmagic cookies kept */
#define SG_RATIO_MIN_BYTES         (1UL * 1024 * 1024)  /* compression ratio applies above this */
#define SG_MAX_MEMBER_NAME         4096                 /* bytes of an archive member name */
#define SG_MAX_OOXML_SHEETS        256                  /* worksheets read from one workbook */
#define SG_MAX_OOXML_SLIDES        2000                 /* slides read from one presentation */
#define SG_MAX_SHARED_STRINGS      (1UL * 1024 * 1024)  /* xlsx shared strings kept */
#define SG_MAX_PDF_DICT_SCAN       4096                 /* bytes searched back for a dictionary */
#define SG_MAX_CFB_SECTORS         (1UL << 20)          /* sectors followed in one chain */

/* Detects the MIME type (e.g. "application/zip") and the libmagic
 * description of data. Returns 0, or -1 when out of memory. */
int file_type_detect(const unsigned char *data, size_t len, char **mime, char **desc);
/* The same; full = 1 asks libmagic's whole database for every file (the
 * reference tests/unit/t-filetype.c compares the fast paths with), full = 0
 * is file_type_detect(): PDFs known by their signature and clean text
 * without the soft magic (see file_type.c). */
int file_type_detect_how(const unsigned char *data, size_t len, int full, char **mime, char **desc);

/* Gives this thread's cookie back to the pool now (optional; thread exit
 * does it too). */
void file_type_thread_end(void);

/* Closes this thread's and the pooled cookies (at process end; optional). */
void file_type_shutdown(void);

/* 1 when bytes with NUL bytes (not UTF-16) look like text once the NULs
 * are dropped (at most 1% other control bytes, at least
 * FILE_TYPE_NUL_TEXT_MIN bytes left; first 64 KiB). */
#define FILE_TYPE_NUL_TEXT_MIN 16
int file_type_nul_padded_text(const unsigned char *data, size_t len);

/* 1 when the bytes look like text: UTF-16 (BOM or NUL pattern, see
 * text_utf16_kind), or at most 1% control bytes (NUL included) in the
 * first 64 KiB. Any encoding (UTF-8, CP932, EUC-JP, JIS, UTF-16). */
int file_type_looks_text(const unsigned char *data, size_t len);

#endif
