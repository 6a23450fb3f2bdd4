/*
 * sendguardctl - the admin's tool: list and show held messages, release,
 * discard and expire them (through the hold workflow, recorded with the
 * admin's login name), export the transfer record as JSON lines or CSV for
 * the audit, and verify its hash chain; migrate a whole database (SQLite to
 * PostgreSQL). Run as root, it changes to
 * [general] user first, so that nothing it creates is root's.
 *   sendguardctl [-c CONF] COMMAND [ARGS]     (see sendguardctl(8))
 * Exit: 0 ok (verify: intact), 1 not found / not in that state (verify:
 * broken), 2 error (bad usage, config, database).
 */
#include "build-config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "ctl.h"
#include "sg_json.h"
#include "sg_log.h"
#include "sg_priv.h"

#define CTL_DEFAULT_CONF SG_SYSCONFDIR "/sendguard.conf"
#define CTL_LIST_SENDER_WIDTH 30

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sendguardctl [-c CONF] COMMAND [ARGS]\n"
            "  list [--state held|released|discarded|expired|all] [--json]\n"
            "                              held messages, newest first (default: held)\n"
            "  show ID [--json]            one hold: envelope, headers, findings, history\n"
            "  release ID                  send a held message on, record it\n"
            "  discard ID                  drop a held message, record it\n"
            "  expire                      expire due holds and retry pending releases now\n"
            "  records [--format json|csv] [--since T] [--until T]\n"
            "                              export the transfer record (T: 2024-05-01,\n"
            "                              2024-05-01T09:00, ...+09:00, or 7d / 12h ago)\n"
            "  verify                      check the record's hash chain\n"
            "  status [--json]             holds pending, oldest hold, last expiry run,\n"
            "                              database size\n"
            "  migrate --from URI --to URI copy a whole database into a new, empty one\n"
            "                              (sqlite:PATH to postgresql://..., or back)\n"
            "Default CONF: %s\n"
            "Exit status: 0 ok, 1 not found or not in that state (verify: broken), 2 error.\n",
            CTL_DEFAULT_CONF);
}

static int cmd_records(ctl *c, int argc, char **argv)
{
    static const struct option opts[] = {
        { "format", required_argument, NULL, 'f' }, { "since", required_argument, NULL, 's' },
        { "until", required_argument, NULL, 'u' }, { 0, 0, 0, 0 } };
    const char *format = "json";
    time_t since = 0, until = 0, now = time(NULL), *tp;
    int o;

    while ((o = getopt_long(argc, argv, "f:s:u:", opts, NULL)) != -1) {
        if (o == 'f') {
            format = optarg;
            continue;
        }
        if (o != 's' && o != 'u')
            return CTL_ERROR;
        tp = o == 's' ? &since : &until;
        if (ctl_parse_time(optarg, now, tp) < 0) {
            fprintf(stderr, "sendguardctl: records: bad time '%s' (2024-05-01, "
                    "2024-05-01T09:00[:00][+09:00], or 7d, 12h ago)\n", optarg);
            return CTL_ERROR;
        }
        if (o == 'u' && until == 0)
            until = -1;   /* --until the epoch itself: nothing before it (0 means "no bound") */
    }
    if (optind != argc || (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)) {
        fprintf(stderr, "sendguardctl: usage: records [--format json|csv] [--since T] [--until T]\n");
        return CTL_ERROR;
    }
    if (store_records_export(c->st, stdout, format, since, until) < 0) {
        fprintf(stderr, "sendguardctl: records: %s\n", store_error(c->st));
        return CTL_ERROR;
    }
    return CTL_OK;
}

/* The verdict line of verify (its last line) to syslog (mail facility), so
 * that a copy of the chain head lives outside the database: a log host
 * keeps every head ever verified (doc/security.md). */
static void verify_to_syslog(const char *report, size_t len)
{
    const char *last = report, *p;
    char line[512];
    size_t n;

    for (p = report; p < report + len; p++)
        if (*p == '\n' && p + 1 < report + len)
            last = p + 1;
    n = strcspn(last, "\n");
    if (n >= sizeof(line))
        n = sizeof(line) - 1;
    memcpy(line, last, n);
    line[n] = '\0';
    openlog("sendguardctl", LOG_PID, LOG_MAIL);
    syslog(LOG_NOTICE, "verify by %s: %s", ctl_admin_name(), line);
    closelog();
}

