/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-sensitive - sensitive-personal (要配慮個人情報): a category keyword counts
 * only in the record of a named person, never document-wide.
 */
#include "t-detect.h"

#define NONE (-1)

typedef struct scase {
    const char *label;
    sg_unit_kind kind;
    const char *text;
    int found;
    const char *category;
    unsigned persons;
} scase;

static const scase cases[] = {
    { "病歴 in the person's record", SG_UNIT_BODY,
      "氏名：山田太郎\n電話：090-1234-5678\n既往歴：糖尿病", 1, "病歴", 0 },
    { "犯罪の経歴 in the person's record", SG_UNIT_BODY,
      "氏名：鈴木一郎 携帯：080-1111-2222 前科あり", 1, "犯罪の経歴", 0 },
    { "障害 in the person's record", SG_UNIT_BODY,
      "お名前：佐藤花子\nメール：hanako@example.jp\n身体障害者手帳 2級", 1, "心身の機能の障害", 0 },
    { "keyword in another paragraph", SG_UNIT_BODY,
      "氏名：山田太郎\n電話：090-1234-5678\n\n\n来週の健康診断結果の配布について", 0, NULL, 0 },
    { "news text without a person", SG_UNIT_BODY, "糖尿病の患者数が増加しています。逮捕された。", 0, NULL, 0 },
    { "person without a name", SG_UNIT_BODY, "携帯：090-1234-5678 メール：a1@example.jp 通院歴あり", 0, NULL, 0 },
    { "がんばります is not がん", SG_UNIT_BODY, "氏名：山田太郎 携帯：090-1234-5678 がんばります", 0, NULL, 0 },
    { "table column 病名", SG_UNIT_TABLE,
      "氏名\t電話\t病名\n山田太郎\t090-1111-2222\tA型\n佐藤花子\t080-2222-3333\tB型\n", 1, "病歴", 2 },
    { "table without a sensitive column", SG_UNIT_TABLE,
      "氏名\t電話\t部署\n山田太郎\t090-1111-2222\t営業\n", 0, NULL, 0 },
    /* issue 8: a name identifies a person - name + category is 要配慮個人情報 */
    { "named person (さん) + 病名 in one sentence", SG_UNIT_BODY,
      "お疲れ様です。\n山田 太郎さんは糖尿病で通院中です。\n", 1, "病歴", 0 },
    { "named candidate (氏) + 前科", SG_UNIT_BODY,
      "候補者の鈴木一郎氏ですが、前科があることが判明しました。", 1, "犯罪の経歴", 0 },
    { "named employee + 身体障害者手帳", SG_UNIT_BODY,
      "佐藤 花子さん（総務部）は身体障害者手帳（2級）をお持ちです。", 1, "心身の機能の障害", 0 },
    { "named person + 信者", SG_UNIT_BODY, "田中さんは○○教の信者なので日曜は休みです。", 1, "信条", 0 },
    { "keyword before the name in the same line", SG_UNIT_BODY,
      "うつ病で休職中の高橋 健一さんの件です。", 1, "病歴", 0 },
    { "pasted 健康診断 list under a 氏名 header", SG_UNIT_BODY,
      "氏名\t所見\n山田 太郎\t要再検査（血圧）\n佐藤 花子\t要精密検査\n", 1, "健康診断等の結果", 0 },
    { "table: name column + 病名 column, no other identifier", SG_UNIT_TABLE,
      "社員番号\t氏名\t病名\n00123\t山田太郎\t糖尿病\n00124\t佐藤花子\tうつ病\n", 1, "病歴", 2 },
    /* near-misses stay clean */
    { "a greeting name, the category in the next paragraph", SG_UNIT_BODY,
      "山田様\n\n今年度の健康診断結果の提出をお願いします。", 0, NULL, 0 },
    { "a greeting name, the category on the next line", SG_UNIT_BODY,
      "山田様\nいつもお世話になっております。新製品の血圧計のご案内です。", 0, NULL, 0 },
    { "product news: 患者さん is no name", SG_UNIT_BODY,
      "新型の血糖測定器は糖尿病の患者さんの自己管理を支援します。", 0, NULL, 0 },
    { "健康に気をつけて", SG_UNIT_BODY, "田中さん、寒くなりましたので健康に気をつけてください。", 0, NULL, 0 },
    { "HR policy text without a person", SG_UNIT_BODY,
      "各位\n障害者雇用の推進について方針を共有します。健康診断結果は産業医が確認します。", 0, NULL, 0 },
    { "a hospital in a signature", SG_UNIT_BODY,
      "納品日程をご連絡します。\n\n-- \n医療法人 見本会 見本病院 事務部 山田\nTEL 03-1234-5678（代表）\n", 0, NULL, 0 },
    { "table: names without a sensitive column", SG_UNIT_TABLE,
      "氏名\t部署\n山田太郎\t営業\n佐藤花子\t総務\n", 0, NULL, 0 },
    { NULL, 0, NULL, 0, NULL, 0 }
};

int main(void)
{
    unsigned i;

    for (i = 0; cases[i].label; i++) {
        const scase *c = &cases[i];
        const sg_finding *f;
        td_run(c->kind, c->text);
        f = td_find("sensitive-personal");
        TAP_IS_INT(f != NULL, c->found, "%s", c->label);
        if (f && c->found) {
            TAP_IS_STR(f->evidence, c->category, "%s: category", c->label);
            TAP_OK(f->flags & SG_FF_SENSITIVE, "%s: sensitive flag", c->label);
            TAP_OK(f->confidence >= SG_CONF_MEDIUM, "%s: medium or high", c->label);
            if (c->persons)
                TAP_IS_INT(f->persons, c->persons, "%s: persons", c->label);
        }
    }
    td_clear();
    return tap_done();
}
