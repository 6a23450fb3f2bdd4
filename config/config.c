/*
 * config - sendguard.conf loader and generated documentation; see config.h.
 *
 * Format: INI. '#' or ';' starts a comment line; [section]; key = value.
 * Comments go on lines of their own: a '#' in a value is an error (an
 * end-of-line comment would otherwise become part of the value).
 * Unknown sections and keys, bad values and duplicate keys are errors that
 * name FILE:LINE. Values are checked against the key table: type, bounds,
 * enumerated choices; then config_check.c checks what needs more (socket,
 * relay, domains, paths).
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"
#include "sg_parse.h"
#include "sg_limits.h"
#include "sg_parse.h"

const char *config_rule_action(const sg_config *c, const char *rule_id)
{
    int k = config_find_key("actions", rule_id);

    return k < 0 ? NULL : c->v[k].s;
}

static void free_list(char **l)
{
    char **p;

    if (!l)
        return;
    for (p = l; *p; p++)
        free(*p);
    free(l);
}

static char **split_list(const char *s)
{
    size_t n = 1, i = 0;
    const char *p;
    char **out, *copy, *tok, *save = NULL;

    for (p = s; *p; p++)
        if (*p == ',')
            n++;
    out = sg_calloc(n + 1, sizeof(*out));
    copy = sg_strdup(s);
    if (!out || !copy) {
        free(out);
        free(copy);
        return NULL;
    }
    for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        sg_trim(tok);
        if (*tok && !(out[i++] = sg_strdup(tok))) {
            /* out of memory: no list rather than a shorter one */
            while (i > 0)
                free(out[--i]);
            free(out);
            out = NULL;
            break;
        }
    }
    free(copy);
    return out;
}

