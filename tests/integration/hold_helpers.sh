# SPDX-License-Identifier: BSD-2-Clause
# hold_helpers.sh - helpers for the hold workflow integration tests
# (t-release*.sh, t-hold-*.sh). Source after lib.sh.
#
#   notices_for ADDR          captured notifications to ADDR (Auto-Submitted), in order
#   wait_notices ADDR N [S]   until N notifications to ADDR arrived
#   make_reply NOTICE FROM OUT [FIRST-LINE] [SUBJECT-PREFIX]
#                             writes a reply to NOTICE as a mail client would
#                             (Re: + decoded subject, In-Reply-To, quoted text);
#                             prints the address to send it to (the Reply-To)
#   released_for ADDR         captured re-injected messages (X-Sendguard-Released) for ADDR
#   wait_released ADDR N [S]
#   same_as_sent CAPTURED SENT  0 when CAPTURED is SENT (wire form) with only
#                             Received: and X-Sendguard-Released: added on top

notices_for() {
    local f
    for f in $(captured_files); do
        grep -q "\"$1\"" "${f%.eml}.env" && grep -q '^Auto-Submitted: auto-generated' "$f" &&
            echo "$f"
    done
}
wait_notices() {
    local addr=$1 n=$2 secs=${3:-30} i
    for i in $(seq 1 $((secs * 10))); do
        [ "$(notices_for "$addr" | wc -l)" -ge "$n" ] && return 0
        sleep 0.1
    done
    return 1
}
released_for() {
    local f
    for f in $(captured_files); do
        grep -q "\"$1\"" "${f%.eml}.env" && grep -q '^X-Sendguard-Released: ' "$f" && echo "$f"
    done
}
wait_released() {
    local addr=$1 n=$2 secs=${3:-30} i
    for i in $(seq 1 $((secs * 10))); do
        [ "$(released_for "$addr" | wc -l)" -ge "$n" ] && return 0
        sleep 0.1
    done
    return 1
}
make_reply() {   # make_reply NOTICE FROM OUT [FIRST-LINE] [SUBJECT-PREFIX]
    python3 - "$@" <<'EOF'
import sys, email, email.policy
from email.header import Header
notice, sender, out = sys.argv[1], sys.argv[2], sys.argv[3]
first = sys.argv[4] if len(sys.argv) > 4 else ""
prefix = sys.argv[5] if len(sys.argv) > 5 else ""
m = email.message_from_binary_file(open(notice, "rb"), policy=email.policy.default)
reply_to = m["Reply-To"].addresses[0].addr_spec
subject = prefix + "Re: " + str(m["Subject"])
quoted = "\n".join("> " + l for l in m.get_content().splitlines())
body = (first + "\n\n" if first else "\n") + "On Mon, sendguard wrote:\n" + quoted + "\n"
hdr = "From: %s\nTo: %s\nSubject: %s\nIn-Reply-To: %s\nReferences: %s\n" \
      "Message-ID: <reply-%s@example.co.jp>\nMIME-Version: 1.0\n" \
      "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" % (
      sender, reply_to, Header(subject, "utf-8").encode(), m["Message-ID"], m["Message-ID"],
      abs(hash(out)))
open(out, "wb").write(hdr.encode() + body.encode("utf-8"))
print(reply_to)
EOF
}
same_as_sent() {   # same_as_sent CAPTURED SENT
    python3 - "$1" "$2" <<'EOF'
import re, sys
got = open(sys.argv[1], "rb").read()
sent = re.sub(rb"(?<!\r)\n", b"\r\n", open(sys.argv[2], "rb").read())
# drop leading trace headers (with their folded lines)
while re.match(rb"(?i)(Received|X-Sendguard-Released):", got):
    i = 0
    while True:
        j = got.index(b"\n", i)
        if got[j + 1:j + 2] not in (b" ", b"\t"):
            got = got[j + 1:]
            break
        i = j + 1
sys.exit(0 if got == sent or got == sent + b"\r\n" else 1)
EOF
}
# A TCP forwarder standing in for [hold] relay, to take the relay down
# and up again: proxy_start LISTEN-PORT TARGET-PORT / proxy_stop.
PROXY_PID=
proxy_start() {
    python3 - "$1" "$2" <<'EOF' &
import asyncio, sys
lp, tp = int(sys.argv[1]), int(sys.argv[2])
async def pipe(r, w):
    try:
        while True:
            d = await r.read(65536)
            if not d:
                break
            w.write(d)
            await w.drain()
    except Exception:
        pass
    finally:
        w.close()
async def handle(r, w):
    try:
        tr, tw = await asyncio.open_connection("127.0.0.1", tp)
    except OSError:
        w.close()
        return
    await asyncio.gather(pipe(r, tw), pipe(tr, w))
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", lp, reuse_address=True)
    async with srv:
        await srv.serve_forever()
asyncio.run(main())
EOF
    PROXY_PID=$!
    wait_port "$1"
}
proxy_stop() {
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null
    PROXY_PID=
}
