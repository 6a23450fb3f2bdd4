/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config - sendguard.conf: loading, checking, defaults and generated docs,
 * all driven by config_keys.def.
 *
 * A sg_config is immutable once loaded and is shared read-only between
 * threads; the milter pins one per connection (refcount in milter/).
 * Owner: the caller of config_load(); free with config_free().
 * Errors: config_load() returns NULL and writes "FILE:LINE: reason" to err.
 */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include <stdio.h>
#include <stddef.h>

enum cfg_type { T_STR, T_LIST, T_UINT, T_SIZE, T_DURATION, T_BOOL, T_ENUM };

enum cfg_key {
#define SG_KEY(id, sec, name, type, def, min, max, choices, doc) CFG_##id,
#include "config_keys.def"
#undef SG_KEY
    CFG__COUNT
};

struct cfg_key_info {
    const char *section;
    const char *name;
    enum cfg_type type;
    const char *def;
    unsigned long long min, max;
    const char *choices;
    const char *doc;
};

typedef struct cfg_value {
    char *s;                 /* the text value (always set; for T_LIST the raw text) */
    char **list;             /* T_LIST: NULL-terminated array of trimmed items */
    unsigned long long n;    /* numeric / ms / bool value */
} cfg_value;

typedef struct sg_config {
    char *path;              /* file it came from, NULL for built-in defaults */
    cfg_value v[CFG__COUNT];
    unsigned line[CFG__COUNT];   /* line of each key in path; 0 = not set there */
} sg_config;

extern const struct cfg_key_info cfg_keys[CFG__COUNT];

/* path NULL: defaults only. Returns NULL and fills err on error. */
sg_config *config_load(const char *path, char *err, size_t errlen);
/* Parses a config from memory (tests); name is used in error messages. */
sg_config *config_load_string(const char *text, const char *name, char *err, size_t errlen);
sg_config *config_free(sg_config *cfg);

static inline const char *cfg_str(const sg_config *c, enum cfg_key k) { return c->v[k].s; }
static inline char *const *cfg_list(const sg_config *c, enum cfg_key k) { return c->v[k].list; }
static inline unsigned long long cfg_num(const sg_config *c, enum cfg_key k) { return c->v[k].n; }

/* Finds a key by section and name; -1 if unknown. */
int config_find_key(const char *section, const char *name);
/* The action configured for a built-in rule id ("mynumber"); NULL if none. */
const char *config_rule_action(const sg_config *c, const char *rule_id);

/* "FILE:LINE: [section] key" (or "FILE: [section] key (default)") for
 * errors about key k found after loading (config_check.c, sendguard-milter -t). */
void config_where(const sg_config *c, int k, char *buf, size_t len);
/* Checks the values that need more than their type; 0 or -1 with err. */
int config_check_values(sg_config *c, char *err, size_t errlen);
/* A milter socket in either spelling -> libmilter's (unix:/P, inet:PORT@HOST,
 * inet6:PORT@HOST); -1 with *why for anything ambiguous. */
int config_socket_normalize(const char *in, char *out, size_t outlen, const char **why);
/* "host:port" or "[v6]:port" -> host, port; -1 when malformed. */
int config_hostport(const char *s, char *host, size_t hostlen, unsigned *port);
/* A domain name: dot-separated labels of letters, digits, '-'. */
int config_domain_ok(const char *d);

/* The annotated sample sendguard.conf (every key, its default, its doc),
 * with the FHS paths of a packaged install (the committed contrib/ copy). */
void config_write_sample(FILE *fp);
/* The same; canonical 0: this build's paths; sets: NULL-terminated
 * "section.key=value" strings written as active settings. -1: unknown key. */
int config_write_sample_as(FILE *fp, int canonical, char *const *sets);
/* The current values, as an INI file (sendguard-milter -d with -c). */
void config_write_current(const sg_config *c, FILE *fp);
/* The PARAMETERS section of sendguard.conf(5), in man(7) roff. */
void config_write_man(FILE *fp);

#endif
