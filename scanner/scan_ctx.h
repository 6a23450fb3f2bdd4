/*
 * scan_ctx - the scanner's internal contract between its three layers:
 *
 *   containers (mime_walk.c, file_inspect.c, zip/archive/ooxml/pdf/cfb readers)
 *       turn bytes into text units and attachment facts, and report limits;
 *   detectors  (scanner/detect/, rules_engine.c) turn text units into findings;
 *   findings.c aggregates findings (distinct values, persons, reportable).
 *
 * One scan_ctx lives for one scanner_scan_*() call, on that thread only.
 * Text handed to scan_unit() must be valid UTF-8 and NUL-terminated; the
 * callee copies nothing it keeps past the call except through findings_add.
 */
#ifndef SG_SCAN_CTX_H
#define SG_SCAN_CTX_H

#include <stddef.h>
#include <time.h>

#include "scan.h"

typedef enum {
    SG_UNIT_SUBJECT,      /* decoded Subject header */
    SG_UNIT_BODY,         /* a text/plain or text/html (reduced to text) body part */
    SG_UNIT_TEXT,         /* text extracted from an attachment (txt, docx, pptx, pdf) */
    SG_UNIT_TABLE,        /* tabular data: rows separated by '\n', cells by '\t' (csv, xlsx) */
    SG_UNIT_PROPERTIES,   /* document properties (title, custom properties, labels) */
    SG_UNIT_FILENAME      /* an attachment or member file name */
} sg_unit_kind;

typedef struct sg_text_unit {
    sg_unit_kind kind;
    const char *text;     /* UTF-8, NUL-terminated */
    size_t len;
    const char *location; /* "body", "subject", "attachment a.zip/b.csv" */
    const char *part;     /* MIME part path */
    int att_index;        /* index into result->atts, -1 for body/subject */
} sg_text_unit;

/* Limits copied from the config when the scanner is built. */
typedef struct scan_limits {
    unsigned long long max_message_size, max_decoded_bytes, max_part_bytes;
    unsigned max_mime_depth, max_mime_parts;
    unsigned max_archive_depth, max_archive_members, max_compression_ratio;
    unsigned long long scan_timeout_ms;
    unsigned long long max_text_bytes;
} scan_limits;

struct detect_state;
struct rules_state;

typedef struct scan_ctx {
    const sg_scanner *sc;
    sg_scan_result *res;
    scan_limits lim;
    unsigned long long decoded_total;   /* decoded bytes so far (parts + members) */
    unsigned parts;                     /* MIME parts seen */
    struct timespec deadline;           /* CLOCK_MONOTONIC */
    struct detect_state *det;           /* detectors' per-scan state */
    struct rules_state *rules;          /* admin rules' per-message counts (rules_engine.c;
                                           freed by rules_end_message) */
    unsigned embedded;                  /* messages inside files being walked now
                                           (mime_walk_embedded; max_mime_depth) */
    unsigned long alloc_failures;       /* sg_alloc_failures() when the scan began */
} scan_ctx;

/* --- provided by scan.c --------------------------------------------------- */

/* Runs every detector and admin rule on one unit. */
void scan_unit(scan_ctx *ctx, const sg_text_unit *u);
/* Records a limit hit: sets the flag and adds an unscannable (or oversize
 * for SG_LIMIT_MESSAGE_SIZE) finding at location with a short reason. */
void scan_limit(scan_ctx *ctx, unsigned flag, const char *location, const char *part,
                const char *reason);
/* 1 when the time budget is spent (and records SG_LIMIT_TIMEOUT once). */
int scan_expired(scan_ctx *ctx);
/* Accounts n decoded bytes; returns -1 (and records the limit) past max. */
int scan_account(scan_ctx *ctx, unsigned long long n, const char *location, const char *part);
/* Appends an attachment fact (strings copied); returns its index or -1. */
int scan_add_attachment(scan_ctx *ctx, const sg_attachment *a);

/* --- provided by file_inspect.c (containers) ------------------------------ */

/* Inspects one file (a MIME attachment or an archive member): true type,
 * sha256, encryption, archive members (recursively, depth-limited), text
 * extraction into units. Adds exactly one attachment fact for the file
 * itself (and one per archive member). location is the file's location
 * string; depth 0 for a MIME attachment. Returns its attachment index. */
int file_inspect(scan_ctx *ctx, const char *name, const char *location, const char *part,
                 const unsigned char *data, size_t len, int depth);

/* --- provided by mime_walk.c ---------------------------------------------- */

/* Walks a parsed message: subject, bodies (every alternative, HTML as text),
 * attachments through file_inspect(), nested message/rfc822 recursively. */
int mime_walk_message(scan_ctx *ctx, const char *data, size_t len);
/* Walks a message found inside a file (an .eml attached as a file or in a
 * zip, the content of a base64 message/rfc822, S/MIME signed content, a
 * TNEF or .msg body): its subject and bodies get location loc, its
 * attachments are inspected as usual; part paths continue under part.
 * Nesting of such messages counts against max_mime_depth. Returns 0, or
 * -1 when out of memory. */
int mime_walk_embedded(scan_ctx *ctx, const char *data, size_t len, const char *loc,
                       const char *part);

/* --- provided by text_decode.c -------------------------------------------- */

/* Converts bytes in charset (NULL or unknown: detect among UTF-8, ISO-2022-JP,
 * CP932/Shift_JIS, EUC-JP, falling back to Latin-1) to NUL-terminated UTF-8.
 * Invalid sequences become U+FFFD. Returns malloc'd text, *outlen set;
 * NULL only when out of memory. *used_charset (optional) gets a static name. */
char *text_decode(const char *data, size_t len, const char *charset, size_t *outlen,
                  const char **used_charset);
/* UTF-16 text? TD_UTF16_LE / TD_UTF16_BE by a BOM (FF FE / FE FF; *bom
 * = 2) or by NUL bytes on one byte parity only in the first 4 KiB (ASCII
 * digits, blanks and line ends among the characters); 0 when not. */
enum { TD_UTF16_LE = 1, TD_UTF16_BE = 2 };
int text_utf16_kind(const unsigned char *data, size_t len, size_t *bom);
/* The charset ("UTF-8", "US-ASCII", "ISO-2022-JP", "CP932", "EUC-JP") in
 * which data is text without a single structure error and without a NUL,
 * or NULL. cut: data is a prefix of the file (a sequence cut off at the
 * end is not an error). Control bytes are not judged here. */
const char *text_decode_clean(const char *data, size_t len, int cut);

#endif