static int enum_ok(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    const char *p = choices;

    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == vl && strncmp(p, v, l) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

/* Sets key k to text v, checking it. Returns 0 or -1 with *why. */
static int set_value(sg_config *c, int k, const char *v, const char **why)
{
    const struct cfg_key_info *ki = &cfg_keys[k];
    cfg_value nv = {0};
    int b;

    switch (ki->type) {
    case T_STR:
        break;
    case T_LIST:
        if (!(nv.list = split_list(v))) {
            *why = "out of memory";
            return -1;
        }
        break;
    case T_UINT:
        if (sg_parse_ulong(v, &nv.n, why) < 0)
            return -1;
        break;
    case T_SIZE:
        if (sg_parse_size(v, &nv.n, why) < 0)
            return -1;
        break;
    case T_DURATION:
        if (sg_parse_duration_ms(v, &nv.n, why) < 0)
            return -1;
        break;
    case T_BOOL:
        if (sg_parse_bool(v, &b, why) < 0)
            return -1;
        nv.n = (unsigned long long)b;
        break;
    case T_ENUM:
        if (!enum_ok(ki->choices, v)) {
            static __thread char msg[256];
            snprintf(msg, sizeof(msg), "expected one of %s", ki->choices);
            *why = msg;
            return -1;
        }
        break;
    }
    if ((ki->type == T_UINT || ki->type == T_SIZE || ki->type == T_DURATION) &&
        ((ki->min && nv.n < ki->min) || (ki->max && nv.n > ki->max))) {
        static __thread char msg[256];
        snprintf(msg, sizeof(msg), "out of range (%llu..%llu%s)", ki->min, ki->max,
                 ki->type == T_DURATION ? " ms" : ki->type == T_SIZE ? " bytes" : "");
        if (!ki->max)
            snprintf(msg, sizeof(msg), "below the minimum %llu%s", ki->min,
                     ki->type == T_DURATION ? " ms" : ki->type == T_SIZE ? " bytes" : "");
        *why = msg;
        free_list(nv.list);
        return -1;
    }
    if (!(nv.s = sg_strdup(v))) {
        free_list(nv.list);
        *why = "out of memory";
        return -1;
    }
    free(c->v[k].s);
    free_list(c->v[k].list);
    c->v[k] = nv;
    return 0;
}

sg_config *config_free(sg_config *c)
{
    int i;

    if (!c)
        return NULL;
    for (i = 0; i < CFG__COUNT; i++) {
        free(c->v[i].s);
        free_list(c->v[i].list);
    }
    free(c->path);
    free(c);
    return NULL;
}

static sg_config *config_defaults(char *err, size_t errlen)
{
    sg_config *c = sg_calloc(1, sizeof(*c));
    const char *why = NULL;
    int i;

    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (i = 0; i < CFG__COUNT; i++)
        if (set_value(c, i, cfg_keys[i].def, &why) < 0)
            {
                snprintf(err, errlen, "built-in default of [%s] %s: %s", cfg_keys[i].section,
                         cfg_keys[i].name, why);
                return config_free(c);
            }
    return c;
}

static int derive(sg_config *c, char *err, size_t errlen)
{
    char path[4096];
    const char *why = NULL;
    const char *sd = cfg_str(c, CFG_GENERAL_STATE_DIR);

    if (!*cfg_str(c, CFG_RECORD_DATABASE)) {
        snprintf(path, sizeof(path), "sqlite:%s/sendguard.db", sd);
        if (set_value(c, CFG_RECORD_DATABASE, path, &why) < 0)
            goto fail;
    }
    if (!*cfg_str(c, CFG_HOLD_SECRET_FILE)) {
        snprintf(path, sizeof(path), "%s/release.key", sd);
        if (set_value(c, CFG_HOLD_SECRET_FILE, path, &why) < 0)
            goto fail;
    }
    if (sg_parse_dburi(cfg_str(c, CFG_RECORD_DATABASE)) < 0) {
        snprintf(err, errlen, "%s: [record] database: not sqlite:PATH, postgresql://... or a "
                 "libpq keyword string", c->path ? c->path : "(defaults)");
        return -1;
    }
    return 0;
fail:
    snprintf(err, errlen, "%s", why);
    return -1;
}

static sg_config *parse_text(sg_config *c, const char *text, const char *name, char *err,
                             size_t errlen)
{
    char section[64] = "";
    char seen[CFG__COUNT] = {0};
    const char *p = text, *nl;
    unsigned lineno = 0;
    char line[SG_MAX_LINE];

    while (*p) {
        size_t l;
        char *s, *eq, *key, *val;
        const char *why = NULL;
        int k;

        nl = strchr(p, '\n');
        l = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (l >= sizeof(line)) {
            snprintf(err, errlen, "%s:%u: line too long", name, lineno);
            return config_free(c);
        }
        memcpy(line, p, l);
        line[l] = 0;
        p = nl ? nl + 1 : p + l;
        s = sg_trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *e = strchr(s, ']');
            if (!e || e[1] || e - s - 1 >= (long)sizeof(section) || e == s + 1) {
                snprintf(err, errlen, "%s:%u: bad section header", name, lineno);
                return config_free(c);
            }
            *e = 0;
            snprintf(section, sizeof(section), "%s", sg_trim(s + 1));
            for (k = 0; k < CFG__COUNT; k++)
                if (strcmp(cfg_keys[k].section, section) == 0)
                    break;
            if (k == CFG__COUNT) {
                snprintf(err, errlen, "%s:%u: unknown section [%s]", name, lineno, section);
                return config_free(c);
            }
            continue;
        }
        if (!(eq = strchr(s, '='))) {
            snprintf(err, errlen, "%s:%u: expected key = value", name, lineno);
            return config_free(c);
        }
        *eq = 0;
        key = sg_trim(s);
        val = sg_trim(eq + 1);
        if (!*section) {
            snprintf(err, errlen, "%s:%u: key '%s' outside of a [section]", name, lineno, key);
            return config_free(c);
        }
        if ((k = config_find_key(section, key)) < 0) {
            snprintf(err, errlen, "%s:%u: unknown key '%s' in [%s]", name, lineno, key, section);
            return config_free(c);
        }
        if (seen[k]) {
            snprintf(err, errlen, "%s:%u: duplicate key '%s' in [%s]", name, lineno, key, section);
            return config_free(c);
        }
        seen[k] = 1;
        c->line[k] = lineno;
        if (strchr(val, '#')) {
            snprintf(err, errlen, "%s:%u: [%s] %s: '#' in the value: comments go on a line of "
                     "their own", name, lineno, section, key);
            return config_free(c);
        }
        if (set_value(c, k, val, &why) < 0) {
            snprintf(err, errlen, "%s:%u: [%s] %s = %s: %s", name, lineno, section, key, val, why);
            return config_free(c);
        }
    }
    if (derive(c, err, errlen) < 0 || config_check_values(c, err, errlen) < 0)
        return config_free(c);
    return c;
}

