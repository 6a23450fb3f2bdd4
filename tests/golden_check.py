#!/usr/bin/env python3
"""golden_check - checks sendguard-scan --json output against a NAME.expect file.

usage: golden_check.py EXPECT JSONFILE EXITCODE LABEL
Prints one TAP line per assertion ("ok"/"not ok"), numbered from $TAP_START.
Assertion lines: see tests/README.md (exit, has, not, att, reportable, decision).
"""
import json
import os
import sys


def match_kv(obj, kvs):
    for kv in kvs:
        if "~" in kv and ("=" not in kv or kv.index("~") < kv.index("=")):
            k, v = kv.split("~", 1)
            if v not in str(obj.get(k, "")):
                return False
        else:
            k, v = kv.split("=", 1)
            got = obj.get(k)
            if isinstance(got, bool):
                got = "yes" if got else "no"
            if str(got) != v:
                return False
    return True


def main():
    expect, jsonfile, code, label = sys.argv[1:5]
    n = int(os.environ.get("TAP_START", "1"))
    try:
        with open(jsonfile, encoding="utf-8") as f:
            doc = json.loads(f.read().splitlines()[0])
    except Exception as e:  # no or bad output: every assertion fails
        doc = None
        err = str(e)
    results = []
    for line in open(expect, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("args "):
            continue
        words = line.split()
        kind, rest = words[0], words[1:]
        ok = False
        why = ""
        if kind == "exit":
            ok = code == rest[0]
            why = "exit %s" % code
        elif doc is None:
            why = "no JSON output: " + err
        elif kind == "has":
            ok = any(f["rule"] == rest[0] and match_kv(f, rest[1:]) for f in doc["findings"])
            why = json.dumps([f for f in doc["findings"] if f["rule"] == rest[0]], ensure_ascii=False)
        elif kind == "not":
            ok = not any(f["rule"] == rest[0] and f["confidence"] in ("medium", "high")
                         for f in doc["findings"])
            why = json.dumps([f for f in doc["findings"] if f["rule"] == rest[0]], ensure_ascii=False)
        elif kind == "att":
            ok = any(match_kv(a, rest) for a in doc["attachments"])
            why = json.dumps(doc["attachments"], ensure_ascii=False)
        elif kind == "reportable":
            ok = (doc["reportable"] and rest[0] == "yes") or (not doc["reportable"] and rest[0] == "no")
            why = "reportable=%s" % doc["reportable"]
        elif kind == "decision":
            d = doc.get("decision")
            ok = d is not None and d["action"] == rest[0] and all(r in d["rules"] for r in rest[1:])
            why = json.dumps(d, ensure_ascii=False)
        else:
            why = "unknown assertion"
        results.append((ok, "%s: %s" % (label, line), why))
    for ok, text, why in results:
        print("%s %d - %s" % ("ok" if ok else "not ok", n, text))
        if not ok:
            print("#   " + why[:2000])
        n += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
