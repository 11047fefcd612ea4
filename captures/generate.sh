#!/bin/bash
# Regenerate the sipauth capture corpus from real SIP software on 127.0.0.1.
#
#   captures/generate.sh            all scenarios
#   captures/generate.sh NAME...    only these scenarios
#   captures/generate.sh --expect [NAME...] only rebuild .expect files from the existing pcapngs
# Environment: KEEP_WORK=1 keeps the scratch folder (/tmp/sipauth-cap.*: logs of kamailio, sipp,
# baresip); NO_EXPECT=1 (authoring aid) keeps and lists the new capture without checking it.
#
# Needs (Debian 12): kamailio sip-tester baresip-core tshark, plus util-linux (unshare),
# iproute2 (ip, ss), coreutils (md5sum, sha256sum), xxd and any awk (mawk is enough). No python. Run as root.
# The TLS scenarios also need kamailio-tls-modules, socat and openssl; register-401-ws needs
# kamailio-websocket-modules and python3 (standard library only); sipsak-register-wrong-then-right
# needs sipsak, svcrack-register and svwar-extensions need sipvicious (svcrack, svwar; Python 3,
# pulled in by the package); the asterisk-* scenarios need debootstrap: Asterisk runs from a
# Debian unstable root made once by scenarios/sid-root.sh (cached in
# ${SIPAUTH_SID_ROOT:-/var/cache/sipauth-sid}, needs the network) (see README.md).
# Every scenario runs in its own network namespace (unshare --net) whose only interface is
# lo, so all SIP traffic stays on 127.0.0.1.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SCEN=$HERE/scenarios
export SCEN
ALL="invite-407-ok register-401-ok invite-407-wrong-password invite-407-ack-missing
invite-realm-mismatch invite-realm-case invite-authorization-for-407 invite-407-no-retry
register-401-stale proxy-then-registrar proxy-then-registrar-both-legs invite-407-tcp invite-retransmissions
invite-cseq-not-incremented register-401-sha256-ok register-401-sha256-wrong-password
invite-407-md5-loop invite-407-auth-int invite-407-tls invite-407-tls-wrong-password register-401-ws
invite-407-ack-late-retry invite-407-wrong-password-403 register-401-wrong-password-403 register-baresip-loop
invite-407-credentials-in-dialog register-401-nonce-count register-401-nonce-reissued
sipsak-register-wrong-then-right svcrack-register svwar-extensions
asterisk-register-401-ok asterisk-register-401-wrong-password asterisk-invite-401-ok asterisk-outbound-auth-407-ok
asterisk-no-outbound-auth asterisk-outbound-auth-realm-mismatch asterisk-outbound-auth-realm-case
asterisk-register-401-two-algorithms asterisk-register-401-two-algorithms-md5-only asterisk-register-401-stale
asterisk-invite-401-no-ack asterisk-two-clients-one-address"

die() { echo "generate.sh: $*" >&2; exit 1; }

# Asterisk (asterisk-* scenarios) runs from a Debian unstable root in a chroot (scenarios/sid-root.sh)
# shellcheck source=scenarios/sid-root.sh
. "$SCEN/sid-root.sh"
uses_sid() { grep -q -e start_asterisk -e sid_mount "$SCEN/$1/scenario.sh"; }

# Reading a capture: stock dissection only. sipauth may be installed in the global plugin folder
# (root ignores personal ones); disabling its protocol keeps it out (harmless if it is absent).
tshark_stock() { tshark --disable-protocol sipauth "$@"; }

# ---------------------------------------------------------------- helpers used inside the namespace
# Everything below "inner" runs inside `unshare --net`.

WORK=""          # per-scenario scratch dir
PIDS=()          # processes started by this scenario (killed by pid at the end)
TSHARK_PID=""

start_kamailio() {   # start_kamailio NAME CFG   (CFG relative to the scenario dir)
    local name=$1 cfg=$2
    mkdir -p "$WORK/$name"
    kamailio -f "$SDIR/$cfg" -DD -E -Y "$WORK/$name" -P "$WORK/$name/pid" \
        >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}

wait_port() {        # wait_port PROTO PORT  (until something listens)
    local i
    for i in $(seq 50); do
        if ss -lnut 2>/dev/null | awk "{print \$5}" | grep -q ":$2$"; then return 0; fi
        sleep 0.1
    done
    die "nothing listens on $1/$2"
}