sg_config *config_load_string(const char *text, const char *name, char *err, size_t errlen)
{
    sg_config *c = config_defaults(err, errlen);

    if (!c)
        return NULL;
    if (name && !(c->path = sg_strdup(name)))
        return config_free(c);
    return parse_text(c, text, name ? name : "(string)", err, errlen);
}

sg_config *config_load(const char *path, char *err, size_t errlen)
{
    FILE *fp;
    sg_buf b;
    char chunk[8192];
    size_t n;
    sg_config *c;

    if (!path) {
        c = config_defaults(err, errlen);
        if (c && derive(c, err, errlen) < 0)
            return config_free(c);
        return c;
    }
    if (!(fp = fopen(path, "r"))) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    sg_buf_init(&b, 4UL * 1024 * 1024);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        if (sg_buf_append(&b, chunk, n) != SG_BUF_OK) {
            snprintf(err, errlen, "%s: file too large", path);
            fclose(fp);
            sg_buf_free(&b);
            return NULL;
        }
    if (ferror(fp)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        fclose(fp);
        sg_buf_free(&b);
        return NULL;
    }
    fclose(fp);
    if (memchr(sg_buf_str(&b), 0, b.len)) {
        snprintf(err, errlen, "%s: contains a NUL byte", path);
        sg_buf_free(&b);
        return NULL;
    }
    c = config_load_string(sg_buf_str(&b), path, err, errlen);
    sg_buf_free(&b);
    return c;
}

/* Wraps doc text at ~76 columns behind "# ". */
static void write_comment(FILE *fp, const char *text)
{
    const char *p = text;

    while (*p) {
        const char *end = p, *brk = NULL;
        size_t col = 0;
        while (*end && col < 74) {
            if (*end == ' ')
                brk = end;
            /* count UTF-8 lead bytes only */
            if (((unsigned char)*end & 0xc0) != 0x80)
                col += ((unsigned char)*end >= 0xe0) ? 2 : 1;
            end++;
        }
        if (*end && brk)
            end = brk;
        fprintf(fp, "# %.*s\n", (int)(end - p), p);
        p = end;
        while (*p == ' ')
            p++;
    }
}

static const char *type_name(const struct cfg_key_info *ki)
{
    switch (ki->type) {
    case T_STR: return "string";
    case T_LIST: return "list";
    case T_UINT: return "number";
    case T_SIZE: return "size";
    case T_DURATION: return "duration";
    case T_BOOL: return "yes|no";
    case T_ENUM: return ki->choices;
    }
    return "?";
}

/* The committed contrib/sendguard.conf shows the FHS paths of a packaged
 * install, whatever --prefix this build has, so that it compares equal on
 * every build (t-config); the installed sample shows this build's paths. */
static const char *sample_default(int i, int canonical)
{
    static const char *const canon[][2] = {
        { SG_DEFAULT_STATE_DIR, "/var/lib/sendguard" },
        { SG_DEFAULT_RULES_DIR, "/usr/share/sendguard/rules" },
        { SG_DEFAULT_SOCKET, "unix:/run/sendguard/milter.sock" },
        { SG_DEFAULT_LOCAL_RULES_DIR, "/etc/sendguard/rules.d" },
    };
    size_t j;

    for (j = 0; canonical && j < sizeof(canon) / sizeof(canon[0]); j++)
        if (strcmp(cfg_keys[i].def, canon[j][0]) == 0)
            return canon[j][1];
    return cfg_keys[i].def;
}

