/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-mynumber - the mynumber detector: check digits (official worked
 * examples), formats, separators, exclusions, near-misses, keyword window
 * edges, tables, masking and offsets. Synthetic numbers only (td_mynumber).
 */
#include "t-detect.h"

#include <stdlib.h>
#include <string.h>

#define NONE (-1)
#define LOW SG_CONF_LOW
#define MED SG_CONF_MEDIUM
#define HIGH SG_CONF_HIGH

typedef struct mcase {
    const char *label;
    const char *fmt;     /* %s = the number as formatted by sep (NULL: plain) */
    const char *sep;     /* NULL plain, else 4-4-4 with this separator */
    int fullwidth;
    int want;
} mcase;

static const mcase cases[] = {
    { "keyword 個人番号, plain", "個人番号: %s", NULL, 0, HIGH },
    { "keyword マイナンバー, hyphens", "マイナンバーは%sです。", "-", 0, HIGH },
    { "keyword after the number", "%s (従業員のマイナンバー)", " ", 0, HIGH },
    { "English keyword My Number", "My Number: %s", " ", 0, HIGH },
    { "keyword 扶養控除", "扶養控除等申告書 %s", NULL, 0, HIGH },
    { "full-width digits + U+FF0D", "個人番号：%s", "\xEF\xBC\x8D", 1, HIGH },
    { "CP932 U+2212 minus", "個人番号 %s", "\xE2\x88\x92", 0, HIGH },
    { "U+2010 hyphen", "個人番号 %s", "\xE2\x80\x90", 0, HIGH },
    { "U+30FC long vowel between digits", "個人番号 %s", "\xE3\x83\xBC", 0, HIGH },
    { "U+3000 ideographic space", "個人番号 %s", "\xE3\x80\x80", 0, HIGH },
    { "dots", "個人番号 %s", ".", 0, HIGH },
    { "bare 12 digits: checksum only", "ご確認ください %s よろしく", NULL, 0, LOW },
    { "bare 4-4-4, nothing labels it as another number: MEDIUM (issue 8)", "番号 %s", "-", 0, MED },
    { "4-4-4 with a name label: MEDIUM", "氏名：山田太郎\n番号：%s", "-", 0, MED },
    { "negative 注文番号 before, no keyword", "注文番号：%s", NULL, 0, LOW },
    { "注文番号 labels the number: a keyword before it gives no boost", "マイナンバー提出の件。注文番号 %s", NULL, 0, LOW },
    { "TEL labels the number: a keyword before it gives no boost", "個人番号欄の確認。TEL %s", NULL, 0, LOW },
    { "followed by 円", "個人番号 %s円", NULL, 0, NONE },
    { "followed by 件", "個人番号 %s件", NULL, 0, NONE },
    { "T prefix (invoice)", "個人番号 T%s", NULL, 0, NONE },
    { "letter prefix", "個人番号 AB%s", NULL, 0, NONE },
    { "longer digit run", "個人番号 %s3", NULL, 0, NONE },
    { "longer chain -01", "個人番号 %s-01", "-", 0, NONE },
    { "longer chain 4-4-4-4", "個人番号 1234-%s", "-", 0, NONE },
    { "digit before", "個人番号 9%s", NULL, 0, NONE },
    /* fix: only what detection-spec §5.2 C names gives MEDIUM */
    { "bare 番号 is no keyword, a greeting 様 no field: 4-4-4 alone, MEDIUM", "山田様\nお疲れさまです。番号は %s です。", "-", 0, MED },
    { "bare 12 digits with a greeting: checksum only", "山田様\nお疲れさまです。番号は %s です。", NULL, 0, LOW },
    { "slip number 発送伝票番号 with マイナンバー in the next paragraph",
      "下記の方のマイナンバーを登録しました。\n\n発送伝票番号は %s です。", "-", 0, LOW },
    { "slip number 伝票番号 with a name label in the record", "氏名：山田太郎\n伝票番号：%s", "-", 0, LOW },
    { "電話 on the line above 個人番号: not demoted",
      "氏名：山田 太郎\n電話：090-1234-5678\n個人番号（マイナンバー）：%s", NULL, 0, HIGH },
    { "4-4-4 with a DOB in the record: MEDIUM", "生年月日：1985年4月1日\n番号：%s", "-", 0, MED },
    { "4-4-4 with an address in the record: MEDIUM", "番号 %s\n住所：東京都千代田区千代田1-1", " ", 0, MED },
    { "〒 right before the number demotes (negative keyword)", "〒100-0001 東京都千代田区千代田1-1\n番号 %s", " ", 0, LOW },
    { "4-4-4, name label in another paragraph: 4-4-4 alone, MEDIUM", "氏名：山田太郎\n\n番号：%s", "-", 0, MED },
    { "12 digits, name label in another paragraph: LOW", "氏名：山田太郎\n\n番号：%s", NULL, 0, LOW },
    /* issue 8: weaker context is MEDIUM (held), never passed */
    { "context word 年末調整", "年末調整の件、妻の分です %s", NULL, 0, MED },
    { "context word 本人確認書類", "本人確認書類の番号 %s", NULL, 0, MED },
    { "spelling マイナ番号", "マイナ番号：%s", NULL, 0, MED },
    { "spelling My No.", "My No. %s", NULL, 0, MED },
    { "spelling 個人 番号 (space)", "個人 番号 %s", NULL, 0, MED },
    { "spelling ﾏｲﾅﾝﾊﾞｰ (half-width)", "ﾏｲﾅﾝﾊﾞｰ %s", NULL, 0, HIGH },
    { "マイナス is not マイナ", "マイナス %s", NULL, 0, LOW },
    { "no-break spaces with a keyword", "個人番号 %s", "\xC2\xA0", 0, HIGH },
    { "zero-width spaces with a keyword", "個人番号 %s", "\xE2\x80\x8B", 0, HIGH },
    { "soft hyphens with a keyword", "個人番号 %s", "\xC2\xAD", 0, HIGH },
    { "spaced hyphens with a keyword", "個人番号 %s", " - ", 0, HIGH },
    { "two spaces with a keyword", "個人番号 %s", "  ", 0, HIGH },
    { "slashes with a keyword", "個人番号 %s", "/", 0, HIGH },
    { "nakaguro with a keyword", "個人番号 %s", "\xE3\x83\xBB", 0, HIGH },
    { "full-width slash, full-width digits", "個人番号 %s", "\xEF\xBC\x8F", 1, HIGH },
    { "tab-joined 4/4/4 cells with a keyword", "個人番号\t%s", "\t", 0, HIGH },
    { "tab-joined 4/4/4 cells without a keyword: not the usual grouping", "備考\t%s", "\t", 0, LOW },
    { "list numbering 1. before the number", "個人番号\n1. %s", "-", 0, HIGH },
    { "a date before the number", "個人番号 2026/12/02 %s", "-", 0, HIGH },
    { "a date and the same separator: one chain, not taken apart", "2026 12 02 %s", " ", 0, NONE },
    { "hard wrap after a hyphen", "個人番号 %s", "-\n", 0, HIGH },
    { "format=flowed wrap after a space", "個人番号 %s", " \r\n", 0, HIGH },
    { "line break without a separator is two lines", "個人番号 %s", "\n", 0, NONE },
    { "12 digits stored as a float", "個人番号 %s.0", NULL, 0, HIGH },
    { "a list headed by 追跡番号 with マイナンバー further down: LOW",
      "追跡番号\n%s\n\n※マイナンバーの書類は別送します。", "-", 0, LOW },
    { "a column labelled 注文番号 in a pasted table: LOW",
      "注文番号\t品名\n%s\t部品A\n\nマイナンバー対応とは別件です。", "-", 0, LOW },
    { "a 品名 column beside 注文番号 does not label the number's column",
      "品名\t注文番号\t個人番号\nA\t1\t%s", "-", 0, HIGH },
    { "letters between the groups: not a candidate", "氏名：山田太郎\n番号：%s", "x", 0, NONE },
    { NULL, NULL, NULL, 0, 0 }
};

