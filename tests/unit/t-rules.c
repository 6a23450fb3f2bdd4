/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-rules - unit tests of the admin rule engine (scanner/rules_engine.c):
 * loading (good dirs, every error with file:line), matching in each scope,
 * min_count across units, keyword lists, UTF/UCP patterns on Japanese text,
 * a catastrophic pattern bounded by the match limit, the shipped rules/.
 *
 * scan_limit() and scan_expired() are test doubles here (the real ones live
 * in scan.c), so a limit hit can be observed. Rule dirs are made in a
 * temporary directory and removed at the end. Synthetic data only.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "findings.h"
#include "rules_engine.h"
#include "scan_ctx.h"
#include "sg_tap.h"

void findings_priv_free(void *p);

/* ---- test doubles for scan.c --------------------------------------------- */

static unsigned limit_calls, limit_flags;
static char limit_reason[256];

void scan_limit(scan_ctx *ctx, unsigned flag, const char *location, const char *part,
                const char *reason)
{
    (void)location;
    (void)part;
    limit_calls++;
    limit_flags |= flag;
    ctx->res->limits |= flag;
    snprintf(limit_reason, sizeof(limit_reason), "%s", reason ? reason : "");
}

int scan_expired(scan_ctx *ctx)
{
    (void)ctx;
    return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static char tmpdir[] = "/tmp/t-rules-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        exit(2);
    }
    fputs(text, fp);
    fclose(fp);
}

/* A fresh rules dir "<tmp>/NAME" with a keywords/ subdir. */
static const char *mkrules(const char *name)
{
    static char dir[512];
    char sub[600];

    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
    mkdir(dir, 0700);
    snprintf(sub, sizeof(sub), "%s/keywords", dir);
    mkdir(sub, 0700);
    return dir;
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[1024];
    struct stat st;

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rm_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void result_free(sg_scan_result *r)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++) {
        sg_finding *f = &r->findings[i];
        free(f->rule); free(f->location); free(f->part); free(f->evidence);
        free(f->detail); free(f->message); free(f->action);
    }
    free(r->findings);
    findings_priv_free(r->priv);
    memset(r, 0, sizeof(*r));
}

static const sg_finding *find(const sg_scan_result *r, const char *rule)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].rule, rule) == 0)
            return &r->findings[i];
    return NULL;
}

static struct rules_set *load_one(const char *name, const char *text)
{
    const char *dir = mkrules(name);
    char err[512];
    struct rules_set *rs;

    write_file(dir, "x.rules", text);
    rs = rules_load_dir(dir, err, sizeof(err));
    if (!rs)
        printf("# load %s: %s\n", name, err);
    return rs;
}

static sg_text_unit unit(sg_unit_kind kind, const char *text, const char *location)
{
    sg_text_unit u;

    memset(&u, 0, sizeof(u));
    u.kind = kind;
    u.text = text;
    u.len = strlen(text);
    u.location = location;
    u.part = kind == SG_UNIT_SUBJECT ? "" : "1";
    u.att_index = -1;
    return u;
}

/* Runs rs on one unit in a fresh result; returns the number of findings. */
static size_t match1(const struct rules_set *rs, sg_unit_kind kind, const char *text,
                     sg_scan_result *res)
{
    scan_ctx ctx;
    sg_text_unit u = unit(kind, text, "body");

    memset(&ctx, 0, sizeof(ctx));
    memset(res, 0, sizeof(*res));
    ctx.res = res;
    rules_match_unit(rs, &ctx, &u);
    rules_end_message(&ctx);
    return res->nfindings;
}

/* ---- loading ------------------------------------------------------------- */

