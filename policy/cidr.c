/*
 * cidr - client networks in CIDR notation (IPv4 "192.0.2.0/24", IPv6
 * "2001:db8::/32"; a bare address is a /32 or /128), parsed once by
 * policy_new() with inet_pton, and matched against the client address the
 * MTA gives ({client_addr}, possibly "IPv6:..." or "[...]").
 *
 * No allocation. Errors: cidr_parse() returns -1 for anything that is not a
 * valid address/prefix (the caller reports it as a config error).
 */
#include "build-config.h"
#include "policy_priv.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <strings.h>

#define CIDR_TEXT_MAX 64   /* longest address text accepted (IPv6 max is 45) */

/* Copies an address text without brackets / "IPv6:" prefix into buf. */
static int addr_text(const char *s, size_t len, char *buf, size_t buflen)
{
    if (len >= 5 && strncasecmp(s, "IPv6:", 5) == 0) {
        s += 5;
        len -= 5;
    }
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        s++;
        len -= 2;
    }
    if (len == 0 || len >= buflen)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return 0;
}

static int parse_addr(const char *text, size_t len, int *family, unsigned char *addr)
{
    char buf[CIDR_TEXT_MAX];

    if (addr_text(text, len, buf, sizeof(buf)) < 0)
        return -1;
    if (inet_pton(AF_INET, buf, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, buf, addr) == 1) {
        *family = AF_INET6;
        return 0;
    }
    return -1;
}

int cidr_parse(const char *text, cidr *out)
{
    const char *slash = strchr(text, '/');
    size_t alen = slash ? (size_t)(slash - text) : strlen(text);
    unsigned maxp;

    memset(out, 0, sizeof(*out));
    if (parse_addr(text, alen, &out->family, out->addr) < 0)
        return -1;
    maxp = out->family == AF_INET ? 32 : 128;
    out->prefix = maxp;
    if (slash) {
        const char *p = slash + 1;
        unsigned v = 0;
        if (!*p || strlen(p) > 3)
            return -1;
        for (; *p; p++) {
            if (*p < '0' || *p > '9')
                return -1;
            v = v * 10 + (unsigned)(*p - '0');
        }
        if (v > maxp)
            return -1;
        out->prefix = v;
    }
    return 0;
}

static int prefix_equal(const unsigned char *a, const unsigned char *b, unsigned prefix)
{
    unsigned full = prefix / 8, rest = prefix % 8;

    if (memcmp(a, b, full) != 0)
        return 0;
    if (rest) {
        unsigned char mask = (unsigned char)(0xFFu << (8 - rest));
        return (a[full] & mask) == (b[full] & mask);
    }
    return 1;
}

int cidr_match(const cidr *c, const char *ip)
{
    unsigned char addr[16];
    int family;

    if (!ip || parse_addr(ip, strlen(ip), &family, addr) < 0)
        return 0;
    if (family == AF_INET6 && c->family == AF_INET) {
        /* IPv4-mapped IPv6 (::ffff:192.0.2.1) matches an IPv4 network */
        static const unsigned char mapped[12] = {0,0,0,0,0,0,0,0,0,0,0xff,0xff};
        if (memcmp(addr, mapped, 12) != 0)
            return 0;
        memmove(addr, addr + 12, 4);
        family = AF_INET;
    }
    return family == c->family && prefix_equal(addr, c->addr, c->prefix);
}

int policy_client_in_networks(char *const *networks, const char *ip)
{
    cidr c;
    size_t i;

    for (i = 0; ip && *ip && networks && networks[i]; i++)
        if (*networks[i] && cidr_parse(networks[i], &c) == 0 && cidr_match(&c, ip))
            return 1;
    return 0;
}
