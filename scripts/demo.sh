#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# demo.sh - sendguard in action on this machine, nothing installed system-wide:
# installs the Debian packages needed (scripts/install-deps.sh), builds into
# _build if needed, starts a private Postfix + sendguard-milter + a capture
# server on loopback ports (in a temp dir; the system's Postfix is not
# touched), sends the sample messages from contrib/demo/, prints what
# happened to each (delivered / rewritten / held / rejected, and the SMTP
# reply) and the transfer record, then stops everything it started.
#
#   ./scripts/demo.sh            (as root: Postfix's master runs as root)
set -eu
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=${SG_BUILDDIR:-$top_srcdir/_build}
export top_srcdir top_builddir

step() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "demo.sh: run as root (a private Postfix needs it)" >&2; exit 1; }
step "dependencies (scripts/install-deps.sh)"
"$top_srcdir/scripts/install-deps.sh"

if [ ! -x "$top_builddir/milter/sendguard-milter" ] || [ ! -x "$top_builddir/tools/sendguardctl" ]; then
    step "building into $top_builddir"
    [ -x "$top_srcdir/configure" ] || (cd "$top_srcdir" && ./autogen.sh)
    mkdir -p "$top_builddir"
    (cd "$top_builddir" && { [ -f Makefile ] || "$top_srcdir/configure" >/dev/null; } &&
        make -j2 >/dev/null)
fi

set +eu
. "$top_srcdir/tests/integration/lib.sh"
sg_require >/dev/null
step "starting a private Postfix (smtpd 127.0.0.1:$SMTP_PORT with the milter, re-injection 127.0.0.1:$RELAY_PORT) and sendguard-milter"
sg_conf "$T/sendguard.conf"
milter_start "$T/sendguard.conf" || exit 1
pf_start || exit 1
echo "config: internal_domains = example.co.jp, everything else at its default"
echo "        (bulk_action = hold, mynumber -> reject, first-time domains only learned"
echo "        during the first 14 days)"

SENDER=taro@example.co.jp
declare -A RCPTS=(
  [01-internal.eml]="hanako@example.co.jp"
  [02-external.eml]="sato@partner.example.com"
  [03-mynumber.eml]="sato@partner.example.com"
  [04-bulk-external.eml]="sato@partner.example.com kato@partner.example.com ito@vendor.example.net kimura@vendor.example.net mori@client.example.org abe@client.example.org"
  [05-customer-csv.eml]="sato@partner.example.com"
  [06-private-address.eml]="taro.yamada.home@gmail.com hanako@example.co.jp"
)
outcome() {   # outcome FILE REPLY RECORDS_BEFORE: what happened, in words
    local file=$1 reply=$2 before=$3 ev rules hold
    case $reply in
    5*) echo "REJECTED"; return ;;
    4*) echo "TEMPORARILY REFUSED (client retries)"; return ;;
    esac
    if [ "$(record_count)" -le "$before" ]; then
        echo "delivered (not inspected)"
        return
    fi
    ev=$(record_field -1 event)
    rules=$(record_field -1 rules)
    hold=$(record_field -1 hold_id)
    case $ev in
    pass) echo "DELIVERED unchanged" ;;
    bcc) echo "REWRITTEN (To/Cc -> Bcc) and delivered; rules: $rules" ;;
    hold)
        local got=
        for r in ${RCPTS[$file]}; do
            [ "$(delivered_to "$r")" -gt "${BEFORE[$r]}" ] && got="$got $r"
        done
        echo "HELD (hold $hold; rules: $rules)${got:+; delivered at once to internal:$got}" ;;
    reject) echo "REJECTED; rules: $rules" ;;
    *) echo "$ev" ;;
    esac
}

step "sending the sample messages from contrib/demo/ as $SENDER"
for f in 01-internal.eml 02-external.eml 03-mynumber.eml 04-bulk-external.eml \
         05-customer-csv.eml 06-private-address.eml; do
    before=$(record_count)
    declare -A BEFORE=()
    for r in ${RCPTS[$f]}; do BEFORE[$r]=$(delivered_to "$r"); done
    reply=$(send_mail $SENDER "$DEMO/$f" ${RCPTS[$f]})
    sleep 1
    printf '%-24s -> %s\n' "$f" "$(outcome "$f" "$reply" "$before")"
    printf '%-24s    SMTP reply: %s\n' "" "$reply"
    [ "$f" = 05-customer-csv.eml ] && hold05=$(record_field -1 hold_id)
done
sleep 2
step "hold and release by reply (05-customer-csv.eml)"
. "$top_srcdir/tests/integration/hold_helpers.sh"
notice=""
for i in $(seq 1 100); do
    for n in $(notices_for $SENDER); do grep -q "$hold05" "$n" && notice=$n; done
    [ -n "$notice" ] && break
    sleep 0.2
done
if [ -n "$hold05" ] && [ -n "$notice" ]; then
    echo "notification to $SENDER for hold $hold05 ($(basename "$notice")):"
    python3 -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("  Subject: " + str(m["Subject"]))
print("  Reply-To: " + str(m["Reply-To"]))
body = m.get_body(preferencelist=("plain",)).get_content()
for line in body.splitlines()[:28]:
    print("  | " + line)' "$notice"
    rt=$(make_reply "$notice" $SENDER "$T/demo-reply.eml")
    echo "the sender replies as is to $rt:"
    echo "  SMTP reply: $(send_mail $SENDER "$T/demo-reply.eml" "$rt")"
    if wait_released sato@partner.example.com 1 30; then
        echo "  -> the held message reached sato@partner.example.com: $(grep -m1 '^X-Sendguard-Released:' "$(released_for sato@partner.example.com | tail -n 1)")"
    else
        echo "  -> not released (see the milter log below)"
    fi
else
    echo "no notification found for the CSV hold"
fi

step "what reached the far side (the capture server)"
for m in $(captured_files); do
    printf '%s  to: %s  subject: %s\n' "$(basename "$m")" "$(captured_rcpts "$m")" \
        "$(python3 -c 'import email,email.header,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(str(email.header.make_header(email.header.decode_header(m.get("Subject","")))))' "$m")"
done
echo "(hold notifications to $SENDER come through the re-injection port, [hold] relay)"

step "the transfer record: sendguardctl -c CONF records --format json"
record_json | python3 -c '
import json, sys
for l in sys.stdin:
    if not l.strip():
        continue
    r = json.loads(l)
    rc = ", ".join(x["address"] + (" (ext)" if x.get("external") else "") for x in r.get("recipients") or [])
    print("%s %-7s from=%s rules=%s%s\n    to: %s" % (r.get("time"), r.get("event"), r.get("sender"),
          ",".join(r.get("rules") or []) or "-",
          (" hold=" + r["hold_id"]) if r.get("hold_id") else "", rc))'
"$SG_CTL" -c "$SG_CONF" verify >/dev/null 2>&1 && echo "record hash chain: verified (sendguardctl verify)"

step "milter log (one line per message, keyed by the Postfix queue id)"
grep 'sendguard:' "$T/milter.log" | sed 's/^sendguard-milter: //'
step "stopping Postfix, sendguard-milter and the capture server"
