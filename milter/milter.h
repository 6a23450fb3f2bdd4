/*
 * milter.h - the internal interface of sendguard-milter (libmilter glue).
 *
 * Modules (one concept per file):
 *   main.c       options, daemon set-up, signals (SIGHUP reload, SIGTERM stop)
 *   msock.c      listening socket: bind, mode, owner, TCP_NODELAY
 *   snapshot.c   refcounted {config, scanner, policy, holdflow}; reload
 *   mstore.c     one sg_store handle per thread (pthread key)
 *   callbacks.c  mlfi_<phase> callbacks and the smfiDesc (fields by name)
 *   conn.c       connection context conn_* (connect .. close)
 *   msg.c        message context msg_* (envfrom .. eom/abort/close)
 *   spool.c      raw message bytes: memory up to spool_memory, then a file
 *   eom.c        end of message: envelope, scan, history, decide, act, record, log
 *   act.c        decision -> milter actions and SMFIS_* (one mapping function)
 *
 * Only milter/ includes <libmilter/mfapi.h>; this header does not, so a
 * unit test of spool/msg needs no libmilter. The record event JSON comes
 * from policy/record_event.h (shared with sendguardctl).
 */
#ifndef SG_MILTER_H
#define SG_MILTER_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "holdflow.h"
#include "policy.h"
#include "scan.h"
#include "sg_buf.h"
#include "store.h"

/* ---- snapshot.c ---- */
typedef struct snapshot {
    int refs;                 /* guarded by the snapshot lock */
    sg_config *cfg;
    sg_scanner *scanner;
    sg_policy *policy;
    holdflow *hf;
} snapshot;

/* Loads config, scanner, policy and holdflow. NULL + "FILE:LINE: reason". */
snapshot *snapshot_load(const char *path, char *err, size_t errlen);
/* Makes s current (takes the caller's reference), moves the holdflow
 * background thread to it and unpins the old snapshot. */
void snapshot_install(snapshot *s);
/* The current snapshot, pinned (refs++). NULL before install. */
snapshot *snapshot_pin(void);
/* Drops one reference; frees at zero. Returns NULL. */
snapshot *snapshot_unpin(snapshot *s);
/* Frees a snapshot that was never installed. Returns NULL. */
snapshot *snapshot_discard(snapshot *s);

/* sendguard-milter -t (check.c): 0 ok, 1 error. */
int check_run(const char *conf);

/* ---- mstore.c ---- */
/* The calling thread's store handle for uri (opened on first use). NULL +
 * logged reason on error. */
sg_store *mstore_get(const sg_config *cfg);
/* Logs a store failure for message qid (an unreachable database once per
 * outage, see mstore.c). */
void mstore_failed(const char *qid, sg_store *st);
/* The store answered: ends an outage (logs "database back"). */
void mstore_ok(void);
void mstore_init(void);

/* ---- spool.c ---- */
typedef struct spool {
    sg_buf sp_mem;            /* first spool_memory bytes */
    size_t sp_limit;          /* memory limit */
    const char *sp_dir;       /* where a spill file goes */
    int sp_fd;                /* -1 while in memory */
    size_t sp_len;            /* total bytes */
    void *sp_map;             /* mmap of the file while mapped */
    int sp_failed;            /* a write failed: the message cannot be handled */
} spool;

void spool_init(spool *s, size_t memory_limit, const char *dir);
/* 0 ok, -1 error (logged; s->sp_failed set). */
int spool_write(spool *s, const void *p, size_t n);
/* The whole content, contiguous (memory or mmap). 0 ok, -1 error. */
int spool_view(spool *s, const char **data, size_t *len);
void spool_free(spool *s);

/* ---- msg.c ---- */
typedef struct msg {
    char *msg_queue_id;       /* {i}, "NOQUEUE" until known */
    char *msg_from;           /* envelope sender without <> */
    char *msg_auth;           /* {auth_authen}, NULL if none */
    char **msg_rcpts;         /* envelope recipients without <> */
    size_t msg_nrcpts, msg_arcpts;
    sg_header *msg_headers;   /* name/value as received (values malloc'd) */
    size_t msg_nheaders, msg_aheaders;
    size_t msg_header_bytes;  /* capped by SG_MAX_HEADER_BYTES */
    int msg_header_overflow;  /* more headers than we keep: unscannable */
    int msg_eoh_done;         /* the blank line was written to the spool */
    spool msg_spool;          /* raw message: headers + CRLF + body */
    int msg_is_reply;         /* a recipient is [hold] release_address */
    struct timespec msg_start;
} msg;

msg *msg_new(const char *from, const char *auth, size_t spool_memory, const char *dir);
msg *msg_free(msg *m);
int msg_add_rcpt(msg *m, const char *rcpt);
/* Keeps name/value and appends "name:value\r\n" to the spool (bare LF in a
 * folded value becomes CRLF). 0 ok, -1 error. */
int msg_add_header(msg *m, const char *name, const char *value);
int msg_end_headers(msg *m);
int msg_add_body(msg *m, const unsigned char *p, size_t n);
void msg_set_queue_id(msg *m, const char *qid);
const char *msg_header(const msg *m, const char *name);
/* Strips <> and surrounding blanks into a new string. */
char *msg_strip_address(const char *a);

/* ---- conn.c ---- */
typedef struct conn {
    snapshot *conn_snap;      /* pinned in connect, unpinned in close */
    char *conn_client_addr;   /* numeric client address, NULL if unknown */
    msg *conn_msg;            /* current message or NULL */
    int conn_outgoing;        /* current message is inspected (set in envfrom) */
    int conn_noreply;         /* SMFIP_NR_HDR/EOH/BODY negotiated: answer SMFIS_NOREPLY */
} conn;

conn *conn_new(snapshot *snap, const char *client_addr);
conn *conn_free(conn *c);
/* Starts a message (ending any previous one) / ends it: the ONE cleanup
 * path for eom, abort and close. */
void conn_msg_begin(conn *c, msg *m);
void conn_msg_end(conn *c);
/* Number of messages between envfrom and eom/abort, for a graceful stop. */
int conn_inflight(void);
void conn_inflight_add(int delta);

#endif
