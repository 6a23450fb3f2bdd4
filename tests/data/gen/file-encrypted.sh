#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# file-encrypted.sh OUTDIR - password-protected archives for the container
# tests (synthetic content): ZipCrypto (zip -P), AES-256 zip (7z -mem=AES256),
# a mixed zip (one member encrypted, one not), 7z with encrypted data and
# with encrypted headers (-mhe), a plain tar.gz. Prints the paths written.
set -eu
out=${1:-.}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf '氏名,部署\n山田 太郎,営業部\n' > list.csv
printf 'memo text\n' > memo.txt
rm -f "$out"/file-zipcrypto.zip "$out"/file-aes.zip "$out"/file-mixed.zip \
      "$out"/file-7z-enc.7z "$out"/file-7z-hdr.7z "$out"/file-targz.tar.gz
zip -q -P secret1 "$out/file-zipcrypto.zip" list.csv memo.txt
7z a -bd -y -tzip -mem=AES256 -psecret1 "$out/file-aes.zip" list.csv memo.txt >/dev/null
zip -q "$out/file-mixed.zip" memo.txt
zip -q -P secret1 "$out/file-mixed.zip" list.csv
7z a -bd -y -psecret1 "$out/file-7z-enc.7z" list.csv memo.txt >/dev/null
7z a -bd -y -psecret1 -mhe=on "$out/file-7z-hdr.7z" list.csv memo.txt >/dev/null
tar -czf "$out/file-targz.tar.gz" list.csv memo.txt
for f in file-zipcrypto.zip file-aes.zip file-mixed.zip file-7z-enc.7z file-7z-hdr.7z file-targz.tar.gz; do
  echo "$out/$f"
done
