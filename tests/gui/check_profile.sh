#!/usr/bin/env bash
# check_profile.sh - the configuration profile profiles/SIP-Auth works with the
# plugin of this build and covers every finding:
#   * tshark -C SIP-Auth prints the profile's sipauth columns;
#   * the column widths of its recent file fit what the columns hold (7-digit
#     frame numbers, IPv6 addresses) and the first eight fit a 1280-pixel window;
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
# The order of gui.column.format: No., Time, Flow, Challenge, Retry, ACK, Info,
# Expert, Source, Destination (tshark joins them with an arrow), Outcome, Kind,
# Realm, Protocol.
# Frame 4 is the first retry: flow 1, challenge in frame 2, an Error
# (bad_password with the credentials), flow outcome re-challenged, proxy realm.
summary=$(sipauth_tshark -C SIP-Auth -2 -r "$cap" -o "$creds")
line4=$(awk '$1 == 4' <<<"$summary")
want='^ *4 [0-9.]+ 1 2 +Request: INVITE .*\[auth #1 retry: bad_password\] Error +127\.0\.0\.1 .* re-challenged proxy proxy\.sipauth\.test SIP$'
if grep -Eq "$want" <<<"$line4"; then
    echo "ok: tshark -C SIP-Auth prints the sipauth columns: $line4"
else
    bad "frame 4 of tshark -C SIP-Auth is not: no., time, flow, challenge, Info, expert, addresses, outcome, kind, realm, protocol:"
    echo "$summary" >&2
fi
line2=$(awk '$1 == 2' <<<"$summary")
grep -Eq '^ *2 [0-9.]+ 1 +4 3 Status: 407 .*\[auth #1 challenge\] +127\.0\.0\.1 .* re-challenged proxy proxy\.sipauth\.test SIP$' <<<"$line2" ||
    bad "frame 2 lacks its retry (4) and ACK (3) links: $line2"

# --- column widths -------------------------------------------------------------------
# recent lists one width per column of gui.column.format, in its order (the GUI
# matches them by format; a custom column's format there has no ":0:R").
# What each column must hold, in pixels: Wireshark 4.0's packet list font is
# DejaVu Sans Mono 10 pt, under 8 pixels a character at 96 dpi; a cell has about
# 8 pixels of margins, and the No. column 21 more for the related-packet lines
# (measured with tests/gui/smoke.sh: frame 14 needs 45 pixels, 2 characters).
char=8 margins=8 related=21
formats=$(sed -n '/^gui\.column\.format:/,/^$/p' "$profile/preferences" |
          grep -o '"%[^"]*"' | tr -d '"' | sed -E 's/^(%Cus:[^:]+):.*/\1/')
recent=$(sed -n '/^column\.width:/,/^$/p' "$profile/recent" | grep -E '^[[:space:]]+[%"]' |
         sed -E 's/^[[:space:]]+"?([^",]*)"?, *([0-9]+),?$/\1 \2/')
if [ "$formats" != "$(cut -d' ' -f1 <<<"$recent")" ]; then
    bad "recent's column.width does not list the columns of gui.column.format in their order:"
    diff <(echo "$formats") <(cut -d' ' -f1 <<<"$recent") >&2
fi
need() {        # need FORMAT CHARACTERS [EXTRA]: the column is wide enough for them
    local have
    have=$(awk -v f="$1" '$1 == f { print $2 }' <<<"$recent")
    local want=$(( $2 * char + margins + ${3:-0} ))
    if [ -z "$have" ]; then bad "no width for the column $1 in recent"
    elif [ "$have" -lt "$want" ]; then bad "column $1 is $have px: $2 characters need $want"
    fi
}
need %m 7 "$related"                    # frame numbers up to 9999999
need %Cus:sipauth.challenge_frame 7
need %Cus:sipauth.retry_frame 7
need %Cus:sipauth.ack_frame 7
need %Cus:sipauth.flow 5
need %s 23                              # 2001:db8:1234:5678::101
need %d 23
need %a 7                               # Warning
need %i 84                              # Status: 407 Proxy Authentication Required |  [auth #1 challenge: repeated_challenge]
# The first eight columns (to Expert) in a 1280-pixel window, less its vertical
# scrollbar and frames (30 pixels to spare).
first=$(head -n 8 <<<"$recent" | awk '{ s += $2 } END { print s }')
[ "$first" -le 1250 ] || bad "the first eight columns take $first px: more than a 1280-pixel window shows"
echo "ok: the profile's $(grep -c . <<<"$recent") column widths fit their contents; the first eight take $first px"

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
