/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mime_walk - the MIME walk (mime_walk_message() is declared in scan_ctx.h;
 * the walk itself is documented at the top of mime_walk.c). This header
 * exposes its one helper that is tested on its own.
 */
#ifndef SG_MIME_WALK_H
#define SG_MIME_WALK_H

#include <stddef.h>

/* Decodes a raw header value whose RFC 2047 encoded-words use the
 * ISO-2022-JP family (glibc's iconv lacks the CP50221 extensions such as
 * ① ㈱, and GMime turns them into '?'): every encoded-word's B or Q payload
 * is decoded and converted by text_decode(); whitespace between adjacent
 * encoded-words is dropped; other text is kept. Returns malloc'd UTF-8, or
 * NULL when the value has no ISO-2022-JP encoded-word (GMime's decoding
 * is used then) or is longer than MIME_WALK_MAX_WORDS_INPUT. */
char *mime_walk_decode_words(const char *raw);

#define MIME_WALK_MAX_WORDS_INPUT  (64UL * 1024)   /* bytes of a header value */
#define MIME_WALK_MAX_UU           16              /* uuencoded files read per text body */
#define MIME_WALK_B64_BLANK_PCT    50              /* % lines with inner blanks: "not base64" */
#define MIME_WALK_B64_CHUNK        4096            /* bytes read at a time by the base64 check */

#endif
