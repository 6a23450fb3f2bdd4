/*
 * minijson - reads back the flat JSON that the milter stored with a hold
 * (findings_json: an array of flat objects; rules_json: an array of
 * strings). Not a general JSON library: scalars inside objects are handed
 * to a callback as text (strings unescaped to UTF-8), nested values are
 * skipped. Bounded: HOLD_JSON_MAX bytes, HOLD_JSON_DEPTH nesting. The input
 * was written by sg_json, but it is read as untrusted: malformed text is an
 * error (-1), never a crash.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "hold_int.h"

typedef struct jr {
    const char *p, *end;
    sg_buf key, val;
} jr;

static void skip_ws(jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int put_utf8(sg_buf *b, unsigned long c)
{
    char u[4];
    size_t n;

    if (c < 0x80) { u[0] = (char)c; n = 1; }
    else if (c < 0x800) { u[0] = (char)(0xc0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3f)); n = 2; }
    else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f)); n = 3;
    } else {
        u[0] = (char)(0xf0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f)); u[3] = (char)(0x80 | (c & 0x3f)); n = 4;
    }
    return sg_buf_append(b, u, n);
}

static int hex4(const char *p, unsigned long *out)
{
    unsigned long v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static int read_escape(jr *r, sg_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e;
    unsigned long c, lo;

    if (r->p >= r->end)
        return -1;
    if (*r->p != 'u') {
        e = strchr(from, *r->p);
        if (!e || !*r->p)
            return -1;
        r->p++;
        return sg_buf_putc(b, to[e - from]);
    }
    if (r->end - r->p < 5 || hex4(r->p + 1, &c) < 0)
        return -1;
    r->p += 5;
    if (c >= 0xd800 && c < 0xdc00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' &&
        hex4(r->p + 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        r->p += 6;
    } else if (c >= 0xd800 && c < 0xe000) {
        c = 0xfffd;
    }
    return put_utf8(b, c);
}

static int read_string(jr *r, sg_buf *b)
{
    sg_buf_reset(b);
    if (r->p >= r->end || *r->p != '"')
        return -1;
    r->p++;
    while (r->p < r->end && *r->p != '"') {
        if ((unsigned char)*r->p < 0x20)
            return -1;
        if (*r->p == '\\') {
            r->p++;
            if (read_escape(r, b) < 0)
                return -1;
            continue;
        }
        if (sg_buf_putc(b, *r->p++) < 0)
            return -1;
    }
    if (r->p >= r->end)
        return -1;
    r->p++;
    return sg_buf_puts(b, "") < 0 ? -1 : 0;
}

/* A number, true, false or null as its text. */
static int read_bare(jr *r, sg_buf *b)
{
    const char *s = r->p;

    while (r->p < r->end && strchr("+-.0123456789eEtrufalsn", *r->p) && *r->p)
        r->p++;
    if (r->p == s)
        return -1;
    sg_buf_reset(b);
    return sg_buf_append(b, s, (size_t)(r->p - s)) < 0 ? -1 : 0;
}

static int skip_value(jr *r, int depth);

static int skip_container(jr *r, int depth, char close)
{
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close)
        return r->p++, 0;
    for (;;) {
        skip_ws(r);
        if (close == '}') {
            if (read_string(r, &r->val) < 0)
                return -1;
            skip_ws(r);
            if (r->p >= r->end || *r->p++ != ':')
                return -1;
        }
        if (skip_value(r, depth + 1) < 0)
            return -1;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == close) { r->p++; return 0; }
        return -1;
    }
}

static int skip_value(jr *r, int depth)
{
    skip_ws(r);
    if (depth > HOLD_JSON_DEPTH || r->p >= r->end)
        return -1;
    if (*r->p == '{')
        return skip_container(r, depth, '}');
    if (*r->p == '[')
        return skip_container(r, depth, ']');
    if (*r->p == '"')
        return read_string(r, &r->val);
    return read_bare(r, &r->val);
}

static int read_member_value(jr *r, minijson_fn fn, void *arg, size_t obj)
{
    skip_ws(r);
    if (r->p < r->end && (*r->p == '{' || *r->p == '['))
        return skip_value(r, 2);
    if (r->p < r->end && *r->p == '"') {
        if (read_string(r, &r->val) < 0)
            return -1;
    } else if (read_bare(r, &r->val) < 0) {
        return -1;
    }
    return fn(arg, obj, sg_buf_str(&r->key), sg_buf_str(&r->val));
}

static int read_object(jr *r, minijson_fn fn, void *arg, size_t obj)
{
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == '}')
        return r->p++, 0;
    for (;;) {
        skip_ws(r);
        if (read_string(r, &r->key) < 0)
            return -1;
        skip_ws(r);
        if (r->p >= r->end || *r->p++ != ':')
            return -1;
        if (read_member_value(r, fn, arg, obj) < 0)
            return -1;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == '}') { r->p++; return 0; }
        return -1;
    }
}

static int read_element(jr *r, minijson_fn fn, void *arg, size_t idx)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == '{')
        return read_object(r, fn, arg, idx);
    if (r->p < r->end && *r->p == '"') {
        if (read_string(r, &r->val) < 0)
            return -1;
        return fn(arg, idx, "", sg_buf_str(&r->val));
    }
    return skip_value(r, 1);
}

static int walk_array(jr *r, minijson_fn fn, void *arg)
{
    size_t idx = 0;

    skip_ws(r);
    if (r->p >= r->end || *r->p++ != '[')
        return -1;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']')
        return r->p++, 0;
    for (;; idx++) {
        if (read_element(r, fn, arg, idx) < 0)
            return -1;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == ']') { r->p++; return 0; }
        return -1;
    }
}

int minijson_walk(const char *json, minijson_fn fn, void *arg)
{
    jr r;
    size_t len;
    int rc;

    if (!json)
        return 0;
    len = strlen(json);
    if (len > HOLD_JSON_MAX)
        return -1;
    r.p = json;
    r.end = json + len;
    sg_buf_init(&r.key, HOLD_JSON_MAX);
    sg_buf_init(&r.val, HOLD_JSON_MAX);
    rc = walk_array(&r, fn, arg);
    if (rc == 0) {
        skip_ws(&r);
        if (r.p != r.end)
            rc = -1;
    }
    sg_buf_free(&r.key);
    sg_buf_free(&r.val);
    return rc;
}
