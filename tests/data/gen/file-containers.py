#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-containers.py OUTDIR - writes the container test files (synthetic
data only, python3 stdlib) for tests/data/file-*.expect and t-containers:
OOXML (docx/xlsx/pptx with a custom property Classification=社外秘), a
CP932 CSV, plain and encrypted PDFs, an encrypted-OOXML CFB, nested and
truncated zips, a zip bomb member, a PE executable named .pdf, a double
extension and an RLO name. Prints the paths written."""
import io
import os
import struct
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
written = []


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data)
    written.append(p)


def mynumber(base11):
    """12-digit My Number with the official check digit (synthetic)."""
    d = [int(c) for c in base11]
    s = 0
    for n in range(1, 12):
        p = d[11 - n]
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    return base11 + str(0 if r <= 1 else 11 - r)


CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="%s" ContentType="%s"/></Types>')
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>四半期報告</dc:title>'
        '<dc:creator>Test User</dc:creator></cp:coreProperties>')
CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
          '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Classification">'
          '<vt:lpwstr>社外秘</vt:lpwstr></property></Properties>')


def ooxml(parts, main, ctype):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT % (main, ctype))
        z.writestr("docProps/core.xml", CORE)
        z.writestr("docProps/custom.xml", CUSTOM)
        for n, t in parts.items():
            z.writestr(n, t)
    return b.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
docx = ooxml({"word/document.xml":
              '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>'
              '<w:p><w:r><w:t>取引先一覧の送付について</w:t></w:r></w:p>'
              '<w:p><w:r><w:t xml:space="preserve">担当: </w:t></w:r><w:r><w:t>営業部</w:t></w:r></w:p>'
              '</w:body></w:document>' % W},
             "/word/document.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
put("file-docx.docx", docx)

S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
nums = [mynumber("52817364019"), mynumber("73920461835"), mynumber("61048273950")]
sst = ['氏名', 'マイナンバー', '山田 太郎', '佐藤 花子', '鈴木 一郎']
rows = ''.join('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="C%d"><v>%s</v></c></row>'
               % (i + 2, i + 2, 2 + i, i + 2, nums[i]) for i in range(3))
xlsx = ooxml({
    "xl/workbook.xml": '<workbook %s %s><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>' % (S, R),
    "xl/_rels/workbook.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
    "xl/sharedStrings.xml": '<sst %s count="5">%s</sst>' % (S, ''.join('<si><t>%s</t></si>' % s for s in sst)),
    "xl/worksheets/sheet1.xml":
        '<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>%s'
        '</sheetData></worksheet>' % (S, rows),
}, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
put("file-xlsx.xlsx", xlsx)

A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
pptx = ooxml({
    "ppt/presentation.xml": '<p:presentation %s/>' % A,
    "ppt/slides/slide2.xml": '<p:sld %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>二枚目</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % A,
    "ppt/slides/slide1.xml": '<p:sld %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>極秘 事業計画</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % A,
}, "/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
put("file-pptx.pptx", pptx)

# CSV in CP932 with a header row; one quoted cell holds a comma and a line break
csv = "氏名,マイナンバー,備考\r\n" + "".join(
    '%s,%s,"東京都, 港区\r\n在住"\r\n' % (n, m) for n, m in zip(sst[2:], nums))
put("file-cp932.csv", csv.encode("cp932"))


def pdf(extra_trailer, extra_objs):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            "<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hello) Tj ET\nendstream"] + extra_objs
    b = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(b))
        b += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o.encode())
    x = len(b)
    b += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        b += b"%010d 00000 n \n" % o
    b += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, extra_trailer.encode(), x)
    return b


put("file-pdf-plain.pdf", pdf("", ["<< /Note (mentions /Encrypt in a string) >>"]))
put("file-pdf-enc.pdf", pdf("/Encrypt 6 0 R /ID [<01020304><01020304>] ",
                            ["<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
                             "/O <%s> /U <%s> >>" % ("00" * 32, "00" * 32)]))


def cfb(streams):
    """Minimal CFB v3 (512-byte sectors) whose streams are all >= 4096
    bytes (no mini stream). streams: list of (name, bytes)."""
    ss = 512
    ENDC, FREE, FATS = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [FATSECT := FATS, ENDC]          # sector 0: FAT, sector 1: directory
    data = b""
    starts = []
    for _, s in streams:
        s = s + b"\0" * (-len(s) % ss)
        n = len(s) // ss
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [ENDC]
        data += s
    assert len(fat) <= ss // 4
    fat += [FREE] * (ss // 4 - len(fat))

    def entry(name, typ, start, size, child=FREE, right=FREE):
        n = (name + "\0").encode("utf-16-le")
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1) +
                struct.pack("<III", FREE, right, child) + b"\0" * 16 + b"\0" * 4 +
                b"\0" * 16 + struct.pack("<IQ", start, size))

    d = entry("Root Entry", 5, ENDC, 0, child=1)
    for i, (name, s) in enumerate(streams):
        d += entry(name, 2, starts[i], len(s), right=(i + 2 if i + 1 < len(streams) else FREE))
    d = d.ljust(ss, b"\0")
    hdr = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) +
           b"\0" * 6 + struct.pack("<IIIIIIIIII", 0, 1, 1, 0, 4096, ENDC, 0, ENDC, 0, 0))
    hdr += struct.pack("<I", FREE) * 108
    assert len(hdr) == 512
    return hdr + struct.pack("<%dI" % (ss // 4), *fat) + d + data


info = struct.pack("<HHI", 4, 2, 0x24) + bytes(range(256)) * 16
pkg = struct.pack("<Q", 5000) + bytes((i * 37) & 255 for i in range(8192))
put("file-ooxml-enc.docx", cfb([("EncryptionInfo", info), ("EncryptedPackage", pkg)]))


def zbytes(members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for n, t in members:
            z.writestr(n, t)
    return b.getvalue()


inner = zbytes([("deep/memo.txt", "内部メモ テキスト\n")])
put("file-nested.zip", zbytes([("inner.zip", inner), ("readme.txt", "readme\n"),
                               ("取引先/一覧.csv", "会社名,担当\nテスト商事,営業部\n")]))
put("file-bomb.zip", zbytes([("zeros.bin", b"\0" * (20 * 1024 * 1024))]))
whole = zbytes([("a.txt", "a" * 5000 + "テキスト"), ("b.txt", "b" * 5000)])
put("file-truncated.zip", whole[: len(whole) // 2])

# a minimal PE32 header named .pdf: true type says executable
pe = bytearray(1024)
pe[0:2] = b"MZ"
struct.pack_into("<I", pe, 0x3C, 0x80)
pe[0x80:0x84] = b"PE\0\0"
struct.pack_into("<HHIIIHH", pe, 0x84, 0x14C, 1, 0, 0, 0, 0xE0, 0x0102)
struct.pack_into("<H", pe, 0x98, 0x10B)
struct.pack_into("<H", pe, 0x98 + 68, 3)        # subsystem: console
put("file-exe.pdf", bytes(pe))
put("file-double.pdf.exe", bytes(pe))
put("file-rlo.\u202egpj.scr", b"plain text pretending\n")
put("file-padding.txt                              .bat", b"@echo off\r\necho hi\r\n")

for p in written:
    print(p)
