# lib.sh - the integration-test harness: a private Postfix on loopback with
# sendguard-milter in front and a capture server behind. Source it from a
# bash test script:
#
#   . "$top_srcdir/tests/integration/lib.sh"
#   sg_conf "$T/sg.conf" policy.bulk_action=bcc   # write a sendguard.conf
#   milter_start "$T/sg.conf"; pf_start
#   send_mail FROM FILE RCPT...    -> prints "CODE TEXT" (250/550/451)
#   wait_delivered N               -> 0 when N messages reached the sink
#   captured_files                 -> the captured NNNNNN.eml paths
#   record_json                    -> sendguardctl records --format json
#   tap_ok COND-EXIT LABEL / tap_is GOT WANT LABEL / tap_done
#
# Everything lives in one temp dir $T (Postfix config, queue, data, log, the
# milter's state_dir and socket, the sink's files); ports are chosen free at
# run time; an EXIT trap stops every process started here and removes $T
# (kept with SG_KEEP=1). The system's Postfix is never touched: every
# postfix command gets -c $T/pf/etc.
#
# Needs: root (Postfix's master runs as root), the postfix package, python3.
# Tests print "1..0 # SKIP why" when something is missing.

[ -n "$BASH_VERSION" ] || { echo "1..0 # SKIP lib.sh needs bash"; exit 0; }

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SG_MILTER=${SG_MILTER:-$top_builddir/milter/sendguard-milter}
SG_CTL=${SG_CTL:-$top_builddir/tools/sendguardctl}
SG_IT=$top_srcdir/tests/integration
SG_DATA=$SG_IT/data

