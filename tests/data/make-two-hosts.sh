#!/usr/bin/env bash
# make-two-hosts.sh - derive tests/data/two-hosts-wrong-password.pcapng from
# the real capture captures/invite-407-wrong-password.pcapng: the same SIP
# messages at the same times, but between two hosts, a phone 192.0.2.10:5061
# and a proxy 192.0.2.1:5060, instead of both on 127.0.0.1.  The corpus is
# recorded on loopback, where Wireshark draws a one-column flow graph with
# zero-length arrows and no labels; this is what a ladder of a real network
# looks like (docs/screenshots, the two-column text ladder test).  The SIP
# headers still say 127.0.0.1 (Via, Contact): sipauth does not use addresses.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../captures/invite-407-wrong-password.pcapng"
out="$here/two-hosts-wrong-password.pcapng"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

tshark -r "$src" -Y sip -T fields -e frame.time_relative -e udp.srcport -e udp.payload 2>/dev/null >"$tmp/frames"
n=0
while IFS=$'\t' read -r t port hex; do
    n=$((n + 1))
    {
        echo "12:00:00."     # every frame at the same instant; editcap -t moves it below
        off=0
        while [ -n "$hex" ]; do
            printf '%06x %s\n' "$off" "$(printf '%s' "${hex:0:32}" | sed 's/../& /g')"
            hex=${hex:32}; off=$((off + 16))
        done
    } >"$tmp/$n.txt"
    if [ "$port" = 5061 ]; then addrs=(-4 192.0.2.10,192.0.2.1 -u 5061,5060)
    else addrs=(-4 192.0.2.1,192.0.2.10 -u 5060,5061); fi
    text2pcap -q -t '%H:%M:%S.' "${addrs[@]}" "$tmp/$n.txt" "$tmp/$n.raw.pcapng"  >/dev/null
    editcap -t "$t" "$tmp/$n.raw.pcapng" "$tmp/$(printf %03d "$n").pcapng" >/dev/null
done <"$tmp/frames"
mergecap -w "$out" "$tmp"/[0-9][0-9][0-9].pcapng 2>/dev/null # (4.0 prints a line of dashes)
echo "wrote $out ($n frames)"
