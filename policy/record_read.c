/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * record_read - reads back the lists of a transfer-record event that
 * record_event.c wrote (the rule ids and the findings a hold carries), with
 * json-c: the module that writes the record is the module that reads it,
 * and no hand-written JSON reader is left. See record_event.h.
 *
 * Owns: what it hands out (record_rules_free / record_findings_free).
 * Limits: RECORD_JSON_CAP bytes of input, RECORD_JSON_DEPTH nesting,
 * RECORD_READ_MAX_ITEMS list elements (the rest are not read).
 * Errors: -1 for text that is not the expected JSON (a stored row is read
 * as untrusted) or out of memory; the output is then empty.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "record_event.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

/* parses a JSON array; NULL for anything else (or NULL / empty text) */
static json_object *parse_array(const char *json)
{
    json_tokener *tok;
    json_object *o;
    size_t len;

    if (!json || !*json || (len = strlen(json)) > RECORD_JSON_CAP)
        return NULL;
    if (!(tok = json_tokener_new_ex(RECORD_JSON_DEPTH)))
        return NULL;
    o = json_tokener_parse_ex(tok, json, (int)len);
    if (o && (json_tokener_get_error(tok) != json_tokener_success ||
              tok->char_offset != (int)len || !json_object_is_type(o, json_type_array))) {
        json_object_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    return o;
}

void record_rules_free(record_rules *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    SG_VEC_FREE(v);
}

int record_rules_read(const char *json, record_rules *out)
{
    json_object *a;
    size_t i, n;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->cap = RECORD_READ_MAX_ITEMS;
    if (!json || !*json)
        return 0;
    if (!(a = parse_array(json)))
        return -1;
    n = json_object_array_length(a);
    for (i = 0; i < n && i < RECORD_READ_MAX_ITEMS && rc == 0; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        char **slot;
        if (!json_object_is_type(e, json_type_string))
            continue;
        if (!(slot = SG_VEC_PUSH(out)) || !(*slot = sg_strdup(json_object_get_string(e)))) {
            if (slot)
                out->n--;
            rc = -1;
        }
    }
    json_object_put(a);
    if (rc < 0)
        record_rules_free(out);
    return rc;
}

static void finding_clear(record_finding *f)
{
    free(f->rule);
    free(f->confidence);
    free(f->location);
    free(f->evidence);
}

void record_findings_free(record_findings *v)
{
    for (size_t i = 0; i < v->n; i++)
        finding_clear(&v->v[i]);
    SG_VEC_FREE(v);
}

/* a string member copied (NULL when absent or not a string); -1 no memory */
static int str_member(json_object *o, const char *key, char **out)
{
    json_object *m;

    *out = NULL;
    if (!json_object_object_get_ex(o, key, &m) || !json_object_is_type(m, json_type_string))
        return 0;
    return (*out = sg_strdup(json_object_get_string(m))) ? 0 : -1;
}

static int num_member(json_object *o, const char *key, unsigned long *out)
{
    json_object *m;
    int64_t v;

    if (!json_object_object_get_ex(o, key, &m) || !json_object_is_type(m, json_type_int))
        return 0;
    v = json_object_get_int64(m);
    *out = v < 0 ? 0 : (unsigned long)v;
    return 1;
}

int record_findings_read(const char *json, record_findings *out)
{
    json_object *a;
    size_t i, n;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->cap = RECORD_READ_MAX_ITEMS;
    if (!json || !*json)
        return 0;
    if (!(a = parse_array(json)))
        return -1;
    n = json_object_array_length(a);
    for (i = 0; i < n && i < RECORD_READ_MAX_ITEMS && rc == 0; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        record_finding *f;
        if (!json_object_is_type(e, json_type_object))
            continue;
        if (!(f = SG_VEC_PUSH(out))) {
            rc = -1;
            break;
        }
        if (str_member(e, "rule", &f->rule) < 0 || str_member(e, "confidence", &f->confidence) < 0 ||
            str_member(e, "location", &f->location) < 0 ||
            str_member(e, "evidence", &f->evidence) < 0)
            rc = -1;
        f->has_count = num_member(e, "count", &f->count);
        num_member(e, "persons", &f->persons);
        if (rc == 0 && !f->rule) {      /* no rule id: not a finding */
            finding_clear(f);
            memset(f, 0, sizeof(*f));
            out->n--;
        }
    }
    json_object_put(a);
    if (rc < 0)
        record_findings_free(out);
    return rc;
}
