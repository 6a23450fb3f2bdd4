/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-card - the credit-card detector: Luhn, issuer prefixes and lengths,
 * grouping, keyword boost, test numbers, near-misses (phone numbers, dates,
 * order numbers, My Numbers). Card numbers are generated (prefix + counter
 * + Luhn digit), never typed, except the published test numbers.
 */
#include "t-detect.h"

#define NONE (-1)

/* prefix + filler + Luhn check digit, n digits in all */
static void make_card(const char *prefix, size_t n, unsigned seed, char *out)
{
    size_t i, pl = strlen(prefix);
    int d;

    memcpy(out, prefix, pl);
    for (i = pl; i < n - 1; i++) {
        seed = seed * 1103515245u + 12345u;
        out[i] = (char)('0' + (seed >> 16) % 10);
    }
    out[n] = 0;
    for (d = 0; d <= 9; d++) {
        out[n - 1] = (char)('0' + d);
        if (card_luhn(out, n))
            return;
    }
}

static void group(const char *d, const int *g, const char *sep, char *out, size_t ol)
{
    size_t o = 0;
    int i, k = 0;

    for (i = 0; g[i]; i++) {
        o += (size_t)snprintf(out + o, ol - o, "%s%.*s", i ? sep : "", g[i], d + k);
        k += g[i];
    }
}

typedef struct ccase {
    const char *label, *prefix;
    size_t n;
    int g[6];
    const char *sep, *tmpl;
    int want;
    int financial;
} ccase;

static const ccase cases[] = {
    { "Visa 16 plain + カード番号", "4", 16, { 0 }, "", "カード番号：%s", SG_CONF_HIGH, 1 },
    { "Visa 4-4-4-4 no keyword", "4", 16, { 4, 4, 4, 4, 0 }, "-", "番号 %s", SG_CONF_MEDIUM, 0 },
    { "Visa plain no keyword", "4", 16, { 0 }, "", "番号 %s", SG_CONF_LOW, 0 },
    { "Mastercard 51 spaces + 有効期限", "51", 16, { 4, 4, 4, 4, 0 }, " ", "%s 有効期限 12/29", SG_CONF_HIGH, 1 },
    { "Mastercard 2221-2720", "2300", 16, { 4, 4, 4, 4, 0 }, "-", "credit card %s", SG_CONF_HIGH, 1 },
    { "Amex 4-6-5", "37", 15, { 4, 6, 5, 0 }, " ", "Amex %s", SG_CONF_HIGH, 1 },
    { "JCB 3528-3589", "3540", 16, { 4, 4, 4, 4, 0 }, "-", "セキュリティコード確認 %s", SG_CONF_HIGH, 1 },
    { "Diners 14 4-6-4", "36", 14, { 4, 6, 4, 0 }, " ", "番号 %s", SG_CONF_MEDIUM, 0 },
    { "Discover 6011", "6011", 16, { 0 }, "", "CVV %s", SG_CONF_HIGH, 1 },
    { "UnionPay 62 19 digits", "62", 19, { 4, 4, 4, 4, 3, 0 }, " ", "カード番号 %s", SG_CONF_HIGH, 1 },
    { "full-width with U+FF0D", "4", 16, { 4, 4, 4, 4, 0 }, "\xEF\xBC\x8D", "カード番号 %s", SG_CONF_HIGH, 1 },
    { "unknown issuer prefix 9", "9", 16, { 0 }, "", "カード番号 %s", NONE, 0 },
    { "Amex length 16 is not Amex", "37", 16, { 0 }, "", "カード番号 %s", NONE, 0 },
    { "mixed separators", "4", 16, { 4, 4, 4, 4, 0 }, "", "カード番号 %s", NONE, 0 },
    { "odd grouping 8-8", "4", 16, { 8, 8, 0 }, "-", "カード番号 %s", NONE, 0 },
    { "letter before", "4", 16, { 0 }, "", "カード番号 X%s", NONE, 0 },
    { "longer run", "4", 16, { 0 }, "", "カード番号 %s1234", NONE, 0 },
    { "negative 追跡番号 demotes", "4", 16, { 4, 4, 4, 4, 0 }, "-", "追跡番号 %s", SG_CONF_LOW, 0 },
    { NULL, NULL, 0, { 0 }, NULL, NULL, 0, 0 }
};

