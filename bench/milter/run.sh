#!/bin/bash
# bench/milter/run.sh - throughput and added latency of sendguard-milter
# through a real (private, loopback) Postfix, with smtp-source.
#
#   bench/milter/run.sh [BUILDDIR]      (as root; Postfix from Debian)
#
# For 10 KB and 1 MB messages: Postfix without milter, with sendguard-milter
# on a Unix socket and on a TCP socket (TCP_NODELAY on, the default) and on
# TCP with Nagle left on (SENDGUARD_TCP_NODELAY=0, to show the stall), all
# in the same run. Reports msg/s (10 smtp-source sessions), the ratio to
# Postfix alone, the median and p99 per-message time of a sequential client
# (connect .. reply to DATA) and the milter's peak RSS (VmHWM).
# Messages are clean internal mail (outgoing, fully scanned and recorded);
# the sink is Postfix's smtp-sink. Knobs: MSGS_10K MSGS_1M LAT_10K LAT_1M,
# SIZES (default "10240 1048576"), SETUPS (default "none unix inet
# inet-nagle"; also: unix-fsync = pass events fsync'd as before,
# SENDGUARD_RECORD_SYNC=full; unix-nr0 = a reply per header again,
# SENDGUARD_MILTER_NR=0; unix-old / inet-old = the binary $SG_MILTER_OLD,
# e.g. a build of an earlier commit, for before/after in one run;
# unix-pg = the same with [record] database on a private PostgreSQL on
# loopback (tests/pg-lib.sh) instead of SQLite; unix-hold / unix-pg-hold =
# every message held ([hold] delay = 1h, external recipient): bytes, hold
# row and record event committed (fsync'd / synchronous_commit) per message).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(cd "$here/../.." && pwd)
top_builddir=$(cd "${1:-$top_srcdir}" && pwd)
export top_srcdir top_builddir
MSGS_10K=${MSGS_10K:-1000}
MSGS_1M=${MSGS_1M:-100}
LAT_10K=${LAT_10K:-100}
LAT_1M=${LAT_1M:-20}
FROM=taro@example.co.jp
TO=hanako@example.co.jp

SIZES=${SIZES:-10240 1048576}
SETUPS=${SETUPS:-none unix inet inet-nagle}

run_one() {   # run_one KIND SIZE MSGS LATN NODELAY -> "msg/s median p99 hwm_kb"
    local kind=$1 size=$2 msgs=$3 latn=$4 nodelay=$5
    (
        SG_SINK=smtp-sink
        . "$top_srcdir/tests/integration/lib.sh"
        sg_require >/dev/null
        extra=()
        if [ -n "${BENCH_PG:-}" ]; then      # PostgreSQL instead of SQLite
            . "$top_srcdir/tests/pg-lib.sh"
            pg_start "$T/pg" >&2 || exit 1
            trap 'pg_stop immediate; sg_cleanup' EXIT
            pg_psql -c "CREATE DATABASE bench" >&2
            extra+=("record.database=$SG_TEST_PG/bench")
        fi
        if [ -n "${BENCH_HOLD:-}" ]; then    # every message held
            extra+=("hold.delay=1h")
            TO=x@partner.example
        fi
        SG_SOCKET_KIND=$kind sg_conf "$T/sg.conf" "${extra[@]}"
        [ "$kind" = none ] || SENDGUARD_TCP_NODELAY=$nodelay milter_start "$T/sg.conf" >&2 || exit 1
        pf_start "$kind" >&2 || exit 1
        # warm up (first-time code paths, SQLite file creation)
        /usr/sbin/smtp-source -s 2 -m 20 -l "$size" -f $FROM -t $TO "127.0.0.1:$SMTP_PORT"
        s=$(date +%s.%N)
        /usr/sbin/smtp-source -s 10 -m "$msgs" -l "$size" -f $FROM -t $TO "127.0.0.1:$SMTP_PORT"
        e=$(date +%s.%N)
        rate=$(python3 -c "print('%.0f' % ($msgs / ($e - $s)))")
        lat=$(python3 "$here/latency.py" "$SMTP_PORT" "$latn" $FROM $TO "$size")
        hwm=-
        [ -n "$MILTER_PID" ] && hwm=$(awk '/VmHWM/ {print $2}' /proc/$MILTER_PID/status)
        echo "$rate $lat $hwm"
    )
}

printf '%-6s %-22s %8s %6s %10s %8s %10s\n' size setup msg/s ratio median_ms p99_ms peakRSS_kB
for size in $SIZES; do
    if [ $size = 10240 ]; then msgs=$MSGS_10K latn=$LAT_10K label=10KB; else msgs=$MSGS_1M latn=$LAT_1M label=1MB; fi
    base=
    for setup in $SETUPS; do
        case $setup in
        none) r=$(run_one none $size $msgs $latn 1) ;;
        unix) r=$(run_one unix $size $msgs $latn 1) ;;
        inet) r=$(run_one inet $size $msgs $latn 1) ;;
        inet-nagle) r=$(run_one inet $size $msgs $latn 0) ;;
        unix-fsync) r=$(SENDGUARD_RECORD_SYNC=full run_one unix $size $msgs $latn 1) ;;
        unix-pg) r=$(BENCH_PG=1 run_one unix $size $msgs $latn 1) ;;
        unix-hold) r=$(BENCH_HOLD=1 run_one unix $size $msgs $latn 1) ;;
        unix-pg-hold) r=$(BENCH_PG=1 BENCH_HOLD=1 run_one unix $size $msgs $latn 1) ;;
        unix-nr0) r=$(SENDGUARD_MILTER_NR=0 run_one unix $size $msgs $latn 1) ;;
        unix-old) r=$(SG_MILTER=$SG_MILTER_OLD run_one unix $size $msgs $latn 1) ;;
        inet-old) r=$(SG_MILTER=$SG_MILTER_OLD run_one inet $size $msgs $latn 1) ;;
        *) echo "unknown setup $setup" >&2; continue ;;
        esac
        set -- $r
        [ -n "$base" ] || base=$1
        ratio=$(python3 -c "print('%.2f' % ($1 / $base))")
        printf '%-6s %-22s %8s %6s %10s %8s %10s\n' $label "$setup" "$1" "$ratio" "$2" "$3" "$4"
    done
done
