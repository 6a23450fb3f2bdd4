/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smtp_sink - see smtp_sink.h. Test code only: trusts its peer (libcurl).
 */
#include "build-config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sg_buf.h"
#include "smtp_sink.h"

struct smtp_sink {
    int lfd, stop, fail;
    pthread_t th;
    pthread_mutex_t mu;
    sink_msg *msgs;
    size_t n;
};

static int read_line(int fd, sg_buf *in, sg_buf *line)
{
    char c;

    sg_buf_reset(line);
    for (;;) {
        ssize_t r = read(fd, &c, 1);
        if (r <= 0)
            return -1;
        sg_buf_putc(line, c);
        if (c == '\n')
            return 0;
    }
    (void)in;
}

static void say(int fd, const char *s)
{
    if (write(fd, s, strlen(s)) < 0)
        return;
}

static void store_msg(smtp_sink *s, sg_buf *from, sg_buf *rcpts, sg_buf *data)
{
    sink_msg m;

    m.from = strdup(sg_buf_str(from));
    m.rcpts = strdup(sg_buf_str(rcpts));
    m.data = sg_buf_steal(data, &m.len);
    pthread_mutex_lock(&s->mu);
    s->msgs = realloc(s->msgs, (s->n + 1) * sizeof(*s->msgs));
    s->msgs[s->n++] = m;
    pthread_mutex_unlock(&s->mu);
}

static void trim_addr(const char *l, sg_buf *out)
{
    const char *a = strchr(l, '<'), *e = a ? strchr(a, '>') : NULL;

    if (a && e)
        sg_buf_append(out, a + 1, (size_t)(e - a - 1));
}

static void session(smtp_sink *s, int fd)
{
    sg_buf line, from, rcpts, data;
    const char *l;

    sg_buf_init(&line, 1 << 20);
    sg_buf_init(&from, 4096);
    sg_buf_init(&rcpts, 65536);
    sg_buf_init(&data, 64 << 20);
    say(fd, "220 sink ESMTP\r\n");
    while (read_line(fd, NULL, &line) == 0) {
        l = sg_buf_str(&line);
        if (!strncasecmp(l, "EHLO", 4) || !strncasecmp(l, "HELO", 4)) {
            say(fd, "250-sink\r\n250 8BITMIME\r\n");
        } else if (!strncasecmp(l, "MAIL", 4)) {
            sg_buf_reset(&from); sg_buf_reset(&rcpts); sg_buf_reset(&data);
            trim_addr(l, &from);
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(l, "RCPT", 4)) {
            if (rcpts.len)
                sg_buf_putc(&rcpts, ' ');
            trim_addr(l, &rcpts);
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(l, "DATA", 4)) {
            if (__atomic_load_n(&s->fail, __ATOMIC_SEQ_CST)) {
                say(fd, "451 try later\r\n");
                continue;
            }
            say(fd, "354 go\r\n");
            while (read_line(fd, NULL, &line) == 0) {
                l = sg_buf_str(&line);
                if (strcmp(l, ".\r\n") == 0)
                    break;
                sg_buf_append(&data, l[0] == '.' ? l + 1 : l, line.len - (l[0] == '.'));
            }
            store_msg(s, &from, &rcpts, &data);
            say(fd, "250 queued\r\n");
        } else if (!strncasecmp(l, "QUIT", 4)) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "250 ok\r\n");
        }
    }
    sg_buf_free(&line); sg_buf_free(&from); sg_buf_free(&rcpts); sg_buf_free(&data);
}

static void *sink_thread(void *arg)
{
    smtp_sink *s = arg;
    struct pollfd p = { .fd = s->lfd, .events = POLLIN };
    int fd;

    while (!__atomic_load_n(&s->stop, __ATOMIC_SEQ_CST)) {
        if (poll(&p, 1, 100) <= 0)
            continue;
        fd = accept(s->lfd, NULL, NULL);
        if (fd < 0)
            continue;
        session(s, fd);
        close(fd);
    }
    return NULL;
}

smtp_sink *sink_start(int *port)
{
    smtp_sink *s = calloc(1, sizeof(*s));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof(a);

    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->lfd < 0 || bind(s->lfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(s->lfd, 8) < 0 || getsockname(s->lfd, (struct sockaddr *)&a, &al) < 0) {
        free(s);
        return NULL;
    }
    *port = ntohs(a.sin_port);
    pthread_mutex_init(&s->mu, NULL);
    pthread_create(&s->th, NULL, sink_thread, s);
    return s;
}

void sink_stop(smtp_sink *s)
{
    size_t i;

    __atomic_store_n(&s->stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(s->th, NULL);
    close(s->lfd);
    for (i = 0; i < s->n; i++) {
        free(s->msgs[i].from);
        free(s->msgs[i].rcpts);
        free(s->msgs[i].data);
    }
    free(s->msgs);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void sink_fail_data(smtp_sink *s, int fail)
{
    __atomic_store_n(&s->fail, fail, __ATOMIC_SEQ_CST);
}

size_t sink_count(smtp_sink *s)
{
    size_t n;

    pthread_mutex_lock(&s->mu);
    n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

sink_msg *sink_get(smtp_sink *s, size_t i)
{
    sink_msg *m = NULL;

    pthread_mutex_lock(&s->mu);
    if (i < s->n && (m = malloc(sizeof(*m)))) {
        m->from = strdup(s->msgs[i].from);
        m->rcpts = strdup(s->msgs[i].rcpts);
        m->len = s->msgs[i].len;
        m->data = malloc(m->len + 1);
        memcpy(m->data, s->msgs[i].data, m->len);
        m->data[m->len] = '\0';
    }
    pthread_mutex_unlock(&s->mu);
    return m;
}

void sink_msg_free(sink_msg *m)
{
    if (!m)
        return;
    free(m->from);
    free(m->rcpts);
    free(m->data);
    free(m);
}