start_capture() {    # start_capture "FILTER"
    tshark -q -i lo -f "$1" -w "$WORK/capture.pcapng" >"$WORK/tshark.log" 2>&1 &
    TSHARK_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "Capturing on" "$WORK/tshark.log" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "Capturing on" "$WORK/tshark.log" || die "tshark did not start: $(cat "$WORK/tshark.log")"
    sleep 1
}

stop_capture() {
    sleep 1
    kill -INT "$TSHARK_PID"
    wait "$TSHARK_PID" || true
    TSHARK_PID=""
}

sipp_uac() {         # sipp_uac XML [extra sipp args...]  (client on 127.0.0.1:5061 -> 127.0.0.1:5060;
    local xml=$1; shift  #  SIPP_PORT=N overrides the local port 5061)
    cp "$SCEN/digest.sh" "$WORK/"
    ( cd "$WORK" && sipp -sf "$SDIR/$xml" -i 127.0.0.1 -p "${SIPP_PORT:-5061}" -m 1 -l 1 -nostdin \
        -timeout 60s -trace_msg -message_file "$WORK/sipp-msg.log" \
        -trace_err -error_file "$WORK/sipp-err.log" \
        "$@" 127.0.0.1:5060 >"$WORK/sipp.out" 2>&1 ) || echo "sipp exited with $? (see $WORK)" >&2
}

tls_server_cert() {  # self-signed RSA key + certificate for kamailio's tls module, made once per
    # scenario folder (server.key / server.pem are committed: test material, the key decrypts
    # the capture). RSA because tls.cfg forces an RSA key-exchange suite (see embed_tls_secrets).
    [ -f "$SDIR/server.key" ] && [ -f "$SDIR/server.pem" ] && return 0
    openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=proxy.sipauth.test \
        -addext subjectAltName=IP:127.0.0.1,DNS:proxy.sipauth.test \
        -keyout "$SDIR/server.key" -out "$SDIR/server.pem" >"$WORK/openssl.log" 2>&1 ||
        die "openssl req failed: $(cat "$WORK/openssl.log")"
    chmod 644 "$SDIR/server.key" "$SDIR/server.pem"
}

start_tls_relay() {  # start_tls_relay TCPPORT TLSPORT: accept one TCP connection on 127.0.0.1:TCPPORT and
    # carry it over TLS to 127.0.0.1:TLSPORT (sipp has no TLS; socat is its TLS stack)
    socat TCP-LISTEN:"$1",bind=127.0.0.1,reuseaddr OPENSSL:127.0.0.1:"$2",verify=0 \
        >"$WORK/socat.log" 2>&1 &
    PIDS+=($!)
    wait_port tcp "$1"
}