static const struct { const char *label, *text, *want; } load_errors[] = {
    { "bad pattern", "[rule a]\n\npattern = (abc\n", "x.rules:3: pattern: PCRE2 error at offset 4:" },
    { "unknown key", "[rule a]\npattern = a\ncolour = red\n", "x.rules:3: unknown key 'colour'" },
    { "duplicate id", "[rule a]\npattern = a\n[rule a]\npattern = b\n",
      "x.rules:3: duplicate rule id 'a' (first at " },
    { "missing pattern", "# c\n[rule a]\nscope = body\n[rule b]\npattern = b\n",
      "x.rules:2: rule 'a' has neither pattern nor keywords" },
    { "missing pattern at EOF", "[rule a]\npattern = a\n[rule b]\naction = hold\n",
      "x.rules:3: rule 'b' has neither pattern nor keywords" },
    { "bad scope", "[rule a]\npattern = a\nscope = body, footer\n",
      "x.rules:3: scope: unknown scope 'footer'" },
    { "keyword file missing", "[rule a]\nkeywords = keywords/none.txt\n",
      "x.rules:2: keywords: cannot open 'keywords/none.txt'" },
    { "keyword path escapes", "[rule a]\nkeywords = ../etc/passwd\n",
      "x.rules:2: keywords: '../etc/passwd' must be a path relative" },
    { "keyword path absolute", "[rule a]\nkeywords = /etc/passwd\n",
      "x.rules:2: keywords: '/etc/passwd' must be" },
    { "shadows built-in mynumber", "[rule mynumber]\npattern = a\n",
      "x.rules:1: rule id 'mynumber' is a built-in rule id" },
    { "shadows built-in unscannable", "\n[rule unscannable]\npattern = a\n",
      "x.rules:2: rule id 'unscannable' is a built-in rule id" },
    { "bad id", "[rule Project_X]\npattern = a\n", "x.rules:1: bad rule id 'Project_X'" },
    { "key outside section", "pattern = a\n", "x.rules:1: key outside a [rule ID] section" },
    { "unknown section", "[general]\n", "x.rules:1: unknown section '[general]'" },
    { "unclosed section", "[rule a\n", "x.rules:1: bad section header" },
    { "no equals", "[rule a]\npattern\n", "x.rules:2: expected 'key = value'" },
    { "pattern and keywords", "[rule a]\npattern = a\nkeywords = keywords/k.txt\n",
      "x.rules:3: rule 'a' has both pattern and keywords" },
    { "duplicate key", "[rule a]\npattern = a\npattern = b\n", "x.rules:3: duplicate key 'pattern'" },
    { "bad action", "[rule a]\npattern = a\naction = drop\n", "x.rules:3: action: unknown value 'drop'" },
    { "bad confidence", "[rule a]\npattern = a\nconfidence = very\n",
      "x.rules:3: confidence: unknown value 'very'" },
    { "min_count zero", "[rule a]\npattern = a\nmin_count = 0\n", "x.rules:3: min_count: '0'" },
    { "min_count junk", "[rule a]\npattern = a\nmin_count = 3x\n", "x.rules:3: min_count: '3x'" },
    { "empty match", "[rule a]\npattern = x*\n", "x.rules:2: pattern: pattern can match the empty string" },
    { "invalid UTF-8", "[rule a]\npattern = \xff\xfe\n", "x.rules:2: not valid UTF-8" },
    { "control char in message", "[rule a]\npattern = a\nmessage = a\tb\n",
      "x.rules:3: message: contains a control character" },
};

static void test_load_errors(void)
{
    size_t i;
    char err[512], name[32];

    for (i = 0; i < sizeof(load_errors) / sizeof(load_errors[0]); i++) {
        const char *dir;
        struct rules_set *rs;
        snprintf(name, sizeof(name), "err%zu", i);
        dir = mkrules(name);
        write_file(dir, "keywords/k.txt", "alpha\n");
        write_file(dir, "x.rules", load_errors[i].text);
        err[0] = 0;
        rs = rules_load_dir(dir, err, sizeof(err));
        TAP_OK(rs == NULL, "load error: %s: refused", load_errors[i].label);
        if (!TAP_OK(strstr(err, load_errors[i].want) != NULL,
                    "load error: %s: message names file:line", load_errors[i].label))
            printf("#   got '%s'\n#   want '%s'\n", err, load_errors[i].want);
        rules_free(rs);
    }
}

