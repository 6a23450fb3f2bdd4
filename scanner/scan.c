/*
 * scan - the scanner's entry point: builds the engine from a config and
 * runs one scan (a message through mime_walk.c, a file through
 * file_inspect.c). The services the walkers call back are elsewhere, so no
 * file calls back into this one: scan_unit.c (a text unit to the detectors
 * and the admin rules) and scan_ctx.c (limit findings, time budget,
 * decoded-byte accounting, attachment facts).
 *
 * Owns: the sg_scanner (limits, ClamAV engine, admin rules; scanner_free),
 * and while a scan runs its scan_ctx (detector state, rule counters).
 * Results belong to the caller (scan_result_free).
 * Limits: [limits] keys, copied once into sg_scanner.lim; a message above
 * max_message_size is never parsed (oversize finding, size recorded); text
 * units above max_text_bytes are cut at a character boundary (unscannable
 * finding for the rest); the scan_timeout deadline is CLOCK_MONOTONIC.
 * Errors: scanner_new() NULL + reason; scanner_scan_*() -1 only when out
 * of memory (a limit is a finding, never an error).
 */
#include "scanner_priv.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <gmime/gmime.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clamav.h"
#include "detect.h"
#include "findings.h"
#include "rules_engine.h"
#include "sg_limits.h"
#include "sg_text.h"

void findings_priv_free(void *p);   /* findings.c */

static pthread_once_t scan_once = PTHREAD_ONCE_INIT;

static void scan_global_init(void)
{
    g_mime_init();
    xmlInitParser();
}

/* ---- engine ---------------------------------------------------------- */

static void limits_from_config(scan_limits *l, const sg_config *cfg)
{
    l->max_message_size = cfg_num(cfg, CFG_LIMITS_MAX_MESSAGE_SIZE);
    l->max_decoded_bytes = cfg_num(cfg, CFG_LIMITS_MAX_DECODED_BYTES);
    l->max_part_bytes = cfg_num(cfg, CFG_LIMITS_MAX_PART_BYTES);
    l->max_mime_depth = (unsigned)cfg_num(cfg, CFG_LIMITS_MAX_MIME_DEPTH);
    l->max_mime_parts = (unsigned)cfg_num(cfg, CFG_LIMITS_MAX_MIME_PARTS);
    l->max_archive_depth = (unsigned)cfg_num(cfg, CFG_LIMITS_MAX_ARCHIVE_DEPTH);
    l->max_archive_members = (unsigned)cfg_num(cfg, CFG_LIMITS_MAX_ARCHIVE_MEMBERS);
    l->max_compression_ratio = (unsigned)cfg_num(cfg, CFG_LIMITS_MAX_COMPRESSION_RATIO);
    l->scan_timeout_ms = cfg_num(cfg, CFG_LIMITS_SCAN_TIMEOUT);
    l->max_text_bytes = cfg_num(cfg, CFG_LIMITS_MAX_TEXT_BYTES);
}

sg_scanner *scanner_new(const sg_config *cfg, char *err, size_t errlen)
{
    sg_scanner *sc;
    const char *db, *dir;

    pthread_once(&scan_once, scan_global_init);
    if (!(sc = sg_calloc(1, sizeof(*sc)))) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    limits_from_config(&sc->lim, cfg);
    db = cfg_str(cfg, CFG_SCAN_CLAMAV_DB);
    if (db && *db && !(sc->clamav = clamav_new(db, err, errlen)))
        return scanner_free(sc);
    dir = cfg_str(cfg, CFG_SCAN_RULES_DIR);
    if (dir && *dir &&
        !(sc->rules = rules_load_dirs(dir, cfg_str(cfg, CFG_SCAN_LOCAL_RULES_DIR), err, errlen)))
        return scanner_free(sc);
    return sc;
}

sg_scanner *scanner_free(sg_scanner *sc)
{
    if (!sc)
        return NULL;
    if (sc->clamav)
        clamav_free(sc->clamav);
    if (sc->rules)
        rules_free(sc->rules);
    free(sc);
    return NULL;
}

/* ---- one scan -------------------------------------------------------- */

