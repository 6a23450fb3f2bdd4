#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# evasion-zip-password.sh OUTDIR - two mails with a zip and its password in
# the body (synthetic content): evasion-zip-pw-plain.eml (the zip is NOT
# encrypted: no password-in-body finding) and evasion-zip-pw-enc.eml (zip -P:
# password-in-body, att encrypted=yes). Prints the paths written.
set -eu
out=${1:-.}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf '部署,担当\n営業部,山田\n' > memo.csv
zip -q plain.zip memo.csv
zip -q -P Xk7pQ2wz enc.zip memo.csv
mail() {   # mail ZIP OUT
  {
    printf 'From: taro@example.co.jp\r\nTo: hanako@partner.example\r\n'
    printf 'Subject: files\r\nMIME-Version: 1.0\r\n'
    printf 'Content-Type: multipart/mixed; boundary="zpw"\r\n\r\n--zpw\r\n'
    printf 'Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
    printf '資料を送ります。\r\nパスワード: Xk7pQ2wz\r\n\r\n--zpw\r\n'
    printf 'Content-Type: application/zip; name="memo.zip"\r\n'
    printf 'Content-Disposition: attachment; filename="memo.zip"\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n\r\n'
    base64 "$1" | sed 's/$/\r/'
    printf -- '--zpw--\r\n'
  } > "$2"
  echo "$2"
}
mail plain.zip "$out/evasion-zip-pw-plain.eml"
mail enc.zip "$out/evasion-zip-pw-enc.eml"
