#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-attachment - an unencrypted customer CSV to an external partner is held:
# 250 to the client, nothing delivered, a hold event naming
# attachment-unencrypted with the attachment facts.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" sato@partner.example.com)
tap_like "$r" '^250 ' "client gets 250"
sleep 1
tap_is "$(delivered_to sato@partner.example.com)" 0 "nothing delivered"
tap_is "$(record_field -1 event)" hold "record event hold"
tap_like "$(record_field -1 rules)" 'attachment-unencrypted' "rule attachment-unencrypted"
record_json | tail -n 1 | grep -q '"customers.csv"'
tap_ok $? "record lists the attachment"
record_json | tail -n 1 | grep -q 'ichiro@mail.example'
tap_ok $((! $?)) "record holds no attachment content"
tap_done
