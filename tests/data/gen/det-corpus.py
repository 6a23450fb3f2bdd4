#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""det-corpus.py OUTDIR - the detectors' measuring stick (issue 8): writes a
labelled synthetic set into OUTDIR/det-corpus/: must-catch variants of every
class the issue names (要配慮個人情報 about a named person, My Number with
weaker context, separators people produce, form layouts, numbers stored as
numbers, classification labels with CRLF, customer lists pasted into a
body) and benign business messages of the kinds that trip DLPs (invoices,
orders, tracking lists, HR notices, signatures, quoted replies, company
lists, contact-change notices, medical-device news ...).

OUTDIR/det-corpus/labels.tsv has one line per file:
    FILE <tab> catch|benign <tab> CLASS <tab> RULES <tab> what it is
A catch file is caught when one of RULES (comma-separated) is found at
medium or high confidence; a benign file is a false hold when the policy
(internal sender, external recipient) holds or rejects it.
tests/det-corpus.sh runs it and prints recall per class and false holds.

Synthetic data only: My Numbers and card numbers are computed with their
check digits from a seeded generator; names, addresses and phones are made
up (example.co.jp / partner.example, 03-0000-xxxx style numbers)."""
import base64
import os
import random
import shutil
import subprocess
import sys
import tempfile

top = sys.argv[1] if len(sys.argv) > 1 else "."
out = os.path.join(top, "det-corpus")
os.makedirs(out, exist_ok=True)
rnd = random.Random(20261202)
labels = []
seq = [0]

W = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def mn_check(d11):
    r = sum(int(a) * b for a, b in zip(d11, W)) % 11
    return str(0 if r <= 1 else 11 - r)


def mynumber():
    """synthetic 12-digit My Number with the official check digit"""
    while True:
        d = "".join(str(rnd.randrange(10)) for _ in range(11))
        if len(set(d)) > 3:
            return d + mn_check(d)


def not_mynumber():
    """12 digits whose last digit fails the My Number check digit"""
    d = "".join(str(rnd.randrange(10)) for _ in range(11))
    c = int(mn_check(d))
    return d + str((c + 1 + rnd.randrange(8)) % 10)


def luhn_complete(d):
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


def card():
    p = rnd.choice(["4", "51", "52", "53", "3528", "3589"])
    return luhn_complete(p + "".join(str(rnd.randrange(10)) for _ in range(15 - len(p))))


def g444(n, sep="-"):
    return sep.join([n[0:4], n[4:8], n[8:12]])


def g4444(n, sep="-"):
    return sep.join(n[i:i + 4] for i in range(0, len(n), 4))


def fw(s):
    """full-width digits and ASCII punctuation"""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
          "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "清水", "斎藤"]
GIVEN = ["太郎", "花子", "健一", "美咲", "翔太", "陽子", "大輔", "由美", "直樹", "恵",
         "拓也", "さくら", "誠", "愛", "浩二", "真由美", "亮", "千尋", "修", "彩"]
ROMAJI = [("Taro", "Yamada"), ("Hanako", "Suzuki"), ("Kenichi", "Sato"), ("Misaki", "Tanaka"),
          ("Shota", "Ito"), ("Yoko", "Watanabe"), ("Daisuke", "Nakamura"), ("Yumi", "Kobayashi")]
CITY = ["東京都千代田区丸の内", "東京都港区芝公園", "大阪府大阪市北区梅田", "神奈川県横浜市西区みなとみらい",
        "愛知県名古屋市中区栄", "福岡県福岡市博多区博多駅前", "北海道札幌市中央区北一条西",
        "京都府京都市下京区四条通", "埼玉県さいたま市大宮区桜木町", "千葉県千葉市美浜区中瀬"]
COMPANY = ["株式会社サンプル", "有限会社テスト商事", "株式会社例示システムズ", "合同会社モデル",
           "株式会社見本製作所", "株式会社試験物流", "株式会社架空フーズ", "株式会社仮設エンジニアリング"]
BRANCH = ["札幌支店", "仙台支店", "東京本社", "名古屋支店", "大阪支店", "広島営業所", "福岡支店", "那覇営業所"]


def name():
    return rnd.choice(FAMILY) + " " + rnd.choice(GIVEN)


def name_nospace():
    return rnd.choice(FAMILY) + rnd.choice(GIVEN)


def addr():
    return "%s%d-%d-%d" % (rnd.choice(CITY), rnd.randrange(1, 9), rnd.randrange(1, 30),
                           rnd.randrange(1, 20))


def landline():
    """a fixed-line number: 10 digits with the trunk 0 (area code 2-4 digits)"""
    area = rnd.choice(["03", "06", "052", "092", "011", "0466"])
    mid = 6 - len(area)                  # digits of the local exchange
    return "%s-%0*d-%04d" % (area, mid, rnd.randrange(10 ** (mid - 1), 10 ** mid),
                             rnd.randrange(1000, 9999))


def mobile():
    return "0%d0-%04d-%04d" % (rnd.choice([7, 8, 9]), rnd.randrange(1000, 9999),
                               rnd.randrange(1000, 9999))


def postal():
    return "%03d-%04d" % (rnd.randrange(100, 999), rnd.randrange(0, 9999))


SIG = ("\n--\n{co} 営業部\n{me}\n〒{pc} {ad}\nTEL: {tel}（代表） FAX: {fax}\n"
       "携帯: {mob}\nE-mail: {mail}@example.co.jp\nhttps://www.example.co.jp/\n")


def signature():
    return SIG.format(co=rnd.choice(COMPANY), me=name(), pc=postal(), ad=addr(), tel=landline(),
                      fax=landline(), mob=mobile(), mail="sales%d" % rnd.randrange(100))


def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


def mime(subject, body, atts=(), ctype="text/plain; charset=utf-8", cte="8bit", raw_body=None,
         frm="sender@example.co.jp", to="someone@partner.example"):
    """a message; body text or raw_body bytes (already encoded); atts =
    [(filename, content-type, bytes)] sent base64"""
    sj = "=?UTF-8?B?%s?=" % base64.b64encode(subject.encode()).decode()
    head = ("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: Wed, 2 Dec 2026 10:00:00 +0900\r\n"
            "Message-ID: <corpus%d@example.co.jp>\r\nMIME-Version: 1.0\r\n" % (frm, to, sj, seq[0]))
    part = raw_body if raw_body is not None else crlf(body).encode("utf-8")
    if not atts:
        return (head + "Content-Type: %s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (ctype, cte)
                ).encode() + part + b"\r\n"
    bd = "=_corpus_%d" % seq[0]
    m = (head + 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n--%s\r\n'
         "Content-Type: %s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (bd, bd, ctype, cte)).encode()
    m += part + b"\r\n"
    for fn, ct, data in atts:
        fnj = "=?UTF-8?B?%s?=" % base64.b64encode(fn.encode()).decode()
        m += ("--%s\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; "
              "filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" % (bd, ct, fnj, fnj)).encode()
        b = base64.b64encode(data).decode()
        m += ("\r\n".join(b[i:i + 76] for i in range(0, len(b), 76)) + "\r\n").encode()
    return m + ("--%s--\r\n" % bd).encode()


def put(kind, cls, rules, desc, data, ext="eml"):
    seq[0] += 1
    fn = "%03d-%s.%s" % (seq[0], cls, ext)
    with open(os.path.join(out, fn), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    labels.append("%s\t%s\t%s\t%s\t%s" % (fn, kind, cls, rules, desc.replace("\t", " ")))


def catch(cls, rules, desc, data, ext="eml"):
    put("catch", cls, rules, desc, data, ext)


def benign(cls, desc, data, ext="eml"):
    put("benign", cls, "-", desc, data, ext)


GREET = ["お世話になっております。", "お疲れ様です。", "各位\n\nお疲れ様です。", "いつもお世話になっております。"]


def greet():
    return rnd.choice(GREET) + "\n"


# ---------------------------------------------------------------------------
# 1. 要配慮個人情報 about a named person (no second identifier)
SP = "sensitive-personal"
DISEASE = ["糖尿病", "うつ病", "適応障害", "がん", "白血病", "肝炎", "統合失調症", "双極性障害",
           "認知症", "HIV"]
FINDING = ["要再検査（血圧）", "要精密検査（肝機能）", "HbA1c 高値", "血糖 要経過観察", "所見なし",
           "尿検査 要再検査", "高ストレス者", "血圧 160/100 要受診"]
for i in range(12):
    n = name()
    d = rnd.choice(DISEASE)
    t = rnd.choice(["{n}さんは{d}で通院中です。しばらく残業は控えてもらいます。",
                    "{n}さんが{d}の治療中のため、来月から時短勤務になります。",
                    "{n}さん、{d}と診断されたそうで、今週はお休みです。",
                    "営業部の{n}さんは{d}のため休職します（診断書受領済み）。"])
    catch("sensitive", SP, "named person + %s in prose" % d,
          mime("ご連絡", greet() + "\n" + t.format(n=n, d=d) + "\n\nよろしくお願いします。\n" + signature()))
for i in range(10):
    rows = ["%s\t%s" % (name(), rnd.choice(FINDING)) for _ in range(rnd.randrange(3, 8))]
    hdr = rnd.choice(["氏名\t所見", "氏名\t健診結果", "名前\t判定"])
    catch("sensitive", SP, "健康診断 result list with names (tab-separated, body)",
          mime("健康診断結果の件", greet() + "\n今年度の健康診断の結果です。\n\n" + hdr + "\n" +
               "\n".join(rows) + "\n\nご確認ください。\n"))
for i in range(8):
    rows = ["社員番号,氏名,部署,病名"] + ["%05d,%s,%s,%s" % (rnd.randrange(10000, 99999), name(),
                                                        rnd.choice(["営業部", "総務部", "開発部"]),
                                                        rnd.choice(DISEASE)) for _ in range(5)]
    catch("sensitive", SP, "病名 column in a CSV attachment",
          mime("休職者一覧", greet() + "\n添付のとおりです。\n",
               [("休職者一覧.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))
for i in range(8):
    n = name()
    t = rnd.choice(["候補者の{n}氏ですが、前科（懲役2年・執行猶予付き）があることが判明しました。",
                    "採用予定の{n}さんについて、犯罪歴の申告がありました（有罪判決 2019年）。",
                    "{n}氏は昨年、詐欺の容疑で逮捕されています。採否をご検討ください。"])
    catch("sensitive", SP, "criminal record of a named candidate",
          mime("採用候補者の件", greet() + "\n" + t.format(n=n) + "\n\n人事部\n"))
for i in range(8):
    n = name()
    t = rnd.choice(["{n}さん（総務部）は身体障害者手帳（{g}級）をお持ちのため、席を入口近くにします。",
                    "新入社員の{n}さんは精神障害者保健福祉手帳{g}級です。合理的配慮の相談をお願いします。",
                    "{n}さんの療育手帳の写しを受け取りました。障害等級は{g}です。"])
    catch("sensitive", SP, "disability certificate of a named employee",
          mime("配慮事項について", greet() + "\n" + t.format(n=n, g=rnd.randrange(1, 4)) + "\n"))
for i in range(6):
    n = name()
    t = rnd.choice(["{n}さんは{r}の信者なので、日曜の出勤は避けてください。",
                    "{n}さんのご実家は{r}の寺院の檀家だそうで、法要のため休暇を取ります。"])
    catch("sensitive", SP, "religion of a named person",
          mime("シフトの件", greet() + "\n" + t.format(n=n, r=rnd.choice(["○○教", "××宗"])) + "\n"))
for i in range(8):
    rows = "".join("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (name(), rnd.choice(["営業部", "開発部"]),
                                                                   rnd.choice(DISEASE))
                   for _ in range(4))
    html = ("<html><body><p>産業医面談の対象者です。</p><table><tr><th>氏名</th><th>部署</th><th>病名</th></tr>"
            "%s</table></body></html>" % rows)
    catch("sensitive", SP, "病名 column in an HTML table",
          mime("面談対象者", "", ctype="text/html; charset=utf-8", raw_body=crlf(html).encode()))

# ---------------------------------------------------------------------------
# 2. My Number with weaker context: held (medium), never silently passed
MN = "mynumber"
for i in range(12):
    v = mynumber()
    t = rnd.choice(["先日の件、番号は {v} です。", "念のため控えを送ります。\n{v}\n",
                    "{n}さんの分：{v}", "こちらで合っていますか？ {v}"])
    catch("mn-medium", MN, "4-4-4 with check digit, no label",
          mime("確認お願いします", greet() + "\n" + t.format(v=g444(v, rnd.choice(["-", " "])), n=name()) + "\n"))
CTX = ["年末調整", "扶養控除", "源泉徴収票", "給与所得者の扶養控除等申告書", "番号確認", "本人確認書類"]
for i in range(18):
    w = CTX[i % len(CTX)]
    v = mynumber()
    t = rnd.choice(["{w}の件で、{n}さんの番号をお送りします。\n{v}\n",
                    "{w}に必要なため、下記をご確認ください。\n{n}　{v}\n",
                    "{w}：{n} {v}"])
    catch("mn-medium", MN, "process context word %s" % w,
          mime(w + "の件", greet() + "\n" + t.format(w=w, n=name(), v=rnd.choice([v, g444(v)])) + "\n"))
SPELL = ["マイナ番号", "My No.", "ﾏｲﾅﾝﾊﾞｰ", "個人番号 カード", "マイナンバー カード", "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ",
         "マイ ナンバー", "my no", "MyNo", "ﾏｲﾅ番号", "個人 番号", "ＭＹ　ＮＵＭＢＥＲ"]
for i in range(24):
    k = SPELL[i % len(SPELL)]
    v = mynumber()
    catch("mn-medium", MN, "keyword spelling %s" % k,
          mime("書類の件", greet() + "\n%s：%s\n" % (k, rnd.choice([v, g444(v), g444(v, " ")]))))
FILL = ("なお、提出いただいた書類は総務部で厳重に保管し、法令で定められた目的以外には使用いたしません。"
        "ご不明な点がありましたら、内線でお問い合わせください。提出期限は今月末となっておりますので、"
        "期限までに必ずご提出いただきますようお願いいたします。")
for i in range(12):
    v = mynumber()
    k = rnd.choice(["マイナンバー", "個人番号"])
    body = (greet() + "\n%sの提出について。%s%s%s%s 控え：%s\n" % (k, FILL, FILL, FILL, name(), g444(v)))
    catch("mn-medium", MN, "keyword far away in the same paragraph",
          mime("提出書類", body))
for i in range(10):
    rows = ["社員番号\t氏名\tマイナンバー\t備考"]
    for r in range(25):
        rows.append("%05d\t%s\t%s\t%s" % (rnd.randrange(10000, 99999), name(), mynumber(),
                                          rnd.choice(["", "扶養あり", "", "転居"])))
    catch("mn-medium", MN, "table in the body: header keyword, rows beyond 300 chars",
          mime("一覧", greet() + "\n\n" + "\n".join(rows) + "\n"))

# ---------------------------------------------------------------------------
# 3. separators people produce (My Number with a keyword, cards with a keyword)
SEPS = [("nbsp", "\u00a0"), ("two spaces", "  "), ("spaced hyphen", " - "), ("zwsp", "\u200b"),
        ("zwj", "\u200d"), ("soft hyphen", "\u00ad"), ("word joiner", "\u2060"), ("nakaguro", "・"),
        ("slash", "/"), ("tab", "\t"), ("ideographic space", "\u3000"), ("fw slash", "／"),
        ("fw nakaguro", "･"), ("en dash", "\u2013"), ("minus", "\u2212"), ("nbsp hyphen", "\u00a0-\u00a0"),
        ("fw hyphen spaced", " － "), ("thin space", "\u2009")]
for lab, s in SEPS:
    for j in range(2):
        v = mynumber()
        val = g444(v, s)
        if j:
            val = fw(v[0:4]) + s + fw(v[4:8]) + s + fw(v[8:12])
        catch("separators", MN, "My Number, separator %s%s" % (lab, " full-width digits" if j else ""),
              mime("提出", greet() + "\n個人番号：%s\n" % val))
    c = card()
    catch("separators", "credit-card", "card, separator %s" % lab,
          mime("お支払い", greet() + "\nカード番号：%s\n有効期限：12/29\n" % g4444(c, s)))
for j in range(6):
    v = mynumber()
    val = "(%s)%s(%s)" % (v[0:4], v[4:8], v[8:12]) if j % 2 else "%s-%s %s" % (v[0:4], v[4:8], v[8:12])
    catch("separators", MN, "parentheses / mixed separators",
          mime("提出", greet() + "\nマイナンバー %s\n" % val))
for j in range(6):
    v = mynumber()
    body = greet() + "\n下記のとおり、扶養家族の個人番号をお知らせします。妻 %s-%s-\n%s\n" % (v[0:4], v[4:8], v[8:12])
    catch("separators", MN, "hard line wrap inside the number",
          mime("扶養家族", body))
for j in range(6):
    v = mynumber()
    raw = ("個人番号：%s-%s=\r\n%s-%s\r\n" % (v[0:4], v[4:6], v[6:8], v[8:12])).encode("utf-8")
    # quoted-printable with a soft line break inside the number
    q = b""
    for ch in raw.decode("utf-8"):
        if ord(ch) > 127:
            q += "".join("=%02X" % b for b in ch.encode("utf-8")).encode()
        else:
            q += ch.encode()
    catch("separators", MN, "quoted-printable soft break inside the number",
          mime("提出", "", cte="quoted-printable", raw_body=q))
for j in range(6):
    v = mynumber()
    body = "お疲れ様です。扶養控除等申告書の個人番号欄ですが %s %s \r\n%s で登録しました。\r\n" % (v[0:4], v[4:8], v[8:12])
    catch("separators", MN, "format=flowed soft wrap inside the number",
          mime("登録", "", ctype="text/plain; charset=utf-8; format=flowed", raw_body=body.encode("utf-8")))
for j in range(6):
    c = card()
    body = greet() + "\nクレジットカード番号 %s-%s-\n%s-%s\n" % (c[0:4], c[4:8], c[8:12], c[12:16])
    catch("separators", "credit-card", "card, hard line wrap",
          mime("カード", body))

# ---------------------------------------------------------------------------
# 4. form layouts: one digit per cell, 4/4/4 cells
for j in range(8):
    v = mynumber()
    cells = "".join("<td>%s</td>" % d for d in v)
    html = ("<html><body><p>扶養控除等申告書の内容です。</p><table><tr><th>氏名</th><td colspan=12>%s</td></tr>"
            "<tr><th>個人番号</th>%s</tr></table></body></html>" % (name(), cells))
    catch("form", MN, "HTML table, one digit per cell",
          mime("申告書", "", ctype="text/html; charset=utf-8", raw_body=html.encode()))
for j in range(6):
    v = mynumber()
    html = ("<html><body><table><tr><td>マイナンバー</td><td>%s</td><td>%s</td><td>%s</td></tr>"
            "<tr><td>氏名</td><td colspan=3>%s</td></tr></table></body></html>" % (v[0:4], v[4:8], v[8:12], name()))
    catch("form", MN, "HTML table, 4/4/4 cells",
          mime("申告書", "", ctype="text/html; charset=utf-8", raw_body=html.encode()))
for j in range(8):
    rows = ["区分,氏名," + ",".join(["個人番号"] + [""] * 11)]
    for r in range(3):
        rows.append("%s,%s,%s" % (rnd.choice(["本人", "配偶者", "扶養親族"]), name(), ",".join(mynumber())))
    catch("form", MN, "CSV attachment, one digit per cell",
          mime("源泉徴収票", greet() + "\n添付します。\n",
               [("申告書.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))
for j in range(6):
    v = mynumber()
    body = greet() + "\n個人番号\t" + "\t".join(v) + "\n氏名\t" + name() + "\n"
    catch("form", MN, "tab-separated digits in the body (pasted from Excel)",
          mime("申告書", body))
for j in range(4):
    rows = ["氏名,マイナンバー,,"]
    for r in range(4):
        v = mynumber()
        rows.append("%s,%s,%s,%s" % (name(), v[0:4], v[4:8], v[8:12]))
    catch("form", MN, "CSV attachment, 4/4/4 cells",
          mime("一覧", greet(), [("list.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))

# ---------------------------------------------------------------------------
# 5. numbers stored as numbers
for j in range(8):
    rows = ["氏名,個人番号,入社日"] + ["%s,%s.0,2020/04/01" % (name(), mynumber()) for _ in range(4)]
    catch("float", MN, "CSV: My Number stored as a float (.0)",
          mime("一覧", greet(), [("export.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))
for j in range(6):
    rows = ["氏名,マイナンバー"] + ["%s,%s" % (name(), "%.5E" % float(mynumber())) for _ in range(5)]
    catch("float", MN, "CSV: My Number column in E notation (lossy)",
          mime("一覧", greet(), [("export.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))
for j in range(6):
    rows = ["氏名,カード番号,有効期限"] + ["%s,%s.0,12/29" % (name(), card()) for _ in range(3)]
    catch("float", "credit-card", "CSV: card number stored as a float",
          mime("一覧", greet(), [("cards.csv", "text/csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))]))

# ---------------------------------------------------------------------------
# 6. classification labels (CRLF everywhere)
LAB = ["社外秘", "極秘", "部外秘", "関係者外秘", "機密", "Confidential", "社内限り"]
for j, l in enumerate(LAB * 2):
    body = "%s\r\n\r\n2027年度 組織変更案\r\n\r\n1. 営業部と企画部を統合する\r\n" % l
    if j >= len(LAB):
        catch("label", "classification-label", "label alone on the first line of a CRLF text file",
              body.encode("utf-8"), ext="txt")
    else:
        catch("label", "classification-label", "label alone on a line, CRLF body",
              mime("組織変更案", "", raw_body=body.encode("utf-8")))
for j, l in enumerate(LAB):
    body = "2027年度 予算案\r\n\r\n（本文略）\r\n\r\n%s\r\n" % l
    catch("label", "classification-label", "label alone on the last line, CRLF",
          mime("予算案", "", raw_body=body.encode("utf-8")))
for j, l in enumerate(LAB[:5]):
    rows = "%s,,\r\n品目,数量,単価\r\nA,1,100\r\n" % l
    catch("label", "classification-label", "label in a CSV cell",
          mime("見積", greet(), [("見積.csv", "text/csv", rows.encode("utf-8"))]))
for j, l in enumerate(LAB[:5]):
    body = "%s\r\n\r\n2027年度 組織変更案\r\n" % l
    catch("label", "classification-label", "label alone on a line, Shift_JIS CRLF body",
          mime("組織変更案", "", ctype="text/plain; charset=Shift_JIS", raw_body=body.encode("cp932")))

# ---------------------------------------------------------------------------
# 7. customer lists pasted without a header row
PD = "personal-data"
for j in range(10):
    rows = ["%s\t%s\t%s" % (name(), addr(), landline()) for _ in range(rnd.randrange(4, 9))]
    catch("customers", PD, "tab-separated name / address / landline, no header",
          mime("リスト", greet() + "\n先日のイベントの来場者です。\n\n" + "\n".join(rows) + "\n"))
for j in range(10):
    rows = ["%s  %s  %s" % (name_nospace(), landline(), addr()) for _ in range(rnd.randrange(4, 9))]
    catch("customers", PD, "space-separated name / landline / address, no header",
          mime("リスト", greet() + "\n訪問先リストです。\n\n" + "\n".join(rows) + "\n"))
for j in range(8):
    rows = []
    for _ in range(rnd.randrange(4, 8)):
        g, f = rnd.choice(ROMAJI)
        rows.append("%s %s\t%d-%d-%d Chiyoda, Chiyoda-ku, Tokyo\t+81-3-%04d-%04d" % (
            g, f, rnd.randrange(1, 9), rnd.randrange(1, 9), rnd.randrange(1, 9),
            rnd.randrange(1000, 9999), rnd.randrange(1000, 9999)))
    catch("customers", PD, "romaji list (name, address, +81 phone)",
          mime("Customer list", "Hi,\n\nHere are the attendees.\n\n" + "\n".join(rows) + "\n"))
for j in range(8):
    rows = ["%s\t%s\t%s\t%s" % (name(), postal(), addr(), mobile()) for _ in range(rnd.randrange(4, 9))]
    catch("customers", PD, "name / postal code / address / mobile, no header",
          mime("送付先", greet() + "\n" + "\n".join(rows) + "\n"))

# ---------------------------------------------------------------------------
# benign business mail (must not be held)
def tracking_numbers(n, passing=1):
    """4-4-4 tracking numbers; `passing` of them pass the My Number check digit"""
    out_ = []
    for i in range(n):
        out_.append(mynumber() if i < passing else not_mynumber())
    rnd.shuffle(out_)
    return out_


for j in range(12):
    nums = tracking_numbers(rnd.randrange(4, 10))
    lab = rnd.choice(["追跡番号", "お問合せ伝票番号", "伝票番号", "送り状番号"])
    body = (greet() + "\n本日発送分の%sです。\n\n%s\n%s\n\n"
            "※マイナンバーの提出書類は別送いたします。\n" % (lab, lab, "\n".join(g444(v) for v in nums)))
    benign("tracking", "tracking list headed by %s, one passes the check digit, マイナンバー elsewhere" % lab,
           mime("発送のご連絡", body + signature()))
for j in range(6):
    nums = tracking_numbers(6)
    rows = ["注文番号\t品名\t数量"] + ["%s\t部品%s\t%d" % (g444(v), chr(65 + k), rnd.randrange(1, 9))
                                   for k, v in enumerate(nums)]
    benign("tracking", "order table with a 注文番号 column, one passes the check digit",
           mime("ご注文一覧", greet() + "\nマイナンバー対応の件とは別に、ご注文の一覧です。\n\n" + "\n".join(rows) + "\n"))
for j in range(10):
    body = (greet() + "\n下記のとおりご請求申し上げます。\n\n請求書番号：INV-%06d\n"
            "ご請求金額：%s円（税込）\nお支払期限：2027年1月31日\n\n【振込先】\n○○銀行 本店営業部 普通 %07d\n"
            "口座名義：%s\n登録番号：T%013d\n" % (rnd.randrange(999999), format(rnd.randrange(10000, 9999999), ","),
                                            rnd.randrange(9999999), rnd.choice(COMPANY), rnd.randrange(10 ** 12, 10 ** 13)))
    benign("invoice", "invoice with bank account of the company and T number", mime("請求書送付", body + signature()))
for j in range(8):
    v = mynumber()
    body = (greet() + "\nご注文ありがとうございます。\n\nご注文番号：%s\nご注文日：2026年12月1日\n"
            "お届け予定：2026年12月4日\n" % v)
    benign("order", "order confirmation with a 12-digit order number that passes the check digit",
           mime("ご注文確認", body + signature()))
for j in range(10):
    body = (greet() + "\n" + rnd.choice([
        "年末調整の書類提出のお願いです。扶養控除等申告書とマイナンバーの確認書類を12月10日までに提出してください。",
        "今年度の健康診断を下記の日程で実施します。全員受診してください。健康診断結果は産業医が確認します。",
        "ストレスチェックを実施します。結果は本人にのみ通知され、会社には同意なく提供されません。",
        "障害者雇用の推進について、全社方針を共有します。合理的配慮の申し出は人事部までお願いします。",
        "ハラスメント防止規程を改定しました。犯罪被害に関する相談窓口も新設しています。",
        "源泉徴収票は1月中旬に配布予定です。マイナンバーは記載されません。"]) +
        "\n\n人事部\n")
    benign("hr-notice", "HR notice without a person", mime("人事部からのお知らせ", body))
for j in range(10):
    body = greet() + "\n資料を送付いたします。ご確認のほどよろしくお願いいたします。\n" + signature()
    benign("signature", "short mail with a full signature (mobile, address)", mime("資料送付", body))
for j in range(8):
    body = (greet() + "\n年末の打ち合わせの件、承知しました。\n\n" + "\n".join(
        "> " + l for l in ("お世話になっております。\n12/10 14時でいかがでしょうか。\n" + signature() +
                           "\n-----Original Message-----\n差出人: 先方\n前回の議事録を添付します。\n").split("\n")))
    benign("quoted-reply", "reply quoting the other party's signature with > and more quoted text",
           mime("Re: 打ち合わせ", body + signature()))
for j in range(8):
    rows = ["%s %s\t〒%s %s\t代表 %s" % (rnd.choice(COMPANY), rnd.choice(BRANCH), postal(), addr(), landline())
            for _ in range(rnd.randrange(4, 9))]
    benign("company-list", "list of companies/branches with 住所 and 代表 phone",
           mime("拠点一覧", greet() + "\n各拠点の連絡先です。\n\n" + "\n".join(rows) + "\n"))
for j in range(8):
    body = (greet() + "\nこのたび弊社は下記に移転いたしました。\n\n新住所：〒%s %s\n新電話番号：%s\n"
            "新FAX：%s\n移転日：2027年1月10日\n\n今後ともよろしくお願いいたします。\n" % (postal(), addr(), landline(), landline()))
    benign("contact-change", "contact-change notice from the sender about the sender", mime("移転のお知らせ", body + signature()))
for j in range(6):
    body = (greet() + "\n当社は新型の血圧計と血糖測定器を発売しました。糖尿病の患者さんの自己管理を支援します。"
            "医療機関向けの説明会を開催します。\n")
    benign("medical-news", "product news about medical devices", mime("新製品のご案内", body + signature()))
for j in range(6):
    body = (greet() + "\n検査機器の納品日程をご連絡します。\n\n--\n医療法人 見本会 見本総合病院 事務部\n"
            "〒%s %s\nTEL %s（代表）\n" % (postal(), addr(), landline()))
    benign("hospital-signature", "a hospital's address in a signature", mime("納品日程", body))
for j in range(6):
    body = greet() + "\n寒くなってきましたので、健康に気をつけてお過ごしください。\n来年もよろしくお願いいたします。\n" + signature()
    benign("greeting", "健康に気をつけて", mime("年末のご挨拶", body))
for j in range(4):
    body = ("各位\n\n社外秘・極秘の資料の扱いについて研修を行います。\nconfidential な情報は持ち出さないでください。\n")
    benign("training", "training about labels (prose)", mime("情報セキュリティ研修", body))
for j in range(6):
    body = (greet() + "\n会議のご案内です。\n日時：2026年12月%d日 14:00-15:00\n電話会議：0120-%03d-%03d"
            "（参加コード 1234 5678 9012#）\n" % (rnd.randrange(3, 28), rnd.randrange(999), rnd.randrange(999)))
    benign("meeting", "meeting invitation with a toll-free number and a 12-digit conference code",
           mime("会議のご案内", body + signature()))
CITYLAB = [("札幌", "北海道札幌市中央区北一条西"), ("仙台", "宮城県仙台市青葉区中央"), ("横浜", "神奈川県横浜市西区みなとみらい"),
           ("名古屋", "愛知県名古屋市中区栄"), ("大阪", "大阪府大阪市北区梅田"), ("福岡", "福岡県福岡市博多区博多駅前")]
for j in range(6):
    rows = ["%s\t%s%d-%d-%d\t%s" % (c, a, rnd.randrange(1, 9), rnd.randrange(1, 20), rnd.randrange(1, 20), landline())
            for c, a in CITYLAB]
    benign("company-list", "branch list labelled by city (place + address + landline)",
           mime("拠点一覧", greet() + "\n各拠点の住所です。\n\n" + "\n".join(rows) + "\n"))
for j in range(4):
    rows = ["%s\t%s\t%s" % (s_, addr(), landline()) for s_ in ("渋谷店", "新宿営業所", "品川センター", "本社総務部")]
    benign("company-list", "shop / office list (店, 営業所, センター)",
           mime("店舗一覧", greet() + "\n" + "\n".join(rows) + "\n"))
for j in range(4):
    rows = ["12/%d(%s)\t%s\t%s" % (d, w, addr(), landline()) for d, w in ((3, "木"), (4, "金"), (7, "月"))]
    benign("company-list", "visit schedule (date + address + phone)",
           mime("訪問予定", greet() + "\n来週の訪問予定です。\n\n" + "\n".join(rows) + "\n"))
for j in range(4):
    body = ("%s様\n\nいつもお世話になっております。\n新型の血圧計と血糖測定器のご案内をお送りします。"
            "糖尿病の患者さんにもご好評いただいております。\n" % rnd.choice(FAMILY))
    benign("medical-news", "greeting name, then medical-device news", mime("新製品のご案内", body + signature()))
for j in range(4):
    body = ("%s さん\n\n健康診断の日程が決まりました。受診をお願いします。産業医面談の希望は人事部まで。\n" % name())
    benign("hr-notice", "HR notice addressed to a person (no result, no condition)", mime("健康診断のご案内", body))
# 社外秘 with every attachment encrypted: allowed by the company rule (003 §4)
zipbin = shutil.which("zip")
if zipbin:
    for j in range(4):
        d = tempfile.mkdtemp()
        try:
            with open(os.path.join(d, "plan.txt"), "w") as f:
                f.write("2027年度 事業計画（概要）\n")
            subprocess.run([zipbin, "-q", "-j", "-P", "pw%04d" % j, os.path.join(d, "plan.zip"),
                            os.path.join(d, "plan.txt")], check=True)
            with open(os.path.join(d, "plan.zip"), "rb") as f:
                zdata = f.read()
        finally:
            shutil.rmtree(d)
        benign("label-encrypted", "【社外秘】 subject, the only attachment encrypted",
               mime("【社外秘】事業計画", greet() + "\n事業計画を送付します。パスワードは別途お送りします。\n",
                    [("plan.zip", "application/zip", zdata)]))

with open(os.path.join(out, "labels.tsv"), "w", encoding="utf-8") as f:
    f.write("\n".join(labels) + "\n")
print(os.path.join(out, "labels.tsv"))
