#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-badconf - a bad config: `sendguard-milter -t` fails naming FILE:LINE and
# the daemon refuses to start (exit 1, no socket).
. "$top_srcdir/tests/integration/lib.sh"
[ -x "$SG_MILTER" ] || tap_skip_all "$SG_MILTER not built"
sg_conf "$T/good.conf"
"$SG_MILTER" -t -c "$T/good.conf" >/dev/null 2>&1
tap_ok $? "-t accepts a good config"

cases=(
  "unknown key|[general]
no_such_key = 1"
  "bad number|[policy]
bulk_external_threshold = many"
  "bad enum|[policy]
bulk_action = sometimes"
)
for c in "${cases[@]}"; do
    label=${c%%|*}
    body=${c#*|}
    { cat "$T/good.conf"; printf '%s\n' "$body"; } >"$T/bad.conf"
    line=$(grep -c '' "$T/bad.conf")
    out=$("$SG_MILTER" -t -c "$T/bad.conf" 2>&1)
    rc=$?
    tap_is $rc 1 "$label: -t exits 1"
    tap_like "$out" "bad.conf:$line:" "$label: names file:line ($out)"
    "$SG_MILTER" -f -c "$T/bad.conf" >"$T/start.out" 2>&1 &
    pid=$!
    ( sleep 10; kill $pid 2>/dev/null ) &
    killer=$!
    wait $pid
    rc=$?
    kill $killer 2>/dev/null
    tap_is $rc 1 "$label: the daemon refuses to start"
    tap_ok $([ ! -S "$MILTER_SOCK" ]; echo $?) "$label: no socket left behind"
done
"$SG_MILTER" -t -c "$T/missing.conf" >/dev/null 2>&1
tap_is $? 1 "missing config file: -t exits 1"
"$SG_MILTER" -d | grep -q '^\[general\]'
tap_ok $? "-d without -c prints the annotated sample"
"$SG_MILTER" -d -c "$T/good.conf" | grep -q "internal_domains *= *example.co.jp"
tap_ok $? "-d -c prints the effective config"
tap_done
