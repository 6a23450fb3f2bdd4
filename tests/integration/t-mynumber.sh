#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-mynumber - a My Number to an external partner is rejected (550 5.7.1
# naming the rule), nothing is delivered, the record has a reject event with
# masked evidence only.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/03-mynumber.eml" sato@partner.example.com)
tap_like "$r" '^550 5\.7\.1 ' "client gets 550 5.7.1"
tap_like "$r" 'mynumber' "reply names the rule"
sleep 1
tap_is "$(delivered_to sato@partner.example.com)" 0 "nothing delivered"
tap_is "$(record_field -1 event)" reject "record event reject"
tap_like "$(record_field -1 rules)" 'mynumber' "record rules has mynumber"
record_json | grep -q '314159265352\|3141 5926 5352'
tap_ok $((! $?)) "the number itself is not in the record"
pf_log | grep -q '3141 5926 5352\|314159265352'
tap_ok $((! $?)) "the number itself is not in the Postfix log"
grep -q '3141 5926 5352\|314159265352' "$T/milter.log"
tap_ok $((! $?)) "the number itself is not in the milter log"
tap_done
