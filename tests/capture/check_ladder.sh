#!/usr/bin/env bash
# check_ladder.sh CAPTURE EXPECT
# The "SIP Auth" flow graph as tshark prints it (-2 -q -z flow,sipauth,standard)
# against the ladder the scenario implies (ladder_expected.awk on the
# expectation file): the same messages in the same order, each with its
# method or status, flow, role, realms, user, attempt, link and problems.
# Then the same with a display filter narrowing it to one flow.  And the
# graph itself: a column per host, or per host and port where a message stays
# on one host (loopback), so arrows point both ways and have room for their
# labels; Wireshark's renderer has nothing to complain about on stderr.
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

raw() { # raw [filter]: tshark's text ladder; its stderr goes to $sipauth_stage/stderr
    sipauth_tshark -2 -r "$staged" ${table[@]+"${table[@]}"} -q -z "flow,sipauth,standard${1:+,$1}" \
        2>"$sipauth_stage/stderr"
}
ladder() { # ladder [filter]: the text ladder, as "<label> | <comment>" lines
    local out
    out=$(raw "$@")
    awk -v keep="$severe" -f "$here/ladder_from_tshark.awk" <<<"$out"
}

# The columns: the node names of the two header lines ("| <name>").
graph=$(raw)
columns=$(head -n 2 <<<"$graph" | grep -oE '\| [^ |]+' | cut -c3- | grep -v '^Time$' || true)
if [ "$(wc -l <<<"$columns")" -lt 2 ] || ! grep -q -- '--->' <<<"$graph" || ! grep -q -- '<---' <<<"$graph"; then
    echo "FAIL: the ladder of $(basename "$capture") needs a column per endpoint and arrows both ways; columns:" $columns >&2
    head -n 6 <<<"$graph" >&2
    exit 1
fi
# A column per host and port only for a one-host capture; between hosts, hosts.
with_port='(^[0-9.]+|\]):[0-9]+$'   # 127.0.0.1:5060, [::1]:5060
if grep -qvE "$with_port" <<<"$columns" && grep -qE "$with_port" <<<"$columns"; then
    echo "FAIL: columns mix hosts and host:port on $(basename "$capture"):" $columns >&2; exit 1
fi
if [ -s "$sipauth_stage/stderr" ]; then
    echo "FAIL: tshark complained while drawing the ladder of $(basename "$capture"):" >&2
    head -n 3 "$sipauth_stage/stderr" >&2; exit 1
fi
echo "ok: ladder of $(basename "$capture") in $(wc -l <<<"$columns") columns:" $columns

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
