/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rules_engine - admins' own detection rules: INI-style *.rules files in
 * rules_dir (format: sendguard-rules(5), internals: doc/internals/rules.md).
 *
 * A rule is an id, a PCRE2 pattern (UTF + UCP mode, JIT-compiled once) or a
 * keyword list file (compiled into ONE PCRE2 alternation), a scope, a
 * minimum count, a confidence, an action and a message for the sender.
 *
 * Owner rules: rules_load_dir() returns a rules_set owned by the caller
 * (the scanner); it is immutable afterwards and shared read-only by all
 * threads (compiled code and match context are read-only; match data is
 * made per call). Free it with rules_free().
 * Per-message state: counts of rules with min_count > 1 that have matched
 * but not yet fired live in ctx->rules (allocated lazily, only then); the
 * scanner core calls rules_end_message(ctx) when a scan ends.
 *
 * Limits: RULES_MAX_* below and SG_MAX_LINE. A match that exceeds the PCRE2
 * match/depth limit counts as no match and records SG_LIMIT_TIMEOUT through
 * scan_limit() (an `unscannable` finding): a catastrophic pattern can never
 * hang a scan nor make content look clean.
 *
 * Errors: rules_load_dir() returns NULL with "FILE:LINE: reason" in err.
 */
#ifndef SG_RULES_ENGINE_H
#define SG_RULES_ENGINE_H

#include <stddef.h>
#include <stdio.h>

#include "scan_ctx.h"

#define RULES_MAX_RULES          1000      /* rules in one rules_dir */
#define RULES_MAX_FILES          200       /* *.rules files in one rules_dir */
#define RULES_MAX_ID             64        /* bytes of a rule id */
#define RULES_MAX_MESSAGE        1024      /* bytes of a sender message */
#define RULES_MAX_KEYWORDS       10000     /* keywords in one list file */
#define RULES_MAX_KEYWORD_BYTES  256       /* bytes of one keyword */
#define RULES_MAX_MIN_COUNT      100000
#define RULES_MATCH_LIMIT        2000000   /* pcre2_set_match_limit per match call */
#define RULES_DEPTH_LIMIT        10000     /* pcre2_set_depth_limit (interpreter) */
#define RULES_HEAP_LIMIT_KB      20480     /* pcre2_set_heap_limit (interpreter) */
#define RULES_MAX_HITS_PER_UNIT  1000      /* matches counted in one text unit */
#define RULES_MAX_EVIDENCE       48        /* bytes of a match kept (before masking) */

/* scope bits */
#define RULES_SCOPE_SUBJECT   0x01u
#define RULES_SCOPE_BODY      0x02u
#define RULES_SCOPE_ATT_NAMES 0x04u
#define RULES_SCOPE_ATT_TEXT  0x08u
#define RULES_SCOPE_ALL       0x0fu

struct rules_set;

/* Loads every *.rules file of dir (in name order). A dir without *.rules
 * files gives an empty set. NULL + "FILE:LINE: reason" in err on error. */
struct rules_set *rules_load_dir(const char *dir, char *err, size_t errlen);
/* The same, then every *.rules file of local_dir when it exists (the
 * admin's directory, [scan] local_rules_dir): a local rule with the id of a
 * shipped rule replaces it; keyword lists are relative to their own dir. */
struct rules_set *rules_load_dirs(const char *dir, const char *local_dir, char *err,
                                  size_t errlen);
void rules_free(struct rules_set *rs);
size_t rules_count(const struct rules_set *rs);

/* Matches every rule whose scope covers the unit; adds findings (rule = the
 * admin id, SG_FF_ADMIN_RULE, action, message) once the rule's matches in
 * the message reach its min_count. rs may be NULL (no rules). */
void rules_match_unit(const struct rules_set *rs, scan_ctx *ctx, const sg_text_unit *u);
/* Frees the per-message counters in ctx (safe when there are none). */
void rules_end_message(scan_ctx *ctx);

/* sendguard-scan --check-rules DIR: prints each rule (id, kind, scope,
 * min_count, confidence, action, file:line) to report; 0 when the dir
 * loads, -1 with "error: FILE:LINE: reason" printed. */
int rules_check_dir(const char *dir, FILE *report);

/* Scope name list ("subject,body") of scope bits, for reports. */
const char *rules_scope_names(unsigned scope, char *buf, size_t len);

#endif
