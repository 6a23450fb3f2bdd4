#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-msg.py OUTDIR - Outlook .msg files ([MS-OXMSG]) and TNEF for the
golden tests, built here with a small CFB writer (cfb_write.py) (stdlib only: no Debian
package writes .msg; the layout follows [MS-CFB] with a mini stream, as
Outlook writes it): a message with a UTF-16 subject and body, a CSV
attachment and an attached .msg whose body holds a My Number; a message
whose body is only compressed RTF ("MELA" stored form, Shift_JIS
\\'hh escapes); a TNEF winmail.dat whose body is compressed RTF and which
carries a CSV. Synthetic data only. Prints each path written."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cfb_write import cfb  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)


def put(name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data)
    print(p)


def mynumber(first11):
    d = [int(c) for c in first11]
    s = sum(d[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    return first11 + str(0 if r <= 1 else 11 - r)


MN = [mynumber("%011d" % (57721566490 + 1009 * i)) for i in range(8)]


def u16(s):
    return s.encode("utf-16-le")


def props(n_recip=0, n_att=0, top=True):
    head = b"\0" * 8 + (struct.pack("<IIII", 0, 0, n_recip, n_att) + b"\0" * 8 if top else b"")
    return head


def msg(subject, body=None, rtf=None, atts=(), embedded=None, top=True):
    t = {"__properties_version1.0": props(0, len(atts) + (1 if embedded else 0), top),
         "__substg1.0_0037001F": u16(subject),
         "__substg1.0_0C1A001F": u16("山田 太郎"),
         "__substg1.0_0E04001F": u16("佐藤 花子")}
    if body is not None:
        t["__substg1.0_1000001F"] = u16(body)
    if rtf is not None:
        t["__substg1.0_10090102"] = rtf
    for i, (name, data) in enumerate(atts):
        t["__attach_version1.0_#%08X" % i] = {
            "__properties_version1.0": b"\0" * 8,
            "__substg1.0_3707001F": u16(name),
            "__substg1.0_37010102": data}
    if embedded is not None:
        t["__attach_version1.0_#%08X" % len(atts)] = {
            "__properties_version1.0": b"\0" * 8,
            "__substg1.0_3001001F": u16("転送メール"),
            "__substg1.0_3701000D": embedded}
    return t


def csv(first):
    rows = ["氏名,電話番号,メールアドレス,マイナンバー"]
    for i in range(3):
        rows.append("社員%d,03-5555-%04d,staff%d@partner.example,%s" % (i, 3300 + i, i, MN[first + i]))
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def mela(rtf):
    """Compressed-RTF container in its stored ("MELA") form."""
    return struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0) + rtf


inner = msg("転送: 申請書", body="申請者の個人番号は %s です。" % MN[3], top=False)
put("file-outlook.msg", cfb(msg("顧客リスト送付", body="お世話になっております。\r\nリストを添付します。",
                               atts=[("顧客一覧.csv", csv(0))], embedded=inner)))
rtf = (b"{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Gothic;}}"
       b"\\f0 \x82\xa8\x8b\x71\x97\x6c\\par " + "個人番号".encode("cp932").replace(b"\\", b"\\\\") +
       b" " + MN[4].encode() + b"\\par}")
rtf = rtf.replace(b"\x82\xa8\x8b\x71\x97\x6c", b"\\'82\\'a8\\'8b\\'71\\'97\\'6c")
jp = "個人番号".encode("cp932")
rtf = rtf.replace(jp, b"".join(b"\\'%02x" % c for c in jp))
put("file-outlook-rtf.msg", cfb(msg("RTF only", rtf=mela(rtf))))


def tnef(atts, rtf_body=None):
    def attr(level, ident, data):
        return (struct.pack("<BII", level, ident, len(data)) + data +
                struct.pack("<H", sum(data) & 0xFFFF))
    t = struct.pack("<IH", 0x223E9F78, 1)
    t += attr(1, 0x00089006, struct.pack("<I", 0x00010000))
    if rtf_body is not None:
        # attMAPIProps with PR_RTF_COMPRESSED (PT_BINARY)
        v = struct.pack("<I", len(rtf_body)) + rtf_body + b"\0" * (-len(rtf_body) % 4)
        mp = struct.pack("<I", 1) + struct.pack("<HH", 0x0102, 0x1009) + struct.pack("<I", 1) + v
        t += attr(1, 0x00069003, mp)
    for name, data in atts:
        t += attr(2, 0x00069002, b"\0" * 14)                        # attAttachRendData
        t += attr(2, 0x00018010, name.encode("cp932") + b"\0")      # attAttachTitle
        t += attr(2, 0x0006800F, data)                              # attAttachData
    return t


put("file-winmail.dat", tnef([("名簿.csv", csv(5))], rtf_body=mela(rtf.replace(MN[4].encode(), MN[7].encode()))))
# near miss: a TNEF stream cut in the middle of its attachment
put("file-winmail-cut.dat", tnef([("名簿.csv", csv(5))])[:-60])

# --- other compound files (same writer) ------------------------------------------
# legacy Excel with a FILEPASS record: encrypted, nothing read
bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
filepass = struct.pack("<HH", 0x002F, 54) + b"\1\0" + b"\0" * 52
put("file-xls-enc.xls", cfb({"Workbook": bof + filepass + struct.pack("<HH", 0x000A, 0)}))
# legacy Word with fEncrypted set in the FIB
fib = bytearray(1024)
struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
struct.pack_into("<H", fib, 0x0A, 0x0100)
put("file-doc-enc.doc", cfb({"WordDocument": bytes(fib), "1Table": b"\0" * 512}))
# a compound file of no kind the scanner reads: unscannable, never clean
put("file-cfb-unknown.bin", cfb({"Contents": ("個人番号 %s" % MN[6]).encode("utf-16-le"),
                                 "CompObj": b"\1\0\xfe\xff" + b"\0" * 60}))
