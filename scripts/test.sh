#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# test.sh - the whole test suite, from a fresh clone on a fresh Debian 12:
# installs the packages, builds with warnings as errors, runs every test
# (unit, golden, milter protocol, integration through a real Postfix), then
# rebuilds with ASan+UBSan and runs the unit and golden tests again, then the
# allocation torture (tests/torture.sh) and the fuzz targets, each for a
# bounded time. Ends with the line "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# Debian's python3 first (see AM_TESTS_ENVIRONMENT in Makefile.am).
[ -x /usr/bin/python3 ] && export PATH="/usr/bin:$PATH"

bash scripts/install-deps.sh || { echo "install-deps failed"; echo "0 passed, 1 failed"; exit 1; }
./autogen.sh >/dev/null 2>&1 || { echo "autogen failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
count() {   # count LOGDIR : adds the automake summary of a make check run
  local log=$1 p f e x
  p=$(sed -n 's/^# PASS: *//p' "$log" | tail -1); f=$(sed -n 's/^# FAIL: *//p' "$log" | tail -1)
  e=$(sed -n 's/^# ERROR: *//p' "$log" | tail -1); x=$(sed -n 's/^# XPASS: *//p' "$log" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
  # make check that stopped before running its tests (a build error in a
  # test program) prints no summary: that is a failure, not zero tests.
  if [ -z "$p" ]; then
    grep -E 'error' "$log" | head -10
    echo "(make check printed no test summary)"; failed=$((failed + 1))
  fi
}
run_suite() {  # run_suite NAME BUILDDIR CONFIGURE-ARGS... -- MAKE-ARGS...
  local name=$1 dir=$2; shift 2
  local cargs=() margs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cargs+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  margs=("$@")
  echo "=== $name ($dir)"
  mkdir -p "$dir"
  if ! (cd "$dir" && "$top/configure" "${cargs[@]}" >configure.out 2>&1); then
    tail -20 "$dir/configure.out"; echo "$name: configure failed"; failed=$((failed + 1)); return
  fi
  if ! (cd "$dir" && make -j2 >make.out 2>&1); then
    grep -E 'error|Error' "$dir/make.out" | head -30; echo "$name: build failed"; failed=$((failed + 1)); return
  fi
  (cd "$dir" && make -j2 -k check "${margs[@]}" >check.out 2>&1)
  grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$dir/check.out" | grep -v '^PASS' | head -50
  for l in $(grep -lE '^not ok' $(find "$dir/tests" -name '*.log' 2>/dev/null) 2>/dev/null); do
    echo "--- $l"; grep -E -A3 '^not ok' "$l" | head -40
  done
  count "$dir/check.out"
  echo "$name: $(sed -n 's/^# PASS: *//p' "$dir/check.out" | tail -1) passed"
}

run_suite "main build" "$top/_build" --enable-werror --

# Release checks (issue 7): make dist (every tracked file in it), make
# distcheck (bounded inner check), the Debian package built from the
# tarball, installed, run as the systemd unit would, used, and purged.
if [ -f "$top/_build/Makefile" ]; then
  echo "=== release: dist, distcheck, Debian package (tests/package/run.sh)"
  out=$(bash tests/package/run.sh "$top/_build" 2>&1); rc=$?
  echo "$out" | grep -vE '^ok ' | tail -40
  p=$(echo "$out" | sed -n 's/^package: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(echo "$out" | sed -n 's/^package: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ -z "$f" ] && failed=$((failed + 1))
fi
fast=$(cd "$top/_build" && make -s print-tests | tr ' ' '\n' | grep -vE '^tests/(integration|milter)/' | tr '\n' ' ')
run_suite "ASan+UBSan" "$top/_build-asan" --enable-werror \
  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
  LDFLAGS="-fsanitize=address,undefined" -- TESTS="$fast" \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# allocation torture (tests/torture.sh): the unit tests and golden cases in
# the sanitizer build, failing the Nth allocation, bounded to SG_TORTURE_BUDGET
# seconds (default 150); the full loop is `bash tests/torture.sh _build-asan`
echo "=== allocation torture (bounded)"
out=$(bash tests/torture.sh "$top/_build-asan" --budget "${SG_TORTURE_BUDGET:-150}" 2>&1); rc=$?
echo "$out" | grep -vE '^ok ' | tail -15
p=$(echo "$out" | sed -n 's/^torture: \([0-9]*\) passed, \([0-9]*\) failed.*$/\1/p')
f=$(echo "$out" | sed -n 's/^torture: \([0-9]*\) passed, \([0-9]*\) failed.*$/\2/p')
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
[ $rc -ne 0 ] && [ -z "$f" ] && failed=$((failed + 1))

if [ -x tests/fuzz/run.sh ]; then
  echo "=== fuzz (bounded)"
  out=$(bash tests/fuzz/run.sh "$top/_build-fuzz" 2>&1); rc=$?
  echo "$out" | tail -15
  p=$(echo "$out" | sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(echo "$out" | sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ $rc -ne 0 ] && [ -z "$f" ] && failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
