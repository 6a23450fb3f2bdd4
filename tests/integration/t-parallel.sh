#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t-parallel - 20 SMTP sessions at once through Postfix and the milter:
# every message is accounted for (delivered or held, one record each).
. "$top_srcdir/tests/integration/lib.sh"
it_setup
N=20

for i in $(seq 1 $N); do
    sed "s/^Message-ID: .*/Message-ID: <par-$i@example.co.jp>/" "$DEMO/01-internal.eml" >"$T/p$i.eml"
done
pids=
for i in $(seq 1 $N); do
    send_mail $SENDER "$T/p$i.eml" hanako@example.co.jp >"$T/p$i.out" &
    pids="$pids $!"
done
wait $pids
ok=$(cat "$T"/p*.out | grep -c '^250 ')
tap_is "$ok" $N "all $N clients got 250"
wait_delivered $N 60
tap_is "$(captured_count)" $N "all $N delivered"
tap_is "$(record_count)" $N "$N records"
tap_is "$(record_json | grep -c '"event":"pass"')" $N "$N pass events"
ids=$(cat "$SINK"/*.eml | grep -o '<par-[0-9]*@' | sort -u | wc -l)
tap_is "$ids" $N "each message exactly once"
"$SG_CTL" -c "$SG_CONF" verify >/dev/null 2>&1
tap_ok $? "record chain verifies after concurrent writes"
tap_done
