#!/bin/bash
# admin.sh - plays the admin of issue 7 on this machine, from the release
# tarball: builds the Debian package (DEB_BUILD_OPTIONS=nocheck: the suite
# runs the tests), checks it with lintian, installs it, runs `-t` with the
# installed config as the installed user, starts the daemon as the systemd
# unit would (systemd does not run here: the unit's own ExecStartPre/
# ExecStart lines, User=/Group=, UMask=, RuntimeDirectory=/StateDirectory=
# are read from the installed unit and done by hand), sends mail through a
# private real Postfix with the package's main.cf/master.cf snippets
# applied, runs sendguardctl as root, checks the daemon still works, then
# purges the package and checks that nothing is left.
#
#   tests/package/admin.sh TARBALL      (root; prints TAP)
#
# The purge happens whatever fails (EXIT trap): CI and later tests run on
# the same machine. A machine where sendguard is already installed from a
# package is left alone (skip).
# SPDX-License-Identifier: BSD-2-Clause
set -u
tarball=$(readlink -f "${1:?usage: admin.sh TARBALL}")
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=$(cd "$here/../.." && pwd)
SG_MILTER=/usr/sbin/sendguard-milter
SG_CTL=/usr/sbin/sendguardctl
. "$top_srcdir/tests/integration/lib.sh"
UNIT=/lib/systemd/system/sendguard-milter.service
CONF=/etc/sendguard/sendguard.conf
SOCK=/var/spool/postfix/sendguard/milter.sock
DAEMON_PID=
INSTALLED=

[ "$(id -u)" -eq 0 ] || tap_skip_all "needs root (installs a package)"
for c in dpkg-buildpackage dh lintian setpriv systemd-analyze; do
    command -v $c >/dev/null || tap_skip_all "$c missing (scripts/install-deps.sh)"
done
# A package left by an earlier run of this test that was killed before its
# trap ran (the marker says so) is purged; any other is left alone.
MARK=/var/cache/sendguard-tests/package-test-installed
if dpkg-query -W -f='${Status}' sendguard 2>/dev/null | grep -q installed; then
    if [ -e "$MARK" ]; then
        dpkg --purge sendguard >/dev/null 2>&1
        rm -f "$MARK"
    else
        tap_skip_all "a sendguard package is already installed here: left alone"
    fi
fi

