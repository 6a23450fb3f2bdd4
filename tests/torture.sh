#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# torture.sh - allocation torture (after curl's tests/runtests.pl -t): runs
# every unit test and every golden case again and again, failing the Nth
# sg_alloc allocation (SG_TORTURE_FAIL_AT=N, see lib/sg_alloc.h), N from 1 to
# the number of allocations the run makes. Meant for an ASan+UBSan build.
#
# Each run must end cleanly: no crash or signal, no sanitizer report (a leak
# included, for the golden cases), no hang (timeout). A unit test that
# crashes in its own code (frame #0 in tests/unit/) on a set-up result it did
# not check is not counted against the product. A golden case must also either print exactly
# what it prints without the failure (the failure was recovered) or fail with
# exit 2 (a clean error): a different verdict, a finding gone or a message
# passed, is a failure ("silently degraded").
#
#   tests/torture.sh BUILDDIR              every N of every program (the full
#                                          loop: hours; run it before a release)
#   tests/torture.sh BUILDDIR --budget S   at most S seconds: a spread of N per
#                                          program (the test command uses this)
#   tests/torture.sh BUILDDIR --only NAME  one unit test (t-lib) or golden case
#
# TAP output; ends with "torture: N passed, N failed".
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:?usage: torture.sh BUILDDIR [--budget SECONDS] [--only NAME]}
bld=$(cd "$bld" && pwd)
shift
budget=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "torture.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sg-torture.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=1:exitcode=86:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
export LSAN_OPTIONS=exitcode=86
start=$(date +%s)
pass=0; fail=0; n=0

# programs: "unit NAME" and "golden NAME"
progs=()
for t in "$bld"/tests/unit/t-*; do
  [ -x "$t" ] || continue
  case "$t" in *.o|*.log|*.trs) continue ;; esac
  progs+=("unit $(basename "$t")")
done
gwork="$bld/tests/golden-work"
if [ ! -f "$gwork/golden.conf" ]; then
  top_srcdir=$src top_builddir=$bld bash "$src/tests/golden.sh" >/dev/null 2>&1
fi
for exp in "$src"/tests/data/*.expect; do
  progs+=("golden $(basename "$exp" .expect)")
done

golden_input() {  # golden_input NAME -> path of its input
  local name=$1 cand
  for cand in "$src"/tests/data/"$name".* "$gwork"/gen/"$name".* "$gwork"/gen/"$name"; do
    [ -f "$cand" ] || continue
    case "$cand" in *.expect) continue ;; esac
    echo "$cand"; return
  done
}

# run KIND NAME FAILAT OUT : runs one program, prints its exit code
run() {
  local kind=$1 name=$2 at=$3 out=$4 rc
  if [ "$kind" = unit ]; then
    # leaks are checked on the real program (golden cases): a unit test
    # that gives up after a failed set-up does not free what it made
    (cd "$bld" && SG_TORTURE_FAIL_AT=$at SG_TORTURE_REPORT="$out.count" \
      ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 timeout 120 "$bld/tests/unit/$name" >"$out.stdout" 2>"$out.stderr")
    rc=$?
  else
    local exp="$src/tests/data/$name.expect" input args
    input=$(golden_input "$name")
    args=$(sed -n 's/^args //p' "$exp" | head -1)
    # shellcheck disable=SC2086
    SG_TORTURE_FAIL_AT=$at SG_TORTURE_REPORT="$out.count" \
      timeout 120 "$bld/tools/sendguard-scan" -c "$gwork/golden.conf" --json $args "$input" \
      >"$out.stdout" 2>"$out.stderr"
    rc=$?
  fi
  echo "$rc"
}

verdict() {  # verdict KIND RC OUT REFRC REFOUT -> "" when clean, else why
  local kind=$1 rc=$2 out=$3 refrc=$4 ref=$5
  if [ "$rc" -eq 124 ]; then echo "hang (timeout)"; return; fi
  # A unit test that stops in its own code (frame #0 in tests/unit/) used a
  # set-up result it did not check: the test's limit, not the product's.
  # (frame #0 an inline accessor in a header called from the test counts too)
  if [ "$kind" = unit ] && grep -qE 'Sanitizer|runtime error:' "$out.stderr"; then
    local f0 f1
    f0=$(grep -m1 -E '^ *#0 ' "$out.stderr"); f1=$(grep -m1 -E '^ *#1 ' "$out.stderr")
    if grep -q '/tests/unit/' <<<"$f0" ||
       { grep -qE '\.h:[0-9]+' <<<"$f0" && grep -q '/tests/unit/' <<<"$f1"; }; then
      return
    fi
  fi
  if [ "$rc" -eq 86 ] || grep -qE 'Sanitizer|runtime error:' "$out.stderr"; then
    echo "sanitizer: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$out.stderr")"; return
  fi
  if [ "$rc" -gt 128 ]; then echo "killed by signal $((rc - 128))"; return; fi
  if [ "$kind" = golden ]; then
    if [ "$rc" -eq 2 ]; then return; fi
    if [ "$rc" -eq "$refrc" ] && cmp -s "$out.stdout" "$ref.stdout"; then return; fi
    echo "silently degraded: exit $rc (want $refrc or 2), output differs"
  fi
}

# Under a budget, start at a program that moves with the day, so that runs
# on different days cover different programs first (SG_TORTURE_START=K to
# repeat a run); programs not reached in time are listed as skipped.
np=${#progs[@]}
first=0
if [ "$budget" -gt 0 ]; then
  first=${SG_TORTURE_START:-$(( $(date +%j | sed 's/^0*//') * 7 % np ))}
  echo "# budget ${budget}s, starting at program $first of $np (SG_TORTURE_START=$first to repeat)"
