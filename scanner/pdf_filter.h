/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_filter - PDF stream filters besides Flate (which pdf_info.c runs
 * with its ratio and budget checks): ASCIIHex, ASCII85, LZW, RunLength,
 * and the TIFF/PNG predictors of Flate and LZW. ReportLab and many
 * Japanese form tools write ASCII85 + Flate. See pdf_filter.c.
 */
#ifndef SG_PDF_FILTER_H
#define SG_PDF_FILTER_H

#include <stddef.h>

typedef enum {
    PDF_FILTER_NONE = 0, PDF_FILTER_FLATE, PDF_FILTER_AHX, PDF_FILTER_A85, PDF_FILTER_LZW,
    PDF_FILTER_RL, PDF_FILTER_OTHER
} pdf_filter_kind;

typedef struct pdf_predict {
    unsigned predictor, colors, bpc, columns;
} pdf_predict;

/* Decodes d with filter k into *out (malloc'd, NUL-terminated, at most
 * max bytes: *cut beyond). early: LZW EarlyChange. Returns 0 (partial
 * output on a cut), 1 corrupt or unknown filter (output so far kept in
 * *out), -1 out of memory. */
int pdf_filter_decode(pdf_filter_kind k, const unsigned char *d, size_t n, int early,
                      size_t max, unsigned char **out, size_t *outn, int *cut);
/* Undoes a predictor in place (*n shrinks by the PNG row tags). Returns
 * 0, 1 for parameters it does not handle, -1 out of memory. */
int pdf_filter_predict(const pdf_predict *pp, unsigned char *d, size_t *n);

#endif
