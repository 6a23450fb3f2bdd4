#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""latency.py - per-message latency through an SMTP server.

usage: latency.py PORT COUNT FROM TO[,TO...] SIZE|@FILE
Sends COUNT messages of about SIZE bytes (or the message in FILE) one after the other, each on a new
SMTP connection (like smtp-source without -d), and prints
"median_ms p99_ms" of the time from connect to the reply to DATA.
"""
import re
import smtplib
import statistics
import sys
import time


def message(sender, rcpt, size, i):
    head = ("From: %s\r\nTo: %s\r\nSubject: latency %d\r\nMessage-ID: <lat-%d@bench>\r\n\r\n"
            % (sender, rcpt, i, i)).encode()
    line = b"The quick brown fox jumps over the lazy dog 0123456789 abcdefghij\r\n"
    body = line * max(1, (size - len(head)) // len(line))
    return head + body


def main():
    port, count, sender, rcpts = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rcpts = rcpts.split(",")
    fixed = None
    if sys.argv[5].startswith("@"):
        with open(sys.argv[5][1:], "rb") as f:
            fixed = re.sub(rb"(?<!\r)\n", b"\r\n", f.read())
    times = []
    for i in range(count):
        data = fixed or message(sender, rcpts[0], int(sys.argv[5]), i)
        t0 = time.perf_counter()
        s = smtplib.SMTP("127.0.0.1", port, timeout=60)
        s.sendmail(sender, rcpts, data)
        times.append((time.perf_counter() - t0) * 1000.0)
        s.quit()
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    print("%.1f %.1f" % (statistics.median(times), p99))


if __name__ == "__main__":
    main()
