/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reader_io - what a document reader hands back to file_inspect(): text
 * units (with a sub-location the notification can name: a sheet, "headers",
 * "comments", "notes" ...), files found inside (attachments of a .msg or
 * TNEF, embedded objects), and what it could not read.
 *
 * Every reader reports how much it read through io->partly(): nothing
 * said = read fully; partly() once or more = read partly (the reason names
 * what was left, the flag is an SG_LIMIT_* bit); a reader that returns
 * RD_NONE could not read the file at all. file_inspect turns each into an
 * `unscannable` finding: nothing a reader skipped can look clean.
 */
#ifndef SG_READER_IO_H
#define SG_READER_IO_H

#include <stddef.h>

#include "scan_ctx.h"

/* reader results (the worst seen) */
enum { RD_FULL = 0, RD_PARTLY = 1, RD_NONE = 2, RD_NOMEM = -1, RD_STOP = -2 };

typedef struct reader_io {
    void *arg;
    /* One unit; sub: NULL for the file itself, else a sub-location (sheet
     * name, "headers", ...). Returns 0, or -1: stop (a limit was hit). */
    int (*emit)(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len);
    /* A file inside (name UTF-8, may be ""): inspected like an archive
     * member, one level deeper. Returns 0, or -1: stop. */
    int (*file)(void *arg, const char *name, const unsigned char *d, size_t len);
    /* Something was not read: flag SG_LIMIT_*, reason (a constant or a
     * short text; copied). */
    void (*partly)(void *arg, unsigned flag, const char *why);
    size_t max_text;      /* UTF-8 bytes per unit */
    size_t max_part;      /* bytes of one embedded file or stream */
} reader_io;

#endif
