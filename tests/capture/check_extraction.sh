#!/usr/bin/env bash
# check_extraction.sh CAPTURE EXPECT
# For every auth-bearing SIP message of CAPTURE, what sipauth extracted
# (sipauth.msg.* and sipauth.auth.*) must equal the expectation file's msg and
# auth lines, which were written from the scenario (see captures/README.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tshark_with_plugin.sh"
capture=$1 expect=$2
sipauth_stage_plugin
sipauth_assert_loaded

# The keys of an expectation msg line that the extraction shows.
msg_keys=" frame method status ruri call_id from_tag to_tag cseq cseq_method branch sent_by resend "

# What the plugin shows, as msg/auth lines in the expectation format.
actual=$(sipauth_tshark -r - -Y sipauth -T pdml <"$capture" | awk -f "$here/sipauth_pdml.awk" | grep -E '^(msg|auth) ')

# Tokens after the record type are compared as a set: key order is not part
# of the contract.  (Plain shell: Debian's default awk has no asort.)
normalise() {
    local kind rest
    while read -r kind rest; do
        [ -n "$kind" ] || continue
        printf '%s %s\n' "$kind" "$(tr ' ' '\n' <<<"$rest" | LC_ALL=C sort | tr '\n' ' ')"
    done
}

auth_frames=$(awk '$1 == "auth" { sub(/^frame=/, "", $2); print $2 }' "$expect" | sort -un)
expected=$(awk -v keys="$msg_keys" -v frames=" $(echo $auth_frames) " '
    $1 == "auth" { print; next }
    $1 == "msg" {
        f = $2; sub(/^frame=/, "", f)
        if (index(frames, " " f " ") == 0) next
        out = "msg"
        for (i = 2; i <= NF; i++) { k = $i; sub(/=.*/, "", k); if (index(keys, " " k " ")) out = out " " $i }
        print out }' "$expect")

diff_out=$(diff <(normalise <<<"$expected") <(normalise <<<"$actual")) || {
    echo "FAIL: extraction differs from $(basename "$expect") (< expected, > sipauth):"
    echo "$diff_out"
    exit 1
}
count=$(grep -c . <<<"$expected" || true)
[ "$count" -gt 0 ] || { echo "FAIL: $(basename "$expect") lists no auth-bearing message"; exit 1; }
echo "ok: $count msg/auth records of $(basename "$capture") match"
