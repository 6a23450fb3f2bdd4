/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * biff8 - legacy Excel (.xls, BIFF8) workbook stream -> one table unit per
 * sheet (hidden sheets too: rows '\n', cells '\t', like xlsx) and one text
 * unit per sheet for its headers, footers and cell comments. The
 * "Workbook" stream comes from the CFB container (cfb_doc.c); see biff8.c
 * for the records read and the limits.
 */
#ifndef SG_BIFF8_H
#define SG_BIFF8_H

#include <stddef.h>

#include "reader_io.h"

#define BIFF8_ENCRYPTED 3     /* a FILEPASS record: the workbook is encrypted */

/* Returns RD_FULL, RD_PARTLY (io->partly said what), RD_NONE (not BIFF8),
 * BIFF8_ENCRYPTED, RD_STOP (io asked to stop) or RD_NOMEM. */
int biff8_read(const unsigned char *wb, size_t n, const reader_io *io);

#endif
