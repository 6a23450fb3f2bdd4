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