static void run_case(const mcase *c, unsigned seed)
{
    char d[13], num[256], fw[256], text[1024];

    td_mynumber(seed, d);
    if (c->sep)
        td_444(d, c->sep, num, sizeof(num));
    else
        snprintf(num, sizeof(num), "%s", d);
    if (c->fullwidth) {
        td_fullwidth(num, fw, sizeof(fw));
        snprintf(num, sizeof(num), "%s", fw);
    }
    td_subst(text, sizeof(text), c->fmt, num);
    td_run(SG_UNIT_BODY, text);
    TAP_IS_INT(td_conf("mynumber"), c->want, "%s", c->label);
    TAP_OK(!td_leaks(d), "%s: full value never in evidence/detail", c->label);
}

static void checksums(void)
{
    static const char *const good[] = { "123456789018", "621498320257", "465281266333",
                                        "548836529885", "983205673214", NULL };
    static const char *const corp[] = { "7123456789012", "5835678256246", "1010601008968",
                                        "4011001098993", "2120901007402", NULL };
    int i;

    for (i = 0; good[i]; i++)
        TAP_OK(mynumber_valid(good[i]), "spec worked example %d passes the check digit", i + 1);
    TAP_OK(!mynumber_valid("123456789019"), "123456789019 fails the check digit");
    TAP_OK(!mynumber_valid("12345678901a"), "non-digit fails");
    for (i = 0; corp[i]; i++)
        TAP_OK(mynumber_corporate_valid(corp[i]), "法人番号 worked example %d passes", i + 1);
    TAP_OK(!mynumber_corporate_valid("2835678256246"), "法人番号 2-8356-... fails");
    TAP_OK(!mynumber_corporate_valid("0123456789012"), "法人番号 never starts with 0");
}