/* issue 7: the admin's rules.d is read after the shipped rules */
static void test_local_dir(void)
{
    char err[512], shipped[4096];
    const char *dir;
    struct rules_set *rs;

    dir = mkrules("shipped");
    snprintf(shipped, sizeof(shipped), "%s", dir);
    write_file(shipped, "a.rules", "[rule same]\npattern = a\n[rule other]\npattern = o\n");
    dir = mkrules("local");
    write_file(dir, "z.rules", "[rule same]\npattern = b\n[rule mine]\nkeywords = keywords/mine.txt\n");
    write_file(dir, "keywords/mine.txt", "secret-project\n");
    rs = rules_load_dirs(shipped, dir, err, sizeof(err));
    TAP_OK(rs && rules_count(rs) == 3, "local rules added, a local rule replaces the shipped one with its id");
    if (!rs)
        printf("#   %s\n", err);
    rules_free(rs);
    rs = rules_load_dirs(shipped, "/nonexistent/rules.d", err, sizeof(err));
    TAP_OK(rs && rules_count(rs) == 2, "a missing local dir is fine");
    rules_free(rs);
    write_file(dir, "zz.rules", "\n[rule mine]\npattern = c\n");
    rs = rules_load_dirs(shipped, dir, err, sizeof(err));
    TAP_OK(!rs && strstr(err, "zz.rules:2: duplicate rule id 'mine'"), "a duplicate within the local dir is an error");
    rules_free(rs);
}

static void test_load_more_errors(void)
{
    char err[512];
    const char *dir;
    struct rules_set *rs;

    dir = mkrules("dup2");
    write_file(dir, "a.rules", "[rule same]\npattern = a\n");
    write_file(dir, "b.rules", "\n\n[rule same]\npattern = b\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    TAP_OK(!rs && strstr(err, "b.rules:3: duplicate rule id 'same'") && strstr(err, "a.rules:1"),
           "duplicate id across files names both places");
    rules_free(rs);

    dir = mkrules("kwbad");
    write_file(dir, "keywords/bad.txt", "# list\nok\n\xc3\x28\n");
    write_file(dir, "x.rules", "[rule k]\nkeywords = keywords/bad.txt\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    TAP_OK(!rs && strstr(err, "keywords/bad.txt:3: keyword is not valid UTF-8"),
           "invalid UTF-8 in a keyword file names that file and line");
    rules_free(rs);

    dir = mkrules("kwempty");
    write_file(dir, "keywords/empty.txt", "# nothing here\n\n");
    write_file(dir, "x.rules", "[rule k]\nkeywords = keywords/empty.txt\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    TAP_OK(!rs && strstr(err, "x.rules:2: keywords: 'keywords/empty.txt' has no keywords"),
           "empty keyword file is an error");
    rules_free(rs);

    rs = rules_load_dir("/nonexistent/sendguard-rules", err, sizeof(err));
    TAP_OK(!rs && strstr(err, "/nonexistent/sendguard-rules:0: cannot open rules directory"),
           "missing rules dir is an error");
    rules_free(rs);
}

