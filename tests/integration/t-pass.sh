#!/bin/bash
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
tap_done
