#!/usr/bin/env bash
# check_coalesced.sh - several SIP messages in one TCP segment are each read
# (the retry's credentials belong to the INVITE, not to the ACK before it in
# the segment) and each correlated.  See tests/data/make-tcp-coalesced.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../data"
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded
staged=$(sipauth_stage_capture "$data/tcp-coalesced.pcapng")

actual=$(sipauth_tshark -r "$staged" -2 -T fields -e frame.number -e sipauth.flow -e sipauth.role \
    -e sipauth.attempt -e sipauth.challenge_frame -e sipauth.retry_frame -e sipauth.ack_frame \
    -e sipauth.answer_frame -e sipauth.request_frame -e sipauth.outcome)
diff <(grep -v '^#' "$data/tcp-coalesced.expected") <(printf '%s\n' "$actual") ||
    { echo "FAIL: correlation of coalesced messages (< expected, > sipauth)"; exit 1; }

# The extraction (first pass): only the INVITE of frame 3 carries credentials.
extracted=$(sipauth_tshark -r "$staged" -Y 'frame.number == 3' -T fields \
    -e sipauth.msg.method -e sipauth.msg.cseq -e sipauth.auth -e sipauth.auth.realm)
[ "$extracted" = "INVITE	2	Proxy-Authorization	proxy.sipauth.test" ] ||
    { echo "FAIL: extraction of frame 3: [$extracted]"; exit 1; }
echo "ok: coalesced SIP messages read and correlated one by one"
