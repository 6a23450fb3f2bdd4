/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_info - is a PDF encrypted, and what text does it show?
 *
 * Encryption: a PDF has an encryption dictionary when its trailer, or the
 * dictionary of its cross-reference stream (PDF 1.5+, /Type /XRef), has an
 * /Encrypt entry ("/EncryptMetadata" and /Encrypt anywhere else do not
 * count). It is encrypted for the recipient only when the empty user
 * password does not open it (pdf_crypt.c: standard handler R2-R6): a file
 * with an owner password only is decrypted and read.
 *
 * Text (pdf_info_text, for unencrypted PDFs): objects are found by a
 * linear scan for "N G obj" (no xref table needed, so truncated and
 * damaged files still give what they hold), plus the objects inside object
 * streams (/Type /ObjStm). For each page (/Type /Page) and each form
 * XObject, its content streams are decoded (none or /FlateDecode; other
 * filters on a content stream set PDF_F_FILTER) and the strings shown by
 * Tj, TJ, ' and " are turned into UTF-8 through the font selected by Tf in
 * the page's /Resources /Font (inherited through /Parent): ToUnicode CMaps
 * (bfchar, bfrange; Identity-H CID fonts as Japanese PDFs use them),
 * UniJIS-UCS2/UTF16 and RKSJ (Shift_JIS) encodings, simple fonts as
 * WinAnsi, UTF-16BE strings with a BOM (pdf_content.c). Without any page
 * object every content-like stream is read with simple fonts. Text in a
 * CID font without a ToUnicode map cannot be read: PDF_F_NOMAP. Not done:
 * text in annotations and form fields, Type3 fonts' glyph names, the
 * /Differences of simple fonts, filters other than Flate (LZW, ASCII85).
 *
 * Limits: max_stream inflated bytes per stream (PDF_F_PART, the stream is
 * read up to it), max_ratio (inflated/compressed above SG_RATIO_MIN_BYTES:
 * PDF_F_RATIO and the file is read no further), max_text bytes of text
 * (PDF_F_TEXT), PDF_MAX_OBJECTS objects, PDF_MAX_CONTENTS content streams,
 * PDF_MAX_FONTS fonts (PDF_F_OBJECTS), o->check() after every inflated
 * chunk and every PDF_TICK_TOKENS tokens (time and decoded-bytes budget:
 * PDF_F_STOPPED). A truncated or corrupt stream, or one without
 * "endstream", gives what it holds and PDF_F_CORRUPT. Nesting is counted
 * iteratively, never recursed into.
 *
 * pdf_info_is_pdf / pdf_info_encrypted: pure functions over borrowed bytes.
 * pdf_info_text: the text is malloc'd for the caller; everything else it
 * allocates is freed before it returns.
 */
#ifndef SG_PDF_INFO_H
#define SG_PDF_INFO_H

#include <stddef.h>

#define PDF_MAX_ENCRYPT_HITS 1000
#define PDF_MAX_OBJECTS      200000   /* objects indexed (file + object streams) */
#define PDF_MAX_CONTENTS     20000    /* content streams read */
#define PDF_MAX_FONTS        4096     /* fonts read */
#define PDF_MAX_PARENT_DEPTH 32       /* /Parent links followed for /Resources */
#define PDF_MAX_REF_CHAIN    8        /* indirect references followed for one value */
#define PDF_INFLATE_CHUNK    (64UL * 1024)
#define PDF_MAX_FILTERS      8        /* filters in one stream's chain */

#define PDF_F_CORRUPT  0x01u   /* a stream is truncated, lacks endstream or does not inflate */
#define PDF_F_PART     0x02u   /* a stream inflates past max_stream */
#define PDF_F_RATIO    0x04u   /* compression ratio above max_ratio */
#define PDF_F_TEXT     0x08u   /* text longer than max_text */
#define PDF_F_OBJECTS  0x10u   /* object, content-stream or font cap reached */
#define PDF_F_STOPPED  0x20u   /* o->check() said stop */
#define PDF_F_FILTER   0x40u   /* a content stream with a filter not decoded */
#define PDF_F_NOMAP    0x80u   /* text shown in a CID font without a Unicode map (not read) */
#define PDF_F_LOCKED   0x100u  /* encrypted and the empty user password does not open it */

typedef struct pdf_text_opts {
    size_t max_stream;       /* inflated bytes of one stream */
    unsigned max_ratio;      /* inflated / compressed bytes, above SG_RATIO_MIN_BYTES */
    size_t max_text;         /* UTF-8 bytes of text */
    /* called with the bytes just inflated (and 0 now and then); nonzero: stop */
    int (*check)(void *arg, size_t inflated);
    void *arg;
} pdf_text_opts;

/* 1 when data starts with a PDF header (within the first 1024 bytes). */
int pdf_info_is_pdf(const unsigned char *data, size_t len);
/* 1 when the file has an /Encrypt dictionary, 0 not. Whether it is
 * encrypted for its reader is pdf_info_text's PDF_F_LOCKED: a file with
 * an owner (permissions) password only opens with the empty user
 * password and its text is read. */
int pdf_info_encrypted(const unsigned char *data, size_t len);
/* Text shown by the pages. Returns 0 with *text (malloc'd UTF-8,
 * NUL-terminated, possibly empty), *textlen and *flags (PDF_F_*) set, or
 * -1 when out of memory. */
int pdf_info_text(const unsigned char *data, size_t len, const pdf_text_opts *o,
                  char **text, size_t *textlen, unsigned *flags);

#endif
