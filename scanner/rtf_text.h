/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtf_text - RTF documents and bodies to text units: the main text at the
 * file's location, "headers and footers", "footnotes" and "comments" apart,
 * \info fields as properties; Shift_JIS (\fcharset128 / \ansicpg932) and
 * \uN text decoded; objects embedded in the RTF handed to io->file(). See
 * rtf_text.c for what is read and the limits.
 */
#ifndef SG_RTF_TEXT_H
#define SG_RTF_TEXT_H

#include <stddef.h>

#include "reader_io.h"

/* 1 when d starts with "{\rtf". */
int rtf_text_is_rtf(const unsigned char *d, size_t n);
/* Returns RD_FULL, RD_STOP or RD_NOMEM (what was not read: io->partly). */
int rtf_text_read(const unsigned char *d, size_t n, const reader_io *io);

#endif
