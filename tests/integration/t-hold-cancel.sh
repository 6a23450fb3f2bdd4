#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-hold-cancel - cancel by reply through the real Postfix: 取消 in the
# subject discards a confirmation hold; "cancel" on the first body line
# discards a delay hold ([hold] delay) before its deadline; nothing is
# delivered, the sender gets a confirmation, the record has discard events.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
it_setup hold.delay=1h
PARTNER=sato@partner.example.com

r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" $PARTNER)
tap_like "$r" '^250 ' "hold: 250"
wait_notices $SENDER 1
tap_ok $? "hold notification arrived"
to=$(make_reply "$(notices_for $SENDER | tail -n 1)" $SENDER "$T/cancel.eml" "" "取消 ")
r=$(send_mail $SENDER "$T/cancel.eml" "$to")
tap_like "$r" '^250 ' "cancel reply accepted"
wait_notices $SENDER 2 10
tap_ok $? "sender gets a confirmation"
tap_is "$(record_json | grep -c '"event":"discard"')" 1 "record: one discard"

r=$(send_mail $SENDER "$DEMO/02-external.eml" $PARTNER)
tap_like "$r" '^250 ' "delay hold: 250"
wait_notices $SENDER 3
tap_ok $? "delay notice arrived"
tap_like "$(record_json | grep '"event":"hold"' | tail -n 1)" '"note":"delay"' "record: delay hold"
to=$(make_reply "$(notices_for $SENDER | tail -n 1)" $SENDER "$T/cancel2.eml" "Cancel, please")
r=$(send_mail $SENDER "$T/cancel2.eml" "$to")
tap_like "$r" '^250 ' "cancel reply accepted"
wait_notices $SENDER 4 10
tap_ok $? "sender gets a confirmation"
tap_is "$(record_json | grep -c '"event":"discard"')" 2 "record: two discards"
sleep 2
tap_is "$(delivered_to $PARTNER)" 0 "nothing delivered to the partner"
tap_done
