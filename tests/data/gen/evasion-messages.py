#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""evasion-messages.py OUTDIR - MIME evasion cases for the golden tests
(tests/data/evasion-*.expect; see tests/data/README.md): odd boundaries,
deep message/rfc822, encoded file names, zip in zip, mislabelled types,
transfer-encoding mismatch, message/partial, duplicate Content-Type,
uuencode, TNEF. Synthetic data only: My Numbers are generated here with
the official check digit. Prints each path written."""
import base64
import io
import os
import struct
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)


def mynumber(base11):
    """12-digit My Number: weights 6,5,4,3,2,7,6,5,4,3,2 on d1..d11."""
    w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    r = sum(int(c) * k for c, k in zip(base11, w)) % 11
    return base11 + str(0 if r <= 1 else 11 - r)


NUMS = [mynumber(b) for b in ("39418256071", "70526183942", "58203917465")]
MN_CSV = ("氏名,個人番号\n" + "".join("社員%02d,%s\n" % (i + 1, n) for i, n in enumerate(NUMS))).encode()
MN_TEXT = "個人番号：%s\n" % NUMS[0]


def customers(n=30):
    rows = ["氏名,電話番号,メール,生年月日"]
    for i in range(n):
        rows.append("顧客%03d,090-%04d-%04d,k%03d@example.jp,1979/%02d/%02d"
                    % (i, 3000 + i, 4000 + i, i, 1 + i % 12, 1 + i % 28))
    return ("\n".join(rows) + "\n").encode()


def hdr(subject, extra):
    return ("From: taro@example.co.jp\r\nTo: hanako@partner.example\r\n"
            "Date: Mon, 1 Jul 2024 10:00:00 +0900\r\nMessage-ID: <evasion@example.co.jp>\r\n"
            "Subject: %s\r\nMIME-Version: 1.0\r\n%s" % (subject, extra)).encode()


def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\r\n"


def text_part(text):
    return ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + text + "\r\n")


def att_part(ctype, name_params, data):
    return ("Content-Type: %s%s\r\nContent-Disposition: attachment%s\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n%s"
            % (ctype, name_params[0], name_params[1], b64(data)))


def multipart(boundary, parts, preamble="", final=True, bparam=None):
    s = preamble
    for p in parts:
        s += "--%s\r\n%s" % (boundary, p)
    if final:
        s += "--%s--\r\n" % boundary
    return s


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    print(p)


def named(n):
    return ('; name="%s"' % n, '; filename="%s"' % n)


def zipped(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members:
            z.writestr(n, d)
    return b.getvalue()


def mixed(subject, parts, boundary="b1", preamble="", final=True, btext=None):
    ct = 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % (btext or boundary)
    return hdr(subject, ct) + multipart(boundary, parts, preamble, final).encode()


csv_att = att_part("text/csv", named("list.csv"), MN_CSV)

# --- odd boundaries -----------------------------------------------------------
odd = "odd boundary 'with' (spaces) =_" + "x" * 30
put("evasion-boundary-odd.eml", mixed("boundary", [text_part("資料です。"), csv_att], odd,
                                      preamble="This is MIME.\r\n--fake-boundary\r\n"
                                               "Content-Type: text/plain\r\n\r\nnothing here\r\n"))
put("evasion-boundary-nofinal.eml", mixed("no final boundary", [text_part("資料です。"), csv_att],
                                          final=False))

# --- message/rfc822 three deep ------------------------------------------------
inner = hdr("innermost", "") + b"Content-Type: text/plain; charset=UTF-8\r\n\r\n" + MN_TEXT.encode()
for level in (3, 2, 1):
    inner = mixed("level %d" % level, [
        text_part("転送します (%d)" % level),
        "Content-Type: message/rfc822\r\n\r\n" + inner.decode() + "\r\n"], "lv%d" % level)
put("evasion-rfc822-deep.eml", inner)

# --- encoded file names -------------------------------------------------------
jisname = "=?ISO-2022-JP?B?%s?=" % base64.b64encode("顧客番号.csv".encode("iso2022_jp")).decode()
put("evasion-2047-filename.eml", mixed("list", [
    text_part("送ります。"), att_part("application/octet-stream", ('; name="%s"' % jisname, ""),
                                       MN_CSV)]))
put("evasion-2231-filename.eml", mixed("list", [
    text_part("送ります。"),
    att_part("application/octet-stream",
             ("", "; filename*0*=UTF-8''%E7%A4%BE%E5%93%A1; filename*1*=%E5%90%8D%E7%B0%BF; "
                  "filename*2=.csv"), MN_CSV)]))

# --- archives and mislabelled types ---------------------------------------------
zz = zipped([("inner.zip", zipped([("customers/顧客一覧.csv", customers())]))])
put("evasion-zip-in-zip.eml", mixed("zip", [text_part("送ります。"),
                                            att_part("application/zip", named("outer.zip"), zz)]))
zmn = zipped([("list.csv", MN_CSV)])
put("evasion-zip-as-text.eml", mixed("text", [
    text_part("送ります。"),
    att_part("text/plain; charset=UTF-8", named("notes.txt"), zmn)]))
put("evasion-zip-as-body.eml", mixed("text", [
    text_part("送ります。"),
    "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + b64(zmn)]))


def xlsx():
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rows = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c>'
                   '<c r="B%d"><v>%s</v></c></row>' % (i + 2, i + 2, "社員%d" % i, i + 2, n)
                   for i, n in enumerate(NUMS))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>氏名</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>マイナンバー</t></is></c></row>%s'
             '</sheetData></worksheet>' % (ns, rows))
    R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns='
         '"http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
         'ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.'
         'openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
         'org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>' % R),
        ("xl/workbook.xml", '<?xml version="1.0"?><workbook %s xmlns:r="%s"><sheets><sheet name='
         '"S1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, R)),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet"'
         ' Target="worksheets/sheet1.xml"/></Relationships>' % R),
        ("xl/worksheets/sheet1.xml", sheet)])


put("evasion-xlsx-as-txt.eml", mixed("memo", [text_part("メモです。"),
                                              att_part("text/plain", named("memo.txt"), xlsx())]))
put("evasion-octet-csv.eml", mixed("data", [text_part("データです。"),
                                            att_part("application/octet-stream", named("data.bin"),
                                                     MN_CSV)]))

# --- transfer encoding mismatch: base64 declared, 8bit content ---------------------
put("evasion-cte-mismatch.eml", hdr("cte", "Content-Type: text/plain; charset=UTF-8\r\n"
                                           "Content-Transfer-Encoding: base64\r\n\r\n")
    + ("社員の" + MN_TEXT + "以上です。\r\n").encode())

# --- message/partial, duplicate Content-Type ----------------------------------------
put("evasion-partial.eml", hdr("partial 1/2", 'Content-Type: message/partial; id="p1@example.co.jp"; '
                                              "number=1; total=2\r\n\r\n")
    + hdr("inner", "Content-Type: text/plain; charset=UTF-8\r\n\r\n") + MN_TEXT[:8].encode())
put("evasion-dup-ctype.eml", hdr("dup", "Content-Type: text/plain; charset=UTF-8\r\n"
                                        'Content-Type: multipart/mixed; boundary="d1"\r\n\r\n')
    + multipart("d1", [text_part("本文"), csv_att]).encode())


# --- uuencoded attachment in a text body -----------------------------------------------
def uuencode(name, data):
    s = "begin 644 %s\r\n" % name
    for i in range(0, len(data), 45):
        chunk = data[i:i + 45]
        s += __import__("binascii").b2a_uu(chunk).decode().rstrip("\n") + "\r\n"
    return s + "`\r\nend\r\n"


put("evasion-uuencode.eml", hdr("uu", "Content-Type: text/plain; charset=UTF-8\r\n"
                                      "Content-Transfer-Encoding: 8bit\r\n\r\n")
    + ("リストを送ります。\r\n\r\n" + uuencode("list.csv", MN_CSV)).encode())


# --- TNEF (winmail.dat) with a CSV inside ------------------------------------------------
def tnef(name, data):
    def attr(level, aid, payload):
        return (struct.pack("<BII", level, aid, len(payload)) + payload
                + struct.pack("<H", sum(payload) & 0xFFFF))
    t = struct.pack("<IH", 0x223E9F78, 0x0001)
    t += attr(1, 0x00089006, struct.pack("<I", 0x00010000))        # attTnefVersion
    t += attr(2, 0x00069002, b"\x01" + b"\x00" * 13)                 # attAttachRendData
    t += attr(2, 0x00018010, name.encode() + b"\x00")                # attAttachTitle
    t += attr(2, 0x0006800F, data)                                   # attAttachData
    return t


put("evasion-tnef.eml", mixed("tnef", [text_part("添付を参照してください。"),
                                       att_part("application/ms-tnef", named("winmail.dat"),
                                                tnef("list.csv", MN_CSV))]))
