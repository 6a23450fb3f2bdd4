/*
 * file_type - libmagic wrapper with one cookie per thread; see file_type.h.
 *
 * Owns: the thread's magic_t (tls_cookie), closed by the key destructor at
 * thread exit. The key is created once (pthread_once). Errors: a cookie
 * that cannot be opened or loaded gives "application/octet-stream" and a
 * description naming the libmagic error; detection never fails the scan.
 *
 * Text: when the first FILE_TYPE_MAGIC_BYTES are clean text (no NUL, few
 * control bytes, no structure error in UTF-8, CP932, EUC-JP or
 * ISO-2022-JP), libmagic sees only FILE_TYPE_MAGIC_BYTES_TEXT (its text
 * tests cost per byte), only one libmagic pass runs when it says
 * text/plain or text/csv (the description is then "UTF-8 text", "CP932
 * CSV text" ...: it is only shown), and its magic-less executable guess "DOS
 * executable (COM)" (any file starting with a JMP/MOV opcode byte, e.g. a
 * kanji in U+9000-U+9FFF in UTF-8) is replaced by text/plain. A name
 * ending in .com is still dangerous (dangerous.c checks names).
 */
#include "file_type.h"
#include "sg_alloc.h"

#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_ctx.h"   /* text_decode_clean */

static __thread magic_t tls_cookie;
static __thread int tls_failed;
static pthread_key_t cookie_key;
static pthread_once_t cookie_once = PTHREAD_ONCE_INIT;

static void cookie_destroy(void *p)
{
    if (p)
        magic_close((magic_t)p);
}

static void cookie_key_init(void)
{
    (void)pthread_key_create(&cookie_key, cookie_destroy);
}

static magic_t cookie_get(void)
{
    magic_t m;
    size_t bytes = FILE_TYPE_MAGIC_BYTES_CFB;

    if (tls_cookie || tls_failed)
        return tls_cookie;
    pthread_once(&cookie_once, cookie_key_init);
    m = magic_open(MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
    if (!m || magic_load(m, NULL) != 0) {
        if (m)
            magic_close(m);
        tls_failed = 1;
        return NULL;
    }
    (void)magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &bytes);
    tls_cookie = m;
    (void)pthread_setspecific(cookie_key, m);
    return m;
}

void file_type_thread_end(void)
{
    if (tls_cookie) {
        (void)pthread_setspecific(cookie_key, NULL);
        magic_close(tls_cookie);
        tls_cookie = NULL;
    }
    tls_failed = 0;
}

static int is_cfb(const unsigned char *d, size_t len)
{
    static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

    return len >= 8 && memcmp(d, sig, 8) == 0;
}

/* libmagic's answer copied to *out (NULL when libmagic has none); -1 when
 * the copy cannot be made (out of memory: the caller fails, it does not
 * fall back to a guess as it does when libmagic has no answer). */
static int magic_call(magic_t m, int flags, const unsigned char *d, size_t len, char **out)
{
    const char *r;

    *out = NULL;
    if (magic_setflags(m, flags) != 0)
        return 0;
    r = magic_buffer(m, d, len);
    if (r && !(*out = sg_strdup(r)))
        return -1;
    return 0;
}

/* libmagic's guesses that rest on no magic number: a COM program is any
 * file whose first byte is a JMP/MOV opcode (UTF-8 E9 = U+9000-U+9FFF,
 * CP932 8C, EUC-JP B8 ...) and whose jump target lies inside the file. */
static int weak_exec_guess(const char *mime, const char *desc, const unsigned char *d, size_t len)
{
    if (!mime || !desc || strcmp(mime, "application/x-dosexec") != 0)
        return 0;
    if (len >= 2 && ((d[0] == 'M' && d[1] == 'Z') || (d[0] == 'Z' && d[1] == 'M')))
        return 0;                                   /* a real MZ header */
    return strstr(desc, "(COM") != NULL || strncmp(desc, "COM executable", 14) == 0;
}

