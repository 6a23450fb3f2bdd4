#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""det_corpus - scores sendguard-scan --json output on the labelled detector
corpus (tests/data/gen/det-corpus.py) and checks it against a floor.

usage: det_corpus.py LABELS.tsv SCAN.jsonl FLOOR [--write-floor]
Prints recall per must-catch class and false holds per benign class, then
one TAP line per class: a class's recall must not fall below the floor
(caught count) and its false holds must not exceed it. DET_CORPUS_VERBOSE=1
lists every miss and every false hold. --write-floor rewrites FLOOR with the
numbers measured now."""
import json
import os
import sys

HOLD = ("hold", "hold-approver", "reject")


def main():
    labels, scanned, floor = sys.argv[1:4]
    write = "--write-floor" in sys.argv[4:]
    verbose = os.environ.get("DET_CORPUS_VERBOSE") == "1"
    res = {}
    for line in open(scanned, encoding="utf-8"):
        line = line.strip()
        if line.startswith("{"):
            d = json.loads(line)
            res[os.path.basename(d["file"])] = d
    stats = {}   # (kind, cls) -> [good, total, [misses]]
    for line in open(labels, encoding="utf-8"):
        if not line.strip():
            continue
        fn, kind, cls, rules, desc = line.rstrip("\n").split("\t")
        st = stats.setdefault((kind, cls), [0, 0, []])
        st[1] += 1
        d = res.get(fn)
        if d is None:
            st[2].append("%s (no output) %s" % (fn, desc))
            continue
        if kind == "catch":
            want = rules.split(",")
            ok = any(f["rule"] in want and f["confidence"] in ("medium", "high") for f in d["findings"])
            why = ", ".join("%s/%s" % (f["rule"], f["confidence"]) for f in d["findings"]) or "no findings"
        else:
            dec = d.get("decision") or {}
            ok = dec.get("action") not in HOLD
            why = "%s %s" % (dec.get("action"), ",".join(dec.get("rules", [])))
        if ok:
            st[0] += 1
        else:
            st[2].append("%s: %s [%s]" % (fn, desc, why))
    want_floor = {}
    if not write and os.path.exists(floor):
        for line in open(floor, encoding="utf-8"):
            w = line.split()
            if len(w) == 3 and not line.startswith("#"):
                want_floor[(w[0], w[1])] = int(w[2])
    n = 0
    tc = tg = hc = hg = 0
    lines = []
    for (kind, cls), (good, total, miss) in sorted(stats.items()):
        if kind == "catch":
            tc += total
            hc += good
            print("# recall %-16s %3d/%-3d %5.1f%%" % (cls, good, total, 100.0 * good / total))
            lines.append(("catch", cls, good))
        else:
            tg += total
            hg += total - good
            print("# false holds %-16s %3d/%-3d" % (cls, total - good, total))
            lines.append(("benign", cls, total - good))
        if verbose:
            for m in miss:
                print("#    %s" % m)
    print("# TOTAL recall %d/%d (%.1f%%), false holds %d/%d" % (hc, tc, 100.0 * hc / max(tc, 1), hg, tg))
    if write:
        with open(floor, "w", encoding="utf-8") as f:
            f.write("# det-corpus floor (tests/det-corpus.sh): `catch CLASS N` = at least N caught,\n"
                    "# `benign CLASS N` = at most N false holds. Raise it when a class improves.\n")
            for kind, cls, v in lines:
                f.write("%s %s %d\n" % (kind, cls, v))
        print("1..0 # floor written")
        return 0
    for kind, cls, v in lines:
        n += 1
        lim = want_floor.get((kind, cls))
        if lim is None:
            print("not ok %d - %s %s: no floor in %s" % (n, kind, cls, os.path.basename(floor)))
        elif kind == "catch":
            print("%s %d - recall %s %d >= %d" % ("ok" if v >= lim else "not ok", n, cls, v, lim))
        else:
            print("%s %d - false holds %s %d <= %d" % ("ok" if v <= lim else "not ok", n, cls, v, lim))
    for (kind, cls) in sorted(set(want_floor) - set((k, c) for k, c, _ in lines)):
        n += 1
        print("not ok %d - %s %s: in the floor but not in the corpus" % (n, kind, cls))
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
