/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rules_engine - admin rules: loading *.rules files, compiling them with
 * PCRE2 (JIT), matching them on text units. See rules_engine.h for the
 * interface, sendguard-rules(5) for the file format and
 * doc/internals/rules.md for the design choices.
 *
 * Owns: the rules_set (rules, compiled codes, one shared match context)
 * and ctx->rules (per-message counts, freed by rules_end_message).
 * Limits: RULES_MAX_* (rules_engine.h), SG_MAX_LINE per line.
 * Errors: load errors are "FILE:LINE: reason"; a match error (a match,
 * depth, heap or JIT stack limit) stops that rule on that unit and records
 * SG_LIMIT_TIMEOUT with scan_limit().
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules_engine.h"
#include "sg_alloc.h"
#include "sg_vec.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "findings.h"
#include "sg_limits.h"
#include "sg_parse.h"

typedef struct rule {
    char *id;
    char *file;            /* display path of the rules file */
    unsigned line;         /* line of the [rule ID] header */
    char *pattern;         /* pattern source (NULL for keyword rules) */
    char *kwfile;          /* keyword list path relative to rules_dir */
    char **keywords;       /* NULL-terminated, longest first */
    size_t nkeywords;
    unsigned scope;
    unsigned min_count;
    sg_confidence confidence;
    char *action;
    char *message;
    pcre2_code *code;
    unsigned seen;         /* KEY_* bits given */
} rule;

struct rules_set {
    rule *r;
    size_t n, alloc;
    uint32_t max_pairs;    /* largest ovector any rule needs */
    pcre2_match_context *mctx;
};

struct rules_state {
    size_t n;
    unsigned counts[];     /* matches so far of rules that have not fired */
};

typedef struct rules_hit {
    size_t start, end;
    long kw;               /* keyword index, -1 for pattern rules */
} rules_hit;

/* keys of a rule section */
enum { KEY_PATTERN = 1, KEY_KEYWORDS = 2, KEY_SCOPE = 4, KEY_MIN_COUNT = 8,
       KEY_CONFIDENCE = 16, KEY_ACTION = 32, KEY_MESSAGE = 64 };

static const struct { const char *name; unsigned bit; } rules_keys[] = {
    { "pattern", KEY_PATTERN }, { "keywords", KEY_KEYWORDS }, { "scope", KEY_SCOPE },
    { "min_count", KEY_MIN_COUNT }, { "confidence", KEY_CONFIDENCE },
    { "action", KEY_ACTION }, { "message", KEY_MESSAGE },
};

static const struct { const char *name; unsigned bit; } rules_scopes[] = {
    { "subject", RULES_SCOPE_SUBJECT }, { "body", RULES_SCOPE_BODY },
    { "attachment-names", RULES_SCOPE_ATT_NAMES }, { "attachment-text", RULES_SCOPE_ATT_TEXT },
};

static const char *const rules_builtin_ids[] = {
    "bulk-external", "attachment-unencrypted", "mynumber", "personal-data",
    "sensitive-personal", "credit-card", "private-forward", "private-address",
    "lookalike-domain", "first-time-domain", "classification-label",
    "dangerous-attachment", "virus", "password-in-body", "oversize", "unscannable",
    "corporate-number",
};

static const char *const rules_actions[] = { "pass", "hold", "hold-approver", "bcc", "reject" };
static const char *const rules_conf_names[] = { "low", "medium", "high" };

/* loader context: where we are, for error messages */
typedef struct rules_loader {
    struct rules_set *rs;
    const char *dir;
    size_t shipped;        /* rules loaded from rules_dir (local ones may replace them) */
    int local;             /* loading local_rules_dir */
    const char *file;      /* display path */
    unsigned line;
    char *err;
    size_t errlen;
} rules_loader;

__attribute__((format(printf, 2, 3)))
static int ldr_fail(rules_loader *l, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (l->err && l->errlen)
        snprintf(l->err, l->errlen, "%s:%u: %s", l->file, l->line, msg);
    return -1;
}

static void rule_clear(rule *r)
{
    size_t i;

    free(r->id);
    free(r->file);
    free(r->pattern);
    free(r->kwfile);
    for (i = 0; i < r->nkeywords; i++)
        free(r->keywords[i]);
    free(r->keywords);
    free(r->action);
    free(r->message);
    pcre2_code_free(r->code);
    memset(r, 0, sizeof(*r));
}

