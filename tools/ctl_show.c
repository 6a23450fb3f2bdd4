/*
 * ctl_show - `sendguardctl show ID [--json]`: one hold in full: envelope,
 * a summary of the stored message's headers (From, To, Cc, Subject, Date,
 * parsed with GMime, RFC 2047 decoded), rules, findings (masked evidence,
 * as stored), recipients and the hold's events from the transfer record.
 * The message body is never printed. Values from mail are printed with
 * control characters (C1 such as U+009B included) replaced, at most
 * CTL_MAX_HEADER_SHOWN characters; the headers, the subject and the
 * findings with digit chains masked (lib/sg_text.h), so no full My Number
 * or card number is printed (also for holds stored before masking).
 * Exit: 0 shown, 1 no such hold, 2 error.
 */
#include "build-config.h"

#include <getopt.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "sg_json.h"
#include "sg_text.h"

static const char *const show_headers[] = { "From", "To", "Cc", "Subject", "Date" };
#define SHOW_NHEADERS (sizeof(show_headers) / sizeof(show_headers[0]))

static const char *const kind_names[] = { "confirmation", "approver", "delay" };

static const char *show_kind(int k)
{
    return k >= 0 && k < 3 ? kind_names[k] : "unknown";
}

/* Decoded values of show_headers (g_strdup'd or NULL). */
static void show_parse_headers(const sg_hold *h, char *vals[SHOW_NHEADERS])
{
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeHeaderList *hl;
    GMimeHeader *hd;
    size_t i;

    memset(vals, 0, SHOW_NHEADERS * sizeof(*vals));
    if (!h->message || !h->message_len)
        return;
    stream = g_mime_stream_mem_new_with_buffer((const char *)h->message, h->message_len);
    parser = g_mime_parser_new_with_stream(stream);
    msg = g_mime_parser_construct_message(parser, NULL);
    if (msg) {
        hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
        for (i = 0; i < SHOW_NHEADERS; i++)
            if ((hd = g_mime_header_list_get_header(hl, show_headers[i]))) {
                vals[i] = g_strdup(g_mime_header_get_value(hd));
                sg_text_mask_inplace(vals[i]);   /* the Subject may hold a My Number */
            }
        g_object_unref(msg);
    }
    g_object_unref(parser);
    g_object_unref(stream);
}

static void show_line(const char *label, const char *v)
{
    printf("%-12s", label);
    ctl_put_safe(stdout, v, CTL_MAX_HEADER_SHOWN);
    putchar('\n');
}

/* Prints a multi-line value with the continuation lines indented. */
static void show_lines(const char *label, const char *v, const char *sep)
{
    char *m = v && *v ? sg_text_mask(v) : NULL, *p = m, *e;

    printf("%-12s", label);
    if (!m) {
        puts(v && *v ? "(out of memory)" : "-");
        return;
    }
    for (; p; p = e ? e + strlen(sep) : NULL) {
        if ((e = strstr(p, sep)) != NULL)
            *e = '\0';
        ctl_put_safe(stdout, p, 0);
        printf("\n");
        if (e)
            printf("%-12s", "");
    }
    free(m);
}

static void show_history(sg_record_row **ev, size_t n)
{
    char t[64];
    size_t i;

    puts("\nHistory (transfer record)");
    for (i = 0; i < n; i++) {
        store_iso_time(ev[i]->time, t, sizeof(t));
        printf("  %-6lld %s  %-8s %-10s ", ev[i]->seq, t, ev[i]->event ? ev[i]->event : "-",
               ev[i]->action ? ev[i]->action : "-");
        ctl_put_safe(stdout, ev[i]->actor, 200);
        if (ev[i]->note && *ev[i]->note) {
            fputs("  ", stdout);
            ctl_put_safe(stdout, ev[i]->note, 200);
        }
        putchar('\n');
    }
    if (!n)
        puts("  (no events)");
}

static int show_text(ctl *c, const sg_hold *h, char *hdr[SHOW_NHEADERS], sg_record_row **ev,
                     size_t nev)
{
    char t[64], *rules = NULL, *findings = NULL;
    size_t i;

    if (store_json_flatten(c->st, h->rules_json, "rules", &rules) < 0 ||
        store_json_flatten(c->st, h->findings_json, "findings", &findings) < 0) {
        fprintf(stderr, "sendguardctl: %s\n", store_error(c->st));
        free(rules);
        return CTL_ERROR;
    }
    show_line("Hold", h->id);
    printf("%-12s%s (%s hold)\n", "State", sg_hold_state_name(h->state), show_kind(h->kind));
    ctl_local_time(h->created, t, sizeof(t));
    show_line("Created", t);
    ctl_local_time(h->expires, t, sizeof(t));
    show_line("Expires", t);
    show_line("Queue id", h->queue_id);
    show_line("Message-ID", h->message_id);
    show_line("Sender", h->sender);
    show_line("Auth user", h->auth_user);
    show_line("Approver", h->approver);
    printf("%-12s", "Recipients");
    for (i = 0; h->rcpts && h->rcpts[i]; i++) {
        printf("%s", i ? "            " : "");
        ctl_put_safe(stdout, h->rcpts[i], CTL_MAX_HEADER_SHOWN);
        putchar('\n');
    }
    if (!i)
        puts("-");
    show_line("Rules", rules);
    show_lines("Findings", findings, "\n");
    printf("%-12s%zu bytes\n", "Size", h->message_len);
    if (h->release_pending) {
        ctl_local_time(h->next_attempt, t, sizeof(t));
        printf("%-12sreleased, re-injection pending (%d attempts, next %s)\n", "Delivery",
               h->attempts, t);
    }
    puts("\nHeaders");
    for (i = 0; i < SHOW_NHEADERS; i++) {
        printf("  %-10s", show_headers[i]);
        ctl_put_masked(stdout, hdr[i], CTL_MAX_HEADER_SHOWN);
        putchar('\n');
    }
    show_history(ev, nev);
    free(rules);
    free(findings);
    return CTL_OK;
}

