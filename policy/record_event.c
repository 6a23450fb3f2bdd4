/*
 * record_event - transfer-record fields as JSON text; see record_event.h.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "record_event.h"

#include <glib.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy_priv.h"
#include "sg_buf.h"
#include "sg_json.h"
#include "sg_text.h"


/* The contract's names (DESIGN.md); kept here so the record does not need
 * the scanner's object files. */
static const char *conf_name(sg_confidence c)
{
    return c == SG_CONF_HIGH ? "high" : c == SG_CONF_MEDIUM ? "medium" : "low";
}

static const char *enc_name(sg_encrypted e)
{
    return e == SG_ENC_NO ? "no" : e == SG_ENC_YES ? "yes" : e == SG_ENC_PARTIAL ? "partial" : "n/a";
}

/* Appends the element in item to the array in arr. An element that does
 * not fit (past RECORD_ITEM_CAP itself, or past RECORD_JSON_CAP in the
 * list) ends the list: it and every later element are left out, so the
 * text stays valid JSON and never misses a middle element (the cap is
 * lowered to leave room for the closing ']' only). -1: out of memory. */
static int arr_add(sg_buf *arr, const sg_buf *item)
{
    if (sg_buf_error(item) == SG_BUF_NOMEM || sg_buf_error(arr) == SG_BUF_NOMEM)
        return -1;
    if (sg_buf_error(item) || arr->len + item->len + 2 > arr->cap) {
        arr->cap = arr->len + 1;
        return 0;
    }
    if (arr->len > 1 && sg_buf_putc(arr, ',') < 0)
        return -1;
    return sg_buf_append(arr, item->data ? item->data : "", item->len) < 0 ? -1 : 0;
}

/* Closes the array; rc < 0 (an element failed) frees it instead. */
static char *arr_close(sg_buf *arr, int rc)
{
    if (rc < 0 || sg_buf_putc(arr, ']') == SG_BUF_NOMEM) {
        sg_buf_free(arr);
        return NULL;
    }
    return sg_buf_steal(arr, NULL);
}

/* the one writer of a recipients element */
static int rcpt_add(sg_buf *arr, const char *address, int external)
{
    sg_buf it;
    int rc;

    sg_buf_init(&it, RECORD_ITEM_CAP);
    sg_buf_puts(&it, "{\"address\":");
    sg_json_str(&it, address ? address : "", (size_t)-1);
    sg_buf_printf(&it, ",\"external\":%s}", external ? "true" : "false");
    rc = arr_add(arr, &it);
    sg_buf_free(&it);
    return rc;
}

char *record_recipients_json(const domain_list *internal, char *const *rcpts)
{
    sg_buf arr;
    int rc = 0;

    sg_buf_init(&arr, RECORD_JSON_CAP);
    sg_buf_putc(&arr, '[');
    for (size_t i = 0; rcpts && rcpts[i] && rc == 0; i++)
        rc = rcpt_add(&arr, rcpts[i], !mailaddr_is_internal(internal, rcpts[i]));
    return arr_close(&arr, rc);
}

static char *recipients_json(const sg_config *cfg, const sg_envelope *env, const sg_decision *d)
{
    domain_list internal = {0};
    sg_buf arr;
    size_t i;
    int rc = 0;

    if (d) {
        sg_buf_init(&arr, RECORD_JSON_CAP);
        sg_buf_putc(&arr, '[');
        for (i = 0; i < d->nrcpts && rc == 0; i++)
            rc = rcpt_add(&arr, d->rcpts[i].address, d->rcpts[i].external);
        return arr_close(&arr, rc);
    }
    /* no decision: the config's internal_domains classify them */
    if (domain_list_add_all(&internal, cfg_list(cfg, CFG_GENERAL_INTERNAL_DOMAINS)) == 0) {
        sg_buf_init(&arr, RECORD_JSON_CAP);
        sg_buf_putc(&arr, '[');
        for (i = 0; i < env->nrcpts && rc == 0; i++)
            rc = rcpt_add(&arr, env->rcpts[i] ? env->rcpts[i] : "",
                          !mailaddr_is_internal(&internal, env->rcpts[i] ? env->rcpts[i] : ""));
        domain_list_free(&internal);
        return arr_close(&arr, rc);
    }
    domain_list_free(&internal);
    return NULL;
}