void rules_free(struct rules_set *rs)
{
    size_t i;

    if (!rs)
        return;
    for (i = 0; i < rs->n; i++)
        rule_clear(&rs->r[i]);
    free(rs->r);
    pcre2_match_context_free(rs->mctx);
    free(rs);
}

size_t rules_count(const struct rules_set *rs)
{
    return rs ? rs->n : 0;
}

const char *rules_scope_names(unsigned scope, char *buf, size_t len)
{
    size_t i, used = 0;

    if (!len)
        return buf;
    buf[0] = 0;
    for (i = 0; i < G_N_ELEMENTS(rules_scopes); i++) {
        if (!(scope & rules_scopes[i].bit))
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", rules_scopes[i].name);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

/* ---- compiling ----------------------------------------------------------- */

static int rules_compile(rules_loader *l, rule *r, const char *src, uint32_t extra,
                         const char *what)
{
    int ec;
    PCRE2_SIZE eo;
    size_t minlen = 0;
    uint32_t caps = 0;
    PCRE2_UCHAR msg[256];

    r->code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
                            PCRE2_NEVER_BACKSLASH_C | extra, &ec, &eo, NULL);
    if (!r->code) {
        pcre2_get_error_message(ec, msg, sizeof(msg));
        return ldr_fail(l, "%s: PCRE2 error at offset %zu: %s", what, (size_t)eo, (char *)msg);
    }
    if (pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &minlen) == 0 && minlen == 0)
        return ldr_fail(l, "%s: pattern can match the empty string", what);
    if (pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &caps) == 0 &&
        caps + 1 > l->rs->max_pairs)
        l->rs->max_pairs = caps + 1;
    /* No JIT (e.g. no executable memory): the interpreter still works. */
    (void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    return 0;
}

/* ---- keyword lists ------------------------------------------------------- */