static void exclusions(void)
{
    static const char *const ex[] = { "123456789018", "621498320257", "465281266333",
                                      "548836529885", "000000000000", "111111111118", NULL };
    char text[256];
    int i;

    for (i = 0; ex[i]; i++) {
        snprintf(text, sizeof(text), "個人番号: %s", ex[i]);
        td_run(SG_UNIT_BODY, text);
        TAP_IS_INT(td_conf("mynumber"), NONE, "excluded value %s with a keyword", ex[i]);
    }
}

/* 202610160001-style order numbers that pass the check digit stay LOW */
static void date_sequence(void)
{
    char d[24], text[128];
    int seq, found = 0;

    for (seq = 1; seq < 200 && found < 3; seq++) {
        snprintf(d, sizeof(d), "20261016%04d", seq);
        if (!mynumber_valid(d))
            continue;
        found++;
        snprintf(text, sizeof(text), "ご注文 %s の発送", d);
        td_run(SG_UNIT_BODY, text);
        TAP_IS_INT(td_conf("mynumber"), LOW, "date+sequence %s passing the check stays LOW", d);
    }
}

static void corporate(void)
{
    const sg_finding *f;

    char d[13], text[512];

    td_run(SG_UNIT_BODY, "法人番号 7123456789012 の会社です。マイナンバーとは無関係。");
    f = td_find("corporate-number");
    TAP_OK(f && f->confidence == SG_CONF_LOW && (f->flags & SG_FF_CORPORATE),
           "法人番号: corporate-number, LOW with SG_FF_CORPORATE even with a keyword near");
    TAP_IS_INT(f ? f->count : 0, 1, "法人番号: its 12-digit substrings are not reported");
    TAP_IS_INT(td_conf("mynumber"), NONE, "法人番号: no mynumber finding");
    /* a real My Number beside a 法人番号: the mynumber finding is neither
     * marked corporate (which would stop it from acting) nor counts it */
    td_mynumber(777, d);
    snprintf(text, sizeof(text), "当社の法人番号 7123456789012\n社員のマイナンバー：%s\n", d);
    td_run(SG_UNIT_BODY, text);
    f = td_find("mynumber");
    TAP_OK(f && f->confidence == SG_CONF_HIGH && !(f->flags & SG_FF_CORPORATE) && f->count == 1,
           "My Number beside a 法人番号: HIGH, count 1, no SG_FF_CORPORATE (flags %u, count %u)",
           f ? f->flags : 0, f ? f->count : 0);
    f = td_find("corporate-number");
    TAP_OK(f && f->confidence == SG_CONF_LOW && f->count == 1,
           "... and the 法人番号 under corporate-number, LOW");
    td_run(SG_UNIT_BODY, "適格請求書発行事業者 登録番号：T7123456789012 個人番号");
    TAP_IS_INT(td_conf("mynumber"), NONE, "invoice T + 13 digits: nothing");
    td_run(SG_UNIT_BODY, "登録番号：Ｔ7123456789012");
    TAP_IS_INT(td_conf("mynumber"), NONE, "full-width Ｔ prefix: nothing");
    td_run(SG_UNIT_BODY, "カード 4111 1111 1111 1111 個人番号");
    TAP_IS_INT(td_conf("mynumber"), NONE, "card number with 12-digit runs: no My Number");
}

