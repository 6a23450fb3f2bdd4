/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_crypt - the PDF standard security handler with the empty user
 * password ([ISO 32000-2] 7.6.4); see pdf_crypt.h.
 *
 * A PDF protected only by an owner (permissions) password opens with the
 * empty user password: every reader shows it, so it is not encrypted for
 * the recipient and its text must be scanned. R2-R4 (RC4 40-128 bit,
 * AESV2): Algorithm 2 key, checked with Algorithm 6 (U); objects keyed by
 * MD5(key, num, gen[, "sAlT"]). R5/R6 (AESV3): the user hash (SHA-256, R6
 * with Algorithm 2.B) checked against U, the file key from UE with
 * AES-256. OpenSSL EVP for MD5, SHA-2 and AES; RC4 written here (OpenSSL
 * 3 has it only in its legacy provider).
 * Pure; *out buffers are sg_alloc'd for the caller.
 */
#include "pdf_crypt.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "sg_alloc.h"

static const unsigned char PAD[32] = {
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A
};

static int digest(const EVP_MD *md, const unsigned char *const *parts, const size_t *lens, int n,
                  unsigned char *out)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned ol = 0;
    int ok = c && EVP_DigestInit_ex(c, md, NULL);

    for (int i = 0; ok && i < n; i++)
        ok = EVP_DigestUpdate(c, parts[i], lens[i]);
    ok = ok && EVP_DigestFinal_ex(c, out, &ol);
    EVP_MD_CTX_free(c);
    return ok ? (int)ol : -1;
}

/* One cipher pass (enc 1/0) without padding unless pad; returns bytes out or -1. */
static long cipher(const EVP_CIPHER *ci, const unsigned char *key, const unsigned char *iv, int enc,
                   int pad, const unsigned char *in, size_t n, unsigned char *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0, ok;

    if (!c || n > 0x7fffffff)
        return -1;
    ok = EVP_CipherInit_ex(c, ci, NULL, key, iv, enc) && EVP_CIPHER_CTX_set_padding(c, pad) &&
         EVP_CipherUpdate(c, out, &l1, in, (int)n) && EVP_CipherFinal_ex(c, out + l1, &l2);
    EVP_CIPHER_CTX_free(c);
    return ok ? (long)l1 + l2 : -1;
}

/* RC4 (ARC4). Written here: OpenSSL 3 keeps it in the legacy provider,
 * which would have to be loaded process-wide. */
static long rc4(const unsigned char *key, size_t kn, const unsigned char *in, size_t n, unsigned char *out)
{
    unsigned char S[256], t;
    unsigned i, j = 0;

    if (kn == 0)
        return -1;
    for (i = 0; i < 256; i++)
        S[i] = (unsigned char)i;
    for (i = 0; i < 256; i++) {
        j = (j + S[i] + key[i % kn]) & 255;
        t = S[i]; S[i] = S[j]; S[j] = t;
    }
    i = j = 0;
    for (size_t k = 0; k < n; k++) {
        i = (i + 1) & 255;
        j = (j + S[i]) & 255;
        t = S[i]; S[i] = S[j]; S[j] = t;
        out[k] = in[k] ^ S[(S[i] + S[j]) & 255];
    }
    return (long)n;
}

/* Algorithm 2.B (R6): hash of password (empty) with salt and udata. */
static int hash_2b(const unsigned char *salt, const unsigned char *udata, size_t un,
                   unsigned char out[32])
{
    unsigned char k[64], e[64 * (64 + 48)], k1[64 + 48];
    size_t kl = 32, k1n, en;
    const unsigned char *parts[3] = { salt, udata, NULL };
    size_t lens[3] = { 8, un, 0 };
    int round;

    if (digest(EVP_sha256(), parts, lens, 2, k) < 0)
        return -1;
    for (round = 0;; round++) {
        unsigned sum = 0;
        long el;
        k1n = kl + un;                        /* password (empty) + K + udata */
        memcpy(k1, k, kl);
        if (un)
            memcpy(k1 + kl, udata, un);
        for (int i = 0; i < 64; i++)
            memcpy(e + i * k1n, k1, k1n);
        en = k1n * 64;
        if ((el = cipher(EVP_aes_128_cbc(), k, k + 16, 1, 0, e, en, e)) < 0)
            return -1;
        for (int i = 0; i < 16; i++)
            sum += e[i];
        parts[0] = e;
        lens[0] = (size_t)el;
        switch (sum % 3) {
        case 0: kl = (size_t)digest(EVP_sha256(), parts, lens, 1, k); break;
        case 1: kl = (size_t)digest(EVP_sha384(), parts, lens, 1, k); break;
        default: kl = (size_t)digest(EVP_sha512(), parts, lens, 1, k); break;
        }
        if (kl > 64)
            return -1;
        if (round >= 63 && e[el - 1] <= (unsigned)(round - 31))
            break;
        if (round > 1000)
            return -1;
    }
    memcpy(out, k, 32);
    return 0;
}