pkg_cleanup() {
    set +e
    if [ -n "$DAEMON_PID" ]; then
        kill -TERM "$DAEMON_PID" 2>/dev/null
        for i in $(seq 1 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$DAEMON_PID" 2>/dev/null
        DAEMON_PID=
    fi
    if [ -n "$INSTALLED" ] && dpkg-query -W sendguard >/dev/null 2>&1; then
        dpkg --purge sendguard >>"$T/purge.log" 2>&1
    fi
    dpkg-query -W -f='${Status}' sendguard 2>/dev/null | grep -q installed || rm -f "$MARK"
    rm -rf /run/sendguard
}
trap 'pkg_cleanup; sg_cleanup' EXIT

# ---- build --------------------------------------------------------------
mkdir -p "$T/src"
tar xzf "$tarball" -C "$T/src" --strip-components=1
# noopt: -O0 halves the build time; the package's contents are what is tested
t1=$SECONDS
(cd "$T/src" && DEB_BUILD_OPTIONS="nocheck noddebs noopt parallel=2" dpkg-buildpackage -us -uc -b) \
    >"$T/build.log" 2>&1
tap_is $? 0 "dpkg-buildpackage -us -uc -b builds the package from the tarball"
echo "# package build: $((SECONDS - t1)) s"
deb=$(ls "$T"/sendguard_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { tail -30 "$T/build.log" | sed 's/^/#   /'; echo "Bail out! no .deb"; exit 1; }
# lintian: no error or warning; the remaining informational tags are
# explained in doc/operations.md ("The Debian package").
t1=$SECONDS
lintian "$deb" >"$T/lintian.out" 2>&1
bad=$(grep -E '^[EW]: ' "$T/lintian.out")
tap_is "$bad" "" "lintian: no errors or warnings"
echo "# lintian: $((SECONDS - t1)) s"

# ---- install ------------------------------------------------------------
INSTALLED=1
mkdir -p "${MARK%/*}" && : >"$MARK"
dpkg -i "$deb" >"$T/install.log" 2>&1
tap_is $? 0 "dpkg -i installs it" || sed 's/^/#   /' "$T/install.log"
for f in /usr/sbin/sendguard-milter /usr/sbin/sendguardctl /usr/bin/sendguard-scan "$CONF" \
         /usr/share/sendguard/rules/default.rules /usr/share/sendguard/templates/hold.ja.txt \
         /usr/share/man/man8/sendguard-milter.8.gz /usr/share/man/man5/sendguard.conf.5.gz \
         /usr/share/man/man8/sendguardctl.8.gz "$UNIT" /etc/logrotate.d/sendguard \
         /usr/share/doc/sendguard/operations.md /usr/share/doc/sendguard/main.cf.snippet; do
    tap_ok $([ -e "$f" ]; echo $?) "installed: $f"
done
tap_ok $([ -d /etc/sendguard/rules.d ]; echo $?) "installed: /etc/sendguard/rules.d (the admin's rules)"
dpkg-query -W -f='${Conffiles}\n' sendguard | grep -q " $CONF "
tap_ok $? "$CONF is a conffile"
getent passwd sendguard >/dev/null
tap_ok $? "the sendguard system user exists"
tap_is "$(stat -c '%U:%G %a' /var/lib/sendguard)" "sendguard:sendguard 750" "/var/lib/sendguard owned by sendguard, 0750"
tap_is "$(stat -c '%U:%G %a' /var/spool/postfix/sendguard)" "sendguard:sendguard 750" "socket directory in Postfix's chroot owned by sendguard"
id -nG postfix | tr ' ' '\n' | grep -qx sendguard
tap_ok $? "postfix is in group sendguard"
systemd-analyze verify "$UNIT" >"$T/verify.out" 2>&1
tap_ok $? "systemd-analyze verify $UNIT ($(tr '\n' ' ' <"$T/verify.out"))"
grep -q "^socket = unix:$SOCK" "$CONF"
tap_ok $? "the packaged config puts the socket in Postfix's chroot"

# ---- -t with the installed config, as the installed user ---------------
out=$(setpriv --reuid sendguard --regid sendguard --init-groups $SG_MILTER -t -c "$CONF" 2>&1)
tap_is $? 0 "-t as sendguard with the installed config ($out)"
tap_like "$out" "internal_domains.*warning: empty" "... warns that internal_domains is still empty"

# the admin fills in the company's domains and the private Postfix's relay port
sink_start || { echo "Bail out! capture server did not start"; exit 1; }
sed -i -e "s|^#internal_domains = .*|internal_domains = example.co.jp|" \
    -e "s|^#relay = .*|relay = 127.0.0.1:$RELAY_PORT|" \
    -e "s|^#release_address = .*|release_address = sendguard-release@example.co.jp|" \
    -e "s|^#hostname = .*|hostname = mx.example.co.jp|" "$CONF"
out=$(setpriv --reuid sendguard --regid sendguard --init-groups $SG_MILTER -t -c "$CONF" 2>&1)
tap_is $? 0 "-t after the admin's edits ($out)"

# ---- start as the unit would --------------------------------------------
unit_val() { sed -n "s/^$1=//p" "$UNIT" | head -1; }
user=$(unit_val User); group=$(unit_val Group); umask_v=$(unit_val UMask)
pre=$(unit_val ExecStartPre); start=$(unit_val ExecStart)
tap_is "$user:$group" "sendguard:sendguard" "the unit runs as User=sendguard Group=sendguard"
rdir=/run/$(unit_val RuntimeDirectory); sdir=/var/lib/$(unit_val StateDirectory)
install -d -o "$user" -g "$group" -m "$(unit_val RuntimeDirectoryMode)" "$rdir"
install -d -o "$user" -g "$group" -m "$(unit_val StateDirectoryMode)" "$sdir"
as_unit() { (umask "$umask_v"; exec setpriv --reuid "$user" --regid "$group" --init-groups "$@"); }
as_unit $pre >"$T/pre.out" 2>&1
tap_is $? 0 "ExecStartPre ($pre) as $user"
# (a subshell that execs: $! is the daemon itself, for ps and SIGHUP)
(umask "$umask_v"; exec setpriv --reuid "$user" --regid "$group" --init-groups $start \
    >"$T/milter.log" 2>&1) &
DAEMON_PID=$!
for i in $(seq 1 150); do
    [ -S "$SOCK" ] && grep -q 'started, listening' "$T/milter.log" && break
    kill -0 $DAEMON_PID 2>/dev/null || break
    sleep 0.1
done
tap_ok $([ -S "$SOCK" ]; echo $?) "ExecStart ($start) listens on $SOCK"
tap_is "$(stat -c '%U:%G %a' "$SOCK" 2>/dev/null)" "sendguard:sendguard 660" "socket sendguard:sendguard 0660"
ps -o user= -p $DAEMON_PID | grep -qx sendguard
tap_ok $? "the daemon runs as sendguard"

# ---- a private Postfix with the package's snippets ----------------------
# pf_start writes the private instance's main.cf/master.cf (its relay
# listener on $RELAY_PORT is replaced by the one of master.cf.snippet); the
# snippets' settings are applied with postconf. The private smtpd does not
# run chrooted, so smtpd_milters names the socket by its full path (the
# snippet's unix:/sendguard/milter.sock is the same file seen from inside
# Debian's chroot).
MILTER_SOCK=$SOCK
pf_start unix || { echo "Bail out! postfix did not start"; exit 1; }
sed -i "/^127.0.0.1:$RELAY_PORT /d" "$PF/etc/master.cf"
grep -v '^#' /usr/share/doc/sendguard/master.cf.snippet | \
    sed -e "s/^127\.0\.0\.1:10026\( *inet *n *- *\)y /127.0.0.1:$RELAY_PORT\1n /" \
    >>"$PF/etc/master.cf"
grep -E '^[a-z_]+ *=' /usr/share/doc/sendguard/main.cf.snippet | grep -v '^smtpd_milters' | \
    while IFS= read -r line; do postconf -c "$PF/etc" -e "$line"; done
postconf -c "$PF/etc" -e "smtpd_milters = unix:$SOCK"
/usr/sbin/postfix -c "$PF/etc" reload >>"$T/postfix.out" 2>&1
sleep 1
wait_port "$RELAY_PORT"
tap_ok $? "the snippet's re-injection listener runs (port $RELAY_PORT)"

r=$(send_mail "$SENDER" "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" "^250" "internal mail passes ($r)"
r=$(send_mail "$SENDER" "$DEMO/03-mynumber.eml" partner@partner.example)
tap_like "$r" "^5[0-9][0-9]" "My Number to an external recipient is rejected ($r)"
r=$(send_mail "$SENDER" "$DEMO/04-bulk-external.eml" a@partner.example b@partner.example c@partner.example d@partner.example e@partner.example)
tap_like "$r" "^250" "bulk-external mail is accepted (held) ($r)"
wait_delivered 2 60
tap_ok $? "the internal mail and the hold notification reach the sink"

# ---- sendguardctl as root -----------------------------------------------
out=$($SG_CTL status 2>&1)
tap_like "$out" "holds pending: +1" "sendguardctl status as root: one hold pending"
tap_like "$out" "last expiry run: +[0-9]" "... the expiry run has run"
$SG_CTL list >/dev/null 2>&1; tap_is $? 0 "sendguardctl list as root"
$SG_CTL verify >/dev/null 2>&1; tap_is $? 0 "sendguardctl verify as root"
$SG_CTL records --format csv >/dev/null 2>&1; tap_is $? 0 "sendguardctl records as root"
bad=$(find /var/lib/sendguard -user root | tr '\n' ' ')
tap_is "$bad" "" "nothing in /var/lib/sendguard belongs to root"

# ---- the daemon still works; reload as ExecReload does --------------------
r=$(send_mail "$SENDER" "$DEMO/02-external.eml" partner@partner.example)
tap_like "$r" "^250" "after sendguardctl ran as root, mail still passes ($r)"
reload=$(unit_val ExecReload)
tap_like "$reload" "kill -HUP" "ExecReload sends SIGHUP"
kill -HUP $DAEMON_PID
for i in $(seq 1 50); do grep -q 'reloaded' "$T/milter.log" && break; sleep 0.1; done
grep -q 'reloaded' "$T/milter.log"
tap_ok $? "SIGHUP reloads the installed config"
r=$(send_mail "$SENDER" "$DEMO/01-internal.eml" hanako@example.co.jp)
tap_like "$r" "^250" "mail passes after the reload ($r)"

# ---- purge ----------------------------------------------------------------
pf_stop
kill -TERM $DAEMON_PID; wait $DAEMON_PID 2>/dev/null; DAEMON_PID=
tap_ok $([ ! -e "$SOCK" ]; echo $?) "the stopped daemon removed its socket"
rm -rf "$rdir"          # systemd removes RuntimeDirectory= when the unit stops
dpkg --purge sendguard >"$T/purge.log" 2>&1
tap_is $? 0 "dpkg --purge sendguard" || sed 's/^/#   /' "$T/purge.log"
INSTALLED=
rm -f "$MARK"
left=
for f in /etc/sendguard /var/lib/sendguard /var/spool/postfix/sendguard /run/sendguard \
         /usr/share/sendguard /usr/share/doc/sendguard /usr/sbin/sendguard-milter \
         /usr/sbin/sendguardctl /usr/bin/sendguard-scan "$UNIT" /etc/logrotate.d/sendguard \
         /etc/systemd/system/multi-user.target.wants/sendguard-milter.service \
         /var/lib/systemd/deb-systemd-helper-enabled/sendguard-milter.service.dsh-also; do
    [ -e "$f" ] && left="$left $f"
done
tap_is "$left" "" "purge leaves no stray files"
id -nG postfix | tr ' ' '\n' | grep -qx sendguard
tap_ok $((1 - $?)) "postfix is no longer in group sendguard"
tap_done