TAP_N=0
TAP_FAILED=0
tap_ok() {   # tap_ok STATUS LABEL   (STATUS 0 = ok)
    TAP_N=$((TAP_N + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $TAP_N - $2"
    else
        echo "not ok $TAP_N - $2"
        TAP_FAILED=$((TAP_FAILED + 1))
    fi
}
tap_is() {   # tap_is GOT WANT LABEL
    if [ "$1" = "$2" ]; then
        tap_ok 0 "$3"
    else
        tap_ok 1 "$3"
        echo "#   got '$1', want '$2'"
    fi
}
tap_like() { # tap_like GOT REGEX LABEL
    if [[ "$1" =~ $2 ]]; then
        tap_ok 0 "$3"
    else
        tap_ok 1 "$3"
        echo "#   got '$1', want /$2/"
    fi
}
tap_done() {
    echo "1..$TAP_N"
    [ "$TAP_FAILED" -eq 0 ]
}
tap_skip_all() {
    echo "1..0 # SKIP $*"
    exit 0
}

sg_require() {
    [ "$(id -u)" -eq 0 ] || tap_skip_all "needs root to run a private Postfix"
    command -v python3 >/dev/null || tap_skip_all "python3 missing"
    [ -x /usr/sbin/postfix ] || tap_skip_all "postfix is not installed"
    [ -x "$SG_MILTER" ] || tap_skip_all "$SG_MILTER not built"
    getent passwd postfix >/dev/null && getent group postdrop >/dev/null ||
        tap_skip_all "postfix user or postdrop group missing (scripts/install-deps.sh)"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

T=$(mktemp -d /tmp/sg-it.XXXXXX)
chmod 755 "$T"
PF=$T/pf
SINK=$T/sink
SG_STATE=$T/state
mkdir -p "$SINK" "$SG_STATE"
SMTP_PORT=$(free_port)
RELAY_PORT=$(free_port)
SINK_PORT=$(free_port)
MILTER_PORT=$(free_port)
MILTER_SOCK=$T/milter.sock
MILTER_PID=
SINK_PID=
PF_RUNNING=

sg_cleanup() {
    set +e
    milter_stop
    pf_stop
    sink_stop
    if [ -n "${SG_KEEP:-}" ]; then
        echo "# kept $T" >&2
    else
        rm -rf "$T"
    fi
}
trap sg_cleanup EXIT
trap 'exit 2' INT TERM

# ---- the capture server -------------------------------------------------
sink_start() {   # SG_SINK=smtp-sink: Postfix's fast sink that keeps nothing (bench)
    if [ "${SG_SINK:-}" = smtp-sink ]; then
        /usr/sbin/smtp-sink -u postfix -c "127.0.0.1:$SINK_PORT" 256 >"$T/smtp-sink.out" 2>&1 &
    else
        python3 "$SG_IT/capture.py" "$SINK_PORT" "$SINK" "$T/sink.pid" &
    fi
    SINK_PID=$!
    wait_port "$SINK_PORT" || { echo "# capture server did not start" >&2; return 1; }
}
sink_stop() {
    [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null
    SINK_PID=
}

wait_port() {   # wait_port PORT: until something listens (10 s)
    local i
    for i in $(seq 1 100); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1).close()" \
            2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# ---- sendguard.conf -----------------------------------------------------
# sg_conf FILE [section.key=value ...]: the test defaults plus overrides.
sg_conf() {
    local file=$1
    shift
    python3 - "$file" "$@" <<EOF
import sys
conf = {
  "general": {"internal_domains": "example.co.jp", "socket": "${SG_SOCKET_KIND:-unix}",
              "socket_mode": "0666", "state_dir": "$SG_STATE", "hostname": "mx.example.co.jp",
              "user": ""},
  "hold": {"release_address": "sendguard-release@example.co.jp",
           "relay": "127.0.0.1:$RELAY_PORT", "timeout": "1h",
           "reply_networks": "127.0.0.0/8",
           "templates_dir": "$top_srcdir/hold/templates"},
  "scan": {"rules_dir": "$top_srcdir/rules"},
  "policy": {},
}
if conf["general"]["socket"] == "unix":
    conf["general"]["socket"] = "unix:$MILTER_SOCK"
elif conf["general"]["socket"] == "inet":
    conf["general"]["socket"] = "inet:$MILTER_PORT@127.0.0.1"
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    sec, key = k.split(".", 1)
    conf.setdefault(sec, {})[key] = v
with open(sys.argv[1], "w") as f:
    for sec, kv in conf.items():
        f.write("[%s]\n" % sec)
        for k, v in kv.items():
            f.write("%s = %s\n" % (k, v))
        f.write("\n")
EOF
}

# ---- the milter ---------------------------------------------------------
SG_CONF=
milter_start() {   # milter_start CONF
    SG_CONF=$1
    "$SG_MILTER" -f -c "$SG_CONF" >>"$T/milter.log" 2>&1 &
    MILTER_PID=$!
    local i
    for i in $(seq 1 100); do
        if grep -q 'started, listening' "$T/milter.log" 2>/dev/null; then
            return 0
        fi
        kill -0 "$MILTER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "# milter did not start:" >&2
    sed 's/^/#   /' "$T/milter.log" >&2
    MILTER_PID=
    return 1
}
milter_stop() {
    if [ -n "$MILTER_PID" ]; then
        kill -TERM "$MILTER_PID" 2>/dev/null
        wait "$MILTER_PID" 2>/dev/null
    fi
    MILTER_PID=
}
milter_kill() {    # abrupt end (SIGKILL), for the restart test
    if [ -n "$MILTER_PID" ]; then
        kill -KILL "$MILTER_PID" 2>/dev/null
        wait "$MILTER_PID" 2>/dev/null
    fi
    MILTER_PID=
}

# ---- Postfix ------------------------------------------------------------
# pf_start [unix|inet|none]: the milter kind smtpd talks to (default: the
# socket named in $SG_CONF, else unix).
pf_start() {
    local kind=${1:-}
    local milters
    if [ -z "$kind" ]; then
        kind=unix
        grep -q '^socket = inet:' "$SG_CONF" 2>/dev/null && kind=inet
    fi
    case $kind in
    unix) milters="unix:$MILTER_SOCK" ;;
    inet) milters="inet:127.0.0.1:$MILTER_PORT" ;;
    none) milters= ;;
    esac
    [ -n "$SINK_PID" ] || sink_start || return 1
    mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/log"
    chown root:root "$PF/queue"
    chmod 755 "$PF/queue"
    chown postfix "$PF/data" "$PF/log"
    chmod 700 "$PF/data"
    cat >"$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $PF/etc
queue_directory = $PF/queue
data_directory = $PF/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.example.co.jp
mydomain = example.co.jp
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
relay_domains =
alias_maps =
alias_database =
relayhost = [127.0.0.1]:$SINK_PORT
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject
disable_mime_output_conversion = yes
local_header_rewrite_clients =
smtputf8_enable = yes
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
in_flow_delay = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_error_sleep_time = 0
smtp_destination_concurrency_limit = 20
default_process_limit = 100
message_size_limit = 60000000
smtpd_milters = $milters
milter_protocol = 6
milter_default_action = tempfail
maillog_file = $PF/log/maillog
maillog_file_prefixes = $T
biff = no
EOF
    cat >"$PF/etc/master.cf" <<EOF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$RELAY_PORT inet n - n - - smtpd -o smtpd_milters= -o non_smtpd_milters= -o receive_override_options=no_milters
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
    # postfix(1) reports start-up errors on a terminal only: give it one
    script -qc "/usr/sbin/postfix -c $PF/etc start" /dev/null >>"$T/postfix.out" 2>&1 </dev/null
    grep -q 'fatal' "$T/postfix.out" && {
        echo "# postfix did not start:" >&2
        sed 's/^/#   /' "$T/postfix.out" >&2
        return 1
    }
    PF_RUNNING=1
    wait_port "$SMTP_PORT" && wait_port "$RELAY_PORT"
}
pf_stop() {
    [ -n "$PF_RUNNING" ] || return 0
    /usr/sbin/postfix -c "$PF/etc" stop >>"$T/postfix.out" 2>&1
    # master exits after its children; wait for it (5 s)
    local i pid
    pid=$(cat "$PF/queue/pid/master.pid" 2>/dev/null | tr -d ' ')
    for i in $(seq 1 50); do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    PF_RUNNING=
}
pf_flush() {
    /usr/sbin/postqueue -c "$PF/etc" -f >/dev/null 2>&1
}
pf_queue_count() {   # messages still queued (any queue but hold)
    find "$PF/queue/incoming" "$PF/queue/active" "$PF/queue/deferred" "$PF/queue/maildrop" \
        -type f 2>/dev/null | wc -l
}
pf_log() {
    cat "$PF/log/maillog" 2>/dev/null
}

# ---- sending and receiving ----------------------------------------------
send_mail() {    # send_mail FROM FILE RCPT... -> "CODE TEXT"
    python3 "$SG_IT/send.py" "$SMTP_PORT" "$@"
}
send_relay() {   # the same through the listener without milter
    python3 "$SG_IT/send.py" "$RELAY_PORT" "$@"
}
captured_count() {
    find "$SINK" -name '*.eml' | wc -l
}
captured_files() {
    find "$SINK" -name '*.eml' | sort
}
captured_last() {
    captured_files | tail -n 1
}
# The envelope recipients of a captured message, sorted, space separated.
captured_rcpts() {   # captured_rcpts FILE.eml
    python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["rcpts"])))' \
        "${1%.eml}.env"
}
wait_delivered() {   # wait_delivered N [SECONDS]: 0 when N messages arrived
    local n=$1 secs=${2:-30} i
    for i in $(seq 1 $((secs * 10))); do
        [ "$(captured_count)" -ge "$n" ] && return 0
        sleep 0.1
    done
    return 1
}
wait_queue_empty() { # wait_queue_empty [SECONDS]
    local secs=${1:-30} i
    for i in $(seq 1 $((secs * 10))); do
        [ "$(pf_queue_count)" -eq 0 ] && return 0
        sleep 0.1
    done
    return 1
}
# The message without the Received: header Postfix prepends (first header,
# possibly folded), to compare with what was sent.
strip_received() {   # strip_received FILE
    python3 - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
if data.startswith(b"Received:"):
    i = 0
    while True:
        j = data.index(b"\n", i)
        if data[j + 1:j + 2] not in (b" ", b"\t"):
            data = data[j + 1:]
            break
        i = j + 1
sys.stdout.buffer.write(data)
EOF
}
# The sent file as it travels (LF -> CRLF), to compare with strip_received.
wire_form() {    # wire_form FILE
    python3 -c 'import sys,re; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(re.sub(rb"(?<!\r)\n", b"\r\n", d))' "$1"
}