/* The weak guess replaced: the bytes are clean text in cs. */
static int as_text(char **mime, char **desc, const char *cs)
{
    char buf[512];

    snprintf(buf, sizeof(buf), "%s text (libmagic's guess \"%.300s\" set aside: no magic number)",
             cs, *desc);
    free(*mime);
    free(*desc);
    *mime = sg_strdup("text/plain");
    *desc = sg_strdup(buf);
    return *mime && *desc ? 0 : -1;
}

/* Description of clean text libmagic typed text/plain or text/csv: the
 * description is shown only (decisions use the type and, for executables,
 * libmagic's description, which such text never needs). */
static char *plain_text_desc(const char *cs, const char *mime)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "%s %s", cs, strcmp(mime, "text/csv") == 0 ? "CSV text" : "text");
    return sg_strdup(buf);
}

int file_type_detect(const unsigned char *data, size_t len, char **mime, char **desc)
{
    magic_t m = cookie_get();
    size_t n = len;
    const char *text_cs = NULL;

    *mime = *desc = NULL;
    if (n > (is_cfb(data, len) ? FILE_TYPE_MAGIC_BYTES_CFB : FILE_TYPE_MAGIC_BYTES))
        n = is_cfb(data, len) ? FILE_TYPE_MAGIC_BYTES_CFB : FILE_TYPE_MAGIC_BYTES;
    if (!is_cfb(data, len) && file_type_looks_text(data, n))
        text_cs = text_decode_clean((const char *)data, n, n < len);
    if (text_cs && n > FILE_TYPE_MAGIC_BYTES_TEXT)
        n = FILE_TYPE_MAGIC_BYTES_TEXT;     /* text: libmagic's text tests cost per byte */
    if (m && len > 0) {
        if (magic_call(m, MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_MIME_TYPE, data, n, mime) < 0)
            goto oom;
        if (text_cs && *mime && (strcmp(*mime, "text/plain") == 0 || strcmp(*mime, "text/csv") == 0)) {
            if (!(*desc = plain_text_desc(text_cs, *mime)))   /* no second libmagic pass */
                goto oom;
        } else if (magic_call(m, MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS, data, n, desc) < 0) {
            goto oom;
        }
    }
    if (text_cs && weak_exec_guess(*mime, *desc, data, len) && as_text(mime, desc, text_cs) < 0)
        goto oom;
    if (!*mime)
        *mime = sg_strdup(len ? "application/octet-stream" : "application/x-empty");
    if (!*desc)
        *desc = sg_strdup(len ? (m ? "data (libmagic could not tell)" : "data (libmagic unavailable)")
                           : "empty");
    if (!*mime || !*desc)
        goto oom;
    return 0;
oom:
    free(*mime);
    free(*desc);
    *mime = *desc = NULL;
    return -1;
}

int file_type_looks_text(const unsigned char *data, size_t len)
{
    size_t i, n = len > 65536 ? 65536 : len, ctl = 0, bom;

    if (len == 0)
        return 0;
    if ((len >= 2 && (data[0] == 0xFF || data[0] == 0xFE)) || memchr(data, 0, n))
        if (text_utf16_kind(data, len, &bom))
            return 1;                   /* UTF-16 text (text_decode reads it) */
    for (i = 0; i < n; i++) {
        unsigned char c = data[i];
        /* NUL counts like any other control byte: a text body with a few
         * NULs is still text (text_decode turns them into spaces) */
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
            ctl++;
    }
    return ctl * 100 <= n;
}

int file_type_nul_padded_text(const unsigned char *data, size_t len)
{
    size_t n = len > 65536 ? 65536 : len, k = 0, ctl = 0;

    if (!n || !memchr(data, 0, n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = data[i];
        if (!c)
            continue;
        k++;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
            ctl++;
    }
    return k >= FILE_TYPE_NUL_TEXT_MIN && ctl * 100 <= k;
}
