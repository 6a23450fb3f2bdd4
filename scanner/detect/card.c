/*
 * card - the `credit-card` detector: 13-19 digits (plain, or grouped 4-4-4-4,
 * 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4, with the same separator throughout)
 * passing Luhn, with an issuer prefix whose length fits (Visa, Mastercard,
 * Amex, JCB, Diners, Discover, UnionPay). Not part of a longer chain, not
 * next to letters.
 *
 * Confidence: HIGH with a card keyword within 300 characters (or in the
 * column header) and then flagged SG_FF_FINANCIAL; MEDIUM when well
 * grouped; LOW otherwise. Published test numbers (4111111111111111 ...)
 * and all-same digits stay LOW. A negative keyword (注文番号, 追跡番号 ...)
 * within 30 characters before demotes one level.
 */
#include "detect_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const card_kw[] = {
    "カード番号", "クレジット", "クレカ", "カードナンバー", "有効期限", "セキュリティコード",
    "セキュリティ コード", "セキュリティ番号", "セキュリティナンバー", "カード名義", "名義人",
    "デビットカード", "アメックス", "ダイナース", "マスターカード", "card number", "credit card",
    "creditcard", "card no", "expiry", "expiration", "exp date", "cvv", "cvc", "security code",
    "cardholder", "debit card", "visa", "mastercard", "amex", "american express", "jcb", NULL
};
static const char *const card_neg[] = {
    "注文番号", "受注番号", "伝票番号", "追跡番号", "問合せ番号", "お問い合わせ番号", "管理番号",
    "会員番号", "お客様番号", "契約番号", "製造番号", "シリアル", "型番", "品番", "JAN", "ISBN",
    "口座番号", "tracking", "serial", "order", NULL
};
static const char *const test_numbers[] = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222",
    "5555555555554444", "5105105105105100", "2223003122003222", "378282246310005",
    "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
    "6200000000000005", NULL
};

int card_luhn(const char *d, size_t n)
{
    size_t i;
    int s = 0, dbl = 0;

    for (i = n; i-- > 0;) {
        int v = d[i] - '0';
        if (v < 0 || v > 9)
            return 0;
        if (dbl && (v *= 2) > 9)
            v -= 9;
        s += v;
        dbl = !dbl;
    }
    return s % 10 == 0;
}

static int prefix_in(const char *d, int digits, int lo, int hi)
{
    int v = 0, i;

    for (i = 0; i < digits; i++)
        v = v * 10 + (d[i] - '0');
    return v >= lo && v <= hi;
}

const char *card_brand(const char *d, size_t n)
{
    if (n < 13 || n > 19)
        return NULL;
    if (d[0] == '4' && (n == 13 || n == 16 || n == 19))
        return "Visa";
    if (n == 16 && (prefix_in(d, 2, 51, 55) || prefix_in(d, 4, 2221, 2720)))
        return "Mastercard";
    if (n == 15 && (prefix_in(d, 2, 34, 34) || prefix_in(d, 2, 37, 37)))
        return "American Express";
    if (n >= 16 && prefix_in(d, 4, 3528, 3589))
        return "JCB";
    if (n >= 14 && n <= 16 && (prefix_in(d, 3, 300, 305) || prefix_in(d, 2, 36, 36) ||
                               prefix_in(d, 2, 38, 38) || prefix_in(d, 4, 3095, 3095)))
        return "Diners Club";
    if (n >= 16 && (prefix_in(d, 4, 6011, 6011) || prefix_in(d, 2, 65, 65) ||
                    prefix_in(d, 3, 644, 649)))
        return "Discover";
    if (n >= 16 && prefix_in(d, 2, 62, 62))
        return "UnionPay";
    return NULL;
}

static int same_seps(const dchain *c)
{
    unsigned i;

    for (i = 1; i + 1 < c->ngroups; i++)
        if (c->sep[i] != c->sep[0])
            return 0;
    return 1;
}

/* 1 when the groups are a usual layout for this length, separators alike */
static int well_grouped(const dchain *c)
{
    const unsigned *g = c->glen;

    if (c->ngroups < 3 || c->ngroups > 5 || !same_seps(c))
        return 0;
    if (c->ngroups == 3)
        return g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4);
    if (g[0] != 4 || g[1] != 4 || g[2] != 4)
        return 0;
    if (c->ngroups == 4)
        return g[3] >= 1 && g[3] <= 4;
    return g[3] == 4 && g[4] <= 3;
}

static int all_same(const char *d, size_t n)
{
    size_t i;

    for (i = 1; i < n; i++)
        if (d[i] != d[0])
            return 0;
    return 1;
}

static int card_one(dunit *du, const dchain *c);

/* An identifier chain: the whole of it, else a window of its groups that
 * stands apart from the rest (dunit_window_ok), e.g. "1. 4xxx-xxxx-...". */
