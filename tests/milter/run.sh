#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/milter/run.sh - protocol-level tests: each *.lua script runs under
# miltertest against the real sendguard-milter (started by the script with a
# config written here). TAP: one case per script.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
MILTER=$top_builddir/milter/sendguard-milter
command -v miltertest >/dev/null || { echo "1..0 # SKIP miltertest not installed"; exit 0; }
[ -x "$MILTER" ] || { echo "1..0 # SKIP $MILTER not built"; exit 0; }
T=$(mktemp -d /tmp/sg-mt.XXXXXX)
trap 'rm -rf "$T"' EXIT
cat >"$T/sg.conf" <<EOC
[general]
internal_domains = example.co.jp
socket = unix:$T/milter.sock
socket_mode = 0600
state_dir = $T
user =

[hold]
release_address = sendguard-release@example.co.jp
relay = 127.0.0.1:9
templates_dir = $top_srcdir/hold/templates

[scan]
rules_dir = $top_srcdir/rules

[policy]
bulk_action = bcc
EOC
export SG_MILTER=$MILTER SG_CONF=$T/sg.conf SG_SOCK=$T/milter.sock SG_LUA_DIR=$top_srcdir/tests/milter
n=0
fail=0
for lua in "$top_srcdir"/tests/milter/*.lua; do
    name=$(basename "$lua" .lua)
    [ "$name" = common ] && continue
    n=$((n + 1))
    if out=$(miltertest -s "$lua" 2>&1); then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
        echo "$out" | sed 's/^/#   /'
        fail=1
    fi
    rm -f "$T/milter.sock"
done
echo "1..$n"
exit $fail
