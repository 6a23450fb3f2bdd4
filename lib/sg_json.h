/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_json - minimal JSON writing helpers on an sg_buf: string escaping
 * (invalid UTF-8 is replaced by U+FFFD so the output is always valid JSON).
 * Reading JSON is not needed anywhere in sendguard.
 */
#ifndef SG_JSON_H
#define SG_JSON_H

#include "sg_buf.h"

/* Appends "s" (quoted, escaped). len may be (size_t)-1 for strlen. NULL -> null */
int sg_json_str(sg_buf *b, const char *s, size_t len);
/* Appends ,"key": (comma only when first == 0) */
int sg_json_key(sg_buf *b, const char *key, int first);

#endif
