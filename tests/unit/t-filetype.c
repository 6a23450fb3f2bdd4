/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * t-filetype - the fast paths of file_type_detect() (a PDF known by its
 * signature, clean text without libmagic's soft magic) give the verdicts of
 * the full libmagic run: the same MIME type, the same dangerous-attachment
 * answer, and text stays text. Samples: typed snippets built here (Japanese
 * text in four charsets, CSV, and the kinds of text libmagic's soft magic
 * types otherwise: scripts, batch files, mail, PGP armour, PostScript,
 * markup, JSON, cpio; PDFs and PDF polyglots) and every golden input file
 * in tests/data. Also checks that the fast paths are taken where they
 * should be (the description says so) and the cookie pool.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dangerous.h"
#include "file_type.h"
#include "sg_tap.h"

typedef struct sample {
    const char *label;
    char *owned;            /* label, when malloc'd */
    unsigned char *d;
    size_t len;
} sample;

static sample samples[256];
static size_t nsamples;

static void add(const char *label, const void *d, size_t len)
{
    sample *s = &samples[nsamples++];

    s->label = label;
    s->d = malloc(len ? len : 1);
    memcpy(s->d, d, len);
    s->len = len;
}

static void add_str(const char *label, const char *text)
{
    add(label, text, strlen(text));
}

/* Japanese business prose, n bytes or a little more */
static char *prose(size_t n)
{
    static const char *const lines[] = {
        "お世話になっております。来週の打ち合わせの件でご連絡いたします。\n",
        "資料を添付いたしますので、ご確認のほどよろしくお願いいたします。\n",
        "会議室は三階の第二会議室を予約しました。議題は新製品の販売計画です。\n",
    };
    char *b = malloc(n + 256);
    size_t len = 0, i = 0;

    while (len < n) {
        size_t l = strlen(lines[i % 3]);
        memcpy(b + len, lines[i++ % 3], l);
        len += l;
    }
    b[len] = 0;
    return b;
}

static void add_pdf(const char *label, size_t pad, size_t sig_at, const char *sig)
{
    static const char head[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
    static const char tail[] = "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    size_t len = sizeof(head) - 1 + pad + sizeof(tail) - 1;
    unsigned char *b = calloc(1, len + 64);

    memcpy(b, head, sizeof(head) - 1);
    memset(b + sizeof(head) - 1, ' ', pad);
    memcpy(b + len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
    if (sig)
        memcpy(b + sig_at, sig, strlen(sig));
    add(label, b, len);
    free(b);
}

static void add_file(const char *dir, const char *name)
{
    char path[8192];
    FILE *f;
    long n;
    unsigned char *b;
    char *label;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = fopen(path, "rb")))
        return;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 64L * 1024 * 1024 &&
        fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1)) != NULL) {
        if (fread(b, 1, (size_t)n, f) == (size_t)n && nsamples < 256) {
            label = malloc(strlen(name) + 16);
            sprintf(label, "tests/data/%s", name);   /* NOLINT: sized above */
            add(label, b, (size_t)n);
            samples[nsamples - 1].owned = label;
        }
        free(b);
    }
    fclose(f);
}

