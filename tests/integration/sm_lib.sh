# sm_lib.sh - a private, throw-away Sendmail in place of Postfix for the
# integration tests (../shared/reference/sendmail-for-tests.md). Source it
# after lib.sh:
#
#   . "$top_srcdir/tests/integration/lib.sh"
#   . "$top_srcdir/tests/integration/sm_lib.sh"
#   sm_require; sg_conf "$T/sg.conf"; milter_start "$T/sg.conf"; sm_start
#
# Sendmail comes from Debian's packages, unpacked (not installed: it
# conflicts with postfix) under $SG_SENDMAIL_ROOT, which
# scripts/install-deps.sh fills (apt-get download + dpkg-deb -x). Its
# sendmail.cf is built from a test .mc that includes the shipped
# contrib/sendmail/sendguard.mc with only the socket and the re-injection
# port replaced by this test's. It listens on 127.0.0.1:$SMTP_PORT (with the
# milter) and 127.0.0.1:$RELAY_PORT (without: [hold] relay), so send_mail,
# send_relay, the capture server and the record helpers of lib.sh work
# unchanged. Everything is under $T/sm; the EXIT trap stops it (sm_stop is
# chained into lib.sh's sg_cleanup by sm_require).
# SPDX-License-Identifier: BSD-2-Clause

SG_SENDMAIL_ROOT=${SG_SENDMAIL_ROOT:-/var/cache/sendguard-tests/sendmail-root}
SM=$T/sm
SM_PID=
SM_BIN=

sm_require() {
    sg_require
    command -v m4 >/dev/null || tap_skip_all "m4 missing"
    command -v unshare >/dev/null || tap_skip_all "unshare missing"
    [ -x "$SG_SENDMAIL_ROOT/usr/libexec/sendmail/sendmail" ] ||
        tap_skip_all "no unpacked Sendmail in $SG_SENDMAIL_ROOT (scripts/install-deps.sh)"
    trap 'sm_stop; sg_cleanup' EXIT
}

# sm_start: milter socket from $SG_CONF (unix or inet).
sm_start() {
    local sock conf_sock
    conf_sock=$(sed -n 's/^socket = //p' "$SG_CONF")
    case $conf_sock in
    unix:*) sock="local:${conf_sock#unix:}" ;;
    *) sock=$conf_sock ;;
    esac
    [ -n "$SINK_PID" ] || sink_start || return 1
    mkdir -p "$SM/queue" "$SM/lib"
    chmod 0700 "$SM/queue"
    # private copy of the binary without setgid (glibc would ignore LD_LIBRARY_PATH)
    cp "$SG_SENDMAIL_ROOT/usr/libexec/sendmail/sendmail" "$SM/sendmail"
    chmod 0755 "$SM/sendmail"
    SM_BIN=$SM/sendmail
    cp "$SG_SENDMAIL_ROOT/etc/mail/helpfile" "$SM/helpfile"
    : >"$SM/trusted-users"
    : >"$SM/relay-domains"
    printf 'postmaster: root\n' >"$SM/aliases"
    printf '127.0.0.1 localhost sm-test.localdomain\n' >"$SM/hosts"
    printf 'hosts files\naliases files\npasswd files\n' >"$SM/service.switch"
    # the shipped snippet, with this test's socket and re-injection port
    sed -e "s|S=local:/run/sendguard/milter.sock|S=$sock|" \
        -e "s|Port=10026|Port=$RELAY_PORT|" \
        -e "s|T=C:30s;S:60s;R:60s;E:5m|T=C:5s;S:30s;R:30s;E:1m|" \
        "$top_srcdir/contrib/sendmail/sendguard.mc" >"$SM/sendguard.mc"
    cat >"$SM/test.mc" <<EOF
