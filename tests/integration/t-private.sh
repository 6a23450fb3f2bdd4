#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-private - mail to a free-mail address is held (private-address).
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/06-private-address.eml" taro.yamada.home@gmail.com)
tap_like "$r" '^250 ' "client gets 250"
sleep 1
tap_is "$(delivered_to taro.yamada.home@gmail.com)" 0 "nothing delivered"
tap_is "$(record_field -1 event)" hold "record event hold"
tap_like "$(record_field -1 rules)" 'private-address' "rule private-address"
tap_done
