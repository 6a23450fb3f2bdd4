/*
 * scan_ctx - the services of one running scan (scan_ctx.h) that every
 * walker and reader calls: limit findings (scan_limit), the time budget
 * (scan_expired), decoded-byte accounting (scan_account), attachment facts
 * (scan_add_attachment); and the names of the scan's enums. A leaf: it calls
 * only findings.c and lib/, never the walkers or the entry point.
 *
 * Owns nothing: it writes into ctx->res (the caller's result).
 * Limits: [limits] max_decoded_bytes and scan_timeout (ctx->lim, deadline).
 * Errors: scan_account -1 past the limit (the finding is added);
 * scan_add_attachment -1 when out of memory.
 */
#include "scanner_priv.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "findings.h"

const char *sg_confidence_name(sg_confidence c)
{
    switch (c) {
    case SG_CONF_LOW: return "low";
    case SG_CONF_MEDIUM: return "medium";
    case SG_CONF_HIGH: return "high";
    }
    return "low";
}

const char *sg_encrypted_name(sg_encrypted e)
{
    switch (e) {
    case SG_ENC_NA: return "n/a";
    case SG_ENC_NO: return "no";
    case SG_ENC_YES: return "yes";
    case SG_ENC_PARTIAL: return "partial";
    }
    return "n/a";
}

void scan_limit(scan_ctx *ctx, unsigned flag, const char *location, const char *part,
                const char *reason)
{
    finding_in in;

    memset(&in, 0, sizeof(in));
    ctx->res->limits |= flag;
    in.rule = flag == SG_LIMIT_MESSAGE_SIZE ? "oversize" : "unscannable";
    in.confidence = SG_CONF_HIGH;
    in.location = location ? location : "message";
    in.part = part ? part : "";
    in.evidence = reason ? reason : "";
    in.detail = reason;
    in.distinct_key = reason;
    in.att_index = -1;
    findings_add(ctx->res, &in);
}

int scan_expired(scan_ctx *ctx)
{
    struct timespec now;

    if (ctx->res->limits & SG_LIMIT_TIMEOUT)
        return 1;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec < ctx->deadline.tv_sec ||
        (now.tv_sec == ctx->deadline.tv_sec && now.tv_nsec < ctx->deadline.tv_nsec))
        return 0;
    scan_limit(ctx, SG_LIMIT_TIMEOUT, "message", "", "scan_timeout reached: the rest was not scanned");
    return 1;
}

int scan_account(scan_ctx *ctx, unsigned long long n, const char *location, const char *part)
{
    char reason[SCAN_MAX_LIMIT_REASON];

    if (n > ctx->lim.max_decoded_bytes - ctx->decoded_total ||
        ctx->decoded_total > ctx->lim.max_decoded_bytes) {
        snprintf(reason, sizeof(reason), "max_decoded_bytes (%llu) reached",
                 ctx->lim.max_decoded_bytes);
        scan_limit(ctx, SG_LIMIT_DECODED_BYTES, location, part, reason);
        return -1;
    }
    ctx->decoded_total += n;
    return 0;
}

static char *dup_or_empty(const char *s)
{
    return sg_strdup(s ? s : "");
}

int scan_add_attachment(scan_ctx *ctx, const sg_attachment *a)
{
    sg_scan_result *r = ctx->res;
    sg_attachment *d;

    /* bounded by the MIME part and archive member limits */
    if (SG_ARRAY_RESERVE(r->atts, r->natts, r->aatts, 1, SG_VEC_NOCAP) < 0)
        return -1;
    d = &r->atts[r->natts];
    *d = *a;
    d->name = dup_or_empty(a->name);
    d->location = dup_or_empty(a->location);
    d->part = dup_or_empty(a->part);
    d->type = dup_or_empty(a->type);
    d->description = dup_or_empty(a->description);
    if (!d->name || !d->location || !d->part || !d->type || !d->description) {
        free(d->name); free(d->location); free(d->part); free(d->type); free(d->description);
        return -1;
    }
    d->sha256[sizeof(d->sha256) - 1] = '\0';
    return (int)r->natts++;
}

