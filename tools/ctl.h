/*
 * ctl - what the files of sendguardctl share: exit codes, the open config
 * and store, time parsing/formatting, terminal-safe output and JSON helpers.
 */
#ifndef SG_CTL_H
#define SG_CTL_H

#include <stdio.h>
#include <time.h>

#include "config.h"
#include "sg_buf.h"
#include "store.h"

enum { CTL_OK = 0, CTL_NOTFOUND = 1, CTL_ERROR = 2 };

#define CTL_MAX_HEADER_SHOWN 998     /* characters of a header value shown by `show` */
#define CTL_MAX_JSON_LINE (64UL * 1024 * 1024)

typedef struct ctl {
    const char *conf_path;
    sg_config *cfg;
    sg_store *st;
} ctl;

/* "7d" / "12h" (ago), "2024-05-01", "2024-05-01T10:00[:00]" (local time),
 * optionally followed by Z or +09:00. 0 ok, -1 bad. */
int ctl_parse_time(const char *s, time_t now, time_t *out);
/* "2024-05-01 10:00" in local time ("-" for 0). */
void ctl_local_time(time_t t, char *buf, size_t len);
/* Writes s with control characters replaced by '?' (terminal safe), at
 * most max bytes (0 = all) then "...", "-" for NULL or empty. Returns the
 * number of bytes written. */
size_t ctl_put_safe(FILE *fp, const char *s, size_t max);
/* Text from a message: digit chains masked (lib/sg_text.h), then as
 * ctl_put_safe. */
size_t ctl_put_masked(FILE *fp, const char *s, size_t max);
/* The admin behind this command: SUDO_USER, login name, or the uid's name. */
const char *ctl_admin_name(void);
/* Appends a JSON value that is already JSON when valid, else as a string. */
int ctl_json_raw(ctl *c, sg_buf *b, const char *json);

/* ,"k":value (key first; "first" omits the comma) */
int ctl_jstr(sg_buf *b, const char *k, const char *v, int first);
int ctl_jnum(sg_buf *b, const char *k, long long v);
int ctl_jjson(ctl *c, sg_buf *b, const char *k, const char *json);

int ctl_cmd_show(ctl *c, int argc, char **argv);
int ctl_cmd_release(ctl *c, int argc, char **argv);
int ctl_cmd_discard(ctl *c, int argc, char **argv);
int ctl_cmd_expire(ctl *c, int argc, char **argv);
int ctl_cmd_status(ctl *c, int argc, char **argv);

#endif
