/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * personal - the `personal-data` detector: identifier kinds of one person
 * found together (detection-spec §4.1-4.6):
 *   name     labels 氏名/名前/お名前/フリガナ with a value; 2-4 kanji + 様/さん/殿/氏
 *   address  〒NNN-NNNN / 郵便番号; 市区町村郡 followed by 丁目, 番地 or 1-2-3
 *   phone    fixed (10 digits), mobile 090/080/070/060, IP 050, +81 forms;
 *            0120/0800/0570/0990 and numbers labelled 代表/FAX are business
 *   email    user@domain (role mailboxes info@, support@ ... are weak)
 *   DOB      Western or 和暦 (明治..令和, M/T/S/H/R) validated dates, only with
 *            a DOB keyword (生年月日, 誕生日, 生まれ, DOB ...) or in a DOB column
 *   bank     7 digits after 口座 with 普通/当座/支店/銀行 near (SG_FF_FINANCIAL)
 * Prose: signals within 200 characters and one paragraph form a person; a
 * new name starts a new person. A person needs two kinds and a person
 * signal: a labelled name, a personal phone, a DOB or a bank account, or an
 * honorific name with something other than an e-mail address. Signals in a
 * mail signature block (dunit) never count, so a company signature (company
 * address + 代表 phone + department address) is not personal data.
 * Tables: header columns give kinds; a row with two kinds is a person; one
 * finding with persons = rows. Lists pasted into a body without a header
 * (issue 8): 3+ consecutive lines of a name-like first field plus an
 * address or phone are persons (list_persons). A name with nothing else is
 * kept as a PS_NAMEONLY record for sensitive.c only.
 * Confidence: MEDIUM for 2 kinds, HIGH for 3+ kinds or a table.
 * Owns: the unit's signal and person arrays (dunit).
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const dob_kw[] = {
    "生年月日", "誕生日", "生まれ", "DOB", "date of birth", "birthday", "birth", NULL
};
static const char *const phone_personal_kw[] = { "携帯", "自宅", "緊急連絡先", "mobile", "cell", NULL };
static const char *const phone_business_kw[] = {
    "代表", "FAX", "ファックス", "ファクス", "受付", "窓口", "フリーダイヤル", "本社", "営業所",
    "コールセンター", "サポート", NULL
};
static const char *const phone_kw[] = { "電話", "TEL", "携帯", "連絡先", "phone", NULL };
static const char *const postal_kw[] = { "〒", "郵便番号", "zip", NULL };
static const char *const bank_ctx_kw[] = {
    "普通", "当座", "支店", "店番", "貯蓄", "銀行", "信用金庫", "信金", "ゆうちょ", NULL
};
static const char *const email_kw[] = { "メール", "mail", NULL };
static const char *const town_kw[] = { "市", "区", "町", "村", "郡", NULL };
static const char *const role_mailbox[] = {
    "info", "support", "sales", "contact", "noreply", "no-reply", "admin", "webmaster",
    "postmaster", "office", "service", "help", "press", "recruit", "saiyo", "soumu", "jinji", NULL
};

/* header keywords of table columns, by kind */
static const char *const hdr_name[] = { "氏名", "名前", "姓名", "フリガナ", "ふりがな", NULL };
static const char *const hdr_name_exact[] = {
    "name", "full name", "first name", "last name", "family name", "given name", "氏", "姓", "名",
    NULL
};
static const char *const hdr_addr[] = { "住所", "郵便番号", "〒", "address", "zip", "postal", NULL };
static const char *const hdr_phone[] = { "電話", "TEL", "携帯", "phone", "mobile", NULL };
static const char *const hdr_email[] = { "メール", "mail", NULL };
static const char *const hdr_dob[] = { "生年月日", "誕生日", "birth", "DOB", NULL };
static const char *const hdr_bank[] = { "口座", "account", NULL };

