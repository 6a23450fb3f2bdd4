/*
 * config_check - checks of values that need more than their type: the
 * milter socket (both spellings, normalised to libmilter's), socket_mode,
 * domain and address syntax, client networks, the relay (host:port, not the
 * milter's own listener, not port 25 on this host). Pure: no I/O, no
 * look-ups. Called by the loader once a file is parsed, so every error names
 * FILE:LINE and the key (config_where). What needs the system (user,
 * directories, database) is checked by `sendguard-milter -t` (milter/check.c).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHECK_MAX_HOST 255

void config_where(const sg_config *c, int k, char *buf, size_t len)
{
    const char *file = c->path ? c->path : "(defaults)";

    if (c->line[k])
        snprintf(buf, len, "%s:%u: [%s] %s", file, c->line[k], cfg_keys[k].section,
                 cfg_keys[k].name);
    else
        snprintf(buf, len, "%s: [%s] %s (default)", file, cfg_keys[k].section, cfg_keys[k].name);
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    if (!n)
        return 0;
    for (i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A TCP port: 1..65535, digits only. */
static int port_ok(const char *s, size_t n, unsigned *port)
{
    unsigned long v;
    char tmp[8];

    if (!all_digits(s, n) || n > 5)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    v = strtoul(tmp, NULL, 10);
    if (v < 1 || v > 65535)
        return 0;
    *port = (unsigned)v;
    return 1;
}

int config_domain_ok(const char *d)
{
    size_t label = 0, n = strlen(d);
    const unsigned char *p, *end;

    if (n > 1 && d[n - 1] == '.')       /* a fully qualified name: example.co.jp. */
        n--;
    if (!n || n > 253)
        return 0;
    end = (const unsigned char *)d + n;
    for (p = (const unsigned char *)d; p < end; p++) {
        if (*p == '.') {
            if (!label || p[-1] == '-')
                return 0;
            label = 0;
            continue;
        }
        /* letters, digits, '-' (not first); UTF-8 bytes of an IDN as is */
        if (!(isalnum(*p) || *p >= 0x80 || (*p == '-' && label > 0)))
            return 0;
        if (++label > 63)
            return 0;
    }
    return label > 0 && end[-1] != '-';
}

/* host: a domain name or an IPv4 literal (IPv6 only where six is set). */
static int host_ok(const char *h, int six)
{
    struct in6_addr a6;

    if (six)
        return inet_pton(AF_INET6, h, &a6) == 1;
    return config_domain_ok(h);
}

int config_socket_normalize(const char *in, char *out, size_t outlen, const char **why)
{
    const char *rest, *at, *colon;
    char host[CHECK_MAX_HOST + 1];
    unsigned port;
    int six;

    if (strncmp(in, "unix:", 5) == 0 || strncmp(in, "local:", 6) == 0 || in[0] == '/') {
        const char *path = in[0] == '/' ? in : strchr(in, ':') + 1;
        if (path[0] != '/') {
            *why = "a Unix socket path must be absolute (unix:/run/sendguard/milter.sock)";
            return -1;
        }
        if (strlen(path) > 100) {
            *why = "a Unix socket path is limited to 100 bytes";
            return -1;
        }
        snprintf(out, outlen, "unix:%s", path);
        return 0;
    }
    six = strncmp(in, "inet6:", 6) == 0;
    if (!six && strncmp(in, "inet:", 5) != 0) {
        *why = "expected unix:/PATH, inet:PORT@ADDRESS (or Postfix's inet:ADDRESS:PORT) "
               "or inet6:PORT@ADDRESS";
        return -1;
    }
    rest = in + (six ? 6 : 5);
    at = strchr(rest, '@');
    if (at) {                           /* libmilter: PORT@HOST */
        size_t hl = strlen(at + 1);
        if (memchr(rest, ':', (size_t)(at - rest))) {
            *why = "ambiguous: write either inet:PORT@ADDRESS (libmilter) or inet:ADDRESS:PORT "
                   "(Postfix)";
            return -1;
        }
        if (!port_ok(rest, (size_t)(at - rest), &port)) {
            *why = "PORT@ADDRESS needs a port 1-65535 before the '@'";
            return -1;
        }
        if (!hl || hl > CHECK_MAX_HOST || strchr(at + 1, '@') || (!six && strchr(at + 1, ':'))) {
            *why = "ambiguous: write either inet:PORT@ADDRESS (libmilter) or inet:ADDRESS:PORT "
                   "(Postfix)";
            return -1;
        }
        memcpy(host, at + 1, hl + 1);
    } else if (six) {                   /* inet6:[ADDR]:PORT */
        const char *close = strchr(rest, ']');
        if (rest[0] != '[' || !close || close[1] != ':' ||
            (size_t)(close - rest - 1) > CHECK_MAX_HOST ||
            !port_ok(close + 2, strlen(close + 2), &port)) {
            *why = "expected inet6:PORT@ADDRESS or inet6:[ADDRESS]:PORT";
            return -1;
        }
        memcpy(host, rest + 1, (size_t)(close - rest - 1));
        host[close - rest - 1] = 0;
    } else {                            /* Postfix: HOST:PORT */
        colon = strrchr(rest, ':');
        if (!colon) {
            *why = all_digits(rest, strlen(rest))
                ? "no address: libmilter would listen on every interface; write "
                  "inet:PORT@127.0.0.1 (or inet:PORT@0.0.0.0 if every interface is meant)"
                : "no port: write inet:PORT@ADDRESS or inet:ADDRESS:PORT";
            return -1;
        }
        if (colon != strchr(rest, ':') || !port_ok(colon + 1, strlen(colon + 1), &port) ||
            (size_t)(colon - rest) > CHECK_MAX_HOST || colon == rest) {
            *why = "expected inet:ADDRESS:PORT with a port 1-65535 (or inet:PORT@ADDRESS)";
            return -1;
        }
        memcpy(host, rest, (size_t)(colon - rest));
        host[colon - rest] = 0;
    }
    if (!host_ok(host, six)) {
        *why = six ? "not an IPv6 address" : "not a host name or IPv4 address";
        return -1;
    }
    snprintf(out, outlen, "%s:%u@%s", six ? "inet6" : "inet", port, host);
    return 0;
}

