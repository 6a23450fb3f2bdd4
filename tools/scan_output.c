/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scan_output - JSON and text rendering for sendguard-scan; see
 * scan_output.h. Evidence is already masked by the scanner; nothing here
 * ever prints more than the scanner's masked sample.
 */
#include "scan_output.h"

#include <string.h>

#include "sg_json.h"

static const char *limit_names[] = {
    "message-size", "decoded-bytes", "part-bytes", "mime-depth", "mime-parts",
    "archive-depth", "archive-members", "compression-ratio", "timeout", "corrupt",
    "encrypted", "unsupported",
};

int scan_output_has_findings(const sg_scan_result *r)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++)
        if (r->findings[i].confidence >= SG_CONF_MEDIUM)
            return 1;
    return 0;
}

static void json_finding(sg_buf *b, const sg_finding *f, int explain)
{
    sg_buf_putc(b, '{');
    sg_json_key(b, "rule", 1);
    sg_json_str(b, f->rule, (size_t)-1);
    sg_json_key(b, "confidence", 0);
    sg_json_str(b, sg_confidence_name(f->confidence), (size_t)-1);
    sg_json_key(b, "count", 0);
    sg_buf_printf(b, "%u", f->count);
    sg_json_key(b, "persons", 0);
    sg_buf_printf(b, "%u", f->persons);
    sg_json_key(b, "location", 0);
    sg_json_str(b, f->location, (size_t)-1);
    sg_json_key(b, "evidence", 0);
    sg_json_str(b, f->evidence, (size_t)-1);
    if (f->message) {
        sg_json_key(b, "message", 0);
        sg_json_str(b, f->message, (size_t)-1);
    }
    if (explain) {
        sg_json_key(b, "part", 0);
        sg_json_str(b, f->part, (size_t)-1);
        sg_json_key(b, "offset", 0);
        sg_buf_printf(b, "%zu", f->offset);
        sg_json_key(b, "detail", 0);
        sg_json_str(b, f->detail ? f->detail : "", (size_t)-1);
    }
    sg_buf_putc(b, '}');
}

static void json_attachment(sg_buf *b, const sg_attachment *a, int explain)
{
    sg_buf_putc(b, '{');
    sg_json_key(b, "name", 1);
    sg_json_str(b, a->name ? a->name : "", (size_t)-1);
    sg_json_key(b, "type", 0);
    sg_json_str(b, a->type ? a->type : "", (size_t)-1);
    sg_json_key(b, "size", 0);
    sg_buf_printf(b, "%llu", a->size);
    sg_json_key(b, "sha256", 0);
    sg_json_str(b, a->sha256, (size_t)-1);
    sg_json_key(b, "encrypted", 0);
    sg_json_str(b, sg_encrypted_name(a->encrypted), (size_t)-1);
    sg_json_key(b, "location", 0);
    sg_json_str(b, a->location ? a->location : "", (size_t)-1);
    sg_json_key(b, "depth", 0);
    sg_buf_printf(b, "%d", a->depth);
    if (explain) {
        sg_json_key(b, "part", 0);
        sg_json_str(b, a->part ? a->part : "", (size_t)-1);
        sg_json_key(b, "description", 0);
        sg_json_str(b, a->description ? a->description : "", (size_t)-1);
    }
    sg_buf_putc(b, '}');
}

static void json_decision(sg_buf *b, const sg_decision *d)
{
    size_t i;

    sg_buf_putc(b, '{');
    sg_json_key(b, "action", 1);
    sg_json_str(b, sg_action_name(d->action), (size_t)-1);
    sg_json_key(b, "rules", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < d->nhits; i++) {
        if (i)
            sg_buf_putc(b, ',');
        sg_json_str(b, d->hits[i].rule, (size_t)-1);
    }
    sg_buf_putc(b, ']');
    sg_json_key(b, "external_only", 0);
    sg_buf_puts(b, d->external_only ? "true" : "false");
    sg_json_key(b, "outgoing", 0);
    sg_buf_puts(b, d->outgoing ? "true" : "false");
    /* the hold terms, as the milter acts on them */
    if (d->delay_hold) {
        sg_json_key(b, "delay_hold", 0);
        sg_buf_puts(b, "true");
    }
    if (d->hold_ms) {
        sg_json_key(b, "hold_seconds", 0);
        sg_buf_printf(b, "%llu", d->hold_ms / 1000);
    }
    if (d->approver) {
        sg_json_key(b, "approver", 0);
        sg_json_str(b, d->approver, (size_t)-1);
    }
    sg_json_key(b, "hits", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < d->nhits; i++) {
        if (i)
            sg_buf_putc(b, ',');
        sg_buf_putc(b, '{');
        sg_json_key(b, "rule", 1);
        sg_json_str(b, d->hits[i].rule, (size_t)-1);
        sg_json_key(b, "action", 0);
        sg_json_str(b, sg_action_name(d->hits[i].action), (size_t)-1);
        sg_json_key(b, "detail", 0);
        sg_json_str(b, d->hits[i].detail ? d->hits[i].detail : "", (size_t)-1);
        sg_buf_putc(b, '}');
    }
    sg_buf_putc(b, ']');
    sg_json_key(b, "recipients", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < d->nrcpts; i++) {
        const sg_rcpt *rc = &d->rcpts[i];
        if (i)
            sg_buf_putc(b, ',');
        sg_buf_putc(b, '{');
        sg_json_key(b, "address", 1);
        sg_json_str(b, rc->address, (size_t)-1);
        sg_json_key(b, "external", 0);
        sg_buf_puts(b, rc->external ? "true" : "false");
        if (rc->private_address) {
            sg_json_key(b, "private", 0);
            sg_buf_puts(b, "true");
        }
        if (rc->first_time) {
            sg_json_key(b, "first_time", 0);
            sg_buf_puts(b, "true");
        }
        if (rc->lookalike_of) {
            sg_json_key(b, "lookalike_of", 0);
            sg_json_str(b, rc->lookalike_of, (size_t)-1);
        }
        sg_buf_putc(b, '}');
    }
    sg_buf_putc(b, ']');
    if (d->reject_text) {
        sg_json_key(b, "reject_text", 0);
        sg_json_str(b, d->reject_text, (size_t)-1);
    }
    if (d->bcc_to) {
        sg_json_key(b, "bcc_to", 0);
        sg_json_str(b, d->bcc_to, (size_t)-1);
    }
    sg_buf_putc(b, '}');
}

