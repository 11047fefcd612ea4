# sid-root.sh: Asterisk for the asterisk-* scenarios, from Debian unstable, in a chroot.
# Sourced by generate.sh. Debian 12 has no asterisk package; Debian unstable has asterisk 22.
#
# Outside the namespace (it needs the network):
#   sid_root_ensure     makes the root once: debootstrap --variant=minbase sid from the Debian
#                       archive this machine's apt already uses (no host name is written here),
#                       then installs $SID_PACKAGES. Cached in ${SIPAUTH_SID_ROOT:-/var/cache/sipauth-sid}
#                       (outside the repository); SIPAUTH_MIRROR=URI overrides the archive.
#   sid_pkg_version PKG [EXPECT]  the version of PKG in the root (else as EXPECT's header says)
# Inside the scenario's namespace (generate.sh runs an Asterisk scenario in `unshare --net --mount
# --propagation private`, so these mounts are the namespace's own and vanish with it even if
# every cleanup below fails; the network namespace, and so its lo, is shared by the chroot):
#   sid_mount           mounts proc, binds /dev, a tmpfs on /tmp and the scratch folder $WORK on
#                       /sipauth/work
#   sid_run CMD...      runs CMD in the root (clean environment); returns its status
#   sid_start NAME CMD... starts CMD in the root in the background, output to $WORK/NAME.log,
#                       its pid added to PIDS (generate.sh kills it at the end)
#   sid_umount          unmounts everything sid_mount mounted (generate.sh's stop_all calls it)
#   start_asterisk      starts `asterisk -f -n -C /sipauth/work/asterisk/etc/asterisk.conf`
#                       (foreground, no colour) and waits until its control socket answers
#   asterisk_rx CMD     runs `asterisk -rx CMD` against it; output to stdout

SID_ROOT=${SIPAUTH_SID_ROOT:-/var/cache/sipauth-sid}
SID_PACKAGES="asterisk asterisk-modules kamailio sip-tester"
SID_MOUNTS=()

sid_apt_mirror() {   # copied from scripts/test-wireshark-versions: first "deb" source ending in /debian
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        sed -n -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' \
               -e 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' "$f"
    done | head -n 1
}

sid_root_ensure() {
    [ -f "$SID_ROOT/.sipauth-ready" ] && return 0
    command -v debootstrap >/dev/null || die "the asterisk scenarios need debootstrap (apt-get install debootstrap)"
    local mirror new log rc=0
    mirror=${SIPAUTH_MIRROR:-$(sid_apt_mirror)}
    [ -n "$mirror" ] || die "no Debian archive in this machine's apt sources; set SIPAUTH_MIRROR"
    mkdir -p "$(dirname "$SID_ROOT")"
    exec 8>"$SID_ROOT.lock"
    flock 8
    if [ -f "$SID_ROOT/.sipauth-ready" ]; then exec 8>&-; return 0; fi
    new=$SID_ROOT.new
    log=$SID_ROOT.log
    rm -rf --one-file-system "$new"
    echo "   making the Debian unstable root in $SID_ROOT (once; log: $log)"
    debootstrap --variant=minbase sid "$new" "$mirror" >"$log" 2>&1 || die "debootstrap sid failed (see $log)"
    # the archive's sid Release file may be past its Valid-Until; no service starts on install
    echo 'Acquire::Check-Valid-Until "false";' >"$new/etc/apt/apt.conf.d/99sipauth-no-valid-until"
    printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
    chmod 755 "$new/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$new/etc/resolv.conf"
    mount -t proc proc "$new/proc"
    mount --rbind /dev "$new/dev"
    mount --make-rslave "$new/dev"
    chroot "$new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        sh -c "apt-get update && apt-get install -y --no-install-recommends $SID_PACKAGES && apt-get clean" \
        >>"$log" 2>&1 || rc=$?
    umount -R "$new/dev" || umount -l "$new/dev"
    umount "$new/proc" || umount -l "$new/proc"
    [ $rc = 0 ] || die "installing $SID_PACKAGES in the sid root failed (see $log)"
    mkdir -p "$new/sipauth/work"
    touch "$new/.sipauth-ready"
    rm -rf --one-file-system "$SID_ROOT"
    mv "$new" "$SID_ROOT"
    exec 8>&-
}

