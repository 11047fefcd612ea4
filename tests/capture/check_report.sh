#!/usr/bin/env bash
# check_report.sh - the report of scripts/analyse (scripts/report.sh): one
# block per flow (its realms and users; each message with its time in the
# flow and source -> destination) with its problems and advice, the ladder of
# each problem flow, responses not checked for want of a password summed up
# once, and an exit status scripts can use: 1 with an error-level finding, 2
# when the capture cannot be read to its end (tshark's reason on stderr), 0
# otherwise.
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
fail() { echo "FAIL: $1"; echo "$out"; [ -z "${err:-}" ] || echo "stderr: $err"; exit 1; }

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

# Each message: frame, time since the flow's first message, method or status,
# role, source -> destination (host:port), realms and user.
out=$(report register-401-stale) || true
grep -qE '^ +6 +\+0\.000720  401 +challenge +127\.0\.0\.1:5060 -> 127\.0\.0\.1:5061 realm=registrar\.sipauth\.test$' <<<"$out" ||
    fail "message line with its time in the flow and source -> destination"
out=$(sipauth_report sipauth_tshark "$(sipauth_stage_capture "$top/tests/data/two-hosts-wrong-password.pcapng")") || true
grep -qE '^ +4 +\+1\.107907  INVITE +retry +192\.0\.2\.10:5061 -> 192\.0\.2\.1:5060 realm=proxy\.sipauth\.test user=alice$' <<<"$out" ||
    fail "two-host message line"
# The flow header names every realm of the flow.
out=$(report proxy-then-registrar) || true
grep -q '^Auth flow 1 (from frame 1, realms proxy.sipauth.test, registrar.sipauth.test, user alice): failed after auth (404)$' <<<"$out" ||
    fail "flow header with both realms"

# Without passwords: one summary of the responses not checked, with the
# command-line option per user and realm, instead of a note and a fix under
# every retry.
! grep -q 'unverifiable' <<<"$out" &&
[ "$(grep -c 'not checked' <<<"$out")" = 1 ] &&
grep -q '^3 responses not checked, no password for: user alice realm proxy.sipauth.test (frames 4, 8), user alice realm registrar.sipauth.test (frame 8).$' <<<"$out" &&
grep -qF "    -o 'uat:sipauth_credentials:\"alice\",\"registrar.sipauth.test\",\"PASSWORD\",\"\"'" <<<"$out" &&
grep -q 'sipauth_credentials file' <<<"$out" || fail "responses not checked: one summary with the -o option"
# The ladder in the report: one column per port of the one host, both header lines.
grep -q '^      |         |                   | 127.0.0.1:5060 ' <<<"$out" || fail "the ladder's second column"

# The credentials file of the profile, as docs/verification.md gives it (the
# way that keeps passwords off command lines): the responses are checked.
grep -qF '~/.config/wireshark/sipauth_credentials' "$top/docs/verification.md" ||
    { echo "FAIL: docs/verification.md does not give the credentials file's path"; exit 1; }
line=$(grep -m1 -E '^"alice","proxy.example.com","secret",""$' "$top/docs/verification.md") ||
    { echo "FAIL: docs/verification.md does not give a line of the credentials file"; exit 1; }
mkdir -p "$sipauth_stage/home/.config/wireshark"
sed 's/proxy.example.com/proxy.sipauth.test/; s/secret/alice-secret/' <<<"$line" >"$sipauth_stage/home/.config/wireshark/sipauth_credentials"
chmod -R a+rX "$sipauth_stage/home/.config"
out=$(report invite-407-md5-loop) || true
rm -r "$sipauth_stage/home/.config"
grep -q 'sipauth.challenge_loop' <<<"$out" && ! grep -q 'not checked' <<<"$out" || fail "the credentials file was not used"

# A capture cut short: the report on what was read, then where it stops;
# tshark's reason on stderr; status 2 (a script must not take it for clean).
head -c 3000 "$top/captures/invite-407-wrong-password.pcapng" >"$sipauth_stage/cut.pcapng"
status=0; out=$(sipauth_report sipauth_tshark "$sipauth_stage/cut.pcapng" 2>"$sipauth_stage/err") || status=$?
err=$(cat "$sipauth_stage/err")
[ "$status" = 2 ] || fail "a cut capture must exit 2 (got $status)"
grep -qE '^ +5 +\+1\.108666  407 ' <<<"$out" && ! grep -qE '^ +6 ' <<<"$out" || fail "the frames read before the cut"
[ "$(tail -n 2 <<<"$out" | head -n 1 | cut -d'(' -f1)" = "INCOMPLETE: tshark stopped after frame 5 " ] &&
grep -q 'cut short' <<<"$(tail -n 1 <<<"$out")" && grep -q 'cut short' <<<"$err" || fail "where a cut capture stops"
# Empty, and not a capture: the reason, status 2, no report.
: >"$sipauth_stage/empty.pcapng"; cp "$top/README.md" "$sipauth_stage/README.md"; chmod a+r "$sipauth_stage"/*
for f in empty.pcapng:'holds no packets' README.md:"isn't a capture file"; do
    status=0; out=$(sipauth_report sipauth_tshark "$sipauth_stage/${f%%:*}" 2>"$sipauth_stage/err") || status=$?
    err=$(cat "$sipauth_stage/err")
    [ "$status" = 2 ] && [ -z "$out" ] && grep -q "${f#*:}" <<<"$err" || fail "${f%%:*}: status 2 (got $status), the reason on stderr"
done
# Issue 17: a missing ACK proven by evidence (retransmitted 407, retry without ACK, 8 s
# of capture) and a loop the client gave up are errors: exit 1, and the report says so.
for case in "invite-407-ack-late-retry:ERROR sipauth.ack_missing: No ACK for this challenge: the server retransmitted it" \
            "register-baresip-loop:ERROR sipauth.auth_loop: The client gave up after 14 re-challenges"; do
    status=0; out=$(report "${case%%:*}") || status=$?
    [ "$status" = 1 ] && grep -qF "${case#*:}" <<<"$out" ||
        fail "${case%%:*}: exit 1 and the error line (got $status)"
done
echo "ok: report blocks, advice, ladders, messages' times and ends, unchecked responses, unreadable captures, exit status"
