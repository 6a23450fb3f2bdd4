#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-bulk - bulk-external mail (6 external addresses visible in To/Cc):
# bulk_action=hold: 250 to the client, nothing delivered, a hold in the
# record; bulk_action=bcc: every envelope recipient gets it, To is rewritten
# and Cc removed, the body is unchanged, record event bcc.
. "$top_srcdir/tests/integration/lib.sh"
RCPTS="sato@partner.example.com kato@partner.example.com ito@vendor.example.net kimura@vendor.example.net mori@client.example.org abe@client.example.org"
it_setup

r=$(send_mail $SENDER "$DEMO/04-bulk-external.eml" $RCPTS)
tap_like "$r" '^250 ' "hold: client gets 250"
sleep 1
n=0
for a in $RCPTS; do n=$((n + $(delivered_to $a))); done
tap_is $n 0 "hold: nothing delivered to the recipients"
tap_is "$(record_field -1 event)" hold "hold: record event hold"
tap_like "$(record_field -1 rules)" 'bulk-external' "hold: rule bulk-external"
tap_like "$(record_field -1 hold_id)" '^[0-9a-f]+' "hold: record has a hold id"

# the same with bulk_action = bcc
milter_stop
sg_conf "$T/sg.conf" policy.bulk_action=bcc
milter_start "$T/sg.conf" || { echo "Bail out! milter did not restart"; exit 1; }
r=$(send_mail $SENDER "$DEMO/04-bulk-external.eml" $RCPTS)
tap_like "$r" '^250 ' "bcc: client gets 250"
sleep 1
wait_delivered $(( $(captured_count) + 1 )) 10
f=$(captured_for abe@client.example.org)
tap_is "$(captured_rcpts "$f")" "$(echo $RCPTS | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
    "bcc: the envelope still reaches every recipient"
to=$(python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m.get_all("To"))' "$f")
tap_like "$to" "taro@example.co.jp|undisclosed-recipients" "bcc: To rewritten ($to)"
grep -qi '^Cc:' "$f"
tap_ok $((! $?)) "bcc: Cc removed"
grep -q 'kato@partner.example.com' "$f"
tap_ok $((! $?)) "bcc: no recipient address visible in the headers"
tail -n 3 "$f" | grep -q 'ご参加をお待ちしております'
tap_ok $? "bcc: body unchanged"
tap_is "$(record_field -1 event)" bcc "bcc: record event bcc"
tap_done
