#!/usr/bin/env bash
# make-absurd-timestamps.sh - derive tests/data/absurd-timestamps.pcapng from
# the real capture captures/invite-407-ok.pcapng: the INVITE and its 407 are
# dated 10^10 s later (the year 2343), the rest of the flow keeps its time, so
# time jumps far forward and then back.  A pcapng timestamp is 64 bits, and a
# damaged or odd capture can carry any value; the engine once multiplied such
# seconds into int64 nanoseconds and overflowed (undefined behaviour, found by
# tests/fuzz/fuzz_engine).  Tested by fuzz_capture_absurd-timestamps.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../captures/invite-407-ok.pcapng"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

editcap -r "$src" "$tmp/first.pcapng" 1-2
editcap -r "$src" "$tmp/rest.pcapng" 3-1000
editcap -t 10000000000 "$tmp/first.pcapng" "$tmp/late.pcapng"
mergecap -a -w "$here/absurd-timestamps.pcapng" "$tmp/late.pcapng" "$tmp/rest.pcapng"
echo "wrote $here/absurd-timestamps.pcapng"
