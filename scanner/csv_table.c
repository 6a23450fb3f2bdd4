/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * csv_table - RFC 4180 reader into '\t'/'\n' tables; see csv_table.h.
 *
 * One pass; runs of ordinary bytes are copied with memcpy, found with a
 * 256-entry class table (no per-byte calls).
 */
#include "csv_table.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>

char csv_table_sniff(const char *text, size_t len)
{
    size_t i, commas = 0, tabs = 0, semis = 0;
    int q = 0;

    for (i = 0; i < len && i < 65536; i++) {
        char c = text[i];
        if (c == '"')
            q = !q;
        else if (!q && c == '\n')
            break;
        else if (!q && c == ',')
            commas++;
        else if (!q && c == '\t')
            tabs++;
        else if (!q && c == ';')
            semis++;
    }
    if (tabs > commas && tabs >= semis)
        return '\t';
    if (semis > commas)
        return ';';
    return ',';
}

char *csv_table_convert(const char *text, size_t len, char delim, size_t *outlen)
{
    unsigned char cls[256];
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    char *out, *o;
    int quoted = 0, field_start = 1;

    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (!(out = sg_malloc(len + 1)))
        return NULL;
    o = out;
    memset(cls, 0, sizeof(cls));
    cls['"'] = cls['\r'] = cls['\n'] = cls['\t'] = cls[(unsigned char)delim] = 1;
    while (p < end) {
        const unsigned char *s = p;
        unsigned char c;

        while (p < end && !cls[*p])
            p++;
        if (p > s) {
            memcpy(o, s, (size_t)(p - s));
            o += p - s;
            field_start = 0;
        }
        if (p >= end)
            break;
        c = *p++;
        if (quoted) {
            if (c == '"') {
                if (p < end && *p == '"') {
                    *o++ = '"';
                    p++;
                } else {
                    quoted = 0;
                }
            } else if (c == delim) {
                *o++ = c == '\t' ? ' ' : (char)c;
            } else if (c == '\r' && p < end && *p == '\n') {
                /* CRLF inside a quoted cell: one space, from the LF */
            } else {
                *o++ = ' ';          /* \r \n \t inside a quoted cell */
            }
        } else if (c == '"' && field_start) {
            quoted = 1;
            field_start = 0;
        } else if (c == (unsigned char)delim) {
            *o++ = '\t';
            field_start = 1;
        } else if (c == '\r') {
            if (p >= end || *p != '\n')
                *o++ = '\n';
            field_start = 1;
        } else if (c == '\n') {
            *o++ = '\n';
            field_start = 1;
        } else {
            *o++ = c == '\t' ? ' ' : (char)c;
            field_start = 0;
        }
    }
    *o = 0;
    *outlen = (size_t)(o - out);
    return out;
}
