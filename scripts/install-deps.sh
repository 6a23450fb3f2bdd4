#!/usr/bin/env bash
# install-deps.sh - install every Debian 12 package sendguard needs to build,
# test and run its demo. Idempotent; run as root on a fresh machine.
set -euo pipefail

PKGS=(
  build-essential autoconf automake libtool pkg-config
  libgmime-3.0-dev libmagic-dev libmagic-mgc libzip-dev zipcmp zip unzip libarchive-dev libarchive-tools
  zlib1g-dev libgsf-1-dev libpcre2-dev libclamav-dev libxml2-dev libsqlite3-dev sqlite3
  libpq-dev postgresql postgresql-client
  libmilter-dev miltertest libcurl4-openssl-dev libssl-dev libjson-c-dev
  postfix clang libclang-rt-14-dev p7zip-full python3 ripgrep
  debhelper lintian fakeroot dpkg-dev
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's postfix package creates these; make sure they exist anyway.
getent group postdrop >/dev/null || groupadd --system postdrop
getent passwd postfix >/dev/null || useradd --system --no-create-home --home-dir /var/spool/postfix --shell /usr/sbin/nologin postfix
# A private Sendmail for tests/integration/t-sendmail.sh: Debian's packages,
# unpacked, not installed (sendmail-bin conflicts with postfix).
SM_ROOT=/var/cache/sendguard-tests/sendmail-root
if [ ! -x "$SM_ROOT/usr/libexec/sendmail/sendmail" ] && [ "$(id -u)" -eq 0 ]; then
  sm_tmp=$(mktemp -d); chmod 755 "$sm_tmp"
  if (cd "$sm_tmp" && apt-get download sendmail-bin sendmail-base sendmail-cf liblockfile1 libwrap0 \
        >/dev/null 2>&1); then
    mkdir -p "$SM_ROOT"
    for d in "$sm_tmp"/*.deb; do dpkg-deb -x "$d" "$SM_ROOT"; done
  else
    echo "install-deps: could not download Sendmail (t-sendmail will skip)" >&2
  fi
  rm -rf "$sm_tmp"
fi
getent passwd sendguard >/dev/null || useradd --system --no-create-home --home-dir /var/lib/sendguard --shell /usr/sbin/nologin sendguard
exit 0
