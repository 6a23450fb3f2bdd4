#!/bin/sh
# migrate-pg.sh - TAP test of `sendguardctl migrate` (issue 12): a SQLite
# database seeded by tests/tools/ctl-seed moves into a fresh PostgreSQL
# database on a private cluster (tests/pg-lib.sh); afterwards the record
# verifies there with the same head hash, the export is byte-identical, the
# holds list alike, and a relay configured for PostgreSQL sees them. A
# non-empty destination and a source whose chain is broken are refused and
# leave the destination as it was.
# SPDX-License-Identifier: BSD-2-Clause
. "$top_srcdir/tests/pg-lib.sh"
top_builddir=${top_builddir:-.}
CTL="$top_builddir/tools/sendguardctl"
SEED="$top_builddir/tests/tools/ctl-seed"

if ! pg_have; then
	echo "1..0 # SKIP PostgreSQL server not installed (scripts/install-deps.sh installs postgresql)"
	exit 0
fi
T=$(mktemp -d /tmp/migrate-pg.XXXXXX) || exit 99
cleanup() {
	pg_stop immediate
	rm -rf "$T"
}
trap cleanup EXIT
n=0
ok() {    # ok EXIT-STATUS LABEL
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
has() {   # has FILE FIXED-STRING LABEL
	grep -qF -- "$2" "$1"; r=$?
	ok $r "$3"
	[ $r -eq 0 ] || { echo "#   '$2' not in:"; sed 's/^/#   /' "$1" | head -20; }
}
conf() {  # conf NAME URI
	printf '[general]\nuser =\nstate_dir = %s\nhostname = %s\n[record]\ndatabase = %s\n' \
		"$T" "$1" "$2" > "$T/$1.conf"
}

if ! pg_start "$T/pg"; then
	echo "Bail out! could not start PostgreSQL: $(tail -n 5 "$T/pg/log" 2>/dev/null)"
	exit 1
fi
pg_psql -c "CREATE DATABASE mig" -c "CREATE DATABASE mig2"
PGURI="$SG_TEST_PG/mig"

"$SEED" "sqlite:$T/a.db" due > "$T/ids"; ok $? "seed a SQLite database"
HELD=$(awk '$1 == "held" {print $2}' "$T/ids")
conf lite "sqlite:$T/a.db"
conf relay-b "$PGURI"

"$CTL" -c "$T/lite.conf" verify > "$T/v.lite"; ok $? "source verifies"
"$CTL" -c "$T/lite.conf" records > "$T/rec.lite"
"$CTL" -c "$T/lite.conf" list --state all > "$T/list.lite"

"$CTL" migrate --from "sqlite:$T/a.db" --to "$PGURI" > "$T/out" 2>&1; ok $? "migrate sqlite -> postgresql exits 0"
has "$T/out" "record intact" "migrate verifies the record on the destination"
has "$T/out" "hold_messages:" "migrate reports the message bytes copied"
"$CTL" -c "$T/relay-b.conf" verify > "$T/v.pg"; ok $? "the record verifies on PostgreSQL"
cmp -s "$T/v.lite" "$T/v.pg"; ok $? "same rows, same head hash"
[ -s "$T/v.pg" ] && cat "$T/v.pg" | sed 's/^/# /'
"$CTL" -c "$T/relay-b.conf" records > "$T/rec.pg"
cmp -s "$T/rec.lite" "$T/rec.pg"; ok $? "records export byte-identical on both backends"
"$CTL" -c "$T/relay-b.conf" list --state all > "$T/list.pg"
cmp -s "$T/list.lite" "$T/list.pg"; ok $? "holds list alike on both backends"
"$CTL" -c "$T/relay-b.conf" show "$HELD" > "$T/show.pg" 2>&1; ok $? "a migrated hold shows from PostgreSQL"
has "$T/show.pg" "x@partner.example" "with its recipients"
cnt=$(PGDB=mig pg_psql -c "SELECT count(*) FROM hold_messages")
lcnt=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM hold_messages').fetchone()[0])" "$T/a.db")
[ "$cnt" = "$lcnt" ] && [ "$cnt" -gt 0 ]; ok $? "message bytes copied ($cnt of $lcnt)"
same=$(python3 - "$T/a.db" "$HELD" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT hex(bytes) FROM hold_messages WHERE id = ?", (sys.argv[2],)).fetchone()[0].lower())
PY
)
pgb=$(PGDB=mig pg_psql -c "SELECT encode(bytes, 'hex') FROM hold_messages WHERE id = '$HELD'")
[ -n "$same" ] && [ "$same" = "$pgb" ]; ok $? "held bytes byte-identical after the move"

"$CTL" migrate --from "sqlite:$T/a.db" --to "$PGURI" > "$T/out" 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "migrate into a non-empty database exits 2"
has "$T/out" "not empty" "... and says the destination is not empty"
"$CTL" -c "$T/relay-b.conf" verify > /dev/null; ok $? "... and leaves it intact"

cp "$T/a.db" "$T/broken.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE record SET subject = 'x' WHERE seq = 2\"); c.commit()" "$T/broken.db"
"$CTL" migrate --from "sqlite:$T/broken.db" --to "$SG_TEST_PG/mig2" > "$T/out" 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "a source whose record does not verify is refused"
has "$T/out" "seq 2: hash mismatch" "... naming the broken row"
cnt=$(PGDB=mig2 pg_psql -c "SELECT count(*) FROM record")
[ "$cnt" = 0 ]; ok $? "... and nothing is committed"

"$CTL" migrate --from "sqlite:$T/a.db" --to "postgresql://sg:pw@127.0.0.1:1/x" > "$T/out" 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "unreachable destination exits 2"
has "$T/out" "unreachable" "... says unreachable"
grep -q "pw@" "$T/out"; [ $? -ne 0 ]; ok $? "... without printing the password"
"$CTL" migrate --from "sqlite:$T/a.db" > "$T/out" 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "migrate without --to: usage error"
echo "1..$n"
