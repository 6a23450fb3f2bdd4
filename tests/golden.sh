#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# golden.sh - golden tests: every tests/data/NAME.expect is checked against
# `sendguard-scan --json` of its input tests/data/NAME.* (or of a file that
# a generator tests/data/gen/* wrote). One TAP case per assertion line, and
# one that the whole output equals tests/data/ref/NAME.json (GOLDEN_UPDATE=1,
# or `make golden-update`, rewrites the references: review the diff).
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bld=${top_builddir:-$src/_build}
scan=$bld/tools/sendguard-scan
work=$bld/tests/golden-work
rm -rf "$work"; mkdir -p "$work/gen" "$work/state" "$work/out"
sed -e "s|@top_srcdir@|$src|g" -e "s|@STATE_DIR@|$work/state|g" \
  "$src/tests/data/golden.conf.in" > "$work/golden.conf"

# run generators (each writes its files into the directory given)
for g in "$src"/tests/data/gen/*; do
  [ -f "$g" ] || continue
  case "$g" in
    *.sh) bash "$g" "$work/gen" >/dev/null 2>"$work/out/$(basename "$g").err" ;;
    *.py) python3 "$g" "$work/gen" >/dev/null 2>"$work/out/$(basename "$g").err" ;;
    *) continue ;;
  esac || echo "# generator $(basename "$g") failed: $(head -c 300 "$work/out/$(basename "$g").err")"
done

n=1
for exp in "$src"/tests/data/*.expect; do
  [ -f "$exp" ] || continue
  name=$(basename "$exp" .expect)
  input=""
  for cand in "$src"/tests/data/"$name".* "$work"/gen/"$name".* "$work"/gen/"$name"; do
    [ -f "$cand" ] || continue
    case "$cand" in *.expect) continue ;; esac
    input=$cand; break
  done
  if [ -z "$input" ]; then
    echo "not ok $n - $name: input file not found"; n=$((n + 1)); continue
  fi
  args=$(sed -n 's/^args //p' "$exp" | head -1)
  # shellcheck disable=SC2086
  "$scan" -c "$work/golden.conf" --json $args "$input" > "$work/out/$name.json" 2> "$work/out/$name.err"
  code=$?
  gen=0; case "$input" in "$work"/gen/*) gen=1 ;; esac
  out=$(GOLDEN_GENERATED=$gen TAP_START=$n python3 "$src/tests/golden_check.py" "$exp" "$work/out/$name.json" "$code" "$name" \
    "$src/tests/data/ref/$name.json")
  if ! grep -qE '^(ok|not ok) ' <<<"$out"; then
    out="not ok $n - $name: the checker printed no result (golden_check.py failed)"
  fi
  echo "$out"
  if grep -q '^not ok' <<<"$out"; then
    echo "#   stderr: $(head -c 500 "$work/out/$name.err")"
  fi
  n=$((n + $(grep -cE '^(ok|not ok) ' <<<"$out")))
done
echo "1..$((n - 1))"
