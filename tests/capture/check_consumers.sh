#!/usr/bin/env bash
# check_consumers.sh - every place a user reads sipauth's findings shows what
# the packet tree shows.  The tree (tshark -2 -T pdml: a shown tree, so the
# plugin renders everything) is the reference; check_flows.sh holds the tree
# against each scenario's expectation.  Each consumer here is a path the
# plugin's "is anybody reading?" shortcut (plugin.c results_wanted) must
# recognise, so each is run as a user runs it:
#   1. tshark -2 -q -z expert (and ,warn ,error, and the filters sip and frame):
#      every finding with its count;
#   2. tshark -q -z expert, one pass: nothing the tree does not have (the
#      verdicts about absence need -2), and all of it where no verdict needs
#      later frames;
#   3. the summary lines (packet list): the Info suffix names each message's
#      worst problem, the Expert column its severity;
#   4. -T fields -e _ws.expert.message without a filter: every message;
#   5. -Y sipauth.NAME: exactly the frames of NAME; a filtering tap
#      (-z io,stat) on _ws.expert.severity: the frames of each severity;
#   6. -z sipauth,stat: a single pass says that absence verdicts need -2;
#   7. -V over every capture: no sipauth item is cut at Wireshark's label
#      length ("[truncated]").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded

fail() { echo "FAIL $name: $*" >&2; exit 1; }

# reference STAGED [tshark options]: "frame<TAB>severity<TAB>finding<TAB>message"
# for each sipauth expert info of the two-pass tree.
reference() {
    local staged=$1; shift
    sipauth_tshark -r "$staged" "$@" -2 -T pdml | awk '
        function attr(line, key,    m) {
            if (!match(line, " " key "=\"[^\"]*\"")) return ""
            m = substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4)
            gsub(/&quot;/, "\"", m); gsub(/&#x27;/, "\047", m); gsub(/&apos;/, "\047", m)
            gsub(/&lt;/, "<", m); gsub(/&gt;/, ">", m); gsub(/&amp;/, "\\&", m)
            return m
        }
        /<field name="frame.number"/ { frame = attr($0, "show"); next }
        /<field name="_ws.expert" / { sev = attr($0, "showname"); sub(/^Expert Info \(/, "", sev); sub(/\/.*/, "", sev); next }
        sev != "" && /<field name="sipauth\./ {
            name = attr($0, "name"); sub(/^sipauth\./, "", name)
            printf "%s\t%s\t%s\t%s\n", frame, sev, name, attr($0, "showname")
        }
        { sev = "" }'
}

