#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-hold-durable - a held message survives kill -9 of the milter right after
# the 250 and is released by reply after the restart; with the relay down
# during a release the re-injection is retried with backoff and the message
# is delivered exactly once, recorded once.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
PARTNER=sato@partner.example.com
PROXY_PORT=$(free_port)
sg_require
sg_conf "$T/sg.conf" hold.relay=127.0.0.1:$PROXY_PORT
milter_start "$T/sg.conf" || { echo "Bail out! milter did not start"; exit 1; }
pf_start || { echo "Bail out! postfix did not start"; exit 1; }
proxy_start $PROXY_PORT $RELAY_PORT
trap 'proxy_stop; sg_cleanup' EXIT

r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" $PARTNER)
tap_like "$r" '^250 ' "hold: 250"
milter_kill
tap_ok 0 "milter killed (SIGKILL) right after the 250"
milter_start "$T/sg.conf"
tap_ok $? "milter restarted"
wait_notices $SENDER 1
tap_ok $? "notification arrived"
to=$(make_reply "$(notices_for $SENDER | tail -n 1)" $SENDER "$T/reply.eml")
r=$(send_mail $SENDER "$T/reply.eml" "$to")
tap_like "$r" '^250 ' "reply after the restart accepted"
wait_released $PARTNER 1
tap_ok $? "held message released after kill -9 and restart"
same_as_sent "$(released_for $PARTNER | tail -n 1)" "$DEMO/05-customer-csv.eml"
tap_ok $? "byte-identical but for trace headers"

# relay down during the release
r=$(send_mail $SENDER "$DEMO/05-customer-csv.eml" $PARTNER)
tap_like "$r" '^250 ' "second hold: 250"
wait_notices $SENDER 3
tap_ok $? "second notification arrived"
proxy_stop
to=$(make_reply "$(notices_for $SENDER | tail -n 1)" $SENDER "$T/reply2.eml")
r=$(send_mail $SENDER "$T/reply2.eml" "$to")
tap_like "$r" '^250 ' "reply with the relay down accepted"
for i in $(seq 1 100); do grep -q 're-injection attempt 1 failed' "$T/milter.log" && break; sleep 0.1; done
grep -q 're-injection attempt 1 failed' "$T/milter.log"
tap_ok $? "first re-injection failed and was scheduled for a retry"
tap_is "$(released_for $PARTNER | wc -l)" 1 "nothing more delivered while the relay is down"
proxy_start $PROXY_PORT $RELAY_PORT
wait_released $PARTNER 2 40
tap_ok $? "delivered after the relay came back"
sleep 4
tap_is "$(released_for $PARTNER | wc -l)" 2 "delivered exactly once"
tap_is "$(record_json | grep -c '"event":"release"')" 2 "one release event per hold"
tap_done
