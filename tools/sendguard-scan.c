/*
 * sendguard-scan - scan messages or files offline with the milter's engine
 * and print what was found (human text, or --json: one object per file, per
 * the contract in DESIGN.md). With --from/--rcpt it also prints the
 * decision the milter would take (same policy code, recipient history from
 * the configured database when it exists). --check-rules DIR checks a rules
 * directory. Exit: 0 no findings, 1 findings (medium or high), 2 error.
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <getopt.h>
#include <gmime/gmime.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "policy.h"
#include "rules_engine.h"
#include "scan.h"
#include "scan_output.h"
#include "sg_buf.h"
#include "sg_log.h"
#include "store.h"

#define SCAN_MAX_RCPTS 1000

typedef struct scan_opts {
    const char *config;
    int json, explain, no_history;
    const char *from;
    const char *rcpts[SCAN_MAX_RCPTS];
    size_t nrcpts;
    const char *auth_user;
    const char *client_addr;
} scan_opts;

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: sendguard-scan [-c CONF] [--json] [--explain] [--from ADDR --rcpt ADDR...]\n"
            "                      [--auth USER] [--client IP] [--no-history] FILE...\n"
            "       sendguard-scan [-c CONF] --check-rules DIR\n"
            "FILE may be a message (.eml) or any file; - reads standard input.\n"
            "Exit status: 0 no findings, 1 findings, 2 error.\n");
}

static char *read_file(const char *path, unsigned long long cap, size_t *len, char *err,
                       size_t errlen)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    struct stat st;
    sg_buf b;
    char chunk[65536];
    size_t n;

    if (!fp) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    sg_buf_init(&b, (size_t)cap);
    /* a regular file is read straight into a buffer of its size (no
     * doubling and copying as the buffer grows) */
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size <= cap) {
        size_t want = (size_t)st.st_size;
        char *d = sg_malloc(want + 1);
        if (d && (n = fread(d, 1, want, fp)) == want && fgetc(fp) == EOF && !ferror(fp)) {
            d[want] = 0;
            if (fp != stdin)
                fclose(fp);
            *len = want;
            return d;
        }
        free(d);
        rewind(fp);    /* changed under us or short: read it the general way */
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        if (sg_buf_append(&b, chunk, n) != SG_BUF_OK) {
            snprintf(err, errlen, "%s: larger than %llu bytes", path, cap);
            if (fp != stdin)
                fclose(fp);
            sg_buf_free(&b);
            return NULL;
        }
    if (ferror(fp)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        if (fp != stdin)
            fclose(fp);
        sg_buf_free(&b);
        return NULL;
    }
    if (fp != stdin)
        fclose(fp);
    return sg_buf_steal(&b, len);
}

/* Header list of a message, for the policy. Owned by the returned arrays. */
typedef struct msg_headers {
    sg_header *h;
    size_t n;
    char **strings;
    size_t nstrings;
} msg_headers;

static void headers_free(msg_headers *mh)
{
    size_t i;

    for (i = 0; i < mh->nstrings; i++)
        free(mh->strings[i]);
    free(mh->strings);
    free(mh->h);
    memset(mh, 0, sizeof(*mh));
}

static int headers_parse(const char *data, size_t len, msg_headers *mh)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    GMimeHeaderList *hl;
    int i, count;

    memset(mh, 0, sizeof(*mh));
    g_object_unref(parser);
    g_object_unref(stream);
    if (!msg)
        return 0;
    hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
    count = g_mime_header_list_get_count(hl);
    mh->h = sg_calloc((size_t)count + 1, sizeof(*mh->h));
    mh->strings = sg_calloc((size_t)count * 2 + 1, sizeof(char *));
    if (!mh->h || !mh->strings) {
        g_object_unref(msg);
        headers_free(mh);
        return -1;
    }
    for (i = 0; i < count; i++) {
        GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
        const char *raw = g_mime_header_get_raw_value(h);
        char *name = sg_strdup(g_mime_header_get_name(h));
        char *value = sg_strdup(raw ? raw : "");
        if (!name || !value) {
            free(name);
            free(value);
            break;
        }
        mh->strings[mh->nstrings++] = name;
        mh->strings[mh->nstrings++] = value;
        mh->h[mh->n].name = name;
        mh->h[mh->n].value = value;
        mh->n++;
    }
    g_object_unref(msg);
    return 0;
}

