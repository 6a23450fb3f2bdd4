#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-formats.py OUTDIR - writes the golden inputs of the format and
fail-open work (issue 9) that python3's standard library makes exactly as
the real writers do: UTF-16 text (Excel's "Unicode text" export is UTF-16LE
with a BOM and tabs; Notepad's "Unicode" is UTF-16LE with a BOM), text with
NUL bytes, HTML deeper than libxml2's limit, an unclosed comment, a
multipart whose header boundary differs from the body's, forwarded messages
in odd wrappings, lone gzip files. Expectations: tests/data/NAME.expect.
Synthetic data only (My Numbers with the official check digit, addresses
at example.co.jp / partner.example). Prints each path written."""
import base64
import gzip
import io
import os
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data)
    print(p)


def mynumber(first11):
    """12-digit My Number: 11 digits + the official check digit."""
    d = [int(c) for c in first11]
    s = 0
    for n in range(1, 12):
        p = d[11 - n]
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


MN = [mynumber("%011d" % (31415926535 + 7919 * i)) for i in range(12)]
NAMES = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太", "伊藤 直子"]


def roster(sep, n=5):
    rows = [sep.join(["氏名", "電話番号", "メールアドレス", "マイナンバー"])]
    for i in range(n):
        rows.append(sep.join([NAMES[i], "03-5555-%04d" % (1200 + i),
                              "user%d@partner.example" % i, MN[i]]))
    return "\r\n".join(rows) + "\r\n"


def hdr(subject, extra):
    return ("From: taro@example.co.jp\r\nTo: hanako@partner.example\r\n"
            "Date: Mon, 1 Jul 2024 10:00:00 +0900\r\nMessage-ID: <fmt@example.co.jp>\r\n"
            "Subject: %s\r\nMIME-Version: 1.0\r\n%s" % (subject, extra)).encode()


def b64(data):
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


# --- UTF-16 -------------------------------------------------------------------
# Excel 「Unicode テキスト」: UTF-16LE, BOM, tab-separated, CRLF
put("file-utf16-excel.txt", b"\xff\xfe" + roster("\t").encode("utf-16-le"))
# UTF-16LE without a BOM (a converter's output), prose
put("file-utf16-nobom.txt", ("お問い合わせの件、個人番号は %s です。\r\n" % MN[5]).encode("utf-16-le"))
# UTF-16BE CSV with a BOM
put("file-utf16be.csv", b"\xfe\xff" + roster(",").encode("utf-16-be"))
# a UTF-16 text body, declared charset=utf-16, base64
body = ("いつもお世話になっております。\r\nマイナンバー: %s\r\n" % MN[6]).encode("utf-16")
put("mime-utf16-body.eml", hdr("utf-16 body", "Content-Type: text/plain; charset=utf-16\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n") + b64(body))
# near miss: binary data with NULs on both byte parities is not UTF-16 text
put("file-nul-binary.bin", bytes((i * 37 + (i >> 3)) % 7 if i % 3 else 0 for i in range(4096)) +
    ("個人番号 %s" % MN[7]).encode("utf-16-le")[1:])

# --- NUL bytes in a text body ---------------------------------------------------
text = ("個人番号：%s\r\nよろしくお願いします。\r\n" % MN[8]).encode("utf-8")
put("mime-nul-body.eml", hdr("nul", "Content-Type: text/plain; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: base64\r\n\r\n") +
    b64(b"\x00\x00" + text.replace(b"\r\n", b"\x00\r\n") + b"\x00" * 40))
# NULs between every few characters (not UTF-16): read without them
padded = b"".join(bytes([c]) + (b"\x00" if i % 2 else b"") for i, c in
                  enumerate(("My Number %s of the applicant\r\n" % MN[9]).encode()))
put("mime-nul-padded.eml", hdr("nul padded", "Content-Type: text/plain; charset=us-ascii\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n") + b64(padded))

# --- HTML beyond the parser's depth, unclosed comment ----------------------------
deep = "<div>" * 3000 + "返信" + "</div>" * 3000
html = ("<html><body>%s<p>個人番号 %s</p></body></html>" % (deep, MN[10])).encode()
put("mime-html-deep.eml", hdr("deep html", "Content-Type: text/html; charset=utf-8\r\n"
                              "Content-Transfer-Encoding: base64\r\n\r\n") + b64(html))
html = ("<html><body><p>ご確認ください</p><!-- 下書き\r\n個人番号 %s\r\n</body></html>"
        % MN[11]).encode()
put("mime-html-comment.eml", hdr("open comment", "Content-Type: text/html; charset=utf-8\r\n"
                                 "Content-Transfer-Encoding: base64\r\n\r\n") + b64(html))

# --- a multipart whose header boundary is not the one in the body ------------------
csv = roster(",").encode("utf-8")
put("mime-boundary-mismatch.eml",
    hdr("boundary", 'Content-Type: multipart/mixed; boundary="declared-XYZ"\r\n\r\n') +
    b"--actual-ABC\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplease see the list\r\n"
    b"--actual-ABC\r\nContent-Type: application/octet-stream; name=list.csv\r\n"
    b"Content-Disposition: attachment; filename=list.csv\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n" + b64(csv) + b"--actual-ABC--\r\n")

# --- forwarded mail everywhere ------------------------------------------------------
inner = (hdr("転送: 名簿", "Content-Type: text/plain; charset=utf-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\n\r\n") +
         ("顧客の個人番号 %s を送ります。\r\n" % MN[0]).encode())
# an .eml attached as application/octet-stream
put("mime-eml-octet.eml",
    hdr("fwd", 'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n') +
    b"--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b1\r\n"
    b"Content-Type: application/octet-stream; name=fwd.eml\r\n"
    b"Content-Disposition: attachment; filename=fwd.eml\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n" + b64(inner) + b"--b1--\r\n")
# an .eml inside a zip
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("old/fwd.eml", inner)
put("file-eml-in-zip.zip", zb.getvalue())
# message/rfc822 with a base64 transfer encoding
put("mime-rfc822-base64.eml",
    hdr("fwd b64", 'Content-Type: multipart/mixed; boundary="b2"\r\n\r\n') +
    b"--b2\r\nContent-Type: text/plain\r\n\r\nforwarded\r\n--b2\r\n"
    b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(inner) +
    b"--b2--\r\n")

# --- lone compressed files ------------------------------------------------------------
# a gzip whose content starts with 512 NUL bytes (libarchive took it for an empty tar)
put("file-gz-nul.gz", gzip.compress(b"\x00" * 512 + roster(",").encode("utf-8"), mtime=0))
# a lone .gz of a CSV (not a tar)
put("file-lone.csv.gz", gzip.compress(roster(",").encode("utf-8"), mtime=0))

# --- vCard 2.1 as Japanese phones export it: CHARSET=SHIFT_JIS, quoted-printable
def qp(b):
    return "".join("=%02X" % c for c in b)


cards = []
for i in range(4):
    name = NAMES[i].encode("cp932")
    note = ("個人番号 %s" % MN[i]).encode("cp932")
    cards.append("BEGIN:VCARD\r\nVERSION:2.1\r\n"
                 "N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:%s\r\n"
                 "TEL;CELL:090-1234-%04d\r\n"
                 "EMAIL;INTERNET:p%d@partner.example\r\n"
                 "NOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:%s=\r\n%s\r\n"
                 "END:VCARD\r\n" % (qp(name), 5600 + i, i, qp(note[:6]), qp(note[6:])))
put("file-vcard21.vcf", "".join(cards).encode("ascii"))
# iCalendar with folded lines and escaped separators, attendee CN
ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\nBEGIN:VEVENT\r\nUID:1@example.co.jp\r\n"
       "DTSTART:20240701T010000Z\r\nSUMMARY:面談\\, 書類確認\\; 持参物\r\n"
       "ATTENDEE;CN=\"高橋 美咲\":mailto:misaki@partner.example\r\n"
       "DESCRIPTION:本人確認のため\\n個人番号 %s\r\n %s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
       % (MN[4][:6], MN[4][6:]))
put("file-event.ics", ics.encode("utf-8"))

# --- OOXML parts outside the main text (item 6), built with zipfile like Office lays them out
CTX = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
SML = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx(cells, extra=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CTX)
        z.writestr("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="一覧" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>' % (SML, RNS))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData>%s</sheetData></worksheet>'
                   % (SML, "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>'
                                   % (i + 1, i + 1, v) for i, v in enumerate(cells))))
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return b.getvalue()


# pivot cache records hold the source rows; a text box in a drawing
put("file-xlsx-extras.xlsx", xlsx(["集計"], {
    "xl/pivotCache/pivotCacheDefinition1.xml":
        '<pivotCacheDefinition %s><cacheFields count="1"><cacheField name="番号"><sharedItems>'
        '<s v="個人番号 %s"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>' % (SML, MN[0]),
    "xl/pivotCache/pivotCacheRecords1.xml":
        '<pivotCacheRecords %s count="1"><r><s v="マイナンバー %s"/></r></pivotCacheRecords>' % (SML, MN[1]),
    "xl/drawings/drawing1.xml":
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:sp><xdr:txBody><a:p><a:r>'
        '<a:t>メモ 個人番号 %s</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>' % MN[2]}))

WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CTX)
    z.writestr("word/document.xml", '<w:document %s><w:body><w:p><w:r><w:t>添付の表をご覧ください</w:t>'
               '</w:r></w:p></w:body></w:document>' % WNS)
    z.writestr("word/header1.xml", '<w:hdr %s xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:r><w:pict>'
               '<v:shape><v:textpath string="社外秘"/></v:shape></w:pict></w:r></w:p></w:hdr>' % WNS)
    z.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", xlsx(["マイナンバー", MN[3]]))
put("file-docx-embedded.docx", b.getvalue())
