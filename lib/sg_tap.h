/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_tap - a tiny TAP producer for the unit tests: every case is labelled,
 * the automake TAP driver counts each one.
 *   TAP_OK(cond, "label %d", i);  ...  return tap_done();
 * Every unit test takes part in the allocation torture run (sg_alloc.h):
 * SG_TORTURE_FAIL_AT is read before main().
 */
#ifndef SG_TAP_H
#define SG_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sg_alloc.h"

__attribute__((constructor, unused))
static void tap_torture_init(void)
{
    sg_alloc_torture_init();
}

static int tap_n, tap_failed;

#define TAP_OK(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define TAP_IS_INT(got, want, ...) \
    do { long long g_ = (long long)(got), w_ = (long long)(want); \
         if (!TAP_OK(g_ == w_, __VA_ARGS__)) printf("#   got %lld, want %lld\n", g_, w_); } while (0)
#define TAP_IS_STR(got, want, ...) \
    do { const char *g_ = (got), *w_ = (want); \
         int ok_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
         if (!TAP_OK(ok_, __VA_ARGS__)) printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } while (0)

__attribute__((format(printf, 4, 5), unused))
static int tap_ok(int ok, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    printf("%s %d - ", ok ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!ok) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return ok;
}

__attribute__((unused))
static int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
