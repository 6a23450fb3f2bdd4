/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * callbacks - the libmilter callbacks mlfi_<phase>, registered by field name
 * in mlfi_desc. Each is short: it updates the connection context (conn_*) or
 * the message context (msg_*) and hands the end of message to eom.c.
 *
 * Contexts: conn made in connect, freed in close; msg made in envfrom and
 * freed by conn_msg_end() from eom, abort and close. Every internal error
 * answers with the configured on_error action (act_on_error), never accept.
 * Inbound mail (not outgoing, not a reply to a notification) is accepted at
 * DATA, after all recipients are known, and never recorded.
 *
 * No reply per header, end of headers and body chunk: those callbacks always
 * continue (a failure is remembered and answered at end of message), so
 * negotiate asks the MTA for SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY
 * when it offers them: one round trip per message part less (a 10 KB mail
 * has ~15 headers). The answer of negotiate is kept per connection (the
 * private pointer holds mlfi_nr_marker until connect replaces it with the
 * conn, which copies the flag), because a callback may return SMFIS_NOREPLY
 * only when it was negotiated. SENDGUARD_MILTER_NR=0 turns it off (A/B).
 */
#include "build-config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mlfi.h"
#include "sg_log.h"

#define MLFI_NR_FLAGS (SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY)

static char mlfi_nr_marker;     /* priv between negotiate and connect */

static conn *mlfi_conn(SMFICTX *ctx)
{
    void *p = smfi_getpriv(ctx);

    return p == &mlfi_nr_marker ? NULL : p;
}

/* The answer of the header/eoh/body callbacks: no reply when negotiated. */
static sfsistat mlfi_continue(const conn *c)
{
    return c && c->conn_noreply ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static int mlfi_nr_wanted(void)
{
    const char *v = getenv("SENDGUARD_MILTER_NR");

    return !v || strcmp(v, "0") != 0;
}

static const char *mlfi_qid(conn *c)
{
    return c && c->conn_msg ? c->conn_msg->msg_queue_id : "NOQUEUE";
}

static void mlfi_addr_string(const struct sockaddr *sa, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, len);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  len);
}

