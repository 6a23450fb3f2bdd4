/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sensitive - the `sensitive-personal` detector (要配慮個人情報, APPI Art.
 * 2(3), detection-spec §4.11): a keyword of a special-care category counts
 * only inside the record of a named person found by personal.c (the same
 * table row, the paragraph around a prose person, or - a name alone
 * identifies a person, issue 8 - the line of a name with nothing else, the
 * paragraph of a labelled one) - never document-wide, because these words
 * are common in news and HR policy text. In tables the header cells of the
 * row's non-empty columns count too (a 病名 column).
 * Flags SG_FF_SENSITIVE; evidence and detail name the category only (the
 * keyword itself would say too much about the person). The categories'
 * keywords are searched as one list, header cells once per table; owns
 * only that per-unit column array.
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct category {
    const char *name;
    const char *const *kw;
} category;

static const char *const k_race[] = { "人種", "民族", "出自", "世系", "日系", "在日", "帰化", "アイヌ",
                                      "被差別部落", "同和", NULL };
static const char *const k_creed[] = { "信条", "信仰", "宗教", "宗派", "信者", "入信", "創価学会",
                                       "教会", "寺院", "檀家", "支持政党", "党員", "政治思想", NULL };
static const char *const k_status[] = { "非嫡出子", "婚外子", "同和地区出身", "部落出身", "被差別",
                                        NULL };
static const char *const k_medical[] = {
    "病歴", "既往歴", "既往症", "病名", "傷病名", "診断名", "罹患", "治療中", "通院歴", "入院歴", "癌",
    "がん患者", "がんの", "がんで", "がんと診断", "がん治療", "白血病", "糖尿病", "HIV", "エイズ", "肝炎", "統合失調症", "うつ病",
    "双極性障害", "適応障害", "認知症", "難病", "感染症", NULL
};
static const char *const k_crime[] = { "前科", "前歴", "犯罪歴", "有罪判決", "懲役", "禁錮", "罰金刑",
                                       "執行猶予", "服役", "受刑", "刑務所", NULL };
static const char *const k_victim[] = { "犯罪被害", "被害届", "詐欺被害", "性被害", "DV被害",
                                        "ストーカー被害", "虐待", NULL };
static const char *const k_disability[] = { "障害者", "障がい", "身体障害", "知的障害", "精神障害",
                                            "発達障害", "障害者手帳", "療育手帳", "障害等級",
                                            "障害年金", NULL };
static const char *const k_checkup[] = { "健康診断結果", "健診結果", "人間ドック", "検査結果",
                                         "血液検査", "血圧", "血糖", "HbA1c", "尿検査", "要再検査",
                                         "要精密検査", "ストレスチェック結果", "高ストレス者",
                                         "遺伝子検査", NULL };
static const char *const k_care[] = { "診断書", "診療", "受診", "処方", "調剤", "服薬", "投薬",
                                      "保健指導", "産業医面談", "休職診断", "療養", "カルテ", NULL };
static const char *const k_criminal[] = { "逮捕", "勾留", "起訴", "公訴", "被疑者", "被告人",
                                          "差押え", "取調べ", "送検", NULL };
static const char *const k_juvenile[] = { "少年審判", "保護処分", "観護措置", "少年院",
                                          "家庭裁判所送致", "保護観察", NULL };

static const category categories[] = {
    { "人種", k_race }, { "信条", k_creed }, { "社会的身分", k_status }, { "病歴", k_medical },
    { "犯罪の経歴", k_crime }, { "犯罪により害を被った事実", k_victim },
    { "心身の機能の障害", k_disability }, { "健康診断等の結果", k_checkup },
    { "指導・診療・調剤", k_care }, { "刑事手続", k_criminal }, { "少年保護事件", k_juvenile },
    { NULL, NULL }
};

/* All categories' keywords in one list (category order kept, so the first
 * keyword found in list order belongs to the first category that has
 * one), searched in one pass; built once. */