static char *attachments_json(const sg_scan_result *scan)
{
    size_t i;
    sg_buf arr, it;
    int rc = 0;

    sg_buf_init(&arr, RECORD_JSON_CAP);
    sg_buf_putc(&arr, '[');
    for (i = 0; scan && i < scan->natts && rc == 0; i++) {
        const sg_attachment *a = &scan->atts[i];
        sg_buf_init(&it, RECORD_ITEM_CAP);
        sg_buf_putc(&it, '{');
        sg_json_key(&it, "name", 1);
        sg_json_str(&it, a->name ? a->name : "", (size_t)-1);
        sg_json_key(&it, "type", 0);
        sg_json_str(&it, a->type ? a->type : "", (size_t)-1);
        sg_buf_printf(&it, ",\"size\":%llu", a->size);
        sg_json_key(&it, "sha256", 0);
        sg_json_str(&it, a->sha256, (size_t)-1);
        sg_json_key(&it, "encrypted", 0);
        sg_json_str(&it, enc_name(a->encrypted), (size_t)-1);
        sg_buf_putc(&it, '}');
        rc = arr_add(&arr, &it);
        sg_buf_free(&it);
    }
    return arr_close(&arr, rc);
}

static char *findings_json(const sg_scan_result *scan)
{
    size_t i;
    sg_buf arr, it;
    int rc = 0;

    sg_buf_init(&arr, RECORD_JSON_CAP);
    sg_buf_putc(&arr, '[');
    for (i = 0; scan && i < scan->nfindings && rc == 0; i++) {
        const sg_finding *f = &scan->findings[i];
        sg_buf_init(&it, RECORD_ITEM_CAP);
        sg_buf_putc(&it, '{');
        sg_json_key(&it, "rule", 1);
        sg_json_str(&it, f->rule ? f->rule : "", (size_t)-1);
        sg_json_key(&it, "confidence", 0);
        sg_json_str(&it, conf_name(f->confidence), (size_t)-1);
        sg_buf_printf(&it, ",\"count\":%u,\"persons\":%u", f->count, f->persons);
        sg_json_key(&it, "location", 0);
        sg_json_str(&it, f->location ? f->location : "", (size_t)-1);
        sg_json_key(&it, "evidence", 0);
        sg_json_str(&it, f->evidence ? f->evidence : "", (size_t)-1);
        sg_buf_putc(&it, '}');
        rc = arr_add(&arr, &it);
        sg_buf_free(&it);
    }
    return arr_close(&arr, rc);
}

static char *rules_json(const sg_decision *d)
{
    size_t i;
    sg_buf arr, it;
    int rc = 0;

    sg_buf_init(&arr, RECORD_JSON_CAP);
    sg_buf_putc(&arr, '[');
    for (i = 0; d && i < d->nhits && rc == 0; i++) {
        sg_buf_init(&it, RECORD_ITEM_CAP);
        sg_json_str(&it, d->hits[i].rule, (size_t)-1);
        rc = arr_add(&arr, &it);
        sg_buf_free(&it);
    }
    return arr_close(&arr, rc);
}

static int hit_json(sg_buf *it, const sg_rule_hit *h)
{
    sg_buf_putc(it, '{');
    sg_json_key(it, "rule", 1);
    sg_json_str(it, h->rule, (size_t)-1);
    sg_json_key(it, "action", 0);
    sg_json_str(it, sg_action_name(h->action), (size_t)-1);
    sg_buf_printf(it, ",\"external_only\":%s", h->external_only ? "true" : "false");
    sg_json_key(it, "detail", 0);
    sg_json_str(it, h->detail ? h->detail : "", (size_t)-1);
    sg_json_key(it, "detail_ja", 0);
    sg_json_str(it, h->detail_ja ? h->detail_ja : "", (size_t)-1);
    return sg_buf_putc(it, '}');
}

