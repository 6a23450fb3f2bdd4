#!/bin/bash
# t-ha - two relays, one PostgreSQL (issue 12): a private PostgreSQL on
# loopback (tests/pg-lib.sh), two private Postfix instances, each with its
# own sendguard-milter (hostnames relay-a and relay-b), sharing the
# database and the release key. Scenarios: a hold made through A is
# released by a reply through B, exactly once; a reply sent to both at once
# releases once; an expiry due while both run happens once; A killed with
# SIGKILL while holding, B still releases A's hold; PostgreSQL stopped with
# -m immediate under load and started again: every message is delivered
# once, held once, or refused with a 4xx and retried, the outage is logged
# once per relay; at the end `sendguardctl verify` is clean with events
# from both relays in one chain.
# SPDX-License-Identifier: BSD-2-Clause
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/hold_helpers.sh"
. "$top_srcdir/tests/pg-lib.sh"
sg_require
pg_have || tap_skip_all "PostgreSQL server not installed (scripts/install-deps.sh installs postgresql)"

MSG=$DEMO/05-customer-csv.eml
PASSMSG=$T/pass.eml
printf 'From: %s\nTo: x@partner.example\nSubject: plain note\nMessage-ID: <pass@example.co.jp>\n\nNothing personal here.\n' \
    "$SENDER" > "$PASSMSG"

B_MPID=
B_PF=
ha_cleanup() {
    set +e
    [ -n "$B_MPID" ] && kill -TERM "$B_MPID" 2>/dev/null && wait "$B_MPID" 2>/dev/null
    [ -n "$B_PF" ] && PF=$B_PF && PF_RUNNING=1 && pf_stop
    [ -n "$A_PF" ] && PF=$A_PF && PF_RUNNING=1
    [ -n "${PG_DIR:-}" ] && pg_stop immediate
    sg_cleanup
}
trap ha_cleanup EXIT

pg_start "$T/pg" || { echo "Bail out! PostgreSQL did not start: $(tail -n 5 "$T/pg/log" 2>/dev/null)"; exit 1; }
pg_psql -c "CREATE DATABASE ha" >/dev/null
DB=$SG_TEST_PG/ha
KEY=$T/release.key
mkdir -p "$T/state-a" "$T/state-b"

# relay A: the harness's own Postfix and milter
sg_conf "$T/a.conf" general.hostname=relay-a.example.co.jp general.state_dir="$T/state-a" \
    record.database="$DB" hold.secret_file="$KEY"
milter_start "$T/a.conf" || { echo "Bail out! milter A did not start"; exit 1; }
pf_start || { echo "Bail out! postfix A did not start"; exit 1; }
A_SMTP=$SMTP_PORT A_PF=$PF A_LOG=$T/milter.log

# relay B: a second Postfix (own ports, queue, log) and milter (own socket)
SMTP_PORT=$(free_port) RELAY_PORT=$(free_port) MILTER_SOCK=$T/milter-b.sock PF=$T/pfb
sg_conf "$T/b.conf" general.hostname=relay-b.example.co.jp general.state_dir="$T/state-b" \
    record.database="$DB" hold.secret_file="$KEY"
"$SG_MILTER" -f -c "$T/b.conf" >>"$T/milter-b.log" 2>&1 &
B_MPID=$!
for i in $(seq 1 100); do grep -q 'started, listening' "$T/milter-b.log" && break; sleep 0.1; done
grep -q 'started, listening' "$T/milter-b.log" || { echo "Bail out! milter B did not start"; sed 's/^/# /' "$T/milter-b.log"; exit 1; }
PF_RUNNING=
pf_start || { echo "Bail out! postfix B did not start"; exit 1; }
B_SMTP=$SMTP_PORT B_PF=$PF B_LOG=$T/milter-b.log
SG_CONF=$T/a.conf
tap_ok 0 "PostgreSQL, two Postfix instances and two milters up"

