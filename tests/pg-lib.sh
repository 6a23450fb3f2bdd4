# pg-lib.sh - a private, throw-away PostgreSQL for tests (sourced).
# SPDX-License-Identifier: BSD-2-Clause
#
# pg_start DIR starts a cluster in DIR (socket in DIR, TCP on 127.0.0.1
# only, trust authentication for the user sg: loopback test use only) and
# exports SG_TEST_PG=postgresql://sg@127.0.0.1:PORT, PG_DIR and PG_PORT;
# pg_stop [fast|immediate] stops it; pg_restart starts it again on the same
# port. initdb refuses to run as root: as root the cluster runs as the
# postgres user (created by the Debian package). Nothing of a system
# cluster is touched. See ../shared/reference/postgresql-for-tests.md.

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

pg_have() {
	test -n "$PG_BIN" && test -x "$PG_BIN/initdb" && test -x "$PG_BIN/pg_ctl"
}

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_ctl_start() {
	# fsync=off: a test cluster whose machine does not crash; COMMIT still
	# waits for the WAL write (synchronous_commit stays on).
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
		-o "-k $PG_DIR -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c max_connections=200" \
		start >>"$PG_DIR/ctl.log" 2>&1
}

pg_start() {
	PG_DIR=$1
	mkdir -p "$PG_DIR" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$PG_DIR"
		chmod 0711 "$(dirname "$PG_DIR")"
	fi
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U sg --no-sync -E UTF8 \
		>"$PG_DIR/initdb.log" 2>&1 || return 1
	for _try in 1 2 3 4 5; do
		PG_PORT=$((20000 + ($$ * 7 + RANDOM) % 30000))
		if pg_ctl_start; then
			SG_TEST_PG="postgresql://sg@127.0.0.1:$PG_PORT"
			export SG_TEST_PG PG_DIR PG_PORT
			return 0
		fi
	done
	return 1
}

pg_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w stop >>"$PG_DIR/ctl.log" 2>&1
}

pg_restart() {
	pg_ctl_start
}

pg_psql() {
	"$PG_BIN/psql" -X -q -At "$SG_TEST_PG/${PGDB:-postgres}" "$@"
}
