/*
 * pdf_info - is a PDF encrypted? A PDF is encrypted when its trailer
 * dictionary, or the dictionary of its cross-reference stream (PDF 1.5+,
 * /Type /XRef), has an /Encrypt entry. "/EncryptMetadata" and /Encrypt
 * appearing anywhere else (inside a content stream) do not count.
 *
 * Text extraction is not done (PDF content is stored in compressed
 * streams with font-specific encodings); an unencrypted PDF yields no text.
 *
 * Pure function over borrowed bytes; no allocation.
 * Limits: at most PDF_MAX_ENCRYPT_HITS occurrences of "/Encrypt" are
 * examined, each looking back SG_MAX_PDF_DICT_SCAN bytes for its dictionary.
 */
#ifndef SG_PDF_INFO_H
#define SG_PDF_INFO_H

#include <stddef.h>

#define PDF_MAX_ENCRYPT_HITS 1000

/* 1 when data starts with a PDF header (within the first 1024 bytes). */
int pdf_info_is_pdf(const unsigned char *data, size_t len);
/* 1 encrypted, 0 not. */
int pdf_info_encrypted(const unsigned char *data, size_t len);

#endif
