/*
 * html_text - HTML reduced to plain text for the detectors, with libxml2's
 * HTML parser (recovering, no network, silent): entities decoded, tags
 * stripped, script and style dropped, block elements give line breaks and
 * table cells tabs, NBSP becomes a space. cid: references of img/background
 * attributes are reported through a callback (for inline-image facts).
 *
 * Input and output are UTF-8. The output is capped at `cap` bytes (then
 * *truncated is set). Returns malloc'd text, NULL when out of memory or when
 * libxml2 gives up entirely (the caller then scans the raw markup).
 */
#ifndef SG_HTML_TEXT_H
#define SG_HTML_TEXT_H

#include <stddef.h>

typedef void (*html_cid_cb)(void *arg, const char *cid);

char *html_text(const char *html, size_t len, size_t cap, size_t *outlen, int *truncated,
                html_cid_cb on_cid, void *arg);

#endif