static void test_load_good(void)
{
    char err[512];
    const char *dir = mkrules("empty");
    struct rules_set *rs;

    write_file(dir, "private-domains.list", "gmail.com\n");
    write_file(dir, "notes.txt", "[rule ignored]\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    TAP_OK(rs != NULL, "dir without *.rules loads");
    TAP_IS_INT(rules_count(rs), 0, "dir without *.rules has no rules");
    rules_free(rs);

    dir = mkrules("good");
    write_file(dir, "keywords/p.txt", "\xEF\xBB\xBF# codenames\nPROJECT-Z\n  \nオリオン計画\n");
    write_file(dir, "a.rules",
               "\xEF\xBB\xBF# comment\n; also comment\n[rule proj-x]\n"
               "pattern = (?i)project\\s*x\nscope = subject,body\nmin_count = 2\n"
               "confidence = medium\naction = reject\nmessage = 社外秘です\n\n"
               "[ rule  kw-1 ]\nkeywords = keywords/p.txt\r\n");
    write_file(dir, "b.rules", "[rule zz]\npattern = zz\nscope = all\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    if (!TAP_OK(rs != NULL, "good dir loads"))
        printf("#   %s\n", err);
    TAP_IS_INT(rules_count(rs), 3, "good dir has 3 rules");
    TAP_IS_INT(rules_count(NULL), 0, "rules_count(NULL) is 0");
    rules_free(rs);
    rules_free(NULL);
}

/* ---- matching ------------------------------------------------------------ */

static const struct {
    const char *scope;
    unsigned kinds;     /* bit (1 << sg_unit_kind) that must match */
} scope_cases[] = {
    { "subject", 1u << SG_UNIT_SUBJECT },
    { "body", 1u << SG_UNIT_BODY },
    { "attachment-names", 1u << SG_UNIT_FILENAME },
    { "attachment-text", (1u << SG_UNIT_TEXT) | (1u << SG_UNIT_TABLE) | (1u << SG_UNIT_PROPERTIES) },
    { "subject, attachment-names", (1u << SG_UNIT_SUBJECT) | (1u << SG_UNIT_FILENAME) },
    { "all", 0x3f },
};

static const char *const kind_names[] = { "subject", "body", "text", "table", "properties", "filename" };

static void test_scopes(void)
{
    size_t i;
    int k;
    char text[256], name[32];

    for (i = 0; i < sizeof(scope_cases) / sizeof(scope_cases[0]); i++) {
        struct rules_set *rs;
        snprintf(name, sizeof(name), "scope%zu", i);
        snprintf(text, sizeof(text), "[rule s]\npattern = SECRET-\\d+\nscope = %s\n", scope_cases[i].scope);
        rs = load_one(name, text);
        for (k = SG_UNIT_SUBJECT; k <= SG_UNIT_FILENAME; k++) {
            sg_scan_result res;
            size_t n = match1(rs, (sg_unit_kind)k, "see SECRET-42 here", &res);
            TAP_IS_INT(n, (scope_cases[i].kinds >> k) & 1u, "scope '%s' on a %s unit",
                       scope_cases[i].scope, kind_names[k]);
            result_free(&res);
        }
        rules_free(rs);
    }
}

static void test_finding_fields(void)
{
    struct rules_set *rs = load_one("fields",
        "[rule proj-x]\npattern = PX-\\d{4}-\\d{4}\naction = reject\nconfidence = medium\n"
        "message = 社外に出せない番号です\n");
    sg_scan_result res;
    const sg_finding *f;

    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "番号は PX-1234-5678 と PX-1234-5678 と PX-9999-0000", &res), 1,
               "one finding per location");
    f = find(&res, "proj-x");
    TAP_OK(f != NULL, "finding has the admin rule id");
    if (f) {
        TAP_IS_INT(f->count, 2, "count is distinct matches at the location");
        TAP_IS_STR(f->action, "reject", "finding carries the rule's action");
        TAP_IS_STR(f->message, "社外に出せない番号です", "finding carries the rule's message");
        TAP_IS_INT(f->confidence, SG_CONF_MEDIUM, "finding carries the rule's confidence");
        TAP_OK(f->flags & SG_FF_ADMIN_RULE, "finding flagged SG_FF_ADMIN_RULE");
        TAP_IS_STR(f->evidence, "PX-12**-**78", "evidence is masked");
        TAP_IS_INT(f->offset, strlen("番号は "), "offset of the first match");
        TAP_OK(f->detail && strstr(f->detail, "x.rules:1"), "detail names the rule file and line");
        TAP_IS_STR(f->location, "body", "location from the unit");
    }
    result_free(&res);
    rules_free(rs);
}

