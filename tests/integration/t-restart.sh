#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-restart - the milter dies while Postfix runs (milter_default_action =
# tempfail): the client gets 451 and nothing is lost; after a restart the
# resent message goes through. Also SIGHUP reloads without dropping mail.
. "$top_srcdir/tests/integration/lib.sh"
it_setup

r=$(send_mail $SENDER "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" '^250 ' "before the crash: 250"
wait_delivered 1

milter_kill
r=$(send_mail $SENDER "$DEMO/02-external.eml" sato@partner.example.com)
tap_like "$r" '^4[0-9][0-9] ' "milter down: client gets a temporary failure ($r)"
sleep 1
tap_is "$(captured_count)" 1 "milter down: nothing delivered"

milter_start "$T/sg.conf"
tap_ok $? "milter restarted"
r=$(send_mail $SENDER "$DEMO/02-external.eml" sato@partner.example.com)
tap_like "$r" '^250 ' "after the restart: the resent message gets 250"
wait_delivered 2
tap_is "$(captured_count)" 2 "after the restart: delivered"

# SIGHUP: a bad new config keeps the old one, a good one is loaded
cp "$T/sg.conf" "$T/sg.conf.good"
echo "no_such_key = 1" >>"$T/sg.conf"
kill -HUP "$MILTER_PID"
sleep 1
kill -0 "$MILTER_PID"
tap_ok $? "SIGHUP with a bad config: still running"
grep -q 'reload failed' "$T/milter.log"
tap_ok $? "SIGHUP with a bad config: logged why"
r=$(send_mail $SENDER "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" '^250 ' "SIGHUP with a bad config: mail still flows"
cp "$T/sg.conf.good" "$T/sg.conf"
kill -HUP "$MILTER_PID"
sleep 1
grep -q 'reloaded' "$T/milter.log"
tap_ok $? "SIGHUP with a good config: reloaded"
r=$(send_mail $SENDER "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" '^250 ' "after the reload: 250"
wait_delivered 4
tap_is "$(captured_count)" 4 "every accepted message delivered"
tap_done
