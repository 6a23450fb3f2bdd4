/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * act - turns a decision into milter actions: the header rewrite of a bcc
 * decision, the removal of held external recipients, and THE one mapping
 * from a decision to the SMFIS answer (with the SMTP reply of a reject).
 * act_on_error() is the single exit for internal errors: it answers with the
 * configured [general] on_error action (tempfail 451 4.7.1 by default).
 *
 * Header values are written with a leading space because the filter
 * negotiates SMFIP_HDR_LEADSPC (values are passed and set as on the wire).
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mlfi.h"
#include "sg_buf.h"
#include "sg_log.h"

sfsistat act_on_error(SMFICTX *ctx, const sg_config *cfg, const char *qid, const char *why)
{
    const char *a = cfg ? cfg_str(cfg, CFG_GENERAL_ON_ERROR) : "tempfail";

    msg_error("%s: sendguard: internal error: %s (answering %s)", qid, why, a);
    if (strcmp(a, "accept") == 0)
        return SMFIS_ACCEPT;
    if (strcmp(a, "reject") == 0) {
        smfi_setreply(ctx, "550", "5.7.1", "message could not be inspected");
        return SMFIS_REJECT;
    }
    smfi_setreply(ctx, "451", "4.7.1", "message could not be inspected, try again later");
    return SMFIS_TEMPFAIL;
}

/* Number of headers called name. */
static int act_header_count(const msg *m, const char *name)
{
    size_t i;
    int n = 0;

    for (i = 0; i < m->msg_nheaders; i++)
        if (strcasecmp(m->msg_headers[i].name, name) == 0)
            n++;
    return n;
}

static int act_bcc(SMFICTX *ctx, const msg *m, const sg_decision *d)
{
    sg_buf v;
    int i, rc = 0;

    sg_buf_init(&v, 4096);
    if (sg_buf_printf(&v, " %s", d->bcc_to ? d->bcc_to : "undisclosed-recipients:;") != SG_BUF_OK) {
        sg_buf_free(&v);
        return -1;
    }
    if (smfi_chgheader(ctx, "To", 1, v.data) != MI_SUCCESS)
        rc = -1;
    for (i = act_header_count(m, "To"); i >= 2 && rc == 0; i--)
        if (smfi_chgheader(ctx, "To", i, NULL) != MI_SUCCESS)
            rc = -1;
    if (d->bcc_remove_cc)
        for (i = act_header_count(m, "Cc"); i >= 1 && rc == 0; i--)
            if (smfi_chgheader(ctx, "Cc", i, NULL) != MI_SUCCESS)
                rc = -1;
    sg_buf_free(&v);
    return rc;
}

static int act_delrcpts(SMFICTX *ctx, const sg_decision *d)
{
    size_t i;
    sg_buf a;
    int rc = 0;

    sg_buf_init(&a, 2048);
    for (i = 0; i < d->nrcpts && rc == 0; i++) {
        if (!d->rcpts[i].external)
            continue;
        sg_buf_reset(&a);
        if (sg_buf_printf(&a, "<%s>", d->rcpts[i].address) != SG_BUF_OK ||
            smfi_delrcpt(ctx, a.data) != MI_SUCCESS)
            rc = -1;
    }
    sg_buf_free(&a);
    return rc;
}

int act_modify(SMFICTX *ctx, const msg *m, const sg_decision *d)
{
    switch (d->action) {
    case SG_ACT_BCC:
        return act_bcc(ctx, m, d);
    case SG_ACT_HOLD:
    case SG_ACT_HOLD_APPROVER:
        return act_delrcpts(ctx, d);
    default:
        return 0;
    }
}

/* SMTP reply text: printable ASCII only, no '%' (libmilter formats it). */
static void act_reply_text(const char *in, char *out, size_t len)
{
    size_t o = 0;

    if (strncmp(in, "5.7.1 ", 6) == 0)
        in += 6;
    for (; *in && o + 1 < len; in++)
        out[o++] = (*in >= 0x20 && *in < 0x7f && *in != '%') ? *in : ' ';
    out[o] = '\0';
}

sfsistat act_status(SMFICTX *ctx, const sg_decision *d, int held_all)
{
    char text[512];

    switch (d->action) {
    case SG_ACT_PASS:
        /* a delay hold keeps the external recipients: discard when they
         * were all of them */
        return d->delay_hold && held_all ? SMFIS_DISCARD : SMFIS_CONTINUE;
    case SG_ACT_BCC:
        return SMFIS_CONTINUE;
    case SG_ACT_HOLD:
    case SG_ACT_HOLD_APPROVER:
        return held_all ? SMFIS_DISCARD : SMFIS_CONTINUE;
    case SG_ACT_REJECT:
        act_reply_text(d->reject_text ? d->reject_text : "message refused by policy", text,
                       sizeof(text));
        smfi_setreply(ctx, "550", "5.7.1", text);
        return SMFIS_REJECT;
    }
    msg_panic("unknown action %d", (int)d->action);
}
