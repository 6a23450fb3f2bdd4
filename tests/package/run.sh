#!/bin/bash
# run.sh - the release checks of the test command (issue 7), run by
# scripts/test.sh after the main build, in that build directory:
#   1. make dist; every file tracked by git is in the tarball
#   2. make distcheck, its inner `make check` limited to a fast subset
#      (the whole suite already ran in the main build)
#   3. tests/package/admin.sh: the Debian package built from that tarball,
#      installed, run as the unit would, used, purged
# Prints the TAP lines and ends with "package: N passed, N failed".
#   tests/package/run.sh BUILDDIR
# SPDX-License-Identifier: BSD-2-Clause
set -u
build=$(readlink -f "${1:?usage: run.sh BUILDDIR}")
top=$(cd "$(dirname "$0")/../.." && pwd)
passed=0; failed=0
res() {   # res STATUS LABEL
    if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok - $2"
    else failed=$((failed + 1)); echo "not ok - $2"; fi
}
DISTCHECK_TESTS="tests/unit/t-lib tests/unit/t-config tests/unit/t-rules tests/unit/t-retain"

cd "$build" || exit 1
t0=$SECONDS
rm -f sendguard-*.tar.gz
make dist >dist.out 2>&1
res $? "make dist"
tarball=$(ls sendguard-*.tar.gz 2>/dev/null | head -1)
if [ -n "$tarball" ] && git -C "$top" rev-parse >/dev/null 2>&1; then
    missing=$(comm -13 <(tar tzf "$tarball" | sed 's|^[^/]*/||' | sort) \
                       <(git -C "$top" ls-files | grep -vxF .gitignore | sort) | tr '\n' ' ')
    res $([ -z "$missing" ]; echo $?) "every tracked file is in $tarball${missing:+ (missing: $missing)}"
fi
# -O0: the compiler's optimiser is most of the time here, and this build
# checks packaging, not code (the main build and the package are -O2)
t1=$SECONDS
make -j2 distcheck TESTS="$DISTCHECK_TESTS" DISTCHECK_CONFIGURE_FLAGS="CFLAGS=-O0" \
    >distcheck.out 2>&1
rc=$?
echo "# distcheck: $((SECONDS - t1)) s"
[ $rc -ne 0 ] && grep -E '\*\*\*|^FAIL|^ERROR|error:' distcheck.out | head -20
res $rc "make distcheck (inner make check: $DISTCHECK_TESTS)"

if [ -n "$tarball" ]; then
    t1=$SECONDS
    out=$(bash "$top/tests/package/admin.sh" "$build/$tarball" 2>&1)
    echo "# admin.sh: $((SECONDS - t1)) s"
    echo "$out" | grep -vE '^ok ' | head -60
    p=$(echo "$out" | grep -cE '^ok ')
    f=$(echo "$out" | grep -cE '^not ok |^Bail out!')
    passed=$((passed + p)); failed=$((failed + f))
    echo "admin.sh: $p passed, $f failed"
fi
echo "# release checks: $((SECONDS - t0)) s"
echo "package: $passed passed, $failed failed"
