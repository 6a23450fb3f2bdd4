/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * approvers - [hold] approvers_file: who approves a sender's hold-approver
 * messages (policy/approvers.c). Loaded once by policy_new(); the policy
 * names the approver in the decision (sg_decision.approver), so the milter
 * and sendguard-scan show the same one.
 * Owner: approvers_load() / approvers_free().
 */
#ifndef SG_APPROVERS_H
#define SG_APPROVERS_H

#include <stddef.h>

typedef struct approvers approvers;
/* path NULL or "": an empty map. NULL + "FILE:LINE: reason" on error. */
approvers *approvers_load(const char *path, char *err, size_t errlen);
approvers *approvers_free(approvers *a);
/* Most specific match: address, then @domain (longest, subdomains too), then *. */
const char *approvers_lookup(const approvers *a, const char *sender);

#endif