static void window_edges(void)
{
    char d[13], text[4096], fill[2048];
    int gap;

    td_mynumber(7, d);
    for (gap = 300; gap <= 301; gap++) {
        int i;
        fill[0] = 0;
        for (i = 0; i < gap; i++)
            strcat(fill, "あ");
        snprintf(text, sizeof(text), "個人番号%s%s", fill, d);
        td_run(SG_UNIT_BODY, text);
        TAP_IS_INT(td_conf("mynumber"), gap <= 300 ? HIGH : MED, "keyword %d chars before%s", gap,
                   gap > 300 ? " (same paragraph: MEDIUM)" : "");
        snprintf(text, sizeof(text), "%s%s個人番号", d, fill);
        td_run(SG_UNIT_BODY, text);
        TAP_IS_INT(td_conf("mynumber"), gap <= 300 ? HIGH : MED, "keyword %d chars after%s", gap,
                   gap > 300 ? " (same paragraph: MEDIUM)" : "");
        snprintf(text, sizeof(text), "%s\n\n%s個人番号", d, fill);
        td_run(SG_UNIT_BODY, text);
        TAP_IS_INT(td_conf("mynumber"), LOW, "keyword %d+2 chars after, next paragraph: LOW", gap);
    }
}

static void tables(void)
{
    char d[13], text[4096];
    size_t o;
    unsigned i;
    const sg_finding *f;

    o = (size_t)snprintf(text, sizeof(text), "氏名\t個人番号\n");
    for (i = 0; i < 4; i++) {
        td_mynumber(100 + i, d);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "社員%u\t%s\n", i, d);
    }
    td_run(SG_UNIT_TABLE, text);
    f = td_find("mynumber");
    TAP_IS_INT(f ? (int)f->confidence : -1, HIGH, "table: column header 個人番号 -> HIGH");
    TAP_IS_INT(f ? f->persons : 0, 4, "table: persons = rows with a My Number");
    TAP_IS_INT(f ? f->count : 0, 4, "table: count = distinct numbers");

    o = (size_t)snprintf(text, sizeof(text), "社員\t番号\n");
    for (i = 0; i < 5; i++) {
        td_mynumber(200 + i, d);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "E%u\t%s\n", i, d);
    }
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), HIGH, "table: unnamed column, 5/5 cells pass -> HIGH");

    o = (size_t)snprintf(text, sizeof(text), "受注\t番号\n");
    td_mynumber(300, d);
    o += (size_t)snprintf(text + o, sizeof(text) - o, "A\t%s\n", d);
    for (i = 0; i < 5; i++) {
        td_bad_mynumber(400 + i, d);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "B%u\t%s\n", i, d);
    }
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), LOW, "table: 1 of 6 cells pass -> LOW only");

    o = 0;
    for (i = 0; i < 2; i++) {
        td_mynumber(500 + i, d);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "X%u\t%s\n", i, d);
    }
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), LOW, "table: 2 cells are too few for column statistics");

    /* MEDIUM in a table needs a name/DOB/address cell in the same row: a
     * name column elsewhere in the table is not enough */
    td_mynumber(600, d);
    snprintf(text, sizeof(text), "氏名\t備考\n\t%.4s-%.4s-%.4s\n山田\t\n", d, d + 4, d + 8);
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), MED, "table: 4-4-4, the row's name cell is empty -> MEDIUM (4-4-4 alone, issue 8)");
    snprintf(text, sizeof(text), "氏名\t備考\n山田\t%.4s-%.4s-%.4s\n", d, d + 4, d + 8);
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), MED, "table: 4-4-4 with a name in the same row -> MEDIUM");
    snprintf(text, sizeof(text), "氏名\t伝票番号\n山田\t%.4s-%.4s-%.4s\n", d, d + 4, d + 8);
    td_run(SG_UNIT_TABLE, text);
    TAP_IS_INT(td_conf("mynumber"), LOW, "table: 4-4-4 under a 伝票番号 header -> LOW");
}

