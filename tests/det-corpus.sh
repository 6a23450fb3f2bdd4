#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# det-corpus.sh - the detectors' measuring stick (issue 8): generates the
# labelled synthetic corpus (tests/data/gen/det-corpus.py), scans every file
# with sendguard-scan (internal sender, external recipient, no history) and
# checks recall per class and false holds against tests/data/det-corpus.floor
# (tests/det_corpus.py). DET_CORPUS_VERBOSE=1 lists misses and false holds;
# DET_CORPUS_WRITE_FLOOR=1 rewrites the floor with the numbers measured now.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bld=${top_builddir:-$src/_build}
scan=$bld/tools/sendguard-scan
work=$bld/tests/det-corpus-work
rm -rf "$work"; mkdir -p "$work/state"
sed -e "s|@top_srcdir@|$src|g" -e "s|@STATE_DIR@|$work/state|g" \
  "$src/tests/data/golden.conf.in" > "$work/golden.conf"
if ! python3 "$src/tests/data/gen/det-corpus.py" "$work" > /dev/null 2> "$work/gen.err"; then
  echo "not ok 1 - det-corpus.py failed: $(head -c 500 "$work/gen.err")"; echo "1..1"; exit 0
fi
cd "$work/det-corpus" || exit 1
cut -f1 labels.tsv | xargs "$scan" -c "$work/golden.conf" --json --no-history \
  --from sender@example.co.jp --rcpt someone@partner.example > "$work/scan.jsonl" 2> "$work/scan.err"
if [ "${DET_CORPUS_WRITE_FLOOR:-0}" = 1 ]; then
  python3 "$src/tests/det_corpus.py" labels.tsv "$work/scan.jsonl" "$src/tests/data/det-corpus.floor" --write-floor
else
  python3 "$src/tests/det_corpus.py" labels.tsv "$work/scan.jsonl" "$src/tests/data/det-corpus.floor"
fi
