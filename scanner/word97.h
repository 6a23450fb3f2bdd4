/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * word97 - legacy Word (.doc, Word 97-2003) text from the piece table:
 * one text unit per story (main text at the file's location; footnotes,
 * headers and footers, comments, endnotes, text boxes under their names).
 * The WordDocument and table streams come from the CFB container
 * (cfb_doc.c); see word97.c for the details and limits.
 */
#ifndef SG_WORD97_H
#define SG_WORD97_H

#include <stddef.h>

#include "reader_io.h"

#define WORD97_ENCRYPTED 3    /* FIB fEncrypted */

/* wd: WordDocument stream; t0/t1: the 0Table / 1Table streams (NULL when
 * absent). Returns RD_FULL, RD_PARTLY, RD_NONE, WORD97_ENCRYPTED, RD_STOP
 * or RD_NOMEM. */
int word97_read(const unsigned char *wd, size_t wn, const unsigned char *t0, size_t n0,
                const unsigned char *t1, size_t n1, const reader_io *io);

#endif
