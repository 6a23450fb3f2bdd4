/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_log - logging with five fixed levels (after Postfix's msg(3)).
 *
 * msg_info   normal operation (one line per decision, keyed by queue id)
 * msg_warn   something odd that the program survives
 * msg_error  a failed operation; the caller returns an error status
 * msg_fatal  start-up only: logs and exits 1
 * msg_panic  an impossible state: logs with the function name and aborts
 *
 * Output goes to stderr until sg_log_open_syslog() is called; after that to
 * syslog (facility mail) and, in foreground mode, to stderr as well.
 * Never pass message content that may hold personal data to these functions.
 */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <stdarg.h>

void sg_log_init(const char *progname);
void sg_log_open_syslog(int also_stderr);
void sg_log_set_verbose(int level);
int sg_log_verbose(void);

void msg_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define msg_panic(fmt, ...) \
    sg_log_panic(__func__, fmt, ##__VA_ARGS__)
void sg_log_panic(const char *func, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
