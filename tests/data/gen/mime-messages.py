#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""mime-messages.py OUTDIR - writes the MIME walk's golden inputs
(mime-*.eml, expectations in tests/data/mime-*.expect): Japanese charsets,
transfer encodings, HTML alternatives, forwarded messages, file-name tricks,
a nesting bomb. Synthetic data only: My Numbers are made here with the
official check digit. Prints each path written."""
import base64
import os
import quopri
import sys


def mynumber(first11):
    """12-digit My Number: 11 digits + check digit (detection-spec)."""
    digits = [int(c) for c in first11]
    s = 0
    for n in range(1, 12):              # n-th digit from the right of the 11
        p = digits[11 - n]
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


MN1 = mynumber("40527183964")
MN2 = mynumber("23456789012")
MN3 = mynumber("34567890123")


def grouped(n, sep=" "):
    return sep.join([n[0:4], n[4:8], n[8:12]])


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def jis(text):
    return text.encode("iso2022_jp")


def hdr(subject_encoded, extra=""):
    return ("From: taro@example.co.jp\nTo: hanako@partner.example\n"
            "Date: Mon, 1 Jul 2024 10:00:00 +0900\nMessage-ID: <golden@example.co.jp>\n"
            "Subject: %s\nMIME-Version: 1.0\n%s" % (subject_encoded, extra)).encode()


def b_word(text, charset="ISO-2022-JP", codec="iso2022_jp"):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(codec)).decode())


def messages():
    m = {}
    # 1. ISO-2022-JP 7bit body with a keyword: the usual Japanese mail
    body = "お世話になっております。\n個人番号：%s\nよろしくお願いします。\n" % grouped(MN1)
    m["mime-iso2022jp"] = (hdr(b_word("ご依頼の件"),
                               "Content-Type: text/plain; charset=ISO-2022-JP\n"
                               "Content-Transfer-Encoding: 7bit\n\n") + jis(body))
    # 2. Shift_JIS 8bit, full-width digits with hyphens, mislabelled charset
    body = "マイナンバー　%s\n" % fullwidth(grouped(MN2, "-"))
    m["mime-sjis-mislabelled"] = (hdr("sjis",
                                      "Content-Type: text/plain; charset=iso-8859-1\n"
                                      "Content-Transfer-Encoding: 8bit\n\n")
                                  + body.encode("cp932") + b"\n")
    # 3. forwarded message (message/rfc822) holding the number
    inner = (b"From: jiro@example.co.jp\nSubject: " + b_word("転送元").encode()
             + b"\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
             b"Content-Transfer-Encoding: base64\n\n"
             + base64.encodebytes(("個人番号 %s\n" % MN3).encode()))
    m["mime-forwarded"] = (hdr("Fwd: fyi", "Content-Type: multipart/mixed; boundary=\"fw\"\n\n")
                           + b"--fw\nContent-Type: text/plain; charset=us-ascii\n\nSee below.\n"
                           b"--fw\nContent-Type: message/rfc822\n\n" + inner
                           + b"\n--fw--\n")
    # 4. quoted-printable HTML alternative; the number split by tags/entities
    html = ("<html><body><p>&#20491;&#20154;&#30058;&#21495;</p><p>%s&#x2D;<b>%s</b>-%s</p>"
            "<script>var x='0000';</script></body></html>\n" % (MN1[0:4], MN1[4:8], MN1[8:12]))
    m["mime-qp-html"] = (hdr("html", "Content-Type: multipart/alternative; boundary=alt\n\n")
                         + b"--alt\nContent-Type: text/plain; charset=UTF-8\n\nplease see the HTML part\n"
                         b"--alt\nContent-Type: text/html; charset=UTF-8\n"
                         b"Content-Transfer-Encoding: quoted-printable\n\n"
                         + quopri.encodestring(html.encode()) + b"\n--alt--\n")
    # 5. file name tricks: RFC 2231 continuations with an empty charset
    m["mime-filename-2231"] = (
        hdr("files", "Content-Type: multipart/mixed; boundary=b\n\n")
        + b"--b\nContent-Type: text/plain\n\nattached.\n"
        b"--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
        b"Content-Disposition: attachment; filename*0*=\"''attached%2E\"; filename*1*=\"%62\"; filename*2=at\n\n"
        + base64.encodebytes(b"@echo off\r\necho hello\r\n")
        + b"--b\nContent-Type: text/csv; name=\"" + b_word("顧客リスト.csv").encode() + b"\"\n"
        b"Content-Disposition: attachment; filename=\"" + b_word("顧客リスト.csv").encode() + b"\"\n"
        b"Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes("番号,備考\n1,なし\n".encode("cp932")) + b"--b--\n")
    # 6. nesting bomb: 1000 nested multiparts
    parts = [hdr("bomb")]
    for i in range(1000):
        parts.append(("Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i)).encode())
    parts.append(b"Content-Type: text/plain\n\ninnermost\n")
    for i in reversed(range(1000)):
        parts.append(("--n%d--\n" % i).encode())
    m["mime-nesting-bomb"] = b"".join(parts)
    # 7. a clean Japanese mail in EUC-JP without a charset label
    body = "来週の会議資料をお送りします。ご確認ください。\n"
    m["mime-eucjp-clean"] = (hdr(b_word("会議資料"), "Content-Type: text/plain\n"
                                 "Content-Transfer-Encoding: 8bit\n\n") + body.encode("euc_jp"))
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, data in messages().items():
        path = os.path.join(out, name + ".eml")
        with open(path, "wb") as f:
            f.write(data)
        print(path)


if __name__ == "__main__":
    main()
