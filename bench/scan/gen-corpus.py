#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""gen-corpus.py - a deterministic synthetic corpus for the scanner benchmark.

Usage: gen-corpus.py [OUTDIR] [--size MB] [--seed N]
  OUTDIR  default /tmp/sendguard-corpus (never inside the git tree)
  --size  total size in MB (default 100): 40% plain text, 40% CSV, 20% xlsx
  --seed  random seed (default 20241014): same seed, same bytes

Writes OUTDIR/text/*.txt (UTF-8 mail-like Japanese business prose with a few
synthetic personal records, signatures, order numbers and dates: 12-digit
numbers that are NOT My Numbers (their check digit is wrong), and a few
labelled valid My Numbers so the detector has work), OUTDIR/csv/*.csv
(customer lists, half UTF-8, half CP932) and OUTDIR/xlsx/*.xlsx (customer
lists as minimal SpreadsheetML with sharedStrings, written with zipfile).
Everything is synthetic: names are drawn from small lists, addresses are
made up, phones use the 03/06/090 ranges with random digits, e-mail
addresses are under example.co.jp / example.com. python3 stdlib only.
"""
import argparse
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

SURNAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 清水 斎藤".split()
GIVEN = "太郎 花子 一郎 美咲 健太 陽子 大輔 由美 翔太 愛 拓也 恵 直樹 真由美 和也 さくら 誠 明美 亮 彩".split()
KANA = "サトウ スズキ タカハシ タナカ イトウ ワタナベ ヤマモト ナカムラ コバヤシ カトウ".split()
PREFS = "東京都 大阪府 神奈川県 愛知県 埼玉県 千葉県 兵庫県 北海道 福岡県 静岡県".split()
CITIES = "中央区 北区 港区 緑区 西区 青葉区 中区 南区 東区 若葉区".split()
TOWNS = "本町 栄町 旭町 緑町 桜台 松が丘 若松町 日の出町 新町 大通".split()
COMPANIES = "株式会社サンプル商事 サンプル工業株式会社 株式会社テスト物産 例示システム株式会社 株式会社モデル建設".split()
DEPTS = "営業部 総務部 経理部 人事部 開発部 購買部 品質保証部 情報システム部".split()
PRODUCTS = "ボールペン コピー用紙 トナーカートリッジ ノートパソコン 会議用テーブル 事務椅子 ホワイトボード 外付けSSD".split()

GREETINGS = [
    "いつもお世話になっております。{company}の{name}です。",
    "お疲れさまです。{dept}の{name}です。",
    "平素より格別のご高配を賜り、厚く御礼申し上げます。",
    "先日はお忙しいところお時間をいただき、ありがとうございました。",
]
SENTENCES = [
    "ご依頼いただいておりました{product}の見積書を送付いたします。",
    "注文番号 {order} の件、{month}月{day}日に出荷予定です。",
    "請求書番号 INV-{inv} につきまして、お支払期日は{month}月末日となります。",
    "次回の打ち合わせは{month}月{day}日（{dow}）{hour}時からを予定しております。",
    "添付の資料をご確認のうえ、ご不明な点がございましたらお知らせください。",
    "{product}の納期につきまして、{n}営業日ほどお時間をいただけますでしょうか。",
    "在庫数は{n}個、単価は{price}円（税別）です。",
    "管理番号 {order} の発注書を受領いたしました。",
    "お問い合わせ番号は {ticket} です。",
    "会議室の予約は{month}月{day}日 {hour}:00〜{hour2}:00 で確保しました。",
    "本件の担当は{dept}の{name}が引き継ぎます。",
    "来期の予算案について、{dept}内で検討を進めております。",
    "前年同月比で売上が{pct}%増加しました。",
    "発送伝票番号は {slip} です。到着まで今しばらくお待ちください。",
]
CLOSINGS = [
    "引き続きよろしくお願いいたします。",
    "何卒よろしくお願い申し上げます。",
    "ご確認のほど、よろしくお願いいたします。",
]
DOW = "月火水木金"


def mynumber_check(base11):
    s = 0
    for n in range(1, 12):
        p = int(base11[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    return 0 if r <= 1 else 11 - r


def valid_mynumber(rng):
    base = "".join(rng.choice("0123456789") for _ in range(11))
    return base + str(mynumber_check(base))


def not_mynumber(rng):
    """A 12-digit order-like number whose last digit fails the check."""
    base = "2024" + "".join(rng.choice("0123456789") for _ in range(7))
    good = mynumber_check(base)
    return base + str((good + 1 + rng.randrange(9)) % 10)


def phone(rng):
    kind = rng.randrange(3)
    if kind == 0:
        return "03-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000))
    if kind == 1:
        return "06-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000))
    return "090-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000))


def person(rng):
    i = rng.randrange(len(SURNAMES))
    return SURNAMES[i], GIVEN[rng.randrange(len(GIVEN))], KANA[i % len(KANA)]


def address(rng):
    return "%s%s%s%d-%d-%d" % (rng.choice(PREFS), rng.choice(CITIES), rng.choice(TOWNS),
                               rng.randrange(1, 9), rng.randrange(1, 30), rng.randrange(1, 20))


def email(rng, domain="example.co.jp"):
    return "user%05d@%s" % (rng.randrange(100000), domain)


def fill(rng, tmpl):
    s, g, _ = person(rng)
    return tmpl.format(
        company=rng.choice(COMPANIES), name=s, dept=rng.choice(DEPTS),
        product=rng.choice(PRODUCTS), order=not_mynumber(rng),
        inv="%08d" % rng.randrange(10 ** 8), month=rng.randrange(1, 13),
        day=rng.randrange(1, 29), dow=rng.choice(DOW), hour=rng.randrange(9, 17),
        hour2=rng.randrange(17, 19), n=rng.randrange(1, 500), price=rng.randrange(100, 99999),
        ticket="Q-%010d" % rng.randrange(10 ** 10), pct=rng.randrange(1, 30),
        slip="%04d-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000), rng.randrange(10000)))


def signature(rng):
    s, g, _ = person(rng)
    return "\n--\n%s %s %s\n%s\nTEL %s / FAX %s\n%s\n" % (
        rng.choice(COMPANIES), rng.choice(DEPTS), s + " " + g, "〒%03d-%04d %s" % (
            rng.randrange(100, 999), rng.randrange(10000), address(rng)),
        phone(rng), phone(rng), email(rng))


def record(rng):
    """A synthetic personal record inside prose (rare)."""
    s, g, _ = person(rng)
    lines = ["氏名：%s %s" % (s, g), "住所：%s" % address(rng), "電話：%s" % phone(rng)]
    if rng.random() < 0.3:
        lines.append("個人番号（マイナンバー）：%s" % valid_mynumber(rng))
    return "\n".join(lines) + "\n"


def mail(rng):
    s, _, _ = person(rng)
    out = ["%s様\n\n" % s, fill(rng, rng.choice(GREETINGS)), "\n\n"]
    for _ in range(rng.randrange(4, 12)):
        out.append(fill(rng, rng.choice(SENTENCES)))
        out.append("\n" if rng.random() < 0.5 else "")
    if rng.random() < 0.02:
        out.append("\n下記の方の登録をお願いします。\n" + record(rng))
    out.append("\n" + rng.choice(CLOSINGS) + "\n")
    out.append(signature(rng))
    out.append("\n" + "=" * 40 + "\n\n")
    return "".join(out)


def write_text(path, rng, size):
    parts, n = [], 0
    while n < size:
        m = mail(rng)
        parts.append(m)
        n += len(m.encode("utf-8"))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(parts))
    return n


def customer_rows(rng, count):
    yield ["顧客ID", "氏名", "フリガナ", "郵便番号", "住所", "電話番号", "メールアドレス", "生年月日", "最終注文番号"]
    for i in range(count):
        s, g, k = person(rng)
        yield ["C%07d" % i, s + " " + g, k, "%03d-%04d" % (rng.randrange(100, 999), rng.randrange(10000)),
               address(rng), phone(rng), email(rng, "example.com"),
               "%d/%02d/%02d" % (rng.randrange(1950, 2005), rng.randrange(1, 13), rng.randrange(1, 29)),
               not_mynumber(rng)]


def write_csv(path, rng, size, encoding):
    out, n = [], 0
    rows = customer_rows(rng, 10 ** 9)
    while n < size:
        line = ",".join(next(rows)) + "\r\n"
        out.append(line)
        n += len(line.encode(encoding))
    with open(path, "wb") as f:
        f.write("".join(out).encode(encoding))
    return n


CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="顧客一覧" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>')


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path, rng, size):
    """size = target bytes of the uncompressed sheet + sharedStrings XML."""
    strings, index, rows_xml, n = [], {}, [], 0
    for r, row in enumerate(customer_rows(rng, 10 ** 9), start=1):
        cells = []
        for c, val in enumerate(row):
            if index.get(val) is None:
                index[val] = len(strings)
                strings.append(val)
                n += len(escape(val).encode()) + 13
            cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (col_name(c), r, index[val]))
        x = '<row r="%d">%s</row>' % (r, "".join(cells))
        rows_xml.append(x)
        n += len(x)
        if n >= size:
            break
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(rows_xml) + '</sheetData></worksheet>')
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (len(strings), len(strings))
           + "".join("<si><t>%s</t></si>" % escape(s) for s in strings) + "</sst>")
    fixed = (1980, 1, 1, 0, 0, 0)   # fixed timestamps: deterministic bytes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                           ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", WB_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst)):
            zi = zipfile.ZipInfo(name, fixed)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8"))
    return len(sheet.encode()) + len(sst.encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", nargs="?", default="/tmp/sendguard-corpus")
    ap.add_argument("--size", type=float, default=100.0, help="total MB (default 100)")
    ap.add_argument("--seed", type=int, default=20241014)
    a = ap.parse_args()
    total = int(a.size * 1024 * 1024)
    rng = random.Random(a.seed)
    plan = [("text", 0.4, 2 * 1024 * 1024), ("csv", 0.4, 2 * 1024 * 1024), ("xlsx", 0.2, 1024 * 1024)]
    for kind, share, per_file in plan:
        d = os.path.join(a.outdir, kind)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.unlink(os.path.join(d, old))
        want = int(total * share)
        nfiles = max(1, want // per_file)
        size = want // nfiles
        for i in range(nfiles):
            if kind == "text":
                write_text(os.path.join(d, "mail-%03d.txt" % i), rng, size)
            elif kind == "csv":
                enc = "cp932" if i % 2 else "utf-8"
                write_csv(os.path.join(d, "customers-%03d-%s.csv" % (i, enc)), rng, size, enc)
            else:
                write_xlsx(os.path.join(d, "customers-%03d.xlsx" % i), rng, size)
        print("%s: %d files" % (d, nfiles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
