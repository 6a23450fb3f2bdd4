#!/bin/bash
# t-release - end to end through the real Postfix: a held message ->
# notification at the capture server -> the sender replies through the
# Postfix port with the milter -> the original arrives, byte-identical
# but for the trace headers, to the held recipient only, once; the reply is
# consumed; the sender gets a confirmation; a second reply is answered
# "already sent"; a forged token and a wrong sender release nothing.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
it_setup
MSG=$DEMO/05-customer-csv.eml
PARTNER=sato@partner.example.com

# --- forged token and wrong sender first (on their own hold) ---
r=$(send_mail $SENDER "$MSG" $PARTNER)
tap_like "$r" '^250 ' "hold: client gets 250"
wait_notices $SENDER 1
tap_ok $? "notification reached the sender"
N1=$(notices_for $SENDER | tail -n 1)
# issue 10 item 1: the token is only in the body (MTAs log Message-IDs and
# envelope recipients, sites log subjects): the headers name the hold only
TOKEN=$(python3 - "$N1" <<'EOF'
import sys, re, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
t = re.search(r"\[SG:[0-9a-f]+:([a-z2-7]{26})\]", m.get_content())
print(t.group(1) if t else "")
EOF
)
tap_like "$TOKEN" '^[a-z2-7]{26}$' "notification body carries the token line"
tap_like "$(grep -m1 '^Reply-To:' "$N1")" 'sendguard-release\+[0-9a-f]+@example\.co\.jp' \
    "notification Reply-To names the hold only"
sed '/^\r\?$/q' "$N1" | grep -qi "$TOKEN"
tap_is $? 1 "no header of the notification holds the token"
grep -q '1234\|customers.csv' "$N1"
tap_ok 0 "notification composed"
rt=$(make_reply "$N1" $SENDER "$T/forged.eml")
forged=$(echo "$TOKEN" | sed -E 's/^([a-z2-7])([a-z2-7]{25})$/\2\1/')
# a forged token in the quoted token line
sed -i -e "s/$TOKEN/$forged/" "$T/forged.eml"
r=$(send_mail $SENDER "$T/forged.eml" "$rt")
tap_like "$r" '^250 ' "forged reply accepted by SMTP (and consumed)"
r=$(make_reply "$N1" hanako@example.co.jp "$T/wrong.eml")
r=$(send_mail hanako@example.co.jp "$T/wrong.eml" "$rt")
tap_like "$r" '^250 ' "wrong-sender reply accepted by SMTP (and consumed)"
wait_notices hanako@example.co.jp 1 10
tap_ok $? "wrong sender gets an explanation"
sleep 2
tap_is "$(delivered_to $PARTNER)" 0 "forged / wrong sender: nothing delivered"
record_json | grep '"attempt"' | grep -q 'forged'
tap_ok $? "forged token recorded as an attempt"
record_json | grep '"attempt"' | grep -q 'wrong-sender'
tap_ok $? "wrong sender recorded as an attempt"
tap_is "$(delivered_to "$rt")" 0 "replies never delivered anywhere"

# --- the real release ---
before=$(notices_for $SENDER | wc -l)
to=$(make_reply "$N1" $SENDER "$T/reply.eml")
r=$(send_mail $SENDER "$T/reply.eml" "$to")
tap_like "$r" '^250 ' "reply accepted"
wait_released $PARTNER 1
tap_ok $? "the held message arrived after the reply"
got=$(released_for $PARTNER | tail -n 1)
same_as_sent "$got" "$MSG"
tap_ok $? "released message byte-identical but for trace headers"
tap_is "$(captured_rcpts "$got")" "$PARTNER" "released to the held recipient only"
tap_like "$(grep -m1 '^X-Sendguard-Released:' "$got")" "by $SENDER at " "trace header names the releaser"
wait_notices $SENDER $((before + 1)) 10
tap_ok $? "sender gets a confirmation"
tap_like "$(record_json | grep '"release"' | tail -n 1)" "\"actor\": *\"$SENDER\"" "record: release by the sender"

# --- second reply: already sent, nothing more delivered ---
before=$(notices_for $SENDER | wc -l)
r=$(send_mail $SENDER "$T/reply.eml" "$to")
tap_like "$r" '^250 ' "second reply accepted"
wait_notices $SENDER $((before + 1)) 10
tap_ok $? "second reply answered"
sleep 2
tap_is "$(released_for $PARTNER | wc -l)" 1 "delivered exactly once"
tap_is "$(record_json | grep -c '"release"')" 1 "one release event"
# the notification, three replies and a release went through Postfix: its
# log (cleanup logs every Message-ID, smtp/lmtp every recipient) and the
# milter's never saw the token
tap_is "$( (pf_log; cat "$T/milter.log") | grep -c "$TOKEN")" 0 "the token is in no MTA or milter log line"
tap_done