void card_chain(dunit *du, const dchain *c)
{
    unsigned a, n, ng = c->ngroups < DETECT_MAX_GROUPS ? c->ngroups : DETECT_MAX_GROUPS;
    static const unsigned widths[] = { 1, 3, 4, 5 };
    dchain w;

    if (card_one(du, c) || c->ngroups > DETECT_MAX_GROUPS)
        return;
    for (a = 0; a < ng; a++)
        for (n = 0; n < 4; n++) {
            unsigned b = a + widths[n] - 1;
            if (b >= ng || (a == 0 && b == ng - 1) || !dunit_window_ok(c, a, b) ||
                dunit_subchain(du->s, c, a, b, &w) < 0)
                continue;
            if (card_one(du, &w)) {
                a = b;
                break;
            }
        }
}

static int card_one(dunit *du, const dchain *c)
{
    unsigned char before = c->start ? (unsigned char)du->s[c->start - 1] : 0;
    unsigned char after = c->end < du->len ? (unsigned char)du->s[c->end] : 0;
    size_t n = c->end - c->start, i;
    dhit h;

    if (c->ndigits < 13 || c->ndigits > 19 || dunit_isalnum(before) || dunit_isalnum(after))
        return 0;
    if (c->ngroups > 1 && !well_grouped(c))
        return 0;           /* dates, phone numbers, mixed chains */
    if (!card_luhn(c->digits, c->ndigits) || !card_brand(c->digits, c->ndigits))
        return 0;
    memset(&h, 0, sizeof(h));
    h.start = c->start;
    h.end = c->end;
    if (n >= sizeof(h.value))
        n = sizeof(h.value) - 1;
    memcpy(h.value, du->s + c->start, n);
    memcpy(h.digits, c->digits, sizeof(h.digits));
    h.grouped = c->ngroups > 1;
    h.testnum = all_same(c->digits, c->ndigits);
    for (i = 0; test_numbers[i]; i++)
        if (strcmp(c->digits, test_numbers[i]) == 0)
            h.testnum = 1;
    h.row = dunit_row_of(du, c->start, &h.col);
    h.layout = c->float_tail ? "stored as a float" : c->wrapped ? "wrapped across lines" : NULL;
    dunit_add_hit(&du->cd, &du->ncd, &du->acd, &h);
    return 1;
}

static sg_confidence score(const dunit *du, const dhit *h, char *det, size_t dl)
{
    sg_confidence conf = h->grouped ? SG_CONF_MEDIUM : SG_CONF_LOW;
    const char *brand = card_brand(h->digits, strlen(h->digits));
    const char *k;
    size_t l;

    snprintf(det, dl, "%s, Luhn ok%s", brand ? brand : "card", h->grouped ? ", grouped" : "");
    if ((k = dunit_kw_near(du, h->start, h->end, DETECT_KW_WINDOW_CHARS, DETECT_KW_WINDOW_CHARS,
                           card_kw, NULL)) ||
        (k = dunit_header_kw(du, h->col, card_kw))) {
        conf = SG_CONF_HIGH;
        l = strlen(det);
        snprintf(det + l, dl - l, ", keyword %s", k);
    }
    if ((k = dunit_kw_near(du, h->start, h->end, DETECT_NEG_WINDOW_CHARS, 0, card_neg, NULL)) ||
        (k = dunit_header_kw(du, h->col, card_neg))) {
        if (conf > SG_CONF_LOW)
            conf = (sg_confidence)(conf - 1);
        l = strlen(det);
        snprintf(det + l, dl - l, "; demoted by %s", k);
    }
    if (h->testnum) {
        conf = SG_CONF_LOW;
        l = strlen(det);
        snprintf(det + l, dl - l, "; published test number");
    }
    if (h->layout) {
        l = strlen(det);
        snprintf(det + l, dl - l, "; written %s", h->layout);
    }
    return conf;
}

void card_end(dunit *du)
{
    unsigned persons = 0;
    long last = -2;
    char det[256];
    size_t i;
    sg_confidence best = SG_CONF_LOW;

    for (i = 0; i < du->ncd; i++) {
        sg_confidence c = score(du, &du->cd[i], det, sizeof(det));
        if (c > best)
            best = c;
    }
    if (du->tab)
        for (i = 0; i < du->ncd; i++)
            if (du->cd[i].row != last) {
                persons++;
                last = du->cd[i].row;
            }
    for (i = 0; i < du->ncd; i++) {
        const dhit *h = &du->cd[i];
        sg_confidence conf = score(du, h, det, sizeof(det));
        if (conf == SG_CONF_LOW && best > SG_CONF_LOW)
            continue;       /* keep the count to the values that matter */
        dunit_emit(du, "credit-card", conf, h->value, strlen(h->value), 0, h->start, det,
                   h->digits, persons, conf == SG_CONF_HIGH ? SG_FF_FINANCIAL : 0);
    }
}
