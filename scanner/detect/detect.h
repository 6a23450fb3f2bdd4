/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * detect - the built-in detectors over text units: mynumber, credit-card,
 * personal-data, sensitive-personal, classification-label, password-in-body.
 * (dangerous-attachment and virus are decided in file_inspect.c from file
 * facts; admin rules in rules_engine.c.)
 *
 * Pure: no I/O, no globals but constant tables. A detect_state carries what
 * must be seen across units of one message (password candidates, persons
 * seen) and is finished once all units and attachments are known.
 * Findings go through findings_add() (findings.h), which aggregates by
 * (rule, location) and counts distinct values.
 */
#ifndef SG_DETECT_H
#define SG_DETECT_H

#include "scan_ctx.h"

typedef struct detect_state detect_state;

detect_state *detect_state_new(void);
detect_state *detect_state_free(detect_state *st);

/* Runs every built-in text detector on one unit. */
void detect_unit(detect_state *st, scan_ctx *ctx, const sg_text_unit *u);
/* Message-level conclusions (password-in-body needs the attachment facts). */
void detect_finish(detect_state *st, scan_ctx *ctx);

#endif
