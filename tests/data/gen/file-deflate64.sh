#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# file-deflate64.sh OUTDIR - a zip compressed with Deflate64 (what Windows
# Explorer writes for large files), made with 7z: neither libzip nor
# Debian 12's libarchive 3.6.2 decodes method 9, so the member must be
# unscannable, never clean. Synthetic data only. Prints the path.
set -eu
out=${1:-.}
mkdir -p "$out"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
for i in $(seq 1 40); do echo "顧客 $i, 03-5555-$((1000 + i)), user$i@partner.example"; done > "$t/list.csv"
(cd "$t" && 7z a -tzip -mm=Deflate64 d64.zip list.csv >/dev/null)
cp "$t/d64.zip" "$out/file-deflate64.zip"
echo "$out/file-deflate64.zip"
