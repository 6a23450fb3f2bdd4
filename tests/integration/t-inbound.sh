#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-inbound - mail from outside to the company passes untouched and is not
# recorded (only outgoing mail is inspected), even with content that would be
# held if it went out.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

sed 's/^From: .*/From: Ichiro Sato <sato@partner.example.com>/' "$DEMO/03-mynumber.eml" >"$T/in.eml"
r=$(send_mail sato@partner.example.com "$T/in.eml" taro@example.co.jp)
tap_like "$r" '^250 ' "client gets 250"
wait_delivered 1
tap_is "$(captured_count)" 1 "delivered"
cmp -s <(strip_received "$(captured_last)") <(wire_form "$T/in.eml")
tap_ok $? "unchanged"
tap_is "$(record_json | grep -c .)" 0 "not recorded"
tap_done
