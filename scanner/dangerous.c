/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dangerous - dangerous-attachment checks; see dangerous.h.
 *
 * The name is walked once as UTF-8 (invalid bytes count as "odd" but are
 * not themselves a reason). Reasons are joined with "; " into *why.
 */
#include "dangerous.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sg_buf.h"

static const char *const bad_exts[] = {
    "exe", "scr", "com", "bat", "cmd", "pif", "vbs", "vbe", "js", "jse", "wsf", "wsh",
    "wsc", "hta", "ps1", "psm1", "psd1", "msi", "msp", "mst", "lnk", "jar", "iso", "img",
    "vhd", "vhdx", "cpl", "dll", "ocx", "sys", "drv", "reg", "scf", "inf", "chm", "hlp",
    "sct", "msc", "gadget", "application", "appref-ms", "appx", "appxbundle", "msix",
    "msixbundle", "url", "xll", "jnlp", "ade", "adp", "ins", "isp", "mde", "shb", "shs",
    "settingcontent-ms", "library-ms", "search-ms", "diagcab", "one", "udl", NULL
};

/* MIME types that are executables or scripts whatever the name says */
static const char *const bad_types[] = {
    "application/x-dosexec", "application/x-msdownload", "application/x-executable",
    "application/x-pie-executable", "application/x-sharedlib", "application/x-mach-binary",
    "application/x-msi", "application/x-ms-shortcut", "application/java-archive",
    "application/x-java-applet", "application/x-iso9660-image", "application/x-ms-installer",
    "text/x-msdos-batch", "application/x-bat", "application/hta", "application/x-ms-application",
    "application/vnd.microsoft.portable-executable", "application/x-msdos-program",
    NULL
};

/* description fragments (libmagic) that mean executable or installer */
static const char *const bad_desc[] = {
    "PE32", "MS-DOS executable", "ELF ", "Mach-O", "MS Windows shortcut",
    "MSI Installer", "ISO 9660", "Windows Installer", "DOS batch file",
    "Java archive", NULL
};

int dangerous_ext(const char *ext, size_t len)
{
    size_t i;

    for (i = 0; bad_exts[i]; i++)
        if (strlen(bad_exts[i]) == len && strncasecmp(bad_exts[i], ext, len) == 0)
            return 1;
    return 0;
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length and
 * sets *cp, or returns 1 with *cp = -1 for an invalid byte. */
static size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
    unsigned char c = s[0];
    size_t len, i;
    long v;

    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; }
    else { *cp = -1; return 1; }
    if (len > n) { *cp = -1; return 1; }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = -1; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return len;
}