static void test_min_count(void)
{
    struct rules_set *rs = load_one("minc", "[rule three]\npattern = 機密案件\nmin_count = 3\n");
    sg_scan_result res;
    sg_text_unit u1 = unit(SG_UNIT_SUBJECT, "機密案件 機密案件", "subject");
    sg_text_unit u2 = unit(SG_UNIT_BODY, "本文に機密案件", "body");
    sg_text_unit u3 = unit(SG_UNIT_TEXT, "添付にも機密案件", "attachment a.txt");
    scan_ctx ctx;

    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "機密案件 と 機密案件", &res), 0, "min_count 3: two matches do not fire");
    result_free(&res);
    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "機密案件 機密案件 機密案件", &res), 1, "min_count 3: three in one unit fire");
    result_free(&res);

    memset(&ctx, 0, sizeof(ctx));
    memset(&res, 0, sizeof(res));
    ctx.res = &res;
    rules_match_unit(rs, &ctx, &u1);
    TAP_IS_INT(res.nfindings, 0, "min_count across units: 2 so far, no finding");
    TAP_OK(ctx.rules != NULL, "partial count kept in ctx->rules");
    rules_match_unit(rs, &ctx, &u2);
    TAP_IS_INT(res.nfindings, 1, "min_count across units: third match fires");
    TAP_OK(find(&res, "three") && strcmp(find(&res, "three")->location, "body") == 0,
           "finding where the count was reached");
    TAP_OK(find(&res, "three") && strstr(find(&res, "three")->detail, "3 matches"),
           "detail gives the message-wide count");
    rules_match_unit(rs, &ctx, &u3);
    TAP_IS_INT(res.nfindings, 2, "after firing, later matches are reported too");
    rules_end_message(&ctx);
    TAP_OK(ctx.rules == NULL, "rules_end_message frees the counts");
    rules_end_message(&ctx);
    result_free(&res);
    rules_free(rs);
}

static void test_keywords(void)
{
    const char *dir = mkrules("kw");
    char err[512];
    struct rules_set *rs;
    sg_scan_result res;
    const sg_finding *f;

    write_file(dir, "keywords/p.txt",
               "# codenames\nKUROFUNE-2\nプロジェクト・オリオン\nオリオン\na.b+c\n");
    write_file(dir, "kw.rules", "[rule codename]\nkeywords = keywords/p.txt\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    if (!TAP_OK(rs != NULL, "keyword rule loads"))
        printf("#   %s\n", err);

    match1(rs, SG_UNIT_BODY, "次は kurofune-2 の件です", &res);
    f = find(&res, "codename");
    TAP_OK(f != NULL, "keyword matches case-insensitively");
    TAP_IS_STR(f ? f->evidence : NULL, "KUROFUNE-2", "keyword evidence is the keyword itself");
    result_free(&res);

    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "型番 KUROFUNE-20 と XKUROFUNE-2", &res), 0,
               "Latin keyword matches only as a whole word");
    result_free(&res);

    match1(rs, SG_UNIT_BODY, "件名:プロジェクト・オリオンの進捗", &res);
    f = find(&res, "codename");
    TAP_IS_STR(f ? f->evidence : NULL, "プロジェクト・オリオン", "longest keyword wins");
    TAP_IS_INT(f ? f->count : 0, 1, "overlapping shorter keyword not counted twice");
    result_free(&res);

    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "aXb+c abbc", &res), 0, "regex metacharacters are literal");
    result_free(&res);
    TAP_IS_INT(match1(rs, SG_UNIT_BODY, "式 a.b+c を参照", &res), 1, "keyword with metacharacters matches literally");
    result_free(&res);

    match1(rs, SG_UNIT_BODY, "オリオン、オリオン、KUROFUNE-2", &res);
    f = find(&res, "codename");
    TAP_IS_INT(f ? f->count : 0, 2, "count is distinct keywords");
    result_free(&res);
    rules_free(rs);
}

static void test_utf(void)
{
    struct rules_set *rs = load_one("utf",
        "[rule jp]\npattern = プロジェクト\\s*Ｘ\n"
        "[rule chars]\npattern = ^.{3}$\n"
        "[rule digits]\npattern = 案件\\d{2}\n");
    sg_scan_result res;

    match1(rs, SG_UNIT_BODY, "例：プロジェクト\xE3\x80\x80Ｘ について", &res);
    TAP_OK(find(&res, "jp") != NULL, "UCP: \\s matches the ideographic space U+3000");
    result_free(&res);
    match1(rs, SG_UNIT_BODY, "日本語", &res);
    TAP_OK(find(&res, "chars") != NULL, "UTF: '.' is one character, not one byte");
    result_free(&res);
    match1(rs, SG_UNIT_BODY, "案件１２", &res);
    TAP_OK(find(&res, "digits") != NULL, "UCP: \\d matches full-width digits");
    result_free(&res);
    match1(rs, SG_UNIT_BODY, "\xff\xfe プロジェクト Ｘ \xc3", &res);
    TAP_OK(find(&res, "jp") != NULL, "invalid UTF-8 around a match is safe");
    result_free(&res);
    rules_free(rs);
}

