#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-hold-expiry - expiry runs inside the daemon (no cron): with timeout=2s a
# confirmation hold expires, is not delivered, the sender is told and the
# record has expire; with delay=2s a clean external message goes out by
# itself at its deadline (record: release by "delay"). Waits are bounded
# polls; nothing asserts on time.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
it_setup hold.timeout=2s hold.delay=2s
PARTNER=sato@partner.example.com

r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" $PARTNER)
tap_like "$r" '^250 ' "hold: 250"
wait_notices $SENDER 2 30
tap_ok $? "hold notification, then the expiry notice"
for i in $(seq 1 100); do record_json | grep -q '"event":"expire"' && break; sleep 0.1; done
tap_like "$(record_json | grep '"event":"expire"')" '"actor":"sendguard"' "record: expire"
tap_is "$(delivered_to $PARTNER)" 0 "expired message not delivered"
to=$(make_reply "$(notices_for $SENDER | head -n 1)" $SENDER "$T/late.eml")
r=$(send_mail $SENDER "$T/late.eml" "$to")
tap_like "$r" '^250 ' "late reply accepted (and consumed)"
sleep 2
tap_is "$(delivered_to $PARTNER)" 0 "late reply releases nothing"

r=$(send_mail $SENDER "$DEMO/02-external.eml" $PARTNER)
tap_like "$r" '^250 ' "delay hold: 250"
wait_released $PARTNER 1 30
tap_ok $? "delay hold went out by itself"
got=$(released_for $PARTNER | tail -n 1)
same_as_sent "$got" "$DEMO/02-external.eml"
tap_ok $? "delayed message byte-identical but for trace headers"
tap_like "$(grep -m1 '^X-Sendguard-Released:' "$got")" ' by delay at ' "trace header: released by delay"
tap_like "$(record_json | grep '"event":"release"' | tail -n 1)" '"actor":"delay"' "record: release by delay"
tap_done
