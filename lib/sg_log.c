/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_log - the five log levels; see sg_log.h. Thread-safe: each line is one
 * write to stderr or one syslog(3) call.
 */
#include "sg_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static const char *log_prog = "sendguard";
static int log_syslog;
static int log_stderr = 1;
static int log_verbose;

void sg_log_init(const char *progname)
{
    const char *slash = strrchr(progname, '/');
    log_prog = slash ? slash + 1 : progname;
}

void sg_log_open_syslog(int also_stderr)
{
    openlog(log_prog, LOG_PID | LOG_NDELAY, LOG_MAIL);
    log_syslog = 1;
    log_stderr = also_stderr;
}

void sg_log_set_verbose(int level) { log_verbose = level; }
int sg_log_verbose(void) { return log_verbose; }

/* Control characters (a sender address with ESC sequences, CR/LF) never
 * reach syslog or a terminal raw: they become '?'. */
static void log_sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

static void log_emit(int prio, const char *tag, const char *fmt, va_list ap)
{
    char line[2048];

    vsnprintf(line, sizeof(line), fmt, ap);
    log_sanitize(line);
    if (log_syslog)
        syslog(prio, "%s%s", tag, line);
    if (log_stderr || !log_syslog)
        fprintf(stderr, "%s: %s%s\n", log_prog, tag, line);
}

#define LOG_BODY(prio, tag) \
    do { va_list ap; va_start(ap, fmt); log_emit(prio, tag, fmt, ap); va_end(ap); } while (0)

void msg_debug(const char *fmt, ...)
{
    if (log_verbose > 0)
        LOG_BODY(LOG_DEBUG, "debug: ");
}
void msg_info(const char *fmt, ...) { LOG_BODY(LOG_INFO, ""); }
void msg_warn(const char *fmt, ...) { LOG_BODY(LOG_WARNING, "warning: "); }
void msg_error(const char *fmt, ...) { LOG_BODY(LOG_ERR, "error: "); }

void msg_fatal(const char *fmt, ...)
{
    LOG_BODY(LOG_CRIT, "fatal: ");
    exit(1);
}

void sg_log_panic(const char *func, const char *fmt, ...)
{
    char line[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    log_sanitize(line);
    if (log_syslog)
        syslog(LOG_CRIT, "panic: %s: %s", func, line);
    fprintf(stderr, "%s: panic: %s: %s\n", log_prog, func, line);
    abort();
}
