#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# run.sh BUILD_DIR - builds the scanner with clang + libFuzzer + ASan/UBSan in
# BUILD_DIR, links every tests/fuzz/fuzz_*.c (entry LLVMFuzzerTestOneInput),
# runs each for a bounded time and prints one TAP-ish line per target and a
# final line `fuzz: N passed, N failed`. Exit 0 only when all passed.
#
# Seeds: files of the right kind from tests/data/ and from what the
# generators tests/data/gen/* write into BUILD_DIR/gen (fuzz_mime: *.eml; other
# targets: archives and documents); the corpus grows in BUILD_DIR/corpus/.
# A crash leaves its input in BUILD_DIR/artifacts/ and its log in
# BUILD_DIR/NAME.log. Environment: FUZZ_TIME (seconds per target, default
# 20), FUZZ_RSS_MB (default 2048).
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1" || exit 2
bd=$(cd "$1" && pwd)
t=${FUZZ_TIME:-20}
rss=${FUZZ_RSS_MB:-2048}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
pass=0
fail=0
n=0

report() {  # ok|not ok, label
    n=$((n + 1))
    echo "$1 $n - $2"
    if [ "$1" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

finish() {
    echo "1..$n"
    echo "fuzz: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

cd "$bd" || exit 2
if [ ! -f Makefile ]; then
    if ! CC=clang "$src/configure" CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san" \
            >configure.log 2>&1; then
        report "not ok" "configure with clang (see $bd/configure.log)"
        finish
    fi
fi
if ! make -j2 scanner/libsgscanner.a config/libsgconfig.a lib/libsglib.a >make.log 2>&1; then
    report "not ok" "build the scanner libraries (see $bd/make.log)"
    finish
fi

# the scanner's link libraries, as configure found them
mkvar() { sed -n "s/^$1 = //p" Makefile | head -1; }
libs="$(mkvar GMIME_LIBS) $(mkvar MAGIC_LIBS) $(mkvar ZIP_LIBS) $(mkvar ARCHIVE_LIBS) \
$(mkvar PCRE2_LIBS) $(mkvar CLAMAV_LIBS) $(mkvar XML_LIBS) $(mkvar CRYPTO_LIBS) $(mkvar ZLIB_LIBS) \
$(mkvar GSF_LIBS) -lm"
cflags="-I$bd -I$src/lib -I$src/config -I$src/scanner -I$src/scanner/detect $(mkvar GMIME_CFLAGS) $(mkvar XML_CFLAGS) $(mkvar GSF_CFLAGS)"
export SG_FUZZ_RULES_DIR="$src/rules"

seeds() {   # target name -> seed file patterns
    case "$1" in
    fuzz_mime) echo "*.eml" ;;
    fuzz_archive) echo "*.zip *.docx *.xlsx *.pptx *.7z *.rar *.lzh *.tar *.gz *.tgz *.pdf *.doc *.xls *.ppt *.msg *.dat *.rtf *.odt *.ods *.odp *.vcf *.ics *.csv *.txt" ;;
    fuzz_records) echo "*.rtf *.dat *.vcf *.ics" ;;
    fuzz_pdf) echo "*.pdf" ;;
    fuzz_text) echo "*.txt *.csv *.eml" ;;
    *) echo "*" ;;
    esac
}

# generated test inputs (tests/data/gen/*) are seeds too
mkdir -p gen
for g in "$src"/tests/data/gen/*; do
    case "$g" in
    *.sh) bash "$g" "$bd/gen" >/dev/null 2>&1 ;;
    *.py) python3 "$g" "$bd/gen" >/dev/null 2>&1 ;;
    esac
done

for f in "$src"/tests/fuzz/fuzz_*.c; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .c)
    # shellcheck disable=SC2086
    if ! clang -g -O1 -fsanitize=fuzzer $san $cflags "$f" -o "$name" \
            scanner/libsgscanner.a config/libsgconfig.a lib/libsglib.a $libs >"$name.build.log" 2>&1; then
        report "not ok" "$name: build (see $bd/$name.build.log)"
        continue
    fi
    mkdir -p "corpus/$name" "seeds/$name" artifacts
    for pat in $(seeds "$name"); do
        for s in "$src"/tests/data/$pat "$bd"/gen/$pat; do
            [ -f "$s" ] && cp "$s" "seeds/$name/"
        done
    done
    if ./"$name" -max_total_time="$t" -rss_limit_mb="$rss" -timeout=10 \
            -artifact_prefix="$bd/artifacts/$name-" -print_final_stats=1 \
            "corpus/$name" "seeds/$name" >"$name.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$name.log" | tail -1)
        report ok "$name: ${runs:-?} runs in ${t}s, no crash"
    else
        report "not ok" "$name: crash or leak (see $bd/$name.log, $bd/artifacts/)"
    fi
done
finish