static int is_loopback(const char *host)
{
    struct in_addr a4;
    struct in6_addr a6;

    if (strcasecmp(host, "localhost") == 0 || strncasecmp(host, "localhost.", 10) == 0)
        return 1;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127 || a4.s_addr == 0;
    if (inet_pton(AF_INET6, host, &a6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&a6) || IN6_IS_ADDR_UNSPECIFIED(&a6);
    return 0;
}

int config_hostport(const char *s, char *host, size_t hostlen, unsigned *port)
{
    const char *colon;
    size_t hl;

    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return -1;
        hl = (size_t)(close - s - 1);
        if (hl >= hostlen)
            return -1;
        memcpy(host, s + 1, hl);
        host[hl] = 0;
        colon = close + 1;
        if (!host_ok(host, 1))
            return -1;
    } else {
        if (!(colon = strrchr(s, ':')) || colon != strchr(s, ':'))
            return -1;
        hl = (size_t)(colon - s);
        if (hl >= hostlen)
            return -1;
        memcpy(host, s, hl);
        host[hl] = 0;
        if (!host_ok(host, 0))
            return -1;
    }
    return port_ok(colon + 1, strlen(colon + 1), port) ? 0 : -1;
}

static int cidr_ok(const char *s)
{
    char addr[64];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    unsigned char buf[16];
    unsigned bits = 0, max;

    if (n >= sizeof(addr))
        return 0;
    memcpy(addr, s, n);
    addr[n] = 0;
    if (inet_pton(AF_INET, addr, buf) == 1)
        max = 32;
    else if (inet_pton(AF_INET6, addr, buf) == 1)
        max = 128;
    else
        return 0;
    if (!slash)
        return 1;
    if (!all_digits(slash + 1, strlen(slash + 1)) || strlen(slash + 1) > 3)
        return 0;
    bits = (unsigned)strtoul(slash + 1, NULL, 10);   /* 1-3 digits, checked above */
    return bits <= max;
}

__attribute__((format(printf, 5, 6)))
static int fail(const sg_config *c, int k, char *err, size_t errlen, const char *fmt, ...)
{
    char where[512];
    size_t n;
    va_list ap;

    config_where(c, k, where, sizeof(where));
    n = (size_t)snprintf(err, errlen, "%s: ", where);
    if (n >= errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - n, fmt, ap);
    va_end(ap);
    return -1;
}

static int check_socket(sg_config *c, char *err, size_t errlen)
{
    char norm[512], *dup;
    const char *why = NULL, *v = cfg_str(c, CFG_GENERAL_SOCKET);

    if (config_socket_normalize(v, norm, sizeof(norm), &why) < 0)
        return fail(c, CFG_GENERAL_SOCKET, err, errlen, "'%.200s': %s", v, why);
    if (strcmp(norm, v) != 0) {
        if (!(dup = sg_strdup(norm)))
            return fail(c, CFG_GENERAL_SOCKET, err, errlen, "%s", "out of memory");
        free(c->v[CFG_GENERAL_SOCKET].s);
        c->v[CFG_GENERAL_SOCKET].s = dup;
    }
    return 0;
}

