/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_content - the PDF pieces below the object level, for pdf_info.c, in
 * three files: pdf_lex.c (the token reader, string operands: literal with
 * escapes, hex), pdf_font.c (how a shown string's bytes become Unicode: a
 * ToUnicode CMap's bfchar/bfrange maps, UTF-16 CMaps, Shift_JIS CMaps,
 * simple fonts in WinAnsi/PDFDocEncoding, UTF-16BE strings with a BOM;
 * glyph widths) and pdf_text.c (the text of one content stream, operators
 * Tj, TJ, ' and ", laid out by position).
 *
 * Everything works on borrowed bytes, iteratively (nesting is counted,
 * never recursed into). A pdf_font owns its map (pdf_font_free).
 * Limits: PDF_MAX_CMAP_ENTRIES map entries per font, PDF_MAX_MAP_UNITS
 * UTF-16 units per mapped code, the caller's sg_buf cap on the text, and
 * io->tick() every PDF_TICK_TOKENS tokens (time and decoded-bytes budget).
 */
#ifndef SG_PDF_CONTENT_H
#define SG_PDF_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "sg_buf.h"

#define PDF_MAX_CMAP_ENTRIES 100000   /* bfchar + bfrange entries kept per font */
#define PDF_MAX_MAP_UNITS    8        /* UTF-16 units one code maps to */
#define PDF_TICK_TOKENS      4096     /* tokens between two io->tick() calls */
#define PDF_MAX_WIDTHS       65536    /* /Widths entries kept per font */

typedef enum {
    PT_EOF, PT_NUM, PT_STR, PT_HEX, PT_NAME, PT_AOPEN, PT_ACLOSE, PT_DOPEN, PT_DCLOSE, PT_KW
} pdf_tk;

typedef struct pdf_tok {
    pdf_tk k;
    const unsigned char *p;   /* inside the delimiters for strings, after '/' for names */
    size_t n;
} pdf_tok;

typedef struct pdf_lex {
    const unsigned char *p, *end;
} pdf_lex;

void pdf_lex_init(pdf_lex *lx, const unsigned char *p, size_t n);
pdf_tk pdf_lex_next(pdf_lex *lx, pdf_tok *t);
/* Skips the value that begins with t (a whole dict or array; "N G R"
 * stays three tokens). Returns the end of the value. */
const unsigned char *pdf_lex_skip(pdf_lex *lx, const pdf_tok *t);
/* Bytes of a string token (escapes / hex undone) into out, which has room
 * for t->n bytes; returns the count. */
size_t pdf_str_bytes(const pdf_tok *t, unsigned char *out);
/* 1 when name token t is the name s (without '/'). */
int pdf_tok_is(const pdf_tok *t, pdf_tk k, const char *s);

/* How codes become text. */
typedef enum {
    PF_SIMPLE,      /* 1-byte codes: ToUnicode when present, else WinAnsi; BOM: UTF-16BE */
    PF_CID,         /* 2-byte codes (Identity-H and the like): ToUnicode only */
    PF_UTF16,       /* UniJIS-UCS2-H, UniJIS-UTF16-H: codes are UTF-16BE */
    PF_SJIS         /* 90ms-RKSJ-H and the like: codes are Shift_JIS (CP932) */
} pdf_font_kind;

typedef struct pdf_font pdf_font;

pdf_font *pdf_font_new(pdf_font_kind kind);
/* Reads a ToUnicode CMap into f. Returns 0, or -1 when out of memory. */
int pdf_font_cmap(pdf_font *f, const unsigned char *d, size_t n);
int pdf_font_has_map(const pdf_font *f);
/* 1 for a CID font without any Unicode map (its text cannot be read). */
int pdf_font_needs_map(const pdf_font *f);
/* Glyph widths: /Widths from code first (n of them), /DW (0: none).
 * Returns 0, or -1 when out of memory. */
int pdf_font_set_widths(pdf_font *f, unsigned first, const uint16_t *w, size_t n, unsigned dw);
void pdf_font_free(pdf_font *f);
/* Appends the text of string bytes s shown with font f (NULL: a simple
 * font) to b. Returns an SG_BUF_* code. */
int pdf_font_show(sg_buf *b, const pdf_font *f, const unsigned char *s, size_t n);
/* Advance of s in text space: glyph widths x size / 1000 + Tc per glyph +
 * Tw per single-byte space. */
double pdf_font_advance(const pdf_font *f, const unsigned char *s, size_t n, double tc, double tw,
                        double size);
/* One code point as UTF-8 (controls as spaces, bad ones as U+FFFD). */
int pdf_put_cp(sg_buf *b, uint32_t cp);
/* A PDF text string (annotation contents, form values): UTF-16BE with a
 * BOM, UTF-8 with a BOM, else PDFDocEncoding (read as WinAnsi). */
int pdf_text_string(sg_buf *b, const unsigned char *s, size_t n);

typedef struct pdf_content_io {
    /* font of resource name (without '/'); NULL when unknown */
    const pdf_font *(*font)(void *arg, const unsigned char *name, size_t n);
    int (*tick)(void *arg);   /* nonzero: stop */
    void *arg;
    sg_buf *out;              /* UTF-8 text is appended here */
    unsigned long *unmapped;  /* counts strings shown in a CID font without a map */
} pdf_content_io;

/* Appends the text shown by one content stream. Returns 0, 1 when the
 * output buffer is full or tick() said stop, -1 when out of memory. */
int pdf_content_text(const unsigned char *d, size_t n, const pdf_content_io *io);

#endif
