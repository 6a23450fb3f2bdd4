/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lookalike - does a recipient domain look like one of ours (or like a
 * domain we often write to) without being it? Two tests against every
 * candidate (the internal domains and hist->top_domains):
 *   1. Damerau-Levenshtein distance (optimal string alignment) 1 or 2
 *      (exmaple.co.jp, example.co.jq); distance 2 only for candidates of
 *      LOOKALIKE_MIN_LEN2 characters or more, distance 1 only from
 *      LOOKALIKE_MIN_LEN1, so short names do not all resemble each other;
 *   2. equal after confusable folding: IDN A-labels decoded to Unicode,
 *      NFKC, Cyrillic/Greek look-alike letters to Latin, then rn->m,
 *      vv->w, cl->d, 1->l, 0->o, i->l (capital I and l look the same).
 * The recipient domain is also compared with its own suffix of as many
 * labels as the candidate (mail.exmaple.co.jp vs example.co.jp).
 *
 * Bounded work: domains are capped at SG_POLICY_MAX_DOMAIN; the distance is
 * computed in a band of width 2*max+1 (O(length)), and skipped when the
 * lengths differ by more than 2. Returns malloc'd strings; no other state.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "policy_priv.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define LOOKALIKE_MIN_LEN1 5     /* shortest candidate compared at distance 1 */
#define LOOKALIKE_MIN_LEN2 9     /* shortest candidate compared at distance 2 */
#define LOOKALIKE_BIG      0x7fffffffu

