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
 *   subject          per [record] subject: stored with its digit chains
 *                    masked (lib/sg_text.h: no full My Number or card
 *                    number), hashed (SHA-256 hex of that masked UTF-8
 *                    subject) or omitted (NULL)
 *   message_id       the Message-ID header, trimmed (NULL if none)
 * Evidence is the scanner's masked sample; nothing else from the body goes
 * in. Each JSON text is capped at RECORD_JSON_CAP; when a list would pass
 * it, the remaining elements are left out and the text stays valid JSON.
 *
 * The same module reads the lists back (record_read.c, json-c): the hold
 * workflow gets the rule ids and findings of a hold as typed lists, never
 * as text to pick apart; and it writes the recipients of its own events
 * (release, expire) with record_recipients_json(), classified by the one
 * definition of internal (mailaddr.h). See doc/internals/record.md.
 *
 * Owner: the caller; free with record_json_free() (safe twice),
 * record_rules_free(), record_findings_free().
 * Errors: record_event_build() returns -1 when out of memory (out is freed);
 * the readers return -1 for text that is not the expected JSON.
 */
#ifndef SG_RECORD_EVENT_H
#define SG_RECORD_EVENT_H

#include "config.h"
#include "domain.h"
#include "policy.h"
#include "scan.h"
#include "sg_vec.h"

#define RECORD_JSON_CAP      (4UL * 1024 * 1024)  /* bytes of one JSON field */
#define RECORD_MSGID_MAX     998                  /* bytes of Message-ID kept */
#define RECORD_ITEM_CAP      (64UL * 1024)        /* bytes of one list element */
#define RECORD_JSON_DEPTH    8                    /* nesting read back */
#define RECORD_READ_MAX_ITEMS 10000               /* list elements read back */

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

/* [{"address":..,"external":..}] for the NULL-terminated rcpts, each
 * classified with mailaddr_is_internal(internal, address); malloc'd, NULL
 * when out of memory or past RECORD_JSON_CAP. */
char *record_recipients_json(const domain_list *internal, char *const *rcpts);

/* ---- reading back (record_read.c) ---- */
typedef SG_VEC(char *) record_rules;         /* rule ids */
typedef struct record_finding {
    char *rule, *confidence, *location, *evidence;   /* NULL when absent */
    unsigned long count, persons;
    int has_count;
} record_finding;
typedef SG_VEC(record_finding) record_findings;

/* rules_json (["id",...]) / findings_json ([{...}]) -> typed lists; NULL or
 * "" is an empty list. 0, or -1 (not that JSON / no memory; out empty). */
int record_rules_read(const char *json, record_rules *out);
void record_rules_free(record_rules *v);
int record_findings_read(const char *json, record_findings *out);
void record_findings_free(record_findings *v);

#endif
