/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench-detect - micro-benchmark (not a test): MB/s of detect_unit() over
 * ~50 MB of generated Japanese business text (greetings, amounts, dates,
 * order numbers, phone numbers, signatures, the odd e-mail address), in
 * body units of ~64 KB. Usage: bench-detect [MB]. Prints one line.
 */
#include <time.h>

#include "t-detect.h"

#define BENCH_UNIT_BYTES (64 * 1024)

static const char *const sentences[] = {
    "いつもお世話になっております。株式会社サンプルの山田です。",
    "先日はお打ち合わせのお時間をいただき、誠にありがとうございました。",
    "ご依頼の件につきまして、下記の通りお見積りをお送りいたします。",
    "納期は2025年4月15日を予定しております。ご確認のほどよろしくお願いいたします。",
    "注文番号：202504150012 の商品は本日発送いたしました。",
    "合計金額は1,234,567円（税込）となります。",
    "会議は第3会議室で10時30分から開始します。資料は事前に共有フォルダへ格納してください。",
    "来期の販売計画について、営業部と調整のうえ改めてご連絡いたします。",
    "ご不明な点がございましたら、お気軽にお問い合わせください。",
    "佐藤様にもよろしくお伝えください。",
    "Please find the attached quotation for your review.",
    "本件の担当は総務部の鈴木です。内線は1234です。",
    "━━━━━━━━━━━━━━━━\n株式会社サンプル 営業部\n山田 太郎\n〒100-0001 東京都千代田区千代田1-1\nTEL: 03-1234-5678\nE-mail: yamada@example.co.jp\n━━━━━━━━━━━━━━━━",
    "以上、よろしくお願い申し上げます。",
};

static char *make_text(size_t total)
{
    char *t = malloc(total + 1);
    size_t o = 0, i = 0;

    if (!t)
        return NULL;
    while (o < total) {
        const char *s = sentences[(i * 7 + i / 3) % (sizeof(sentences) / sizeof(sentences[0]))];
        size_t l = strlen(s);
        if (o + l + 1 > total)
            break;
        memcpy(t + o, s, l);
        o += l;
        t[o++] = (i % 4 == 3) ? '\n' : ' ';
        i++;
    }
    t[o] = 0;
    return t;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 50, total = mb * 1024 * 1024;
    char *text = make_text(total);
    struct timespec a, b;
    size_t off = 0, done = 0, nf = 0;
    double sec;

    if (!text)
        return 1;
    total = strlen(text);
    clock_gettime(CLOCK_MONOTONIC, &a);
    while (off < total) {
        size_t n = total - off > BENCH_UNIT_BYTES ? BENCH_UNIT_BYTES : total - off;
        char save;
        detect_state *st = detect_state_new();
        scan_ctx ctx;
        sg_text_unit u;
        while (n < total - off && ((unsigned char)text[off + n] & 0xC0) == 0x80)
            n++;                              /* cut on a character boundary */
        save = text[off + n];
        text[off + n] = 0;
        memset(&ctx, 0, sizeof(ctx));
        ctx.res = &td_res;
        memset(&u, 0, sizeof(u));
        u.kind = SG_UNIT_BODY;
        u.text = text + off;
        u.len = n;
        u.location = "body";
        u.part = "1";
        u.att_index = -1;
        detect_unit(st, &ctx, &u);
        detect_finish(st, &ctx);
        detect_state_free(st);
        nf += td_res.nfindings;
        td_clear();
        text[off + n] = save;
        off += n;
        done += n;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    sec = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("detect_unit: %.1f MB in %.3f s = %.1f MB/s (%zu findings)\n", done / 1048576.0, sec,
           done / 1048576.0 / sec, nf);
    free(text);
    return 0;
}