static unsigned cp_at(const char *s, size_t len, size_t pos)
{
    const unsigned char *p = (const unsigned char *)s + pos;

    if (pos + 3 > len || (p[0] & 0xF0) != 0xE0)
        return 0;
    return ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

static int is_kanji(unsigned cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || cp == 0x3005 || (cp >= 0x3400 && cp <= 0x4DBF);
}

static int starts(const dunit *du, size_t pos, const char *w)
{
    size_t l = strlen(w);

    return pos + l <= du->len && memcmp(du->s + pos, w, l) == 0;
}

static void psig_add(dunit *du, unsigned kind, unsigned flags, size_t a, size_t b)
{
    size_t j;

    if ((du->nsig && dunit_in_signature(du, a)) || du->nps >= DETECT_MAX_SIGNALS)
        return;
    if (du->nps == du->aps) {
        size_t na = du->aps ? du->aps * 2 : 32;
        psignal *x = sg_realloc(du->ps, na * sizeof(*x));
        if (!x)
            return;
        du->ps = x;
        du->aps = na;
    }
    /* kept sorted by start: a signal starts at most a line or a few
     * characters before the anchor that found it, so this moves few */
    j = du->nps;
    while (j > 0 && du->ps[j - 1].start > a)
        j--;
    memmove(du->ps + j + 1, du->ps + j, (du->nps - j) * sizeof(*du->ps));
    du->ps[j].kind = kind;
    du->ps[j].flags = flags;
    du->ps[j].start = a;
    du->ps[j].end = b;
    du->nps++;
}

static const char *header_of(const dunit *du, size_t pos, const char *const *kws)
{
    int col;

    if (!du->tab || dunit_row_of(du, pos, &col) <= 0)
        return NULL;
    return dunit_header_kw(du, col, kws);
}

/* --- phone ---------------------------------------------------------------- */

/* Reads digits with single separators ('-', ' ', '(', ')'); *nd digits into d. */
static size_t phone_read(const dunit *du, size_t p, char *d, size_t *nd, int *seps)
{
    size_t end = p;
    int run = 0;

    *nd = 0;
    *seps = 0;
    while (p < du->len && *nd < 14) {
        char c = du->s[p];
        if (dunit_isdigit((unsigned char)c)) {
            d[(*nd)++] = c;
            end = ++p;
            *seps += run;        /* separators count only between digits */
            run = 0;
        } else if ((c == '-' || c == ' ' || c == '(' || c == ')') && run < 2) {
            p++;
            run++;
        } else {
            break;
        }
    }
    d[*nd] = 0;
    return end;
}

/* 0 none, 1 fixed, 2 mobile, 3 IP phone, -1 business number */
static int phone_class(const char *d, size_t n)
{
    if (n == 10 && d[0] == '0' && d[1] != '0') {
        if (!strncmp(d, "0120", 4) || !strncmp(d, "0570", 4) || !strncmp(d, "0990", 4) ||
            !strncmp(d, "0800", 4))
            return -1;
        return 1;
    }
    if (n == 11 && d[0] == '0') {
        if (!strncmp(d, "090", 3) || !strncmp(d, "080", 3) || !strncmp(d, "070", 3) ||
            !strncmp(d, "060", 3))
            return 2;
        if (!strncmp(d, "050", 3))
            return 3;
        if (!strncmp(d, "0800", 4))
            return -1;
    }
    return 0;
}

static size_t phone_try(dunit *du, const dchain *c)
{
    char d[16], nat[16];
    size_t nd, end, start = c->start;
    int seps, cls;
    unsigned flags = 0;

    end = phone_read(du, c->start, d, &nd, &seps);
    if (start > 0 && du->s[start - 1] == '(')
        start--;
    if (start > 0 && du->s[start - 1] == '+' && nd >= 11 && d[0] == '8' && d[1] == '1') {
        snprintf(nat, sizeof(nat), "0%s", d + 2 + (d[2] == '0'));
        start--;
    } else {
        memcpy(nat, d, nd + 1);
    }
    if (end < du->len && dunit_isalnum((unsigned char)du->s[end]))
        return 0;
    if (start > 0 && dunit_isalnum((unsigned char)du->s[start - 1]))
        return 0;
    cls = phone_class(nat, strlen(nat));
    if (cls <= 0)
        return cls < 0 ? end : 0;
    if (!seps && cls == 1 && !dunit_kw_near(du, start, end, 12, 0, phone_kw, NULL) &&
        !header_of(du, start, hdr_phone))
        return 0;
    if (cls == 1 && dunit_kw_near(du, start, end, 12, 0, phone_business_kw, NULL))
        return end;
    if (cls == 2)
        flags |= PS_PERSONAL;
    if (dunit_kw_near(du, start, end, 12, 0, phone_personal_kw, NULL))
        flags |= PS_PERSONAL | PS_LABELLED;
    psig_add(du, PK_PHONE, flags, start, end);
    return end;
}

/* --- dates of birth --------------------------------------------------------- */

static int days_in(int y, int m)
{
    static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static size_t read_num(const dunit *du, size_t p, int maxd, int *v, int *nd)
{
    *v = 0;
    *nd = 0;
    while (p < du->len && dunit_isdigit((unsigned char)du->s[p]) && *nd < maxd) {
        *v = *v * 10 + (du->s[p] - '0');
        (*nd)++;
        p++;
    }
    return p;
}

/* era before pos: returns the Western offset and the era's last year, 0 none */
static int era_before(const dunit *du, size_t pos, int *maxy, char *era)
{
    static const struct { const char *kanji; char letter; int off, maxy; } eras[] = {
        { "明治", 'M', 1867, 45 }, { "大正", 'T', 1911, 15 }, { "昭和", 'S', 1925, 64 },
        { "平成", 'H', 1988, 31 }, { "令和", 'R', 2018, 99 },
    };
    size_t i, p = pos;

    if (p > 0 && du->s[p - 1] == '.')
        p--;
    for (i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
        if (pos >= 6 && memcmp(du->s + pos - 6, eras[i].kanji, 6) == 0) {
            *maxy = eras[i].maxy;
            *era = eras[i].letter;
            return eras[i].off;
        }
        if (p > 0 && (du->s[p - 1] == eras[i].letter || du->s[p - 1] == eras[i].letter + 32) &&
            !(p > 1 && dunit_isalnum((unsigned char)du->s[p - 2]))) {
            *maxy = eras[i].maxy;
            *era = eras[i].letter;
            return eras[i].off;
        }
    }
    return 0;
}

static int era_ok(char era, int ey, int m, int d)
{
    if (era == 'S' && ey == 64 && !(m == 1 && d <= 7))
        return 0;
    if (era == 'H' && ey == 1 && m == 1 && d < 8)
        return 0;
    if (era == 'H' && ey == 31 && m > 4)
        return 0;
    if (era == 'R' && ey == 1 && m < 5)
        return 0;
    return 1;
}

/* Parses a date at pos; returns its end or 0. */
static size_t date_parse(const dunit *du, size_t pos, int *year)
{
    int a, b, c, na, nb, nc, off, maxy = 0, kanji;
    char era = 0;
    size_t p = read_num(du, pos, 8, &a, &na), q;

    off = era_before(du, pos, &maxy, &era);
    if (na == 8 && !off) {                               /* YYYYMMDD */
        c = a % 100; b = (a / 100) % 100; a /= 10000;
        q = p;
    } else {
        if (p >= du->len)
            return 0;
        kanji = starts(du, p, "年");
        if (!kanji && !strchr("/-.", du->s[p]))
            return 0;
        p += kanji ? 3 : 1;
        p = read_num(du, p, 2, &b, &nb);
        if (!nb || p >= du->len)
            return 0;
        if (kanji ? !starts(du, p, "月") : du->s[p] != du->s[pos + (size_t)na])
            return 0;
        p += kanji ? 3 : 1;
        q = read_num(du, p, 2, &c, &nc);
        if (!nc)
            return 0;
        if (kanji && starts(du, q, "日"))
            q += 3;
    }
    if (off) {
        if (na > 2 || a < 1 || a > maxy || !era_ok(era, a, b, c))
            return 0;
        a += off;
    } else if (na != 4 && na != 8) {
        return 0;
    }
    if (a < 1868 || a > 2100 || b < 1 || b > 12 || c < 1 || c > days_in(a, b))
        return 0;
    *year = a;
    return q;
}

static size_t dob_try(dunit *du, const dchain *c)
{
    int y;
    size_t end = date_parse(du, c->start, &y), a = c->start;

    if (!end)
        return 0;
    while (a > 0 && !(du->s[a - 1] == ' ' || du->s[a - 1] == '\t' || du->s[a - 1] == '\n' ||
                      du->s[a - 1] == ':') && c->start - a < 7)
        a--;      /* include an era prefix */
    if (dunit_kw_near(du, c->start, end, 20, 0, dob_kw, NULL) || starts(du, end, "生") ||
        header_of(du, c->start, hdr_dob))
        psig_add(du, PK_DOB, PS_LABELLED | PS_PERSONAL, a, end);
    return end;
}

/* --- postal code, address, bank -------------------------------------------- */

static int postal_try(dunit *du, const dchain *c)
{
    size_t a = c->start;

    if (!(c->ngroups == 2 && c->glen[0] == 3 && c->glen[1] == 4 && c->sep[0] == '-'))
        return 0;
    while (a > 0 && du->s[a - 1] == ' ')
        a--;
    if (!dunit_kw_near(du, a, c->end, 8, 0, postal_kw, NULL) && !header_of(du, c->start, hdr_addr))
        return 0;
    psig_add(du, PK_ADDRESS, PS_LABELLED, c->start, c->end);
    return 1;
}

static int address_try(dunit *du, const dchain *c)
{
    size_t from, to;
    int dashed = c->ngroups >= 2 && c->ngroups <= 3 && c->sep[0] == '-' && c->ndigits <= 8 &&
                 (c->ngroups < 3 || c->sep[1] == '-');

    if (!dashed && !starts(du, c->end, "丁目") && !starts(du, c->end, "番地") &&
        !(starts(du, c->end, "番") && c->end + 3 < du->len &&
          dunit_isdigit((unsigned char)du->s[c->end + 3])))
        return 0;
    dunit_line_span(du, c->start, &from, &to);
    if (c->start - from > 75)
        from = dunit_back(du->s, c->start, 25);
    if (!dunit_kw_in(du->s, from, c->start, town_kw, NULL))
        return 0;
    psig_add(du, PK_ADDRESS, 0, from, c->end);
    return 1;
}

static int bank_try(dunit *du, const dchain *c)
{
    static const char *const acct[] = { "口座", NULL };

    if (c->ngroups != 1 || c->ndigits != 7)
        return 0;
    if (header_of(du, c->start, hdr_bank) ||
        (dunit_kw_near(du, c->start, c->end, 30, 0, acct, NULL) &&
         dunit_kw_near(du, c->start, c->end, 60, 30, bank_ctx_kw, NULL))) {
        psig_add(du, PK_BANK, PS_LABELLED | PS_PERSONAL, c->start, c->end);
        return 1;
    }
    return 0;
}

size_t personal_chain(dunit *du, const dchain *c)
{
    size_t e;

    if (du->nsig && dunit_in_signature(du, c->start))
        return c->end;              /* signature blocks never count: skip the work */
    if ((e = phone_try(du, c)))
        return e;
    if ((e = dob_try(du, c)))
        return e;
    if (postal_try(du, c) || bank_try(du, c))
        return c->end;
    address_try(du, c);
    return c->end;
}

/* --- names and e-mail --------------------------------------------------------- */

static void honorific(dunit *du, size_t pos)
{
    static const char *const bad_last[] = {
        "者", "社", "方", "位", "員", "長", "部", "課", "室", "局", "所", "店", "係", "会", "様",
        "殿", "皆", "宛", "先", "氏", "客", "人", "家", "達", "共", NULL
    };
    static const char *const bad_first[] = { "御", "貴", "各", "皆", "弊", "当", NULL };
    size_t p = pos, end, q;
    int n = 0, space = 0, kana = 0;

    while (p > 0 && du->s[p - 1] == ' ')
        p--;
    end = p;
    /* a hiragana given name after a kanji family name (佐藤 さくらさん) */
    while (p > 0 && kana <= 4) {
        unsigned c;
        q = dunit_back(du->s, p, 1);
        c = cp_at(du->s, du->len, q);
        if (!(c >= 0x3041 && c <= 0x3093))
            break;
        kana++;
        p = q;
    }
    if (kana && (kana < 2 || kana > 4)) {
        p = end;
        kana = 0;
    }
    if (kana) {
        /* only with a space between: 佐藤 さくらさん (not 先生のおくさん) */
        if (p < 1 || du->s[p - 1] != ' ' || p - 1 == 0 ||
            !is_kanji(cp_at(du->s, du->len, dunit_back(du->s, p - 1, 1))))
            return;               /* みなさん, お客さま ...: no family name */
        p--;
        space = 1;
    }
    while (p > 0 && n <= 6) {
        q = dunit_back(du->s, p, 1);
        if (is_kanji(cp_at(du->s, du->len, q))) {
            n++;
            p = q;
        } else if (du->s[q] == ' ' && n > 0 && !space && q > 0 &&
                   is_kanji(cp_at(du->s, du->len, dunit_back(du->s, q, 1)))) {
            space = 1;
            p = q;
        } else {
            break;
        }
    }
    if (kana ? (n < 1 || n > 3) : (n < 2 || n > (space ? 6 : 4)) || end < 3)
        return;
    if (dunit_kw_in(du->s, end - 3, end, bad_last, NULL) || dunit_kw_in(du->s, p, p + 3, bad_first, NULL))
        return;
    psig_add(du, PK_NAME, PS_WEAK, p, pos + 3);
}

static void name_label(dunit *du, size_t pos, size_t l)
{
    size_t p = pos + l, v;
    int delim = 0;

    if (du->tab && du->tab->header && pos < du->tab->row_start[1])
        return;                              /* a header cell, not a value */
    if (p < du->len && du->s[p] == '(') {           /* 氏名（漢字）: full-width is '(' here */
        const char *e = memchr(du->s + p, ')', du->len - p > 24 ? 24 : du->len - p);
        if (e)
            p = (size_t)(e - du->s) + 1;
    }
    while (p < du->len && (du->s[p] == ' ' || du->s[p] == ':' || du->s[p] == '\t' ||
                           starts(du, p, "】") || du->s[p] == ']')) {
        delim |= du->s[p] == '\t' ? 2 : 1;
        p += starts(du, p, "】") ? 3 : 1;
    }
    if (!delim)
        return;
    if (delim == 2 && !du->tab) {
        /* 氏名<TAB>...: the header row of a table pasted into a body (issue 8);
         * it labels the names below it */
        for (v = p; v < du->len && du->s[v] != '\n' && du->s[v] != '\r'; v++)
            ;
        psig_add(du, PK_NAME, PS_LABELLED | PS_PERSONAL, pos, v);
        return;
    }
    v = p;
    while (p < du->len && du->s[p] != '\n' && du->s[p] != '\t' && du->s[p] != '\r' && p - v < 60)
        p++;
    if (dunit_fwd(du->s, p, v, 2) >= p || dunit_isdigit((unsigned char)du->s[v]))
        return;                              /* fewer than 2 characters, or a number */
    psig_add(du, PK_NAME, PS_LABELLED | PS_PERSONAL, pos, p);
}

static int email_char(int c)
{
    return dunit_isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static void email(dunit *du, size_t at)
{
    size_t a = at, b = at + 1, dot = 0, i;
    unsigned flags = 0;

    while (a > 0 && email_char((unsigned char)du->s[a - 1]) && at - a < 64)
        a--;
    while (b < du->len && (dunit_isalnum((unsigned char)du->s[b]) || du->s[b] == '.' ||
                           du->s[b] == '-') && b - at < 255) {
        if (du->s[b] == '.')
            dot = b;
        b++;
    }
    while (b > at + 1 && du->s[b - 1] == '.')
        b--;
    if (a == at || !dot || dot >= b - 2 || dot == at + 1)
        return;
    for (i = 0; role_mailbox[i]; i++) {
        size_t l = strlen(role_mailbox[i]);
        if (at - a == l && dunit_memcasemem(du->s + a, l, role_mailbox[i], l))
            flags |= PS_WEAK;
    }
    if (dunit_kw_near(du, a, b, 12, 0, email_kw, NULL))
        flags |= PS_LABELLED;
    psig_add(du, PK_EMAIL, flags, a, b);
}

void personal_at(dunit *du, size_t pos, unsigned cp)
{
    if (du->nsig && dunit_in_signature(du, pos))
        return;
    switch (cp) {
    case '@':
        email(du, pos);
        break;
    case 0x69D8: /* 様 */
    case 0x6BBF: /* 殿 */
        honorific(du, pos);
        break;
    case 0x3055: /* さ */
        if (starts(du, pos + 3, "ん"))
            honorific(du, pos);
        break;
    case 0x6C0F: /* 氏 */
        if (starts(du, pos + 3, "名"))
            name_label(du, pos, 6);
        else
            honorific(du, pos);
        break;
    case 0x540D: /* 名 */
        if (starts(du, pos + 3, "前"))
            name_label(du, pos, 6);
        break;
    case 0x30D5: /* フ */
        if (starts(du, pos, "フリガナ"))
            name_label(du, pos, 12);
        break;
    case 0x3075: /* ふ */
        if (starts(du, pos, "ふりがな"))
            name_label(du, pos, 12);
        break;
    default:
        break;
    }
}

/* --- persons ------------------------------------------------------------------ */

static int popcount(unsigned k)
{
    int n = 0;

    for (; k; k &= k - 1)
        n++;
    return n;
}

static void pr_add(dunit *du, const precord *r)
{
    if (du->npr == du->apr) {
        size_t na = du->apr ? du->apr * 2 : 16;
        precord *x = sg_realloc(du->pr, na * sizeof(*x));
        if (!x)
            return;
        du->pr = x;
        du->apr = na;
    }
    du->pr[du->npr++] = *r;
}

static void kinds_text(unsigned kinds, char *buf, size_t bl)
{
    static const char *const names[] = { "name", "address", "phone", "email", "date of birth",
                                         "bank account" };
    size_t i, l = 0;

    buf[0] = 0;
    for (i = 0; i < 6; i++)
        if (kinds & (1u << i)) {
            snprintf(buf + l, bl - l, "%s%s", l ? ", " : "", names[i]);
            l = strlen(buf);
        }
}

static int qualifies(unsigned kinds, unsigned strong_name, unsigned personal)
{
    if (popcount(kinds) < 2)
        return 0;
    if (strong_name || personal)
        return 1;
    return (kinds & PK_NAME) && (kinds & ~(unsigned)(PK_NAME | PK_EMAIL));
}

static int para_break(const dunit *du, size_t a, size_t b)
{
    static const char *const br[] = { "\n\n", "\n\r\n", "\n \n", NULL };

    return b > a && dunit_kw_in(du->s, a, b, br, NULL) != NULL;
}

/* a blank line starts at k ('\n' then optional spaces/'\r', then '\n') */
static int break_at(const dunit *du, size_t k)
{
    if (du->s[k] != '\n')
        return 0;
    for (k++; k < du->len && (du->s[k] == ' ' || du->s[k] == '\r'); k++)
        ;
    return k < du->len && du->s[k] == '\n';
}

static size_t span_chars(const dunit *du, size_t a, size_t b)
{
    size_t n = 0;

    if (b - a <= DETECT_PERSON_WINDOW_CHARS)
        return b - a;
    if (b - a > DETECT_PERSON_WINDOW_CHARS * 4)
        return b - a;
    for (; a < b; a++)
        if (((unsigned char)du->s[a] & 0xC0) != 0x80)
            n++;
    return n;
}

/* The value that identifies this person across units: digits of a phone,
 * an e-mail address, a bank account, else the name text. */
static void person_key(const dunit *du, const psignal *s, size_t n, char *key, size_t kl,
                       size_t *va, size_t *vb)
{
    static const unsigned order[] = { PK_PHONE, PK_EMAIL, PK_BANK, PK_DOB, PK_NAME, PK_ADDRESS };
    size_t i, k, o = 0;

    for (k = 0; k < 6; k++)
        for (i = 0; i < n; i++)
            if (s[i].kind == order[k]) {
                size_t p;
                *va = s[i].start;
                *vb = s[i].end;
                for (p = s[i].start; p < s[i].end && o + 1 < kl; p++)
                    if (order[k] != PK_PHONE || dunit_isdigit((unsigned char)du->s[p]))
                        key[o++] = (char)(du->s[p] >= 'A' && du->s[p] <= 'Z' ? du->s[p] + 32 : du->s[p]);
                key[o] = 0;
                return;
            }
}

/* A named person with nothing else (issue 8: APPI - a name identifies a
 * person, so a name plus a special-care category is 要配慮個人情報): a
 * PS_NAMEONLY record for sensitive.c, never a personal-data finding. Its
 * span is the name's line from at most DETECT_NAME_BEFORE_CHARS before the
 * name to DETECT_NAME_AFTER_CHARS after it; for a labelled name (氏名：, a
 * pasted table's 氏名 header) the rest of the paragraph within
 * DETECT_PERSON_WINDOW_CHARS. */
static void name_only(dunit *du, const psignal *s, size_t n)
{
    size_t k, a, b, lim;
    precord r;

    for (k = 0; k < n && s[k].kind != PK_NAME; k++)
        ;
    if (k == n)
        return;
    memset(&r, 0, sizeof(r));
    r.kinds = PK_NAME;
    r.flags = s[k].flags | PS_NAMEONLY;
    r.first = s[k].start;
    r.row = -1;
    a = dunit_back(du->s, s[k].start, DETECT_NAME_BEFORE_CHARS);
    for (b = s[k].start; b > a && du->s[b - 1] != '\n'; b--)
        ;
    r.start = b;
    if (s[k].flags & PS_LABELLED) {
        lim = dunit_fwd(du->s, du->len, s[k].end, DETECT_PERSON_WINDOW_CHARS);
        for (b = s[k].end; b + 1 < lim && !break_at(du, b); b++)
            ;
        r.end = b + 1 < lim ? b : lim;
    } else {
        lim = dunit_fwd(du->s, du->len, s[k].end, DETECT_NAME_AFTER_CHARS);
        for (b = s[k].end; b < lim && du->s[b] != '\n'; b++)
            ;
        r.end = b;
    }
    pr_add(du, &r);
}

static void prose_person(dunit *du, size_t i, size_t j)
{
    const psignal *s = du->ps + i;
    unsigned kinds = 0, strong = 0, personal = 0, flags = 0;
    char key[128], det[160], kt[96];
    size_t k, va = 0, vb = 0;
    precord r;

    for (k = 0; k < j - i; k++) {
        kinds |= s[k].kind;
        flags |= s[k].flags;
        if (s[k].kind == PK_NAME && (s[k].flags & PS_LABELLED))
            strong = 1;
        if (s[k].kind != PK_NAME && (s[k].flags & PS_PERSONAL))
            personal = 1;
    }
    if (!qualifies(kinds, strong, personal)) {
        name_only(du, s, j - i);
        return;
    }
    memset(&r, 0, sizeof(r));
    r.kinds = kinds;
    r.flags = flags;
    r.first = s[0].start;
    r.row = -1;
    r.start = dunit_back(du->s, s[0].start, DETECT_PERSON_WINDOW_CHARS);
    r.end = dunit_fwd(du->s, du->len, s[j - i - 1].end, DETECT_PERSON_WINDOW_CHARS);
    for (k = r.start; k + 1 < s[0].start; k++)          /* keep to the paragraph */
        if (break_at(du, k))
            r.start = k + 1;
    for (k = s[j - i - 1].end; k + 1 < r.end; k++)
        if (break_at(du, k)) {
            r.end = k;
            break;
        }
    pr_add(du, &r);
    person_key(du, s, j - i, key, sizeof(key), &va, &vb);
    kinds_text(kinds, kt, sizeof(kt));
    snprintf(det, sizeof(det), "one person's %s together", kt);
    dunit_emit(du, "personal-data", popcount(kinds) >= 3 ? SG_CONF_HIGH : SG_CONF_MEDIUM,
               du->s + va, vb - va, 0, s[0].start, det, key, 0,
               (kinds & PK_BANK) ? SG_FF_FINANCIAL : 0);
}

static void prose_persons(dunit *du)
{
    size_t i = 0, j;

    while (i < du->nps) {
        unsigned kinds = du->ps[i].kind;
        for (j = i + 1; j < du->nps; j++) {
            const psignal *a = &du->ps[j - 1], *b = &du->ps[j];
            if (span_chars(du, du->ps[i].start, b->start) > DETECT_PERSON_WINDOW_CHARS ||
                para_break(du, a->end < b->start ? a->end : b->start, b->start) ||
                (b->kind == PK_NAME && (kinds & PK_NAME) && b->start >= a->end))
                break;
            kinds |= b->kind;
        }
        prose_person(du, i, j);
        i = j;
    }
}

/* --- tables ------------------------------------------------------------------ */

static unsigned column_kind(const dunit *du, unsigned col)
{
    const dtable *t = du->tab;
    size_t a = t->hstart[col], b = t->hend[col], i;

    while (a < b && (du->s[a] == ' ' || du->s[a] == '"'))
        a++;
    while (b > a && (du->s[b - 1] == ' ' || du->s[b - 1] == '"' || du->s[b - 1] == '\r'))
        b--;
    for (i = 0; hdr_name_exact[i]; i++)
        if (b - a == strlen(hdr_name_exact[i]) &&
            dunit_memcasemem(du->s + a, b - a, hdr_name_exact[i], b - a))
            return PK_NAME;
    if (dunit_kw_in(du->s, a, b, hdr_name, NULL))
        return PK_NAME;
    if (dunit_kw_in(du->s, a, b, hdr_dob, NULL))
        return PK_DOB;
    if (dunit_kw_in(du->s, a, b, hdr_email, NULL))
        return PK_EMAIL;
    if (dunit_kw_in(du->s, a, b, hdr_phone, NULL) && !strstr(du->s + a, "FAX"))
        return PK_PHONE;
    if (dunit_kw_in(du->s, a, b, hdr_addr, NULL))
        return PK_ADDRESS;
    if (dunit_kw_in(du->s, a, b, hdr_bank, NULL))
        return PK_BANK;
    return 0;
}

static int cell_fits(const dunit *du, unsigned kind, size_t a, size_t b)
{
    size_t i;

    for (i = a; i < b; i++) {
        char c = du->s[i];
        if (kind == PK_EMAIL ? c == '@' :
            (kind == PK_PHONE || kind == PK_DOB || kind == PK_BANK) ? dunit_isdigit((unsigned char)c) :
            (c != ' ' && c != '"' && c != '\r'))
            return 1;
    }
    return 0;
}

/* kinds of row r from typed columns */
static unsigned row_kinds(const dunit *du, const unsigned *ck, size_t r)
{
    const dtable *t = du->tab;
    size_t a = t->row_start[r], e = t->row_start[r + 1];
    unsigned col = 0, kinds = 0;

    while (a < e && col < t->ncols) {
        const char *tab = memchr(du->s + a, '\t', e - a);
        size_t b = tab ? (size_t)(tab - du->s) : e;
        if (ck[col] && cell_fits(du, ck[col], a, b))
            kinds |= ck[col];
        col++;
        if (!tab)
            break;
        a = b + 1;
    }
    return kinds;
}

static void table_persons(dunit *du)
{
    const dtable *t = du->tab;
    unsigned ck[DETECT_MAX_COLUMNS], all = 0, persons = 0, flags = 0, c;
    size_t r, si = 0, first = 0;
    char ev[96], det[160], kt[96];

    memset(ck, 0, sizeof(ck));
    if (t->header)
        for (c = 0; c < t->ncols; c++)
            ck[c] = column_kind(du, c);
    for (r = t->header ? 1 : 0; r < t->nrows; r++) {
        size_t a = t->row_start[r], e = t->row_start[r + 1];
        unsigned kinds = row_kinds(du, ck, r);
        while (si < du->nps && du->ps[si].start < a)
            si++;
        for (; si < du->nps && du->ps[si].start < e; si++)
            kinds |= du->ps[si].kind;
        if (popcount(kinds) == 1 && kinds == PK_NAME) {
            precord pr;             /* a named person only: for sensitive.c */
            memset(&pr, 0, sizeof(pr));
            pr.start = a;
            pr.end = e;
            pr.kinds = kinds;
            pr.flags = PS_NAMEONLY;
            pr.first = a;
            pr.row = (long)r;
            pr_add(du, &pr);
        } else if (popcount(kinds) >= 2) {
            precord pr;
            memset(&pr, 0, sizeof(pr));
            pr.start = a;
            pr.end = e;
            pr.kinds = kinds;
            pr.first = a;
            pr.row = (long)r;
            pr_add(du, &pr);
            if (!persons++)
                first = a;
            all |= kinds;
        }
    }
    if (!persons)
        return;
    if (all & PK_BANK)
        flags |= SG_FF_FINANCIAL;
    kinds_text(all, kt, sizeof(kt));
    snprintf(ev, sizeof(ev), "%u rows", persons);
    snprintf(det, sizeof(det), "table: %u rows with two or more of %s", persons, kt);
    dunit_emit(du, "personal-data", SG_CONF_HIGH, ev, strlen(ev), 1, first, det, NULL, persons,
               flags);
}

/* --- lists pasted into a body (issue 8) ------------------------------------- */

/* words of a company, branch or department: such a row is no person */
static const char *const org_kw[] = {
    "株式会社", "(株)", "㈱", "有限会社", "合同会社", "支店", "支社", "営業所", "本社", "事業所",
    "工場", "センター", "部", "課", "店", "病院", "医院", "法人", "協会", "組合", "Co.", "Ltd",
    "Inc", "Corp", "Dept", "Branch", "Office", NULL
};

/* The first field of a list row: from the line start to a tab or two
 * spaces (else to the first signal). A name-like field: 2 to 40 bytes, no digit, no '@',
 * no company/branch/department word. */
static int row_name_field(const dunit *du, size_t ls, size_t le, size_t first_sig)
{
    size_t e = ls, i;

    while (e < le && du->s[e] != '\t' && !(du->s[e] == ' ' && e + 1 < le && du->s[e + 1] == ' '))
        e++;
    if (e == le)
        e = first_sig;          /* one space only: up to the first signal */
    while (e > ls && du->s[e - 1] == ' ')
        e--;
    if (e - ls < 2 || e - ls > 40)
        return 0;
    for (i = ls; i < e; i++)
        if (dunit_isdigit((unsigned char)du->s[i]) || du->s[i] == '@' || du->s[i] == ':')
            return 0;
    if (dunit_kw_in(du->s, ls, e, org_kw, NULL))
        return 0;
    /* a place label (札幌<TAB>北海道札幌市...) names the row's own address */
    return !(le > e && dunit_memcasemem(du->s + e, le - e, du->s + ls, e - ls));
}

/* Rows of a customer list pasted without a header row: at least
 * DETECT_LIST_MIN_ROWS consecutive lines of the same shape - a name-like
 * first field and an address or phone signal (not a business number, not
 * in a signature). Each row is a person (persons = rows); one HIGH finding
 * per list. Company and branch lists (株式会社 ... 支店, 代表 phones) are no
 * persons: a business phone is no signal, and an org word in the first
 * field ends the row. */
static void list_persons(dunit *du)
{
    size_t ls = 0, si = 0, first = 0;
    unsigned rows = 0, kinds_all = 0;
    char ev[64], det[200], kt[96];

    while (ls <= du->len) {
        const char *nl = ls < du->len ? memchr(du->s + ls, '\n', du->len - ls) : NULL;
        size_t le = nl ? (size_t)(nl - du->s) : du->len, k;
        unsigned kinds = 0;
        size_t fs = le;
        int row = 0;

        while (si < du->nps && du->ps[si].start < ls)
            si++;
        for (k = si; k < du->nps && du->ps[k].start < le; k++) {
            if (du->ps[k].start < fs)
                fs = du->ps[k].start;
            kinds |= du->ps[k].kind;
        }
        if ((kinds & (PK_ADDRESS | PK_PHONE)) && row_name_field(du, ls, le, fs))
            row = 1;
        if (row) {
            precord pr;
            memset(&pr, 0, sizeof(pr));
            pr.start = ls;
            pr.end = le;
            pr.kinds = kinds | PK_NAME;
            pr.first = ls;
            pr.row = -1;
            if (!rows)
                first = ls;
            rows++;
            kinds_all |= kinds | PK_NAME;
            pr_add(du, &pr);
        }
        if (!row || !nl) {
            if (rows >= DETECT_LIST_MIN_ROWS) {
                kinds_text(kinds_all, kt, sizeof(kt));
                snprintf(ev, sizeof(ev), "%u rows", rows);
                snprintf(det, sizeof(det),
                         "a list pasted without a header: %u rows of the same shape (%s)", rows, kt);
                dunit_emit(du, "personal-data", SG_CONF_HIGH, ev, strlen(ev), 1, first, det, NULL,
                           rows, 0);
            }
            rows = 0;
            kinds_all = 0;
        }
        if (!nl)
            break;
        ls = le + 1;
    }
}

void personal_end(dunit *du)
{
    if (du->tab) {
        table_persons(du);
    } else {
        prose_persons(du);
        list_persons(du);
    }
}
