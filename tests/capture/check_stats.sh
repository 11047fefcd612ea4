#!/usr/bin/env bash
# check_stats.sh CAPTURE EXPECT
# `tshark -2 -q -z sipauth,stat` counts what the scenario did: per realm,
# the challenges, retries, repeated challenges and missing ACKs of the
# expectation file (a message counts once for each realm it names), and
# every flow with a problem appears in the problem list.  The GUI's tables
# (Telephony › SIP Auth Statistics / Problem Flows, printed by tshark as
# -z sipauth,realms / sipauth,flows) have the same rows and counts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tshark_with_plugin.sh"
capture=$1 expect=$2
sipauth_stage_plugin
sipauth_assert_loaded
staged=$(sipauth_stage_capture "$capture")

sipauth_table_from "$expect"

# expected: "realm challenges retries repeated noack" per realm
expected=$(awk '
    function get(k,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
    $1 == "msg" { role[get("frame")] = get("role") }
    $1 == "auth" { f = get("frame"); r = get("realm"); if (!((f, r) in seen)) { seen[f, r] = 1; realms[f] = realms[f] " " r }
                   if (!(r in known)) { known[r] = 1; order[++n] = r } }
    $1 == "problem" { p[get("name"), get("frame")] = 1 }
    END {
        for (f in realms) {
            k = split(realms[f], rs, " ")
            for (i = 1; i <= k; i++) {
                if (role[f] == "challenge") { ch[rs[i]]++; if (("repeated_challenge", f) in p) rep[rs[i]]++
                                              if (("ack_missing", f) in p) na[rs[i]]++ }
                if (role[f] == "retry") re[rs[i]]++
            }
        }
        for (i = 1; i <= n; i++) { r = order[i]; if (ch[r] + re[r] > 0) printf "%s %d %d %d %d\n", r, ch[r], re[r], rep[r], na[r] }
    }' "$expect" | sort)

out=$(sipauth_tshark -r "$staged" ${table[@]+"${table[@]}"} -2 -q -z sipauth,stat)
actual=$(awk '$2 == "(all)" { print $1, $4, $5, $15, $14 }' <<<"$out" | sort)
if [ "$expected" != "$actual" ]; then
    echo "FAIL $(basename "$expect"): realm rows (realm challenges retries repeated noack)"
    diff <(echo "$expected") <(echo "$actual") || true
    echo "$out"; exit 1
fi
# every flow with a warning or error problem is in the problem list
problem_flows=$(awk '
    function get(k,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
    $1 == "msg" { flow[get("frame")] = get("flow") }
    $1 == "problem" && get("name") !~ /^(credentials_verified|stale_nonce)$/ { print flow[get("frame")] }' "$expect" | sort -un)
listed=$(awk '/^Problem flows/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print $1 }' <<<"$out" | sort -un)
for f in $problem_flows; do
    grep -qx "$f" <<<"$listed" || { echo "FAIL $(basename "$expect"): flow $f has problems but is not listed"; echo "$out"; exit 1; }
done
# The tables of the GUI, in tshark's generic form, against sipauth,stat:
# same rows (realm, user) with the same counts, in any order (the GUI sorts),
# and the same problem flows.
numbers() { awk -v OFS=' ' '{ $(NF) = ""; $(NF - 1) = ""; print }' | sed 's/ *$//'; } # drop median, max
stat_rows=$(awk '/^Realm / { on = 1; next } /^$/ { on = 0 } on { if ($2 != "(all)") { u = $1; $1 = realm " " u } else realm = $1; print }' <<<"$out" |
    awk '{ $1 = $1; print }' | numbers | sort)
tables=$(sipauth_tshark -r "$staged" ${table[@]+"${table[@]}"} -2 -q -z sipauth,realms -z sipauth,flows)
table_rows=$(awk -F ' [|]' '/^By realm/ { on = 1; next } /^=+$/ { on = 0 } on && NF > 10 { line = $1; for (i = 2; i < NF; i++) line = line " " $i; print line }' <<<"$tables" |
    awk '{ $1 = $1; print }' | numbers | sort)
if [ "$stat_rows" != "$table_rows" ]; then
    echo "FAIL $(basename "$expect"): -z sipauth,realms differs from -z sipauth,stat (realm user counts...)"
    diff <(echo "$stat_rows") <(echo "$table_rows") || true
    echo "$tables"; exit 1
fi
table_flows=$(awk -F ' [|]' '/^Problem flows$/ { on = 1; next } /^=+$/ { on = 0 } on { print $1 }' <<<"$tables" | sort -un)
[ "$table_flows" = "$listed" ] || { echo "FAIL $(basename "$expect"): -z sipauth,flows lists flows '$table_flows', sipauth,stat '$listed'"; echo "$tables"; exit 1; }
echo "ok: sipauth,stat counts of $(basename "$capture") match the scenario ($(wc -l <<<"$expected") realm rows)"
