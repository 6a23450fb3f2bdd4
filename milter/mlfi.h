/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mlfi.h - the parts of the milter that speak libmilter: callbacks, the end
 * of message pipeline and the decision -> SMFIS mapping. Only files of
 * milter/ include this header (and through it <libmilter/mfapi.h>).
 */
#ifndef SG_MLFI_H
#define SG_MLFI_H

#include <libmilter/mfapi.h>

#include "milter.h"

/* callbacks.c: the filter description registered with smfi_register. */
extern struct smfiDesc mlfi_desc;

/* eom.c: the whole end-of-message pipeline for an inspected message, and
 * the path of a reply to a notification. Both return the SMFIS answer. */
sfsistat eom_inspect(SMFICTX *ctx, conn *c, msg *m);
sfsistat eom_reply(SMFICTX *ctx, conn *c, msg *m);

/* act.c */
/* The configured [general] on_error answer (tempfail 451 4.7.1 by default);
 * why is logged with the queue id. Never accepts unless configured. */
sfsistat act_on_error(SMFICTX *ctx, const sg_config *cfg, const char *qid, const char *why);
/* Applies the message changes of a decision (bcc header rewrite, removal of
 * held external recipients). 0 ok, -1 a milter call failed. */
int act_modify(SMFICTX *ctx, const msg *m, const sg_decision *d);
/* THE mapping decision -> SMFIS (and the SMTP reply for reject). held_all:
 * every recipient was held (discard); otherwise accept what remains. */
sfsistat act_status(SMFICTX *ctx, const sg_decision *d, int held_all);

#endif
