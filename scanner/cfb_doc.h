/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cfb_doc - legacy Office files and Outlook messages in CFB / OLE2
 * compound files, opened with libgsf (GsfInfileMSOle, from memory):
 *
 *   .doc  WordDocument + 0Table/1Table -> word97.c (text by story)
 *   .xls  Workbook                     -> biff8.c (a table per sheet)
 *   .ppt  PowerPoint Document          -> ppt97.c (text)
 *   .msg  __substg1.0_* streams        -> outlook_msg.c (subject, body,
 *                                         attachments, attached messages)
 *   encrypted: EncryptedPackage (password-protected OOXML), Word
 *         fEncrypted/fObfuscated, Excel FILEPASS, PowerPoint
 *         EncryptedSummary -> *encrypted = 1, nothing read;
 *   document properties (\005SummaryInformation and
 *         \005DocumentSummaryInformation, custom properties included)
 *         -> one SG_UNIT_PROPERTIES unit;
 *   embedded objects (Word ObjectPool, Excel MBD* storages): their storage
 *         is read the same way (depth CFB_DOC_MAX_DEPTH), a packaged file
 *         (\001Ole10Native) is handed to io->file(); what cannot be opened
 *         (other object kinds, Excel pivot caches) goes to io->partly().
 *   A compound file of any other kind: RD_NONE ("not read").
 *
 * Streams are read at most io->max_part bytes each (io->partly beyond).
 * Owns: the libgsf objects of one call. Errors: RD_NOMEM; a file libgsf
 * cannot open: RD_NONE with io->partly(SG_LIMIT_CORRUPT).
 */
#ifndef SG_CFB_DOC_H
#define SG_CFB_DOC_H

#include <stddef.h>

#include "reader_io.h"

#define CFB_DOC_MAX_DEPTH 3   /* embedded storages followed */

/* Reads a CFB file. *encrypted set to 1 when the file is encrypted.
 * Returns RD_FULL, RD_PARTLY, RD_NONE, RD_STOP or RD_NOMEM. */
int cfb_doc_read(const unsigned char *d, size_t n, const reader_io *io, int *encrypted);

#endif
