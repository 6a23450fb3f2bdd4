/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smime - S/MIME blob kinds with OpenSSL CMS; see smime.h.
 *
 * Owns: the CMS_ContentInfo and BIO of one call (freed before return).
 */
#include "smime.h"
#include "sg_alloc.h"

#include <openssl/bio.h>
#include <openssl/pem.h>        /* before cms.h: it declares PEM_read_bio_CMS */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <stdlib.h>
#include <string.h>

#define SMIME_HEAD 16   /* bytes where the ContentInfo's OID must begin */

int smime_looks_cms(const unsigned char *d, size_t len)
{
    static const unsigned char oid[] = { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07 };
    size_t i;

    if (len >= 11 && memcmp(d, "-----BEGIN ", 11) == 0)
        return len >= 20 && (memcmp(d + 11, "PKCS7-----", 10) == 0 || memcmp(d + 11, "CMS-----", 8) == 0);
    if (len < 2 + sizeof(oid) || d[0] != 0x30)
        return 0;
    for (i = 2; i <= 6 && i + sizeof(oid) <= len && i < SMIME_HEAD; i++)
        if (memcmp(d + i, oid, sizeof(oid)) == 0)
            return 1;
    return 0;
}

static CMS_ContentInfo *decode(const unsigned char *d, size_t len)
{
    BIO *b = BIO_new_mem_buf(d, len > 0x7fffffff ? 0x7fffffff : (int)len);
    CMS_ContentInfo *cms;

    if (!b)
        return NULL;
    cms = d[0] == '-' ? PEM_read_bio_CMS(b, NULL, NULL, NULL) : d2i_CMS_bio(b, NULL);
    BIO_free(b);
    ERR_clear_error();
    return cms;
}

int smime_inspect(const unsigned char *d, size_t len, size_t max, unsigned char **content,
                  size_t *clen, int *truncated)
{
    CMS_ContentInfo *cms;
    ASN1_OCTET_STRING **pos;
    int nid, kind;

    *content = NULL;
    *clen = 0;
    *truncated = 0;
    if (!smime_looks_cms(d, len) || !(cms = decode(d, len)))
        return SMIME_K_NONE;
    nid = OBJ_obj2nid(CMS_get0_type(cms));
    if (nid == NID_pkcs7_enveloped || nid == NID_id_smime_ct_authEnvelopedData ||
        nid == NID_pkcs7_signedAndEnveloped || nid == NID_pkcs7_encrypted) {
        kind = SMIME_K_ENVELOPED;
    } else if (nid == NID_pkcs7_signed) {
        pos = CMS_get0_content(cms);
        kind = SMIME_K_DETACHED;
        if (pos && *pos && ASN1_STRING_length(*pos) > 0) {
            size_t n = (size_t)ASN1_STRING_length(*pos);
            kind = SMIME_K_SIGNED;
            if (n > max) {
                n = max;
                *truncated = 1;
            }
            if (!(*content = sg_malloc(n + 1))) {
                CMS_ContentInfo_free(cms);
                return -1;
            }
            memcpy(*content, ASN1_STRING_get0_data(*pos), n);
            (*content)[n] = 0;
            *clen = n;
        }
    } else {
        kind = SMIME_K_OTHER;
    }
    CMS_ContentInfo_free(cms);
    return kind;
}
