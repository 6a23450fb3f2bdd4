/*
 * t-label - classification-label: marking forms in subjects, bodies,
 * properties and file names; prose mentions (training mails) are not
 * markings.
 */
#include "t-detect.h"

#define NONE (-1)

typedef struct lcase {
    const char *label;
    sg_unit_kind kind;
    const char *text;
    int want;            /* confidence or NONE */
    const char *evidence;
    int top_secret;
} lcase;

static const lcase cases[] = {
    { "subject 【社外秘】", SG_UNIT_SUBJECT, "【社外秘】2025年度 事業計画", SG_CONF_HIGH, "社外秘", 0 },
    { "subject [Confidential]", SG_UNIT_SUBJECT, "[Confidential] Q3 forecast", SG_CONF_HIGH, "Confidential", 0 },
    { "subject 極秘 at start + space", SG_UNIT_SUBJECT, "極秘 新製品の件", SG_CONF_HIGH, "極秘", 1 },
    { "subject Re: 〔部外秘〕", SG_UNIT_SUBJECT, "Re: 〔部外秘〕議事録", SG_CONF_HIGH, "部外秘", 0 },
    { "subject 関係者外秘 in brackets", SG_UNIT_SUBJECT, "（関係者外秘）人事異動", SG_CONF_HIGH, "関係者外秘", 0 },
    { "subject Strictly Confidential:", SG_UNIT_SUBJECT, "Strictly Confidential: merger", SG_CONF_HIGH, "Strictly Confidential", 0 },
    { "subject prose 社外秘の扱いについて", SG_UNIT_SUBJECT, "社外秘の扱いについて", NONE, NULL, 0 },
    { "subject prose about confidential data", SG_UNIT_SUBJECT, "Handling confidential data", NONE, NULL, 0 },
    { "body line 社外秘 alone", SG_UNIT_BODY, "各位\n\n社外秘\n\n資料を送ります。", SG_CONF_HIGH, "社外秘", 0 },
    { "body ■極秘■", SG_UNIT_BODY, "■極秘■\n以下の通り", SG_CONF_HIGH, "極秘", 1 },
    { "body 機密区分：社外秘", SG_UNIT_BODY, "文書番号 12\n機密区分：社外秘\n", SG_CONF_HIGH, "社外秘", 0 },
    { "body CONFIDENTIAL line", SG_UNIT_BODY, "CONFIDENTIAL\nPlease find attached.", SG_CONF_HIGH, "Confidential", 0 },
    { "body Internal Use Only:", SG_UNIT_BODY, "Internal Use Only: do not forward", SG_CONF_HIGH, "Internal Use Only", 0 },
    { "training mail prose", SG_UNIT_BODY,
      "情報セキュリティ研修のお知らせ\n社外秘の扱いについて説明します。\n極秘情報や部外秘の資料は持ち出さないこと。", NONE, NULL, 0 },
    { "prose 社外秘資料を", SG_UNIT_BODY, "昨日の社外秘資料を確認しました。", NONE, NULL, 0 },
    { "English disclaimer prose", SG_UNIT_BODY,
      "This e-mail may contain confidential information.\nConfidential information must not be shared.", NONE, NULL, 0 },
    { "quoted 「社外秘」 in prose", SG_UNIT_BODY, "「社外秘」と書かれた文書は", NONE, NULL, 0 },
    { "word inside a longer word", SG_UNIT_BODY, "[Confidentiality]", NONE, NULL, 0 },
    { "properties value", SG_UNIT_PROPERTIES, "title: 計画\nClassification: 社外秘\n", SG_CONF_HIGH, "社外秘", 0 },
    { "properties MSIP label Confidential", SG_UNIT_PROPERTIES, "MSIP_Label_1_Name: Confidential\n", SG_CONF_HIGH, "Confidential", 0 },
    { "properties title prose", SG_UNIT_PROPERTIES, "title: 社外秘の扱いについて\n", NONE, NULL, 0 },
    { "filename 【極秘】", SG_UNIT_FILENAME, "【極秘】見積.xlsx", SG_CONF_HIGH, "極秘", 1 },
    { "full-width brackets ［社外秘］", SG_UNIT_SUBJECT, "［社外秘］計画", SG_CONF_HIGH, "社外秘", 0 },
    /* issue 8: CRLF line ends (every SMTP message, every Windows text file) */
    { "CRLF: 社外秘 alone on a line", SG_UNIT_BODY, "各位\r\n\r\n社外秘\r\n\r\n資料を送ります。\r\n", SG_CONF_HIGH, "社外秘", 0 },
    { "CRLF: 極秘 alone on the last line", SG_UNIT_TEXT, "予算案\r\n極秘\r\n", SG_CONF_HIGH, "極秘", 1 },
    { "CRLF: CONFIDENTIAL alone on a line", SG_UNIT_TEXT, "CONFIDENTIAL\r\nQ3 plan\r\n", SG_CONF_HIGH, "Confidential", 0 },
    { "CRLF: 機密区分：部外秘 at the line end", SG_UNIT_BODY, "機密区分：部外秘\r\n本文\r\n", SG_CONF_HIGH, "部外秘", 0 },
    { "CRLF: prose stays prose", SG_UNIT_BODY, "社外秘の扱いについて\r\n説明します。\r\n", NONE, NULL, 0 },
    { "table cell holding only 社外秘", SG_UNIT_TABLE, "社外秘\t\t\r\n品目\t数量\r\nA\t1\r\n", SG_CONF_HIGH, "社外秘", 0 },
    { "table cell prose is not a label", SG_UNIT_TABLE, "備考\r\n社外秘の扱いに注意\r\n", NONE, NULL, 0 },
    { NULL, 0, NULL, 0, NULL, 0 }
};

int main(void)
{
    unsigned i;

    for (i = 0; cases[i].label; i++) {
        const lcase *c = &cases[i];
        const sg_finding *f;
        td_run(c->kind, c->text);
        f = td_find("classification-label");
        TAP_IS_INT(f ? (int)f->confidence : NONE, c->want, "%s", c->label);
        if (c->want != NONE && f) {
            TAP_IS_STR(f->evidence, c->evidence, "%s: evidence is the label", c->label);
            TAP_OK(!!(f->flags & SG_FF_TOP_SECRET) == c->top_secret, "%s: top-secret flag", c->label);
        }
    }
    td_run(SG_UNIT_SUBJECT, "【社外秘】【社外秘】と【極秘】");
    TAP_IS_INT(td_find("classification-label") ? td_find("classification-label")->count : 0, 2,
               "count = distinct labels");
    td_clear();
    return tap_done();
}