static sfsistat mlfi_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
                               unsigned long f2, unsigned long f3, unsigned long *pf0,
                               unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
    (void)f2;
    (void)f3;
    *pf0 = f0 & (SMFIF_CHGHDRS | SMFIF_DELRCPT | SMFIF_ADDHDRS | SMFIF_SETSYMLIST);
    *pf1 = f1 & (SMFIP_HDR_LEADSPC | SMFIP_NOHELO | SMFIP_NOUNKNOWN);
    if ((f1 & MLFI_NR_FLAGS) == MLFI_NR_FLAGS && mlfi_nr_wanted()) {
        *pf1 |= MLFI_NR_FLAGS;
        smfi_setpriv(ctx, &mlfi_nr_marker);
    }
    *pf2 = 0;
    *pf3 = 0;
    if (!(f1 & SMFIP_HDR_LEADSPC))
        msg_warn("the MTA cannot keep the space after header names: held mail may differ "
                 "in header whitespace when released");
    if ((f0 & (SMFIF_CHGHDRS | SMFIF_DELRCPT)) != (SMFIF_CHGHDRS | SMFIF_DELRCPT))
        msg_warn("the MTA does not allow header changes or recipient removal");
    if (f0 & SMFIF_SETSYMLIST) {
        smfi_setsymlist(ctx, SMFIM_ENVFROM, "i {auth_authen}");
        smfi_setsymlist(ctx, SMFIM_EOM, "i");
    }
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *hostaddr)
{
    char addr[INET6_ADDRSTRLEN + 1];
    snapshot *snap = snapshot_pin();
    conn *c;

    int noreply = smfi_getpriv(ctx) == &mlfi_nr_marker;

    (void)hostname;
    smfi_setpriv(ctx, NULL);
    if (!snap) {
        msg_error("connect: no configuration loaded");
        smfi_setreply(ctx, "451", "4.7.1", "mail filter not ready, try again later");
        return SMFIS_TEMPFAIL;
    }
    mlfi_addr_string(hostaddr, addr, sizeof(addr));
    if (!(c = conn_new(snap, addr[0] ? addr : NULL))) {
        sfsistat rc = act_on_error(ctx, snap->cfg, "NOQUEUE", "connect: out of memory");
        snapshot_unpin(snap);
        return rc;
    }
    c->conn_noreply = noreply;
    smfi_setpriv(ctx, c);
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_envfrom(SMFICTX *ctx, char **argv)
{
    conn *c = mlfi_conn(ctx);
    const sg_config *cfg;
    sg_envelope env;
    msg *m;

    if (!c)
        return SMFIS_TEMPFAIL;
    cfg = c->conn_snap->cfg;
    m = msg_new(argv[0], smfi_getsymval(ctx, "{auth_authen}"),
                (size_t)cfg_num(cfg, CFG_GENERAL_SPOOL_MEMORY), cfg_str(cfg, CFG_GENERAL_STATE_DIR));
    if (!m)
        return act_on_error(ctx, cfg, "NOQUEUE", "envfrom: out of memory");
    msg_set_queue_id(m, smfi_getsymval(ctx, "i"));
    conn_msg_begin(c, m);
    memset(&env, 0, sizeof(env));
    env.mail_from = m->msg_from;
    env.auth_user = m->msg_auth;
    env.client_addr = c->conn_client_addr;
    c->conn_outgoing = policy_is_outgoing(c->conn_snap->policy, &env);
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
    conn *c = mlfi_conn(ctx);

    if (!c || !c->conn_msg)
        return SMFIS_TEMPFAIL;
    if (msg_add_rcpt(c->conn_msg, argv[0]) < 0)
        return act_on_error(ctx, c->conn_snap->cfg, mlfi_qid(c),
                            "too many recipients or out of memory");
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_data(SMFICTX *ctx)
{
    conn *c = mlfi_conn(ctx);
    msg *m;

    if (!c || !(m = c->conn_msg))
        return SMFIS_TEMPFAIL;
    m->msg_is_reply = holdflow_is_reply(c->conn_snap->hf, (const char *const *)m->msg_rcpts,
                                        m->msg_nrcpts);
    if (!m->msg_is_reply && !c->conn_outgoing) {
        if (sg_log_verbose())
            msg_info("%s: sendguard: inbound from=<%s>, not inspected", m->msg_queue_id,
                     m->msg_from);
        conn_msg_end(c);
        return SMFIS_ACCEPT;
    }
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_header(SMFICTX *ctx, char *name, char *value)
{
    conn *c = mlfi_conn(ctx);

    if (c && c->conn_msg)   /* failure: spool marked, eom errs; no message: eom errs */
        (void)msg_add_header(c->conn_msg, name, value);
    return mlfi_continue(c);
}

static sfsistat mlfi_eoh(SMFICTX *ctx)
{
    conn *c = mlfi_conn(ctx);

    if (c && c->conn_msg)
        (void)msg_end_headers(c->conn_msg);
    return mlfi_continue(c);
}

static sfsistat mlfi_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
    conn *c = mlfi_conn(ctx);

    if (c && c->conn_msg)
        (void)msg_add_body(c->conn_msg, p, n);
    return mlfi_continue(c);
}

static sfsistat mlfi_eom(SMFICTX *ctx)
{
    conn *c = mlfi_conn(ctx);
    msg *m;
    sfsistat rc;

    if (!c || !(m = c->conn_msg))
        return SMFIS_TEMPFAIL;
    msg_set_queue_id(m, smfi_getsymval(ctx, "i"));
    if (msg_end_headers(m) < 0 || m->msg_spool.sp_failed)
        rc = act_on_error(ctx, c->conn_snap->cfg, m->msg_queue_id, "cannot spool the message");
    else if (m->msg_is_reply)
        rc = eom_reply(ctx, c, m);
    else
        rc = eom_inspect(ctx, c, m);
    conn_msg_end(c);
    return rc;
}

static sfsistat mlfi_abort(SMFICTX *ctx)
{
    conn *c = mlfi_conn(ctx);

    if (c)
        conn_msg_end(c);
    return SMFIS_CONTINUE;
}

static sfsistat mlfi_close(SMFICTX *ctx)
{
    conn *c = mlfi_conn(ctx);

    smfi_setpriv(ctx, NULL);
    conn_free(c);
    return SMFIS_CONTINUE;
}

struct smfiDesc mlfi_desc = {
    .xxfi_name = "sendguard",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = SMFIF_CHGHDRS | SMFIF_DELRCPT | SMFIF_ADDHDRS | SMFIF_SETSYMLIST,
    .xxfi_connect = mlfi_connect,
    .xxfi_helo = NULL,
    .xxfi_envfrom = mlfi_envfrom,
    .xxfi_envrcpt = mlfi_envrcpt,
    .xxfi_header = mlfi_header,
    .xxfi_eoh = mlfi_eoh,
    .xxfi_body = mlfi_body,
    .xxfi_eom = mlfi_eom,
    .xxfi_abort = mlfi_abort,
    .xxfi_close = mlfi_close,
    .xxfi_unknown = NULL,
    .xxfi_data = mlfi_data,
    .xxfi_negotiate = mlfi_negotiate,
};