static int check_socket_mode(const sg_config *c, char *err, size_t errlen)
{
    const char *v = cfg_str(c, CFG_GENERAL_SOCKET_MODE);
    size_t i, n = strlen(v);

    for (i = 0; i < n; i++)
        if (v[i] < '0' || v[i] > '7')
            break;
    if (n < 3 || n > 4 || i != n || (n == 4 && v[0] != '0'))
        return fail(c, CFG_GENERAL_SOCKET_MODE, err, errlen,
                    "'%.32s' is not an octal permission mode (e.g. 0660)", v);
    if (!(strtoul(v, NULL, 8) & 0600))
        return fail(c, CFG_GENERAL_SOCKET_MODE, err, errlen,
                    "'%.32s' gives the owner no access to the socket", v);
    return 0;
}

static int check_domains(const sg_config *c, char *err, size_t errlen)
{
    char *const *l = cfg_list(c, CFG_GENERAL_INTERNAL_DOMAINS);

    for (; l && *l; l++)
        if (!config_domain_ok(*l))
            return fail(c, CFG_GENERAL_INTERNAL_DOMAINS, err, errlen,
                        "'%.200s' is not a domain name (letters, digits, '-', dot-separated)",
                        *l);
    return 0;
}

static int check_networks(const sg_config *c, char *err, size_t errlen)
{
    static const int keys[] = { CFG_GENERAL_CLIENT_NETWORKS, CFG_HOLD_REPLY_NETWORKS };
    char *const *l;
    size_t k;

    for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        for (l = cfg_list(c, keys[k]); l && *l; l++)
            if (!cidr_ok(*l))
                return fail(c, keys[k], err, errlen,
                            "'%.64s' is not an address or network (192.0.2.0/24, 2001:db8::/32)",
                            *l);
    return 0;
}

static int check_release_address(const sg_config *c, char *err, size_t errlen)
{
    const char *v = cfg_str(c, CFG_HOLD_RELEASE_ADDRESS), *at = strrchr(v, '@');

    if (!at || at == v || strchr(v, '+') || strchr(v, ' ') || !config_domain_ok(at + 1))
        return fail(c, CFG_HOLD_RELEASE_ADDRESS, err, errlen,
                    "'%.200s' must be local@domain without '+' or spaces", v);
    return 0;
}

static int check_relay(const sg_config *c, char *err, size_t errlen)
{
    const char *v = cfg_str(c, CFG_HOLD_RELAY), *sock = cfg_str(c, CFG_GENERAL_SOCKET);
    char host[CHECK_MAX_HOST + 1];
    unsigned port, mport;

    if (config_hostport(v, host, sizeof(host), &port) < 0)
        return fail(c, CFG_HOLD_RELAY, err, errlen,
                    "'%.200s' must be HOST:PORT (e.g. 127.0.0.1:10026; [::1]:10026)", v);
    if (port == 25 && is_loopback(host))
        return fail(c, CFG_HOLD_RELAY, err, errlen, "'%.200s' is this host's port 25, the MTA "
                    "listener that runs the milter: released mail would be inspected and held "
                    "again. Use a listener without the milter (contrib/postfix/master.cf.snippet: "
                    "127.0.0.1:10026)", v);
    if (strncmp(sock, "inet", 4) == 0) {
        const char *at = strchr(sock, '@');
        mport = (unsigned)strtoul(strchr(sock, ':') + 1, NULL, 10);
        if (at && mport == port &&
            (strcasecmp(at + 1, host) == 0 || (is_loopback(at + 1) && is_loopback(host))))
            return fail(c, CFG_HOLD_RELAY, err, errlen, "'%.200s' is the milter's own listener "
                        "([general] socket = %.200s): it must be an MTA port without the milter",
                        v, sock);
    }
    return 0;
}

static int check_paths(const sg_config *c, char *err, size_t errlen)
{
    static const int keys[] = { CFG_GENERAL_STATE_DIR, CFG_SCAN_RULES_DIR, CFG_SCAN_LOCAL_RULES_DIR,
                                CFG_SCAN_CLAMAV_DB,
                                CFG_HOLD_SECRET_FILE, CFG_HOLD_TEMPLATES_DIR,
                                CFG_HOLD_APPROVERS_FILE };
    size_t i;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const char *v = cfg_str(c, keys[i]);
        if (*v && v[0] != '/')
            return fail(c, keys[i], err, errlen,
                        "'%.200s' must be an absolute path (the daemon runs in /)", v);
    }
    return 0;
}

int config_check_values(sg_config *c, char *err, size_t errlen)
{
    if (check_socket(c, err, errlen) < 0 || check_socket_mode(c, err, errlen) < 0 ||
        check_domains(c, err, errlen) < 0 || check_networks(c, err, errlen) < 0 ||
        check_release_address(c, err, errlen) < 0 || check_relay(c, err, errlen) < 0 ||
        check_paths(c, err, errlen) < 0)
        return -1;
    return 0;
}
