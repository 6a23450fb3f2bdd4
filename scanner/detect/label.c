/*
 * label - the `classification-label` detector: 極秘 (SG_FF_TOP_SECRET),
 * 関係者外秘, 部外秘, 社外秘, 社内限り, 機密, Strictly Confidential,
 * Confidential, Internal Only / Internal Use Only, reported only in marking
 * form, never when the word is discussed in prose ("社外秘の扱いについて"):
 *   - bracketed: 【社外秘】 [Confidential] 〔極秘〕 (社外秘) <部外秘> 《...》 ■...■
 *   - at the start of a line (or a table cell, or a property value) followed
 *     by the end of the line, ':', '/', '|', or (Japanese labels, and any
 *     label in a subject) a space;
 *   - at the end of a line after ':' or '=' ("機密区分：社外秘").
 * Evidence is the label itself (a label is not sensitive). One finding per
 * location, count = distinct labels. Owns nothing.
 */
#define _GNU_SOURCE 1   /* memmem */
#include "detect_int.h"

#include <stdio.h>
#include <string.h>

typedef struct label_def {
    const char *text;     /* as written (ASCII ones matched case-insensitively) */
    const char *name;     /* canonical name for evidence / key */
    unsigned flags;
} label_def;

static const label_def labels[] = {
    { "関係者外秘", "関係者外秘", 0 },
    { "極秘", "極秘", SG_FF_TOP_SECRET },
    { "部外秘", "部外秘", 0 },
    { "社外秘", "社外秘", 0 },
    { "社内限り", "社内限り", 0 },
    { "社内限定", "社内限定", 0 },
    { "機密", "機密", 0 },
    { "strictly confidential", "Strictly Confidential", 0 },   /* before "confidential" */
    { "confidential", "Confidential", 0 },
    { "internal use only", "Internal Use Only", 0 },
    { "internal only", "Internal Only", 0 },
    { "top secret", "Top Secret", SG_FF_TOP_SECRET },
    { NULL, NULL, 0 }
};

/* decorations allowed around a marking */
static const char *const deco[] = {
    " ", "\t", "\r", "■", "□", "●", "○", "◆", "◇", "★", "☆", "※", "*", "#", ">", "-", "|",
    "【", "】", "[", "]", "〔", "〕", "(", ")", "<", ">", "《", "》", "〈", "〉", NULL
};
static const char *const openers[] = { "【", "[", "〔", "(", "<", "《", "〈", "■", "★", "◆", NULL };
static const char *const closers[] = { "】", "]", "〕", ")", ">", "》", "〉", "■", "★", "◆", NULL };

static int is_en(const char *t)
{
    return (unsigned char)t[0] < 0x80;
}

/* Length of a decoration ending at pos / starting at pos (0: none). */
static size_t deco_before(const char *s, size_t lo, size_t pos, const char *const *set)
{
    size_t i;

    for (i = 0; set[i]; i++) {
        size_t l = strlen(set[i]);
        if (pos >= lo + l && memcmp(s + pos - l, set[i], l) == 0)
            return l;
    }
    return 0;
}

static size_t deco_after(const char *s, size_t hi, size_t pos, const char *const *set)
{
    size_t i;

    for (i = 0; set[i]; i++) {
        size_t l = strlen(set[i]);
        if (pos + l <= hi && memcmp(s + pos, set[i], l) == 0)
            return l;
    }
    return 0;
}

/* Bounds of the "line": a line, a table cell, or a property value. */
static void line_bounds(const dunit *du, size_t a, size_t *lo, size_t *hi)
{
    size_t x = a, y = a;

    while (x > 0 && du->s[x - 1] != '\n' && du->s[x - 1] != '\t')
        x--;
    while (y < du->len && du->s[y] != '\n' && du->s[y] != '\t')
        y++;
    if (y > x && du->s[y - 1] == '\r')
        y--;            /* CRLF: every SMTP message, every Windows text file */
    if (du->u->kind == SG_UNIT_PROPERTIES) {
        const char *c = memchr(du->s + x, ':', a - x);
        if (c && (size_t)(c - du->s) + 1 <= a)
            x = (size_t)(c - du->s) + 1;
    }
    *lo = x;
    *hi = y;
}

static const char *marking(const dunit *du, size_t a, size_t b, const char *t)
{
    size_t lo, hi, x = a, y = b, l, sp = 0;

    line_bounds(du, a, &lo, &hi);
    /* bracketed */
    while (x > lo && du->s[x - 1] == ' ')
        x--;
    while (y < hi && du->s[y] == ' ')
        y++;
    if (deco_before(du->s, lo, x, openers) && deco_after(du->s, hi, y, closers))
        return "brackets";
    /* start of a line */
    x = a;
    while ((l = deco_before(du->s, lo, x, deco)))
        x -= l;
    if (x == lo) {
        y = b;
        while (y < hi && du->s[y] == ' ') {
            y++;
            sp++;
        }
        if (y >= hi || du->s[y] == ':' || du->s[y] == '/' || du->s[y] == '|' ||
            (sp && (!is_en(t) || du->u->kind == SG_UNIT_SUBJECT)))
            return "line start";
    }
    /* end of a line after ':' or '=' */
    y = b;
    while ((l = deco_after(du->s, hi, y, deco)))
        y += l;
    if (y >= hi) {
        x = a;
        while (x > lo && du->s[x - 1] == ' ')
            x--;
        if (x > lo && (du->s[x - 1] == ':' || du->s[x - 1] == '='))
            return "after a field name";
    }
    return NULL;
}

static int word_edge(const dunit *du, size_t a, size_t b, const char *t)
{
    if (!is_en(t))
        return 1;
    return !(a > 0 && dunit_isalnum((unsigned char)du->s[a - 1])) &&
           !(b < du->len && dunit_isalnum((unsigned char)du->s[b]));
}

static void check_at(dunit *du, size_t a, const label_def *d)
{
    size_t b = a + strlen(d->text);
    const char *how;
    char det[96];

    if (!word_edge(du, a, b, d->text) || !(how = marking(du, a, b, d->text)))
        return;
    snprintf(det, sizeof(det), "marking %s (%s)", d->name, how);
    dunit_emit(du, "classification-label", SG_CONF_HIGH, d->name, strlen(d->name), 1,
               a, det, d->name, 0, d->flags);
}

static int ieq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (x != y)
            return 0;
    }
    return 1;
}

/* Called by the walk at each trigger: 秘, 機, 社, or an ASCII letter that
 * starts an English label (c, s, i, t in either case). */
void label_at(dunit *du, size_t pos, unsigned cp)
{
    const label_def *d;

    for (d = labels; d->text; d++) {
        size_t tl = strlen(d->text), a;
        if (is_en(d->text) != (cp < 0x80))
            continue;
        if (is_en(d->text)) {
            if ((cp | 0x20) != (unsigned char)d->text[0] || pos + tl > du->len ||
                !ieq(du->s + pos, d->text, tl))
                continue;
            if (d->text[0] == 'c' && pos >= 9 && ieq(du->s + pos - 9, "strictly ", 9))
                continue;       /* part of Strictly Confidential */
            check_at(du, pos, d);
            return;
        }
        /* Japanese: the trigger is the label's last character (秘) or first (機, 社) */
        if (cp == 0x79D8) {
            if (pos + 3 < tl || memcmp(du->s + pos + 3 - tl, d->text, tl) != 0)
                continue;
            a = pos + 3 - tl;
        } else {
            if (pos + tl > du->len || memcmp(du->s + pos, d->text, tl) != 0)
                continue;
            a = pos;
        }
        check_at(du, a, d);
        return;
    }
}
