/*
 * token - the release key and the release/cancel tokens.
 *
 * The key is HOLD_KEY_BYTES random bytes in [hold] secret_file. A missing
 * file is created with open(O_CREAT|O_EXCL, 0600) so two processes starting
 * at once cannot both write one; a file that group or others may read or
 * write is refused (the key lets anyone who has it release mail); anything
 * but a regular file (a FIFO, a device) is refused without blocking.
 *
 * token = base32(HMAC-SHA256(key, "sendguard-token-v1" NUL hold_id NUL
 *         action NUL lower(address)))[first 128 bits], lower case.
 * token_check recomputes and compares with CRYPTO_memcmp.
 * Errors: -1 with a reason in err (load) or on an OpenSSL failure.
 */
#include "build-config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hold_int.h"

#define TOKEN_DOMAIN "sendguard-token-v1"
#define TOKEN_ADDR_MAX 512

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

const char *token_action_name(token_action a)
{
    return a == TOKEN_CANCEL ? "cancel" : "release";
}

static int key_random(unsigned char *k, size_t n)
{
    size_t got = 0;
    ssize_t r;

    while (got < n) {
        r = getrandom(k + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int key_create(const char *path, unsigned char *key, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    ssize_t w;

    if (fd < 0)
        return errno == EEXIST ? 1 : (snprintf(err, errlen, "%s: cannot create: %s", path,
                                               strerror(errno)), -1);
    if (key_random(key, HOLD_KEY_BYTES) < 0) {
        snprintf(err, errlen, "%s: getrandom: %s", path, strerror(errno));
        goto fail;
    }
    w = write(fd, key, HOLD_KEY_BYTES);
    if (w != HOLD_KEY_BYTES || fsync(fd) < 0) {
        snprintf(err, errlen, "%s: write: %s", path, w < 0 ? strerror(errno) : "short write");
        goto fail;
    }
    close(fd);
    return 0;
fail:
    close(fd);
    unlink(path);
    return -1;
}

static int key_read(const char *path, unsigned char *key, char *err, size_t errlen)
{
    struct stat sb;
    ssize_t r;
    /* O_NONBLOCK: a FIFO (or a device) at the key path must not block the
     * start-up; the type is checked before anything is read */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

    if (fd < 0)
        return snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno)), -1;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        goto fail;
    }
    if (sb.st_mode & 077) {
        snprintf(err, errlen, "%s: mode %04o: the release key must not be accessible to "
                 "group or others (chmod 600)", path, (unsigned)(sb.st_mode & 07777));
        goto fail;
    }
    if (sb.st_size != HOLD_KEY_BYTES) {
        snprintf(err, errlen, "%s: %lld bytes, a release key has %d", path,
                 (long long)sb.st_size, HOLD_KEY_BYTES);
        goto fail;
    }
    r = read(fd, key, HOLD_KEY_BYTES);
    if (r != HOLD_KEY_BYTES) {
        snprintf(err, errlen, "%s: short read", path);
        goto fail;
    }
    close(fd);
    return 0;
fail:
    close(fd);
    return -1;
}

int token_load_key(const char *path, unsigned char key[HOLD_KEY_BYTES], char *err, size_t errlen)
{
    int r = key_create(path, key, err, errlen);

    if (r <= 0)
        return r;
    return key_read(path, key, err, errlen);
}

static void base32(const unsigned char *in, size_t n, char *out)
{
    unsigned long long acc = 0;
    int bits = 0;
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = b32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
}

int token_make(const unsigned char key[HOLD_KEY_BYTES], const char *hold_id, token_action a,
               const char *address, char out[HOLD_TOKEN_CHARS + 1])
{
    unsigned char msg[HOLD_ID_MAX + TOKEN_ADDR_MAX + 64], mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    size_t n = 0, il = strlen(hold_id), al = strlen(address), i;
    const char *an = token_action_name(a);

    if (il > HOLD_ID_MAX || al > TOKEN_ADDR_MAX)
        return -1;
    memcpy(msg, TOKEN_DOMAIN, sizeof(TOKEN_DOMAIN));     /* with its NUL */
    n = sizeof(TOKEN_DOMAIN);
    memcpy(msg + n, hold_id, il + 1);
    n += il + 1;
    memcpy(msg + n, an, strlen(an) + 1);
    n += strlen(an) + 1;
    for (i = 0; i < al; i++)
        msg[n++] = (unsigned char)tolower((unsigned char)address[i]);
    if (!HMAC(EVP_sha256(), key, HOLD_KEY_BYTES, msg, n, mac, &maclen) ||
        maclen < HOLD_TOKEN_BYTES)
        return -1;
    base32(mac, HOLD_TOKEN_BYTES, out);
    OPENSSL_cleanse(mac, sizeof(mac));
    return 0;
}

int token_check(const unsigned char key[HOLD_KEY_BYTES], const char *hold_id, token_action a,
                const char *address, const char *token)
{
    char want[HOLD_TOKEN_CHARS + 1], got[HOLD_TOKEN_CHARS + 1];
    size_t i;

    if (!token || !hold_id || !address || strlen(token) != HOLD_TOKEN_CHARS)
        return 0;
    for (i = 0; i < HOLD_TOKEN_CHARS; i++)
        got[i] = (char)tolower((unsigned char)token[i]);
    got[HOLD_TOKEN_CHARS] = '\0';
    if (token_make(key, hold_id, a, address, want) < 0)
        return 0;
    return CRYPTO_memcmp(want, got, HOLD_TOKEN_CHARS) == 0;
}
