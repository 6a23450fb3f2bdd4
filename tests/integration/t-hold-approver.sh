#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-hold-approver - a hold-approver rule: the approver (from approvers_file)
# gets the approval request, the sender a waiting note; the sender's reply
# releases nothing; the approver's reply releases; delivered once.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
BOSS=boss@example.co.jp
PARTNER=sato@partner.example.com
echo "* $BOSS" >"$T/approvers"
it_setup actions.personal-data=hold-approver hold.approvers_file="$T/approvers"

r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" $PARTNER)
tap_like "$r" '^250 ' "hold-approver: 250"
wait_notices $BOSS 1
tap_ok $? "approver gets the request"
wait_notices $SENDER 1
tap_ok $? "sender gets the waiting note"
tap_like "$(record_json | grep '"event":"hold"' | tail -n 1)" '"action":"hold-approver"' "record: hold-approver"

to=$(make_reply "$(notices_for $SENDER | tail -n 1)" $SENDER "$T/sender.eml")
r=$(send_mail $SENDER "$T/sender.eml" "$to")
tap_like "$r" '^250 ' "sender's reply accepted (and consumed)"
wait_notices $SENDER 2 10
tap_ok $? "sender told only the approver can send it"
tap_is "$(delivered_to $PARTNER)" 0 "sender's reply releases nothing"

to=$(make_reply "$(notices_for $BOSS | tail -n 1)" $BOSS "$T/boss.eml" "承認します")
r=$(send_mail $BOSS "$T/boss.eml" "$to")
tap_like "$r" '^250 ' "approver's reply accepted"
wait_released $PARTNER 1
tap_ok $? "approved message delivered"
same_as_sent "$(released_for $PARTNER | tail -n 1)" "$DEMO/05-customer-csv.eml"
tap_ok $? "approved message byte-identical but for trace headers"
tap_like "$(record_json | grep '"event":"release"' | tail -n 1)" "\"actor\":\"$BOSS\"" "record: release by the approver"
sleep 2
tap_is "$(released_for $PARTNER | wc -l)" 1 "delivered once"
tap_done