divert(-1)
include(\`$SG_SENDMAIL_ROOT/usr/share/sendmail/cf/m4/cf.m4')
divert(0)dnl
VERSIONID(\`sendguard test')dnl
OSTYPE(\`linux')dnl
define(\`MAIL_SETTINGS_DIR', \`$SM/')dnl
define(\`QUEUE_DIR', \`$SM/queue')dnl
define(\`confPID_FILE', \`$SM/sendmail.pid')dnl
define(\`STATUS_FILE', \`$SM/statistics')dnl
define(\`HELP_FILE', \`$SM/helpfile')dnl
define(\`ALIAS_FILE', \`$SM/aliases')dnl
define(\`confSERVICE_SWITCH_FILE', \`$SM/service.switch')dnl
define(\`confHOSTS_FILE', \`$SM/hosts')dnl
define(\`confCT_FILE', \`$SM/trusted-users')dnl
define(\`confCR_FILE', \`-o $SM/relay-domains')dnl
define(\`confDEAD_LETTER_DROP', \`$SM/dead.letter')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confBIND_OPTS', \`-DNSRCH -DEFNAMES')dnl
define(\`confTO_IDENT', \`0')dnl
define(\`confQUEUE_LA', \`999')dnl
define(\`confREFUSE_LA', \`999')dnl
define(\`confDELAY_LA', \`0')dnl
define(\`confMIN_FREE_BLOCKS', \`0')dnl
define(\`SMART_HOST', \`esmtp:[127.0.0.1]')dnl
define(\`MAIL_HUB', \`esmtp:[127.0.0.1]')dnl
define(\`ESMTP_MAILER_ARGS', \`TCP \$h $SINK_PORT')dnl
define(\`RELAY_MAILER_ARGS', \`TCP \$h $SINK_PORT')dnl
define(\`LOCAL_MAILER_PATH', \`/bin/false')dnl
define(\`confMAX_MESSAGE_SIZE', \`60000000')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`no_default_msa')dnl
DAEMON_OPTIONS(\`Family=inet, Name=MTA-test, Port=$SMTP_PORT, Addr=127.0.0.1')dnl
RELAY_DOMAIN(\`127.0.0.1')dnl
include(\`$SM/sendguard.mc')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
EOF
    m4 -D_CF_DIR_="$SG_SENDMAIL_ROOT/usr/share/sendmail/cf/" "$SM/test.mc" >"$SM/sendmail.cf" \
        2>"$SM/m4.err" || { sed 's/^/#   /' "$SM/m4.err" >&2; return 1; }
    (sm_unshare "$SM_BIN" -C "$SM/sendmail.cf" -bi) >"$SM/newaliases.out" 2>&1
    (sm_unshare "$SM_BIN" -C "$SM/sendmail.cf" -bD -q1m -X "$SM/traffic.log") \
        >"$SM/sendmail.out" 2>&1 &
    SM_PID=$!
    if ! wait_port "$SMTP_PORT" || ! wait_port "$RELAY_PORT"; then
        echo "# sendmail did not start:" >&2
        sed 's/^/#   /' "$SM/sendmail.out" >&2
        return 1
    fi
    # lib.sh's Postfix helpers must not run: mark no Postfix
    PF_RUNNING=
}

# Sendmail sleeps 60 s at start-up without a dotted host name: run it in its
# own UTS namespace with one (needs root). Called in a subshell: every step
# execs, so the subshell's pid ($!) becomes sendmail's.
sm_unshare() {
    export LD_LIBRARY_PATH="$SG_SENDMAIL_ROOT/usr/lib/x86_64-linux-gnu"
    exec unshare --uts sh -c 'hostname sm-test.localdomain && exec "$0" "$@"' "$@"
}

sm_stop() {
    [ -n "$SM_PID" ] || return 0
    kill -TERM "$SM_PID" 2>/dev/null
    local i
    for i in $(seq 1 100); do
        kill -0 "$SM_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$SM_PID" 2>/dev/null
    wait "$SM_PID" 2>/dev/null
    SM_PID=
}

# sm_setup [section.key=value ...]: like it_setup, with Sendmail.
sm_setup() {
    sm_require
    sg_conf "$T/sg.conf" "$@"
    milter_start "$T/sg.conf" || { echo "Bail out! milter did not start"; exit 1; }
    sm_start || { echo "Bail out! sendmail did not start"; exit 1; }
}
