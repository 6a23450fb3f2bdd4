/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scan_unit - hands one text unit of a scan to the detectors (detect/) and
 * to the admin rules (rules_engine.c), after cutting it to max_text_bytes
 * at a UTF-8 character boundary (an unscannable finding says so). Called by
 * the walkers (mime_walk.c, file_inspect.c); calls only downwards.
 *
 * Owns: the cut copy of an oversized unit, freed before it returns.
 * Errors: none returned; out of memory drops the unit (to be turned into a
 * finding: see doc/internals/scanner.md).
 */
#include "scanner_priv.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "rules_engine.h"

/* Length of the longest prefix of s (at most max) that ends on a UTF-8
 * character boundary. */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t n = max;

    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void scan_unit(scan_ctx *ctx, const sg_text_unit *u)
{
    sg_text_unit cut;
    char *copy = NULL;

    if (!u || !u->text)
        return;
    if (scan_expired(ctx))
        return;
    if (u->len > ctx->lim.max_text_bytes) {
        char reason[SCAN_MAX_LIMIT_REASON];

        cut = *u;
        cut.len = utf8_cut(u->text, ctx->lim.max_text_bytes);
        if (!(copy = sg_malloc(cut.len + 1)))
            return;
        memcpy(copy, u->text, cut.len);
        copy[cut.len] = '\0';
        cut.text = copy;
        snprintf(reason, sizeof(reason), "text of %zu bytes: only the first %zu scanned",
                 u->len, cut.len);
        scan_limit(ctx, SG_LIMIT_PART_BYTES, u->location, u->part, reason);
        u = &cut;
    }
    if (ctx->det)
        detect_unit(ctx->det, ctx, u);
    if (ctx->sc->rules)
        rules_match_unit(ctx->sc->rules, ctx, u);
    free(copy);
}

