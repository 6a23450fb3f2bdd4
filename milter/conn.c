/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conn - the connection context (conn_*): made in connect, freed in close.
 * Holds the pinned snapshot, the client address and the current message.
 * Also counts messages in flight (envfrom .. eom/abort) so that SIGTERM can
 * wait for them.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "milter.h"

static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
static int conn_messages_inflight;

conn *conn_new(snapshot *snap, const char *client_addr)
{
    conn *c = sg_calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    if (client_addr && !(c->conn_client_addr = sg_strdup(client_addr))) {
        free(c);
        return NULL;
    }
    c->conn_snap = snap;
    return c;
}

conn *conn_free(conn *c)
{
    if (!c)
        return NULL;
    conn_msg_end(c);
    c->conn_snap = snapshot_unpin(c->conn_snap);
    free(c->conn_client_addr);
    free(c);
    return NULL;
}

void conn_inflight_add(int delta)
{
    pthread_mutex_lock(&conn_lock);
    conn_messages_inflight += delta;
    pthread_mutex_unlock(&conn_lock);
}

int conn_inflight(void)
{
    int n;

    pthread_mutex_lock(&conn_lock);
    n = conn_messages_inflight;
    pthread_mutex_unlock(&conn_lock);
    return n;
}

void conn_msg_begin(conn *c, msg *m)
{
    conn_msg_end(c);
    c->conn_msg = m;
    conn_inflight_add(1);
}

void conn_msg_end(conn *c)
{
    if (!c->conn_msg)
        return;
    c->conn_msg = msg_free(c->conn_msg);
    conn_inflight_add(-1);
}
