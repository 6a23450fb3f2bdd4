#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""det-golden.py OUTDIR - writes the detector golden inputs (synthetic data
only: My Numbers and card numbers are computed with their check digits from
a seeded generator) for tests/data/det-*.expect. Prints the paths written."""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
rnd = random.Random(20250401)
written = []


def put(name, text, enc="utf-8"):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(text.encode(enc))
    written.append(p)


def mynumber():
    """synthetic 12-digit My Number with the official check digit"""
    while True:
        d = [rnd.randrange(10) for _ in range(11)]
        if len(set(d)) > 2:
            break
    w = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(a * b for a, b in zip(d, w)) % 11
    return "".join(map(str, d)) + str(0 if r <= 1 else 11 - r)


def card(prefix, n):
    """synthetic card number with a Luhn check digit"""
    d = prefix + "".join(str(rnd.randrange(10)) for _ in range(n - len(prefix) - 1))
    for c in "0123456789":
        s, dbl = 0, False
        for ch in reversed(d + c):
            v = int(ch)
            if dbl:
                v = v * 2 - 9 if v > 4 else v * 2
            s += v
            dbl = not dbl
        if s % 10 == 0:
            return d + c


def order_number():
    """a date+sequence order number that passes the My Number check digit"""
    for seq in range(1, 1000):
        v = "20261016%04d" % seq
        d = [int(c) for c in v]
        r = sum(a * b for a, b in zip(d, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        if d[11] == (0 if r <= 1 else 11 - r):
            return v


def mail(subject, body, frm="sender@example.co.jp", to="a@partner.example"):
    return ("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <det@example.co.jp>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n" % (frm, to, subject, body.replace("\n", "\r\n")))


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


# 1. My Numbers in a body: keyword, three distinct numbers (one written in
#    full-width digits with U+FF0D), one of them repeated.
a, b, c = mynumber(), mynumber(), mynumber()
cfw = fullwidth(c[0:4]) + "\uff0d" + fullwidth(c[4:8]) + "\uff0d" + fullwidth(c[8:12])
put("det-mynumber.eml", mail("従業員情報の件", (
    "総務部 各位\n\n扶養控除申告書の個人番号を以下に記載します。\n"
    "1. %s-%s-%s\n2. %s\n3. %s\n再掲: %s\n") % (a[0:4], a[4:8], a[8:], b, cfw, b)))

# 2. near-misses only: order number, 法人番号, invoice T-number, phone,
#    postal code, dates, a training text about 社外秘, a company signature.
put("det-nearmiss.txt", (
    "情報セキュリティ研修のお知らせ\n社外秘の扱いについて説明します。極秘情報は持ち出さないこと。\n"
    "ご注文番号：%s（2026年10月16日受付）\n"
    "法人番号 7123456789012 / 適格請求書発行事業者 登録番号 T7123456789012\n"
    "お問い合わせ：0120-123-456（受付 9:00-17:00）\n\n"
    "━━━━━━━━━━━━━━\n株式会社サンプル 営業部\n山田 太郎\n〒100-0001 東京都千代田区千代田1-1\n"
    "TEL: 03-1234-5678 携帯: 090-1234-5678\nE-mail: yamada@example.co.jp\n━━━━━━━━━━━━━━\n") % order_number())

# 3. a customer list: 120 rows with name, phone, e-mail, birth date, My Number
rows = ["氏名,電話番号,メール,生年月日,個人番号"]
for i in range(120):
    rows.append("顧客%03d,090-%04d-%04d,c%03d@example.jp,1985/%02d/%02d,%s" % (
        i, 1000 + i, 2000 + i, i, 1 + i % 12, 1 + i % 28, mynumber()))
put("det-customers.csv", "\n".join(rows) + "\n")

# 4. classification labels: a marked subject; and a training mail (prose only)
put("det-label.eml", mail("【社外秘】2026年度 事業計画", "各位\n\n機密区分：極秘\n\n計画書を共有します。\n"))
put("det-training.eml", mail("社外秘の扱いについて",
                             "社外秘・部外秘の資料の扱いについて、研修を行います。\n"
                             "confidential な情報は持ち出さないでください。\n"))

# 5. a card number with a keyword, in a mail with a company signature
cn = card("4", 16)
put("det-card.eml", mail("お支払いについて", (
    "カード番号：%s\n有効期限：12/29\n\n"
    "-- \n株式会社サンプル\n山田太郎様\n携帯 090-1234-5678\n") % " ".join(
    [cn[i:i + 4] for i in range(0, 16, 4)])))

# 6. personal data in prose with a special-care category
put("det-sensitive.eml", mail("面談記録", (
    "氏名：検証 太郎\n携帯：080-5555-6666\n生年月日：昭和60年4月1日\n"
    "既往歴：糖尿病のため通院中\n")))

print("\n".join(written))