send_a() { python3 "$SG_IT/send.py" "$A_SMTP" "$@"; }
send_b() { python3 "$SG_IT/send.py" "$B_SMTP" "$@"; }
ctl_b() { "$SG_CTL" -c "$T/b.conf" "$@"; }
hold_count() { PGDB=ha pg_psql -c "SELECT count(*) FROM holds WHERE $1"; }
# events of a hold: "event node" lines
hold_events() { PGDB=ha pg_psql -F' ' -c "SELECT event, node FROM record WHERE hold_id = '$1' ORDER BY seq"; }
last_hold() { PGDB=ha pg_psql -c "SELECT id FROM holds ORDER BY n DESC LIMIT 1"; }

# --- 1. hold through A, the reply through B releases it, once ---
P1=sato@partner.example.com
r=$(send_a $SENDER "$MSG" $P1); tap_like "$r" '^250 ' "relay A holds (250 to the client)"
H1=$(last_hold)
wait_notices $SENDER 1; tap_ok $? "notification sent"
N1=$(notices_for $SENDER | tail -n 1)
to=$(make_reply "$N1" $SENDER "$T/reply1.eml")
r=$(send_b $SENDER "$T/reply1.eml" "$to"); tap_like "$r" '^250 ' "the reply goes through relay B"
wait_released $P1 1; tap_ok $? "relay B released relay A's hold"
got=$(released_for $P1 | tail -n 1)
same_as_sent "$got" "$MSG"; tap_ok $? "released message byte-identical but for trace headers"
tap_is "$(hold_events "$H1" | tr '\n' ';')" "hold relay-a.example.co.jp;release relay-b.example.co.jp;" \
    "the hold event names relay A, the release relay B"
before=$(notices_for $SENDER | wc -l)
r=$(send_a $SENDER "$T/reply1.eml" "$to"); tap_like "$r" '^250 ' "the same reply again, through A"
wait_notices $SENDER $((before + 1)) 10; tap_ok $? "answered (already sent)"
sleep 2
tap_is "$(released_for $P1 | wc -l)" 1 "delivered exactly once"

# --- 2. the same reply to both relays at once ---
P2=suzuki@partner.example.com
r=$(send_a $SENDER "$MSG" $P2); tap_like "$r" '^250 ' "second hold through A"
H2=$(last_hold)
wait_notices $SENDER $((before + 2)); N2=$(notices_for $SENDER | grep -v -F -x -f <(echo "$N1") | tail -n 1)
for f in $(notices_for $SENDER); do grep -q "$H2" "$f" && N2=$f; done
to2=$(make_reply "$N2" $SENDER "$T/reply2.eml")
send_a $SENDER "$T/reply2.eml" "$to2" > "$T/ra" &
pa=$!
send_b $SENDER "$T/reply2.eml" "$to2" > "$T/rb" &
pb=$!
wait $pa $pb
tap_like "$(cat "$T/ra") $(cat "$T/rb")" '^250 .* 250 ' "both relays accepted the reply"
wait_released $P2 1; tap_ok $? "released"
sleep 3
tap_is "$(released_for $P2 | wc -l)" 1 "reply to both at once: delivered once"
tap_is "$(hold_events "$H2" | grep -c '^release ')" 1 "one release event"

# --- 3. expiry due while both relays run: once ---
P3=takahashi@partner.example.com
r=$(send_b $SENDER "$MSG" $P3); tap_like "$r" '^250 ' "third hold, through B"
H3=$(last_hold)
nb=$(notices_for $SENDER | wc -l)
PGDB=ha pg_psql -c "UPDATE holds SET expires = 1 WHERE id = '$H3'" >/dev/null
for i in $(seq 1 100); do [ "$(hold_count "id = '$H3' AND state = 'expired'")" = 1 ] && break; sleep 0.1; done
tap_is "$(hold_count "id = '$H3' AND state = 'expired'")" 1 "the due hold expired"
sleep 5     # both background passes (every 2 s) have run again
tap_is "$(hold_events "$H3" | grep -c '^expire ')" 1 "expired once (one event)"
tap_is "$(delivered_to $P3)" 0 "nothing delivered"