sid_pkg_version() {  # sid_pkg_version PKG [EXPECT]: from the root; without the root (generate.sh --expect
    local v=""       # elsewhere) the version EXPECT's "# produced by:" line recorded
    if [ -f "$SID_ROOT/.sipauth-ready" ]; then
        v=$(chroot "$SID_ROOT" dpkg-query -W -f '${Version}' "$1" 2>/dev/null || true)
    elif [ -f "${2:-}" ]; then
        v=$(grep -m1 '^# produced by:' "$2" | grep -o "$1 [^ ]* (Debian unstable" | head -1 | cut -d' ' -f2 || true)
    fi
    echo "${v:-?}"
}

sid_mount() {        # inside the namespace, once per scenario
    [ -f "$SID_ROOT/.sipauth-ready" ] || die "no sid root in $SID_ROOT"
    [ ${#SID_MOUNTS[@]} = 0 ] || return 0
    mount -t proc proc "$SID_ROOT/proc"; SID_MOUNTS+=("$SID_ROOT/proc")
    mount --rbind /dev "$SID_ROOT/dev"; SID_MOUNTS+=("$SID_ROOT/dev")
    mount -t tmpfs tmpfs "$SID_ROOT/tmp"; SID_MOUNTS+=("$SID_ROOT/tmp")
    mount --bind "$WORK" "$SID_ROOT/sipauth/work"; SID_MOUNTS+=("$SID_ROOT/sipauth/work")
}

sid_umount() {       # last mounted first; -R for the /dev tree
    local i
    for ((i = ${#SID_MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -R "${SID_MOUNTS[i]}" 2>/dev/null || umount -R -l "${SID_MOUNTS[i]}" 2>/dev/null ||
            echo "sid-root.sh: could not unmount ${SID_MOUNTS[i]}" >&2
    done
    SID_MOUNTS=()
}

SID_ENV=(/usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb)
sid_run() { chroot "$SID_ROOT" "${SID_ENV[@]}" "$@"; }

sid_start() {        # sid_start NAME CMD...   chroot and env exec CMD: $! is CMD's own pid
    local name=$1; shift
    chroot "$SID_ROOT" "${SID_ENV[@]}" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}

# Asterisk's configuration: scenarios/asterisk-common/*.conf (asterisk.conf: every directory under
# /sipauth/work/asterisk, i.e. $WORK/asterisk; modules.conf, logger.conf, rtp.conf) overlaid with the
# scenario's own *.conf (pjsip.conf, extensions.conf, ...), copied to $WORK/asterisk/etc.
start_asterisk() {
    sid_mount
    local d
    for d in etc run log lib spool; do mkdir -p "$WORK/asterisk/$d"; done
    cp "$SCEN"/asterisk-common/*.conf "$WORK/asterisk/etc/"
    cp "$SDIR"/*.conf "$WORK/asterisk/etc/"
    sid_start asterisk asterisk -f -n -C /sipauth/work/asterisk/etc/asterisk.conf
    local i
    for i in $(seq 100); do
        asterisk_rx "core waitfullybooted" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "asterisk did not start: $(tail -5 "$WORK/asterisk.log")"
}

asterisk_rx() { sid_run asterisk -C /sipauth/work/asterisk/etc/asterisk.conf -rx "$1"; }

# ---- other helpers of the asterisk-* scenarios (Debian 12's sipp on the host side)
SIPP_UAS_PID=""
sipp_uas() {         # sipp_uas XML [PORT]: a sipp UAS (one call) on 127.0.0.1:PORT (default 5080)
    sipp -sf "$SDIR/$1" -i 127.0.0.1 -p "${2:-5080}" -mp 6100 -m 1 -nostdin -timeout 60s \
        -trace_msg -message_file "$WORK/sipp-uas-msg.log" >"$WORK/sipp-uas.out" 2>&1 &
    SIPP_UAS_PID=$!
    PIDS+=($!)
}

wait_sipp_uas() {    # wait_sipp_uas SECONDS: until the UAS's call is over (it exits), at most SECONDS
    local i
    for i in $(seq $(( $1 * 10 ))); do
        kill -0 "$SIPP_UAS_PID" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "sipp UAS still running after $1 s (see $WORK/sipp-uas.out)" >&2
}

wait_asterisk_registered() {  # wait_asterisk_registered REGISTRATION SECONDS
    local i
    for i in $(seq $(( $2 * 5 ))); do
        asterisk_rx "pjsip show registration $1" 2>/dev/null | grep -q ' Registered' && return 0
        sleep 0.2
    done
    die "outbound registration $1 not Registered after $2 s: $(asterisk_rx "pjsip show registrations" 2>&1 | tail -3)"
}