# ---- the transfer record ------------------------------------------------
record_json() {
    "$SG_CTL" -c "$SG_CONF" records --format json
}
# record_field N FIELD: FIELD of the Nth record line (1-based, -1 = last);
# lists are joined with ",".
record_field() {
    record_json | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
n, field = int(sys.argv[1]), sys.argv[2]
if not rows:
    print("")
    sys.exit(0)
row = rows[n - 1] if n > 0 else rows[n]
v = row.get(field)
if isinstance(v, list):
    v = ",".join(x["address"] if isinstance(x, dict) and "address" in x else
                 json.dumps(x) if isinstance(x, dict) else str(x) for x in v)
print("" if v is None else v)' "$1" "$2"
}
record_count() {
    record_json | grep -c .
}

# Makes a message file from a heredoc-like string: mk_msg FILE < text
mk_msg() {
    cat >"$1"
}

# it_setup [section.key=value ...]: the usual start of a test: checks,
# config, milter, Postfix. Skips the test when something is missing; bails
# out (exit 1) when a component does not start.
it_setup() {
    sg_require
    sg_conf "$T/sg.conf" "$@"
    milter_start "$T/sg.conf" || { echo "Bail out! milter did not start"; exit 1; }
    pf_start || { echo "Bail out! postfix did not start"; exit 1; }
}
DEMO=$top_srcdir/contrib/demo
SENDER=taro@example.co.jp
# How many captured messages have ADDR among their envelope recipients.
delivered_to() {   # delivered_to ADDR
    local n=0 f
    for f in $(captured_files); do
        grep -q "\"$1\"" "${f%.eml}.env" && n=$((n + 1))
    done
    echo $n
}
# The last captured message for ADDR (envelope), or nothing.
captured_for() {   # captured_for ADDR
    local f last=
    for f in $(captured_files); do
        grep -q "\"$1\"" "${f%.eml}.env" && last=$f
    done
    echo "$last"
}
