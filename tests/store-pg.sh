#!/bin/sh
# store-pg.sh - the store's unit tests (t-store, t-record, t-history,
# t-retain) once more, on PostgreSQL: starts a private cluster on loopback
# (tests/pg-lib.sh) and runs each with SG_TEST_PG set, as one TAP stream.
# SPDX-License-Identifier: BSD-2-Clause
. "$top_srcdir/tests/pg-lib.sh"

if ! pg_have; then
	echo "1..0 # SKIP PostgreSQL server not installed (scripts/install-deps.sh installs postgresql)"
	exit 0
fi
dir=$(mktemp -d /tmp/store-pg.XXXXXX) || exit 1
cleanup() {
	pg_stop immediate
	rm -rf "$dir"
}
trap cleanup EXIT
if ! pg_start "$dir/pg"; then
	echo "Bail out! could not start PostgreSQL: $(tail -n 5 "$dir/pg/initdb.log" "$dir/pg/log" 2>/dev/null)"
	exit 1
fi
n=0
for t in t-store t-record t-history t-retain; do
	"$top_builddir/tests/unit/$t" >"$dir/$t.out" 2>&1
	rc=$?
	awk -v t="$t" -v n="$n" -v rc="$rc" -v nfile="$dir/n" '
		/^ok [0-9]+/ { n++; sub(/^ok [0-9]+[ -]*/, ""); print "ok " n " - " t ": " $0; next }
		/^not ok [0-9]+/ { n++; bad = 1; sub(/^not ok [0-9]+[ -]*/, ""); print "not ok " n " - " t ": " $0; next }
		/^1\.\.[0-9]+/ { plan = 1; next }
		{ print "# " t ": " $0 }
		END {
			if (rc != 0 && !bad) { n++; print "not ok " n " - " t ": exited with " rc }
			if (!plan) { n++; print "not ok " n " - " t ": no plan (crashed?)" }
			print n > nfile
		}' "$dir/$t.out"
	n=$(cat "$dir/n")
done
echo "1..$n"
