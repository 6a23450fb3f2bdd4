/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_text - making text that came from a message safe to store or show.
 *
 * Two rules, one place (every writer of message text uses them: the
 * record, sendguardctl, notifications, sendguard-scan, logs):
 *
 * Numbers are masked. A digit chain is a run of digits (ASCII or
 * full-width) in which single separators (space, '-', '.', '/', ',', '_',
 * U+3000, U+2010..U+2015, U+2212, U+30FC, U+FF0C..U+FF0F) may stand between
 * groups. A chain of SG_TEXT_MASK_DIGITS or more digits -- every My Number
 * (12), 法人番号 (13), card number (13-19) and phone number (10-11),
 * however it is spaced --
 * keeps its first 4 and last 2 digits and has every other digit replaced
 * by '*' (the rule of the scanner's evidence, findings_mask): "1234 5678
 * 9012" -> "1234 **** **12". Separators stay.
 *
 * Values are one line. Control characters -- C0 (CR, LF, TAB, ...), DEL,
 * C1 (U+0080..U+009F, e.g. U+009B, the 8-bit CSI), U+2028/U+2029 line and
 * paragraph separators -- become a space; direction overrides and
 * isolates (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069, which can make
 * "gpj.exe" read as "exe.jpg") become '?'; a byte that is not valid UTF-8
 * becomes '?' (a terminal could read a lone 0x9B as CSI).
 *
 * Pure; allocation through sg_alloc. Errors: NULL when out of memory.
 */
#ifndef SG_TEXT_H
#define SG_TEXT_H

#include <stddef.h>

#define SG_TEXT_MASK_DIGITS 10   /* shortest digit chain masked */

/* Numbers masked, nothing else changed. malloc'd; NULL(in) -> NULL. */
char *sg_text_mask(const char *in);
/* Numbers masked and one line (control characters replaced); at most
 * max bytes of output (0 = no limit; cut on a character boundary).
 * malloc'd; NULL(in) -> NULL. */
char *sg_text_safe(const char *in, size_t max);
/* The same in place (the result is never longer); NULL is left alone. */
void sg_text_mask_inplace(char *s);
void sg_text_safe_inplace(char *s, size_t max);
/* Length (1..4) of the control sequence at p (the one-line rule above:
 * C0, DEL, C1, U+2028/9, bidi controls, invalid UTF-8), 0 when p starts
 * an ordinary character or is at the end. *repl gets ' ' or '?'. */
size_t sg_text_control_at(const char *p, char *repl);
/* Bytes of the character at p: its UTF-8 sequence length, 1 for an
 * invalid byte, 0 at the end. Walk with control_at first, then this. */
size_t sg_text_char_len(const char *p);

#endif