static void evidence_offset(void)
{
    char d[13], num[64], fw[256], text[512], want[32];
    const sg_finding *f;

    td_mynumber(42, d);
    td_444(d, "-", num, sizeof(num));
    snprintf(text, sizeof(text), "個人番号 %s と %s", num, d);
    td_run(SG_UNIT_BODY, text);
    f = td_find("mynumber");
    snprintf(want, sizeof(want), "%.4s-****-**%.2s", d, d + 10);
    TAP_IS_STR(f ? f->evidence : NULL, want, "evidence is masked 1234-****-**12");
    TAP_IS_INT(f ? f->count : 0, 1, "the same number twice counts once");
    TAP_IS_INT(f ? f->offset : 0, strlen("個人番号 "), "offset of the match");

    td_fullwidth(d, fw, sizeof(fw));
    snprintf(text, sizeof(text), "\xEF\xBC\x91\xEF\xBC\x92　個人番号 %s", fw);
    td_run(SG_UNIT_BODY, text);
    f = td_find("mynumber");
    TAP_IS_INT(f ? f->offset : 0, strstr(text, fw) - text,
               "offset maps back to the original bytes (full-width before)");
}

/* issue 8: a label heading a long list labels every number in it, also
 * thousands of lines below (the walk up is remembered from number to
 * number); a blank line ends the list. */
/* issue 8: 12 digits a spreadsheet shows in E notation lose digits: under
 * a My Number header the column is a probable My Number column (MEDIUM),
 * the value is never turned back into digits; elsewhere nothing. */
static void e_notation(void)
{
    const sg_finding *f;

    td_run(SG_UNIT_TABLE, "氏名\tマイナンバー\n山田\t1.23457E+11\n佐藤\t4.56789E+11\n");
    f = td_find("mynumber");
    TAP_IS_INT(f ? (int)f->confidence : -1, MED, "E notation under マイナンバー: probable column, MEDIUM");
    TAP_IS_INT(f ? (int)f->count : 0, 2, "E notation: each value counted as written");
    TAP_OK(f && f->detail && strstr(f->detail, "E notation"), "E notation: --explain says so");
    td_run(SG_UNIT_TABLE, "品名\t金額\nA\t1.23457E+11\n");
    TAP_IS_INT(td_conf("mynumber"), NONE, "E notation without a My Number header: nothing");
    td_run(SG_UNIT_TABLE, "氏名\tマイナンバー\n山田\t1.23457E+10\n");
    TAP_IS_INT(td_conf("mynumber"), NONE, "E+10 is no 12-digit number");
}

static void long_list(void)
{
    size_t cap = 3000 * 20 + 256, o;
    char *text = malloc(cap), d[13];
    unsigned i;

    if (!text)
        return;
    o = (size_t)snprintf(text, cap, "追跡番号\n");
    for (i = 0; i < 3000; i++) {
        td_mynumber(900 + i, d);
        o += (size_t)snprintf(text + o, cap - o, "%.4s-%.4s-%.4s\n", d, d + 4, d + 8);
    }
    td_run(SG_UNIT_BODY, text);
    TAP_IS_INT(td_conf("mynumber"), LOW, "3000 numbers under 追跡番号: all labelled, LOW");
    o = (size_t)snprintf(text, cap, "追跡番号\n1111-2222-3333\n1212-3434-5656\n\n"
                         "以下は別件です。内容をご確認のうえ、ご返信をお願いいたします。\n");
    td_mynumber(77, d);
    snprintf(text + o, cap - o, "%.4s-%.4s-%.4s\n", d, d + 4, d + 8);
    td_run(SG_UNIT_BODY, text);
    TAP_IS_INT(td_conf("mynumber"), MED, "a blank line ends the labelled list");
    free(text);
}

int main(void)
{
    unsigned i;

    checksums();
    for (i = 0; cases[i].label; i++)
        run_case(&cases[i], i + 1);
    exclusions();
    date_sequence();
    corporate();
    window_edges();
    tables();
    evidence_offset();
    long_list();
    e_notation();
    td_clear();
    return tap_done();
}
