#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-audit.py OUTDIR - golden inputs of the fail-open audit of the
containers (issue 9 part 2): content that sits in a package where no
reader looked. An OpenDocument text with a binary OLE object ("Object 1",
a compound file as LibreOffice stores objects it cannot convert: here an
Excel 97 workbook written by LibreOffice, tests/data/office-xls-roster.xls)
and with an OLE object of no kind the scanner reads; a docx whose text is
an altChunk (word/afchunk1.htm, imported by Word when it opens the file:
report generators use it); SmartArt text (ppt/diagrams/data1.xml) in a
pptx; a custom XML data part (customXml/item1.xml) in an xlsx; a PowerPoint 97
file with an Excel 97 workbook embedded as an OLE object (ExOleObjStg).
Expectations: tests/data/NAME.expect. Synthetic data only (My Numbers with
the official check digit). Prints each path written."""
import io
import struct
import zlib
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cfb_write import cfb  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data)
    print(p)


def mynumber(first11):
    """12-digit My Number: 11 digits + the official check digit."""
    d = [int(c) for c in first11]
    s = sum(d[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


MN = [mynumber("%011d" % (31415926535 + 1013 * i)) for i in range(8)]

# --- OpenDocument with binary OLE objects --------------------------------------
ODT_MIME = "application/vnd.oasis.opendocument.text"
OFFICE = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def odt(objects):
    """objects: name -> bytes of a binary OLE object."""
    body = "".join('<text:p><draw:frame><draw:object-ole xlink:href="./%s"/></draw:frame></text:p>' % n
                   for n in objects)
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                % ODT_MIME +
                "".join('<manifest:file-entry manifest:full-path="%s" '
                        'manifest:media-type="application/vnd.sun.star.oleobject"/>' % n for n in objects) +
                '</manifest:manifest>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME)
        z.writestr("content.xml", '<office:document-content %s><office:body><office:text>'
                   '<text:p>表を添付します</text:p>%s</office:text></office:body>'
                   '</office:document-content>' % (OFFICE, body))
        z.writestr("META-INF/manifest.xml", manifest)
        for n, d in objects.items():
            z.writestr(n, d)
    return b.getvalue()


with open(os.path.join(DATA, "office-xls-roster.xls"), "rb") as f:
    XLS = f.read()
put("file-odt-ole.odt", odt({"Object 1": XLS}))
put("file-odt-ole-unknown.odt",
    odt({"Object 1": cfb({"Contents": ("個人番号 %s" % MN[0]).encode("utf-16-le")})}))

# --- OOXML parts no reader looked at ----------------------------------------------
CTX = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'


def package(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CTX)
        for k, v in parts.items():
            z.writestr(k, v)
    return b.getvalue()


# altChunk: Word imports word/afchunk1.htm where w:altChunk stands
put("file-docx-altchunk.docx", package({
    "word/document.xml": '<w:document %s %s><w:body><w:p><w:r><w:t>名簿</w:t></w:r></w:p>'
                         '<w:altChunk r:id="rId9"/></w:body></w:document>' % (WNS, RNS),
    "word/_rels/document.xml.rels": REL % '<Relationship Id="rId9" TargetMode="Internal" Target="afchunk1.htm" '
                                          'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                          'relationships/aFChunk"/>',
    "word/afchunk1.htm": ('<html><head><meta charset="utf-8"></head><body><table><tr><td>山田 太郎</td>'
                          '<td>個人番号 %s</td></tr></table></body></html>' % MN[1]).encode("utf-8"),
}))

# SmartArt: the text lives in the diagram's data model, the slide only points at it
DGM = ('xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
PML = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
put("file-pptx-smartart.pptx", package({
    "ppt/presentation.xml": '<p:presentation %s/>' % PML,
    "ppt/slides/slide1.xml": '<p:sld %s><p:cSld><p:spTree/></p:cSld></p:sld>' % PML,
    "ppt/diagrams/data1.xml": '<dgm:dataModel %s><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:p><a:r>'
                              '<a:t>担当 個人番号 %s</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst>'
                              '</dgm:dataModel>' % (DGM, MN[2]),
}))

# custom XML data part (data-bound content, SharePoint columns)
SML = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
put("file-xlsx-customxml.xlsx", package({
    "xl/workbook.xml": '<workbook %s %s><sheets><sheet name="一覧" sheetId="1" r:id="rId1"/></sheets>'
                       '</workbook>' % (SML, RNS),
    "xl/_rels/workbook.xml.rels": REL % '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/>',
    "xl/worksheets/sheet1.xml": '<worksheet %s><sheetData/></worksheet>' % SML,
    "customXml/item1.xml": '<社員><氏名>山田 太郎</氏名><個人番号>%s</個人番号></社員>' % MN[3],
    "customXml/itemProps1.xml": '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
                                '2006/customXml" ds:itemID="{00000000-0000-0000-0000-000000000001}"/>',
}))

# --- a PowerPoint 97 presentation with an embedded Excel 97 object --------------
# [MS-PPT] records: 8-byte header (recVer | recInstance << 4, recType, recLen);
# ExOleObjStg (0x1011) with recInstance 1 holds the object's compound file
# zlib-compressed after its 4-byte decompressed size.


def rec(ver, inst, typ, body):
    return struct.pack("<HHI", ver | inst << 4, typ, len(body)) + body


slide_text = rec(0, 0, 0x0FA0, "添付の表のとおり".encode("utf-16-le"))
ole = rec(0, 1, 0x1011, struct.pack("<I", len(XLS)) + zlib.compress(XLS))
doc = rec(0xF, 0, 0x03E8, slide_text + rec(0xF, 0, 0x0409, ole))
put("file-ppt-ole.ppt", cfb({"PowerPoint Document": doc, "Current User": b"\0" * 20}))
