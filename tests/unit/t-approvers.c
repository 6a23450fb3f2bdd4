/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-approvers - the approvers file: most specific entry wins (address,
 * longest @domain incl. subdomains, then *), comments and blank lines,
 * case, and FILE:LINE errors for malformed lines.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approvers.h"
#include "sg_tap.h"

static char dir[] = "/tmp/t-approvers.XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

static const char good[] =
    "# approvers\n"
    "\n"
    "taro@example.co.jp        boss@example.co.jp   # exact\n"
    "@example.co.jp            head@example.co.jp\n"
    "@sales.example.co.jp      Sales-Head@Example.co.jp\n"
    "*                         compliance@example.co.jp\n";

static const struct { const char *sender, *want, *label; } lookups[] = {
    { "taro@example.co.jp", "boss@example.co.jp", "exact address wins" },
    { "TARO@EXAMPLE.CO.JP", "boss@example.co.jp", "address case ignored" },
    { "jiro@example.co.jp", "head@example.co.jp", "domain entry" },
    { "ken@sales.example.co.jp", "sales-head@example.co.jp", "longer domain wins" },
    { "ken@tokyo.sales.example.co.jp", "sales-head@example.co.jp", "subdomain of a domain entry" },
    { "ken@badexample.co.jp", "compliance@example.co.jp", "suffix without dot is not a subdomain" },
    { "x@partner.example", "compliance@example.co.jp", "star for everybody else" },
    { "", NULL, "null sender: none" },
};

static const struct { const char *text, *want, *label; } bad[] = {
    { "taro@example.co.jp\n", ":1: expected", "missing approver" },
    { "# c\ntaro@example.co.jp a@b c@d\n", ":2: more than two", "extra field" },
    { "taro@example.co.jp boss\n", ":1: approver must be", "approver without @" },
    { "example.co.jp boss@example.co.jp\n", ":1: first field", "domain without @" },
    { "* a@example.co.jp\n* b@example.co.jp\n", ":2: duplicate", "duplicate entry" },
};

int main(void)
{
    char err[512], cmd[300];
    approvers *a;
    size_t i;

    if (!mkdtemp(dir))
        return 1;
    a = approvers_load(write_file("good", good), err, sizeof(err));
    TAP_OK(a != NULL, "good file loads%s%s", a ? "" : ": ", a ? "" : err);
    for (i = 0; a && i < sizeof(lookups) / sizeof(lookups[0]); i++)
        TAP_IS_STR(approvers_lookup(a, lookups[i].sender), lookups[i].want, "%s", lookups[i].label);
    approvers_free(a);

    a = approvers_load("", err, sizeof(err));
    TAP_OK(a && approvers_lookup(a, "taro@example.co.jp") == NULL, "no file: nobody");
    approvers_free(a);
    a = approvers_load("/nonexistent/approvers", err, sizeof(err));
    TAP_OK(!a && strstr(err, "/nonexistent/approvers"), "missing file: error names it");

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *p = write_file("bad", bad[i].text);
        a = approvers_load(p, err, sizeof(err));
        TAP_OK(!a && strstr(err, p) && strstr(err, bad[i].want), "%s (%s)", bad[i].label, err);
        approvers_free(a);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# cleanup failed\n");
    return tap_done();
}
