#!/usr/bin/env bash
# check_capture.sh CAPTURE [MIN_FLOWS] - a capture that once broke the plugin
# (a regression input of scripts/fuzz-captures or of the fuzzers, made into a
# capture): tshark -2 -V with every sipauth statistic must exit 0 with no
# sanitizer report (in the sanitizer build the plugin runs under ASan and
# UBSan), and the plugin must still find at least MIN_FLOWS auth flows
# (default 1) in it: surviving by ignoring the capture does not count.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../capture/tshark_with_plugin.sh"
capture=$1
min_flows=${2:-1}
sipauth_stage_plugin
sipauth_assert_loaded
staged=$(sipauth_stage_capture "$capture")

stats=()
for z in $(sipauth_tshark -z help 2>&1 | grep -i sipauth || true); do
    case "$z" in flow,*) z="$z,standard" ;; esac
    stats+=(-z "$z")
done

rc=0
sipauth_tshark -2 -V -r "$staged" ${stats[@]+"${stats[@]}"} >"$sipauth_stage/out" 2>"$sipauth_stage/err" || rc=$?
if [ $rc -ne 0 ] || grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: ' "$sipauth_stage/err"; then
    echo "FAIL: tshark -2 -V exit status $rc on $(basename "$capture"):"
    head -40 "$sipauth_stage/err"
    exit 1
fi
flows=$(sipauth_tshark -2 -r "$staged" -Y sipauth.flow -T fields -e sipauth.flow | sort -un | grep -c . || true)
if [ "$flows" -lt "$min_flows" ]; then
    echo "FAIL: $(basename "$capture"): $flows auth flows found, expected at least $min_flows"
    exit 1
fi
echo "ok: $(basename "$capture"): tshark exits 0, no sanitizer report, $flows auth flows"
