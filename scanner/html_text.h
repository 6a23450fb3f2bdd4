/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * html_text - HTML reduced to plain text for the detectors, with libxml2's
 * HTML parser (recovering, no network, silent): entities decoded, tags
 * stripped, script and style dropped, block elements give line breaks and
 * table cells tabs, NBSP becomes a space. cid: references of img/background
 * attributes are reported through a callback (for inline-image facts).
 *
 * Input and output are UTF-8. The output is capped at `cap` bytes (then
 * HTML_TEXT_TRUNCATED is set). Returns malloc'd text, NULL when out of memory or when
 * libxml2 gives up entirely (the caller then scans the raw markup).
 */
#ifndef SG_HTML_TEXT_H
#define SG_HTML_TEXT_H

#include <stddef.h>

typedef void (*html_cid_cb)(void *arg, const char *cid);

/* bits of *flags */
#define HTML_TEXT_TRUNCATED    0x1   /* the output reached cap */
#define HTML_TEXT_STOPPED      0x2   /* libxml2 gave up before the end (nesting) */
#define HTML_TEXT_OPEN_COMMENT 0x4   /* a "<!--" never closed hides the rest */

/* XML_PARSE_HUGE lifts libxml2's nesting limit (deep reply threads); when
 * the parser still stops early, or a comment is never closed, *flags says
 * so and the caller adds html_text_strip() of the whole markup, so what
 * follows is read all the same. */
char *html_text(const char *html, size_t len, size_t cap, size_t *outlen, int *flags,
                html_cid_cb on_cid, void *arg);

/* Markup to text without a parser: tags dropped (comment text kept),
 * &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references decoded,
 * script/style kept as text. Linear, bounded by cap (then *truncated).
 * Returns malloc'd UTF-8 or NULL when out of memory. */
char *html_text_strip(const char *html, size_t len, size_t cap, size_t *outlen, int *truncated);

#endif
