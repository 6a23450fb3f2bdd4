#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""file-msg.py OUTDIR - Outlook .msg files ([MS-OXMSG]) and TNEF for the
golden tests, built here with a small CFB writer (stdlib only: no Debian
package writes .msg; the layout follows [MS-CFB] with a mini stream, as
Outlook writes it): a message with a UTF-16 subject and body, a CSV
attachment and an attached .msg whose body holds a My Number; a message
whose body is only compressed RTF ("MELA" stored form, Shift_JIS
\\'hh escapes); a TNEF winmail.dat whose body is compressed RTF and which
carries a CSV. Synthetic data only. Prints each path written."""
import os
import struct
import sys

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
ENDC, FREE, FATS = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def cfb(tree):
    """tree: dict name -> bytes (stream) or dict (storage). Returns a CFB v3
    file: 512-byte sectors, streams under 4096 bytes in the mini stream."""
    entries = []              # [name, type, children(list of idx), data]

    def add(name, node, typ):
        idx = len(entries)
        entries.append([name, typ, [], node if isinstance(node, bytes) else b""])
        if isinstance(node, dict):
            for k, v in node.items():
                entries[idx][2].append(add(k, v, 1 if isinstance(v, dict) else 2))
        return idx

    add("Root Entry", tree, 5)
    mini, minifat, big = b"", [], []
    start = {}
    for i, e in enumerate(entries):
        if e[1] != 2:
            continue
        if len(e[3]) < 4096:
            start[i] = len(mini) // 64
            n = max(1, (len(e[3]) + 63) // 64) if e[3] else 0
            if n:
                minifat += [start[i] + k + 1 for k in range(n - 1)] + [ENDC]
                mini += e[3].ljust(n * 64, b"\0")
            else:
                start[i] = ENDC
        else:
            big.append(i)
    sectors = []              # list of 512-byte blobs, FAT built after
    chains = {}

    def place(data):
        first = len(sectors)
        data = data + b"\0" * (-len(data) % 512)
        for k in range(len(data) // 512):
            sectors.append(data[k * 512:(k + 1) * 512])
        return first, len(data) // 512

    layout = {}
    for i in big:
        layout[i] = place(entries[i][3])
    ministart = place(mini) if mini else (ENDC, 0)
    mf = struct.pack("<%dI" % len(minifat), *minifat) if minifat else b""
    minifatstart = place(mf) if mf else (ENDC, 0)

    def dirent(name, typ, left, right, child, st, size):
        n = (name + "\0").encode("utf-16-le")
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1) +
                struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 +
                struct.pack("<IQ", st, size))

    right = {}
    child = {}
    for i, e in enumerate(entries):
        kids = e[2]
        child[i] = kids[0] if kids else FREE
        for a, b in zip(kids, kids[1:]):
            right[a] = b
    d = b""
    for i, e in enumerate(entries):
        if e[1] == 5:
            st, size = ministart[0], len(mini)
        elif e[1] == 1:
            st, size = 0, 0
        elif i in layout:
            st, size = layout[i][0], len(e[3])
        else:
            st, size = start[i], len(e[3])
        d += dirent(e[0], e[1], FREE, right.get(i, FREE), child[i], st, size)
    dirstart = place(d)
    # FAT: chains for every placed run, then the FAT sectors themselves
    runs = [layout[i] for i in big] + [r for r in (ministart, minifatstart, dirstart) if r[1]]
    nsect = len(sectors)
    nfat = 1
    while (nsect + nfat) > nfat * 128:
        nfat += 1
    fat = [FREE] * (nfat * 128)
    for first, n in runs:
        for k in range(n):
            fat[first + k] = first + k + 1 if k + 1 < n else ENDC
    for k in range(nfat):
        fat[nsect + k] = FATS
    assert nfat <= 109
    hdr = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 +
           struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
           struct.pack("<IIIIIIIII", 0, nfat, dirstart[0], 0, 4096, minifatstart[0],
                       minifatstart[1], ENDC, 0))
    difat = [nsect + k for k in range(nfat)] + [FREE] * (109 - nfat)
    hdr += struct.pack("<109I", *difat)
    assert len(hdr) == 512, len(hdr)
    return hdr + b"".join(sectors) + struct.pack("<%dI" % len(fat), *fat)


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
