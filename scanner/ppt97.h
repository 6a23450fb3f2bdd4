/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ppt97 - legacy PowerPoint (.ppt, 97-2003) text: slides, notes, masters
 * and comments of the "PowerPoint Document" stream as one text unit; see
 * ppt97.c. Returns RD_FULL, RD_STOP or RD_NOMEM (what was not read is
 * reported through io->partly).
 */
#ifndef SG_PPT97_H
#define SG_PPT97_H

#include <stddef.h>

#include "reader_io.h"

int ppt97_read(const unsigned char *d, size_t n, const reader_io *io);

#endif
