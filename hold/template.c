/*
 * template - notification templates, files admins may edit.
 *
 * [hold] templates_dir holds NAME.ja.txt and NAME.en.txt for each NAME in
 * tpl_names (hold, approver, waiting, delay, released, discarded, expired,
 * refused). A file is UTF-8:
 *
 *   # comments, only before the Subject line
 *   Subject: [送信保留] ${subject}
 *   (blank line)
 *   body, with ${placeholders}
 *
 * Only the placeholders of tpl_var_names exist; an unknown one, a missing
 * Subject line or a file over HOLD_TEMPLATE_MAX is a load error naming
 * FILE:LINE. A '$' not followed by '{' is literal. Substituted values are
 * one line: every control character (CR, LF, TAB, DEL, C1 such as U+009B,
 * U+2028/9; lib/sg_text.h) becomes a space, a direction override '?', so a
 * value can never add a header or a line of its own to the notice. Only
 * the lists sendguard builds (${reasons}, ${evidence}, ${recipients})
 * keep their line breaks in the body; their items are one line each.
 * Owner: templates_load() / templates_free().
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hold_int.h"
#include "sg_text.h"

static const char *const tpl_names[TPL__COUNT] = {
    "hold", "approver", "waiting", "delay", "released", "discarded", "expired", "refused"
};
static const char *const tpl_langs[2] = { "ja", "en" };

static const char *const tpl_var_names[] = {
    "sender", "approver", "recipients", "subject", "hold_id", "reasons", "evidence",
    "deadline", "created", "release_address", "cancel_address", "reason", "actor", "now",
    NULL
};

typedef struct tpl {
    char *subject;   /* after "Subject: " */
    char *body;
} tpl;

struct templates {
    tpl t[TPL__COUNT][2];
};

int tpl_var_index(const char *name)
{
    int i;

    for (i = 0; tpl_var_names[i]; i++)
        if (strcmp(tpl_var_names[i], name) == 0)
            return i;
    return -1;
}

void tpl_set(tpl_vars *vars, const char *name, const char *value)
{
    int i = tpl_var_index(name);

    if (i >= 0)
        vars->v[i] = value;
}

templates *templates_free(templates *t)
{
    int k, l;

    if (!t)
        return NULL;
    for (k = 0; k < TPL__COUNT; k++)
        for (l = 0; l < 2; l++) {
            free(t->t[k][l].subject);
            free(t->t[k][l].body);
        }
    free(t);
    return NULL;
}

/* Checks every ${...} of text; line numbers start at first_line. */
static int check_placeholders(const char *text, const char *file, unsigned first_line,
                              char *err, size_t errlen)
{
    unsigned line = first_line;
    const char *p, *close, *nl;
    char name[64];

    for (p = text; *p; p++) {
        if (*p == '\n')
            line++;
        if (p[0] != '$' || p[1] != '{')
            continue;
        close = strchr(p + 2, '}');
        nl = strchr(p + 2, '\n');
        if (!close || (nl && nl < close)) {
            snprintf(err, errlen, "%s:%u: unterminated ${", file, line);
            return -1;
        }
        if ((size_t)(close - p - 2) >= sizeof(name)) {
            snprintf(err, errlen, "%s:%u: placeholder name too long", file, line);
            return -1;
        }
        memcpy(name, p + 2, (size_t)(close - p - 2));
        name[close - p - 2] = '\0';
        if (tpl_var_index(name) < 0) {
            snprintf(err, errlen, "%s:%u: unknown placeholder ${%s}", file, line, name);
            return -1;
        }
        p = close;
    }
    return 0;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "re");
    sg_buf b;
    char chunk[4096];
    size_t n;

    if (!fp)
        return snprintf(err, errlen, "%s: %s", path, strerror(errno)), NULL;
    sg_buf_init(&b, HOLD_TEMPLATE_MAX);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        if (sg_buf_append(&b, chunk, n) < 0) {
            snprintf(err, errlen, "%s: larger than %lu bytes", path, HOLD_TEMPLATE_MAX);
            fclose(fp);
            sg_buf_free(&b);
            return NULL;
        }
    fclose(fp);
    if (sg_buf_puts(&b, "") < 0)
        return sg_buf_free(&b), snprintf(err, errlen, "out of memory"), NULL;
    return sg_buf_steal(&b, NULL);
}

