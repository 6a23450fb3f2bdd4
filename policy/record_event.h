/*
 * record_event - the transfer-record fields of one message event, made
 * from the envelope, the scan result and the decision, as pre-serialised
 * JSON text for store_record_append() (store/store.h sg_record_event):
 *   recipients_json  [{"address":"a@x","external":true}, ...]
 *   attachments_json [{"name","type","size","sha256","encrypted"}, ...]
 *   findings_json    [{"rule","confidence","count","persons","location","evidence"}, ...]
 *   rules_json       ["mynumber", ...]   (the decision's hit rule ids)
 *   decision_json    {"action","external_only","hits":[{"rule","action",
 *                    "external_only","detail","detail_ja"}]} (for sg_hold)
 *   subject          per [record] subject: stored as is, hashed (SHA-256
 *                    hex of the UTF-8 subject) or omitted (NULL)
 *   message_id       the Message-ID header, trimmed (NULL if none)
 * Evidence is the scanner's masked sample; nothing else from the body goes
 * in. Each JSON text is capped at RECORD_JSON_CAP; when a list would pass
 * it, the remaining elements are left out and the text stays valid JSON.
 *
 * Owner: the caller; free with record_json_free() (safe twice).
 * Errors: record_event_build() returns -1 when out of memory (out is freed).
 */
#ifndef SG_RECORD_EVENT_H
#define SG_RECORD_EVENT_H

#include "config.h"
#include "policy.h"
#include "scan.h"

#define RECORD_JSON_CAP      (4UL * 1024 * 1024)  /* bytes of one JSON field */
#define RECORD_MSGID_MAX     998                  /* bytes of Message-ID kept */

typedef struct record_json {
    char *recipients_json;
    char *attachments_json;
    char *findings_json;
    char *rules_json;
    char *decision_json;
    char *subject;
    char *message_id;
    const char *event;       /* the event name given to record_event_build */
    const char *action;      /* sg_action_name(d->action), or NULL */
    int reportable;          /* scan->reportable */
} record_json;

/* scan and d may be NULL (nothing scanned / no decision: recipients are
 * then classified with cfg's internal_domains). */
int record_event_build(const sg_config *cfg, const sg_envelope *env, const sg_scan_result *scan,
                       const sg_decision *d, const char *event, record_json *out);
void record_json_free(record_json *rj);

#endif