static int open_r6(pdf_crypt *c, const pdf_crypt_params *p)
{
    unsigned char h[32], zero[16] = { 0 }, tmp[64];
    const unsigned char *parts[1];
    size_t lens[1];

    if (p->ulen < 48 || p->uelen < 32)
        return -1;
    if (p->r == 5) {
        parts[0] = p->u + 32;                 /* SHA-256(password + validation salt) */
        lens[0] = 8;
        if (digest(EVP_sha256(), parts, lens, 1, h) < 0)
            return -1;
    } else if (hash_2b(p->u + 32, NULL, 0, h) < 0) {
        return -1;
    }
    if (memcmp(h, p->u, 32) != 0)
        return 0;                             /* a user password is needed */
    if (p->r == 5) {
        parts[0] = p->u + 40;
        if (digest(EVP_sha256(), parts, lens, 1, h) < 0)
            return -1;
    } else if (hash_2b(p->u + 40, NULL, 0, h) < 0) {
        return -1;
    }
    if (cipher(EVP_aes_256_cbc(), h, zero, 0, 0, p->ue, 32, tmp) != 32)
        return -1;
    memcpy(c->key, tmp, 32);
    c->keylen = 32;
    c->aes = 2;
    return 1;
}

int pdf_crypt_open(pdf_crypt *c, const pdf_crypt_params *p)
{
    unsigned char h[16], u[32], k[32];
    const unsigned char *parts[5];
    size_t lens[5], n;
    unsigned char pb[4] = { (unsigned char)p->p, (unsigned char)(p->p >> 8),
                            (unsigned char)(p->p >> 16), (unsigned char)(p->p >> 24) };
    static const unsigned char ff[4] = { 0xFF, 0xFF, 0xFF, 0xFF };

    memset(c, 0, sizeof(*c));
    if (p->r == 5 || p->r == 6)
        return open_r6(c, p);
    if (p->r < 2 || p->r > 4 || p->olen < 32 || p->ulen < 16)
        return -1;
    n = p->r == 2 ? 5 : p->length_bits / 8;
    if (n < 5 || n > 16)
        n = p->r == 2 ? 5 : 16;
    parts[0] = PAD; lens[0] = 32;
    parts[1] = p->o; lens[1] = 32;
    parts[2] = pb; lens[2] = 4;
    parts[3] = p->id0; lens[3] = p->id0len;
    parts[4] = ff; lens[4] = 4;
    if (digest(EVP_md5(), parts, lens, p->r >= 4 && !p->encrypt_metadata ? 5 : 4, h) < 0)
        return -1;
    if (p->r >= 3)
        for (int i = 0; i < 50; i++) {
            parts[0] = h; lens[0] = n;
            if (digest(EVP_md5(), parts, lens, 1, h) < 0)
                return -1;
        }
    memcpy(c->key, h, n);
    c->keylen = n;
    c->aes = p->aes ? 1 : 0;
    if (p->r == 2) {
        if (rc4(c->key, n, PAD, 32, u) != 32)
            return -1;
        return memcmp(u, p->u, 32) == 0 ? 1 : 0;
    }
    parts[0] = PAD; lens[0] = 32;
    parts[1] = p->id0; lens[1] = p->id0len;
    if (digest(EVP_md5(), parts, lens, 2, u) < 0 || rc4(c->key, n, u, 16, u) != 16)
        return -1;
    for (int i = 1; i <= 19; i++) {
        for (size_t j = 0; j < n; j++)
            k[j] = (unsigned char)(c->key[j] ^ i);
        if (rc4(k, n, u, 16, u) != 16)
            return -1;
    }
    return memcmp(u, p->u, 16) == 0 ? 1 : 0;
}

int pdf_crypt_decrypt(const pdf_crypt *c, uint32_t num, uint32_t gen, const unsigned char *in,
                      size_t n, unsigned char **out, size_t *outn)
{
    unsigned char ok[16 + 9], h[16], *o;
    const unsigned char *parts[1] = { ok };
    size_t lens[1], kn;
    long r;

    *out = NULL;
    *outn = 0;
    if (c->aes == 2) {
        memcpy(h, c->key, 16);
        kn = 32;
    } else {
        memcpy(ok, c->key, c->keylen);
        ok[c->keylen] = (unsigned char)num;
        ok[c->keylen + 1] = (unsigned char)(num >> 8);
        ok[c->keylen + 2] = (unsigned char)(num >> 16);
        ok[c->keylen + 3] = (unsigned char)gen;
        ok[c->keylen + 4] = (unsigned char)(gen >> 8);
        lens[0] = c->keylen + 5;
        if (c->aes) {
            memcpy(ok + lens[0], "sAlT", 4);
            lens[0] += 4;
        }
        if (digest(EVP_md5(), parts, lens, 1, h) < 0)
            return -1;
        kn = c->keylen + 5 < 16 ? c->keylen + 5 : 16;
    }
    if (!(o = sg_malloc(n + 32)))
        return -1;
    if (!c->aes) {
        r = rc4(h, kn, in, n, o);
    } else if (n < 16) {
        r = 0;
    } else {
        r = cipher(c->aes == 2 ? EVP_aes_256_cbc() : EVP_aes_128_cbc(),
                   c->aes == 2 ? c->key : h, in, 0, 1, in + 16, n - 16, o);
        if (r < 0)                            /* bad padding: keep the raw blocks */
            r = cipher(c->aes == 2 ? EVP_aes_256_cbc() : EVP_aes_128_cbc(),
                       c->aes == 2 ? c->key : h, in, 0, 0, in + 16, (n - 16) & ~(size_t)15, o);
    }
    if (r < 0) {
        free(o);
        return 1;
    }
    o[r] = 0;
    *out = o;
    *outn = (size_t)r;
    return 0;
}
