#!/usr/bin/env bash
# check_ladder.sh CAPTURE EXPECT
# The "SIP Auth" flow graph as tshark prints it (-2 -q -z flow,sipauth,standard)
# against the ladder the scenario implies (ladder_expected.awk on the
# expectation file): the same messages in the same order, each with its
# method or status, flow, role, realms, user, attempt, link and problems.
# Then the same with a display filter narrowing it to one flow.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tshark_with_plugin.sh"
capture=$1 expect=$2
sipauth_stage_plugin
sipauth_assert_loaded
staged=$(sipauth_stage_capture "$capture")
sipauth_table_from "$expect"

# The warning- and error-level findings among those the expectations speak for
# (check_flows.sh); the ladder names only warnings and errors.
severe="realm_mismatch ack_missing repeated_challenge no_retry wrong_header cseq_not_incremented nonce_replay bad_password challenge_loop"

ladder() { # ladder [filter]: the text ladder, as "<label> | <comment>" lines
    local out
    out=$(sipauth_tshark -2 -r "$staged" ${table[@]+"${table[@]}"} -q -z "flow,sipauth,standard${1:+,$1}" 2>/dev/null)
    awk -v keep="$severe" -f "$here/ladder_from_tshark.awk" <<<"$out"
}

expected=$(awk -v severe="$severe" -f "$here/ladder_expected.awk" "$expect")
[ -n "$expected" ] || { echo "FAIL: $(basename "$expect") implies no auth messages" >&2; exit 1; }
actual=$(ladder)
if [ "$expected" != "$actual" ]; then
    echo "FAIL: the SIP Auth ladder of $(basename "$capture") differs from its scenario (- expected, + tshark)" >&2
    diff -u <(echo "$expected") <(echo "$actual") >&2 || true
    exit 1
fi
echo "ok: ladder of $(basename "$capture"): $(wc -l <<<"$actual") messages as the scenario implies"

# A display filter narrows the ladder: flow 1 only.
expected1=$(grep -E '^[^|]* #1 \|' <<<"$expected")
actual1=$(ladder 'sipauth.flow == 1')
if [ "$expected1" != "$actual1" ]; then
    echo "FAIL: -z flow,sipauth,standard,sipauth.flow==1 does not give flow 1 alone" >&2
    diff -u <(echo "$expected1") <(echo "$actual1") >&2 || true
    exit 1
fi
echo "ok: ladder filtered to flow 1: $(wc -l <<<"$actual1") messages"