fi
skipped=0
for ((ip = 0; ip < np; ip++)); do
  p=${progs[$(( (ip + first) % np ))]}
  kind=${p%% *}; name=${p#* }
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  if [ "$budget" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$budget" ]; then
    skipped=$((skipped + 1)); continue
  fi
  ref="$work/ref"
  refrc=$(run "$kind" "$name" 0 "$ref")
  total=$(cat "$ref.count" 2>/dev/null || echo 0)
  [ "$total" -gt 0 ] || continue
  # which N: all of them, or under a budget a spread that moves with the
  # program's index so repeated runs do not always pick the same ones
  if [ "$budget" -gt 0 ]; then
    per=$(( budget * 2 / np )); [ "$per" -lt 2 ] && per=2
    stepn=$(( total / per + 1 ))
    ns=$(seq $(( (n % stepn) + 1 )) "$stepn" "$total")
  else
    ns=$(seq 1 "$total")
  fi
  bad=""; tried=0
  for at in $ns; do
    if [ "$budget" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$budget" ]; then break; fi
    out="$work/run"
    rc=$(run "$kind" "$name" "$at" "$out")
    tried=$((tried + 1))
    why=$(verdict "$kind" "$rc" "$out" "$refrc" "$ref")
    if [ -n "$why" ]; then
      keep="${TMPDIR:-/tmp}/sg-torture-$name-$at.stderr"
      cp "$out.stderr" "$keep" 2>/dev/null
      bad="N=$at: $why (stderr kept in $keep)"
      break
    fi
  done
  n=$((n + 1))
  if [ -z "$bad" ]; then
    echo "ok $n - $kind $name: $tried of $total allocations failed in turn, all clean"
    pass=$((pass + 1))
  else
    echo "not ok $n - $kind $name: $bad, of $total allocations"
    fail=$((fail + 1))
  fi
done
echo "1..$n"
[ "$skipped" -gt 0 ] && echo "# $skipped programs not reached within the budget"
echo "torture: $pass passed, $fail failed ($(( $(date +%s) - start ))s)"
[ "$fail" -eq 0 ]