static void test_catastrophic(void)
{
    struct rules_set *rs = load_one("redos", "[rule slow]\npattern = ^(a+)+$\n"
                                    "[rule fast]\npattern = bbb\n");
    sg_scan_result res;
    char *text = malloc(20002);

    memset(text, 'a', 20000);
    memcpy(text + 20000, "!", 2);
    limit_calls = 0;
    limit_flags = 0;
    match1(rs, SG_UNIT_BODY, text, &res);
    TAP_IS_INT(res.nfindings, 0, "catastrophic pattern: no finding");
    TAP_OK(limit_calls >= 1 && (limit_flags & SG_LIMIT_TIMEOUT), "catastrophic pattern: limit recorded");
    TAP_OK(strstr(limit_reason, "'slow'") != NULL, "limit reason names the rule");
    result_free(&res);
    memcpy(text + 19990, "bbb", 3);
    match1(rs, SG_UNIT_BODY, text, &res);
    TAP_OK(find(&res, "fast") != NULL, "other rules still run after a limit hit");
    result_free(&res);
    free(text);
    rules_free(rs);
}

/* ---- shipped rules and --check-rules --------------------------------------- */

static void test_shipped(void)
{
    const char *top = getenv("top_srcdir");
    char dir[1024], err[512];
    struct rules_set *rs;
    sg_scan_result res;

    snprintf(dir, sizeof(dir), "%s/rules", top ? top : ".");
    rs = rules_load_dir(dir, err, sizeof(err));
    if (!TAP_OK(rs != NULL, "shipped rules/ loads"))
        printf("#   %s\n", err);
    TAP_IS_INT(rules_count(rs), 2, "shipped rules/ has 2 active rules");
    static const struct { const char *label; sg_unit_kind kind; const char *text; const char *rule; int want; } c[] = {
        { "【社外持出禁止】 in subject", SG_UNIT_SUBJECT, "【社外持出禁止】来期の組織案", "no-external-distribution", 1 },
        { "(社外配布禁止) in text", SG_UNIT_TEXT, "資料 (社外配布禁止) 2024年版", "no-external-distribution", 1 },
        { "取扱区分：社内専用", SG_UNIT_PROPERTIES, "取扱区分：社内専用", "no-external-distribution", 1 },
        { "【 社内専用 】 with spaces", SG_UNIT_BODY, "件名 【 社内専用 】 です", "no-external-distribution", 1 },
        { "［社外持ち出し禁止］ full-width brackets", SG_UNIT_BODY, "［社外持ち出し禁止］本資料について", "no-external-distribution", 1 },
        { "■社外開示禁止■", SG_UNIT_TEXT, "■社外開示禁止■", "no-external-distribution", 1 },
        { "取り扱い: 社外持出禁止", SG_UNIT_TEXT, "取り扱い: 社外持出禁止", "no-external-distribution", 1 },
        { "【社内限り】 is the built-in's, not ours", SG_UNIT_SUBJECT, "【社内限り】来期の組織案", "no-external-distribution", 0 },
        { "prose 社内専用の端末", SG_UNIT_BODY, "社内専用の端末から社外持出禁止の資料を参照しないでください。", "no-external-distribution", 0 },
        { "【社内専用端末】 is not a marking", SG_UNIT_SUBJECT, "【社内専用端末】のご案内", "no-external-distribution", 0 },
        { "株式会社 in a signature", SG_UNIT_BODY, "株式会社サンプル（本社）社内報より", "no-external-distribution", 0 },
        { "ordinary business mail", SG_UNIT_BODY, "いつもお世話になっております。見積書を添付いたします。ご確認ください。", "no-external-distribution", 0 },
        { "顧客名簿.xlsx as a file name", SG_UNIT_FILENAME, "顧客名簿_2024.xlsx", "roster-filename", 1 },
        { "顧客名簿 in the body", SG_UNIT_BODY, "顧客名簿の更新をお願いします", "roster-filename", 0 },
        { "見積書.pdf file name", SG_UNIT_FILENAME, "見積書_株式会社サンプル.pdf", "roster-filename", 0 },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        match1(rs, c[i].kind, c[i].text, &res);
        TAP_IS_INT(find(&res, c[i].rule) != NULL, c[i].want, "shipped: %s", c[i].label);
        result_free(&res);
    }
    rules_free(rs);
}