#define SENSITIVE_MAX_KW 255
static const char *flat_kw[SENSITIVE_MAX_KW + 1];
static unsigned char flat_cat[SENSITIVE_MAX_KW];
static pthread_once_t flat_once = PTHREAD_ONCE_INIT;

static void flat_init(void)
{
    size_t n = 0, c, k;

    for (c = 0; categories[c].name; c++)
        for (k = 0; categories[c].kw[k] && n < SENSITIVE_MAX_KW; k++) {
            flat_kw[n] = categories[c].kw[k];
            flat_cat[n++] = (unsigned char)c;
        }
    flat_kw[n] = NULL;
}

static const category *find_in(const char *s, size_t a, size_t b)
{
    const char *k;
    size_t i;

    if (b <= a || !(k = dunit_kw_in(s, a, b, flat_kw, NULL)))
        return NULL;
    for (i = 0; flat_kw[i]; i++)
        if (flat_kw[i] == k)
            return &categories[flat_cat[i]];
    return NULL;
}

/* header cells of the row's non-empty columns (hc: category of each
 * column's header, found once per table) */
static const category *find_in_headers(const dunit *du, const precord *r,
                                       const category *const *hc)
{
    const dtable *t = du->tab;
    size_t a = r->start, e = r->end;
    unsigned col = 0;

    if (!t || !t->header || !hc)
        return NULL;
    while (a < e && col < t->ncols) {
        const char *tab = memchr(du->s + a, '\t', e - a);
        size_t b = tab ? (size_t)(tab - du->s) : e;
        if (b > a + 1 && hc[col])
            return hc[col];
        col++;
        if (!tab)
            break;
        a = b + 1;
    }
    return NULL;
}

static const category **header_categories(const dunit *du)
{
    const category **hc;
    unsigned c;

    if (!du->tab || !du->tab->header || !(hc = sg_calloc(du->tab->ncols + 1, sizeof(*hc))))
        return NULL;
    for (c = 0; c < du->tab->ncols; c++)
        hc[c] = find_in(du->s, du->tab->hstart[c], du->tab->hend[c]);
    return hc;
}

void sensitive_end(dunit *du)
{
    unsigned persons = 0;
    size_t i;
    const category **hit;

    const category **hc;

    if (!du->npr || !(hit = sg_calloc(du->npr, sizeof(*hit))))
        return;
    (void)pthread_once(&flat_once, flat_init);
    hc = header_categories(du);
    for (i = 0; i < du->npr; i++) {
        const precord *r = &du->pr[i];
        if (!(r->kinds & PK_NAME))
            continue;       /* a name alone identifies a person (PS_NAMEONLY records) */
        if ((hit[i] = find_in(du->s, r->start, r->end)) || (hit[i] = find_in_headers(du, r, hc)))
            persons++;
    }
    free(hc);
    for (i = 0; i < du->npr; i++) {
        char det[256], key[96];
        if (!hit[i])
            continue;
        snprintf(det, sizeof(det), "category %s in the same %s as a named person%s", hit[i]->name,
                 du->pr[i].row >= 0 ? "row" :
                 (du->pr[i].flags & (PS_NAMEONLY | PS_LABELLED)) == PS_NAMEONLY ? "line" : "paragraph",
                 (du->pr[i].flags & PS_NAMEONLY) ? " (the name alone identifies the person)" :
                                                   " with another identifier");
        snprintf(key, sizeof(key), "%s@%zu", du->u->location ? du->u->location : "",
                 du->pr[i].first);
        dunit_emit(du, "sensitive-personal",
                   du->tab || (du->pr[i].flags & (PS_LABELLED | PS_NAMEONLY)) == PS_LABELLED
                       ? SG_CONF_HIGH : SG_CONF_MEDIUM,
                   hit[i]->name, strlen(hit[i]->name), 1, du->pr[i].first, det, key,
                   du->tab ? persons : 0, SG_FF_SENSITIVE);
    }
    free(hit);
}
