#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# check-source.sh - plain source checks run by `make check` (after curl's
# checksrc): prints one line per problem "FILE:LINE: what" and exits 1 when
# there is any.
#   - layering: a folder includes a header of a folder above it in
#     HACKING.md's road map (lib < config < scanner < policy < {hold, milter,
#     tools}; store < {hold, milter, tools}; hold < {milter, tools}; only
#     tools/ and milter/ are at the top, and tools/ never includes milter/)
#   - <libmilter/mfapi.h> outside milter/
#   - banned functions: strcpy, sprintf, vsprintf, strtok, atoi, atol,
#     gets (use memcpy/sg_buf, snprintf, strtok_r, sg_parse_* or strtoul)
# Usage: scripts/check-source.sh [SRCDIR]
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
bad=0
# the folders each folder may include headers of (besides its own)
allowed() {
  case "$1" in
    lib) echo "" ;;
    config) echo "lib" ;;
    scanner) echo "lib config scanner" ;;
    policy) echo "lib config scanner" ;;
    store) echo "lib" ;;
    hold) echo "lib config scanner policy store" ;;
    milter) echo "lib config scanner policy store hold" ;;
    tools) echo "lib config scanner policy store hold" ;;
  esac
}
# header name -> folder
declare -A home
for d in lib config scanner policy store hold milter tools; do
  for h in $(find "$d" -name '*.h' 2>/dev/null); do home[$(basename "$h")]=$d; done
done
for d in lib config scanner policy store hold milter tools; do
  ok=" $d $(allowed "$d") "
  while IFS= read -r line; do
    file=${line%%:*}; rest=${line#*:}; ln=${rest%%:*}
    h=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' <<<"${rest#*:}")
    h=$(basename "$h")
    hd=${home[$h]:-}
    [ -z "$hd" ] && continue
    case "$ok" in *" $hd "*) ;; *)
      echo "$file:$ln: includes $h from $hd/, above $d/ in HACKING.md's road map"; bad=1 ;;
    esac
  done < <(grep -rn --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$d" 2>/dev/null)
done
while IFS= read -r line; do
  echo "${line%%:*}:$(cut -d: -f2 <<<"$line"): <libmilter/mfapi.h> outside milter/"; bad=1
done < <(grep -rn --include='*.c' --include='*.h' 'libmilter/mfapi.h' lib config scanner policy store hold tools 2>/dev/null)
# banned functions: a call, not a word in a comment or string (good enough:
# the name followed by "(" outside // and /* comment lines)
while IFS= read -r line; do
  f=${line%%:*}; rest=${line#*:}; ln=${rest%%:*}; code=${rest#*:}
  case "$code" in *'/*'*|*' * '*|' *'*) continue ;; esac
  fn=$(grep -oE '\b(strcpy|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' <<<"$code" | head -1 | tr -d ' (')
  [ -n "$fn" ] && { echo "$f:$ln: banned function $fn"; bad=1; }
done < <(grep -rnE --include='*.c' --include='*.h' '\b(strcpy|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' \
  lib config scanner policy store hold milter tools tests/unit tests/fuzz 2>/dev/null)
exit $bad