static void test_check_dir(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    const char *dir = mkrules("check");
    int rc;

    write_file(dir, "a.rules", "[rule one]\npattern = x\nscope = body\naction = bcc\n");
    rc = rules_check_dir(dir, fp);
    fflush(fp);
    TAP_IS_INT(rc, 0, "check-rules: good dir returns 0");
    TAP_OK(out && strstr(out, "one\tpattern\tscope=body\tmin_count=1\tconfidence=high\taction=bcc"),
           "check-rules: lists the rule with scope and action");
    fclose(fp);
    free(out);

    out = NULL;
    fp = open_memstream(&out, &len);
    write_file(dir, "b.rules", "[rule two]\nscope = nowhere\n");
    rc = rules_check_dir(dir, fp);
    fflush(fp);
    TAP_IS_INT(rc, -1, "check-rules: bad dir returns -1");
    TAP_OK(out && strstr(out, "error: ") && strstr(out, "b.rules:2: scope: unknown scope 'nowhere'"),
           "check-rules: prints the error with file:line");
    fclose(fp);
    free(out);
}

/* The examples of sendguard-rules(5) must load (kept in sync by hand). */
static void test_man_examples(void)
{
    const char *dir = mkrules("man");
    char err[512];
    struct rules_set *rs;
    sg_scan_result res;

    write_file(dir, "keywords/customer-codes.txt", "# codes\nCUST-0001\nCUST-0002\n");
    write_file(dir, "local.rules",
        "[rule project-x]\n"
        "pattern = (?i)project\\s*x\\b|プロジェクト\\s*[xXｘＸ]\n"
        "scope = subject, body, attachment-names, attachment-text\n"
        "action = hold-approver\n"
        "message = このプロジェクト名は社外に送れません / This project name must not leave the company\n"
        "\n[rule customer-codes]\nkeywords = keywords/customer-codes.txt\n"
        "scope = attachment-names, attachment-text\nmin_count = 3\nconfidence = medium\n"
        "action = hold\nmessage = 取引先コードが含まれています。送付先を確認してください\n"
        "\n[rule price-list]\npattern = 社内価格表|仕切価格\nconfidence = low\naction = pass\n");
    rs = rules_load_dir(dir, err, sizeof(err));
    if (!TAP_OK(rs != NULL, "man page examples load"))
        printf("#   %s\n", err);
    TAP_IS_INT(rules_count(rs), 3, "man page examples: 3 rules");
    match1(rs, SG_UNIT_SUBJECT, "Re: プロジェクトＸ の件", &res);
    TAP_OK(find(&res, "project-x") != NULL, "man example project-x matches full-width Ｘ");
    result_free(&res);
    match1(rs, SG_UNIT_BODY, "Project Xavier", &res);
    TAP_OK(find(&res, "project-x") == NULL, "man example project-x: \\b stops at Xavier");
    result_free(&res);
    rules_free(rs);
}

static void test_null(void)
{
    sg_scan_result res;

    TAP_IS_INT(match1(NULL, SG_UNIT_BODY, "anything", &res), 0, "NULL rules set matches nothing");
    result_free(&res);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    test_load_errors();
    test_load_more_errors();
    test_local_dir();
    test_load_good();
    test_scopes();
    test_finding_fields();
    test_min_count();
    test_keywords();
    test_utf();
    test_catastrophic();
    test_shipped();
    test_check_dir();
    test_man_examples();
    test_null();
    rm_tree(tmpdir);
    return tap_done();
}
