#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""capture.py - the downstream SMTP server of the integration tests.

Listens on 127.0.0.1:PORT (asyncio, stdlib only) and writes every message
it receives to DIR/NNNNNN.eml (the DATA bytes, dot-unstuffed, exactly as
sent) and DIR/NNNNNN.env (JSON: {"mail_from": "...", "rcpts": [...]}).
Files appear atomically (written to a temp name, then renamed), the .env
first, so a reader that sees NNNNNN.eml also finds its envelope.

usage: capture.py PORT DIR [PIDFILE]
"""
import asyncio
import itertools
import json
import os
import sys

COUNTER = itertools.count(1)
MAX_MESSAGE = 64 * 1024 * 1024


def store(outdir, mail_from, rcpts, data):
    n = next(COUNTER)
    base = os.path.join(outdir, "%06d" % n)
    for ext, payload in ((".env", json.dumps({"mail_from": mail_from, "rcpts": rcpts}).encode()),
                         (".eml", data)):
        tmp = base + ext + ".tmp"
        with open(tmp, "wb") as f:
            f.write(payload)
        os.rename(tmp, base + ext)


def addr(arg):
    arg = arg.split(b":", 1)[1].strip()
    if arg.startswith(b"<"):
        arg = arg[1:arg.index(b">")] if b">" in arg else arg[1:]
    else:
        arg = arg.split(b" ")[0]
    return arg.decode("utf-8", "replace")


async def session(reader, writer, outdir):
    try:
        await converse(reader, writer, outdir)
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def converse(reader, writer, outdir):
    def say(line):
        writer.write(line.encode() + b"\r\n")

    say("220 capture.test ESMTP")
    mail_from, rcpts = None, []
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            say("250-capture.test")
            say("250-8BITMIME")
            say("250-SMTPUTF8")
            say("250 SIZE %d" % MAX_MESSAGE)
        elif cmd.startswith(b"HELO"):
            say("250 capture.test")
        elif cmd.startswith(b"MAIL FROM:"):
            mail_from, rcpts = addr(line.strip()), []
            say("250 2.1.0 ok")
        elif cmd.startswith(b"RCPT TO:"):
            rcpts.append(addr(line.strip()))
            say("250 2.1.5 ok")
        elif cmd == b"DATA":
            say("354 go ahead")
            await writer.drain()
            chunks = []
            while True:
                l = await reader.readline()
                if not l or l == b".\r\n" or l == b".\n":
                    break
                if l.startswith(b".."):
                    l = l[1:]
                chunks.append(l)
            store(outdir, mail_from, rcpts, b"".join(chunks))
            say("250 2.0.0 captured")
        elif cmd == b"RSET":
            mail_from, rcpts = None, []
            say("250 ok")
        elif cmd == b"QUIT":
            say("221 bye")
            await writer.drain()
            break
        else:
            say("250 ok")
        await writer.drain()


async def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: session(r, w, outdir), "127.0.0.1", port,
                                        limit=MAX_MESSAGE)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write("%d\n" % os.getpid())
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
