/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dangerous - the dangerous-attachment checks on one file: executables and
 * scripts by true type (libmagic MIME type and description) AND by
 * extension, double extensions ("invoice.pdf.exe"), bidi controls such as
 * RLO U+202E in the name, and runs of padding spaces that push the real
 * extension out of view. Trailing dots and spaces (which Windows strips)
 * are ignored when the extension is taken.
 *
 * Pure functions; no allocation except the returned strings.
 * Limits: names longer than DANGEROUS_MAX_NAME bytes are checked on their
 * first and last DANGEROUS_MAX_NAME/2 bytes' worth only for rendering.
 */
#ifndef SG_DANGEROUS_H
#define SG_DANGEROUS_H

#include <stddef.h>

#define DANGEROUS_MAX_NAME   512   /* bytes of a rendered name */
#define DANGEROUS_PAD_RUN    4     /* this many blanks in a row is padding */

/* name: UTF-8 (may be NULL); mime/desc: from file_type_detect (may be
 * NULL for an unreadable member). Returns 1 when dangerous and sets *why
 * to a malloc'd explanation; 0 when not (then *why is NULL); -1 no memory. */
int dangerous_check(const char *name, const char *mime, const char *desc, char **why);

/* A safe rendering of a name for evidence: control, bidi and invisible
 * characters as <U+202E>, invalid UTF-8 bytes as <0xNN>, capped at
 * DANGEROUS_MAX_NAME bytes ("..." appended). malloc'd; NULL if no memory. */
char *dangerous_render(const char *name);

/* 1 if ext (without dot, any case) is an executable/script extension. */
int dangerous_ext(const char *ext, size_t len);

#endif
