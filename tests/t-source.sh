#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# t-source.sh - scripts/check-source.sh on the tree (layering per HACKING.md,
# mfapi.h only in milter/, banned functions), and on a small tree with one
# problem of each kind, which it must report (a check that cannot fail is
# no check); then scripts/call-graph.py: no call cycles between files.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
out=$(bash "$src/scripts/check-source.sh" "$src" 2>&1); rc=$?
if [ $rc -eq 0 ]; then echo "ok 1 - source checks pass on the tree"
else echo "not ok 1 - source checks pass on the tree"; echo "$out" | sed 's/^/# /' | head -40; fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{lib,config,scanner,policy,store,hold,milter,tools}
echo '/* b */' > "$tmp/scanner/scanthing.h"
printf '#include "scanthing.h"\nint x;\n' > "$tmp/lib/up.c"
printf '#include <libmilter/mfapi.h>\n' > "$tmp/policy/glue.c"
printf 'void f(char *b) { sprintf(b, "x"); }\n/* sprintf( in a comment is fine */\n' > "$tmp/store/s.c"
printf 'int g(const char *s) { return atoi(s); }\n' > "$tmp/hold/h.c"
printf '#include "scanthing.h"\n#include <libmilter/mfapi.h>\n' > "$tmp/milter/ok.c"
out=$(bash "$src/scripts/check-source.sh" "$tmp" 2>&1); rc=$?
n=2
check() {  # check PATTERN LABEL
  if grep -q "$1" <<<"$out"; then echo "ok $n - $2"; else echo "not ok $n - $2"; echo "$out" | sed 's/^/# /'; fi
  n=$((n + 1))
}
check '^lib/up.c:1: includes scanthing.h from scanner/' "a lib/ file including a scanner/ header is reported"
check '^policy/glue.c:1: <libmilter/mfapi.h> outside milter/' "mfapi.h outside milter/ is reported"
check '^store/s.c:1: banned function sprintf' "sprintf is reported"
check '^hold/h.c:1: banned function atoi' "atoi is reported"
if [ $rc -eq 1 ] && [ "$(grep -c . <<<"$out")" -eq 4 ]; then echo "ok $n - exactly those four, exit 1"
else echo "not ok $n - exactly those four, exit 1 (exit $rc)"; echo "$out" | sed 's/^/# /'; fi
n=$((n + 1))
# no call cycles between files (scripts/call-graph.py, from the objects)
bld=${top_builddir:-$src/_build}
if [ -d "$bld/scanner" ]; then
  cyc=$(python3 "$src/scripts/call-graph.py" "$bld" --allow "$src/tests/known-cycles.txt" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then echo "ok $n - no call cycles between source files (but tests/known-cycles.txt)"
  else echo "not ok $n - no call cycles between source files"; echo "$cyc" | sed 's/^/# /'; fi
else
  echo "ok $n - # SKIP no build directory for the call graph"
fi
echo "1..$n"
