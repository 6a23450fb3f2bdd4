/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_crypt - PDF standard security handler, empty user password only:
 * does the file open without a password (only an owner / permissions
 * password set), and if so, decrypt its streams and strings. RC4 40-128,
 * AES-128 (R2-R4) and AES-256 (R5, R6). See pdf_crypt.c.
 */
#ifndef SG_PDF_CRYPT_H
#define SG_PDF_CRYPT_H

#include <stddef.h>
#include <stdint.h>

typedef struct pdf_crypt_params {
    int r;                         /* /R revision */
    unsigned length_bits;          /* /Length (R3/R4), 40 by default */
    int32_t p;                     /* /P permissions */
    int aes;                       /* AESV2/AESV3 crypt filter */
    int encrypt_metadata;          /* /EncryptMetadata (default true) */
    const unsigned char *o, *u, *ue, *id0;
    size_t olen, ulen, uelen, id0len;
} pdf_crypt_params;

typedef struct pdf_crypt {
    unsigned char key[32];
    size_t keylen;
    int aes;                       /* 0 RC4, 1 AES-128 (V4), 2 AES-256 (V5) */
} pdf_crypt;

/* 1: the empty user password opens the file (c keyed); 0: a user password
 * is needed; -1: parameters this handler does not support. */
int pdf_crypt_open(pdf_crypt *c, const pdf_crypt_params *p);
/* Decrypts a string or stream of object num/gen. Returns 0 (*out
 * sg_alloc'd, NUL-terminated), 1 undecryptable, -1 out of memory. */
int pdf_crypt_decrypt(const pdf_crypt *c, uint32_t num, uint32_t gen, const unsigned char *in,
                      size_t n, unsigned char **out, size_t *outn);

#endif
