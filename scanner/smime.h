/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smime - what an S/MIME (CMS / PKCS #7, RFC 5652 / 8551) blob is, with
 * OpenSSL's CMS decoder (DER, or PEM/base64 text as some clients send).
 *
 *   SMIME_K_ENVELOPED  enveloped-data or authenticated-enveloped-data
 *                    (smime.p7m "smime-type=enveloped-data"): encrypted;
 *   SMIME_K_SIGNED     signed-data with its content inside (opaque signing,
 *                    "smime-type=signed-data"): the content (a MIME entity)
 *                    is copied out to be scanned; detached signatures
 *                    (.p7s) have none and are SMIME_K_DETACHED;
 *   SMIME_K_OTHER      another CMS type (compressed-data, digested-data ...):
 *                    not read;
 *   SMIME_K_NONE       not CMS.
 *
 * Pure: borrowed input, no I/O; *content is malloc'd for the caller.
 * Limits: at most max bytes of content are copied (SMIME_K_SIGNED with
 * *truncated set beyond). Errors: -1 out of memory.
 */
#ifndef SG_SMIME_H
#define SG_SMIME_H

#include <stddef.h>

enum { SMIME_K_NONE = 0, SMIME_K_ENVELOPED, SMIME_K_SIGNED, SMIME_K_DETACHED, SMIME_K_OTHER };

/* 1 when data starts like a CMS ContentInfo: DER/BER SEQUENCE with the
 * PKCS #7 content-type OID (1.2.840.113549.1.7.x), or a PEM PKCS7/CMS block. */
int smime_looks_cms(const unsigned char *data, size_t len);
/* Kind of data (SMIME_*); for SMIME_K_SIGNED, *content and *clen get the
 * encapsulated content. Returns -1 when out of memory. */
int smime_inspect(const unsigned char *data, size_t len, size_t max, unsigned char **content,
                  size_t *clen, int *truncated);

#endif
