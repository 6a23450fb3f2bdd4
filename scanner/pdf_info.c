/*
 * pdf_info - PDF encryption flag; see pdf_info.h.
 *
 * For each "/Encrypt" name token, find the innermost enclosing "<<" by
 * walking back and balancing "<<"/">>"; the dictionary counts when the
 * token before "<<" is "trailer" or when the dictionary holds /XRef.
 */
#define _GNU_SOURCE 1
#include "pdf_info.h"

#include <string.h>

#include "file_type.h"

int pdf_info_is_pdf(const unsigned char *d, size_t len)
{
    size_t n = len < 1024 ? len : 1024;

    return n >= 5 && memmem(d, n, "%PDF-", 5) != NULL;
}

static int is_delim(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0 ||
           c == '/' || c == '<' || c == '>' || c == '[' || c == ']' || c == '(' || c == ')';
}

/* Offset of the "<<" that opens the dictionary around pos, or -1. */
static long dict_start(const unsigned char *d, size_t pos)
{
    size_t lo = pos > SG_MAX_PDF_DICT_SCAN ? pos - SG_MAX_PDF_DICT_SCAN : 0, i = pos;
    int depth = 0;

    while (i > lo + 1) {
        i--;
        if (d[i] == '>' && d[i - 1] == '>') {
            depth++;
            i--;
        } else if (d[i] == '<' && d[i - 1] == '<') {
            if (depth == 0)
                return (long)(i - 1);
            depth--;
            i--;
        }
    }
    return -1;
}

static int after_trailer(const unsigned char *d, size_t start)
{
    size_t i = start;

    while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\r' || d[i - 1] == '\n' ||
                     d[i - 1] == '\t' || d[i - 1] == '\f'))
        i--;
    return i >= 7 && memcmp(d + i - 7, "trailer", 7) == 0;
}

static int dict_is_xref(const unsigned char *d, size_t len, size_t start)
{
    size_t end = start + SG_MAX_PDF_DICT_SCAN < len ? start + SG_MAX_PDF_DICT_SCAN : len;
    const unsigned char *p = memmem(d + start, end - start, "/XRef", 5);
    const unsigned char *s = memmem(d + start, end - start, "stream", 6);

    return p && (!s || p < s);
}

int pdf_info_encrypted(const unsigned char *d, size_t len)
{
    size_t off = 0;
    int hits = 0;

    while (off < len && hits < PDF_MAX_ENCRYPT_HITS) {
        const unsigned char *p = memmem(d + off, len - off, "/Encrypt", 8);
        size_t pos;
        long st;

        if (!p)
            break;
        pos = (size_t)(p - d);
        off = pos + 8;
        hits++;
        if (off < len && !is_delim(d[off]))
            continue;                    /* /EncryptMetadata and the like */
        if ((st = dict_start(d, pos)) < 0)
            continue;
        if (after_trailer(d, (size_t)st) || dict_is_xref(d, len, (size_t)st))
            return 1;
    }
    return 0;
}