static void build_samples(void)
{
    char *jp = prose(6144), *big = prose(40000), *b;
    size_t n;
    const char *src = getenv("top_srcdir");
    DIR *dir;
    struct dirent *e;
    char path[4096];

    add_str("Japanese UTF-8 text (6 KB)", jp);
    add_str("Japanese UTF-8 text (40 KB)", big);
    b = malloc(strlen(jp) + 8);
    sprintf(b, "\xEF\xBB\xBF%s", jp);   /* NOLINT: sized above */
    add_str("Japanese UTF-8 text with BOM", b);
    free(b);
    add_str("Japanese text, blank lines first", "\n\n  \t打ち合わせの件です。\nよろしくお願いします。\n");
    add_str("CP932 text", "\x82\xa8\x90\xa2\x98\x62\x82\xc9\x82\xc8\x82\xc1\x82\xc4\x82\xa8\x82\xe8"
            "\x82\xdc\x82\xb7\x81\x42\r\n\x8e\x91\x97\xbf\x82\xf0\x93\x59\x95\x74\x82\xb5\x82\xdc\x82\xb7"
            "\x81\x42\r\n");
    add_str("EUC-JP text", "\xa4\xaa\xc0\xa4\xcf\xc3\xa4\xcb\xa4\xca\xa4\xc3\xa4\xc6\xa4\xaa\xa4\xea"
            "\xa4\xde\xa4\xb9\xa1\xa3\n\xbb\xf1\xce\xc1\xa4\xf2\xc5\xba\xc9\xd5\xa4\xb7\xa4\xde\xa4\xb9\n");
    add_str("ISO-2022-JP text", "\x1b$B$*@$OC$K$J$C$F$*$j$^$9!#\x1b(B\n\x1b$B;qNA$rE:IU$7$^$9!#\x1b(B\n");
    add_str("Japanese CSV", "氏名,フリガナ,部署,内線\n山田太郎,ヤマダタロウ,営業部,1234\n"
            "佐藤花子,サトウハナコ,総務部,2345\n鈴木一郎,スズキイチロウ,開発部,3456\n"
            "田中次郎,タナカジロウ,経理部,4567\n");
    add_str("Japanese TSV", "氏名\t部署\t内線\n山田太郎\t営業部\t1234\n佐藤花子\t総務部\t2345\n"
            "鈴木一郎\t開発部\t3456\n");
    add_str("Japanese text with an HTML tag inside", "お世話になっております。\n<html><body>本文</body></html>\n");
    add_str("Japanese text then an XML declaration", "資料です。\n<?xml version=\"1.0\"?><a/>\n");
    add_str("Japanese text with a closing tag", "資料です。</p>\n");
    add_str("Japanese text with comparisons", "売上は前年 < 今年、費用は今年 < 前年でした。\n");
    add_str("English text", "Dear Mr. Yamada,\nThank you for your order.\nBest regards,\nTaro\n");
    add_str("HTML", "<!DOCTYPE html>\n<html><head><title>t</title></head><body>資料</body></html>\n");
    add_str("XML", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root><item>資料</item></root>\n");
    add_str("SVG", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
            "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    add_str("DOS batch", "@echo off\r\nrem 資料を送る\r\ncopy a.txt b.txt\r\n");
    add_str("DOS batch (rem first)", "rem backup\r\nxcopy c:\\data d:\\backup /s\r\n");
    add_str("shell script", "#!/bin/sh\necho 資料\nexit 0\n");
    add_str("python script", "#!/usr/bin/env python3\nimport sys\nprint('資料')\n");
    add_str("perl without #!", "use strict;\nuse warnings;\nprint \"ok\\n\";\n");
    add_str("PGP armour", "-----BEGIN PGP MESSAGE-----\n\nhQEMA1234567890ABCDEF\n=abcd\n"
            "-----END PGP MESSAGE-----\n");
    add_str("PostScript", "%!PS-Adobe-3.0\n%%Title: t\n/Times findfont 12 scalefont setfont\nshowpage\n");
    add_str("mail message", "From: taro@example.co.jp\nTo: hanako@example.co.jp\nSubject: test\n\n本文\n");
    add_str("mbox", "From taro@example.co.jp Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody\n");
    add_str("JSON", "{\"name\": \"山田太郎\", \"dept\": \"営業部\"}\n");
    add_str("JSON array", "[1, 2, 3]\n");
    add_str("cpio (ASCII)", "0707070000000000000000000000000000000000010000000000000000000000000000000"
            "00000000000000TRAILER!!!\n");
    add_str("RTF", "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} 資料\\par }\n");
    add_str("vCard", "BEGIN:VCARD\nVERSION:3.0\nFN:山田太郎\nEND:VCARD\n");
    add_str("TeX", "\\documentclass{article}\n\\begin{document}\n資料\n\\end{document}\n");
    add_str("C source", "#include <stdio.h>\nint main(void) { return 0; }\n");
    add_str("INI", "[general]\nname = value\n");
    add_str("uuencode", "begin 644 a.txt\n#86)C\n`\nend\n");
    add("ELF header", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0", 24);
    add("MZ header", "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0\x40\0", 26);
    add("Japanese text starting with U+9AD8 (COM guess)", "\xE9\xAB\x98\xE3\x81\x84\xE5\xB1\xB1\n", 10);
    add_pdf("PDF (small)", 100, 0, NULL);
    add_pdf("PDF (200 KB)", 200000, 0, NULL);
    add_pdf("PDF + tar polyglot", 2000, 257, "ustar");
    add_pdf("PDF + ISO 9660 polyglot", 40000, 32769, "CD001");
    add_pdf("PDF + ISO 9660 polyglot (2)", 40000, 34817, "CD001");
    add_pdf("PDF + ISO 9660 polyglot (3)", 40000, 36865, "CD001");
    add_str("PDF header only", "%PDF-");
    add_str("not quite PDF", "%PDF1.4\n");
    free(jp);
    free(big);
    if (!src)
        return;
    snprintf(path, sizeof(path), "%s/tests/data", src);
    if (!(dir = opendir(path)))
        return;
    while ((e = readdir(dir)) != NULL) {
        n = strlen(e->d_name);
        if (e->d_name[0] == '.' || (n > 7 && strcmp(e->d_name + n - 7, ".expect") == 0))
            continue;
        add_file(path, e->d_name);
    }
    closedir(dir);
}

static int texty(const char *mime)
{
    return strncmp(mime, "text/", 5) == 0 || strcmp(mime, "application/json") == 0 ||
           strcmp(mime, "application/xml") == 0 || strcmp(mime, "application/javascript") == 0;
}

static void *thread_detect(void *arg)
{
    char *mime = NULL, *desc = NULL;

    (void)arg;
    if (file_type_detect((const unsigned char *)"MZ\x90\0", 4, &mime, &desc) == 0 && mime && desc) {
        free(mime);
        free(desc);
        return (void *)1;
    }
    return NULL;
}

int main(void)
{
    size_t i;
    int fast_pdf = 0;

    build_samples();
    TAP_OK(nsamples > 40, "%zu samples", nsamples);
    for (i = 0; i < nsamples; i++) {
        const sample *s = &samples[i];
        char *fm = NULL, *fd = NULL, *lm = NULL, *ld = NULL, *fw = NULL, *lw = NULL;

        if (file_type_detect_how(s->d, s->len, 0, &fm, &fd) < 0 ||
            file_type_detect_how(s->d, s->len, 1, &lm, &ld) < 0) {
            TAP_OK(0, "%s: detected", s->label);
            continue;
        }
        TAP_IS_STR(fm, lm, "%s: type as libmagic's (%s)", s->label, lm);
        TAP_IS_INT(dangerous_check("file", fm, fd, &fw), dangerous_check("file", lm, ld, &lw),
                   "%s: dangerous-attachment verdict as libmagic's", s->label);
        TAP_IS_INT(texty(fm), texty(lm), "%s: read as text or not, as libmagic's", s->label);
        if (strcmp(fm, "application/pdf") == 0 && strcmp(fd, ld) != 0)
            fast_pdf++;                     /* libmagic's description has the page count */
        free(fm); free(fd); free(lm); free(ld); free(fw); free(lw);
    }
    TAP_OK(fast_pdf >= 2, "the PDF fast path was taken (%d samples)", fast_pdf);

    /* the cookie pool: a cookie of an ended thread is taken by the next */
    for (i = 0; i < 3; i++) {
        pthread_t th;
        void *r = NULL;
        TAP_OK(pthread_create(&th, NULL, thread_detect, NULL) == 0 && pthread_join(th, &r) == 0 && r,
               "thread %zu detects with a pooled cookie", i);
    }
    file_type_shutdown();
    for (i = 0; i < nsamples; i++) {
        free(samples[i].d);
        free(samples[i].owned);
    }
    return tap_done();
}
