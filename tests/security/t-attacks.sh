#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-attacks - issue 10's attacks on the hold workflow through the real
# Postfix (tests/integration/lib.sh), each one a TAP case that must hold:
#   A1 a subject with an encoded LF, C1 CSI, a My Number and a card number:
#      the notice has no injected line and no full number
#   A2 "reply as it is" to a held subject holding "cancellation" with a
#      run of spaces sends the message (never discards it)
#   A3 20 forged replies from an internal address: at most 3 explanations
#   A4 a notice is never sent to a percent-hack / bang-path sender
#   A5 the token is in no Postfix or milter log line
#   A6 a valid token replayed from a client that is neither authenticated
#      nor a company host (reply_networks without loopback): nothing
#      released, recorded not-proven, no mail to the forged sender
# The counts are in tests/security/README.md.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
it_setup
PARTNER=sato@partner.example.com

body_of() {   # body_of NOTICE: the decoded text body
    python3 - "$1" <<'EOF'
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
sys.stdout.write(m.get_content())
EOF
}
token_of() {  # token_of NOTICE
    body_of "$1" | sed -n -E 's/.*\[SG:[0-9a-f]+:([a-z2-7]{26})\].*/\1/p' | head -n 1
}
held_msg() {  # held_msg FILE SUBJECT-UTF8: a message held for its CSV of My Numbers
    python3 - "$1" "$2" "$DEMO/05-customer-csv.eml" <<'EOF'
import sys, email, email.policy
from email.header import Header
m = email.message_from_binary_file(open(sys.argv[3], "rb"), policy=email.policy.compat32)
del m["Subject"]
m["Subject"] = Header(sys.argv[2], "utf-8")
open(sys.argv[1], "wb").write(m.as_bytes())
EOF
}

# --- A1: injection and numbers in the subject
held_msg "$T/a1.eml" "$(printf '見積 123456789018 card 4111 1111 1111 1111\nBcc: x@evil.example\r\n\302\2332J end')"
r=$(send_mail $SENDER "$T/a1.eml" $PARTNER)
tap_like "$r" '^250 ' "A1: held"
wait_notices $SENDER 1
N=$(notices_for $SENDER | tail -n 1)
body_of "$N" > "$T/a1.txt"
grep -q '^Bcc:' "$T/a1.txt"; tap_is $? 1 "A1: no injected Bcc: line in the notice"
grep -qE '123456789018|4111 1111 1111 1111' "$T/a1.txt" "$N"; tap_is $? 1 "A1: no full number in the notice"
grep -q $'\xc2\x9b' "$T/a1.txt"; tap_is $? 1 "A1: no C1 CSI in the notice"
record_json | grep -qE '123456789018|4111 1111 1111 1111'; tap_is $? 1 "A1: no full number in the record"
grep -qE '123456789018|4111 1111 1111 1111' "$T/milter.log"; tap_is $? 1 "A1: no full number in the milter log"

# --- A2: a cancel word and two spaces in the held subject, plain reply
held_msg "$T/a2.eml" "Order cancellation  notice"
before=$(notices_for $SENDER | wc -l)
send_mail $SENDER "$T/a2.eml" $PARTNER >/dev/null
wait_notices $SENDER $((before + 1))
N2=$(notices_for $SENDER | tail -n 1)
to=$(make_reply "$N2" $SENDER "$T/a2r.eml")
# the client collapses the run of spaces (as many do)
python3 - "$T/a2r.eml" <<'EOF'
import sys, re, email, email.policy
p = sys.argv[1]
m = email.message_from_binary_file(open(p, "rb"), policy=email.policy.default)
s = re.sub(r"\s+", " ", str(m["Subject"]))
m.replace_header("Subject", s)
open(p, "wb").write(m.as_bytes())
EOF
send_mail $SENDER "$T/a2r.eml" "$to" >/dev/null
wait_released $PARTNER 1
tap_ok $? "A2: a plain reply to 'Order cancellation  notice' sends it"
tap_is "$(record_json | grep -c '"event":"discard"')" 0 "A2: nothing discarded"
TOKEN=$(token_of "$N2")

# --- A3: backscatter
before=$(notices_for hanako@example.co.jp | wc -l)
for i in $(seq 1 20); do
    make_reply "$N" hanako@example.co.jp "$T/a3.eml" >/dev/null
    sed -i -E 's/\[SG:([0-9a-f]+):[a-z2-7]{26}\]/[SG:\1:aaaaaaaaaaaaaaaaaaaaaaaaaa]/' "$T/a3.eml"
    send_mail hanako@example.co.jp "$T/a3.eml" "$to" >/dev/null
done
sleep 3
n=$(( $(notices_for hanako@example.co.jp | wc -l) - before ))
tap_ok $([ "$n" -ge 1 ] && [ "$n" -le 3 ]; echo $?) "A3: 20 forged replies, $n explanations (at most 3)"

# --- A4: percent hack and bang path senders get no notice
for s in 'attacker%evil.example@example.co.jp' 'evil.example!attacker@example.co.jp'; do
    before=$(captured_count)
    send_mail "$s" "$DEMO/05-customer-csv.eml" $PARTNER >/dev/null
    sleep 2
    n=0
    for f in $(captured_files); do
        grep -q '^Auto-Submitted: auto-generated' "$f" && grep -qF "$s" "${f%.eml}.env" && n=$((n + 1))
    done
    tap_is "$n" 0 "A4: no notice to $s"
done
grep -q 'not an internal address' "$T/milter.log"; tap_ok $? "A4: the refused notice is logged"

# --- A5: the token never reached a log
tap_like "$TOKEN" '^[a-z2-7]{26}$' "A5: the token was in the notice body"
tap_is "$( (pf_log; cat "$T/milter.log") | grep -c "$TOKEN")" 0 "A5: the token is in no Postfix or milter log line"

# --- A6: a valid token from an outside client (loopback is no company host now)
milter_stop
sg_conf "$T/sg2.conf" hold.reply_networks=192.0.2.0/24
milter_start "$T/sg2.conf" || { echo "Bail out! milter did not restart"; exit 1; }
held_msg "$T/a6.eml" "attack six"
before=$(notices_for $SENDER | wc -l)
send_mail $SENDER "$T/a6.eml" $PARTNER >/dev/null
wait_notices $SENDER $((before + 1))
N6=$(notices_for $SENDER | tail -n 1)
to=$(make_reply "$N6" $SENDER "$T/a6r.eml")
before=$(notices_for $SENDER | wc -l)
send_mail $SENDER "$T/a6r.eml" "$to" >/dev/null
sleep 3
tap_is "$(released_for $PARTNER | wc -l)" 1 "A6: a valid token from an outside client releases nothing"
record_json | grep '"attempt"' | grep -q 'not-proven'; tap_ok $? "A6: recorded as not-proven"
tap_is "$(notices_for $SENDER | wc -l)" "$before" "A6: no mail to the (forged) sender"
tap_done