# --- 4. A killed with SIGKILL while holding; B serves A's hold ---
P4=ito@partner.example.com
r=$(send_a $SENDER "$MSG" $P4); tap_like "$r" '^250 ' "fourth hold through A"
H4=$(last_hold)
for i in $(seq 1 100); do [ "$(notices_for $SENDER | xargs grep -l "$H4" 2>/dev/null | wc -l)" -ge 1 ] && break; sleep 0.1; done
N4=$(notices_for $SENDER | xargs grep -l "$H4" | tail -n 1)
milter_kill
tap_ok $? "relay A's milter killed (SIGKILL)"
ctl_b list > "$T/list-b"
grep -q "${H4:0:12}" "$T/list-b"; tap_ok $? "relay B lists relay A's hold"
to4=$(make_reply "$N4" $SENDER "$T/reply4.eml")
r=$(send_b $SENDER "$T/reply4.eml" "$to4"); tap_like "$r" '^250 ' "reply through B"
wait_released $P4 1; tap_ok $? "relay B released the hold of the dead relay A"

# --- 5. PostgreSQL stopped (-m immediate) under load, started again ---
LOAD=24
: > "$T/load.out"
load() {   # sends LOAD messages through B; a 4xx is retried after 1 s, up to 60 times
    local i k r
    for i in $(seq 1 $LOAD); do
        sed "s/^Message-ID: .*/Message-ID: <load-$i@example.co.jp>/; s/^Subject: .*/Subject: load $i/" \
            "$PASSMSG" > "$T/load-$i.eml"
        for k in $(seq 1 60); do
            r=$(send_b $SENDER "$T/load-$i.eml" "load$i@partner.example")
            echo "$i $r" >> "$T/load.out"
            case $r in 4*) sleep 1 ;; *) break ;; esac
        done
        sleep 0.1
    done
}
load &
LPID=$!
sleep 1
pg_stop immediate; tap_ok $? "PostgreSQL stopped with -m immediate while mail flows"
sleep 3
pg_restart; tap_ok $? "PostgreSQL started again"
wait $LPID
tap_is "$(grep -c '^[0-9]* 250 ' "$T/load.out")" $LOAD "every load message accepted in the end"
tempf=$(grep -c '^[0-9]* 4' "$T/load.out")
echo "# $tempf answer(s) were 4xx during the outage, then retried"
tap_ok $([ "$tempf" -gt 0 ] && echo 0 || echo 1) "the outage answered 4xx (on_error tempfail), not accept or 5xx"
tap_is "$(grep -c '^[0-9]* 5' "$T/load.out")" 0 "no 5xx"
load_counts() {   # "MISSING DUPLICATED" over the load recipients, one pass over the sink
    python3 - "$SINK" $LOAD <<'PY'
import glob, json, sys
n, c = int(sys.argv[2]), {}
for f in glob.glob(sys.argv[1] + "/*.env"):
    for r in json.load(open(f))["rcpts"]:
        c[r] = c.get(r, 0) + 1
got = [c.get("load%d@partner.example" % k, 0) for k in range(1, n + 1)]
print(sum(1 for x in got if x == 0), sum(1 for x in got if x > 1))
PY
}
for i in $(seq 1 150); do [ "$(load_counts)" = "0 0" ] && break; sleep 0.2; done
tap_is "$(load_counts)" "0 0" "every load message delivered, none twice"
tap_is "$(grep -c 'database unavailable' "$B_LOG")" 1 "relay B logged the outage once"
grep -q 'database back after' "$B_LOG"; tap_ok $? "and that the database is back"
r=$(send_b $SENDER "$MSG" yamada@partner.example.com); tap_like "$r" '^250 ' "holds work again after the restart"

# --- 6. one chain, events from both relays ---
ctl_b verify > "$T/verify"; tap_ok $? "sendguardctl verify: the record is intact"
sed 's/^/# /' "$T/verify"
nodes=$(PGDB=ha pg_psql -c "SELECT string_agg(DISTINCT node, ',') FROM record")
tap_is "$nodes" "relay-a.example.co.jp,relay-b.example.co.jp" "events from both relays in one chain"
tap_done
