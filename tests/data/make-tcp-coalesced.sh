#!/usr/bin/env bash
# make-tcp-coalesced.sh - derive tests/data/tcp-coalesced.pcapng from the real
# capture captures/invite-407-tcp.pcapng: the same SIP messages, but the ACK
# and the retry INVITE travel in one TCP segment, as do the ACK of the 200 and
# the BYE (what Nagle or a busy UA produces).  Tests that several SIP messages
# in one frame are each read and correlated.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../captures/invite-407-tcp.pcapng"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# payload of each SIP frame, in order, as hex
tshark -r "$src" -Y sip -T fields -e tcp.srcport -e tcp.payload 2>/dev/null >"$tmp/payloads"
# segments: which SIP messages (1-based, in order) go together
segments="1 2 3+4 5 6+7 8"

hexdump_of() { # hexdump_of HEX: text2pcap's input format, one packet
    local hex=$1 off=0
    while [ -n "$hex" ]; do
        printf '%06x %s\n' "$off" "$(printf '%s' "${hex:0:32}" | sed 's/../& /g')"
        hex=${hex:32}; off=$((off + 16))
    done
}

: >"$tmp/dump"
for seg in $segments; do
    hex="" port=""
    for i in ${seg//+/ }; do
        line=$(sed -n "${i}p" "$tmp/payloads")
        port=${line%%	*}; hex="$hex${line#*	}"
    done
    dir=O; [ "$port" = 5060 ] && dir=I
    printf '%s\n' "$dir" >>"$tmp/dump"
    hexdump_of "$hex" >>"$tmp/dump"
done
# -D: I/O direction lines; -T: TCP from 5061 (outbound) to 5060; sequence numbers follow.
text2pcap -q -D -4 127.0.0.1,127.0.0.1 -T 5061,5060 "$tmp/dump" "$here/tcp-coalesced.pcapng"
echo "wrote $here/tcp-coalesced.pcapng"
