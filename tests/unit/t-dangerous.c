/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-dangerous - dangerous-attachment name and type checks (dangerous.c):
 * executables by true type and by extension, double extensions, bidi
 * controls (RLO), padding blanks, trailing dots; and the safe rendering.
 */
#include <stdlib.h>
#include <string.h>

#include "dangerous.h"
#include "sg_tap.h"

static const struct {
    const char *label, *name, *mime, *desc;
    int want;
    const char *why_has;      /* substring of the reason, or NULL */
} cases[] = {
    { "plain pdf", "report.pdf", "application/pdf", "PDF document", 0, NULL },
    { "plain csv", "顧客一覧.csv", "text/csv", "CSV text", 0, NULL },
    { "exe by extension", "setup.exe", "application/octet-stream", "data", 1, "extension .exe" },
    { "upper-case extension", "SETUP.EXE", NULL, NULL, 1, "extension .EXE" },
    { "script .js", "invoice.js", "text/plain", "ASCII text", 1, "extension .js" },
    { "shortcut .lnk", "photo.lnk", NULL, NULL, 1, ".lnk" },
    { "disk image .iso", "files.iso", NULL, NULL, 1, ".iso" },
    { "powershell .ps1", "run.ps1", NULL, NULL, 1, ".ps1" },
    { "double extension", "invoice.pdf.exe", NULL, NULL, 1, "double extension (.pdf" },
    { "PE named .pdf", "invoice.pdf", "application/x-dosexec", "PE32 executable (GUI) Intel 80386", 1,
      "true type" },
    { "ELF named .txt", "notes.txt", "application/x-executable", "ELF 64-bit LSB executable", 1,
      "true type" },
    { "RLO hides .scr", "photo\xE2\x80\xAEgpj.scr", NULL, NULL, 1, "U+202E" },
    { "RLO alone", "abc\xE2\x80\xAE" "fdp.txt", "text/plain", NULL, 1, "bidi control" },
    { "LRI isolate", "a\xE2\x81\xA6" "b.txt", NULL, NULL, 1, "U+2066" },
    { "padding blanks", "report.pdf                    .bat", NULL, NULL, 1, "padding" },
    { "padding ideographic spaces", "資料\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80.txt", NULL,
      NULL, 1, "padding" },
    { "three blanks are not padding", "a   b.txt", NULL, NULL, 0, NULL },
    { "trailing dot stripped", "tool.exe.", NULL, NULL, 1, ".exe" },
    { "trailing blank stripped", "tool.bat ", NULL, NULL, 1, ".bat" },
    { "exe as a directory name only", "bin.exe/readme.txt", NULL, NULL, 0, NULL },
    { "archive name harmless", "data.zip", "application/zip", "Zip archive data", 0, NULL },
    { "executable word inside name", "exe-list.txt", NULL, NULL, 0, NULL },
    { "no extension", "README", "text/plain", NULL, 0, NULL },
    { "empty name, PE type", "", "application/x-dosexec", "PE32", 1, "true type" },
    { "NULL name", NULL, NULL, NULL, 0, NULL },
    { "msi installer type", "x.dat", "application/x-msi", "Composite Document File V2 Document, MSI Installer",
      1, "true type" },
};

static const struct { const char *label, *in, *want; } renders[] = {
    { "ascii unchanged", "a.txt", "a.txt" },
    { "japanese unchanged", "資料.pdf", "資料.pdf" },
    { "RLO shown", "x\xE2\x80\xAEgpj.exe", "x<U+202E>gpj.exe" },
    { "control shown", "a\tb", "a<U+0009>b" },
    { "zero width shown", "a\xE2\x80\x8B" "b", "a<U+200B>b" },
    { "invalid byte shown", "a\xFF" "b", "a<0xFF>b" },
    { "NULL renders empty", NULL, "" },
};

int main(void)
{
    size_t i;
    char *why, *r, longname[2000];

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = dangerous_check(cases[i].name, cases[i].mime, cases[i].desc, &why);
        TAP_IS_INT(got, cases[i].want, "%s: verdict", cases[i].label);
        if (cases[i].why_has) {
            TAP_OK(why && strstr(why, cases[i].why_has), "%s: reason has '%s' (%s)", cases[i].label,
                   cases[i].why_has, why ? why : "(none)");
        }
        free(why);
    }
    for (i = 0; i < sizeof(renders) / sizeof(renders[0]); i++) {
        r = dangerous_render(renders[i].in);
        TAP_IS_STR(r, renders[i].want, "render: %s", renders[i].label);
        free(r);
    }
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    r = dangerous_render(longname);
    TAP_OK(r && strlen(r) <= DANGEROUS_MAX_NAME + 8 && strstr(r, "..."), "render: long name capped");
    free(r);
    TAP_OK(dangerous_ext("Scr", 3) && !dangerous_ext("pdf", 3), "dangerous_ext: case-insensitive");
    return tap_done();
}
