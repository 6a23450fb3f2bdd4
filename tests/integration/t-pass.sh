#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-pass - clean mail through a real Postfix: internal and external mail is
# delivered unchanged (apart from Postfix's Received:), the client gets 250,
# the record has a pass event with the recipients classified.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" '^250 ' "internal: client gets 250"
wait_delivered 1
tap_is "$(captured_count)" 1 "internal: delivered"
f=$(captured_last)
cmp -s <(strip_received "$f") <(wire_form "$DEMO/01-internal.eml")
tap_ok $? "internal: bytes unchanged apart from Received:"
tap_is "$(captured_rcpts "$f")" "hanako@example.co.jp" "internal: envelope recipient"
tap_is "$(record_field -1 event)" pass "internal: record event pass"
tap_is "$(record_field -1 recipients)" hanako@example.co.jp "internal: record recipients"

r=$(send_mail $SENDER "$DEMO/02-external.eml" sato@partner.example.com)
tap_like "$r" '^250 ' "external: client gets 250"
wait_delivered 2
tap_is "$(captured_count)" 2 "external: delivered"
f=$(captured_last)
cmp -s <(strip_received "$f") <(wire_form "$DEMO/02-external.eml")
tap_ok $? "external: bytes unchanged apart from Received:"
tap_is "$(record_field -1 event)" pass "external: record event pass"
tap_is "$(record_field -1 sender)" $SENDER "external: record sender"
record_json | tail -n 1 | grep -q '"external":true'
tap_ok $? "external: recipient marked external in the record"
tap_is "$(record_count)" 2 "two records"

# a message larger than spool_memory is spooled to a file: same result
milter_stop
sg_conf "$T/sg.conf" general.spool_memory=4096
milter_start "$T/sg.conf" || { echo "Bail out! milter did not restart"; exit 1; }
{ sed '/^$/q' "$DEMO/01-internal.eml"; for i in $(seq 1 2000); do echo "議事録 line $i: 来週もよろしくお願いします。"; done; } >"$T/big.eml"
r=$(send_mail $SENDER "$T/big.eml" hanako@example.co.jp)
tap_like "$r" '^250 ' "spooled to a file: client gets 250"
wait_delivered 3
f=$(captured_last)
cmp -s <(strip_received "$f") <(wire_form "$T/big.eml")
tap_ok $? "spooled to a file: bytes unchanged apart from Received:"
tap_is "$(record_field -1 event)" pass "spooled to a file: record event pass"
ls "$SG_STATE" | grep -q '^spool\.'
tap_ok $((! $?)) "spooled to a file: no spool file left behind"
tap_done
