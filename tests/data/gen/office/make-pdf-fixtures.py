#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make-pdf-fixtures.py OUTDIR - the committed PDF fixtures of tests/data
(issue 9 item 2), made by real writers: python3-reportlab (ASCII85 +
Flate streams, a Japanese CID font without embedding, digits placed one
by one as form tools do, an AcroForm text field, a text annotation),
ghostscript ps2pdf, and qpdf (an owner password only: the empty user
password opens it). Run by hand (Debian's /usr/bin/python3 for
reportlab) and commit the output; the test command does not need them
installed. Synthetic data only."""
import os
import subprocess
import sys
import tempfile

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
tmp = tempfile.mkdtemp(prefix="sg-pdf-")


def mynumber(first11):
    d = [int(c) for c in first11]
    s = sum(d[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


MN = [mynumber("%011d" % (14159265358 + 3571 * i)) for i in range(8)]

from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))


def boxes(c, x, y, digits, font, size):
    """digits placed one by one, each at its own position (源泉徴収票-style)"""
    w = pdfmetrics.stringWidth("0", font, size)
    for i, ch in enumerate(digits):
        c.setFont(font, size)
        c.drawString(x + i * w, y, ch)


p = os.path.join(out, "pdf-reportlab-form.pdf")
c = canvas.Canvas(p)                       # ReportLab: ASCII85 + Flate by default
c.setFont("HeiseiKakuGo-W5", 12)
c.drawString(72, 760, "給与所得の源泉徴収票")
c.drawString(72, 730, "個人番号")
boxes(c, 150, 730, MN[0], "Helvetica", 12)          # one Td per digit, adjacent
c.setFont("HeiseiKakuGo-W5", 12)
c.drawString(72, 700, "氏名 山田 太郎")
boxes(c, 150, 670, "0312345678", "Helvetica", 12)
c.acroForm.textfield(name="mynumber", value="My Number %s" % MN[1], x=72, y=600, width=300,
                     height=20, fontName="Helvetica")
c.textAnnotation("確認メモ 個人番号 %s" % MN[2], Rect=(400, 700, 420, 720))
c.showPage()
c.save()
print(p)

# the same page for the other writers
ps = os.path.join(tmp, "a.ps")
with open(ps, "w") as f:
    f.write("%%!PS\n/Helvetica findfont 12 scalefont setfont\n72 700 moveto (My Number %s) show\n"
            "showpage\n" % MN[3])
p = os.path.join(out, "pdf-gs.pdf")
subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", p, ps], check=True)
print(p)
src = os.path.join(tmp, "plain.pdf")
c = canvas.Canvas(src)
c.setFont("HeiseiKakuGo-W5", 12)
c.drawString(72, 760, "個人番号 %s" % MN[4])
c.save()
for bits, name in (("128", "pdf-owner-aes128.pdf"), ("256", "pdf-owner-aes256.pdf"),
                   ("40", "pdf-owner-rc4.pdf")):
    p = os.path.join(out, name)
    extra = {"128": ["--use-aes=y", "--print=none"], "256": ["--print=none"], "40": ["--print=n"]}[bits]
    subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner-secret", bits]
                   + extra + ["--", src, p], check=True)
    print(p)
p = os.path.join(out, "pdf-user-pw.pdf")
subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", src, p], check=True)
print(p)
