#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-pdf.py OUTDIR - PDFs with text for the golden tests (synthetic data,
python3 stdlib only); prints the paths written:
  file-pdf-flate.pdf  a simple font (Helvetica, WinAnsi), the page content in
                      a FlateDecode stream: "My Number" and two generated
                      My Numbers (one with hyphens, one in a TJ array split
                      into pieces);
  file-pdf-cid.pdf    a Japanese-style PDF: a Type0 font with Identity-H
                      encoding and a ToUnicode CMap (bfchar + bfrange), the
                      font dictionaries inside an object stream (/ObjStm),
                      the content with 2-byte glyph ids in hex strings, the
                      content stream's /Length an indirect reference;
  file-pdf-nocmap.pdf the same CID text without a ToUnicode map: no text can
                      be read (and nothing is found)."""
import os
import sys
import zlib

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)


def mynumber(base11):
    """12-digit My Number with the official check digit (synthetic)."""
    w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    r = sum(int(c) * k for c, k in zip(base11, w)) % 11
    return base11 + str(0 if r <= 1 else 11 - r)


def build(objs, root=1):
    """objs: list of bytes (object bodies, numbered from 1)."""
    b = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(b))
        b += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    x = len(b)
    b += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        b += b"%010d 00000 n \n" % o
    b += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, x)
    return bytes(b)


def stream(dict_extra, data, flate=True):
    if flate:
        data = zlib.compress(data)
        dict_extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), dict_extra) + data + b"\nendstream"


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data)
    print(p)


n1, n2 = mynumber("41852736901"), mynumber("80317462590")
content = (b"BT /F1 11 Tf 72 720 Td (Employee record \\(synthetic\\)) Tj\n"
           b"0 -16 Td (My Number: %s-%s-%s) Tj\n"
           b"0 -16 Td [(My ) -50 (Number: ) 20 (%s) (%s)] TJ ET\n"
           % (n1[:4].encode(), n1[4:8].encode(), n1[8:].encode(),
              n2[:6].encode(), n2[6:].encode()))
put("file-pdf-flate.pdf", build([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    stream(b"", content),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
]))

# CID font: glyph ids 1..4 = 個人番号, 5 = ：, 16..25 = digits 0-9 (bfrange)
text = "個人番号："
gid = {ch: i + 1 for i, ch in enumerate(text)}
n3 = mynumber("62739158403")


def glyphs(s):
    return b"<" + b"".join(b"%04X" % (gid[c] if c in gid else 16 + int(c)) for c in s) + b">"


cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"%d beginbfchar\n" % len(text)
        + b"".join(b"<%04X> <%s>\n" % (gid[c], c.encode("utf-16-be").hex().upper().encode())
                   for c in text)
        + b"endbfchar\n1 beginbfrange\n<0010> <0019> <0030>\nendbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
cid_content = (b"BT /F1 10.5 Tf 1 0 0 1 72 760 Tm %s Tj\n0 -14 Td [%s -120 %s] TJ ET\n"
               % (glyphs(text), glyphs(n3[:4]), glyphs(n3[4:])))
fonts = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+MS-Mincho /Encoding /Identity-H "
         b"/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
         b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+MS-Mincho "
         b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")


def objstm(pairs):
    head, body = b"", b""
    for num, o in pairs:
        head += b"%d %d " % (num, len(body))
        body += o + b"\n"
    data = zlib.compress(head + body)
    return (b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
            % (len(pairs), len(head), len(data)) + data + b"\nendstream")


def cid_pdf(with_cmap):
    c = zlib.compress(cid_content)
    f5 = fonts[0] if with_cmap else fonts[0].replace(b" /ToUnicode 8 0 R", b"")
    return build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 9 0 R /Filter /FlateDecode >>\nstream\n" + c + b"\nendstream",
        b"null",
        objstm([(5, f5), (7, fonts[1])]),
        b"null",
        stream(b"", cmap),
        b"%d" % len(c),
    ])


put("file-pdf-cid.pdf", cid_pdf(True))
put("file-pdf-nocmap.pdf", cid_pdf(False))
