#!/usr/bin/env bash
# check_profile.sh - the configuration profile profiles/SIP-Auth works with the
# plugin of this build and covers every finding:
#   * tshark -C SIP-Auth prints the profile's sipauth columns;
#   * every sipauth filter of its colouring rules and filter buttons compiles;
#   * every finding of docs/findings.md (generated from plugin/core/finding.h)
#     has a filter button, and every Error, Warning and Note finding is in the
#     colouring rule of its severity.
# Needs: SIPAUTH_PLUGIN_DIR (the build tree's wsplugins/), tshark.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
profile="$top/profiles/SIP-Auth"
. "$top/tests/capture/tshark_with_plugin.sh"
sipauth_stage_plugin
mkdir -p "$sipauth_stage/home/.config/wireshark/profiles"
cp -r "$profile" "$sipauth_stage/home/.config/wireshark/profiles/SIP-Auth"
chmod -R a+rwX "$sipauth_stage/home"
cap=$(sipauth_stage_capture "$top/captures/invite-407-wrong-password.pcapng")
creds='uat:sipauth_credentials:"alice","proxy.sipauth.test","alice-secret",""'
failed=0
bad() { echo "FAIL: $*" >&2; failed=1; }

# --- columns ---------------------------------------------------------------------
# Frame 4 is the first retry: flow 1, proxy realm, challenge in frame 2,
# flow outcome re-challenged, an Error (bad_password with the credentials).
summary=$(sipauth_tshark -C SIP-Auth -2 -r "$cap" -o "$creds")
line4=$(awk '$1 == 4' <<<"$summary")
want='\[auth #1 retry: bad_password\] 1 proxy proxy\.sipauth\.test 2 +re-challenged Error$'
if grep -Eq "$want" <<<"$line4"; then
    echo "ok: tshark -C SIP-Auth prints the sipauth columns: $line4"
else
    bad "frame 4 of tshark -C SIP-Auth does not end with flow, kind, realm, links, outcome, expert:"
    echo "$summary" >&2
fi
line2=$(awk '$1 == 2' <<<"$summary")
grep -Eq '\[auth #1 challenge\] 1 proxy proxy\.sipauth\.test +4 3 re-challenged *$' <<<"$line2" ||
    bad "frame 2 lacks its retry (4) and ACK (3) links: $line2"

# --- every filter of the profile compiles with the plugin ----------------------------
filters=$(
    grep '^@' "$profile/colorfilters" | cut -d@ -f3 | grep sipauth
    grep '^"' "$profile/dfilter_buttons" | awk -F'","' '{print $3}'
)
n=$(grep -c . <<<"$filters")
all=$(awk 'NR > 1 { printf " || " } { printf "(%s)", $0 }' <<<"$filters")
if ! sipauth_tshark -C SIP-Auth -r "$cap" -c 1 -Y "$all" >/dev/null 2>&1; then
    while IFS= read -r f; do     # find the culprits
        err=$(sipauth_tshark -C SIP-Auth -r "$cap" -c 1 -Y "$f" 2>&1 >/dev/null) ||
            bad "filter does not compile: $f: $err"
    done <<<"$filters"
fi
echo "ok: $n sipauth filters of the profile checked against the plugin's fields"

# --- every finding is covered ----------------------------------------------------------
rule() { grep "^@sipauth $1@" "$profile/colorfilters" | cut -d@ -f3; }
buttons=$(grep '^"' "$profile/dfilter_buttons" | awk -F'","' '{print $3}')
count=0
while read -r name severity; do
    count=$((count + 1))
    grep -Eq "(^|[ (|])$name(\$|[ )|])" <<<"$buttons" || bad "no filter button for $name"
    case $severity in
        Error|Warning|Note)
            sev=$(tr '[:upper:]' '[:lower:]' <<<"$severity")
            grep -Eq "(^|[ (|])$name(\$|[ )|])" <<<"$(rule "$sev")" ||
                bad "$name ($severity) is not in the colouring rule 'sipauth $sev'" ;;
    esac
done < <(grep -E '^\| `sipauth\.' "$top/docs/findings.md" |
         awk -F'|' '{gsub(/[ `]/, "", $2); gsub(/ /, "", $3); print $2, $3}')
[ "$count" -gt 0 ] || bad "no findings read from docs/findings.md"
echo "ok: the profile covers the $count findings of docs/findings.md"

exit "$failed"
