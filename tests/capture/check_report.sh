#!/usr/bin/env bash
# check_report.sh - the report of scripts/analyse (scripts/report.sh): one
# block per flow with its problems and advice, the ladder of each problem
# flow, and an exit status scripts can use: 1 with an error-level finding,
# 0 otherwise.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
. "$top/scripts/report.sh"
sipauth_stage_plugin
sipauth_assert_loaded

report() { # report CAPTURE [tshark options]: prints the report, returns its status
    local staged; staged=$(sipauth_stage_capture "$top/captures/$1.pcapng"); shift
    sipauth_report sipauth_tshark "$staged" "$@"
}

out=$(report invite-407-ok) || { echo "FAIL: clean capture reported as failing"; echo "$out"; exit 1; }
grep -q '^Auth flow 1 (from frame 1, realm proxy.sipauth.test, user alice): accepted$' <<<"$out" ||
    { echo "FAIL: clean flow summary"; echo "$out"; exit 1; }

status=0; out=$(report invite-realm-case) || status=$?
[ "$status" = 1 ] || { echo "FAIL: an error-level finding must exit 1 (got $status)"; echo "$out"; exit 1; }
grep -q 'ERROR sipauth.realm_mismatch: Credentials name realm "Proxy.SipAuth.Test" but frame 2 challenged' <<<"$out" &&
grep -q 'fix: Set the account' <<<"$out" &&
grep -q '^1 auth flow, 1 error, 1 warning.$' <<<"$out" || { echo "FAIL: realm-case report"; echo "$out"; exit 1; }
grep -q 'ladder' <<<"$(report invite-407-ok)" && { echo "FAIL: a ladder for an accepted flow without problems"; exit 1; }

# A problem flow's ladder follows its block: every message, the problem on its arrow
# (arrows point both ways from Wireshark 4.4 on, even on a one-host graph).
out=$(report invite-407-wrong-password) || true
grep -q '^    ladder (tshark -2 -z flow,sipauth,standard,sipauth.flow==1):$' <<<"$out" &&
grep -q '|5: #1 challenge proxy "proxy.sipauth.test" answers 4: repeated_challenge$' <<<"$out" &&
[ "$(grep -cE -- '---->|<----' <<<"$out")" = 9 ] || { echo "FAIL: wrong-password ladder"; echo "$out"; exit 1; }

# Several problem flows, each with its own ladder: the two REGISTER flows of
# register-401-stale, made problems by a wrong password in the table.
out=$(report register-401-stale -o 'uat:sipauth_credentials:"alice","registrar.sipauth.test","not-her-password",""') || true
for f in 1 2; do
    ladder=$(sed -n "/sipauth.flow==$f):/,/^\$/p" <<<"$out")
    [ "$(grep -cE -- '---->|<----' <<<"$ladder")" = 4 ] && ! grep -q "#$((3 - f)) " <<<"$ladder" ||
        { echo "FAIL: ladder of problem flow $f"; echo "$out"; exit 1; }
done
echo "ok: report blocks, advice, ladders and exit status"
