/*
 * sg_alloc - allocation wrappers with a fail-the-Nth-allocation hook; see
 * sg_alloc.h. The counters are atomics: the milter calls these from many
 * threads. The hook costs one atomic increment per allocation.
 */
#include "sg_alloc.h"

#include <errno.h>
#include <execinfo.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong alloc_count;
static atomic_ulong fail_at;          /* absolute count that fails, 0: none */
static const char *report_path;
static int trace;                     /* SG_TORTURE_TRACE: backtrace of the failure */
/* allocations that returned NULL in this thread (sticky, as errno is per
 * thread): a scan compares it before and after, see sg_alloc_failures() */
static _Thread_local unsigned long thread_failures;

static void *counted(void *p)
{
    if (!p)
        thread_failures++;
    return p;
}

/* 1 when this allocation is the one to fail */
static int alloc_tick(void)
{
    unsigned long n = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    unsigned long f = atomic_load_explicit(&fail_at, memory_order_relaxed);

    if (f == 0 || n != f)
        return 0;
    errno = ENOMEM;     /* as malloc does */
    if (trace) {
        void *bt[32];
        int k = backtrace(bt, 32);
        backtrace_symbols_fd(bt, k, 2);
    }
    return 1;
}

void *sg_malloc(size_t n)
{
    return counted(alloc_tick() ? NULL : malloc(n ? n : 1));
}

void *sg_calloc(size_t nmemb, size_t size)
{
    if (alloc_tick())
        return counted(NULL);
    return counted(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *sg_realloc(void *p, size_t n)
{
    return counted(alloc_tick() ? NULL : realloc(p, n ? n : 1));
}

unsigned long sg_alloc_failures(void)
{
    return thread_failures;
}

char *sg_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = sg_malloc(len + 1);

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *sg_strdup(const char *s)
{
    size_t len = strlen(s);
    char *p = sg_malloc(len + 1);

    if (p)
        memcpy(p, s, len + 1);
    return p;
}

char *sg_asprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(p = sg_malloc((size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void sg_alloc_fail_at(unsigned long n)
{
    unsigned long now = atomic_load_explicit(&alloc_count, memory_order_relaxed);

    atomic_store_explicit(&fail_at, n ? now + n : 0, memory_order_relaxed);
}

unsigned long sg_alloc_count(void)
{
    return atomic_load_explicit(&alloc_count, memory_order_relaxed);
}

static void report_at_exit(void)
{
    FILE *f;

    if (report_path && (f = fopen(report_path, "w")) != NULL) {
        fprintf(f, "%lu\n", sg_alloc_count());
        fclose(f);
    }
}

unsigned long sg_alloc_torture_init(void)
{
    const char *v = getenv("SG_TORTURE_FAIL_AT");
    unsigned long n = 0;

    report_path = getenv("SG_TORTURE_REPORT");
    trace = getenv("SG_TORTURE_TRACE") != NULL;
    if (report_path && *report_path)
        atexit(report_at_exit);
    if (v && *v) {
        char *end;
        n = strtoul(v, &end, 10);
        if (*end)
            n = 0;
    }
    sg_alloc_fail_at(n);
    return n;
}
