#!/usr/bin/env bash
# check_secrets.sh - passwords and HA1s given to the plugin never appear in
# any output: packet details, PDML, JSON, EK, fields, expert statistics,
# summary lines, stderr.  Run over every capture of the corpus with a table
# that holds the corpus's passwords, one that is in no capture, and an HA1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded

ha1=$(printf '%s' 'carol:registrar.sipauth.test:carol-Pa55' | md5sum | cut -d' ' -f1)
secrets=(alice-secret wrong-secret Zq9-Not-In-Any-Capture "$ha1")
table=(-o 'uat:sipauth_credentials:"alice","proxy.sipauth.test","alice-secret",""'
       -o 'uat:sipauth_credentials:"alice","registrar.sipauth.test","alice-secret",""'
       -o 'uat:sipauth_credentials:"bob","proxy.sipauth.test","Zq9-Not-In-Any-Capture",""'
       -o "uat:sipauth_credentials:\"carol\",\"registrar.sipauth.test\",\"\",\"$ha1\"")

out="$sipauth_stage/out"; : >"$out"
n=0
for capture in "$top"/captures/*.pcapng; do
    staged=$(sipauth_stage_capture "$capture")
    for format in "-V" "-T pdml" "-T json" "-T ek" "-q -z expert,chat" \
                  "-T fields -e sipauth.advice -e _ws.expert.message -e sipauth.username -e sipauth.auth.param"; do
        # shellcheck disable=SC2086
        sipauth_tshark -r "$staged" -2 "${table[@]}" $format >>"$out" 2>&1
        n=$((n + 1))
    done
    sipauth_tshark -r "$staged" -2 "${table[@]}" >>"$out" 2>&1   # summary lines (Info column)
done
# The verdicts must be there, or the test proves nothing.
grep -q 'is right (checked with' "$out" || { echo "FAIL: no credentials were verified: the table did not reach the plugin"; exit 1; }
grep -q 'sipauth.bad_password' "$out" || { echo "FAIL: no bad_password in the output"; exit 1; }
for s in "${secrets[@]}"; do
    if grep -qF -- "$s" "$out"; then
        echo "FAIL: a secret appears in tshark's output:"; grep -nF -- "$s" "$out" | head -3 | cut -c1-200; exit 1
    fi
done
echo "ok: $n outputs over $(ls "$top"/captures/*.pcapng | wc -l) captures, $(wc -c <"$out") bytes, hold no password or HA1"