int config_write_sample_as(FILE *fp, int canonical, char *const *sets)
{
    const char *sec = "";
    int i;
    size_t j, nsets = 0;

    for (; sets && sets[nsets]; nsets++) {
        const char *dot = strchr(sets[nsets], '.'), *eq = strchr(sets[nsets], '=');
        char section[64], name[64];
        if (!dot || !eq || eq < dot || (size_t)(dot - sets[nsets]) >= sizeof(section) ||
            (size_t)(eq - dot - 1) >= sizeof(name))
            return -1;
        snprintf(section, sizeof(section), "%.*s", (int)(dot - sets[nsets]), sets[nsets]);
        snprintf(name, sizeof(name), "%.*s", (int)(eq - dot - 1), dot + 1);
        if (config_find_key(section, name) < 0)
            return -1;
    }
    fprintf(fp, "# sendguard.conf - sendguard configuration (see sendguard.conf(5)).\n"
                "# Generated from config/config_keys.def: every key with its default.\n"
                "# Sizes take k/M/G, durations ms/s/m/h/d/w. Comments go on lines of\n"
                "# their own: a '#' after a value is an error.\n");
    for (i = 0; i < CFG__COUNT; i++) {
        const char *set = NULL;
        size_t sl = strlen(cfg_keys[i].section), nl = strlen(cfg_keys[i].name);
        if (strcmp(sec, cfg_keys[i].section) != 0) {
            sec = cfg_keys[i].section;
            fprintf(fp, "\n[%s]\n", sec);
        }
        for (j = 0; j < nsets; j++)
            if (strncmp(sets[j], cfg_keys[i].section, sl) == 0 && sets[j][sl] == '.' &&
                strncmp(sets[j] + sl + 1, cfg_keys[i].name, nl) == 0 && sets[j][sl + 1 + nl] == '=')
                set = sets[j] + sl + 2 + nl;
        fprintf(fp, "\n");
        write_comment(fp, cfg_keys[i].doc);
        fprintf(fp, "# (%s)\n", type_name(&cfg_keys[i]));
        if (set)
            fprintf(fp, "%s = %s\n", cfg_keys[i].name, set);
        else
            fprintf(fp, "#%s = %s\n", cfg_keys[i].name, sample_default(i, canonical));
    }
    return 0;
}

void config_write_sample(FILE *fp)
{
    config_write_sample_as(fp, 1, NULL);
}

void config_write_current(const sg_config *c, FILE *fp)
{
    const char *sec = "";
    int i;

    fprintf(fp, "# effective configuration%s%s\n", c->path ? " of " : "", c->path ? c->path : "");
    for (i = 0; i < CFG__COUNT; i++) {
        if (strcmp(sec, cfg_keys[i].section) != 0) {
            sec = cfg_keys[i].section;
            fprintf(fp, "\n[%s]\n", sec);
        }
        fprintf(fp, "%s = %s\n", cfg_keys[i].name, c->v[i].s);
    }
}

static void man_escape(FILE *fp, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", fp);
        else if (*s == '-')
            fputs("\\-", fp);
        else
            fputc(*s, fp);
    }
}

void config_write_man(FILE *fp)
{
    const char *sec = "";
    int i;

    for (i = 0; i < CFG__COUNT; i++) {
        if (strcmp(sec, cfg_keys[i].section) != 0) {
            sec = cfg_keys[i].section;
            fprintf(fp, ".SS [%s]\n", sec);
        }
        fprintf(fp, ".TP\n.BR ");
        man_escape(fp, cfg_keys[i].name);
        fprintf(fp, " \" (%s, default: ", type_name(&cfg_keys[i]));
        man_escape(fp, *cfg_keys[i].def ? cfg_keys[i].def : "empty");
        fprintf(fp, ")\"\n");
        man_escape(fp, cfg_keys[i].doc);
        fprintf(fp, "\n");
    }
}