static int show_json_hold(ctl *c, sg_buf *b, const sg_hold *h)
{
    size_t i;
    int rc = 0;

    rc |= sg_buf_putc(b, '{');
    rc |= ctl_jstr(b, "id", h->id, 1);
    rc |= ctl_jstr(b, "state", sg_hold_state_name(h->state), 0);
    rc |= ctl_jstr(b, "kind", show_kind(h->kind), 0);
    rc |= ctl_jnum(b, "created", (long long)h->created);
    rc |= ctl_jnum(b, "expires", (long long)h->expires);
    rc |= ctl_jstr(b, "queue_id", h->queue_id, 0);
    rc |= ctl_jstr(b, "message_id", h->message_id, 0);
    rc |= ctl_jstr(b, "sender", h->sender, 0);
    rc |= ctl_jstr(b, "auth_user", h->auth_user, 0);
    rc |= ctl_jstr(b, "approver", h->approver, 0);
    rc |= ctl_jstr(b, "subject", h->subject, 0);
    rc |= sg_json_key(b, "recipients", 0);
    rc |= sg_buf_putc(b, '[');
    for (i = 0; h->rcpts && h->rcpts[i]; i++) {
        if (i)
            rc |= sg_buf_putc(b, ',');
        rc |= sg_json_str(b, h->rcpts[i], (size_t)-1);
    }
    rc |= sg_buf_putc(b, ']');
    rc |= ctl_jjson(c, b, "rules", h->rules_json);
    rc |= ctl_jjson(c, b, "findings", h->findings_json);
    rc |= ctl_jnum(b, "release_pending", h->release_pending);
    rc |= ctl_jnum(b, "attempts", h->attempts);
    rc |= ctl_jnum(b, "size", (long long)h->message_len);
    return rc ? -1 : 0;
}

static int show_json(ctl *c, const sg_hold *h, char *hdr[SHOW_NHEADERS], sg_record_row **ev,
                     size_t nev)
{
    char t[64];
    sg_buf b;
    size_t i;
    int rc;

    sg_buf_init(&b, CTL_MAX_JSON_LINE);
    rc = show_json_hold(c, &b, h);
    rc |= sg_json_key(&b, "headers", 0);
    rc |= sg_buf_putc(&b, '{');
    for (i = 0; i < SHOW_NHEADERS; i++)
        rc |= ctl_jstr(&b, show_headers[i], hdr[i], i == 0);
    rc |= sg_buf_putc(&b, '}');
    rc |= sg_json_key(&b, "history", 0);
    rc |= sg_buf_putc(&b, '[');
    for (i = 0; i < nev; i++) {
        store_iso_time(ev[i]->time, t, sizeof(t));
        rc |= sg_buf_printf(&b, "%s{\"seq\":%lld", i ? "," : "", ev[i]->seq);
        rc |= ctl_jstr(&b, "time", t, 0);
        rc |= ctl_jstr(&b, "event", ev[i]->event, 0);
        rc |= ctl_jstr(&b, "action", ev[i]->action, 0);
        rc |= ctl_jstr(&b, "actor", ev[i]->actor, 0);
        rc |= ctl_jstr(&b, "note", ev[i]->note, 0);
        rc |= sg_buf_putc(&b, '}');
    }
    rc |= sg_buf_puts(&b, "]}\n");
    if (rc == 0)
        fwrite(b.data, 1, b.len, stdout);
    else
        fprintf(stderr, "sendguardctl: show: cannot build JSON (%s)\n", store_error(c->st));
    sg_buf_free(&b);
    return rc ? CTL_ERROR : CTL_OK;
}

int ctl_cmd_show(ctl *c, int argc, char **argv)
{
    static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, { 0, 0, 0, 0 } };
    char *hdr[SHOW_NHEADERS];
    sg_record_row **ev = NULL;
    sg_hold *h = NULL;
    size_t nev = 0, i;
    int json = 0, o, rc;

    while ((o = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
        if (o != 'j')
            return CTL_ERROR;
        json = 1;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "sendguardctl: usage: show ID [--json]\n");
        return CTL_ERROR;
    }
    if (store_hold_get(c->st, argv[optind], &h) < 0) {
        fprintf(stderr, "sendguardctl: %s\n", store_error(c->st));
        return store_not_found(c->st) ? CTL_NOTFOUND : CTL_ERROR;
    }
    if (store_records_for_hold(c->st, h->id, &ev, &nev) < 0) {
        fprintf(stderr, "sendguardctl: %s\n", store_error(c->st));
        sg_hold_free(h);
        return CTL_ERROR;
    }
    sg_text_mask_inplace(h->subject);   /* a hold stored before masking */
    sg_text_mask_inplace(h->findings_json);   /* locations name files */
    g_mime_init();
    show_parse_headers(h, hdr);
    rc = json ? show_json(c, h, hdr, ev, nev) : show_text(c, h, hdr, ev, nev);
    for (i = 0; i < SHOW_NHEADERS; i++)
        g_free(hdr[i]);
    g_mime_shutdown();
    sg_record_rows_free(ev, nev);
    sg_hold_free(h);
    return rc;
}
