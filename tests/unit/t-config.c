/*
 * t-config - unit tests for the config loader: defaults, strict values,
 * errors that name FILE:LINE, every key documented, and the committed
 * sample config (contrib/sendguard.conf) equal to the key table.
 * `t-config --write-sample FILE` regenerates the sample.
 */
#include "config.h"
#include "sg_tap.h"

#include <stdlib.h>
#include <string.h>

static void expect_error(const char *text, const char *want, const char *label)
{
    char err[512] = "";
    sg_config *c = config_load_string(text, "test.conf", err, sizeof(err));

    TAP_OK(c == NULL && strstr(err, want) != NULL, "config error: %s", label);
    if (c || !strstr(err, want))
        printf("#   err='%s' want substring '%s'\n", err, want);
    config_free(c);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = 0;
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    char err[512];
    sg_config *c;
    int i, undocumented = 0;
    const char *srcdir = getenv("top_srcdir");
    char path[4096];
    char *committed, *generated = NULL;
    size_t clen, glen = 0;
    FILE *mem;

    if (argc == 3 && strcmp(argv[1], "--write-sample") == 0) {
        FILE *fp = fopen(argv[2], "w");
        if (!fp)
            return 2;
        config_write_sample(fp);
        return fclose(fp) == 0 ? 0 : 2;
    }

    c = config_load(NULL, err, sizeof(err));
    TAP_OK(c != NULL, "defaults load");
    TAP_IS_INT(cfg_num(c, CFG_POLICY_BULK_EXTERNAL_THRESHOLD), 5, "default bulk_external_threshold is 5");
    TAP_IS_STR(cfg_str(c, CFG_POLICY_BULK_ACTION), "hold", "default bulk_action is hold");
    TAP_IS_INT(cfg_num(c, CFG_POLICY_LEARNING_PERIOD), 14ULL * 86400 * 1000, "default learning_period is 14d");
    TAP_OK(strncmp(cfg_str(c, CFG_RECORD_DATABASE), "sqlite:", 7) == 0, "database derived from state_dir");
    TAP_IS_STR(config_rule_action(c, "mynumber"), "reject", "default action for mynumber is reject");
    TAP_OK(config_rule_action(c, "no-such-rule") == NULL, "no action for unknown rule id");
    config_free(c);

    c = config_load_string("# comment\n[general]\ninternal_domains = example.co.jp, sub.example.com ,\n"
                           "state_dir = /tmp/sg\n[policy]\nbulk_external_threshold = 10\n"
                           "learning_period = 0\n[limits]\nmax_message_size = 10M\n"
                           "[actions]\nmynumber = hold-approver\n", "test.conf", err, sizeof(err));
    TAP_OK(c != NULL, "valid config loads");
    if (c) {
        char *const *l = cfg_list(c, CFG_GENERAL_INTERNAL_DOMAINS);
        TAP_OK(l && l[0] && l[1] && !l[2], "list has two items (empty item dropped)");
        TAP_IS_STR(l[1], "sub.example.com", "list items are trimmed");
        TAP_IS_INT(cfg_num(c, CFG_POLICY_BULK_EXTERNAL_THRESHOLD), 10, "threshold set");
        TAP_IS_INT(cfg_num(c, CFG_LIMITS_MAX_MESSAGE_SIZE), 10485760, "size with unit");
        TAP_IS_STR(cfg_str(c, CFG_RECORD_DATABASE), "sqlite:/tmp/sg/sendguard.db", "database under state_dir");
        TAP_IS_STR(cfg_str(c, CFG_HOLD_SECRET_FILE), "/tmp/sg/release.key", "secret file under state_dir");
        TAP_IS_STR(config_rule_action(c, "mynumber"), "hold-approver", "action override");
    }
    config_free(c);

    expect_error("[general]\nnope = 1\n", "test.conf:2: unknown key 'nope' in [general]", "unknown key names file and line");
    expect_error("[nosuch]\n", "test.conf:1: unknown section [nosuch]", "unknown section");
    expect_error("\n\n[policy]\nbulk_action = drop\n", "test.conf:4:", "bad enum names its line");
    expect_error("[policy]\nbulk_action = drop\n", "expected one of hold|bcc|reject", "bad enum lists choices");
    expect_error("[policy]\nbulk_external_threshold = 5x\n", "trailing characters", "number with junk");
    expect_error("[policy]\nbulk_external_threshold = 0\n", "out of range", "number below minimum");
    expect_error("[limits]\nscan_timeout = 5y\n", "unknown unit", "bad duration unit");
    expect_error("internal_domains = x\n", "outside of a [section]", "key before any section");
    expect_error("[general]\nsocket\n", "expected key = value", "line without =");
    expect_error("[general]\nuser = a\nuser = b\n", "test.conf:3: duplicate key", "duplicate key");
    expect_error("[record]\ndatabase = mysql://x\n", "not sqlite:PATH, postgresql://", "unsupported database");
    expect_error("[record]\ndatabase = sqlite:\n", "not sqlite:PATH", "sqlite: without a path");
    /* issue 12: PostgreSQL, as a URI or a libpq keyword string */
    {
        static const char *const pg[] = {
            "postgresql://sg@db.example.co.jp:5432/sendguard", "postgres://sg@127.0.0.1/sg",
            "host=/run/postgresql dbname=sendguard user=sendguard",
        };
        for (size_t k = 0; k < sizeof(pg) / sizeof(pg[0]); k++) {
            char text[256];

            snprintf(text, sizeof(text), "[record]\ndatabase = %s\n", pg[k]);
            c = config_load_string(text, "test.conf", err, sizeof(err));
            TAP_OK(c && strcmp(cfg_str(c, CFG_RECORD_DATABASE), pg[k]) == 0,
                   "database = %s accepted (%s)", pg[k], c ? "ok" : err);
            config_free(c);
        }
    }
    expect_error("[general\n", "bad section header", "unterminated section header");
    /* issue 7: an end-of-line comment is not part of the value */
    expect_error("[general]\nsocket = unix:/var/spool/postfix/sendguard/milter.sock   # in the chroot\n",
                 "test.conf:2: [general] socket: '#' in the value", "'#' after a value names FILE:LINE");
    /* issue 7: both socket spellings, listening exactly where asked */
    {
        static const char *const ok[][2] = {
            { "inet:8895@127.0.0.1", "inet:8895@127.0.0.1" },
            { "inet:127.0.0.1:8895", "inet:8895@127.0.0.1" },
            { "inet:localhost:8895", "inet:8895@localhost" },
            { "inet6:8895@::1", "inet6:8895@::1" },
            { "inet6:[::1]:8895", "inet6:8895@::1" },
            { "unix:/run/sendguard/milter.sock", "unix:/run/sendguard/milter.sock" },
            { "local:/run/x.sock", "unix:/run/x.sock" },
            { "/run/x.sock", "unix:/run/x.sock" },
        };
        size_t j;
        for (j = 0; j < sizeof(ok) / sizeof(ok[0]); j++) {
            char text[256];
            snprintf(text, sizeof(text), "[general]\nsocket = %s\n", ok[j][0]);
            c = config_load_string(text, "test.conf", err, sizeof(err));
            TAP_IS_STR(c ? cfg_str(c, CFG_GENERAL_SOCKET) : err, ok[j][1], "socket %s", ok[j][0]);
            config_free(c);
        }
    }
    expect_error("[general]\nsocket = inet:8895\n", "test.conf:2: [general] socket: 'inet:8895': no address",
                 "inet:PORT without address (every interface) refused");
    expect_error("[general]\nsocket = inet:127.0.0.1\n", "no port", "inet:ADDRESS without port refused");
    expect_error("[general]\nsocket = inet:127.0.0.1:8895@127.0.0.1\n", "ambiguous", "both spellings mixed refused");
    expect_error("[general]\nsocket = inet:70000@127.0.0.1\n", "port 1-65535", "port out of range");
    expect_error("[general]\nsocket = unix:milter.sock\n", "must be absolute", "relative Unix socket refused");
    expect_error("[general]\nsocket = tcp:8895\n", "expected unix:", "unknown socket kind");
    /* issue 7: values that passed -t and failed in service */
    expect_error("[general]\nsocket_mode = 999\n", "test.conf:2: [general] socket_mode: '999' is not an octal",
                 "socket_mode 999 refused");
    expect_error("[general]\nsocket_mode = 066\n", "gives the owner no access", "socket_mode without owner access");
    expect_error("[general]\ninternal_domains = example.co.jp, exa mple..co.jp\n",
                 "test.conf:2: [general] internal_domains: 'exa mple..co.jp' is not a domain name", "bad domain refused");
    expect_error("[general]\ninternal_domains = example..co.jp\n", "not a domain name", "empty label refused");
    expect_error("[general]\ninternal_domains = -example.co.jp\n", "not a domain name", "leading hyphen refused");
    c = config_load_string("[general]\ninternal_domains = Example.ORG., 日本語.jp\n", "test.conf", err, sizeof(err));
    TAP_OK(c != NULL, "a trailing dot and an IDN in UTF-8 are domain names");
    config_free(c);
    expect_error("\n[hold]\nrelay = localhost\n", "test.conf:3: [hold] relay: 'localhost' must be HOST:PORT",
                 "relay without port refused");
    expect_error("[hold]\nrelay = localhost:25\n", "is this host's port 25", "relay = localhost:25 refused (loop)");
    expect_error("[hold]\nrelay = 127.0.0.1:25\n", "is this host's port 25", "relay = 127.0.0.1:25 refused");
    expect_error("[general]\nsocket = inet:10026@127.0.0.1\n[hold]\nrelay = 127.0.0.1:10026\n",
                 "test.conf:4: [hold] relay: '127.0.0.1:10026' is the milter's own listener", "relay = milter socket refused");
    expect_error("[general]\nclient_networks = 10.0.0.0/33\n", "test.conf:2: [general] client_networks: '10.0.0.0/33'",
                 "bad client network names FILE:LINE");
    expect_error("[hold]\nrelease_address = nobody\n", "test.conf:2: [hold] release_address:",
                 "bad release_address names FILE:LINE");
    expect_error("[general]\nstate_dir = var/lib/sendguard\n", "test.conf:2: [general] state_dir: 'var/lib/sendguard' must be an absolute path",
                 "relative state_dir refused");
    c = config_load_string("[hold]\nrelay = mail.example.co.jp:25\n[general]\nclient_networks = 192.0.2.0/24, 2001:db8::/32\n",
                           "test.conf", err, sizeof(err));
    TAP_OK(c != NULL, "relay on another host's port 25 and IPv6 networks accepted");
    if (!c)
        printf("#   %s\n", err);
    config_free(c);
    c = config_load_string("\n[general]\nuser = mail\n", "test.conf", err, sizeof(err));
    if (c) {
        config_where(c, CFG_GENERAL_USER, err, sizeof(err));
        TAP_IS_STR(err, "test.conf:3: [general] user", "config_where names FILE:LINE and key");
        config_where(c, CFG_GENERAL_STATE_DIR, err, sizeof(err));
        TAP_IS_STR(err, "test.conf: [general] state_dir (default)", "config_where of a default");
    }
    config_free(c);

    c = config_load("/nonexistent/sendguard.conf", err, sizeof(err));
    TAP_OK(c == NULL && strstr(err, "/nonexistent/sendguard.conf: cannot open"), "missing file names the path");

    for (i = 0; i < CFG__COUNT; i++)
        if (!cfg_keys[i].doc || strlen(cfg_keys[i].doc) < 20) {
            undocumented++;
            printf("# undocumented key [%s] %s\n", cfg_keys[i].section, cfg_keys[i].name);
        }
    TAP_IS_INT(undocumented, 0, "every config key has doc text");

    snprintf(path, sizeof(path), "%s/contrib/sendguard.conf", srcdir ? srcdir : ".");
    committed = slurp(path, &clen);
    mem = open_memstream(&generated, &glen);
    config_write_sample(mem);
    fclose(mem);
    TAP_OK(committed && clen == glen && memcmp(committed, generated, glen) == 0,
           "contrib/sendguard.conf equals the key table (regenerate: t-config --write-sample)");
    c = committed ? config_load_string(committed, "contrib/sendguard.conf", err, sizeof(err)) : NULL;
    TAP_OK(c != NULL, "the sample config loads");
    config_free(c);
    free(committed);
    free(generated);
    return tap_done();
}
