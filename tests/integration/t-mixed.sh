#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-mixed - internal and external recipients, held because of the external
# one: the internal recipient gets the message at once (only it is in the
# envelope), the external copy waits; the hold lists only the external one.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/06-private-address.eml" taro.yamada.home@gmail.com hanako@example.co.jp)
tap_like "$r" '^250 ' "client gets 250"
wait_delivered 1
sleep 1
f=$(captured_for hanako@example.co.jp)
tap_ok $([ -n "$f" ]; echo $?) "the internal copy is delivered"
tap_is "$(captured_rcpts "$f")" "hanako@example.co.jp" "only the internal recipient got it"
cmp -s <(strip_received "$f") <(wire_form "$DEMO/06-private-address.eml")
tap_ok $? "internal copy unchanged"
tap_is "$(record_field -1 event)" hold "record event hold"
sleep 1
tap_is "$(delivered_to taro.yamada.home@gmail.com)" 0 "the external copy stays held"
tap_done
