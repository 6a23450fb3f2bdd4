/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scan_output - renders a scan result (and optionally a decision) for
 * sendguard-scan: one JSON object per file (the contract in DESIGN.md) or
 * human-readable text, with --explain detail. Output only; owns nothing.
 */
#ifndef SG_SCAN_OUTPUT_H
#define SG_SCAN_OUTPUT_H

#include <stdio.h>

#include "policy.h"
#include "scan.h"
#include "sg_buf.h"

/* Appends the JSON object for one file (no trailing newline). */
int scan_output_json(sg_buf *b, const char *file, const sg_scan_result *r,
                     const sg_decision *d, int explain);
/* Writes the human-readable report for one file. */
void scan_output_text(FILE *fp, const char *file, const sg_scan_result *r,
                      const sg_decision *d, int explain);
/* 1 when a finding of medium or high confidence exists (exit status 1). */
int scan_output_has_findings(const sg_scan_result *r);

#endif
