#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""send.py - an SMTP client for the integration tests and the demo.

usage: send.py PORT FROM FILE RCPT...
Sends FILE (bytes as they are; LF line ends become CRLF on the wire) and
prints the server's final answer as "CODE TEXT" on one line: the reply to
DATA, or the first refusal (MAIL, all RCPTs, or a connection error as
"000 ..."). Exit 0 always, so the caller compares the code.
"""
import re
import smtplib
import sys


def main():
    port, sender, path, rcpts = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(path, "rb") as f:
        data = re.sub(rb"(?<!\r)\n", b"\r\n", f.read())
    try:
        s = smtplib.SMTP("127.0.0.1", port, timeout=60)
        s.ehlo("client.test")
        code, text = s.mail(sender)
        if code >= 400:
            raise smtplib.SMTPResponseException(code, text)
        ok = 0
        last = (0, b"")
        for r in rcpts:
            code, text = s.rcpt(r)
            last = (code, text)
            ok += code < 400
        if not ok:
            raise smtplib.SMTPResponseException(*last)
        code, text = s.data(data)
        s.quit()
    except smtplib.SMTPResponseException as e:
        code, text = e.smtp_code, e.smtp_error
    except (OSError, smtplib.SMTPException) as e:
        code, text = 0, str(e).encode()
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    print("%03d %s" % (code, " ".join(text.split())))


if __name__ == "__main__":
    main()
