/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-personal - personal-data: kinds of one person together (name, address,
 * phone, e-mail, DOB, bank), signatures and business numbers that must not
 * count, windows and paragraphs, tables with persons counted. Synthetic
 * names and numbers only.
 */
#include "t-detect.h"

#define NONE (-1)
#define MED SG_CONF_MEDIUM
#define HIGH SG_CONF_HIGH

typedef struct pcase {
    const char *label;
    sg_unit_kind kind;
    const char *text;
    int want;
    unsigned persons;    /* 0: not checked */
    int financial;
} pcase;

static const pcase cases[] = {
    { "labelled name + address + mobile", SG_UNIT_BODY,
      "氏名：山田太郎\n住所：東京都千代田区千代田1-1\n電話：090-1234-5678", HIGH, 1, 0 },
    { "labelled name + e-mail", SG_UNIT_BODY, "お名前：山田 太郎\nメール：taro.yamada@example.jp", MED, 1, 0 },
    { "honorific name + mobile", SG_UNIT_BODY, "山田太郎様の携帯は090-1111-2222です。", MED, 1, 0 },
    { "和暦 DOB + labelled name", SG_UNIT_BODY, "生年月日：昭和60年4月1日\n氏名：佐藤花子", MED, 1, 0 },
    { "S60.4.1 DOB + 自宅 phone", SG_UNIT_BODY, "生年月日 S60.4.1 自宅 03-1234-5678", MED, 1, 0 },
    { "Western DOB 1985/04/01 + name", SG_UNIT_BODY, "氏名: 高橋次郎 生年月日: 1985/04/01", MED, 1, 0 },
    { "bank account + name (financial)", SG_UNIT_BODY,
      "氏名：山田太郎\n振込先 サンプル銀行 渋谷支店 普通 口座番号 1234567", MED, 1, 1 },
    { "+81 mobile + name", SG_UNIT_BODY, "氏名：田中一郎 Tel: +81 90-1234-5678", MED, 1, 0 },
    { "full-width phone + name", SG_UNIT_BODY, "氏名：田中一郎 携帯：０９０－１２３４－５６７８", MED, 1, 0 },
    { "〒 address + honorific name", SG_UNIT_BODY, "〒100-0001 東京都千代田区千代田1-1 鈴木一郎様", MED, 1, 0 },
    { "two persons in two paragraphs", SG_UNIT_BODY,
      "氏名：山田太郎\n携帯：090-1111-2222\n\n氏名：佐藤花子\n携帯：080-3333-4444", MED, 2, 0 },
    { "company signature between rules", SG_UNIT_BODY,
      "お世話になっております。\n資料をお送りします。\n"
      "━━━━━━━━━━━━━━\n株式会社サンプル 営業部\n山田 太郎\n〒100-0001 東京都千代田区千代田1-1\n"
      "TEL: 03-1234-5678 携帯: 090-1234-5678\nE-mail: yamada@example.co.jp\n━━━━━━━━━━━━━━", NONE, 0, 0 },
    { "-- signature", SG_UNIT_BODY, "本文です。\n-- \n山田太郎様\n携帯 090-1234-5678\n", NONE, 0, 0 },
    { "company block without a name", SG_UNIT_BODY,
      "株式会社サンプル\n〒100-0001 東京都千代田区千代田1-1\n代表 03-1234-5678\ninfo@example.co.jp", NONE, 0, 0 },
    { "toll-free number is business", SG_UNIT_BODY, "山田様 フリーダイヤル 0120-123-456", NONE, 0, 0 },
    { "0570 navi dial is business", SG_UNIT_BODY, "山田様 お問い合わせ 0570-000-111", NONE, 0, 0 },
    { "honorific name + e-mail only", SG_UNIT_BODY,
      "田中様\nご連絡ありがとうございます。tanaka@partner.example", NONE, 0, 0 },
    { "date without a DOB keyword", SG_UNIT_BODY, "氏名：山田太郎 2024年4月1日に訪問予定", NONE, 0, 0 },
    { "invalid era date H32", SG_UNIT_BODY, "氏名：山田太郎 生年月日：平成32年1月1日", NONE, 0, 0 },
    { "invalid era date R1.4.30", SG_UNIT_BODY, "氏名：山田太郎 生年月日：R1.4.30", NONE, 0, 0 },
    { "invalid day 2023/02/29", SG_UNIT_BODY, "氏名：山田太郎 生年月日：2023/02/29", NONE, 0, 0 },
    { "paragraph break separates", SG_UNIT_BODY, "氏名：山田太郎\n\n別件です。携帯 090-1234-5678", NONE, 0, 0 },
    { "お客様 / ご担当者様 are not names", SG_UNIT_BODY, "お客様各位 ご担当者様 03-1234-5678", NONE, 0, 0 },
    { "postal code without 〒 is not an address", SG_UNIT_BODY, "山田様 品番 100-0001", NONE, 0, 0 },
    { "7 digits without 口座 is not bank", SG_UNIT_BODY, "氏名：山田太郎 受付 1234567", NONE, 0, 0 },
    { "table name/phone/email", SG_UNIT_TABLE,
      "氏名\t電話番号\tメール\n山田太郎\t090-1111-2222\tt1@example.jp\n佐藤花子\t080-2222-3333\tt2@example.jp\n"
      "鈴木一郎\t070-3333-4444\tt3@example.jp\n", HIGH, 3, 0 },
    { "table English header", SG_UNIT_TABLE,
      "Name\tEmail\tPhone\nTaro\tt1@example.jp\t090-1111-2222\nHana\tt2@example.jp\t\n", HIGH, 2, 0 },
    { "table rows with one kind do not count", SG_UNIT_TABLE,
      "氏名\t電話\n山田太郎\t090-1111-2222\n佐藤花子\t\n鈴木一郎\t\n", HIGH, 1, 0 },
    { "table one kind only", SG_UNIT_TABLE, "氏名\t部署\n山田\t営業\n佐藤\t総務\n", NONE, 0, 0 },
    { "table company name is not a name", SG_UNIT_TABLE,
      "会社名\t所在地\n株式会社A\t東京都港区1-2-3\n", NONE, 0, 0 },
    { "table bank column", SG_UNIT_TABLE, "氏名\t口座番号\n山田太郎\t1234567\n", HIGH, 1, 1 },
    /* the sender's signature is not personal data of a person */
#define SIG_LINES "株式会社サンプル商事 営業部\n山田 太郎\n〒100-0001 東京都千代田区千代田1-1\n" \
    "TEL: 03-1234-5678 携帯: 090-1234-5678\nE-mail: yamada@example.co.jp\n"
    { "signature without rules at the end", SG_UNIT_BODY,
      "山本様\n\n資料を送付いたします。\nよろしくお願いいたします。\n\n" SIG_LINES, NONE, 0, 0 },
    { "signature between ═ rules", SG_UNIT_BODY,
      "山本様\n\n資料を送付いたします。\n\n══════════════\n" SIG_LINES "══════════════\n", NONE, 0, 0 },
    { "signature between ■□ rules", SG_UNIT_BODY,
      "山本様\n\n資料を送付いたします。\n\n■□■□■□■□■□\n" SIG_LINES "■□■□■□■□■□\n", NONE, 0, 0 },
    { "signature without rules before a quoted mail", SG_UNIT_BODY,
      "承知しました。\n\n" SIG_LINES "\n> 山田様\n> ご確認ください。\n", NONE, 0, 0 },
    { "signature without rules in a text attachment", SG_UNIT_TEXT,
      "議事録を共有します。\n\n" SIG_LINES, NONE, 0, 0 },
    { "a delivery address with 様 at the end is personal data", SG_UNIT_BODY,
      "下記へ発送してください。\n\n株式会社テスト 総務部\n鈴木 一郎 様\n〒100-0001 東京都千代田区千代田1-1\n"
      "携帯: 080-1111-2222\n", HIGH, 1, 0 },
    { "a labelled record in the middle is personal data", SG_UNIT_BODY,
      "登録をお願いします。\n\n株式会社テスト\n氏名：鈴木 一郎\n携帯: 080-1111-2222\nメール: s@example.jp\n\n"
      "以上です。\n", HIGH, 1, 0 },
    { "company paragraph in the middle of a mail is not a signature", SG_UNIT_BODY,
      "株式会社テスト 鈴木 一郎\n携帯: 080-1111-2222\nメール: s@example.jp\n\n上記の方へご連絡ください。\n", MED, 1, 0 },
    /* issue 8: customer lists pasted without a header row: rows are persons */
    { "pasted list: name <TAB> address <TAB> landline, 3 rows", SG_UNIT_BODY,
      "来場者です。\n\n吉田 健一\t愛知県名古屋市中区栄8-2-19\t03-1234-5678\n"
      "高橋 花子\t東京都千代田区丸の内6-2-13\t06-5867-3279\n"
      "佐藤 亮\t北海道札幌市中央区北一条西3-3-5\t052-192-7635\n", HIGH, 3, 0 },
    { "pasted list: two spaces between fields", SG_UNIT_BODY,
      "吉田健一  03-1234-5678  愛知県名古屋市中区栄8-2-19\n高橋花子  06-5867-3279  東京都千代田区丸の内6-2-13\n"
      "佐藤亮  052-192-7635  北海道札幌市中央区北一条西3-3-5\n", HIGH, 3, 0 },
    { "pasted list: two rows are not a list", SG_UNIT_BODY,
      "吉田 健一\t愛知県名古屋市中区栄8-2-19\t03-1234-5678\n"
      "高橋 花子\t東京都千代田区丸の内6-2-13\t06-5867-3279\n", NONE, 0, 0 },
    { "branch list labelled by city is no person list", SG_UNIT_BODY,
      "札幌\t北海道札幌市中央区北一条西1-2-3\t011-222-3333\n仙台\t宮城県仙台市青葉区中央2-3-4\t022-333-4444\n"
      "福岡\t福岡県福岡市博多区博多駅前3-4-5\t092-444-5555\n", NONE, 0, 0 },
    { "shop and office list is no person list", SG_UNIT_BODY,
      "渋谷店\t東京都渋谷区道玄坂1-2-3\t03-1111-2222\n新宿営業所\t東京都新宿区西新宿2-3-4\t03-2222-3333\n"
      "品川センター\t東京都港区港南3-4-5\t03-3333-4444\n", NONE, 0, 0 },
    { "company list with 代表 phones is no person list", SG_UNIT_BODY,
      "株式会社A 札幌支店\t〒060-0001 北海道札幌市中央区北一条西1-2-3\t代表 011-222-3333\n"
      "株式会社B 仙台支店\t〒980-0001 宮城県仙台市青葉区中央2-3-4\t代表 022-333-4444\n"
      "株式会社C 福岡支店\t〒812-0001 福岡県福岡市博多区博多駅前3-4-5\t代表 092-444-5555\n", NONE, 0, 0 },
    { "honorific with a hiragana given name", SG_UNIT_BODY,
      "佐藤 さくらさん 携帯 090-1234-5678", MED, 1, 0 },
    { "みなさん is no name", SG_UNIT_BODY, "みなさん 携帯 090-1234-5678", NONE, 0, 0 },
    /* issue 8: a quoted signature is a signature */
    { "reply quoting the other party's -- signature, then more quoted text", SG_UNIT_BODY,
      "承知しました。\n\n> お世話になっております。\n> 12/10 14時でいかがでしょうか。\n>\n> --\n"
      "> 株式会社サンプル商事 営業部\n> 山田 太郎\n> 〒100-0001 東京都千代田区千代田1-1\n"
      "> TEL: 03-1234-5678 携帯: 090-1234-5678\n> E-mail: yamada@example.co.jp\n>\n"
      "> -----Original Message-----\n> 前回の議事録です。\n", NONE, 0, 0 },
    { "reply quoting a signature without rules (>> nested)", SG_UNIT_BODY,
      "了解です。\n\n>> 資料を送付いたします。\n>>\n>> 株式会社サンプル商事 営業部\n>> 山田 太郎\n"
      ">> TEL: 03-1234-5678 携帯: 090-1234-5678\n>>\n>> -----Original Message-----\n", NONE, 0, 0 },
    { "a quoted record that is no signature stays personal data", SG_UNIT_BODY,
      "確認しました。\n\n> 氏名：鈴木 一郎\n> 携帯: 080-1111-2222\n> 生年月日：1980年1月2日\n", HIGH, 1, 0 },
    { "10 digits then a space are no phone without a phone keyword", SG_UNIT_BODY,
      "お問い合わせ番号は Q-0228244177 です。\n氏名：山本 由美\n", NONE, 0, 0 },
    { "10 digits with a separator are a phone", SG_UNIT_BODY,
      "連絡は 0228-24-4177 まで。\n氏名：山本 由美\n", MED, 1, 0 },
    { NULL, 0, NULL, 0, 0, 0 }
};

static void window(void)
{
    char text[4096], fill[2048];
    int i;

    fill[0] = 0;
    for (i = 0; i < 250; i++)
        strcat(fill, "あ");
    snprintf(text, sizeof(text), "氏名：山田太郎%s携帯 090-1234-5678", fill);
    td_run(SG_UNIT_BODY, text);
    TAP_IS_INT(td_conf("personal-data"), NONE, "fields 250 chars apart are not one person");
}

int main(void)
{
    unsigned i;

    for (i = 0; cases[i].label; i++) {
        const pcase *c = &cases[i];
        const sg_finding *f;
        td_run(c->kind, c->text);
        f = td_find("personal-data");
        TAP_IS_INT(f ? (int)f->confidence : NONE, c->want, "%s", c->label);
        if (f && c->persons)
            TAP_IS_INT(f->persons, c->persons, "%s: persons", c->label);
        if (f)
            TAP_OK(!!(f->flags & SG_FF_FINANCIAL) == c->financial, "%s: financial flag", c->label);
        TAP_OK(!td_leaks("09012345678") && !td_leaks("090-1234-5678"), "%s: phone masked", c->label);
    }
    window();
    td_clear();
    return tap_done();
}
