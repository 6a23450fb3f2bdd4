#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""golden_check - checks sendguard-scan --json output against a NAME.expect file.

usage: golden_check.py EXPECT JSONFILE EXITCODE LABEL [REF]
Prints one TAP line per assertion ("ok"/"not ok"), numbered from $TAP_START.
Assertion lines: see tests/README.md (exit, has, not, att, reportable, decision).
With REF (tests/data/ref/NAME.json), one more line: the whole output (exit
status and every field, the file path reduced to its name) equals REF, so an
extra or a changed finding fails too; GOLDEN_UPDATE=1 writes REF instead
(`make golden-update`; review the diff before committing it).
"""
import difflib
import json
import os
import sys


def whole(doc, code):
    """The output as compared with its reference: stable, one key per line."""
    if isinstance(doc, dict) and "file" in doc:
        doc = json.loads(json.dumps(doc))
        doc["file"] = os.path.basename(doc["file"])
        if os.environ.get("GOLDEN_GENERATED") == "1":
            # a generated archive carries the time it was made: its hash
            # and its compressed size change with every run (what is in it
            # does not)
            doc["size"] = "(generated input)"
            for a in doc.get("attachments", []):
                if "sha256" in a:
                    a["sha256"] = "(generated input)"
                if a.get("depth") == 0 and "size" in a:
                    a["size"] = "(generated input)"
    return json.dumps({"exit": int(code), "output": doc}, ensure_ascii=False, indent=1) + "\n"


def ref_check(ref, doc, code, label):
    """(ok, text, why) for the whole-output comparison, or None when updating."""
    got = whole(doc, code)
    if os.environ.get("GOLDEN_UPDATE") == "1":
        with open(ref, "w", encoding="utf-8") as f:
            f.write(got)
        return None
    try:
        with open(ref, encoding="utf-8") as f:
            want = f.read()
    except OSError:
        return (False, "%s: whole output equals its reference" % label,
                "no %s: run make golden-update and review it" % ref)
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "reference", "output",
                                     lineterm="", n=1))
    return (want == got, "%s: whole output equals its reference" % label,
            "\n#   ".join(diff[:40]))


def join_values(words):
    """k=v / k~v words; a word without = or ~ continues the value before it
    (values with spaces: location~headers and footers)."""
    out = []
    for w in words:
        if out and "=" not in w and "~" not in w:
            out[-1] += " " + w
        else:
            out.append(w)
    return out


def match_kv(obj, kvs):
    for kv in join_values(kvs):
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
    if len(sys.argv) > 5:
        r = ref_check(sys.argv[5], doc, code, label)
        if r:
            results.append(r)
    for ok, text, why in results:
        print("%s %d - %s" % ("ok" if ok else "not ok", n, text))
        if not ok:
            print("#   " + why[:2000])
        n += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
