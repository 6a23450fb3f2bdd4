/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dunit - the per-unit context of the detectors (see detect_int.h): the
 * normalised text, table geometry for TABLE units (with the header cells'
 * keyword hits, found once per keyword list), mail signature blocks for
 * BODY units, keyword windows counted in characters, digit chains, and
 * the single place where a finding is built (masking, offset mapping).
 *
 * Owns: the normalised copy, the table, the signature spans, the signal,
 * person and hit arrays; all freed by dunit_done(). Never copies the unit
 * text beyond the call. Out of memory: the unit is scanned with less
 * context (no table, no signature spans), never crashes.
 */
#define _GNU_SOURCE 1   /* memmem */
#include "detect_int.h"
#include "sg_alloc.h"

#include <stdlib.h>
#include <string.h>

int dunit_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int dunit_isalnum(int c)
{
    return dunit_isdigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

size_t dunit_back(const char *s, size_t pos, size_t nchars)
{
    while (pos > 0 && nchars > 0) {
        pos--;
        if (((unsigned char)s[pos] & 0xC0) != 0x80)
            nchars--;
    }
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

size_t dunit_fwd(const char *s, size_t len, size_t pos, size_t nchars)
{
    while (pos < len && nchars > 0) {
        pos++;
        while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
            pos++;
        nchars--;
    }
    return pos;
}

/* Case-insensitive search: memchr finds the first byte in either case
 * (each case's next position is cached, so the scan stays linear). */
static const char *next_of(const char **cache, int *done, const char *from, const char *end, int c)
{
    if (*done)
        return NULL;
    if (!*cache || *cache < from) {
        *cache = memchr(from, c, (size_t)(end - from));
        if (!*cache)
            *done = 1;
    }
    return *cache;
}

const char *dunit_memcasemem(const char *h, size_t hl, const char *n, size_t nl)
{
    const char *pl = NULL, *pu = NULL, *end, *from = h;
    int lc, uc, dl = 0, du = 0;

    if (nl == 0 || nl > hl)
        return NULL;
    lc = lower((unsigned char)n[0]);
    uc = (lc >= 'a' && lc <= 'z') ? lc - 32 : lc;
    if (uc == lc)
        du = 1;
    end = h + (hl - nl + 1);
    while (from < end) {
        const char *a = next_of(&pl, &dl, from, end, lc);
        const char *b = next_of(&pu, &du, from, end, uc);
        const char *p = !a ? b : (!b || a < b) ? a : b;
        size_t k;
        if (!p)
            return NULL;
        for (k = 1; k < nl && lower((unsigned char)p[k]) == lower((unsigned char)n[k]); k++)
            ;
        if (k == nl)
            return p;
        from = p + 1;
    }
    return NULL;
}

static int is_ascii_word(const char *k)
{
    for (; *k; k++)
        if ((unsigned char)*k >= 0x80)
            return 0;
    return 1;
}

const char *dunit_kw_in(const char *s, size_t from, size_t to, const char *const *kws, size_t *at)
{
    const kwset *ks;
    size_t i;

    if (to <= from)
        return NULL;
    if ((ks = kwset_get(kws)))
        return kwset_in(ks, s, from, to, at);
    for (i = 0; kws[i]; i++) {
        size_t kl = strlen(kws[i]);
        const char *hit = is_ascii_word(kws[i]) ? dunit_memcasemem(s + from, to - from, kws[i], kl)
                                               : memmem(s + from, to - from, kws[i], kl);
        if (hit) {
            if (at)
                *at = (size_t)(hit - s);
            return kws[i];
        }
    }
    return NULL;
}

/* Longest keyword we search, in characters (slack for the window edges). */
#define KW_SLACK_CHARS 24

static const char *find_kw(const char *s, size_t from, size_t to, const char *kw)
{
    size_t kl = strlen(kw);

    if (to <= from)
        return NULL;
    return is_ascii_word(kw) ? dunit_memcasemem(s + from, to - from, kw, kl)
                             : memmem(s + from, to - from, kw, kl);
}

/* A keyword counts when the gap between it and the match is at most
 * before/after characters (its far end may lie further out). */
const char *dunit_kw_near(const dunit *du, size_t start, size_t end, size_t before, size_t after,
                          const char *const *kws, size_t *at)
{
    size_t i, ws = 0, bs = 0, we = 0, lim = 0;
    const kwset *ks = kwset_get(kws);

    if (before)
        ws = dunit_back(du->s, start, before);
    if (after)
        we = dunit_fwd(du->s, du->len, end, after);
    if (ks) {       /* a keyword reaches at most its length past the window */
        size_t ml = kwset_maxlen(ks);
        bs = ws > ml ? ws - ml : 0;
        lim = we + ml < du->len ? we + ml : du->len;
        return kwset_near(ks, du->s, bs, ws, start, end, we, lim, before != 0, after != 0, at);
    }
    if (before)
        bs = dunit_back(du->s, ws, KW_SLACK_CHARS);
    if (after)
        lim = dunit_fwd(du->s, du->len, we, KW_SLACK_CHARS);
    for (i = 0; kws[i]; i++) {
        size_t kl = strlen(kws[i]), p = bs;
        const char *h;
        while (before && (h = find_kw(du->s, p, start, kws[i]))) {
            size_t hp = (size_t)(h - du->s);
            if (hp + kl >= ws && hp + kl <= start) {
                if (at)
                    *at = hp;
                return kws[i];
            }
            p = hp + 1;
        }
        if (after && (h = find_kw(du->s, end, lim, kws[i])) && (size_t)(h - du->s) <= we) {
            if (at)
                *at = (size_t)(h - du->s);
            return kws[i];
        }
    }
    return NULL;
}

static int is_sep(int c)
{
    return c == '-' || c == ' ' || c == '.';
}

void dunit_chain(const char *s, size_t len, size_t pos, dchain *c)
{
    memset(c, 0, sizeof(*c));
    c->start = pos;
    for (;;) {
        size_t g = pos;
        while (pos < len && dunit_isdigit((unsigned char)s[pos])) {
            if (c->ndigits < DETECT_MAX_CHAIN_DIGITS)
                c->digits[c->ndigits] = s[pos];
            c->ndigits++;
            pos++;
        }
        if (c->ngroups < DETECT_MAX_GROUPS) {
            c->glen[c->ngroups] = (unsigned)(pos - g);
            c->gpos[c->ngroups] = g;
        }
        c->ngroups++;
        if (pos + 1 < len && is_sep((unsigned char)s[pos]) && dunit_isdigit((unsigned char)s[pos + 1])) {
            if (c->ngroups <= DETECT_MAX_GROUPS)
                c->sep[c->ngroups - 1] = s[pos];
            pos++;
            continue;
        }
        break;
    }
    c->digits[c->ndigits < DETECT_MAX_CHAIN_DIGITS ? c->ndigits : DETECT_MAX_CHAIN_DIGITS] = 0;
    c->end = pos;
}

static int is_idsep(int c)
{
    return c == '-' || c == ' ' || c == '.' || c == '/' || c == '\t' || c == '(' || c == ')';
}

/* Length of the separator run at pos before a digit (0: none), its class
 * in *cls, whether it holds a line break in *wrap. */
static size_t idsep_run(const char *s, size_t len, size_t pos, char *cls, int *wrap)
{
    size_t p = pos;
    char k = 0;
    int nl = 0, tab = 0;

    while (p < len && p - pos < DETECT_SEP_RUN_MAX) {
        unsigned char c = (unsigned char)s[p];
        if (is_idsep(c)) {
            if (c == '\t')
                tab = 1;
            else if (c != ' ' && !k)
                k = (char)c;
            p++;
        } else if ((c == '\r' || c == '\n') && !nl && p > pos &&
                   (s[p - 1] == ' ' || s[p - 1] == '-')) {
            nl = 1;                     /* a wrap right after a separator */
            if (c == '\r' && p + 1 < len && s[p + 1] == '\n')
                p++;
            p++;
        } else {
            break;
        }
    }
    if (p == pos || p >= len || !dunit_isdigit((unsigned char)s[p]))
        return 0;
    if (tab && (k || nl))
        return 0;                       /* a tab with other separators: two cells */
    *cls = tab ? '\t' : k ? k : ' ';
    *wrap = nl;
    return p - pos;
}

void dunit_idchain(const char *s, size_t len, size_t pos, dchain *c)
{
    memset(c, 0, sizeof(*c));
    c->start = pos;
    c->singles = 1;
    for (;;) {
        size_t g = pos, r;
        char cls = 0;
        int wrap = 0;
        while (pos < len && dunit_isdigit((unsigned char)s[pos])) {
            if (c->ndigits < DETECT_MAX_CHAIN_DIGITS)
                c->digits[c->ndigits] = s[pos];
            c->ndigits++;
            pos++;
        }
        if (pos - g != 1)
            c->singles = 0;
        if (c->ngroups < DETECT_MAX_GROUPS) {
            c->glen[c->ngroups] = (unsigned)(pos - g);
            c->gpos[c->ngroups] = g;
        }
        c->ngroups++;
        if (pos - g >= 12 && pos + 1 < len && s[pos] == '.' && s[pos + 1] == '0' &&
            (pos + 2 >= len || !dunit_isdigit((unsigned char)s[pos + 2]) ||
             (s[pos + 2] == '0' && (pos + 3 >= len || !dunit_isdigit((unsigned char)s[pos + 3]))))) {
            c->float_tail = 1;
            pos += pos + 2 < len && s[pos + 2] == '0' ? 3 : 2;
            break;
        }
        if (c->ngroups < 32 && (r = idsep_run(s, len, pos, &cls, &wrap))) {
            if (c->ngroups <= DETECT_MAX_GROUPS)
                c->sep[c->ngroups - 1] = cls;
            c->wrapped |= wrap;
            pos += r;
            continue;
        }
        break;
    }
    c->digits[c->ndigits < DETECT_MAX_CHAIN_DIGITS ? c->ndigits : DETECT_MAX_CHAIN_DIGITS] = 0;
    c->end = pos;
}

int dunit_subchain(const char *s, const dchain *c, unsigned a, unsigned b, dchain *out)
{
    unsigned g, k;

    if (a > b || b >= c->ngroups || b >= DETECT_MAX_GROUPS)
        return -1;
    memset(out, 0, sizeof(*out));
    out->start = c->gpos[a];
    out->end = c->gpos[b] + c->glen[b];
    out->singles = 1;
    for (g = a; g <= b; g++) {
        out->glen[g - a] = c->glen[g];
        out->gpos[g - a] = c->gpos[g];
        if (g < b)
            out->sep[g - a] = c->sep[g];
        if (c->glen[g] != 1)
            out->singles = 0;
        for (k = 0; k < c->glen[g]; k++) {
            if (out->ndigits < DETECT_MAX_CHAIN_DIGITS)
                out->digits[out->ndigits] = s[c->gpos[g] + k];
            out->ndigits++;
        }
    }
    out->digits[out->ndigits < DETECT_MAX_CHAIN_DIGITS ? out->ndigits : DETECT_MAX_CHAIN_DIGITS] = 0;
    out->ngroups = b - a + 1;
    out->wrapped = c->wrapped;
    if (b == c->ngroups - 1) {
        out->float_tail = c->float_tail;
        out->end = c->end;
    }
    return 0;
}

int dunit_window_ok(const dchain *c, unsigned a, unsigned b)
{
    unsigned g;

    for (g = a; g < b; g++) {
        if (a > 0 && c->sep[a - 1] == c->sep[g])
            return 0;
        if (b + 1 < c->ngroups && c->sep[b] == c->sep[g])
            return 0;
    }
    return 1;
}

/* --- tables --------------------------------------------------------------- */

static int blank_span(const char *s, size_t a, size_t b)
{
    for (; a < b; a++)
        if (s[a] != ' ' && s[a] != '\r' && s[a] != '"')
            return 0;
    return 1;
}

static void table_cells(dunit *du, dtable *t, size_t r)
{
    size_t a = t->row_start[r], e = t->row_start[r + 1];
    unsigned col = 0;

    while (a < e && col < DETECT_MAX_COLUMNS) {
        const char *tab = memchr(du->s + a, '\t', e - a);
        size_t b = tab ? (size_t)(tab - du->s) : e;
        if (b > a && du->s[b - 1] == '\n')
            b--;
        if (r == 0 && t->header) {
            t->hstart[col] = a;
            t->hend[col] = b;
        } else if (!blank_span(du->s, a, b)) {
            t->nonempty[col]++;
        }
        col++;
        if (col > t->ncols)
            t->ncols = col;
        if (!tab)
            break;
        a = b + 1;
    }
}

static dtable *table_build(dunit *du)
{
    dtable *t = sg_calloc(1, sizeof(*t));
    size_t i, n = 1, r = 0;
    const char *p;

    if (!t)
        return NULL;
    for (p = du->s; (p = memchr(p, '\n', du->len - (size_t)(p - du->s))); p++)
        n++;
    if (!(t->row_start = sg_malloc((n + 1) * sizeof(size_t)))) {
        free(t);
        return NULL;
    }
    t->row_start[0] = 0;
    for (i = 0; i < du->len; i++)
        if (du->s[i] == '\n')
            t->row_start[++r] = i + 1;
    t->nrows = r + 1;
    t->row_start[t->nrows] = du->len;
    /* row 0 is a header when it has no digit at all and data follows */
    t->header = t->nrows > 1;
    for (i = t->row_start[0]; t->header && i < t->row_start[1]; i++)
        if (dunit_isdigit((unsigned char)du->s[i]))
            t->header = 0;
    for (r = 0; r < t->nrows; r++)
        table_cells(du, t, r);
    return t;
}

long dunit_row_of(const dunit *du, size_t pos, int *col)
{
    const dtable *t = du->tab;
    size_t lo = 0, hi, i;
    int c = 0;

    if (!t) {
        *col = -1;
        return -1;
    }
    hi = t->nrows;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->row_start[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    for (i = t->row_start[lo]; i < pos; i++)
        if (du->s[i] == '\t' && ++c >= DETECT_MAX_COLUMNS)
            break;
    *col = c < DETECT_MAX_COLUMNS ? c : -1;
    return (long)lo;
}

/* The header hits of every column for kws, computed on first use (NULL
 * when the cache is full or out of memory: the caller searches then). */
static const char **header_hits(const dunit *du, const char *const *kws)
{
    dtable *t = du->tab;
    unsigned i, c;

    for (i = 0; i < DETECT_HDR_CACHE && t->hk_list[i]; i++)
        if (t->hk_list[i] == kws)
            return t->hk_res[i];
    if (i == DETECT_HDR_CACHE || !(t->hk_res[i] = sg_calloc(t->ncols + 1, sizeof(char *))))
        return NULL;
    t->hk_list[i] = kws;
    for (c = 0; c < t->ncols; c++)
        t->hk_res[i][c] = dunit_kw_in(du->s, t->hstart[c], t->hend[c], kws, NULL);
    return t->hk_res[i];
}

const char *dunit_header_kw(const dunit *du, int col, const char *const *kws)
{
    const dtable *t = du->tab;
    const char **hits;

    if (!t || !t->header || col < 0 || (unsigned)col >= t->ncols)
        return NULL;
    if ((hits = header_hits(du, kws)))
        return hits[col];
    return dunit_kw_in(du->s, t->hstart[col], t->hend[col], kws, NULL);
}

void dunit_line_span(const dunit *du, size_t pos, size_t *from, size_t *to)
{
    size_t a = pos, b = pos;

    while (a > 0 && du->s[a - 1] != '\n')
        a--;
    while (b < du->len && du->s[b] != '\n')
        b++;
    *from = a;
    *to = b;
}

void dunit_cell_span(const dunit *du, size_t pos, size_t *from, size_t *to)
{
    size_t a = pos, b = pos;

    if (!du->tab) {
        dunit_line_span(du, pos, from, to);
        return;
    }
    while (a > 0 && du->s[a - 1] != '\n' && du->s[a - 1] != '\t')
        a--;
    while (b < du->len && du->s[b] != '\n' && du->s[b] != '\t' && du->s[b] != '\r')
        b++;
    *from = a;
    *to = b;
}

/* --- mail signatures ------------------------------------------------------ */

/* Decoration characters a separator line may be made of (besides the
 * ASCII - = _ * ~ # + and those the normaliser maps to them): box drawing
 * (═ ┅ ...), geometric shapes (■ □ ◆ ◇ ● ○ ▲), misc symbols (★ ☆ ♪),
 * ・ ･ 〓 ＿. */
static int deco_cp(unsigned cp)
{
    return cp == '-' || cp == '=' || cp == '_' || cp == '*' || cp == '~' || cp == '#' ||
           cp == '+' || (cp >= 0x2500 && cp <= 0x25FF) || (cp >= 0x2600 && cp <= 0x26FF) ||
           cp == 0x30FB || cp == 0xFF65 || cp == 0x3013 || cp == 0x2015;
}

static int sep_line(const char *s, size_t a, size_t b)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;

    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r'))
        b--;
    if (b - a == 2 && s[a] == '-' && s[a + 1] == '-')
        return 2;                                  /* "-- " (RFC 3676) */
    while (a < b) {
        unsigned cp = u[a];
        size_t w = 1;
        if (cp >= 0xE0 && cp < 0xF0 && a + 3 <= b) {
            cp = ((cp & 0x0F) << 12) | ((unsigned)(u[a + 1] & 0x3F) << 6) | (u[a + 2] & 0x3F);
            w = 3;
        }
        if (cp == ' ') {
            a++;
            continue;
        }
        if (!deco_cp(cp))
            return 0;
        n++;
        a += w;
    }
    return n >= 5 ? 1 : 0;
}

static const char *const company_kw[] = {
    "株式会社", "(株)", "㈱", "有限会社", "合同会社", "Co.,", "Ltd", "Inc.", "Corporation", "Corp.", NULL
};
static const char *const form_kw[] = { "氏名", "お名前", "生年月日", "フリガナ", NULL };
/* contact labels of a signature without separator lines */
static const char *const contact_kw[] = {
    "TEL", "Tel", "電話", "FAX", "Fax", "mail", "Mail", "MAIL", "メール", "〒", "URL", "http", NULL
};
/* a person addressed with an honorific is a record, never the sender */
static const char *const honorific_kw[] = { "様", "殿", "さん", "御中", NULL };
/* where a reply's own text ends */
static const char *const quote_kw[] = {
    "Original Message", "Forwarded", "wrote:", "転送", "元のメッセージ", NULL
};

static void sig_add(dunit *du, size_t a, size_t b)
{
    if (du->nsig == du->asig) {
        size_t na = du->asig ? du->asig * 2 : 4;
        size_t *x = sg_realloc(du->sig_start, na * sizeof(size_t));
        size_t *y;
        if (!x)
            return;
        du->sig_start = x;
        if (!(y = sg_realloc(du->sig_end, na * sizeof(size_t))))
            return;
        du->sig_end = y;
        du->asig = na;
    }
    du->sig_start[du->nsig] = a;
    du->sig_end[du->nsig++] = b;
}

static int blank_line(const char *s, size_t a, size_t b)
{
    for (; a < b; a++)
        if (s[a] != ' ' && s[a] != '\r' && s[a] != '\t')
            return 0;
    return 1;
}

static size_t line_end(const dunit *du, size_t a)
{
    const char *nl = a < du->len ? memchr(du->s + a, '\n', du->len - a) : NULL;

    return nl ? (size_t)(nl - du->s) : du->len;
}

/* Start of a line's text after a quote prefix ("> ", ">> ", " > "): a
 * quoted signature is a signature (issue 8). */
static size_t qskip(const char *s, size_t a, size_t b)
{
    size_t q = a;

    while (q < b && s[q] == ' ')
        q++;
    if (q >= b || s[q] != '>')
        return a;
    while (q < b && (s[q] == '>' || s[q] == ' '))
        q++;
    return q;
}

static int quoted(const char *s, size_t a, size_t b)
{
    return qskip(s, a, b) != a;
}

/* What follows a paragraph ending at e allows it to be a closing
 * signature: only blank lines, then the end, a quoted line ('>'), a
 * separator line, or a reply/forward marker. */
static int closing_position(const dunit *du, size_t e)
{
    size_t a = e < du->len ? e + 1 : e, b;

    while (a < du->len) {
        b = line_end(du, a);
        if (!blank_line(du->s, a, b)) {
            const char *q = du->s + a;
            while (q < du->s + b && *q == ' ')
                q++;
            return *q == '>' || sep_line(du->s, a, b) ||
                   (b - a < 120 && dunit_kw_in(du->s, a, b, quote_kw, NULL));
        }
        a = b + 1;
    }
    return 1;
}

/* A paragraph [a, e) of 2 to DETECT_SIG_MAX_LINES short lines (at most
 * DETECT_SIG_MAX_LINE_BYTES each) naming a company with contact labels, with no form labels and no honorific,
 * at a closing position: the sender's signature without rules. */
static int plain_signature(const dunit *du, size_t a, size_t e, unsigned lines)
{
    return lines <= DETECT_SIG_MAX_LINES && dunit_kw_in(du->s, a, e, company_kw, NULL) &&
           dunit_kw_in(du->s, a, e, contact_kw, NULL) && !dunit_kw_in(du->s, a, e, form_kw, NULL) &&
           !dunit_kw_in(du->s, a, e, honorific_kw, NULL) && closing_position(du, e);
}

/* A block opened by a separator line: up to the next separator line or
 * DETECT_SIG_MAX_LINES lines. It is a signature after "-- ", or when it
 * names a company and has no form labels (氏名, 生年月日 ...). A paragraph
 * without separator lines is one by plain_signature(). Blocks are found
 * in text order; every line is looked at a bounded number of times. */
static void sig_find(dunit *du)
{
    size_t a = 0;
    int para_start = 1;

    while (a < du->len) {
        size_t b = line_end(du, a), c = b, e;
        int q = quoted(du->s, a, b);
        int kind = sep_line(du->s, qskip(du->s, a, b), b), lines = 0;

        if (!kind) {
            if (blank_line(du->s, qskip(du->s, a, b), b)) {
                para_start = 1;
                a = b + 1;
                continue;
            }
            if (para_start) {           /* a paragraph: up to a blank or separator line */
                unsigned pl = 1;
                size_t pe = b, longest = b - a;
                while (pe < du->len && pl <= DETECT_SIG_MAX_LINES) {
                    size_t ns = pe + 1, ne = line_end(du, ns);
                    if (ns >= du->len || quoted(du->s, ns, ne) != q ||
                        blank_line(du->s, qskip(du->s, ns, ne), ne) ||
                        sep_line(du->s, qskip(du->s, ns, ne), ne))
                        break;
                    if (ne - ns > longest)
                        longest = ne - ns;
                    pe = ne;
                    pl++;
                }
                if (pl >= 2 && longest <= DETECT_SIG_MAX_LINE_BYTES &&
                    plain_signature(du, a, pe, pl)) {
                    sig_add(du, a, pe);
                    a = pe + 1;
                    continue;
                }
            }
            para_start = 0;
            a = b + 1;
            continue;
        }
        while (c < du->len && lines < DETECT_SIG_MAX_LINES) {
            size_t ls = c + 1;
            size_t le;
            if (ls >= du->len)
                break;
            le = line_end(du, ls);
            if (quoted(du->s, ls, le) != q)
                break;                  /* the quote ends: so does its signature */
            lines++;
            c = le;
            if (sep_line(du->s, qskip(du->s, ls, le), le))
                break;
        }
        e = c;
        if (kind == 2 || (dunit_kw_in(du->s, a, e, company_kw, NULL) &&
                          !dunit_kw_in(du->s, a, e, form_kw, NULL)))
            sig_add(du, a, e);
        a = (e > b ? e : b) + 1;      /* a closing separator line is part of the block */
        para_start = 1;
    }
}

/* The blocks are found in text order and never overlap. Queries come
 * mostly in text order: a forward cursor (sig_hint) answers those in
 * amortised O(1); a query behind it is a binary search. */
int dunit_in_signature(dunit *du, size_t pos)
{
    size_t lo = 0, hi = du->nsig, k = du->sig_hint;

    if (k < du->nsig && pos >= du->sig_start[k]) {
        while (k < du->nsig && pos >= du->sig_end[k])
            k++;
        du->sig_hint = k;
        return k < du->nsig && pos >= du->sig_start[k];
    }
    if (k >= du->nsig && du->nsig && pos >= du->sig_end[du->nsig - 1])
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pos < du->sig_start[mid])
            hi = mid;
        else if (pos >= du->sig_end[mid])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* --- lifecycle, hits, emit ------------------------------------------------ */

int dunit_init(dunit *du, detect_state *st, scan_ctx *ctx, const sg_text_unit *u)
{
    memset(du, 0, sizeof(*du));
    du->st = st;
    du->ctx = ctx;
    du->u = u;
    if (text_norm_run(&du->tn, u->text ? u->text : "", u->text ? u->len : 0) < 0)
        return -1;
    du->s = du->tn.s;
    du->len = du->tn.len;
    if (u->kind == SG_UNIT_TABLE)
        du->tab = table_build(du);
    if (u->kind == SG_UNIT_BODY || u->kind == SG_UNIT_TEXT)
        sig_find(du);
    return 0;
}

void dunit_done(dunit *du)
{
    text_norm_free(&du->tn);
    if (du->tab) {
        unsigned i;
        for (i = 0; i < DETECT_HDR_CACHE; i++)
            free(du->tab->hk_res[i]);
        free(du->tab->row_start);
        free(du->tab);
    }
    free(du->sig_start);
    free(du->sig_end);
    free(du->ps);
    free(du->pr);
    free(du->mn);
    free(du->cd);
    memset(du, 0, sizeof(*du));
}

int dunit_add_hit(dhit **arr, size_t *n, size_t *a, const dhit *h)
{
    if (*n >= DETECT_MAX_HITS_PER_UNIT)
        return -1;
    if (*n == *a) {
        size_t na = *a ? *a * 2 : 16;
        dhit *x = sg_realloc(*arr, na * sizeof(*x));
        if (!x)
            return -1;
        *arr = x;
        *a = na;
    }
    (*arr)[(*n)++] = *h;
    return 0;
}

void dunit_emit(dunit *du, const char *rule, sg_confidence conf, const char *value, size_t vlen,
                int evidence_plain, size_t pos, const char *detail, const char *key,
                unsigned persons, unsigned flags)
{
    finding_in in;
    char *ev = evidence_plain ? NULL : findings_mask(value, vlen);

    if (!du->ctx || !du->ctx->res)
        goto out;
    memset(&in, 0, sizeof(in));
    in.rule = rule;
    in.confidence = conf;
    in.location = du->u->location ? du->u->location : "";
    in.part = du->u->part;
    in.evidence = evidence_plain ? value : (ev ? ev : "");
    in.offset = text_norm_orig(&du->tn, pos);
    in.detail = detail;
    in.distinct_key = key;
    in.persons = persons;
    in.flags = flags;
    in.att_index = du->u->att_index;
    findings_add(du->ctx->res, &in);
out:
    free(ev);
}

size_t dunit_signal_from(const dunit *du, size_t pos)
{
    size_t lo = 0, hi = du->nps;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (du->ps[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
