#!/usr/bin/env bash
# check_report.sh - the report of scripts/analyse (scripts/report.awk over
# tshark -2 PDML): one block per flow with its problems and advice, and an
# exit status scripts can use: 1 with an error-level finding, 0 otherwise.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded

report() { # report CAPTURE [tshark options]: prints the report, returns its status
    local staged; staged=$(sipauth_stage_capture "$top/captures/$1.pcapng"); shift
    sipauth_tshark -r "$staged" -2 "$@" -Y sipauth.flow -T pdml | awk -f "$top/scripts/report.awk"
}

out=$(report invite-407-ok) || { echo "FAIL: clean capture reported as failing"; echo "$out"; exit 1; }
grep -q '^Auth flow 1 (from frame 1, realm proxy.sipauth.test, user alice): accepted$' <<<"$out" ||
    { echo "FAIL: clean flow summary"; echo "$out"; exit 1; }

status=0; out=$(report invite-realm-case) || status=$?
[ "$status" = 1 ] || { echo "FAIL: an error-level finding must exit 1 (got $status)"; echo "$out"; exit 1; }
grep -q 'ERROR sipauth.realm_mismatch: Credentials name realm "Proxy.SipAuth.Test" but frame 2 challenged' <<<"$out" &&
grep -q 'fix: Set the account' <<<"$out" &&
grep -q '^1 auth flow, 1 error, 1 warning.$' <<<"$out" || { echo "FAIL: realm-case report"; echo "$out"; exit 1; }
echo "ok: report blocks, advice and exit status"