unsigned lookalike_distance(const char *a, const char *b, unsigned max)
{
    size_t n = strlen(a), m = strlen(b), i, j;
    unsigned *mem, *prev2, *prev, *cur, *t, best, result;

    if (n > SG_POLICY_MAX_DOMAIN || m > SG_POLICY_MAX_DOMAIN || (n > m ? n - m : m - n) > max)
        return max + 1;
    if (!(mem = sg_malloc(3 * (m + 1) * sizeof(unsigned))))
        return max + 1;
    prev2 = mem;
    prev = mem + (m + 1);
    cur = prev + (m + 1);
    for (j = 0; j <= m; j++)
        prev2[j] = prev[j] = j <= max ? (unsigned)j : LOOKALIKE_BIG;
    for (i = 1; i <= n; i++) {
        size_t lo = i > max ? i - max : 1, hi = i + max < m ? i + max : m;
        for (j = 0; j <= m; j++)
            cur[j] = LOOKALIKE_BIG;
        cur[0] = i <= max ? (unsigned)i : LOOKALIKE_BIG;
        best = cur[0];
        for (j = lo; j <= hi; j++) {
            unsigned v = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        t = prev2; prev2 = prev; prev = cur; cur = t;
        if (best > max)
            break;
    }
    result = (i <= n || prev[m] > max) ? max + 1 : prev[m];
    free(mem);
    return result;
}

/* Latin letter that a Cyrillic/Greek/other lower-case letter is mistaken
 * for, or 0. */
static char confusable(gunichar c)
{
    static const struct { gunichar u; char a; } map[] = {
        {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'},
        {0x0443, 'y'}, {0x0445, 'x'}, {0x0456, 'i'}, {0x0457, 'i'}, {0x0458, 'j'},
        {0x0455, 's'}, {0x0501, 'd'}, {0x04BB, 'h'}, {0x04CF, 'l'}, {0x051B, 'q'},
        {0x051D, 'w'}, {0x043A, 'k'}, {0x044C, 'b'}, {0x0475, 'v'},
        {0x03B1, 'a'}, {0x03B5, 'e'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'},
        {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'},
        {0x03C9, 'w'}, {0x03B7, 'n'},
        {0x0131, 'i'}, {0x0269, 'i'}, {0x0261, 'g'}, {0x217C, 'l'}, {0x01C0, 'l'},
    };
    size_t i;

    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].u == c)
            return map[i].a;
    return 0;
}

/* Unicode form of d, NFKC and case-folded, letters mapped to Latin. */
static GString *fold_letters(const char *d)
{
    const char *q;

    for (q = d; *q && (unsigned char)*q < 0x80; q++)
        ;
    if (!*q && !strstr(d, "xn--")) {
        GString *lower = g_string_new(d);
        return g_string_ascii_down(lower);
    }
    {
    char *uni = strstr(d, "xn--") ? g_hostname_to_unicode(d) : NULL;
    const char *src = uni ? uni : d;
    char *valid = g_utf8_make_valid(src, -1);
    char *norm = g_utf8_normalize(valid, -1, G_NORMALIZE_NFKC);
    char *fold = g_utf8_casefold(norm ? norm : valid, -1);
    GString *out = g_string_sized_new(strlen(fold) + 1);
    const char *p;

    for (p = fold; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        char a = c < 0x80 ? (char)c : confusable(c);
        if (a)
            g_string_append_c(out, a);
        else
            g_string_append_unichar(out, c);
    }
    g_free(uni);
    g_free(valid);
    g_free(norm);
    g_free(fold);
    return out;
    }
}

char *lookalike_fold(const char *d)
{
    GString *s = fold_letters(d);
    char *out = sg_malloc(s->len + 1), *o = out;
    size_t i;

    if (!out) {
        g_string_free(s, TRUE);
        return NULL;
    }
    for (i = 0; i < s->len; i++) {
        char c = s->str[i], n = s->str[i + 1];
        if ((c == 'r' && n == 'n') || (c == 'v' && n == 'v') || (c == 'c' && n == 'l')) {
            *o++ = c == 'r' ? 'm' : c == 'v' ? 'w' : 'd';
            i++;
        } else {
            *o++ = c == '1' || c == 'i' ? 'l' : c == '0' ? 'o' : c;
        }
    }
    *o = '\0';
    g_string_free(s, TRUE);
    return out;
}

static size_t labels(const char *d)
{
    size_t n = 1;

    for (; *d; d++)
        n += *d == '.';
    return n;
}

/* The last `want` labels of d (d itself when it has no more). */
static const char *suffix_labels(const char *d, size_t want)
{
    size_t have = labels(d);

    while (have > want) {
        const char *dot = strchr(d, '.');
        if (!dot)
            break;
        d = dot + 1;
        have--;
    }
    return d;
}

/* Does x (a recipient domain or its suffix; fx its folded form) resemble
 * the candidate c? A folded name is between half and all of its length, so
 * most candidates are ruled out before folding them. */
static int resembles(const char *x, const char *fx, const char *c)
{
    size_t cl = strlen(c), fl = fx ? strlen(fx) : 0;
    unsigned max = cl >= LOOKALIKE_MIN_LEN2 ? 2 : cl >= LOOKALIKE_MIN_LEN1 ? 1 : 0;
    unsigned dist;
    char *fc;
    int same;

    if (strcmp(x, c) == 0)
        return 0;
    if (max && (dist = lookalike_distance(x, c, max)) >= 1 && dist <= max)
        return 1;
    if (!fx || fl > cl || fl * 2 + 1 < cl)
        return 0;
    fc = lookalike_fold(c);
    same = fc && strcmp(fx, fc) == 0;
    free(fc);
    return same;
}

/* Folded forms of d and of its suffixes, made once per recipient domain. */
#define LOOKALIKE_FOLD_CACHE 8
typedef struct fold_cache {
    const char *x[LOOKALIKE_FOLD_CACHE];
    char *f[LOOKALIKE_FOLD_CACHE];
    size_t n;
} fold_cache;

static const char *cached_fold(fold_cache *fc, const char *x, char **spare)
{
    size_t i;

    for (i = 0; i < fc->n; i++)
        if (fc->x[i] == x)
            return fc->f[i];
    if (fc->n == LOOKALIKE_FOLD_CACHE) {
        free(*spare);
        return *spare = lookalike_fold(x);
    }
    fc->x[fc->n] = x;
    return fc->f[fc->n++] = lookalike_fold(x);
}

static char *check_one(const char *d, const char *cand, fold_cache *fc)
{
    char *c = domain_normalize(cand), *spare = NULL;
    const char *x;
    int hit = 0;

    if (!c)
        return NULL;
    x = suffix_labels(d, labels(c));
    if (!domain_is_under(d, c)) {
        hit = resembles(d, cached_fold(fc, d, &spare), c);
        if (!hit && x != d)
            hit = resembles(x, cached_fold(fc, x, &spare), c);
    }
    free(spare);
    if (!hit) {
        free(c);
        return NULL;
    }
    return c;
}

char *lookalike_of(const sg_policy *p, const char *d, const sg_history *hist)
{
    const char *const *t;
    fold_cache fc = {{0}, {0}, 0};
    char *hit = NULL;
    size_t i;

    if (!d || !*d || strlen(d) > SG_POLICY_MAX_DOMAIN || domain_list_covers(&p->internal, d))
        return NULL;
    if (hist && (domain_strv_has(hist->known_domains, d) || domain_strv_has(hist->top_domains, d)))
        return NULL;
    for (i = 0; !hit && i < p->internal.n; i++)
        hit = check_one(d, p->internal.v[i], &fc);
    for (t = hist ? hist->top_domains : NULL; !hit && t && *t; t++)
        hit = check_one(d, *t, &fc);
    for (i = 0; i < fc.n; i++)
        free(fc.f[i]);
    return hit;
}
