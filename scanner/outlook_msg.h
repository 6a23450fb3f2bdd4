/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outlook_msg - an Outlook message (.msg, [MS-OXMSG]) inside a CFB
 * storage opened by cfb_doc.c: subject (SG_UNIT_SUBJECT), sender and
 * recipients' display names (SG_UNIT_PROPERTIES), body (SG_UNIT_BODY:
 * PR_BODY, else PR_HTML through html_text, else PR_RTF_COMPRESSED through
 * lzfu + rtf_text), attachments (PR_ATTACH_DATA_BIN handed to io->file
 * under their long file name), attached messages and OLE objects
 * (PR_ATTACH_DATA_OBJ storages, read again one level deeper).
 *
 * Also the internal interface between cfb_doc.c and outlook_msg.c (both
 * work on libgsf storages). Owns nothing past a call.
 */
#ifndef SG_OUTLOOK_MSG_H
#define SG_OUTLOOK_MSG_H

#include <stddef.h>

#include <gsf/gsf-infile.h>

#include "reader_io.h"

/* Reads the message in storage stg (depth: storages above it). */
int outlook_msg_read(GsfInfile *stg, const reader_io *io, int depth);

/* cfb_doc.c: a storage of any kind (document, workbook, message ...). */
int cfb_doc_storage(GsfInfile *stg, const reader_io *io, int depth, int *encrypted);
/* cfb_doc.c: a whole stream, at most max bytes (*cut set beyond);
 * malloc'd, NUL-terminated; NULL when unreadable or out of memory. */
unsigned char *cfb_doc_stream(GsfInput *in, size_t max, size_t *len, int *cut);

#endif
