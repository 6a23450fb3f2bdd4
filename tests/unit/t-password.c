/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-password - password-in-body: a password given in the body counts only
 * when an attachment of the message is encrypted; announcements without a
 * token do not count; evidence is "ab****".
 */
#include "t-detect.h"

#define NONE (-1)

typedef struct pcase {
    const char *label, *text;
    int encrypted;       /* SG_ENC_* of the attachment, 0 none */
    int want;
    const char *evidence;
} pcase;

static const pcase cases[] = {
    { "パスワード：token + encrypted zip", "添付ファイルのパスワード：Xk93pQz1\nよろしくお願いします。", SG_ENC_YES, SG_CONF_HIGH, "Xk****" },
    { "full-width colon", "パスワード：Ab12Cd34", SG_ENC_YES, SG_CONF_HIGH, "Ab****" },
    { "パスワードは token です", "解凍パスワードは 7hGf2kLm です。", SG_ENC_YES, SG_CONF_HIGH, "7h****" },
    { "【パスワード】token", "【パスワード】qwer5678", SG_ENC_YES, SG_CONF_HIGH, "qw****" },
    { "token on the next line", "パスワード\nZx8Cv7Bn", SG_ENC_YES, SG_CONF_HIGH, "Zx****" },
    { "PW: token", "PW: s3cr3tPW", SG_ENC_YES, SG_CONF_HIGH, "s3****" },
    { "Password = token", "Password = hunter22", SG_ENC_YES, SG_CONF_HIGH, "hu****" },
    { "partially encrypted attachment", "パスワード：Ab12Cd34", SG_ENC_PARTIAL, SG_CONF_HIGH, "Ab****" },
    { "no encrypted attachment", "パスワード：Ab12Cd34", SG_ENC_NO, NONE, NULL },
    { "no attachment at all", "パスワード：Ab12Cd34", 0, NONE, NULL },
    { "announcement without token", "パスワードは別途お送りします。", SG_ENC_YES, NONE, NULL },
    { "パスワード：別メール", "パスワード：別メールにてお送りします", SG_ENC_YES, NONE, NULL },
    { "too short token", "パスワード：ab", SG_ENC_YES, NONE, NULL },
    { "URL is not a password", "パスワード再設定：https://example.co.jp/reset", SG_ENC_YES, NONE, NULL },
    { "パスポート is not パス", "パスポート番号 AB1234567", SG_ENC_YES, NONE, NULL },
    { "spin: is not pin:", "spin: 12345678", SG_ENC_YES, NONE, NULL },
    { NULL, NULL, 0, 0, NULL }
};

int main(void)
{
    unsigned i;

    for (i = 0; cases[i].label; i++) {
        const pcase *c = &cases[i];
        const sg_finding *f;
        td_run_enc(SG_UNIT_BODY, c->text, c->encrypted);
        f = td_find("password-in-body");
        TAP_IS_INT(f ? (int)f->confidence : NONE, c->want, "%s", c->label);
        if (f && c->evidence)
            TAP_IS_STR(f->evidence, c->evidence, "%s: masked evidence", c->label);
    }
    td_run_enc(SG_UNIT_SUBJECT, "パスワード：Ab12Cd34", SG_ENC_YES);
    TAP_IS_INT(td_conf("password-in-body"), NONE, "subject is not a body");
    td_clear();
    return tap_done();
}
