/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * findings - aggregation of findings into an sg_scan_result: one finding per
 * (rule, location); confidence = the highest seen; count = distinct values
 * there (by a key the detector gives, e.g. the normalised number) at
 * MEDIUM or above when the finding is MEDIUM/HIGH, at any confidence when
 * it is LOW (persons likewise); evidence = the first masked sample of the
 * highest confidence. Also keeps the message-wide distinct
 * values per rule, from which findings_conclude() decides reportability
 * (see ../shared/reference/detection-spec.md §5.2 E).
 */
#ifndef SG_FINDINGS_H
#define SG_FINDINGS_H

#include "scan.h"

typedef struct finding_in {
    const char *rule;
    sg_confidence confidence;
    const char *location;
    const char *part;
    const char *evidence;     /* already masked */
    size_t offset;
    const char *detail;       /* may be NULL */
    const char *distinct_key; /* value identity for counting; NULL = count once per call */
    unsigned persons;         /* persons this call adds (0 = one per distinct key) */
    unsigned flags;           /* SG_FF_* */
    const char *message;      /* admin rules */
    const char *action;       /* admin rules */
    int att_index;            /* attachment the location is in, -1 if none */
} finding_in;

int findings_add(sg_scan_result *res, const finding_in *in);
/* Message-wide distinct values of a rule at confidence >= min. */
unsigned findings_distinct(const sg_scan_result *res, const char *rule, sg_confidence min);
/* Sets res->reportable and res->reportable_reason. */
void findings_conclude(sg_scan_result *res);
/* Masks a value for evidence: keeps the first 4 and last 2 alphanumerics
 * (first 4 and last 4 for cards would be too much: same rule), rest '*'. */
char *findings_mask(const char *value, size_t len);

#endif