static void run_case(const ccase *c, unsigned seed)
{
    char d[24], num[256], fw[256], text[512];
    const sg_finding *f;

    make_card(c->prefix, c->n, seed, d);
    if (c->g[0])
        group(d, c->g, c->sep, num, sizeof(num));
    else
        snprintf(num, sizeof(num), "%s", d);
    if (strcmp(c->label, "mixed separators") == 0)
        snprintf(num, sizeof(num), "%.4s-%.4s %.4s-%.4s", d, d + 4, d + 8, d + 12);
    if (strstr(c->label, "full-width")) {
        td_fullwidth(num, fw, sizeof(fw));
        snprintf(num, sizeof(num), "%s", fw);
    }
    td_subst(text, sizeof(text), c->tmpl, num);
    td_run(SG_UNIT_BODY, text);
    f = td_find("credit-card");
    TAP_IS_INT(f ? (int)f->confidence : NONE, c->want, "%s", c->label);
    if (c->want != NONE)
        TAP_OK(!!(f->flags & SG_FF_FINANCIAL) == c->financial, "%s: financial flag", c->label);
    TAP_OK(!td_leaks(d), "%s: full number never shown", c->label);
}

static void luhn_and_brands(void)
{
    TAP_OK(card_luhn("4111111111111111", 16), "Luhn: 4111111111111111 passes");
    TAP_OK(!card_luhn("4111111111111112", 16), "Luhn: 4111111111111112 fails");
    TAP_OK(card_luhn("378282246310005", 15), "Luhn: Amex test number passes");
    TAP_IS_STR(card_brand("378282246310005", 15), "American Express", "brand Amex");
    TAP_IS_STR(card_brand("3530111333300000", 16), "JCB", "brand JCB");
    TAP_IS_STR(card_brand("5555555555554444", 16), "Mastercard", "brand Mastercard");
    TAP_IS_STR(card_brand("2720990000000000", 16), "Mastercard", "brand Mastercard 2720");
    TAP_OK(card_brand("2721000000000000", 16) == NULL, "2721 is not Mastercard");
    TAP_IS_STR(card_brand("6441000000000000", 16), "Discover", "brand Discover 644");
    TAP_IS_STR(card_brand("30500000000000", 14), "Diners Club", "brand Diners 305");
}

static void near_misses(void)
{
    char d[13], text[256];

    td_run(SG_UNIT_BODY, "カード番号 4111 1111 1111 1111 (テスト用)");
    TAP_IS_INT(td_conf("credit-card"), SG_CONF_LOW, "published test number stays LOW");
    td_run(SG_UNIT_BODY, "カード番号 4444 4444 4444 4444");
    TAP_IS_INT(td_conf("credit-card"), NONE, "all-same digits fail Luhn or stay out");
    td_run(SG_UNIT_BODY, "携帯 090-1234-5678 / TEL 03-1234-5678 / 2024-01-01 クレジット");
    TAP_IS_INT(td_conf("credit-card"), NONE, "phone numbers and dates are not cards");
    td_mynumber(3, d);
    snprintf(text, sizeof(text), "カード番号 %s", d);
    td_run(SG_UNIT_BODY, text);
    TAP_IS_INT(td_conf("credit-card"), NONE, "12 digits are not a card");
}

static void table(void)
{
    char d[24], text[1024];
    size_t o;
    unsigned i;
    const sg_finding *f;

    o = (size_t)snprintf(text, sizeof(text), "会員\tカード番号\n");
    for (i = 0; i < 3; i++) {
        make_card("4", 16, 77 + i, d);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "M%u\t%s\n", i, d);
    }
    td_run(SG_UNIT_TABLE, text);
    f = td_find("credit-card");
    TAP_IS_INT(f ? (int)f->confidence : NONE, SG_CONF_HIGH, "table: header カード番号 -> HIGH");
    TAP_IS_INT(f ? f->persons : 0, 3, "table: persons = rows");
}

int main(void)
{
    unsigned i;

    luhn_and_brands();
    for (i = 0; cases[i].label; i++)
        run_case(&cases[i], i * 7 + 1);
    near_misses();
    table();
    td_clear();
    return tap_done();
}
