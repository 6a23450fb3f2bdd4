/*
 * cfb_info - encryption flags of CFB / OLE2 compound files (Microsoft's
 * "Compound File Binary" format, [MS-CFB]): a small, bounded directory
 * reader (no Debian library reads CFB directories).
 *
 *   encrypted OOXML  (docx/xlsx/pptx saved with a password): a CFB holding
 *                    an "EncryptedPackage" stream (and "EncryptionInfo");
 *   legacy Word .doc: "WordDocument" stream, FIB flag fEncrypted (0x0100)
 *                    or fObfuscated (0x8000) at offset 0x0A;
 *   legacy Excel .xls: "Workbook"/"Book" stream with a FILEPASS (0x002F)
 *                    record in the globals substream before its EOF;
 *   legacy PowerPoint: an "EncryptedSummary" stream.
 *
 * Borrowed input, all allocations freed before return. Every sector number
 * is range-checked, chains are followed at most min(SG_MAX_CFB_SECTORS,
 * sectors in the file) steps (cycles end there), streams are read only up
 * to CFB_MAX_READ bytes.
 * Errors: result.corrupt = 1 for anything inconsistent (then the flags
 * found so far are still reported).
 */
#ifndef SG_CFB_INFO_H
#define SG_CFB_INFO_H

#include <stddef.h>

#define CFB_MAX_READ       (64 * 1024)   /* bytes of WordDocument / Workbook read */
#define CFB_MAX_DIR_ENTRIES 65536

typedef struct cfb_result {
    int corrupt;
    int encrypted_package;    /* EncryptedPackage stream: encrypted OOXML */
    int doc_encrypted;        /* Word FIB fEncrypted / fObfuscated */
    int xls_encrypted;        /* Excel FILEPASS */
    int ppt_encrypted;        /* PowerPoint EncryptedSummary */
    int has_word, has_workbook, has_ppt;
} cfb_result;

/* 1 when data starts with the CFB signature D0 CF 11 E0 A1 B1 1A E1. */
int cfb_info_is_cfb(const unsigned char *data, size_t len);
/* Fills r; returns 1 when any encryption flag is set, 0 when none. */
int cfb_info_inspect(const unsigned char *data, size_t len, cfb_result *r);

#endif