static int cmd_verify(ctl *c, int argc, char **argv)
{
    char *report = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "sendguardctl: usage: verify\n");
        return CTL_ERROR;
    }
    if (!(mem = open_memstream(&report, &len))) {
        fprintf(stderr, "sendguardctl: verify: out of memory\n");
        return CTL_ERROR;
    }
    rc = store_verify(c->st, mem);
    fclose(mem);
    if (report)
        fwrite(report, 1, len, stdout);
    if (rc >= 0 && report)
        verify_to_syslog(report, len);
    free(report);
    if (rc < 0) {
        fprintf(stderr, "sendguardctl: verify: %s\n", store_error(c->st));
        return CTL_ERROR;
    }
    return rc == 0 ? CTL_OK : 1;
}

/* Not through ctl_open: both databases come from the command line. */
static int cmd_migrate(ctl *c, int argc, char **argv)
{
    static const struct option opts[] = {
        { "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
        { 0, 0, 0, 0 } };
    const char *from = NULL, *to = NULL;
    char err[1024], name[512];
    sg_store *src = NULL, *dst = NULL;
    int o, rc = CTL_ERROR;

    (void)c;
    while ((o = getopt_long(argc, argv, "f:t:", opts, NULL)) != -1) {
        if (o == 'f')
            from = optarg;
        else if (o == 't')
            to = optarg;
        else
            return CTL_ERROR;
    }
    if (optind != argc || !from || !to) {
        fprintf(stderr, "sendguardctl: usage: migrate --from URI --to URI\n");
        return CTL_ERROR;
    }
    if (!(src = store_open(from, err, sizeof(err))) ||
        !(dst = store_open(to, err, sizeof(err)))) {
        fprintf(stderr, "sendguardctl: migrate: %s\n", err);
        goto out;
    }
    store_uri_redact(to, name, sizeof(name));
    if (store_copy(src, dst, stdout) < 0) {
        fprintf(stderr, "sendguardctl: migrate: %s: %s\n", name, store_error(dst));
        goto out;
    }
    printf("migrated to %s; point [record] database at it on every relay\n", name);
    rc = CTL_OK;
out:
    store_close(src);
    store_close(dst);
    return rc;
}

static void list_text(ctl *c, sg_hold **l, size_t n, const char *state)
{
    char cr[32], ex[32], *rules;
    size_t i, k;

    if (!n) {
        printf("no holds (state %s)\n", state);
        return;
    }
    printf("%-32s  %-9s  %-16s  %-16s  %5s  %-*s  %s\n", "ID", "STATE", "CREATED", "EXPIRES",
           "RCPTS", CTL_LIST_SENDER_WIDTH, "SENDER", "RULES");
    for (i = 0; i < n; i++) {
        ctl_local_time(l[i]->created, cr, sizeof(cr));
        ctl_local_time(l[i]->expires, ex, sizeof(ex));
        for (k = 0; l[i]->rcpts && l[i]->rcpts[k]; k++)
            ;
        printf("%-32s  %-9s  %-16s  %-16s  %5zu  ", l[i]->id, sg_hold_state_name(l[i]->state),
               cr, ex, k);
        k = ctl_put_safe(stdout, l[i]->sender, CTL_LIST_SENDER_WIDTH);
        printf("%*s  ", k < CTL_LIST_SENDER_WIDTH ? (int)(CTL_LIST_SENDER_WIDTH - k) : 0, "");
        rules = NULL;
        store_json_flatten(c->st, l[i]->rules_json, "rules", &rules);
        ctl_put_safe(stdout, rules, 0);
        free(rules);
        putchar('\n');
    }
    printf("(%zu hold%s)\n", n, n == 1 ? "" : "s");
}

static int list_json(ctl *c, sg_hold **l, size_t n)
{
    sg_buf b;
    size_t i, k;
    int rc = 0;

    sg_buf_init(&b, CTL_MAX_JSON_LINE);
    for (i = 0; i < n && rc == 0; i++) {
        sg_buf_reset(&b);
        rc |= sg_buf_putc(&b, '{');
        rc |= ctl_jstr(&b, "id", l[i]->id, 1);
        rc |= ctl_jstr(&b, "state", sg_hold_state_name(l[i]->state), 0);
        rc |= ctl_jnum(&b, "created", (long long)l[i]->created);
        rc |= ctl_jnum(&b, "expires", (long long)l[i]->expires);
        rc |= ctl_jstr(&b, "queue_id", l[i]->queue_id, 0);
        rc |= ctl_jstr(&b, "sender", l[i]->sender, 0);
        rc |= sg_json_key(&b, "recipients", 0);
        rc |= sg_buf_putc(&b, '[');
        for (k = 0; l[i]->rcpts && l[i]->rcpts[k]; k++) {
            if (k)
                rc |= sg_buf_putc(&b, ',');
            rc |= sg_json_str(&b, l[i]->rcpts[k], (size_t)-1);
        }
        rc |= sg_buf_putc(&b, ']');
        rc |= ctl_jjson(c, &b, "rules", l[i]->rules_json);
        rc |= sg_buf_puts(&b, "}\n");
        if (rc == 0)
            fwrite(b.data, 1, b.len, stdout);
    }
    sg_buf_free(&b);
    if (rc)
        fprintf(stderr, "sendguardctl: list: cannot build JSON\n");
    return rc ? CTL_ERROR : CTL_OK;
}

static int cmd_list(ctl *c, int argc, char **argv)
{
    static const struct option opts[] = {
        { "state", required_argument, NULL, 's' }, { "json", no_argument, NULL, 'j' },
        { 0, 0, 0, 0 } };
    const char *state = "held";
    int o, json = 0, st, rc;
    sg_hold **l = NULL;
    size_t n = 0;

    while ((o = getopt_long(argc, argv, "s:j", opts, NULL)) != -1) {
        if (o == 's')
            state = optarg;
        else if (o == 'j')
            json = 1;
        else
            return CTL_ERROR;
    }
    st = strcmp(state, "all") == 0 ? -1 : sg_hold_state_parse(state);
    if (optind != argc || (st < 0 && strcmp(state, "all") != 0)) {
        fprintf(stderr, "sendguardctl: usage: list [--state held|released|discarded|expired|all] "
                "[--json]\n");
        return CTL_ERROR;
    }
    if (store_hold_list(c->st, st, &l, &n) < 0) {
        fprintf(stderr, "sendguardctl: list: %s\n", store_error(c->st));
        return CTL_ERROR;
    }
    rc = CTL_OK;
    if (json)
        rc = list_json(c, l, n);
    else
        list_text(c, l, n, state);
    sg_hold_list_free(l, n);
    return rc;
}

static const struct ctl_cmd {
    const char *name;
    int (*fn)(ctl *c, int argc, char **argv);
} ctl_cmds[] = {
    { "list", cmd_list }, { "show", ctl_cmd_show }, { "records", cmd_records },
    { "verify", cmd_verify },
    { "release", ctl_cmd_release }, { "discard", ctl_cmd_discard }, { "expire", ctl_cmd_expire },
    { "status", ctl_cmd_status }, { "migrate", cmd_migrate },
};

static int ctl_open(ctl *c)
{
    char err[1024];

    if (!(c->cfg = config_load(c->conf_path, err, sizeof(err)))) {
        fprintf(stderr, "sendguardctl: %s\n", err);
        return -1;
    }
    /* As root, work as the daemon's user: a database (or -wal/-shm file)
     * created by root would stop the daemon. */
    (void)ctl_admin_name();
    if (sg_priv_drop(cfg_str(c->cfg, CFG_GENERAL_USER), err, sizeof(err)) < 0) {
        char where[1024];
        config_where(c->cfg, CFG_GENERAL_USER, where, sizeof(where));
        fprintf(stderr, "sendguardctl: %s: %s\n", where, err);
        return -1;
    }
    if (!(c->st = store_open(cfg_str(c->cfg, CFG_RECORD_DATABASE), err, sizeof(err)))) {
        fprintf(stderr, "sendguardctl: %s\n", err);
        return -1;
    }
    if (*cfg_str(c->cfg, CFG_GENERAL_HOSTNAME))
        store_set_node(c->st, cfg_str(c->cfg, CFG_GENERAL_HOSTNAME));
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' }, { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 } };
    ctl c = { .conf_path = CTL_DEFAULT_CONF };
    const struct ctl_cmd *cmd = NULL;
    int o, rc;
    size_t i;

    sg_log_init("sendguardctl");
    while ((o = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
        if (o == 'c') {
            c.conf_path = optarg;
        } else if (o == 'h') {
            usage(stdout);
            return CTL_OK;
        } else {
            usage(stderr);
            return CTL_ERROR;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return CTL_ERROR;
    }
    if (strcmp(argv[optind], "help") == 0) {
        usage(stdout);
        return CTL_OK;
    }
    for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
        if (strcmp(argv[optind], ctl_cmds[i].name) == 0)
            cmd = &ctl_cmds[i];
    if (!cmd) {
        fprintf(stderr, "sendguardctl: unknown command '%s'\n", argv[optind]);
        usage(stderr);
        return CTL_ERROR;
    }
    argc -= optind;
    argv += optind;
    optind = 0;             /* glibc: restart getopt on the command's arguments */
    if (cmd->fn == cmd_migrate)     /* the databases are its arguments */
        rc = cmd->fn(&c, argc, argv);
    else
        rc = ctl_open(&c) < 0 ? CTL_ERROR : cmd->fn(&c, argc, argv);
    store_close(c.st);
    config_free(c.cfg);
    return rc;
}