static int kw_cmp(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

static int kw_path_ok(const char *p)
{
    const char *s;

    if (!*p || p[0] == '/')
        return 0;
    for (s = p; (s = strstr(s, "..")) != NULL; s += 2)
        if ((s == p || s[-1] == '/') && (s[2] == 0 || s[2] == '/'))
            return 0;
    return 1;
}

/* One keyword line: trimmed, checked, appended to r->keywords. */
static int kw_add(rules_loader *kl, rule *r, char *line)
{
    char **nk;
    const char *p;

    for (p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return ldr_fail(kl, "keyword contains a control character");
    if (!g_utf8_validate(line, -1, NULL))
        return ldr_fail(kl, "keyword is not valid UTF-8");
    if (strlen(line) > RULES_MAX_KEYWORD_BYTES)
        return ldr_fail(kl, "keyword longer than %d bytes", RULES_MAX_KEYWORD_BYTES);
    if (r->nkeywords >= RULES_MAX_KEYWORDS)
        return ldr_fail(kl, "more than %d keywords", RULES_MAX_KEYWORDS);
    nk = sg_realloc(r->keywords, (r->nkeywords + 2) * sizeof(*nk));
    if (!nk)
        return ldr_fail(kl, "out of memory");
    r->keywords = nk;
    if (!(nk[r->nkeywords] = sg_strdup(line)))
        return ldr_fail(kl, "out of memory");
    nk[++r->nkeywords] = NULL;
    return 0;
}

static int kw_read(rules_loader *l, rule *r, const char *path)
{
    char *full = g_build_filename(l->dir, path, NULL);
    rules_loader kl = *l;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    FILE *fp;

    if (!(fp = fopen(full, "r"))) {
        rc = ldr_fail(l, "keywords: cannot open '%s': %s", path, strerror(errno));
        g_free(full);
        return rc;
    }
    kl.file = full;
    kl.line = 0;
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
        kl.line++;
        if ((size_t)n > SG_MAX_LINE) {
            rc = ldr_fail(&kl, "line longer than %d bytes", SG_MAX_LINE);
            break;
        }
        char *s = line;
        if (kl.line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        s = sg_trim(s);
        if (*s && *s != '#')
            rc = kw_add(&kl, r, s);
    }
    free(line);
    fclose(fp);
    if (rc == 0 && r->nkeywords == 0)
        rc = ldr_fail(l, "keywords: '%s' has no keywords", path);
    g_free(full);
    return rc;
}

static int is_word_byte(unsigned char c)
{
    return g_ascii_isalnum(c) || c == '_';
}

/* One alternation of literal keywords, each tagged with (*MARK:index) so a
 * match tells which keyword it was; ASCII-word keywords get word edges. */
static char *kw_pattern(const rule *r)
{
    GString *p = g_string_new("(?:");
    size_t i;
    const char *s;

    for (i = 0; i < r->nkeywords; i++) {
        const char *kw = r->keywords[i];
        size_t len = strlen(kw);
        if (i)
            g_string_append_c(p, '|');
        if (is_word_byte((unsigned char)kw[0]))
            g_string_append(p, "(?<![\\p{L}\\p{N}_])");
        for (s = kw; *s; s++) {
            if ((unsigned char)*s < 0x80 && !g_ascii_isalnum(*s))
                g_string_append_c(p, '\\');
            g_string_append_c(p, *s);
        }
        if (is_word_byte((unsigned char)kw[len - 1]))
            g_string_append(p, "(?![\\p{L}\\p{N}_])");
        g_string_append_printf(p, "(*MARK:%zu)", i);
    }
    g_string_append_c(p, ')');
    return g_string_free(p, FALSE);
}

static int kw_load(rules_loader *l, rule *r, const char *value)
{
    char *src;
    int rc;

    if (!kw_path_ok(value))
        return ldr_fail(l, "keywords: '%s' must be a path relative to the rules directory", value);
    if (!(r->kwfile = sg_strdup(value)))
        return ldr_fail(l, "out of memory");
    if (kw_read(l, r, value) < 0)
        return -1;
    qsort(r->keywords, r->nkeywords, sizeof(*r->keywords), kw_cmp);
    src = kw_pattern(r);
    rc = rules_compile(l, r, src, PCRE2_CASELESS, "keywords");
    g_free(src);
    return rc;
}

/* ---- keys ---------------------------------------------------------------- */

static int parse_scope(rules_loader *l, rule *r, const char *value)
{
    char **items = g_strsplit(value, ",", -1);
    size_t i, j;
    int rc = 0;

    r->scope = 0;
    for (i = 0; rc == 0 && items[i]; i++) {
        char *it = sg_trim(items[i]);
        if (strcmp(it, "all") == 0) {
            r->scope |= RULES_SCOPE_ALL;
            continue;
        }
        for (j = 0; j < G_N_ELEMENTS(rules_scopes); j++)
            if (strcmp(it, rules_scopes[j].name) == 0)
                break;
        if (j == G_N_ELEMENTS(rules_scopes))
            rc = ldr_fail(l, "scope: unknown scope '%s' (subject, body, attachment-names, "
                          "attachment-text, all)", it);
        else
            r->scope |= rules_scopes[j].bit;
    }
    g_strfreev(items);
    if (rc == 0 && !r->scope)
        rc = ldr_fail(l, "scope: empty");
    return rc;
}

static int parse_word(rules_loader *l, const char *key, const char *value,
                      const char *const *words, size_t nwords, size_t *out)
{
    size_t i;

    for (i = 0; i < nwords; i++)
        if (strcmp(value, words[i]) == 0) {
            *out = i;
            return 0;
        }
    return ldr_fail(l, "%s: unknown value '%s'", key, value);
}

static int set_text(rules_loader *l, char **dst, const char *value)
{
    const char *p;

    if (strlen(value) > RULES_MAX_MESSAGE)
        return ldr_fail(l, "message: longer than %d bytes", RULES_MAX_MESSAGE);
    for (p = value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return ldr_fail(l, "message: contains a control character");
    if (!(*dst = sg_strdup(value)))
        return ldr_fail(l, "out of memory");
    return 0;
}

static int set_key(rules_loader *l, rule *r, unsigned key, const char *value)
{
    unsigned long long n;
    const char *why = NULL;
    size_t w = 0;

    switch (key) {
    case KEY_PATTERN:
        if (!*value)
            return ldr_fail(l, "pattern: empty");
        if (!(r->pattern = sg_strdup(value)))
            return ldr_fail(l, "out of memory");
        return rules_compile(l, r, value, 0, "pattern");
    case KEY_KEYWORDS:
        return kw_load(l, r, value);
    case KEY_SCOPE:
        return parse_scope(l, r, value);
    case KEY_MIN_COUNT:
        if (sg_parse_ulong(value, &n, &why) < 0 || n < 1 || n > RULES_MAX_MIN_COUNT)
            return ldr_fail(l, "min_count: '%s' is not a number from 1 to %d", value,
                            RULES_MAX_MIN_COUNT);
        r->min_count = (unsigned)n;
        return 0;
    case KEY_CONFIDENCE:
        if (parse_word(l, "confidence", value, rules_conf_names, 3, &w) < 0)
            return -1;
        r->confidence = (sg_confidence)w;
        return 0;
    case KEY_ACTION:
        if (parse_word(l, "action", value, rules_actions, G_N_ELEMENTS(rules_actions), &w) < 0)
            return -1;
        free(r->action);
        return (r->action = sg_strdup(rules_actions[w])) ? 0 : ldr_fail(l, "out of memory");
    case KEY_MESSAGE:
        return set_text(l, &r->message, value);
    }
    return ldr_fail(l, "internal: key %u", key);
}

static int rule_key(rules_loader *l, rule *r, char *line)
{
    char *eq = strchr(line, '=');
    char *key, *value;
    size_t i;

    if (!r)
        return ldr_fail(l, "key outside a [rule ID] section");
    if (!eq)
        return ldr_fail(l, "expected 'key = value'");
    *eq = 0;
    key = sg_trim(line);
    value = sg_trim(eq + 1);
    for (i = 0; i < G_N_ELEMENTS(rules_keys); i++)
        if (strcmp(key, rules_keys[i].name) == 0)
            break;
    if (i == G_N_ELEMENTS(rules_keys))
        return ldr_fail(l, "unknown key '%s'", key);
    if (r->seen & rules_keys[i].bit)
        return ldr_fail(l, "duplicate key '%s' in rule '%s'", key, r->id);
    if ((rules_keys[i].bit & (KEY_PATTERN | KEY_KEYWORDS)) &&
        (r->seen & (KEY_PATTERN | KEY_KEYWORDS)))
        return ldr_fail(l, "rule '%s' has both pattern and keywords", r->id);
    r->seen |= rules_keys[i].bit;
    return set_key(l, r, rules_keys[i].bit, value);
}

/* ---- sections ------------------------------------------------------------ */

static int id_ok(const char *id)
{
    const char *p;

    if (!*id || strlen(id) > RULES_MAX_ID || id[0] == '-')
        return 0;
    for (p = id; *p; p++)
        if (!(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '-'))
            return 0;
    return 1;
}

static int id_check(rules_loader *l, const char *id)
{
    size_t i;

    if (!id_ok(id))
        return ldr_fail(l, "bad rule id '%s' (lowercase letters, digits and '-', at most %d)",
                        id, RULES_MAX_ID);
    for (i = 0; i < G_N_ELEMENTS(rules_builtin_ids); i++)
        if (strcmp(id, rules_builtin_ids[i]) == 0)
            return ldr_fail(l, "rule id '%s' is a built-in rule id", id);
    for (i = 0; i < l->rs->n; i++) {
        if (strcmp(id, l->rs->r[i].id) != 0)
            continue;
        if (!l->local || i >= l->shipped)
            return ldr_fail(l, "duplicate rule id '%s' (first at %s:%u)", id,
                            l->rs->r[i].file, l->rs->r[i].line);
        /* an admin's rule in local_rules_dir replaces the shipped one */
        rule_clear(&l->rs->r[i]);
        memmove(&l->rs->r[i], &l->rs->r[i + 1], (l->rs->n - i - 1) * sizeof(rule));
        l->rs->n--;
        l->shipped--;
        return 0;
    }
    return 0;
}

/* "[rule ID]": appends a new rule with defaults. */
static rule *rule_open(rules_loader *l, char *line)
{
    size_t len = strlen(line);
    struct rules_set *rs = l->rs;
    char *in, *id;
    rule *r;

    if (line[len - 1] != ']') {
        ldr_fail(l, "bad section header (expected [rule ID])");
        return NULL;
    }
    line[len - 1] = 0;
    in = sg_trim(line + 1);
    if (strncmp(in, "rule", 4) != 0 || !g_ascii_isspace(in[4])) {
        ldr_fail(l, "unknown section '[%s]' (expected [rule ID])", in);
        return NULL;
    }
    id = sg_trim(in + 4);
    if (id_check(l, id) < 0)
        return NULL;
    if (rs->n >= RULES_MAX_RULES) {
        ldr_fail(l, "more than %d rules", RULES_MAX_RULES);
        return NULL;
    }
    if (SG_ARRAY_RESERVE(rs->r, rs->n, rs->alloc, 1, RULES_MAX_RULES) < 0) {
        ldr_fail(l, "out of memory");
        return NULL;
    }
    r = &rs->r[rs->n++];
    memset(r, 0, sizeof(*r));
    r->line = l->line;
    r->scope = RULES_SCOPE_ALL;
    r->min_count = 1;
    r->confidence = SG_CONF_HIGH;
    r->id = sg_strdup(id);
    r->file = sg_strdup(l->file);
    r->action = sg_strdup("hold");
    if (!r->id || !r->file || !r->action) {
        ldr_fail(l, "out of memory");
        return NULL;
    }
    return r;
}

/* A rule is complete when its section ends. */
static int rule_close(rules_loader *l, rule *r)
{
    unsigned line = l->line;
    int rc = 0;

    if (r && !(r->seen & (KEY_PATTERN | KEY_KEYWORDS))) {
        l->line = r->line;
        rc = ldr_fail(l, "rule '%s' has neither pattern nor keywords", r->id);
        l->line = line;
    }
    return rc;
}

static int rules_line(rules_loader *l, rule **cur, char *raw)
{
    char *s = raw;

    if (l->line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    if (!g_utf8_validate(s, -1, NULL))
        return ldr_fail(l, "not valid UTF-8");
    s = sg_trim(s);
    if (!*s || *s == '#' || *s == ';')
        return 0;
    if (*s == '[') {
        if (rule_close(l, *cur) < 0)
            return -1;
        return (*cur = rule_open(l, s)) ? 0 : -1;
    }
    return rule_key(l, *cur, s);
}

static int rules_load_file(rules_loader *l, const char *name)
{
    char *full = g_build_filename(l->dir, name, NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    rule *cur = NULL;
    int rc = 0;
    FILE *fp;

    l->file = full;
    l->line = 0;
    if (!(fp = fopen(full, "r"))) {
        rc = ldr_fail(l, "cannot open: %s", strerror(errno));
        g_free(full);
        return rc;
    }
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
        l->line++;
        if ((size_t)n > SG_MAX_LINE || memchr(line, 0, (size_t)n))
            rc = ldr_fail(l, (size_t)n > SG_MAX_LINE ? "line longer than %d bytes"
                                                     : "NUL byte in line (limit %d)", SG_MAX_LINE);
        else
            rc = rules_line(l, &cur, line);
    }
    if (rc == 0)
        rc = rule_close(l, cur);
    free(line);
    fclose(fp);
    g_free(full);
    l->file = NULL;
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.rules names in dir, sorted; NULL-terminated, g_strfreev(). */
static char **rules_list_dir(rules_loader *l)
{
    GPtrArray *names = g_ptr_array_new();
    struct dirent *de;
    DIR *d = opendir(l->dir);

    if (!d) {
        l->file = l->dir;
        l->line = 0;
        ldr_fail(l, "cannot open rules directory: %s", strerror(errno));
        g_ptr_array_free(names, TRUE);
        return NULL;
    }
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] != '.' && len > 6 && strcmp(de->d_name + len - 6, ".rules") == 0 &&
            names->len < RULES_MAX_FILES)
            g_ptr_array_add(names, g_strdup(de->d_name));
    }
    closedir(d);
    g_ptr_array_sort(names, name_cmp);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

struct rules_set *rules_load_dir(const char *dir, char *err, size_t errlen)
{
    return rules_load_dirs(dir, NULL, err, errlen);
}

struct rules_set *rules_load_dirs(const char *dir, const char *local_dir, char *err,
                                  size_t errlen)
{
    rules_loader l = { 0 };
    char **names;
    size_t i;
    int rc = 0;
    struct stat sb;

    if (err && errlen)
        err[0] = 0;
    l.dir = dir;
    l.err = err;
    l.errlen = errlen;
    if (!(l.rs = sg_calloc(1, sizeof(*l.rs))))
        return NULL;
    l.rs->max_pairs = 1;
    if (!(names = rules_list_dir(&l))) {
        rules_free(l.rs);
        return NULL;
    }
    for (i = 0; rc == 0 && names[i]; i++)
        rc = rules_load_file(&l, names[i]);
    g_strfreev(names);
    /* the admin's directory, read after the shipped rules; may be absent */
    if (rc == 0 && local_dir && *local_dir && stat(local_dir, &sb) == 0) {
        l.dir = local_dir;
        l.local = 1;
        l.shipped = l.rs->n;
        if (!(names = rules_list_dir(&l))) {
            rules_free(l.rs);
            return NULL;
        }
        for (i = 0; rc == 0 && names[i]; i++)
            rc = rules_load_file(&l, names[i]);
        g_strfreev(names);
    }
    if (rc == 0 && (l.rs->mctx = pcre2_match_context_create(NULL)) != NULL) {
        pcre2_set_match_limit(l.rs->mctx, RULES_MATCH_LIMIT);
        pcre2_set_depth_limit(l.rs->mctx, RULES_DEPTH_LIMIT);
        pcre2_set_heap_limit(l.rs->mctx, RULES_HEAP_LIMIT_KB);
        return l.rs;
    }
    if (rc == 0 && err && errlen)
        snprintf(err, errlen, "%s: out of memory", dir);
    rules_free(l.rs);
    return NULL;
}

/* ---- matching ------------------------------------------------------------ */

static unsigned unit_scope(sg_unit_kind k)
{
    switch (k) {
    case SG_UNIT_SUBJECT: return RULES_SCOPE_SUBJECT;
    case SG_UNIT_BODY: return RULES_SCOPE_BODY;
    case SG_UNIT_FILENAME: return RULES_SCOPE_ATT_NAMES;
    case SG_UNIT_TEXT: case SG_UNIT_TABLE: case SG_UNIT_PROPERTIES: return RULES_SCOPE_ATT_TEXT;
    }
    return 0;
}

/* Length of s[0..len) cut to at most max bytes on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    len = max;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--;
    return len;
}

/* Finds up to RULES_MAX_HITS_PER_UNIT matches of r in u; returns the number
 * found, or -1 after recording a limit hit. */
static int rule_scan(const struct rules_set *rs, const rule *r, scan_ctx *ctx,
                     const sg_text_unit *u, pcre2_match_data *md, rules_hit *hits)
{
    PCRE2_SPTR text = (PCRE2_SPTR)u->text;
    size_t off = 0, n = 0;
    char reason[160];

    while (off < u->len && n < RULES_MAX_HITS_PER_UNIT) {
        int rc = pcre2_match(r->code, text, u->len, off, 0, md, rs->mctx);
        PCRE2_SIZE *ov;
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            snprintf(reason, sizeof(reason), "admin rule '%s' could not be evaluated "
                     "(PCRE2 error %d: match limit)", r->id, rc);
            scan_limit(ctx, SG_LIMIT_TIMEOUT, u->location ? u->location : "",
                       u->part ? u->part : "", reason);
            return -1;
        }
        ov = pcre2_get_ovector_pointer(md);
        if (ov[1] <= ov[0] || ov[0] < off) {     /* empty match or \K trick: step on */
            off = (ov[1] > off ? ov[1] : off) + 1;
            while (off < u->len && (text[off] & 0xC0) == 0x80)
                off++;
            continue;
        }
        hits[n].start = ov[0];
        hits[n].end = ov[1];
        hits[n].kw = -1;
        if (r->keywords) {
            PCRE2_SPTR mark = pcre2_get_mark(md);
            if (mark)
                hits[n].kw = strtol((const char *)mark, NULL, 10);
        }
        n++;
        off = ov[1];
    }
    return (int)n;
}

static void rule_emit(const rule *r, scan_ctx *ctx, const sg_text_unit *u,
                      const rules_hit *h, unsigned total)
{
    const char *m = u->text + h->start;
    size_t mlen = h->end - h->start;
    int is_kw = h->kw >= 0 && (size_t)h->kw < r->nkeywords;
    const char *val = is_kw ? r->keywords[h->kw] : m;
    size_t vlen = is_kw ? strlen(val) : mlen;
    char *key = g_strndup(val, vlen);
    char *cut = g_strndup(val, utf8_cut(val, vlen, RULES_MAX_EVIDENCE));
    char *ev = is_kw ? NULL : findings_mask(cut, strlen(cut));
    char *detail = g_strdup_printf("admin rule %s:%u, %s; %u match%s in message (min_count %u)",
                                   r->file, r->line, is_kw ? "keyword" : "pattern",
                                   total, total == 1 ? "" : "es", r->min_count);
    finding_in in = { 0 };

    in.rule = r->id;
    in.confidence = r->confidence;
    in.location = u->location ? u->location : "";
    in.part = u->part;
    in.evidence = is_kw ? cut : ev;
    in.offset = h->start;
    in.detail = detail;
    in.distinct_key = is_kw ? g_utf8_strdown(key, -1) : key;
    in.flags = SG_FF_ADMIN_RULE;
    in.message = r->message;
    in.action = r->action;
    in.att_index = u->att_index;
    (void)findings_add(ctx->res, &in);
    if (is_kw)
        g_free((char *)in.distinct_key);
    g_free(key);
    g_free(cut);
    free(ev);
    g_free(detail);
}

static int rule_fired(const rule *r, const scan_ctx *ctx)
{
    size_t i;

    for (i = 0; i < ctx->res->nfindings; i++)
        if ((ctx->res->findings[i].flags & SG_FF_ADMIN_RULE) &&
            strcmp(ctx->res->findings[i].rule, r->id) == 0)
            return 1;
    return 0;
}

/* Per-message counting: the rule fires when its matches in the whole
 * message reach min_count; counts of rules that have not fired yet are
 * kept in ctx->rules (made only when needed). */
static void rule_count(const struct rules_set *rs, size_t idx, scan_ctx *ctx,
                       const sg_text_unit *u, const rules_hit *hits, unsigned n)
{
    const rule *r = &rs->r[idx];
    unsigned prior = ctx->rules && idx < ctx->rules->n ? ctx->rules->counts[idx] : 0;
    unsigned total = prior + n, i;

    if (total < r->min_count && !rule_fired(r, ctx)) {
        if (!ctx->rules) {
            ctx->rules = sg_calloc(1, sizeof(*ctx->rules) + rs->n * sizeof(unsigned));
            if (!ctx->rules)
                return;
            ctx->rules->n = rs->n;
        }
        if (idx < ctx->rules->n)
            ctx->rules->counts[idx] = total;
        return;
    }
    for (i = 0; i < n; i++)
        rule_emit(r, ctx, u, &hits[i], total);
}

void rules_match_unit(const struct rules_set *rs, scan_ctx *ctx, const sg_text_unit *u)
{
    unsigned bit;
    pcre2_match_data *md;
    rules_hit *hits;
    size_t i;

    if (!rs || !rs->n || !ctx || !ctx->res || !u || !u->text || !u->len)
        return;
    bit = unit_scope(u->kind);
    md = pcre2_match_data_create(rs->max_pairs, NULL);
    hits = sg_malloc(RULES_MAX_HITS_PER_UNIT * sizeof(*hits));
    for (i = 0; md && hits && i < rs->n; i++) {
        int n;
        if (!(rs->r[i].scope & bit))
            continue;
        if (scan_expired(ctx))
            break;
        n = rule_scan(rs, &rs->r[i], ctx, u, md, hits);
        if (n > 0)
            rule_count(rs, i, ctx, u, hits, (unsigned)n);
    }
    free(hits);
    pcre2_match_data_free(md);
}

void rules_end_message(scan_ctx *ctx)
{
    if (!ctx)
        return;
    free(ctx->rules);
    ctx->rules = NULL;
}

/* ---- checking ------------------------------------------------------------ */

int rules_check_dir(const char *dir, FILE *report)
{
    char err[1024], scope[128];
    struct rules_set *rs = rules_load_dir(dir, err, sizeof(err));
    size_t i;

    if (!rs) {
        fprintf(report, "error: %s\n", err);
        return -1;
    }
    fprintf(report, "%s: %zu rule%s\n", dir, rs->n, rs->n == 1 ? "" : "s");
    for (i = 0; i < rs->n; i++) {
        const rule *r = &rs->r[i];
        fprintf(report, "%s\t", r->id);
        if (r->keywords)
            fprintf(report, "keywords=%s (%zu)", r->kwfile, r->nkeywords);
        else
            fprintf(report, "pattern");
        fprintf(report, "\tscope=%s\tmin_count=%u\tconfidence=%s\taction=%s\t%s:%u\n",
                rules_scope_names(r->scope, scope, sizeof(scope)), r->min_count,
                rules_conf_names[r->confidence], r->action, r->file, r->line);
    }
    rules_free(rs);
    return 0;
}