stop_all() {
    local p
    if [ -n "${TSHARK_PID:-}" ]; then kill -INT "$TSHARK_PID" 2>/dev/null || true; wait "$TSHARK_PID" 2>/dev/null || true; TSHARK_PID=""; fi
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    PIDS=()
    [ ${#SID_MOUNTS[@]} = 0 ] || sid_umount
}

inner() {            # inner NAME OUTDIR  -- runs inside the private namespace
    NAME=$1
    SDIR=$SCEN/$NAME
    WORK=$2
    export WORK SDIR
    ip link set lo up
    [ "$(ip -o link | wc -l)" = 1 ] || die "namespace has more than lo"
    # shellcheck source=/dev/null
    . "$SDIR/scenario.sh"
    trap stop_all EXIT
    run_scenario
    stop_all
    trap - EXIT
}

# ---------------------------------------------------------------- .expect builder
build_expect() {     # build_expect NAME [PCAP]  -> writes $HERE/NAME.expect only if the capture fits the story
    local name=$1 pcap=${2:-$HERE/$1.pcapng} story=$SCEN/$1/story
    [ -f "$pcap" ] || die "$pcap missing"
    [ -f "$story" ] || die "$story missing"
    local multi
    multi=$(tshark_stock -r "$pcap" -Y 'count(sip.Call-ID) > 1' -T fields -e frame.number 2>/dev/null)
    [ -z "$multi" ] || die "$name: frames holding more than one SIP message: $multi"
    local fields
    fields=$(mktemp)
    tshark_stock -r "$pcap" -Y sip -T fields -E separator=/t -E occurrence=f \
        -e frame.number -e sip.Method -e sip.Status-Code -e sip.r-uri -e sip.Call-ID \
        -e sip.from.tag -e sip.to.tag -e sip.CSeq.seq -e sip.CSeq.method \
        -e sip.resend -e sip.msg_hdr >"$fields" 2>/dev/null
    {
        echo "# $name: $(sed -n 's/^# desc: //p' "$story")"
        echo "# produced by: $(produced_by "$name")"
        echo "# expect built by: captures/generate.sh --expect $name (stock tshark $(tshark_version) fields, --disable-protocol sipauth, + scenarios/$name/story)"
        tls_note "$name" "$pcap"
        awk -f "$SCEN/expect.awk" "$story" "$fields"
    } >"$HERE/$name.expect.tmp" || { rm -f "$fields" "$HERE/$name.expect.tmp"; die "expect for $name failed"; }
    # the story's credentials_verified / bad_password claims must be what recomputing every
    # digest from the credentials lines gives (scenarios/verify-digests.sh, the oracle)
    local claimed computed
    claimed=$(grep -E '^problem name=(credentials_verified|bad_password) ' "$HERE/$name.expect.tmp" | sort || true)
    computed=$("$SCEN/verify-digests.sh" "$pcap" "$HERE/$name.expect.tmp" | sort)
    if [ "$claimed" != "$computed" ]; then
        rm -f "$fields" "$HERE/$name.expect.tmp"
        die "$name: the story's digest verdicts differ from scenarios/verify-digests.sh: $(diff <(echo "$claimed") <(echo "$computed") | grep '^[<>]' | tr '\n' ' ')"
    fi
    mv "$HERE/$name.expect.tmp" "$HERE/$name.expect"
    rm -f "$fields"
}

# TLS scenarios (a `# tls-rsa-key: FILE` line in scenario.sh): kamailio is forced to TLS 1.2 with
# an RSA key-exchange suite, so the server's key yields every session's master secret; tshark
# exports them as a key log (CLIENT_RANDOM lines) and editcap embeds that key log in the pcapng
# (Decryption Secrets Block). The committed pcapng then decrypts with no tshark option at all.
embed_tls_secrets() {  # embed_tls_secrets NAME PCAP  (rewrites PCAP in place)
    local key keys
    key=$(sed -n 's/^# tls-rsa-key: //p' "$SCEN/$1/scenario.sh" | head -1)
    [ -n "$key" ] || return 0
    key=$SCEN/$1/$key
    [ -f "$key" ] || die "$1: $key missing"
    keys=$(mktemp)
    tshark_stock -r "$2" -o "uat:rsa_keys:\"$key\",\"\"" --export-tls-session-keys "$keys" \
        >/dev/null 2>&1 || true
    [ -s "$keys" ] || { rm -f "$keys"; die "$1: no TLS session keys could be derived with $key"; }
    editcap --inject-secrets "tls,$keys" "$2" "$2.dsb" || { rm -f "$keys"; die "$1: editcap --inject-secrets failed"; }
    mv "$2.dsb" "$2"
    rm -f "$keys"
    # every TLS application-data record must now decrypt to SIP
    local undecrypted
    undecrypted=$(tshark_stock -r "$2" -Y 'tls.record.content_type == 23 && !sip' -T fields -e frame.number 2>/dev/null | head -3)
    [ -z "$undecrypted" ] || die "$1: TLS application data that is not SIP after decryption: frames $undecrypted"
}

tshark_version() { tshark -v 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([^ ]*\).*/\1/p'; }
tls_note() {          # header comment of a TLS scenario's .expect: how it decrypts
    local key
    key=$(sed -n 's/^# tls-rsa-key: //p' "$SCEN/$1/scenario.sh" | head -1)
    [ -n "$key" ] || return 0
    echo "# tls: SIP over TLS; the pcapng embeds its TLS secrets (key log, Decryption Secrets Block): stock tshark decrypts it with no option. Fallback: tshark -o 'uat:rsa_keys:\"captures/scenarios/$1/$key\",\"\"' (server RSA key; TLS 1.2 RSA key exchange)"
}

pkg_version() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo '?'; }

produced_by() {      # one line: software + versions + command
    local sw cmd
    sw=""
    uses_sid "$1" && sw="asterisk $(sid_pkg_version asterisk "$HERE/$1.expect") (Debian unstable, chroot), "
    grep -q start_kamailio "$SCEN/$1/scenario.sh" && sw="${sw}kamailio $(pkg_version kamailio), "
    sw=${sw%, }
    grep -q -e sipp_uac -e sipp_uas "$SCEN/$1/scenario.sh" && sw="$sw, sipp $(pkg_version sip-tester)"
    grep -q baresip "$SCEN/$1/scenario.sh" && sw="$sw, baresip $(pkg_version baresip-core)"
    grep -q start_tls_relay "$SCEN/$1/scenario.sh" && sw="$sw, socat $(pkg_version socat)"
    grep -q ws-bridge.py "$SCEN/$1/scenario.sh" && sw="$sw, python3 $(pkg_version python3) (scenarios/ws-bridge.py)"
    grep -q '^# tls-rsa-key:' "$SCEN/$1/scenario.sh" && sw="$sw, kamailio-tls-modules $(pkg_version kamailio-tls-modules), openssl $(pkg_version openssl)"
    sw="$sw, tshark $(pkg_version tshark)"
    cmd=$(sed -n 's/^# command: //p' "$SCEN/$1/scenario.sh" | head -1)
    echo "$sw; captures/generate.sh $1${cmd:+ ($cmd)}"
}

# ---------------------------------------------------------------- main
if [ "${1:-}" = "--inner" ]; then shift; inner "$@"; exit 0; fi

[ "$(id -u)" = 0 ] || die "must run as root (unshare --net, capture on lo)"
for t in kamailio sipp baresip tshark unshare ip ss; do command -v $t >/dev/null || die "$t not installed"; done

EXPECT_ONLY=0
if [ "${1:-}" = "--expect" ]; then EXPECT_ONLY=1; shift; fi
LIST=${*:-$ALL}

for name in $LIST; do
    [ -f "$SCEN/$name/story" ] || die "unknown scenario $name"
    if [ $EXPECT_ONLY = 0 ] && grep -q ws-bridge.py "$SCEN/$name/scenario.sh"; then
        command -v python3 >/dev/null || die "$name needs python3"
        [ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ] || die "$name needs kamailio-websocket-modules"
    fi
    if [ $EXPECT_ONLY = 0 ] && grep -q '^# tls-rsa-key:' "$SCEN/$name/scenario.sh"; then
        for t in socat openssl editcap; do command -v $t >/dev/null || die "$name needs $t"; done
        [ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] || die "$name needs kamailio-tls-modules"
    fi
    if [ $EXPECT_ONLY = 0 ]; then
        echo "== $name"
        work=$(mktemp -d /tmp/sipauth-cap.XXXXXX)
        if uses_sid "$name"; then     # own mount namespace for the chroot's mounts, own pid namespace:
            sid_root_ensure           # whatever happens, its end takes every process and mount with it
            unshare --net --mount --propagation private --pid --kill-child \
                bash "$HERE/generate.sh" --inner "$name" "$work"
        else
            unshare --net bash "$HERE/generate.sh" --inner "$name" "$work"
        fi
        [ -s "$work/capture.pcapng" ] || die "$name: no capture"
        embed_tls_secrets "$name" "$work/capture.pcapng"
        other=$(tshark_stock -r "$work/capture.pcapng" -Y "!(ip.src == 127.0.0.1 && ip.dst == 127.0.0.1)" -T fields -e frame.number 2>/dev/null | head -3)
        [ -z "$other" ] || die "$name: frames not between 127.0.0.1 and 127.0.0.1: $other"
        if [ -n "${NO_EXPECT:-}" ]; then        # authoring aid: show the new capture, keep it, no .expect
            install -m 644 "$work/capture.pcapng" "$HERE/$name.pcapng"
            tshark_stock -r "$HERE/$name.pcapng" 2>/dev/null; continue
        fi
        # the new capture replaces the old one only if it matches the story (same shape)
        build_expect "$name" "$work/capture.pcapng"
        install -m 644 "$work/capture.pcapng" "$HERE/$name.pcapng"
        if [ -n "${KEEP_WORK:-}" ]; then echo "   scratch kept in $work"; else rm -rf "$work"; fi
    else
        build_expect "$name"
    fi
    echo "   $(grep -c '^msg ' "$HERE/$name.expect") SIP messages, problems: $(awk '/^problem/{sub(/^name=/, "", $2); printf "%s@%s ", $2, substr($3, 7)}' "$HERE/$name.expect")"
done
