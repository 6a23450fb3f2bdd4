/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mynumber - the `mynumber` detector: 12-digit 個人番号 with the official
 * check digit (detection-spec §3.1), written plain or 4-4-4 with the same
 * separator twice (any dash variant, space, dot; full-width digits via
 * text_norm), not part of a longer digit chain; 13-digit 法人番号 (§3.2) are
 * recognised and reported under their own informational rule id
 * `corporate-number` (LOW, SG_FF_CORPORATE: public, never personal data,
 * never acts; never part of a mynumber finding's count or flags), and
 * their 12-digit substrings are never My Numbers.
 *
 * Confidence (§5.2 C, D): HIGH with a keyword within 300 characters, a
 * column header keyword, or a column where >= 80% of at least 3 non-empty
 * cells pass the check digit; MEDIUM for 4-4-4 with another personal field
 * of the same record (a non-empty name/DOB/address cell of the same row;
 * in prose a labelled name, DOB or address signal within 100 characters
 * and the same paragraph - not a greeting's 山田様, not a signature) and
 * no negative keyword; LOW for a bare checksum match. A negative keyword
 * (注文番号, 伝票番号, TEL, 〒 ...) within 30 characters before, with no
 * My Number keyword between it and the number, labels the number as
 * something else: a keyword elsewhere in the window then gives no boost,
 * and a header/column HIGH is demoted one level (so 発送伝票番号 1234-5678-
 * 9012 stays LOW even with マイナンバー in the next paragraph, while
 * 電話：... on the line above 個人番号：... does not demote). Excluded: all-same digits, 11 same digits + check, the published
 * sample numbers, a T prefix (invoice), a unit suffix (円 % 件 ...).
 * Owns nothing beyond the unit's hit array (dunit).
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mn_kw[] = {
    "マイナンバー", "個人番号", "ﾏｲﾅﾝﾊﾞｰ", "my number", "mynumber", "共通番号", "個人識別番号",
    "個人識別ナンバー", "通知カード", "番号確認", "扶養控除", "源泉徴収", "individual number", NULL
};
/* weaker context (issue 8): the processes that handle My Numbers and the
 * spellings people use; a keyword beyond DETECT_KW_WINDOW_CHARS but in the
 * same paragraph or table counts the same way. MEDIUM: held, never passed. */
static const char *const mn_ctx[] = {
    "年末調整", "本人確認書類", "本人確認", "扶養親族", "扶養家族", "支払調書", "資格取得届",
    "マイナ番号", "ﾏｲﾅ番号", "マイナカード", "ﾏｲﾅｶｰﾄﾞ", "マイ ナンバー", "ﾏｲ ﾅﾝﾊﾞｰ", "個人 番号", "my no.",
    "my no:", "my no ", "myno", NULL
};
static const char *const mn_neg[] = {
    "注文番号", "受注番号", "発注番号", "伝票番号", "請求書番号", "見積番号", "受付番号",
    "問合せ番号", "問い合わせ番号", "管理番号", "会員番号", "お客様番号", "契約番号", "証券番号",
    "追跡番号", "送り状番号", "製造番号", "シリアル", "伝票", "参加コード", "会議ID", "型番", "品番", "JAN", "ISBN", "登録番号", "法人番号",
    "口座番号", "電話", "TEL", "FAX", "〒", "order", "invoice", "tracking", "serial", NULL
};
static const char *const field_kw[] = {
    "氏名", "名前", "フリガナ", "ふりがな", "生年月日", "誕生日", "住所", "〒", "様", "殿", "性別",
    "name", "birth", "address", NULL
};
/* published sample values (detection-spec §3.1): never a person's number */
static const char *const samples[] = {
    "123456789018", "621498320257", "465281266333", "548836529885", "983205673214", NULL
};
/* a number directly followed by one of these is a quantity, not an id */
static const char *const unit_suffix[] = {
    "円", "%", "個", "件", "kg", "枚", "本", "台", "名", "人", "回", "歳", "株", "口", "号", "年",
    "月", "日", "時", "分", "秒", "g", "m", "ドル", NULL
};

int mynumber_check_digit(const char *d11)
{
    static const int w[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
    int i, s = 0, r;

    for (i = 0; i < 11; i++) {
        if (!dunit_isdigit((unsigned char)d11[i]))
            return -1;
        s += (d11[i] - '0') * w[i];
    }
    r = s % 11;
    return r <= 1 ? 0 : 11 - r;
}

int mynumber_valid(const char *d12)
{
    int cd = mynumber_check_digit(d12);

    return cd >= 0 && dunit_isdigit((unsigned char)d12[11]) && cd == d12[11] - '0';
}

int mynumber_corporate_valid(const char *d13)
{
    int i, s = 0, wt = 1;

    if (d13[0] < '1' || d13[0] > '9')
        return 0;
    for (i = 12; i >= 1; i--) {
        if (!dunit_isdigit((unsigned char)d13[i]))
            return 0;
        s += (d13[i] - '0') * wt;
        wt = wt == 1 ? 2 : 1;
    }
    return 9 - s % 9 == d13[0] - '0';
}

static int excluded(const char *d)
{
    int i, same = 1;

    for (i = 1; i < 11; i++)
        if (d[i] != d[0])
            same = 0;
    if (same)
        return 1;          /* all-same, or 11 same digits + check digit */
    for (i = 0; samples[i]; i++)
        if (memcmp(d, samples[i], 12) == 0)
            return 1;
    return 0;
}

static int has_unit_suffix(const dunit *du, size_t end)
{
    size_t i;

    for (i = 0; unit_suffix[i]; i++) {
        size_t l = strlen(unit_suffix[i]);
        if (end + l <= du->len && memcmp(du->s + end, unit_suffix[i], l) == 0)
            return 1;
    }
    return 0;
}

static int same_seps(const dchain *c, unsigned n)
{
    unsigned i;

    for (i = 1; i + 1 < n; i++)
        if (c->sep[i] != c->sep[0])
            return 0;
    return 1;
}

static void fill_hit(dunit *du, const dchain *c, dhit *h)
{
    size_t n = c->end - c->start;
    size_t a, b;

    memset(h, 0, sizeof(*h));
    h->start = c->start;
    h->end = c->end;
    if (n >= sizeof(h->value))
        n = sizeof(h->value) - 1;
    memcpy(h->value, du->s + c->start, n);
    memcpy(h->digits, c->digits, sizeof(h->digits));
    h->row = dunit_row_of(du, c->start, &h->col);
    dunit_cell_span(du, c->start, &a, &b);
    while (a < b && (du->s[a] == ' ' || du->s[a] == '"'))
        a++;
    while (b > a && (du->s[b - 1] == ' ' || du->s[b - 1] == '"' || du->s[b - 1] == '\r'))
        b--;
    h->whole_cell = a == c->start && b == c->end;
}

static int mynumber_one(dunit *du, const dchain *c);

/* A 12-digit number a spreadsheet shows in E notation (1.23457E+11): the
 * digits are lost. In a table cell under a My Number header it marks the
 * column as a probable My Number column (MEDIUM, never HIGH); the digits
 * are never invented - the value and key are the text as written. */
static int lossy_cell(dunit *du, const dchain *c)
{
    size_t e = c->end, n;
    dhit h;

    if (!du->tab || c->ngroups != 2 || c->glen[0] != 1 || c->sep[0] != '.' ||
        e + 4 > du->len || (du->s[e] != 'E' && du->s[e] != 'e') || du->s[e + 1] != '+' ||
        du->s[e + 2] != '1' || du->s[e + 3] != '1' ||
        (e + 4 < du->len && dunit_isalnum((unsigned char)du->s[e + 4])))
        return 0;
    memset(&h, 0, sizeof(h));
    h.start = c->start;
    h.end = e + 4;
    n = h.end - h.start < sizeof(h.value) - 1 ? h.end - h.start : sizeof(h.value) - 1;
    memcpy(h.value, du->s + h.start, n);
    memcpy(h.digits, h.value, n < sizeof(h.digits) - 1 ? n : sizeof(h.digits) - 1);
    h.row = dunit_row_of(du, h.start, &h.col);
    h.lossy = 1;
    h.layout = "in E notation (digits lost)";
    if (!dunit_header_kw(du, h.col, mn_kw))
        return 0;
    dunit_add_hit(&du->mn, &du->nmn, &du->amn, &h);
    return 1;
}

/* An identifier chain: the whole of it, else a window of its groups that
 * stands apart (dunit_window_ok): 12 digits, 4-4-4, 1-4-4-4 法人番号. */
void mynumber_chain(dunit *du, const dchain *c)
{
    unsigned a, n, ng = c->ngroups < DETECT_MAX_GROUPS ? c->ngroups : DETECT_MAX_GROUPS;
    static const unsigned widths[] = { 1, 3, 4 };
    dchain w;

    if (lossy_cell(du, c) || mynumber_one(du, c) || c->ngroups > DETECT_MAX_GROUPS || c->singles)
        return;
    for (a = 0; a < ng; a++)
        for (n = 0; n < 3; n++) {
            unsigned b = a + widths[n] - 1;
            if (b >= ng || (a == 0 && b == ng - 1) || !dunit_window_ok(c, a, b) ||
                dunit_subchain(du->s, c, a, b, &w) < 0)
                continue;
            if (mynumber_one(du, &w)) {
                a = b;
                break;
            }
        }
}

/* 1 when c was taken as a candidate */
static int mynumber_one(dunit *du, const dchain *c)
{
    dhit h;
    unsigned char before = c->start ? (unsigned char)du->s[c->start - 1] : 0;
    unsigned char after = c->end < du->len ? (unsigned char)du->s[c->end] : 0;
    int single12;

    if ((c->ndigits != 12 && c->ndigits != 13) || dunit_isalnum(before) || dunit_isalnum(after) ||
        has_unit_suffix(du, c->end))
        return 0;          /* T-prefixed invoice numbers, codes, quantities */
    if (c->ndigits == 13 && c->ngroups <= DETECT_MAX_GROUPS && !c->float_tail &&
        (c->ngroups == 1 || (c->ngroups == 4 && c->glen[0] == 1 && c->glen[1] == 4 &&
                             c->glen[2] == 4 && c->glen[3] == 4 && same_seps(c, 4))) &&
        mynumber_corporate_valid(c->digits)) {
        fill_hit(du, c, &h);
        h.corporate = 1;
        dunit_add_hit(&du->mn, &du->nmn, &du->amn, &h);
        return 1;
    }
    if (c->ndigits != 12)
        return 0;
    /* one digit per cell (12 cells of a form row, tab-joined) */
    single12 = c->singles && c->ngroups == 12 && !c->wrapped;
    if (!(c->ngroups == 1 || single12 ||
          (c->ngroups == 3 && c->glen[0] == 4 && c->glen[1] == 4)))
        return 0;
    if (!mynumber_valid(c->digits) || excluded(c->digits))
        return 0;
    fill_hit(du, c, &h);
    /* the usual grouping: 4-4-4 with one separator class (not cells) */
    h.grouped = c->ngroups == 3 && c->sep[0] == c->sep[1] && c->sep[0] != '\t';
    h.layout = single12 ? "one digit per cell" : c->float_tail ? "stored as a float" :
               c->ngroups == 3 && c->sep[0] == '\t' ? "4/4/4 cells" :
               c->ngroups == 3 && c->sep[0] != c->sep[1] ? "mixed separators" :
               c->wrapped ? "wrapped across lines" : NULL;
    if (single12 || (c->ngroups == 3 && c->sep[0] == '\t'))
        h.whole_cell = 0;
    dunit_add_hit(&du->mn, &du->nmn, &du->amn, &h);
    return 1;
}

static unsigned chars_between(const char *s, size_t a, size_t b)
{
    unsigned n = 0;

    for (; a < b; a++)
        if (((unsigned char)s[a] & 0xC0) != 0x80)
            n++;
    return n;
}

static int column_is_mynumber(const dunit *du, const unsigned *pass, int col)
{
    unsigned ne;

    if (!du->tab || col < 0 || (unsigned)col >= du->tab->ncols)
        return 0;
    ne = du->tab->nonempty[col];
    return ne >= 3 && pass[col] >= 3 && pass[col] * 5 >= ne * 4;
}

/* Another personal field of the same person (§5.2 C): in a table, a
 * non-empty cell of the same row under a name/DOB/address header; in prose,
 * a personal-data signal of this unit (a labelled name, a date of birth,
 * an address; honorific names such as a greeting's 山田様 and anything in
 * a mail signature do not count) within DETECT_FIELD_WINDOW_CHARS and the
 * same paragraph. */
static int row_field(const dunit *du, const dhit *h)
{
    const dtable *t = du->tab;
    size_t a, e;
    unsigned col = 0;

    if (h->row < 0 || !t->header || (size_t)h->row >= t->nrows)
        return 0;
    a = t->row_start[h->row];
    e = t->row_start[h->row + 1];
    while (a < e && col < t->ncols) {
        const char *tab = memchr(du->s + a, '\t', e - a);
        size_t b = tab ? (size_t)(tab - du->s) : e;
        if ((int)col != h->col && dunit_header_kw(du, (int)col, field_kw)) {
            size_t i;
            for (i = a; i < b; i++)
                if (du->s[i] != ' ' && du->s[i] != '"' && du->s[i] != '\r' && du->s[i] != '\n')
                    return 1;
        }
        col++;
        if (!tab)
            break;
        a = b + 1;
    }
    return 0;
}

static int blank_line_between(const dunit *du, size_t a, size_t b)
{
    static const char *const br[] = { "\n\n", "\n\r\n", "\n \n", NULL };

    return b > a && dunit_kw_in(du->s, a, b, br, NULL) != NULL;
}

static int field_near(const dunit *du, const dhit *h)
{
    size_t i, from, to;

    if (du->tab)
        return row_field(du, h);
    from = dunit_back(du->s, h->start, DETECT_FIELD_WINDOW_CHARS);
    to = dunit_fwd(du->s, du->len, h->end, DETECT_FIELD_WINDOW_CHARS);
    for (i = dunit_signal_from(du, from > DETECT_SIGNAL_MAX_BYTES ? from - DETECT_SIGNAL_MAX_BYTES : 0);
         i < du->nps && du->ps[i].start < to; i++) {
        const psignal *g = &du->ps[i];
        if (g->end <= from)
            continue;
        if (!(g->kind == PK_DOB || g->kind == PK_ADDRESS ||
              (g->kind == PK_NAME && (g->flags & PS_LABELLED))))
            continue;
        if (g->end <= h->start ? !blank_line_between(du, g->end, h->start)
                               : !blank_line_between(du, h->end, g->start))
            return 1;
    }
    return 0;
}

/* The negative keyword labelling this number: one within
 * DETECT_NEG_WINDOW_CHARS before it with no positive keyword between
 * (電話：... on the line above 個人番号： labels the phone, not this). */
static const char *own_negative(const dunit *du, const dhit *h)
{
    size_t at = 0;
    const char *k = dunit_kw_near(du, h->start, h->end, DETECT_NEG_WINDOW_CHARS, 0, mn_neg, &at);

    if (k && dunit_kw_in(du->s, at + strlen(k), h->start, mn_kw, NULL))
        return NULL;
    return k;
}

/* Line start at or before pos. */
static size_t line_start(const dunit *du, size_t pos)
{
    while (pos > 0 && du->s[pos - 1] != '\n')
        pos--;
    return pos;
}

static unsigned tabs_in(const char *s, size_t a, size_t b)
{
    unsigned n = 0;

    for (; a < b; a++)
        n += s[a] == '\t';
    return n;
}

/* A negative label heading the list or the column this number is in
 * (issue 8): walking up from the number's line through the lines of the same
 * paragraph, the first line with a negative keyword - in the same
 * tab-separated column when that line has tabs - labels every number below
 * it ("追跡番号" above twenty 4-4-4 numbers). A line with a My Number keyword
 * (or the number's own line having one) ends the walk: that label is ours. */
static const char *list_walk(const dunit *du, size_t ls, unsigned col)
{
    size_t a, e = ls, at;
    unsigned lines = 0;
    const char *k;

    while (e > 0 && lines++ < DETECT_LIST_MAX_LINES) {
        a = line_start(du, e - 1);
        if (e - a <= 2 && (e - a == 1 || du->s[a] == '\r'))
            return NULL;                    /* a blank line ends the list */
        if (dunit_kw_in(du->s, a, e, mn_kw, NULL))
            return NULL;
        if ((k = dunit_kw_in(du->s, a, e, mn_neg, &at)) &&
            (!memchr(du->s + a, '\t', e - a) || tabs_in(du->s, a, at) == col))
            return k;
        if (du->ln_valid && a == du->ln_line && col == du->ln_col)
            return du->ln_res;              /* the walk from that line is known */
        e = a;
    }
    return NULL;
}

static const char *list_negative(const dunit *du, const dhit *h)
{
    size_t ls = line_start(du, h->start);
    unsigned col = tabs_in(du->s, ls, h->start);
    const char *k;
    dunit *m = (dunit *)du;                 /* the cache only; du itself is not const */

    if (du->tab || dunit_kw_in(du->s, ls, h->start, mn_kw, NULL))
        return NULL;
    if (du->ln_valid && ls == du->ln_line && col == du->ln_col)
        return du->ln_res;
    k = list_walk(du, ls, col);
    m->ln_line = ls;
    m->ln_col = col;
    m->ln_res = k;
    m->ln_valid = 1;
    return k;
}

/* The paragraph around [a, b): up to the blank lines before and after,
 * at most DETECT_PARA_MAX_CHARS each side. */
static void paragraph(const dunit *du, size_t a, size_t b, size_t *pa, size_t *pb)
{
    static const char *const br[] = { "\n\n", "\n\r\n", "\n \n", NULL };
    size_t lo = dunit_back(du->s, a, DETECT_PARA_MAX_CHARS);
    size_t hi = dunit_fwd(du->s, du->len, b, DETECT_PARA_MAX_CHARS), at, x = lo;

    while (x < a && dunit_kw_in(du->s, x, a, br, &at))
        x = at + 1;
    *pa = x;
    *pb = dunit_kw_in(du->s, b, hi, br, &at) ? at : hi;
}

/* A My Number keyword anywhere in the unit (looked for once): without one
 * no paragraph search is needed. */
static int unit_has_keyword(const dunit *du)
{
    dunit *m = (dunit *)du;                 /* the cache only */

    if (!du->mkw_state)
        m->mkw_state = dunit_kw_in(du->s, 0, du->len, mn_kw, NULL) ? 2 : 1;
    return du->mkw_state == 2;
}

static sg_confidence score(const dunit *du, const dhit *h, const unsigned *pass, char *det,
                           size_t dl)
{
    sg_confidence conf = SG_CONF_LOW;
    const char *k, *own = own_negative(du, h);
    const char *neg;
    size_t at = 0, pa, pb;

    if (!own)
        own = list_negative(du, h);
    neg = own ? own : dunit_header_kw(du, h->col, mn_neg);

    snprintf(det, dl, "check digit only");
    if (h->lossy) {
        snprintf(det, dl, "column %d header has %s: a value in E notation, digits lost "
                 "(probable My Number column)", h->col + 1, dunit_header_kw(du, h->col, mn_kw));
        return SG_CONF_MEDIUM;
    }
    /* a number labelled as something else (注文番号, 伝票番号 ...) takes no
     * boost from a My Number keyword elsewhere in the window */
    if (!own &&
        (k = dunit_kw_near(du, h->start, h->end, DETECT_KW_WINDOW_CHARS, DETECT_KW_WINDOW_CHARS,
                           mn_kw, &at))) {
        conf = SG_CONF_HIGH;
        snprintf(det, dl, "keyword %s %u chars %s", k,
                 at < h->start ? chars_between(du->s, at + strlen(k), h->start)
                               : chars_between(du->s, h->end, at),
                 at < h->start ? "before" : "after");
    } else if ((k = dunit_header_kw(du, h->col, mn_kw))) {
        conf = SG_CONF_HIGH;
        snprintf(det, dl, "column %d header has %s", h->col + 1, k);
    } else if (h->whole_cell && column_is_mynumber(du, pass, h->col)) {
        conf = SG_CONF_HIGH;
        snprintf(det, dl, "column %d: %u of %u cells pass the check digit", h->col + 1,
                 pass[h->col], du->tab->nonempty[h->col]);
    } else if (!neg && h->grouped && field_near(du, h)) {
        conf = SG_CONF_MEDIUM;
        snprintf(det, dl, "4-4-4 with another personal field of the same record");
    } else if (!own && (k = dunit_kw_near(du, h->start, h->end, DETECT_KW_WINDOW_CHARS,
                                          DETECT_KW_WINDOW_CHARS, mn_ctx, &at))) {
        conf = SG_CONF_MEDIUM;
        snprintf(det, dl, "context word %s %s the number", k, at < h->start ? "before" : "after");
    } else if (!own && unit_has_keyword(du) && (paragraph(du, h->start, h->end, &pa, &pb),
                        (k = dunit_kw_in(du->s, pa, h->start, mn_kw, &at)) ||
                        (k = dunit_kw_in(du->s, h->end, pb, mn_kw, &at)))) {
        conf = SG_CONF_MEDIUM;
        snprintf(det, dl, "keyword %s in the same paragraph/table, %u chars %s", k,
                 at < h->start ? chars_between(du->s, at + strlen(k), h->start)
                               : chars_between(du->s, h->end, at),
                 at < h->start ? "before" : "after");
    } else if (!neg && h->grouped) {
        conf = SG_CONF_MEDIUM;
        snprintf(det, dl, "4-4-4 grouping with a valid check digit, nothing labels it as another number");
    }
    if (neg) {
        size_t l = strlen(det);
        if (conf > SG_CONF_LOW)
            conf = (sg_confidence)(conf - 1);
        snprintf(det + l, dl - l, "; lowered: labelled %s%s", neg,
                 own && own != own_negative(du, h) ? " (heads the list/column)" : "");
    }
    if (h->layout) {
        size_t l = strlen(det);
        snprintf(det + l, dl - l, "; written %s", h->layout);
    }
    return conf;
}

static void emit_corporate(dunit *du, const dhit *h)
{
    char key[40];

    snprintf(key, sizeof(key), "%s", h->digits);
    dunit_emit(du, "corporate-number", SG_CONF_LOW, h->value, strlen(h->value), 0, h->start,
               "法人番号 (corporate number: public, not personal data)", key, 0, SG_FF_CORPORATE);
}

/* Table persons: distinct rows with a My Number at the best confidence seen. */
static unsigned rows_with(const dunit *du, const sg_confidence *conf, sg_confidence min)
{
    unsigned n = 0;
    long last = -2;
    size_t i;

    for (i = 0; i < du->nmn; i++)
        if (!du->mn[i].corporate && conf[i] >= min && du->mn[i].row != last) {
            n++;
            last = du->mn[i].row;
        }
    return n;
}

void mynumber_end(dunit *du)
{
    unsigned pass[DETECT_MAX_COLUMNS];
    sg_confidence *conf;
    sg_confidence best = SG_CONF_LOW;
    unsigned persons = 0;
    char det[256];
    size_t i;

    if (!du->nmn)
        return;
    memset(pass, 0, sizeof(pass));
    for (i = 0; i < du->nmn; i++)
        if (!du->mn[i].corporate && du->mn[i].whole_cell && du->mn[i].col >= 0 &&
            !(du->tab && du->tab->header && du->mn[i].row == 0))
            pass[du->mn[i].col]++;
    if (!(conf = sg_calloc(du->nmn, sizeof(*conf))))
        return;
    for (i = 0; i < du->nmn; i++)
        if (!du->mn[i].corporate && (conf[i] = score(du, &du->mn[i], pass, det, 1)) > best)
            best = conf[i];
    if (du->tab)
        persons = rows_with(du, conf, best);
    for (i = 0; i < du->nmn; i++) {
        const dhit *h = &du->mn[i];
        if (h->corporate) {
            emit_corporate(du, h);
            continue;
        }
        if (conf[i] == SG_CONF_LOW && best > SG_CONF_LOW)
            continue;       /* a checksum-only value beside real ones would inflate the count */
        score(du, h, pass, det, sizeof(det));
        dunit_emit(du, "mynumber", conf[i], h->value, strlen(h->value), 0, h->start, det,
                   h->digits, persons, 0);
    }
    free(conf);
}
