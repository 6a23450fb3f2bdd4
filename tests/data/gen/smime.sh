#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# smime.sh OUTDIR - S/MIME messages made by the openssl command (a real
# S/MIME writer) with a throw-away self-signed key made here: opaque
# signed-data (smime-type=signed-data, the content is inside the p7m and
# must be scanned), enveloped-data (encrypted: not attachment-unencrypted),
# and a clear-signed multipart/signed. Synthetic data only. Prints each path.
set -eu
out=${1:-.}
mkdir -p "$out"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/key.pem" -out "$t/cert.pem" -days 2 \
  -subj "/CN=taro@example.co.jp" >/dev/null 2>&1
# a My Number with the official check digit (synthetic)
mn=$(python3 -c '
b="27182818284"; d=[int(c) for c in b]
s=sum(d[11-n]*(n+1 if n<=6 else n-5) for n in range(1,12)); r=s%11
print(b+str(0 if r<=1 else 11-r))')
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n個人番号 %s の件です。\r\n' "$mn" > "$t/inner.txt"
hdr='From: taro@example.co.jp
To: hanako@partner.example
Subject: smime
Date: Mon, 1 Jul 2024 10:00:00 +0900
Message-ID: <smime@example.co.jp>'
{ echo "$hdr"; openssl smime -sign -nodetach -in "$t/inner.txt" -signer "$t/cert.pem" \
    -inkey "$t/key.pem" -binary; } > "$out/mime-smime-opaque.eml"
{ echo "$hdr"; openssl smime -encrypt -aes256 -in "$t/inner.txt" "$t/cert.pem"; } \
  > "$out/mime-smime-enveloped.eml"
{ echo "$hdr"; openssl smime -sign -in "$t/inner.txt" -signer "$t/cert.pem" -inkey "$t/key.pem"; } \
  > "$out/mime-smime-clear.eml"
echo "$out/mime-smime-opaque.eml $out/mime-smime-enveloped.eml $out/mime-smime-clear.eml"