# expert_summary: tshark -z expert's output as "severity<TAB>count<TAB>message"
# for the SIPAUTH rows, sorted.
expert_summary() {
    awk '/^Errors \(/ { sev = "Error" } /^Warns \(/ { sev = "Warning" } /^Notes \(/ { sev = "Note" }
         /^Chats \(/ { sev = "Chat" } /^Comments \(/ { sev = "Comment" }
         $3 == "SIPAUTH" { n = $1; line = $0; sub(/^ *[0-9]+ +[A-Za-z]+ +SIPAUTH  /, "", line)
                           printf "%s\t%d\t%s\n", sev, n, line }' | sort
}

# counted REFERENCE [severity regex]: the reference in expert_summary's form
counted() {
    awk -F '\t' -v want="${2:-.}" '$2 ~ want { n[$2 "\t" $4]++ }
        END { for (k in n) { split(k, p, "\t"); printf "%s\t%d\t%s\n", p[1], n[k], p[2] } }' <<<"$1" | sort
}

same() { # same WHAT EXPECTED ACTUAL
    [ "$2" = "$3" ] || { diff <(echo "$2") <(echo "$3") >&2 || true; fail "$1 differs from the packet tree"; }
}

check_capture() { # check_capture NAME [tshark options]
    name=$1; shift
    local staged ref
    staged=$(sipauth_stage_capture "$top/captures/$name.pcapng")
    ref=$(reference "$staged" "$@")
    [ -n "$ref" ] || fail "the tree has no sipauth finding (the capture was chosen for its findings)"

    # 1. the expert summaries of two passes
    same "-2 -q -z expert" "$(counted "$ref")" "$(sipauth_tshark -r "$staged" "$@" -2 -q -z expert | expert_summary)"
    same "-2 -q -z expert,warn" "$(counted "$ref" '^(Error|Warning)$')" \
         "$(sipauth_tshark -r "$staged" "$@" -2 -q -z expert,warn | expert_summary)"
    same "-2 -q -z expert,error" "$(counted "$ref" '^Error$')" \
         "$(sipauth_tshark -r "$staged" "$@" -2 -q -z expert,error | expert_summary)"
    for filter in sip frame; do
        same "-2 -q -z expert,$filter" "$(counted "$ref")" \
             "$(sipauth_tshark -r "$staged" "$@" -2 -q -z "expert,$filter" | expert_summary)"
    done

    # 2. one pass: a subset of the tree's findings; all of them when none is
    # a verdict about absence
    local single
    single=$(sipauth_tshark -r "$staged" "$@" -q -z expert | expert_summary)
    while IFS=$'\t' read -r sev n msg; do
        local m
        m=$(awk -F '\t' -v s="$sev" -v t="$msg" '$1 == s && $3 == t { print $2 }' <<<"$(counted "$ref")")
        [ -n "$m" ] && [ "$n" -le "$m" ] || fail "one pass counts \"$msg\" $n times, two passes ${m:-0}"
    done < <(printf '%s' "$single" | grep .)
    if ! grep -qE $'\t(ack_missing|ack_not_seen|no_retry)\t' <<<"$ref"; then
        same "one pass -q -z expert" "$(counted "$ref")" "$single"
    fi

    # 3. the packet list: the Info suffix and the Expert column
    local worst cols
    worst=$(awk -F '\t' '
        function rank(s) { return s == "Error" ? 4 : s == "Warning" ? 3 : s == "Note" ? 2 : 1 }
        { if (rank($2) > r[$1]) { r[$1] = rank($2); sev[$1] = $2 }
          if (rank($2) >= 3 && rank($2) > p[$1]) { p[$1] = rank($2); name[$1] = $3 } }
        END { for (f in r) printf "%s\t%s\t%s\n", f, sev[f], (f in name) ? name[f] : "-" }' <<<"$ref" | sort -n)
    cols=$(sipauth_tshark -r "$staged" "$@" -2 -o 'gui.column.format:"No.","%m","Expert","%a","Info","%i"' |
           awk '{ f = $1; sev = $2; name = "-"
                  if (match($0, /\[auth #[0-9]+ [a-z]+: [a-z_]+\]/)) { name = substr($0, RSTART, RLENGTH)
                      sub(/^.*: /, "", name); sub(/\]$/, "", name) }
                  printf "%s\t%s\t%s\n", f, sev, name }' | sort -n)
    same "the packet list (No., Expert, worst problem in Info)" "$worst" "$(join -t $'\t' <(cut -f1 <<<"$worst") <(echo "$cols") | sort -n)"

    # 4. -T fields on the expert messages, no filter
    local fields
    fields=$(sipauth_tshark -r "$staged" "$@" -2 -T fields -E occurrence=a -E separator=/t -E aggregator=$'\x1f' \
                 -e frame.number -e _ws.expert.message | awk -F '\t' '{ n = split($2, m, "\x1f"); for (i = 1; i <= n; i++) print $1 "\t" m[i] }' | sort)
    local missing
    missing=$(comm -23 <(awk -F '\t' '{ print $1 "\t" $4 }' <<<"$ref" | sort) <(echo "$fields"))
    [ -z "$missing" ] || { echo "$missing" >&2; fail "-T fields -e _ws.expert.message lacks these"; }

    # 5. each finding as a filter
    local finding
    for finding in $(cut -f3 <<<"$ref" | sort -u); do
        same "-2 -Y sipauth.$finding" "$(awk -F '\t' -v n="$finding" '$3 == n { print $1 }' <<<"$ref" | sort -un)" \
             "$(sipauth_tshark -r "$staged" "$@" -2 -Y "sipauth.$finding" -T fields -e frame.number | sort -un)"
    done

    # 5b. a filtering tap (io,stat) on the expert fields: the frames with
    # an expert info of each severity (no other dissector adds one in
    # these captures: stock tshark -2 -Y _ws.expert shows none)
    local sev
    for sev in Error Warning Note Chat; do
        local want got
        want=$(awk -F '\t' -v s="$sev" '$2 == s { print $1 }' <<<"$ref" | sort -u | grep -c . || true)
        got=$(sipauth_tshark -r "$staged" "$@" -2 -q -z "io,stat,0,_ws.expert.severity==${sev,,}" |
              awk -F '|' '/<>/ { gsub(/ /, "", $3); print $3 }')
        [ "$want" = "$got" ] || fail "-z io,stat,0,_ws.expert.severity==${sev,,} counts $got frames, the tree $want"
    done

    # 6. the statistics say what a single pass cannot know
    sipauth_tshark -r "$staged" "$@" -q -z sipauth,stat | grep -q 'run tshark -2' ||
        fail "a single pass's -z sipauth,stat does not say that absence verdicts need -2"
    ! sipauth_tshark -r "$staged" "$@" -2 -q -z sipauth,stat | grep -q 'run tshark -2' ||
        fail "two passes' -z sipauth,stat says verdicts are missing"
    echo "ok: $name: $(wc -l <<<"$ref") findings shown alike by every consumer"
}

# Errors and warnings, retransmitted challenges, absence verdicts
check_capture invite-407-ack-missing
# warnings and notes, all known within one pass
check_capture invite-407-wrong-password
# errors on the retry (realm letter case) and absence
check_capture invite-realm-case
# chats and two realms, with the credentials table
sipauth_table_from "$top/captures/proxy-then-registrar.expect"
check_capture proxy-then-registrar "${table[@]}"

# 7. no sipauth item is cut at the label length, in any capture
for capture in "$top"/captures/*.pcapng; do
    name=$(basename "$capture" .pcapng)
    sipauth_table_from "$top/captures/$name.expect"
    staged=$(sipauth_stage_capture "$capture")
    cut_items=$(sipauth_tshark -r "$staged" ${table[@]+"${table[@]}"} -2 -V |
                awk '/^[^ ]/ { in_sipauth = ($0 == "SIP Authentication Analysis") } in_sipauth && /\[truncated\]/')
    [ -z "$cut_items" ] || { echo "$cut_items" >&2; fail "sipauth items cut at Wireshark's label length"; }
done
echo "ok: no sipauth item truncated in $(ls "$top"/captures/*.pcapng | wc -l) captures"