/* Splits text into subject and body. */
static int parse_template(char *text, const char *path, tpl *out, char *err, size_t errlen)
{
    char *p = text, *nl;
    unsigned line = 1;

    for (p = text; *p == '#'; line++) {
        nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    for (nl = p; *nl; nl++)
        if (*nl == '\r')
            *nl = ' ';
    if (strncmp(p, "Subject:", 8) != 0)
        return snprintf(err, errlen, "%s:%u: expected 'Subject: ...'", path, line), -1;
    nl = strchr(p, '\n');
    if (!nl || nl[1] != '\n')
        return snprintf(err, errlen, "%s:%u: expected a blank line after the Subject line",
                        path, line + (nl ? 1 : 0)), -1;
    *nl = '\0';
    p += 8;
    while (*p == ' ')
        p++;
    if (check_placeholders(p, path, line, err, errlen) < 0 ||
        check_placeholders(nl + 2, path, line + 2, err, errlen) < 0)
        return -1;
    out->subject = sg_strdup(p);
    out->body = sg_strdup(nl + 2);
    if (!out->subject || !out->body)
        return snprintf(err, errlen, "out of memory"), -1;
    return 0;
}

static int load_one(templates *t, const char *dir, int k, int l, char *err, size_t errlen)
{
    char path[4096];
    char *text;
    int rc;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s.txt", dir, tpl_names[k], tpl_langs[l]) >=
        sizeof(path))
        return snprintf(err, errlen, "%s: path too long", dir), -1;
    text = read_file(path, err, errlen);
    if (!text)
        return -1;
    rc = parse_template(text, path, &t->t[k][l], err, errlen);
    free(text);
    return rc;
}

templates *templates_load(const char *dir, char *err, size_t errlen)
{
    templates *t = sg_calloc(1, sizeof(*t));
    int k, l;

    if (!t)
        return snprintf(err, errlen, "out of memory"), NULL;
    for (k = 0; k < TPL__COUNT; k++)
        for (l = 0; l < 2; l++)
            if (load_one(t, dir, k, l, err, errlen) < 0)
                return templates_free(t);
    return t;
}

/* The lists sendguard builds itself, one item a line (notice_text.c makes
 * each item one line); every other value is one line. */
static int var_is_list(int i)
{
    return i == tpl_var_index("reasons") || i == tpl_var_index("evidence") ||
           i == tpl_var_index("recipients");
}

/* Appends a value. One line: every control character (C0, DEL, C1,
 * U+2028/9; sg_text.h) becomes a space, a direction override '?'. A list
 * keeps its LFs, nothing else. */
static int put_value(sg_buf *out, const char *v, int one_line)
{
    const char *p = v ? v : "";
    char repl;
    size_t n;

    while (*p) {
        n = sg_text_control_at(p, &repl);
        if (n == 0) {
            n = sg_text_char_len(p);
            if (sg_buf_append(out, p, n) < 0)
                return -1;
            p += n;
            continue;
        }
        if (sg_buf_putc(out, !one_line && *p == '\n' ? '\n' : repl) < 0)
            return -1;
        p += n;
    }
    return 0;
}

static int render_text(const char *text, const tpl_vars *vars, int one_line, sg_buf *out)
{
    const char *p = text, *close;
    char name[64];
    int i;

    while (*p) {
        if (p[0] == '$' && p[1] == '{' && (close = strchr(p + 2, '}')) &&
            (size_t)(close - p - 2) < sizeof(name)) {
            memcpy(name, p + 2, (size_t)(close - p - 2));
            name[close - p - 2] = '\0';
            i = tpl_var_index(name);
            if (i >= 0) {
                if (put_value(out, vars->v[i], one_line || !var_is_list(i)) < 0)
                    return -1;
                p = close + 1;
                continue;
            }
        }
        if (sg_buf_putc(out, *p++) < 0)
            return -1;
    }
    return 0;
}

int templates_render(const templates *t, tpl_kind k, tpl_lang lang, const tpl_vars *vars,
                     sg_buf *subject, sg_buf *body)
{
    const tpl *tp;

    if (k < 0 || k >= TPL__COUNT || (lang != TPL_LANG_JA && lang != TPL_LANG_EN))
        return -1;
    tp = &t->t[k][lang];
    if (subject && render_text(tp->subject, vars, 1, subject) < 0)
        return -1;
    if (body && render_text(tp->body, vars, 0, body) < 0)
        return -1;
    return 0;
}
