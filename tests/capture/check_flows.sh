#!/usr/bin/env bash
# check_flows.sh CAPTURE EXPECT
# The engine's verdicts on CAPTURE against the expectation file, which was
# written from what the scenario did:
#  1. tshark -2: every auth message's role, flow, attempt and links, the
#     retry and ACK links of every challenge, and exactly the problems listed;
#  2. tshark -2 -Y sipauth.<finding>: exactly the frames listed, per finding;
#  3. single pass: no verdict that contradicts the expectation (later frames
#     may be missing, nothing may be wrong).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
capture=$1 expect=$2
sipauth_stage_plugin
sipauth_assert_loaded
staged=$(sipauth_stage_capture "$capture")
name=$(basename "$expect")

# The findings a scenario's expectation speaks for: the public names of
# the public filter contract, the digest verification verdicts, nonce_reissued and guessing.
findings="realm_mismatch ack_missing repeated_challenge stale_nonce no_retry wrong_header cseq_not_incremented nonce_replay
credentials_refused auth_loop credentials_verified bad_password challenge_loop unverifiable nonce_reissued guessing"

# The expectation's credentials lines are the server's truth: the plugin gets
# them as its sipauth_credentials table.
sipauth_table_from "$expect"

records() { # records [tshark args...]: the plugin's verdicts as result/problem lines
    sipauth_tshark -r "$staged" ${table[@]+"${table[@]}"} "$@" -T pdml |
        awk -v findings="$findings" -f "$here/sipauth_pdml.awk" | grep -E '^(result|problem) '
}

# --- what the scenario did, in the same form ---------------------------------------
expected=$(awk '
    function get(k,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
    $1 == "problem" { print; next }
    $1 != "msg" { next }
    { role = get("role"); frame = get("frame") }
    role == "other" || role == "" { next }
    {
        out = "result frame=" frame " role=" role " flow=" get("flow")
        if (get("attempt") != "") out = out " attempt=" get("attempt")
        if (get("challenge") != "") out = out " challenge=" get("challenge")
        if (get("challenges") != "") out = out " challenges=" get("challenges")
        if (get("answers") != "") out = out " answers=" get("answers")
        if (get("of") != "") out = out " of=" get("of")
        if (get("relay_of") != "") out = out " relay_of=" get("relay_of")
        lines[frame] = out; order[++n] = frame
        c = get("challenge")
        if (role == "retry" && c != "" && !(c in retry)) retry[c] = frame
        if (role == "ack" && c != "" && !(c in ack)) ack[c] = frame
    }
    END {
        for (i = 1; i <= n; i++) {
            f = order[i]; out = lines[f]
            if (f in retry) out = out " retry=" retry[f]
            if (f in ack) out = out " ack=" ack[f]
            print out
        }
    }' "$expect")

# The plugin states links a little more widely than the expectation records
# them (a retry names its challenge even when it came from another flow);
# compare the same projection.
project() {
    awk '
    function get(k,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
    $1 == "problem" { print; next }
    {
        role = get("role"); out = "result frame=" get("frame") " role=" role " flow=" get("flow")
        if ((role == "request" || role == "retry") && get("attempt") != "") out = out " attempt=" get("attempt")
        if (get("challenge_also") == "") {
            if (role != "relay" && get("challenge") != "") out = out " challenge=" get("challenge")
        } else {
            # a request answering several challenges names each in its realm item: the
            # latest is challenge=, all of them challenges= (a handful: insertion sort)
            n = 0
            for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "challenge" || kv[1] == "challenge_also") c[++n] = kv[2] + 0 }
            for (i = 2; i <= n; i++) for (j = i; j > 1 && c[j - 1] > c[j]; j--) { t = c[j]; c[j] = c[j - 1]; c[j - 1] = t }
            all = c[1]; for (i = 2; i <= n; i++) all = all "," c[i]
            out = out " challenge=" c[n] " challenges=" all
        }
        if (get("answers") != "") out = out " answers=" get("answers")
        if (role == "copy") out = out " of=" get("of")
        if (role == "relay") out = out " relay_of=" get("relay_of")
        if (get("retry") != "") out = out " retry=" get("retry")
        if (get("ack") != "") out = out " ack=" get("ack")
        print out
    }'
}

fail=0
# 1. two passes, everything
actual=$(records -2 | project)
# A problem line says "this frame has it": a frame with two credentials
# verified counts once, as in the expectation.
if ! d=$(diff <(sort -u <<<"$expected") <(sort -u <<<"$actual")); then
    echo "FAIL $name (tshark -2): < expected from the scenario, > sipauth"; echo "$d"; fail=1
fi

# 2. each finding as a display filter
for f in $findings; do
    want=$(awk -v f="$f" '$1 == "problem" && $2 == "name=" f { sub(/^frame=/, "", $3); print $3 }' "$expect" | sort -un | tr '\n' ' ')
    got=$(sipauth_tshark -r "$staged" ${table[@]+"${table[@]}"} -2 -Y "sipauth.$f" -T fields -e frame.number |
          sort -un | tr '\n' ' ')
    if [ "$want" != "$got" ]; then
        echo "FAIL $name: tshark -2 -Y sipauth.$f gives frames [$got], the scenario has [$want]"; fail=1
    fi
done

# 3. single pass: every verdict it gives must be one of the expected ones
single=$(records)
while read -r kind rest; do
    [ -n "$kind" ] || continue
    case "$kind" in
    problem)
        grep -qxF "problem $rest" <<<"$expected" || { echo "FAIL $name (single pass): wrong verdict: problem $rest"; fail=1; } ;;
    result)
        frame=${rest%% *}
        want=$(grep -E "^result $frame " <<<"$expected" || true)
        for token in $(project <<<"result $rest"); do
            [ "$token" = result ] && continue
            case " $want " in *" $token "*) ;; *)
                echo "FAIL $name (single pass): $frame has $token, the scenario has: ${want:-nothing}"; fail=1 ;;
            esac
        done ;;
    esac
done <<<"$single"

# 4. without the table: no verdict on the digest, and every set of
#    credentials the scenario verified says why it was not checked
if [ ${#table[@]} -gt 0 ]; then
    want=$(awk '$1 == "problem" && ($2 == "name=credentials_verified" || $2 == "name=bad_password") {
                sub(/^frame=/, "", $3); print $3 }' "$expect" | sort -un | tr '\n' ' ')
    got=$(sipauth_tshark -r "$staged" -2 -Y sipauth.unverifiable -T fields -e frame.number | sort -un | tr '\n' ' ')
    verdicts=$(sipauth_tshark -r "$staged" -2 -Y 'sipauth.credentials_verified || sipauth.bad_password || sipauth.challenge_loop' \
               -T fields -e frame.number | tr '\n' ' ')
    if [ "$want" != "$got" ] || [ -n "$verdicts" ]; then
        echo "FAIL $name (empty table): unverifiable on [$got], expected [$want]; digest verdicts on [$verdicts], expected none"
        fail=1
    fi
fi

[ "$fail" = 0 ] || exit 1
echo "ok: $(grep -c . <<<"$expected") verdicts of $(basename "$capture") match, single pass has no wrong one"
