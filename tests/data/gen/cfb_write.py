#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""cfb_write - a small CFB / OLE2 compound file writer ([MS-CFB] v3, a mini
stream as Office writes it) for the generators in this directory
(file-msg.py, file-audit.py). A module, not a generator: run with an
output directory it writes nothing."""
import struct

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


