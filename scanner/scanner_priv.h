/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scanner_priv - the inside of an sg_scanner (scan.h keeps it opaque) and
 * the scanner core's own hard caps.
 *
 * An sg_scanner is built once by scanner_new() from a config and is then
 * read-only, shared by all threads: the limits (copied from [limits]), the
 * ClamAV engine (NULL when [scan] clamav_db is empty) and the compiled admin
 * rules (from [scan] rules_dir). scanner_free() frees all three.
 */
#ifndef SG_SCANNER_PRIV_H
#define SG_SCANNER_PRIV_H

#include "scan.h"
#include "scan_ctx.h"

struct sg_clamav;
struct rules_set;

struct sg_scanner {
    scan_limits lim;
    struct sg_clamav *clamav;     /* NULL: no virus scan */
    struct rules_set *rules;      /* NULL: no admin rules */
};

/* hard caps of the scanner core (not admin-tunable) */
#define SCAN_MAX_LIMIT_REASON    256              /* bytes of a limit finding's reason */
#define TEXT_DECODE_MAX_OUT      (256UL << 20)    /* UTF-8 bytes text_decode() produces */
#define MIME_WALK_MAX_NAME       1024             /* bytes of a decoded attachment name */
#define MIME_WALK_MAX_CIDS       4096             /* cid: references kept from HTML */
#define SCAN_LOOKS_LINES         64               /* header lines looked at by looks_like */
#define MIME_WALK_DELIM_PER_PART 2                /* "--" lines parsed per allowed part */
#define MIME_WALK_DELIM_SLACK    100              /* ... plus this many */

#endif