int scan_output_json(sg_buf *b, const char *file, const sg_scan_result *r,
                     const sg_decision *d, int explain)
{
    size_t i;
    int first = 1;

    sg_buf_putc(b, '{');
    sg_json_key(b, "file", 1);
    sg_json_str(b, file, (size_t)-1);
    sg_json_key(b, "findings", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < r->nfindings; i++) {
        if (i)
            sg_buf_putc(b, ',');
        json_finding(b, &r->findings[i], explain);
    }
    sg_buf_puts(b, "]");
    sg_json_key(b, "attachments", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < r->natts; i++) {
        if (i)
            sg_buf_putc(b, ',');
        json_attachment(b, &r->atts[i], explain);
    }
    sg_buf_putc(b, ']');
    sg_json_key(b, "reportable", 0);
    sg_buf_puts(b, r->reportable ? "true" : "false");
    if (r->reportable_reason) {
        sg_json_key(b, "reportable_reason", 0);
        sg_json_str(b, r->reportable_reason, (size_t)-1);
    }
    sg_json_key(b, "limits", 0);
    sg_buf_putc(b, '[');
    for (i = 0; i < sizeof(limit_names) / sizeof(limit_names[0]); i++)
        if (r->limits & (1u << i)) {
            if (!first)
                sg_buf_putc(b, ',');
            first = 0;
            sg_json_str(b, limit_names[i], (size_t)-1);
        }
    sg_buf_putc(b, ']');
    sg_json_key(b, "size", 0);
    sg_buf_printf(b, "%llu", r->size);
    sg_json_key(b, "message", 0);
    sg_buf_puts(b, r->is_message ? "true" : "false");
    if (d) {
        sg_json_key(b, "decision", 0);
        json_decision(b, d);
    }
    return sg_buf_putc(b, '}');
}

void scan_output_text(FILE *fp, const char *file, const sg_scan_result *r,
                      const sg_decision *d, int explain)
{
    size_t i;

    fprintf(fp, "%s: %s, %llu bytes\n", file, r->is_message ? "message" : "file", r->size);
    if (r->subject && *r->subject)
        fprintf(fp, "  subject: %s\n", r->subject);
    if (!r->nfindings)
        fprintf(fp, "  no findings\n");
    for (i = 0; i < r->nfindings; i++) {
        const sg_finding *f = &r->findings[i];
        fprintf(fp, "  %-22s %-6s count=%u persons=%u  %s  %s\n", f->rule,
                sg_confidence_name(f->confidence), f->count, f->persons, f->location,
                f->evidence);
        if (f->message)
            fprintf(fp, "      message: %s\n", f->message);
        if (explain)
            fprintf(fp, "      part %s, offset %zu: %s\n", *f->part ? f->part : "-", f->offset,
                    f->detail ? f->detail : "");
    }
    for (i = 0; i < r->natts; i++) {
        const sg_attachment *a = &r->atts[i];
        fprintf(fp, "  attachment %s%s  %s  %llu bytes  encrypted=%s\n",
                a->depth ? "  member " : "", a->location ? a->location : "",
                a->type ? a->type : "?", a->size, sg_encrypted_name(a->encrypted));
        if (explain)
            fprintf(fp, "      sha256 %s  (%s)\n", a->sha256,
                    a->description ? a->description : "");
    }
    if (r->reportable)
        fprintf(fp, "  reportable: yes: %s\n", r->reportable_reason ? r->reportable_reason : "");
    if (d) {
        fprintf(fp, "  decision: %s%s%s\n", d->delay_hold ? "delay hold, then " : "",
                sg_action_name(d->action), d->external_only ? " (external recipients only)" : "");
        if (d->hold_ms)
            fprintf(fp, "    held for %llus%s%s\n", d->hold_ms / 1000,
                    d->approver ? ", approver " : "", d->approver ? d->approver : "");
        for (i = 0; i < d->nhits; i++)
            fprintf(fp, "    %-22s %-13s %s\n", d->hits[i].rule, sg_action_name(d->hits[i].action),
                    d->hits[i].detail ? d->hits[i].detail : "");
        for (i = 0; i < d->nrcpts; i++)
            fprintf(fp, "    rcpt %s %s%s%s%s%s\n", d->rcpts[i].address,
                    d->rcpts[i].external ? "external" : "internal",
                    d->rcpts[i].private_address ? ", private address" : "",
                    d->rcpts[i].first_time ? ", first-time domain" : "",
                    d->rcpts[i].lookalike_of ? ", looks like " : "",
                    d->rcpts[i].lookalike_of ? d->rcpts[i].lookalike_of : "");
    }
}
