/*
 * sg_alloc - the allocation wrappers every per-message path uses (after
 * curl's curl_memory.h / memdebug). They never abort: out of memory returns
 * NULL and the caller returns its error. GLib's allocators abort, so they
 * stay inside GMime calls only.
 *
 * Allocation torture (curl's tests fail the Nth allocation): with
 * sg_alloc_fail_at(N), the Nth sg_* allocation from then on returns NULL
 * (only that one; the ones after it succeed again), so a loop over N walks
 * every out-of-memory path. Programs call sg_alloc_torture_init() first
 * thing in main(): it reads SG_TORTURE_FAIL_AT=N from the environment (a test
 * hook, no setting) and, with SG_TORTURE_REPORT=FILE, writes the number of
 * allocations made to FILE at exit so the loop knows where to stop;
 * SG_TORTURE_TRACE=1 prints a backtrace of the allocation that fails.
 * Memory from these functions is released with free().
 */
#ifndef SG_ALLOC_H
#define SG_ALLOC_H

#include <stddef.h>

void *sg_malloc(size_t n);
void *sg_calloc(size_t nmemb, size_t size);
void *sg_realloc(void *p, size_t n);
char *sg_strdup(const char *s);
char *sg_strndup(const char *s, size_t n);
/* malloc'd formatted string, NULL on error (replaces g_strdup_printf) */
char *sg_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocations that failed (returned NULL) in the calling thread so far.
 * A unit of work that must be complete or fail (a scan) reads it before and
 * after: a change means some piece of it was dropped on the way, even where
 * the code that saw the NULL carried on, so the whole result is an error
 * (fail closed: the milter's on_error, sendguard-scan's exit 2). */
unsigned long sg_alloc_failures(void);

/* torture hook: 0 turns it off */
void sg_alloc_fail_at(unsigned long n);
/* sg_* allocations made since start (counted also while the hook is off) */
unsigned long sg_alloc_count(void);
/* reads SG_TORTURE_FAIL_AT / SG_TORTURE_REPORT; returns the N set, or 0 */
unsigned long sg_alloc_torture_init(void);

#endif
