#!/bin/bash
# t-sendmail - the scenarios that matter, through a real Sendmail (8.17,
# Debian's, unpacked privately: tests/integration/sm_lib.sh) configured with
# the shipped contrib/sendmail/sendguard.mc: pass, reject (My Number), hold,
# bcc rewrite, release by replying to the notification through Sendmail,
# the queue id reaching the milter, and the milter down -> 4xx (F=T).
# SPDX-License-Identifier: BSD-2-Clause
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
. "$top_srcdir/tests/integration/sm_lib.sh"
sm_setup
PARTNER=sato@partner.example.com

# --- pass -----------------------------------------------------------------
r=$(send_mail $SENDER "$DEMO/02-external.eml" $PARTNER)
tap_like "$r" '^250 ' "pass: Sendmail answers 250 ($r)"
wait_delivered 1 60
tap_is "$(delivered_to $PARTNER)" 1 "pass: delivered"
tap_is "$(record_field -1 event)" pass "pass: record event pass"
qid=$(record_field -1 queue_id)
tap_like "$qid" '^[0-9A-Za-z]{8,}$' "the queue id (macro i) reached the milter ($qid)"
grep -q "$qid" "$T/milter.log"
tap_ok $? "the milter's log line names Sendmail's queue id"

# --- reject ---------------------------------------------------------------
r=$(send_mail $SENDER "$DEMO/03-mynumber.eml" kato@partner.example.com)
tap_like "$r" '^550 5\.7\.1 .*mynumber' "reject: My Number gets 550 5.7.1 naming the rule ($r)"
tap_is "$(record_field -1 event)" reject "reject: record event reject"

# --- hold, then release by reply through Sendmail -------------------------
MSG=$DEMO/05-customer-csv.eml
r=$(send_mail $SENDER "$MSG" ito@partner.example.com)
tap_like "$r" '^250 ' "hold: Sendmail answers 250 ($r)"
tap_is "$(record_field -1 event)" hold "hold: record event hold"
wait_notices $SENDER 1 60
tap_ok $? "hold: the notification reached the sender through the re-injection daemon"
tap_is "$(delivered_to ito@partner.example.com)" 0 "hold: nothing delivered yet"
N1=$(notices_for $SENDER | tail -n 1)
to=$(make_reply "$N1" $SENDER "$T/reply.eml")
r=$(send_mail $SENDER "$T/reply.eml" "$to")
tap_like "$r" '^250 ' "release: the reply is accepted by Sendmail ($r)"
wait_released ito@partner.example.com 1 60
tap_ok $? "release: the held message arrived after the reply"
got=$(released_for ito@partner.example.com | tail -n 1)
same_as_sent "$got" "$MSG"
tap_ok $? "release: byte-identical but for the trace headers"
tap_like "$(record_json | grep '"release"' | tail -n 1)" "\"actor\": *\"$SENDER\"" "release: recorded, by the sender"
tap_is "$(delivered_to "$to")" 0 "release: the reply itself is delivered nowhere"

# --- bcc rewrite ----------------------------------------------------------
RCPTS="a1@partner.example.com a2@partner.example.com b1@vendor.example.net b2@vendor.example.net c1@client.example.org c2@client.example.org"
milter_stop
sg_conf "$T/sg.conf" policy.bulk_action=bcc
milter_start "$T/sg.conf" || { echo "Bail out! milter did not restart"; exit 1; }
r=$(send_mail $SENDER "$DEMO/04-bulk-external.eml" $RCPTS)
tap_like "$r" '^250 ' "bcc: Sendmail answers 250 ($r)"
for i in $(seq 1 300); do [ -n "$(captured_for c2@client.example.org)" ] && break; sleep 0.1; done
f=$(captured_for c2@client.example.org)
tap_ok $([ -n "$f" ]; echo $?) "bcc: delivered"
if [ -n "$f" ]; then
    grep -qi '^Cc:' "$f"
    tap_ok $((! $?)) "bcc: Cc removed"
    grep -q 'kato@partner.example.com' "$f"
    tap_ok $((! $?)) "bcc: no recipient address visible in the headers"
else
    tap_ok 1 "bcc: Cc removed"; tap_ok 1 "bcc: no recipient address visible"
fi
tap_is "$(record_field -1 event)" bcc "bcc: record event bcc"

# --- milter down: 4xx (F=T), nothing delivered ----------------------------
milter_kill
before=$(captured_count)
r=$(send_mail $SENDER "$DEMO/02-external.eml" down@partner.example.com)
tap_like "$r" '^4[0-9][0-9] ' "milter down: Sendmail answers 4xx, the client retries ($r)"
sleep 1
tap_is "$(delivered_to down@partner.example.com)" 0 "milter down: nothing delivered"
tap_done