static char *decision_json(const sg_decision *d)
{
    size_t i;
    sg_buf out, arr, it;
    int rc = 0;
    char *hits;

    if (!d)
        return sg_strdup("null");
    sg_buf_init(&arr, RECORD_JSON_CAP - 256);
    sg_buf_putc(&arr, '[');
    for (i = 0; i < d->nhits && rc == 0; i++) {
        sg_buf_init(&it, RECORD_ITEM_CAP);
        hit_json(&it, &d->hits[i]);
        rc = arr_add(&arr, &it);
        sg_buf_free(&it);
    }
    if (!(hits = arr_close(&arr, rc)))
        return NULL;
    sg_buf_init(&out, RECORD_JSON_CAP);
    sg_buf_puts(&out, "{\"action\":");
    sg_json_str(&out, sg_action_name(d->action), (size_t)-1);
    sg_buf_printf(&out, ",\"external_only\":%s,\"hits\":%s}", d->external_only ? "true" : "false",
                  hits);
    free(hits);
    return sg_buf_steal(&out, NULL);
}

/* The Subject: the scanner's decoded one (digit chains masked, scan.c),
 * else the header decoded and masked here. "hashed" hashes the masked
 * subject: a hash of a full 12-digit number is easily reversed. */
static char *subject_text(const sg_envelope *env, const sg_scan_result *scan)
{
    const char *raw;
    char *dec, *out;

    if (scan && scan->subject)
        return sg_strdup(scan->subject);
    if (!(raw = headers_get(env, "Subject")))
        return NULL;
    dec = g_mime_utils_header_decode_text(NULL, raw);
    out = dec ? sg_strdup(g_strstrip(dec)) : sg_strdup(raw);
    g_free(dec);
    sg_text_mask_inplace(out);   /* as the scanner's subject: no full number */
    return out;
}

static int subject_field(const sg_config *cfg, const sg_envelope *env, const sg_scan_result *scan,
                         record_json *out)
{
    const char *mode = cfg_str(cfg, CFG_RECORD_SUBJECT);
    char *s;

    if (strcmp(mode, "omitted") == 0)
        return 0;
    if (!(s = subject_text(env, scan)))
        return 0;
    if (strcmp(mode, "hashed") == 0) {
        char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s, -1);
        free(s);
        s = h ? sg_strdup(h) : NULL;
        g_free(h);
        if (!s)
            return -1;
    }
    out->subject = s;
    return 0;
}

static int message_id_field(const sg_envelope *env, record_json *out)
{
    const char *v = headers_get(env, "Message-ID");
    size_t len;

    if (!v)
        return 0;
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r' ||
                   v[len - 1] == '\n'))
        len--;
    if (len > RECORD_MSGID_MAX)
        len = RECORD_MSGID_MAX;
    out->message_id = sg_strndup(v, len);
    return out->message_id ? 0 : -1;
}

int record_event_build(const sg_config *cfg, const sg_envelope *env, const sg_scan_result *scan,
                       const sg_decision *d, const char *event, record_json *out)
{
    memset(out, 0, sizeof(*out));
    out->event = event;
    out->action = d ? sg_action_name(d->action) : NULL;
    out->reportable = scan ? scan->reportable : 0;
    out->recipients_json = recipients_json(cfg, env, d);
    out->attachments_json = attachments_json(scan);
    out->findings_json = findings_json(scan);
    out->rules_json = rules_json(d);
    out->decision_json = decision_json(d);
    if (!out->recipients_json || !out->attachments_json || !out->findings_json ||
        !out->rules_json || !out->decision_json || subject_field(cfg, env, scan, out) < 0 ||
        message_id_field(env, out) < 0) {
        record_json_free(out);
        return -1;
    }
    return 0;
}

void record_json_free(record_json *rj)
{
    if (!rj)
        return;
    free(rj->recipients_json);
    free(rj->attachments_json);
    free(rj->findings_json);
    free(rj->rules_json);
    free(rj->decision_json);
    free(rj->subject);
    free(rj->message_id);
    memset(rj, 0, sizeof(*rj));
}
