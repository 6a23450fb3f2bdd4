/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smtp_sink - a tiny SMTP server on 127.0.0.1 for unit tests (one thread,
 * one connection at a time). Keeps every accepted message (envelope and
 * dot-unstuffed bytes). sink_fail_data(s, 1) answers 451 to DATA, to test
 * the retries of a relay that is down.
 */
#ifndef SG_SMTP_SINK_H
#define SG_SMTP_SINK_H

#include <stddef.h>

typedef struct sink_msg {
    char *from;
    char *rcpts;        /* space-separated */
    char *data;
    size_t len;
} sink_msg;

typedef struct smtp_sink smtp_sink;

smtp_sink *sink_start(int *port);
void sink_stop(smtp_sink *s);
void sink_fail_data(smtp_sink *s, int fail);
/* Number of messages received so far. */
size_t sink_count(smtp_sink *s);
/* Copy of message i (caller frees with sink_msg_free); NULL if none. */
sink_msg *sink_get(smtp_sink *s, size_t i);
void sink_msg_free(sink_msg *m);

#endif
