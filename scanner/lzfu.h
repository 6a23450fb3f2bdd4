/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lzfu - Outlook's compressed RTF ([MS-OXRTFCP]: "LZFu" and stored
 * "MELA") to RTF text; see lzfu.c. Pure, bounded by max.
 */
#ifndef SG_LZFU_H
#define SG_LZFU_H

#include <stddef.h>

/* Returns malloc'd NUL-terminated RTF (*outlen bytes; *cut when the raw
 * size passes max), NULL for a bad header or when out of memory. */
unsigned char *lzfu_decompress(const unsigned char *d, size_t n, size_t max, size_t *outlen,
                               int *cut);

#endif
