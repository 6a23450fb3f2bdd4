#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make-fixtures.py OUTDIR - makes the committed office fixtures of
tests/data (issue 9) with the real writers: python3-openpyxl, python3-xlwt,
python3-docx, python3-odf (odfpy), python3-reportlab, python3-vobject,
python3-icalendar, ghostscript, qpdf and LibreOffice headless
(soffice --convert-to doc|xls|ppt|odt|ods|odp|rtf|pdf). Not run by the
test command (LibreOffice is large): run it by hand after changing it and
commit what it writes (`make-fixtures.py tests/data`). Needs Debian's
python3 (/usr/bin/python3) for the modules. Synthetic data only: My
Numbers with the official check digit, example.co.jp / partner.example."""
import os
import shutil
import subprocess
import sys
import tempfile

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
tmp = tempfile.mkdtemp(prefix="sg-fixtures-")


def mynumber(first11):
    d = [int(c) for c in first11]
    s = sum(d[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


# one number per place, so a test can tell which place was read
MN = {k: mynumber("%011d" % (27182818284 + 104729 * i)) for i, k in enumerate(
    ["cell", "hidden", "comment", "header", "footer", "body", "footnote", "textbox",
     "notes", "master", "field", "annot", "card", "event", "rtf", "pdfdigits"])}
NAMES = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太"]
ROWS = [["氏名", "電話番号", "メールアドレス", "マイナンバー"]] + [
    [NAMES[i], "03-5555-%04d" % (1200 + i), "user%d@partner.example" % i,
     mynumber("%011d" % (16180339887 + 7 * i))] for i in range(5)]


def soffice(src, fmt, name):
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", fmt, "--outdir", tmp, src],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, HOME=tmp))
    base = os.path.splitext(os.path.basename(src))[0]
    ext = fmt.split(":")[0]
    shutil.copy(os.path.join(tmp, base + "." + ext), os.path.join(out, name))
    print(os.path.join(out, name))


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    print(os.path.join(out, name))


# --- spreadsheets: openpyxl xlsx (comment, header/footer, hidden sheet) -> xls, ods
import openpyxl
from openpyxl.comments import Comment
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "名簿"
for r in ROWS:
    ws.append(r)
ws["F2"].comment = Comment("確認済み 個人番号 %s" % MN["comment"], "担当")
ws.oddHeader.center.text = "社外秘 個人番号 %s" % MN["header"]
ws.oddFooter.center.text = "フッター 個人番号 %s" % MN["footer"]
h = wb.create_sheet("控え")
h.append(["マイナンバー"])
h.append([MN["hidden"]])
h.sheet_state = "hidden"
xlsx = os.path.join(tmp, "roster.xlsx")
wb.save(xlsx)
shutil.copy(xlsx, os.path.join(out, "office-xlsx-roster.xlsx"))
print(os.path.join(out, "office-xlsx-roster.xlsx"))
soffice(xlsx, "xls", "office-xls-roster.xls")
soffice(xlsx, "ods", "office-ods-roster.ods")

# --- xlwt: an .xls written by xlwt (BIFF8 without LibreOffice)
import xlwt
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("顧客")
for i, r in enumerate(ROWS):
    for j, v in enumerate(r):
        xs.write(i, j, int(v) if v.isdigit() else v)
xb.save(os.path.join(out, "office-xls-xlwt.xls"))
print(os.path.join(out, "office-xls-xlwt.xls"))

# --- documents: python-docx (header, footer, table) -> doc, odt, rtf, pdf
import docx
d = docx.Document()
d.add_paragraph("お客様各位")
d.add_paragraph("申請者の個人番号は %s です。" % MN["body"])
t = d.add_table(rows=len(ROWS), cols=4)
for i, r in enumerate(ROWS):
    for j, v in enumerate(r):
        t.cell(i, j).text = v
d.sections[0].header.paragraphs[0].text = "ヘッダー 個人番号 %s" % MN["header"]
d.sections[0].footer.paragraphs[0].text = "フッター 個人番号 %s" % MN["footer"]
docxp = os.path.join(tmp, "letter.docx")
d.save(docxp)
soffice(docxp, "doc", "office-doc-letter.doc")
soffice(docxp, "odt", "office-odt-letter.odt")
soffice(docxp, "rtf", "office-rtf-letter.rtf")

# --- presentation: odfpy odp with notes -> ppt
from odf.opendocument import OpenDocumentPresentation
from odf.style import Style, MasterPage, PageLayout
from odf.draw import Page, Frame, TextBox
from odf.presentation import Notes
from odf.text import P
pr = OpenDocumentPresentation()
pl = PageLayout(name="PL")
pr.automaticstyles.addElement(pl)
mp = MasterPage(name="Default", pagelayoutname=pl)
pr.masterstyles.addElement(mp)
pg = Page(masterpagename=mp)
fr = Frame(width="20cm", height="5cm", x="1cm", y="1cm")
tb = TextBox()
tb.addElement(P(text="提案資料 担当者の個人番号 %s" % MN["textbox"]))
fr.addElement(tb)
pg.addElement(fr)
nt = Notes()
nfr = Frame(width="15cm", height="5cm", x="1cm", y="10cm")
ntb = TextBox()
ntb.addElement(P(text="発表者メモ 個人番号 %s" % MN["notes"]))
nfr.addElement(ntb)
nt.addElement(nfr)
pg.addElement(nt)
pr.presentation.addElement(pg)
odp = os.path.join(tmp, "deck.odp")
pr.save(odp)
shutil.copy(odp, os.path.join(out, "office-odp-deck.odp"))
print(os.path.join(out, "office-odp-deck.odp"))
soffice(odp, "ppt", "office-ppt-deck.ppt")
soffice(odp, "pptx", "office-pptx-deck.pptx")

# --- vCard (vobject): 3 cards, one of them 2.1-style is made by hand below
import vobject
cards = []
for i in range(3):
    v = vobject.vCard()
    v.add("fn").value = NAMES[i]
    v.add("n").value = vobject.vcard.Name(family=NAMES[i].split()[0], given=NAMES[i].split()[1])
    v.add("tel").value = "03-5555-%04d" % (1200 + i)
    v.add("email").value = "user%d@partner.example" % i
    v.add("note").value = "個人番号 %s" % mynumber("%011d" % (14142135623 + 11 * i))
    cards.append(v.serialize())
put("office-vcf-contacts.vcf", "".join(cards).encode("utf-8"))

# --- iCalendar (icalendar)
import icalendar
import datetime
cal = icalendar.Calendar()
cal.add("prodid", "-//sendguard fixtures//")
cal.add("version", "2.0")
ev = icalendar.Event()
ev.add("summary", "面談, 手続き; 書類確認")
ev.add("description", "持参: 本人確認書類\n個人番号 %s" % MN["event"])
ev.add("dtstart", datetime.datetime(2024, 7, 1, 10, 0))
ev.add("uid", "fixture-1@example.co.jp")
cal.add_component(ev)
put("office-ics-meeting.ics", cal.to_ical())

shutil.rmtree(tmp)
