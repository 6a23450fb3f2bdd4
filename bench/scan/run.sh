#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# run.sh - scanner throughput benchmark: sendguard-scan against rg and grep -P
# on the synthetic corpus of gen-corpus.py, per corpus kind (plain text, CSV,
# xlsx), reported in MB/s per core (bytes / CPU seconds of the process tree;
# the scanner is single-threaded per file, rg is run with -j1).
#
# Usage: bench/scan/run.sh [SENDGUARD_SCAN] [CORPUS_DIR]
#   SENDGUARD_SCAN  a built sendguard-scan (default _build/tools/sendguard-scan);
#                   this script builds nothing
#   CORPUS_DIR      default /tmp/sendguard-corpus; generated (SIZE MB, default
#                   100) with gen-corpus.py when missing. Never in the git tree.
# Env: SIZE (MB, for a new corpus), RUNS (repetitions, best kept; default 1),
#      KINDS (default "text csv xlsx").
# Output: a table on stdout; scanner JSON and timings in CORPUS_DIR/results/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
scan=${1:-_build/tools/sendguard-scan}
corpus=${2:-/tmp/sendguard-corpus}
runs=${RUNS:-1}
kinds=${KINDS:-text csv xlsx}

if [ ! -x "$scan" ]; then
  echo "run.sh: no executable sendguard-scan at '$scan' (build first, or pass its path)" >&2
  exit 2
fi
for t in rg grep unzip python3; do
  command -v "$t" >/dev/null || { echo "run.sh: $t not found" >&2; exit 2; }
done
if [ ! -d "$corpus/text" ]; then
  python3 "$here/gen-corpus.py" "$corpus" --size "${SIZE:-100}" || exit 2
fi
res=$corpus/results
mkdir -p "$res/state"
conf=$res/bench.conf
cat > "$conf" <<EOF
[general]
internal_domains = example.co.jp
state_dir = $res/state

[scan]
rules_dir = $src/rules

[limits]
scan_timeout = 600s
EOF

# Equivalent patterns (ASCII forms only; the scanner also handles full-width
# digits, dash variants and checks check digits / Luhn / context).
p_num12='(?<![0-9])[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])'
p_card='(?<![0-9])[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])'
p_phone='0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}'
p_mail='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
p_all="$p_num12|$p_card|$p_phone|$p_mail"
# rg's default engine has no look-around: the same without the digit guards
r_all='[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}|[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}|'"$p_phone|$p_mail"

# measure LABEL CMD... : best of $runs; prints "wall cpu" (seconds)
measure() {
  local label=$1 best="" i t
  shift
  for ((i = 0; i < runs; i++)); do
    # output to a file, not /dev/null: GNU grep stops at the first match
    # when its output is /dev/null
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$res/$label.out" 2>>"$res/$label.err"; } 2>&1 | tail -1)
    t=$(awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { split(a, x); split(b, y); exit !(x[2] < y[2]) }'; then
      best=$t
    fi
  done
  echo "$best"
}

unzip_all() {  # prints the XML of every xlsx given (what rg/grep search)
  local f
  for f in "$@"; do unzip -p "$f"; done
}

scan_json() {  # kind files...
  local kind=$1
  shift
  "$scan" -c "$conf" --json "$@" > "$res/scan-$kind.json"
  local rc=$?
  echo "$rc" > "$res/scan-$kind.rc"
  [ "$rc" -le 1 ]
}

export LC_ALL=C
printf '%-6s %5s %8s  %-22s %8s %8s %12s\n' kind files MB tool "wall s" "cpu s" "MB/s/core"
row() {  # kind files mb tool "wall cpu"
  local w c
  read -r w c <<<"$5"
  printf '%-6s %5s %8.1f  %-22s %8.2f %8.2f %12.1f\n' "$1" "$2" "$3" "$4" "$w" "$c" \
    "$(awk -v m="$3" -v c="$c" 'BEGIN { print (c > 0 ? m / c : 0) }')"
}

for kind in $kinds; do
  files=("$corpus/$kind"/*)
  [ -f "${files[0]}" ] || continue
  mb=$(du -cb "${files[@]}" | tail -1 | awk '{ printf "%.2f", $1 / 1048576 }')
  t=$(measure "scan-$kind" scan_json "$kind" "${files[@]}")
  row "$kind" "${#files[@]}" "$mb" "sendguard-scan$([ "$kind" = xlsx ] && echo ' (file)')" "$t"
  if [ "$kind" = xlsx ]; then
    xmb=$(unzip_all "${files[@]}" | wc -c | awk '{ printf "%.2f", $1 / 1048576 }')
    row "$kind" "${#files[@]}" "$xmb" "sendguard-scan (XML)" "$t"
    # rg and grep cannot look into a ZIP: they get the unzipped XML (and
    # pay for unzip); MB below is then the XML size, as in the line above
    t=$(measure "rg-$kind" bash -c 'for f; do unzip -p "$f"; done | rg -j1 -a --count-matches -e "$0"' "$r_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$xmb" "unzip | rg -j1" "$t"
    t=$(measure "rgP-$kind" bash -c 'for f; do unzip -p "$f"; done | rg -j1 -a -P --count-matches -e "$0"' "$p_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$xmb" "unzip | rg -j1 -P" "$t"
    t=$(measure "grep-$kind" bash -c 'for f; do unzip -p "$f"; done | grep -a -c -P -e "$0"' "$p_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$xmb" "unzip | grep -P" "$t"
  else
    t=$(measure "rg-$kind" rg -j1 -a --count-matches -e "$r_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$mb" "rg -j1" "$t"
    t=$(measure "rgP-$kind" rg -j1 -a -P --count-matches -e "$p_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$mb" "rg -j1 -P" "$t"
    t=$(measure "grep-$kind" grep -a -c -P -e "$p_all" "${files[@]}")
    row "$kind" "${#files[@]}" "$mb" "grep -P" "$t"
  fi
done

# What the scanner found (shows which detectors were active in this build).
echo
echo "findings per rule id (sum of counts over all files; exit codes per kind):"
for kind in $kinds; do
  [ -f "$res/scan-$kind.json" ] || continue
  python3 - "$res/scan-$kind.json" "$kind" "$(cat "$res/scan-$kind.rc")" <<'EOF'
import json, sys, collections
path, kind, rc = sys.argv[1:4]
c, n, bad = collections.Counter(), 0, 0
for line in open(path, encoding="utf-8", errors="replace"):
    line = line.strip()
    if not line:
        continue
    try:
        o = json.loads(line)
    except ValueError:
        bad += 1
        continue
    n += 1
    for f in o.get("findings", []):
        c["%s/%s" % (f.get("rule"), f.get("confidence"))] += int(f.get("count") or 1)
print("  %-5s files=%d exit=%s %s%s" % (kind, n, rc,
      " ".join("%s=%d" % kv for kv in sorted(c.items())) or "(no findings)",
      " unparsable-lines=%d" % bad if bad else ""))
EOF
done
