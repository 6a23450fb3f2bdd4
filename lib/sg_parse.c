/*
 * sg_parse - strict value parsers; see sg_parse.h.
 */
#include "sg_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sg_parse_ulong(const char *s, unsigned long long *out, const char **why)
{
    char *end;
    unsigned long long v;

    if (!s || !isdigit((unsigned char)*s)) {
        *why = "not a number";
        return -1;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end) {
        *why = errno ? "number out of range" : "trailing characters after number";
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_scaled(const char *s, unsigned long long *out, const char **why,
                        const char *const *units, const unsigned long long *mult)
{
    char *end;
    unsigned long long v;
    size_t i;

    if (!s || !isdigit((unsigned char)*s)) {
        *why = "not a number";
        return -1;
    }
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno) {
        *why = "number out of range";
        return -1;
    }
    for (i = 0; units[i]; i++) {
        if (strcmp(end, units[i]) == 0) {
            if (mult[i] && v > (unsigned long long)-1 / mult[i]) {
                *why = "number out of range";
                return -1;
            }
            *out = v * mult[i];
            return 0;
        }
    }
    *why = "unknown unit";
    return -1;
}

int sg_parse_size(const char *s, unsigned long long *out, const char **why)
{
    static const char *const units[] = {"", "b", "B", "k", "K", "m", "M", "g", "G", NULL};
    static const unsigned long long mult[] = {1, 1, 1, 1024, 1024, 1048576, 1048576,
                                              1073741824ULL, 1073741824ULL};
    return parse_scaled(s, out, why, units, mult);
}

int sg_parse_duration_ms(const char *s, unsigned long long *out, const char **why)
{
    static const char *const units[] = {"", "ms", "s", "m", "h", "d", "w", NULL};
    static const unsigned long long mult[] = {1000, 1, 1000, 60000, 3600000, 86400000ULL,
                                              604800000ULL};
    return parse_scaled(s, out, why, units, mult);
}

int sg_parse_bool(const char *s, int *out, const char **why)
{
    static const char *const yes[] = {"yes", "true", "on", "1", NULL};
    static const char *const no[] = {"no", "false", "off", "0", NULL};
    size_t i;

    for (i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
    for (i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    *why = "expected yes or no";
    return -1;
}

char *sg_trim(char *s)
{
    char *e;

    while (*s && isspace((unsigned char)*s))
        memmove(s, s + 1, strlen(s));
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

char *sg_lower(char *s)
{
    char *p;

    for (p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

int sg_parse_dburi(const char *uri)
{
    const char *p;

    if (!uri)
        return -1;
    if (strncmp(uri, "sqlite:", 7) == 0)
        return uri[7] ? 0 : -1;
    if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0)
        return 1;
    /* a libpq keyword string: "host=... dbname=..." */
    for (p = uri; *p == ' '; p++)
        ;
    if (!(*p >= 'a' && *p <= 'z'))
        return -1;
    while ((*p >= 'a' && *p <= 'z') || *p == '_')
        p++;
    while (*p == ' ')
        p++;
    return *p == '=' ? 1 : -1;
}
