#!/bin/bash
# t-admin-check - what an admin following the docs ran into (issue 7): -t
# checks as the run-time user what the daemon needs, both socket spellings
# listen exactly where asked, a daemon started with a relative -c path works,
# a failed start removes its socket, and sendguardctl run as root on a fresh
# state dir leaves a database the daemon (run-time user) can use.
# SPDX-License-Identifier: BSD-2-Clause
. "$top_srcdir/tests/integration/lib.sh"
sg_require
getent passwd sendguard >/dev/null || tap_skip_all "no sendguard user (scripts/install-deps.sh)"
command -v setpriv >/dev/null || tap_skip_all "setpriv missing"

as_sg() { setpriv --reuid sendguard --regid sendguard --init-groups "$@"; }
listening() {   # listening ADDR PORT: a listening TCP socket on exactly ADDR:PORT
    python3 - "$1" "$2" <<'EOF'
import socket, struct, sys
addr, port = sys.argv[1], int(sys.argv[2])
want = "%08X:%04X" % (struct.unpack("<I", socket.inet_aton(addr))[0], port)
for line in open("/proc/net/tcp").readlines()[1:]:
    f = line.split()
    if f[1] == want and f[3] == "0A":
        sys.exit(0)
sys.exit(1)
EOF
}
start_bg() {    # start_bg LOG ARGS...: the daemon in the foreground, in the background
    local log=$1; shift
    "$SG_MILTER" "$@" >"$log" 2>&1 &
    BG=$!
    local i
    for i in $(seq 1 100); do
        grep -q 'started, listening' "$log" && return 0
        kill -0 $BG 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
stop_bg() { kill -TERM $BG 2>/dev/null; wait $BG 2>/dev/null; }

chown sendguard: "$SG_STATE"

# --- -t as the run-time user ------------------------------------------------
sg_conf "$T/u.conf" general.user=sendguard
out=$("$SG_MILTER" -t -c "$T/u.conf" 2>&1)
tap_is $? 0 "-t as root with user = sendguard: OK ($out)"
tap_like "$out" "checked as user sendguard" "-t says which user it checked as"
tap_is "$(stat -c %U "$SG_STATE/release.key" 2>/dev/null)" sendguard "the key file -t creates belongs to sendguard"
tap_is "$(stat -c %U "$SG_STATE/sendguard.db" 2>/dev/null)" sendguard "the database -t creates belongs to sendguard"

# a state dir the run-time user cannot write: error names state_dir (default line)
mkdir -p "$T/rootstate"; chmod 750 "$T/rootstate"
sg_conf "$T/rs.conf" general.user=sendguard general.state_dir="$T/rootstate"
line=$(grep -n '^state_dir' "$T/rs.conf" | cut -d: -f1)
out=$("$SG_MILTER" -t -c "$T/rs.conf" 2>&1)
tap_is $? 1 "-t: state_dir not writable by the run-time user fails"
tap_like "$out" "rs.conf:$line: \[general\] state_dir: .*user sendguard cannot create" "... naming FILE:LINE and key ($out)"

# a database created by root (sendguardctl before the fix): -t fails, names [record] database
mkdir -p "$T/s2"; chown sendguard: "$T/s2"
sqlite3 "$T/s2/sendguard.db" 'CREATE TABLE x(y);'; chmod 640 "$T/s2/sendguard.db"
sg_conf "$T/db.conf" general.user=sendguard general.state_dir="$T/s2"
out=$("$SG_MILTER" -t -c "$T/db.conf" 2>&1)
tap_is $? 1 "-t: a database the run-time user cannot write fails"
tap_like "$out" "db.conf: \[record\] database \(default\): .*sendguard.db: user sendguard cannot read and write" \
    "... naming the key ($out)"

# a user that does not exist: FILE:LINE
sg_conf "$T/nu.conf" general.user=no-such-user-sg
line=$(grep -n '^user' "$T/nu.conf" | cut -d: -f1)
out=$("$SG_MILTER" -t -c "$T/nu.conf" 2>&1)
tap_like "$out" "nu.conf:$line: \[general\] user: no such user: no-such-user-sg" "-t: unknown user names FILE:LINE ($out)"

# started as the run-time user (as under the unit's User=): the socket's directory must be its own
mkdir -p "$T/rootsock"; chmod 755 "$T/rootsock"
sg_conf "$T/rsock.conf" general.user=sendguard general.socket="unix:$T/rootsock/m.sock"
out=$(as_sg "$SG_MILTER" -t -c "$T/rsock.conf" 2>&1)
tap_is $? 1 "-t as sendguard: a socket directory it cannot write fails"
tap_like "$out" "\[general\] socket.*rootsock: user sendguard cannot create" "... naming the socket key ($out)"

# a rules_dir that does not exist: named by its key
sg_conf "$T/r.conf" scan.rules_dir="$T/no-rules"
line=$(grep -n '^rules_dir' "$T/r.conf" | cut -d: -f1)
out=$("$SG_MILTER" -t -c "$T/r.conf" 2>&1)
tap_like "$out" "r.conf:$line: \[scan\] rules_dir: .*no-rules: No such file" "-t: a missing rules_dir names FILE:LINE and key ($out)"

# empty internal_domains: a warning, exit 0
sg_conf "$T/e.conf" general.internal_domains= general.user=sendguard
out=$("$SG_MILTER" -t -c "$T/e.conf" 2>&1)
tap_is $? 0 "-t: empty internal_domains is not an error"
tap_like "$out" "internal_domains.*warning: empty" "-t warns on empty internal_domains ($out)"

# '#' after a value
sg_conf "$T/h.conf" general.user=sendguard "general.socket=unix:$T/milter.sock   # inside smtpd's chroot"
out=$("$SG_MILTER" -t -c "$T/h.conf" 2>&1)
tap_is $? 1 "-t: an end-of-line comment is an error"
tap_like "$out" "h.conf:[0-9]+: \[general\] socket: '#' in the value" "... naming FILE:LINE ($out)"

# --- both socket spellings listen exactly where asked --------------------
for spelling in "inet:127.0.0.1:$MILTER_PORT" "inet:$MILTER_PORT@127.0.0.1"; do
    sg_conf "$T/i.conf" general.socket="$spelling"
    if start_bg "$T/i.log" -f -c "$T/i.conf"; then
        listening 127.0.0.1 "$MILTER_PORT"
        tap_ok $? "$spelling: listens on 127.0.0.1:$MILTER_PORT"
        ! listening 0.0.0.0 127
        tap_ok $? "$spelling: not on 0.0.0.0:127"
    else
        tap_ok 1 "$spelling: the daemon starts"; sed 's/^/#   /' "$T/i.log"
    fi
    stop_bg
done

# --- a relative -c path without -f ---------------------------------------
sg_conf "$T/rel.conf" general.user=sendguard
( cd "$T" && "$SG_MILTER" -c rel.conf ) >"$T/rel.out" 2>&1
tap_is $? 0 "daemon start with a relative -c path: exit 0 ($(cat "$T/rel.out"))"
pid=
for i in $(seq 1 50); do
    pid=$(pgrep -f -x "$SG_MILTER -c rel.conf" | head -1)
    [ -n "$pid" ] && [ -S "$MILTER_SOCK" ] && break
    sleep 0.1
done
tap_ok $([ -S "$MILTER_SOCK" ]; echo $?) "... and it listens"
[ -n "$pid" ] && kill -TERM "$pid"
for i in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done

# --- a start that fails after binding removes its socket ------------------
rm -f "$MILTER_SOCK"
sg_conf "$T/f.conf" scan.rules_dir="$T/no-such-rules"
"$SG_MILTER" -f -c "$T/f.conf" >"$T/f.out" 2>&1
tap_is $? 1 "a start that fails after binding exits 1"
tap_ok $([ ! -e "$MILTER_SOCK" ]; echo $?) "... and removes its socket"

# --- sendguardctl as root on a fresh state dir, then the daemon ----------
rm -rf "$SG_STATE"; mkdir -p "$SG_STATE"; chown sendguard: "$SG_STATE"; chmod 750 "$SG_STATE"
sg_conf "$T/sg.conf" general.user=sendguard
"$SG_CTL" -c "$T/sg.conf" verify >/dev/null 2>&1
tap_is $? 0 "sendguardctl verify as root on a fresh state dir"
bad=$(find "$SG_STATE" -user root | tr '\n' ' ')
tap_is "$bad" "" "sendguardctl created nothing owned by root"
milter_start "$T/sg.conf" || { echo "Bail out! milter did not start"; exit 1; }
pf_start || { echo "Bail out! postfix did not start"; exit 1; }
r=$(send_mail "$SENDER" "$DEMO/02-external.eml" partner@partner.example)
tap_like "$r" "^250" "the daemon (user sendguard) accepts mail after sendguardctl ran as root ($r)"
tap_is "$(record_field -1 event)" pass "... and recorded it"
tap_done
