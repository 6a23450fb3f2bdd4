/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scan - the content engine's public interface: a raw RFC 5322 message or
 * any file in, findings and attachment facts out. Used by the milter,
 * sendguard-scan and the tests; knows nothing of libmilter.
 *
 * sg_scanner: the compiled engine (admin rules, lists, ClamAV engine,
 * limits). Built once from a config (reads rules_dir and clamav_db: the only
 * I/O, at build time), immutable afterwards and shared by all threads.
 * scanner_scan_*: pure functions of the bytes given; they never touch the
 * network or files. Per-thread resources (libmagic cookie, PCRE2 match data)
 * are made and kept per thread inside the scanner.
 *
 * Owner rules: sg_scan_result is owned by the caller; scan_result_free()
 * frees everything inside it (and is safe on a zeroed or freed result).
 * Errors: scanner_scan_* return 0 when the scan finished (possibly with
 * limit findings) and -1 only for an internal error (out of memory); the
 * caller then applies the configured on-error action (fail closed).
 */
#ifndef SG_SCAN_H
#define SG_SCAN_H

#include <stddef.h>

#include "config.h"

typedef enum { SG_CONF_LOW = 0, SG_CONF_MEDIUM = 1, SG_CONF_HIGH = 2 } sg_confidence;
typedef enum { SG_ENC_NA = 0, SG_ENC_NO, SG_ENC_YES, SG_ENC_PARTIAL } sg_encrypted;

/* finding flags */
#define SG_FF_SENSITIVE   0x01u   /* 要配慮個人情報 */
#define SG_FF_FINANCIAL   0x02u   /* card or bank data (財産的被害) */
#define SG_FF_TOP_SECRET  0x04u   /* classification 極秘 */
#define SG_FF_ADMIN_RULE  0x08u   /* from an admin rule file */
#define SG_FF_CORPORATE   0x10u   /* 法人番号 (public, never personal) */

/* limit flags (sg_scan_result.limits) */
#define SG_LIMIT_MESSAGE_SIZE   0x001u
#define SG_LIMIT_DECODED_BYTES  0x002u
#define SG_LIMIT_PART_BYTES     0x004u
#define SG_LIMIT_MIME_DEPTH     0x008u
#define SG_LIMIT_MIME_PARTS     0x010u
#define SG_LIMIT_ARCHIVE_DEPTH  0x020u
#define SG_LIMIT_ARCHIVE_MEMBERS 0x040u
#define SG_LIMIT_COMPRESSION    0x080u
#define SG_LIMIT_TIMEOUT        0x100u
#define SG_LIMIT_CORRUPT        0x200u   /* corrupt / truncated container or encoding */
#define SG_LIMIT_ENCRYPTED      0x400u   /* encrypted content could not be read */
#define SG_LIMIT_UNSUPPORTED    0x800u   /* container kind we cannot open */

typedef struct sg_finding {
    char *rule;             /* rule id: "mynumber", "credit-card", ... or an admin id */
    sg_confidence confidence;
    unsigned count;         /* distinct values found at this location */
    unsigned persons;       /* persons concerned (table rows, distinct values) */
    char *location;         /* "subject", "body", "attachment customers.zip/list.csv" */
    char *part;             /* MIME part path, e.g. "1.2"; "" for a plain file */
    char *evidence;         /* masked sample, e.g. "1234-****-**12"; never the full value */
    size_t offset;          /* byte offset of the first match in the unit's UTF-8 text */
    char *detail;           /* why it matched, for --explain (keyword, column, ...) */
    char *message;          /* admin rule: text for the sender; NULL for built-ins */
    char *action;           /* admin rule: its action; NULL = configured [actions] */
    unsigned flags;         /* SG_FF_* */
} sg_finding;

typedef struct sg_attachment {
    char *name;             /* decoded file name (UTF-8), "" if none */
    char *location;         /* same form as sg_finding.location */
    char *part;             /* MIME part path */
    char *type;             /* true MIME type from libmagic, e.g. "application/zip" */
    char *description;      /* libmagic description, for humans */
    unsigned long long size;/* decoded size in bytes */
    char sha256[65];        /* hex */
    sg_encrypted encrypted;
    int depth;              /* 0 = MIME attachment, 1+ = member of an archive */
    int inline_image;       /* image referenced from the HTML part (cid:) */
    int signature;          /* .p7s / .asc / application/pgp-signature */
    int calendar;           /* text/calendar invite */
    unsigned nfindings;     /* findings whose location is inside this attachment */
} sg_attachment;

typedef struct sg_scan_result {
    sg_finding *findings;
    size_t nfindings, afindings;
    sg_attachment *atts;
    size_t natts, aatts;
    unsigned limits;        /* SG_LIMIT_* flags that were hit */
    int reportable;         /* a leak would have to be reported (see findings.c) */
    char *reportable_reason;/* e.g. "My Number of more than 100 persons"; NULL if not */
    char *subject;          /* decoded Subject (UTF-8), NULL for a plain file */
    int is_message;         /* input was an RFC 5322 message */
    unsigned long long size;/* input size */
    void *priv;             /* scanner-private bookkeeping (distinct-value sets) */
} sg_scan_result;

typedef struct sg_scanner sg_scanner;

sg_scanner *scanner_new(const sg_config *cfg, char *err, size_t errlen);
sg_scanner *scanner_free(sg_scanner *sc);

/* A raw message (headers + body, CRLF or LF). */
int scanner_scan_message(const sg_scanner *sc, const char *data, size_t len, sg_scan_result *out);
/* Any file; name is used for the attachment fact and dangerous-name checks. */
int scanner_scan_file(const sg_scanner *sc, const char *name, const char *data, size_t len,
                      sg_scan_result *out);
/* Does this look like an RFC 5322 message? (for the CLI) */
int scanner_looks_like_message(const char *data, size_t len);

void scan_result_free(sg_scan_result *r);

const char *sg_confidence_name(sg_confidence c);   /* "low" "medium" "high" */
const char *sg_encrypted_name(sg_encrypted e);     /* "n/a" "no" "yes" "partial" */

#endif
