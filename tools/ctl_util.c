/*
 * ctl_util - helpers of sendguardctl: time parsing for --since/--until,
 * local time display, terminal-safe printing of values that came from mail
 * (an envelope or header may carry escape sequences), the admin's name for
 * the record, and embedding stored JSON in --json output.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1      /* strptime, timegm */
#endif
#include "build-config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "sg_text.h"
#include "sg_json.h"
#include "sg_parse.h"

static const char *const ctl_time_formats[] = {
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d",
};

/* "Z", "+09:00", "+0900", "-05:00" -> seconds east of UTC; -1 bad. */
static int ctl_parse_offset(const char *s, long *off)
{
    int h, m;
    char sign;

    if (strcmp(s, "Z") == 0) {
        *off = 0;
        return 0;
    }
    if ((sscanf(s, "%c%2d:%2d", &sign, &h, &m) == 3 && strlen(s) == 6) ||
        (sscanf(s, "%c%2d%2d", &sign, &h, &m) == 3 && strlen(s) == 5)) {
        if ((sign != '+' && sign != '-') || h > 14 || m > 59)
            return -1;
        *off = (sign == '-' ? -1 : 1) * (h * 3600L + m * 60L);
        return 0;
    }
    return -1;
}

static int ctl_is_ago(const char *s)
{
    size_t n = strlen(s);

    return n >= 2 && s[0] >= '0' && s[0] <= '9' && strchr("smhd", s[n - 1]) &&
           !strchr(s, '-') && !strchr(s, ':');
}

int ctl_parse_time(const char *s, time_t now, time_t *out)
{
    unsigned long long ms;
    const char *why, *end;
    struct tm tm;
    long off;
    size_t i;

    if (ctl_is_ago(s)) {
        if (sg_parse_duration_ms(s, &ms, &why) < 0)
            return -1;
        *out = now - (time_t)(ms / 1000);
        return 0;
    }
    for (i = 0; i < sizeof(ctl_time_formats) / sizeof(ctl_time_formats[0]); i++) {
        memset(&tm, 0, sizeof(tm));
        if (!(end = strptime(s, ctl_time_formats[i], &tm)))
            continue;
        if (*end == 0) {
            tm.tm_isdst = -1;
            *out = mktime(&tm);
            return *out == (time_t)-1 ? -1 : 0;
        }
        if (ctl_parse_offset(end, &off) == 0) {
            *out = timegm(&tm) - off;
            return 0;
        }
    }
    return -1;
}

void ctl_local_time(time_t t, char *buf, size_t len)
{
    struct tm tm;

    if (!t || !localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M", &tm))
        snprintf(buf, len, "-");
}

static size_t put_clean(FILE *fp, const char *s, size_t max)
{
    size_t i, n;
    char repl;

    for (i = 0; s[i] && (!max || i < max);) {
        if ((n = sg_text_control_at(s + i, &repl)) > 0) {
            fputc('?', fp);   /* C0, DEL, C1 (U+009B CSI), U+2028/9, bidi, bad UTF-8 */
            i += n;
            continue;
        }
        n = sg_text_char_len(s + i);
        fwrite(s + i, 1, n, fp);
        i += n;
    }
    if (s[i]) {
        fputs("...", fp);
        i += 3;
    }
    return i;
}

size_t ctl_put_safe(FILE *fp, const char *s, size_t max)
{
    if (!s || !*s) {
        fputc('-', fp);
        return 1;
    }
    return put_clean(fp, s, max);
}

size_t ctl_put_masked(FILE *fp, const char *s, size_t max)
{
    char *m;
    size_t n;

    if (!s || !*s)
        return ctl_put_safe(fp, s, max);
    if (!(m = sg_text_mask(s))) {
        fputs("(out of memory)", fp);
        return 15;
    }
    n = put_clean(fp, m, max);
    free(m);
    return n;
}

/* Worked out once, before sendguardctl changes to the run-time user. */
const char *ctl_admin_name(void)
{
    static char name[256];
    const char *s = getenv("SUDO_USER");
    struct passwd *pw;

    if (name[0])
        return name;
    /* only root can have come through sudo; anyone can set the variable */
    if (!(getuid() == 0 && s && *s) && !((s = getlogin()) && *s))
        s = (pw = getpwuid(getuid())) && pw->pw_name ? pw->pw_name : "unknown";
    snprintf(name, sizeof(name), "%s", s);
    return name;
}

int ctl_json_raw(ctl *c, sg_buf *b, const char *json)
{
    char *v = NULL;
    int rc;

    if (!json)
        return sg_buf_puts(b, "null");
    if (store_json_flatten(c->st, json, "json", &v) < 0)
        return -1;
    rc = v ? sg_buf_puts(b, v) : sg_json_str(b, json, (size_t)-1);
    free(v);
    return rc;
}

/* key + value, in this order (a | b would not sequence the two calls) */
int ctl_jstr(sg_buf *b, const char *k, const char *v, int first)
{
    return sg_json_key(b, k, first) < 0 ? -1 : sg_json_str(b, v, (size_t)-1);
}

int ctl_jnum(sg_buf *b, const char *k, long long v)
{
    return sg_json_key(b, k, 0) < 0 ? -1 : sg_buf_printf(b, "%lld", v);
}

int ctl_jjson(ctl *c, sg_buf *b, const char *k, const char *json)
{
    return sg_json_key(b, k, 0) < 0 ? -1 : ctl_json_raw(c, b, json);
}