/* Recipient history from the configured database, when it exists, asked
 * for exactly as the milter asks (policy_history_domains/_learning). */
typedef struct scan_history {
    sg_history h;
    char **known, **top;
    char **domains;
} scan_history;

static void history_load(const sg_config *cfg, const sg_policy *pol, const scan_opts *o,
                         scan_history *sh)
{
    const char *uri = cfg_str(cfg, CFG_RECORD_DATABASE);
    sg_envelope env = { .mail_from = o->from, .rcpts = o->rcpts, .nrcpts = o->nrcpts };
    char err[256];
    sg_store *st;
    time_t first = 0;

    memset(sh, 0, sizeof(*sh));
    sh->h.learning = 1;   /* no history: a fresh install only learns */
    if (o->no_history || strncmp(uri, "sqlite:", 7) != 0 || access(uri + 7, R_OK) != 0)
        return;
    if (!(st = store_open(uri, err, sizeof(err)))) {
        msg_warn("recipient history not used: %s", err);
        return;
    }
    sh->domains = policy_history_domains(pol, &env);
    if (sh->domains && store_history_known(st, (const char *const *)sh->domains, &sh->known) == 0 &&
        store_history_top(st, (unsigned)cfg_num(cfg, CFG_POLICY_LOOKALIKE_TOP_DOMAINS),
                          &sh->top) == 0 &&
        store_history_since(st, &first) == 0) {
        sh->h.learning = policy_history_learning(pol, first, time(NULL));
        sh->h.known_domains = (const char *const *)sh->known;
        sh->h.top_domains = (const char *const *)sh->top;
    }
    store_close(st);
}

static void history_free(scan_history *sh)
{
    store_strv_free(sh->known);
    store_strv_free(sh->top);
    policy_strv_free(sh->domains);
}