static int ctx_begin(scan_ctx *ctx, const sg_scanner *sc, sg_scan_result *out, size_t len)
{
    memset(out, 0, sizeof(*out));
    memset(ctx, 0, sizeof(*ctx));
    ctx->sc = sc;
    ctx->res = out;
    ctx->lim = sc->lim;
    clock_gettime(CLOCK_MONOTONIC, &ctx->deadline);
    ctx->deadline.tv_sec += (time_t)(ctx->lim.scan_timeout_ms / 1000);
    ctx->deadline.tv_nsec += (long)(ctx->lim.scan_timeout_ms % 1000) * 1000000L;
    if (ctx->deadline.tv_nsec >= 1000000000L) {
        ctx->deadline.tv_sec++;
        ctx->deadline.tv_nsec -= 1000000000L;
    }
    out->size = len;
    ctx->alloc_failures = sg_alloc_failures();
    ctx->det = detect_state_new();
    return ctx->det ? 0 : -1;
}

/* Text of the message in the result, as every caller stores or prints
 * it: digit chains masked (sg_text.h), so the subject, a file name or a
 * location never carries a full My Number or card number. In place (never
 * longer), nothing to fail. */
static void result_mask(sg_scan_result *r)
{
    size_t i;

    sg_text_mask_inplace(r->subject);
    for (i = 0; i < r->natts; i++) {
        sg_text_mask_inplace(r->atts[i].name);
        sg_text_mask_inplace(r->atts[i].location);
    }
    for (i = 0; i < r->nfindings; i++) {
        sg_text_mask_inplace(r->findings[i].location);
        sg_text_mask_inplace(r->findings[i].detail);
    }
}

/* -1 when an allocation failed anywhere during the scan: a finding, an
 * attachment fact or a piece of text may be missing, so the result is not
 * the message's and must not be used (the caller fails closed). */
static int ctx_end(scan_ctx *ctx)
{
    if (ctx->det) {
        detect_finish(ctx->det, ctx);
        ctx->det = detect_state_free(ctx->det);
    }
    rules_end_message(ctx);
    findings_conclude(ctx->res);
    result_mask(ctx->res);
    return sg_alloc_failures() != ctx->alloc_failures ? -1 : 0;
}

static void oversize(scan_ctx *ctx, const char *location, size_t len)
{
    char reason[SCAN_MAX_LIMIT_REASON];

    snprintf(reason, sizeof(reason), "%zu bytes, larger than max_message_size (%llu)", len,
             ctx->lim.max_message_size);
    scan_limit(ctx, SG_LIMIT_MESSAGE_SIZE, location, "", reason);
}

int scanner_scan_message(const sg_scanner *sc, const char *data, size_t len, sg_scan_result *out)
{
    scan_ctx ctx;
    int rc = 0;

    if (ctx_begin(&ctx, sc, out, len) < 0)
        return -1;
    out->is_message = 1;
    if (len > ctx.lim.max_message_size)
        oversize(&ctx, "message", len);
    else
        rc = mime_walk_message(&ctx, data, len);
    if (ctx_end(&ctx) < 0)
        rc = -1;
    return rc < 0 ? -1 : 0;
}

int scanner_scan_file(const sg_scanner *sc, const char *name, const char *data, size_t len,
                      sg_scan_result *out)
{
    scan_ctx ctx;
    const char *loc = name && *name ? name : "file";

    if (ctx_begin(&ctx, sc, out, len) < 0)
        return -1;
    if (len > ctx.lim.max_message_size)
        oversize(&ctx, loc, len);
    else if (scan_account(&ctx, len, loc, "") == 0)
        (void)file_inspect(&ctx, name ? name : "", loc, "", (const unsigned char *)data, len, 0);
    return ctx_end(&ctx);
}

/* ---- results --------------------------------------------------------- */

void scan_result_free(sg_scan_result *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nfindings; i++) {
        sg_finding *f = &r->findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    for (i = 0; i < r->natts; i++) {
        sg_attachment *a = &r->atts[i];
        free(a->name); free(a->location); free(a->part); free(a->type); free(a->description);
    }
    free(r->findings);
    free(r->atts);
    free(r->reportable_reason);
    free(r->subject);
    findings_priv_free(r->priv);
    memset(r, 0, sizeof(*r));
}
