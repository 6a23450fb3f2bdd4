#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# autogen.sh - regenerate the autotools build files (configure, Makefile.in).
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf -fi
# automake does not install the TAP driver by itself
if [ ! -f build-aux/tap-driver.sh ]; then
  for d in /usr/share/automake-*; do
    [ -f "$d/tap-driver.sh" ] && cp "$d/tap-driver.sh" build-aux/ && break
  done
fi