static int scan_one(const sg_config *cfg, const sg_scanner *sc, const sg_policy *pol,
                    const scan_history *hist, const scan_opts *o, const char *path)
{
    char err[512];
    size_t len = 0;
    char *data = read_file(path, cfg_num(cfg, CFG_LIMITS_MAX_MESSAGE_SIZE) * 4 + 65536, &len,
                           err, sizeof(err));
    sg_scan_result res;
    sg_decision dec;
    int have_dec = 0, rc, is_msg;
    const char *base = strrchr(path, '/');

    memset(&res, 0, sizeof(res));
    memset(&dec, 0, sizeof(dec));
    if (!data) {
        fprintf(stderr, "sendguard-scan: %s\n", err);
        return 2;
    }
    is_msg = scanner_looks_like_message(data, len);
    rc = is_msg ? scanner_scan_message(sc, data, len, &res)
                : scanner_scan_file(sc, base ? base + 1 : path, data, len, &res);
    if (rc < 0) {
        fprintf(stderr, "sendguard-scan: %s: scan failed (out of memory?)\n", path);
        free(data);
        scan_result_free(&res);
        return 2;
    }
    if (o->from) {
        msg_headers mh = {0};
        sg_envelope env = {0};

        if (is_msg && headers_parse(data, len, &mh) < 0) {
            fprintf(stderr, "sendguard-scan: out of memory\n");
            free(data);
            scan_result_free(&res);
            return 2;
        }
        env.mail_from = o->from;
        env.rcpts = o->rcpts;
        env.nrcpts = o->nrcpts;
        env.auth_user = o->auth_user;
        env.client_addr = o->client_addr;
        env.headers = mh.h;
        env.nheaders = mh.n;
        if (policy_decide(pol, &env, &res, &hist->h, &dec) < 0) {
            fprintf(stderr, "sendguard-scan: %s: policy failed (out of memory?)\n", path);
            headers_free(&mh);
            free(data);
            scan_result_free(&res);
            return 2;
        }
        have_dec = 1;
        headers_free(&mh);
    }
    if (sg_alloc_failures() != 0) {
        /* something was dropped on the way (the recipient history, say):
         * an answer that may not be the true one is never printed */
        fprintf(stderr, "sendguard-scan: %s: out of memory\n", path);
        if (have_dec)
            decision_free(&dec);
        scan_result_free(&res);
        free(data);
        return 2;
    }
    if (o->json) {
        sg_buf b;
        sg_buf_init(&b, 256UL * 1024 * 1024);
        scan_output_json(&b, path, &res, have_dec ? &dec : NULL, o->explain);
        if (sg_buf_error(&b)) {
            /* a failed buffer is never printed as if it were the whole answer */
            fprintf(stderr, "sendguard-scan: %s: %s\n", path,
                    sg_buf_error(&b) == SG_BUF_NOMEM ? "out of memory" : "output too large");
            sg_buf_free(&b);
            if (have_dec)
                decision_free(&dec);
            scan_result_free(&res);
            free(data);
            return 2;
        }
        fwrite(sg_buf_str(&b), 1, b.len, stdout);
        fputc('\n', stdout);
        sg_buf_free(&b);
    } else {
        scan_output_text(stdout, path, &res, have_dec ? &dec : NULL, o->explain);
    }
    rc = scan_output_has_findings(&res) ? 1 : 0;
    if (have_dec)
        decision_free(&dec);
    scan_result_free(&res);
    free(data);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'}, {"json", no_argument, NULL, 'j'},
        {"explain", no_argument, NULL, 'e'},      {"from", required_argument, NULL, 'f'},
        {"rcpt", required_argument, NULL, 'r'},   {"auth", required_argument, NULL, 'a'},
        {"client", required_argument, NULL, 'C'}, {"no-history", no_argument, NULL, 'H'},
        {"check-rules", required_argument, NULL, 'R'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0}};
    scan_opts o = {0};
    const char *check_rules = NULL;

    /* Files are scanned one after another: keep freed buffers of up to
     * 32 MB in the heap for the next file instead of mmap()ing (and
     * page-faulting) fresh ones for every large buffer (about a third of
     * the CPU time on 2 MB files). */
    (void)mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    (void)mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    char err[1024];
    sg_config *cfg = NULL;
    sg_scanner *sc = NULL;
    sg_policy *pol = NULL;
    scan_history hist;
    int c, i, worst = 0;
    struct stat stb;

    sg_log_init(argv[0]);
    sg_alloc_torture_init();
    while ((c = getopt_long(argc, argv, "c:jehV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o.config = optarg; break;
        case 'j': o.json = 1; break;
        case 'e': o.explain = 1; break;
        case 'f': o.from = optarg; break;
        case 'r':
            if (o.nrcpts == SCAN_MAX_RCPTS) {
                fprintf(stderr, "sendguard-scan: too many --rcpt (max %d)\n", SCAN_MAX_RCPTS);
                return 2;
            }
            o.rcpts[o.nrcpts++] = optarg;
            break;
        case 'a': o.auth_user = optarg; break;
        case 'C': o.client_addr = optarg; break;
        case 'H': o.no_history = 1; break;
        case 'R': check_rules = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("sendguard-scan %s\n", PACKAGE_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (check_rules) {
        int rc = rules_check_dir(check_rules, stdout);
        return rc == 0 ? 0 : 2;
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if ((o.from && !o.nrcpts) || (!o.from && o.nrcpts)) {
        fprintf(stderr, "sendguard-scan: --from and --rcpt go together\n");
        return 2;
    }
    if (!o.config && stat(SG_SYSCONFDIR "/sendguard.conf", &stb) == 0)
        o.config = SG_SYSCONFDIR "/sendguard.conf";
    if (!(cfg = config_load(o.config, err, sizeof(err)))) {
        fprintf(stderr, "sendguard-scan: %s\n", err);
        return 2;
    }
    if (!(sc = scanner_new(cfg, err, sizeof(err)))) {
        fprintf(stderr, "sendguard-scan: %s\n", err);
        config_free(cfg);
        return 2;
    }
    if (o.from && !(pol = policy_new(cfg, err, sizeof(err)))) {
        fprintf(stderr, "sendguard-scan: %s\n", err);
        scanner_free(sc);
        config_free(cfg);
        return 2;
    }
    memset(&hist, 0, sizeof(hist));
    if (o.from)
        history_load(cfg, pol, &o, &hist);
    for (i = optind; i < argc; i++) {
        int rc = scan_one(cfg, sc, pol, &hist, &o, argv[i]);
        if (rc > worst)
            worst = rc;
    }
    history_free(&hist);
    policy_free(pol);
    scanner_free(sc);
    config_free(cfg);
    if (fflush(stdout) != 0)
        return 2;
    return worst;
}
