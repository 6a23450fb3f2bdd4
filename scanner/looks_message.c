/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * looks_message - does a byte string look like an RFC 5322 message?
 * (scanner_looks_like_message, declared in scan.h): an optional mbox
 * "From " line, then header lines up to the first empty line, at most
 * SCAN_LOOKS_LINES of them, every field name printable ASCII, and two
 * well-known field names (From, Received, Subject, MIME-Version ...), or
 * one followed by more lines. Used by sendguard-scan to tell a message
 * from a file, and by file_inspect to read an .eml attached as a file.
 * Pure; reads at most SCAN_LOOKS_LINES lines.
 */
#include "scanner_priv.h"

#include <string.h>
#include <strings.h>

/* Field names of RFC 5322 headers that mark a message. */
static int known_field(const char *p, size_t n)
{
    static const char *const names[] = {
        "from", "received", "subject", "mime-version", "date", "message-id", "to",
        "return-path", "delivered-to", "reply-to", "content-type", "x-mailer",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i]) == n && strncasecmp(p, names[i], n) == 0)
            return 1;
    return 0;
}

int scanner_looks_like_message(const char *data, size_t len)
{
    size_t i = 0, known = 0, lines = 0;

    if (len >= 5 && memcmp(data, "From ", 5) == 0) {           /* mbox separator */
        while (i < len && data[i] != '\n')
            i++;
        i++;
    }
    while (i < len && lines < SCAN_LOOKS_LINES) {
        size_t s = i, colon = 0;

        while (i < len && data[i] != '\n')
            i++;
        lines++;
        if (i - s == 0 || (i - s == 1 && data[s] == '\r'))
            break;                                              /* end of header */
        if (data[s] == ' ' || data[s] == '\t') {                /* continuation */
            i++;
            continue;
        }
        for (size_t k = s; k < i && !colon; k++) {
            unsigned char c = (unsigned char)data[k];
            if (c == ':')
                colon = k;
            else if (c <= ' ' || c > '~')
                return 0;                                       /* not a field name */
        }
        if (!colon || colon == s)
            return 0;
        known += known_field(data + s, colon - s);
        i++;
    }
    return known >= 2 || (known >= 1 && lines >= 2 && i < len);
}