static int is_bidi(long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static int is_invisible(long cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || is_bidi(cp) ||
           (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

static int is_blank(long cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x3000 || cp == '\t' ||
           (cp >= 0x2000 && cp <= 0x200A);
}

char *dangerous_render(const char *name)
{
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    size_t n = strlen((const char *)s), i = 0;
    sg_buf b;

    sg_buf_init(&b, DANGEROUS_MAX_NAME + 16);
    while (i < n) {
        long cp;
        size_t l = utf8_next(s + i, n - i, &cp);
        int r;

        if (b.len > DANGEROUS_MAX_NAME) {
            r = sg_buf_puts(&b, "...");
            break;
        }
        if (cp < 0)
            r = sg_buf_printf(&b, "<0x%02X>", s[i]);
        else if (is_invisible(cp))
            r = sg_buf_printf(&b, "<U+%04lX>", cp);
        else
            r = sg_buf_append(&b, s + i, l);
        if (r == SG_BUF_NOMEM) {
            sg_buf_free(&b);
            return NULL;
        }
        i += l;
    }
    return sg_buf_steal(&b, NULL);
}

typedef struct name_scan {
    int bidi;            /* first bidi control seen, or 0 */
    long bidi_cp;
    int pad;             /* a run of DANGEROUS_PAD_RUN blanks before the last dot */
    const char *ext;     /* last extension (after trimming trailing dots/blanks) */
    size_t extlen;
    const char *ext2;    /* the extension before it, if any */
    size_t ext2len;
} name_scan;

static size_t trimmed_len(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

static void scan_name(const char *name, name_scan *ns)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t n = trimmed_len(name, strlen(name)), i = 0, run = 0, maxrun_before_dot = 0;
    size_t lastdot = (size_t)-1, prevdot = (size_t)-1;
    size_t cur_run_max = 0;

    memset(ns, 0, sizeof(*ns));
    while (i < n) {
        long cp;
        size_t l = utf8_next(s + i, n - i, &cp);

        if (is_bidi(cp) && !ns->bidi) {
            ns->bidi = 1;
            ns->bidi_cp = cp;
        }
        if (is_blank(cp)) {
            if (++run > cur_run_max)
                cur_run_max = run;
        } else {
            run = 0;
        }
        if (cp == '/' || cp == '\\') {       /* member path: only the base name counts */
            lastdot = prevdot = (size_t)-1;
            cur_run_max = maxrun_before_dot = 0;
        }
        if (cp == '.') {
            prevdot = lastdot;
            lastdot = i;
            maxrun_before_dot = cur_run_max;
        }
        i += l;
    }
    ns->pad = maxrun_before_dot >= DANGEROUS_PAD_RUN;
    if (lastdot != (size_t)-1) {
        ns->ext = name + lastdot + 1;
        ns->extlen = n - lastdot - 1;
        if (prevdot != (size_t)-1) {
            ns->ext2 = name + prevdot + 1;
            ns->ext2len = lastdot - prevdot - 1;
        }
    }
}

static int bad_type(const char *mime, const char *desc)
{
    size_t i;

    for (i = 0; mime && bad_types[i]; i++)
        if (strcmp(mime, bad_types[i]) == 0)
            return 1;
    for (i = 0; desc && bad_desc[i]; i++)
        if (strstr(desc, bad_desc[i]))
            return 1;
    return 0;
}

static int add_reason(sg_buf *b, const char *what, const char *a, int alen, const char *after)
{
    if (b->len && sg_buf_puts(b, "; ") == SG_BUF_NOMEM)
        return -1;
    return sg_buf_printf(b, "%s%.*s%s", what, alen, a, after) == SG_BUF_NOMEM ? -1 : 0;
}

int dangerous_check(const char *name, const char *mime, const char *desc, char **why)
{
    name_scan ns;
    sg_buf b;
    int bad_ext, r = 0;
    char cpbuf[16];

    *why = NULL;
    scan_name(name ? name : "", &ns);
    sg_buf_init(&b, 1024);
    bad_ext = ns.ext && ns.extlen <= 32 && dangerous_ext(ns.ext, ns.extlen);
    if (bad_type(mime, desc))
        r |= add_reason(&b, "executable or script by true type (", desc ? desc : mime,
                        desc ? (int)(strlen(desc) > 80 ? 80 : strlen(desc)) : (int)strlen(mime),
                        ")");
    if (bad_ext)
        r |= add_reason(&b, "executable extension .", ns.ext, (int)ns.extlen, "");
    if (bad_ext && ns.ext2 && ns.ext2len > 0 && ns.ext2len <= 16 &&
        !dangerous_ext(ns.ext2, ns.ext2len)) {
        char *raw = sg_strndup(ns.ext2, ns.ext2len), *safe = raw ? dangerous_render(raw) : NULL;
        r |= safe ? add_reason(&b, "double extension (.", safe, (int)strlen(safe),
                               " before the real one)") : -1;
        free(safe);
        free(raw);
    }
    if (ns.bidi) {
        snprintf(cpbuf, sizeof(cpbuf), "U+%04lX", ns.bidi_cp);
        r |= add_reason(&b, "bidi control ", cpbuf, (int)strlen(cpbuf), " in the name");
    }
    if (ns.pad)
        r |= add_reason(&b, "padding blanks before the extension", "", 0, "");
    if (r < 0) {
        sg_buf_free(&b);
        return -1;
    }
    if (b.len == 0) {
        sg_buf_free(&b);
        return 0;
    }
    *why = sg_buf_steal(&b, NULL);
    return *why ? 1 : -1;
}
