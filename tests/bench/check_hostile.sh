#!/usr/bin/env bash
# check_hostile.sh GEN MODE - one hostile capture, made by the generator GEN
# (sipauth_gen_pcap) at test time, read by tshark -2 with the plugin of this
# build.  Checks that tshark exits 0, that the plugin makes no dissector
# throw, that its peak memory stays within a bound that grows linearly with
# the number of SIP messages (compared with the same tshark command without
# the plugin), and that the findings are exact.
#
# MODE: many_challenges | many_headers | huge_nonce | distinct_nonces | malformed
#
# Memory bound, for every mode:
#   peak RSS with plugin <= peak RSS without + 16 MiB + 2 KiB * SIP messages
# The plugin keeps one record per SIP message (engine.h); what a hostile
# message holds (a 64 KiB nonce, 1,000 headers, 10,000 params) must cost no
# more than its bytes, never a multiple of the capture.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../capture/tshark_with_plugin.sh"
gen=$1
mode=$2
began=$(date +%s%N)

# Sizes: large enough to be hostile, small enough that the five tests take
# well under a minute together on a 2-core machine.  SIPAUTH_HOSTILE_NONCES
# raises the distinct nonces for a run by hand (docs/performance.md: one
# million, 4M SIP messages, about 15 minutes and 10 GB of memory).
N_CHALLENGES=10000
N_HEADERS=1000
NONCE_BYTES=65536
N_NONCES=${SIPAUTH_HOSTILE_NONCES:-20000}
N_MALFORMED=1000

sipauth_stage_plugin
sipauth_assert_loaded
capture="$sipauth_stage/$mode.pcap"
case $mode in
    many_challenges) "$gen" many-challenges $N_CHALLENGES "$capture" ;;
    many_headers)    "$gen" many-headers $N_HEADERS "$capture" ;;
    huge_nonce)      "$gen" huge-nonce $NONCE_BYTES "$capture" ;;
    distinct_nonces) "$gen" distinct-nonces $N_NONCES "$capture" ;;
    malformed)       "$gen" malformed $N_MALFORMED "$capture" ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
chmod a+r "$capture"
mkdir -m 0777 "$sipauth_stage/empty"   # a plugin folder with nothing in it

fail() { echo "FAIL ($mode): $*" >&2; exit 1; }

# tshark as sipauth_tshark runs it, with the plugin folder $1.  With
# exec_tshark set, the shell becomes tshark (same process id: measure()
# watches it).
tshark_with() {
    local plugins=$1; shift
    local extra=()   # SIPAUTH_TSHARK_ENV: see tshark_with_plugin.sh
    [ -z "${SIPAUTH_TSHARK_ENV:-}" ] || read -r -a extra <<<"$SIPAUTH_TSHARK_ENV"
    local as_nobody=()
    [ "$(id -u)" != 0 ] || as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    ${exec_tshark:+exec} ${as_nobody[@]+"${as_nobody[@]}"} env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        WIRESHARK_PLUGIN_DIR="$plugins" HOME="$sipauth_stage/home" ${extra[@]+"${extra[@]}"} tshark "$@"
}

# measure NAME PLUGINS ARGS... : run tshark, stdout to $sipauth_stage/NAME.out,
# stderr to NAME.err; sets peak_kb (peak RSS) and cpu (user+sys seconds).
# GNU time when installed; otherwise the kernel's high-water mark, read
# from /proc while tshark runs (exact but for growth in its last 20 ms).
measure() {
    local name=$1 plugins=$2; shift 2
    local out="$sipauth_stage/$name.out" err="$sipauth_stage/$name.err" rc=0
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M %U %S' -o "$sipauth_stage/$name.time" \
            bash -c "$(declare -f tshark_with); sipauth_stage='$sipauth_stage'; tshark_with \"\$@\"" _ \
            "$plugins" "$@" >"$out" 2>"$err" || rc=$?
        read -r peak_kb user sys <"$sipauth_stage/$name.time"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f s", u + s }')
    else
        exec_tshark=1 tshark_with "$plugins" "$@" >"$out" 2>"$err" &
        local pid=$! hwm
        peak_kb=0
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            [ -n "$hwm" ] && [ "$hwm" -gt "$peak_kb" ] && peak_kb=$hwm
            sleep 0.02
        done
        wait "$pid" || rc=$?
        cpu="n/a (no GNU time)"
    fi
    [ "$rc" = 0 ] || { cat "$err" >&2; fail "tshark $* exited with status $rc"; }
}

# --- one run with the plugin, one without ------------------------------------------
# Both print, for every SIP message and every frame where a dissector threw
# (bounds error, dissector bug, failed reassembly), the frame, what threw,
# and the frame's protocols; the run with the plugin adds sipauth's fields.
# The display filter makes both dissect every frame (tshark -q alone
# dissects nothing).  "Threw" is not _ws.malformed: Wireshark adds that to
# every expert info of group Malformed (sipauth's syntax_oddity was one).
# Only the fields this Wireshark has (4.4 has no _ws.malformed.dissector_bug);
# a missing one's column repeats _ws.malformed.expert, so columns keep their places.
known=$(sipauth_tshark -G fields 2>/dev/null | cut -f3)
thrown="" thrown_fields=()
for f in _ws.malformed.expert _ws.malformed.dissector_bug _ws.malformed.reassembly _ws.unreassembled; do
    if grep -qx "$f" <<<"$known"; then
        thrown+="${thrown:+ || }$f"
        thrown_fields+=(-e "$f")
    else
        thrown_fields+=(-e _ws.malformed.expert)
    fi
done
thrown_fields+=(-e frame.protocols)
measure without "$sipauth_stage/empty" -2 -r "$capture" -Y "sip || $thrown" -T fields -e frame.number \
    -e sip.Method -e sip.Status-Code "${thrown_fields[@]}"
without_kb=$peak_kb without_cpu=$cpu
# columns: 1 frame 2 method 3 status 4 call-id 5 flow 6 role 7 attempt 8 challenge 9 retry 10 ack
#          11 outcome 12 realms 13 repeated 14 no_retry 15 ack_missing 16 ack_not_seen 17 nonce_unknown
#          18 expert messages, 19-22 what threw, 23 protocols; several values of a field joined by '|'
measure with "$sipauth_stage/plugins" -2 -r "$capture" -Y "sip || $thrown" \
    -T fields -E occurrence=a "-E" "aggregator=|" -e frame.number -e sip.Method -e sip.Status-Code \
    -e sip.Call-ID -e sipauth.flow -e sipauth.role -e sipauth.attempt -e sipauth.challenge_frame \
    -e sipauth.retry_frame -e sipauth.ack_frame -e sipauth.outcome -e sipauth.realm \
    -e sipauth.repeated_challenge -e sipauth.no_retry -e sipauth.ack_missing -e sipauth.ack_not_seen \
    -e sipauth.nonce_unknown -e _ws.expert.message "${thrown_fields[@]}"
with_kb=$peak_kb with_cpu=$cpu
[ ! -s "$sipauth_stage/with.err" ] || { cat "$sipauth_stage/with.err" >&2; fail "tshark wrote to stderr"; }
thrown_without=$(awk -F'\t' '$4 $5 $6 $7 != ""' "$sipauth_stage/without.out" | wc -l)
thrown_with=$(awk -F'\t' '$19 $20 $21 $22 != ""' "$sipauth_stage/with.out" | wc -l)
[ "$thrown_with" = "$thrown_without" ] ||
    fail "frames where a dissector threw: $thrown_with with the plugin, $thrown_without without"

# --- the findings -------------------------------------------------------------------
rows="$sipauth_stage/rows.tsv"     # one row per SIP message
awk -F'\t' '$23 ~ /(^|:)sip(:|$)/' "$sipauth_stage/with.out" >"$rows"
messages=$(wc -l <"$rows")

# check [-v VAR=VALUE]... AWK-PROGRAM: run the program over the rows; fail,
# showing what it printed, if it printed anything.
check() {
    local program=${!#} problems
    problems=$(awk -F'\t' "${@:1:$#-1}" "$program" "$rows" | head -20)
    [ -z "$problems" ] || { printf '%s\n' "$problems" >&2; fail "findings differ (first 20 shown)"; }
}

case $mode in
many_challenges)
    # INVITE, then N times 407 + ACK, each 407 answered by an INVITE with
    # credentials: frames 3i+1 request/retry, 3i+2 challenge, 3i+3 ACK.
    [ "$messages" = $((3 * N_CHALLENGES)) ] || fail "$messages SIP messages, expected $((3 * N_CHALLENGES))"
    check -v n=$N_CHALLENGES '
        { f = $1; k = (f - 1) % 3; i = int((f - 1) / 3) }
        $5 != 1 || $11 != "re-challenged" { print f ": flow " $5 ", outcome " $11 }
        $14 != "" || $15 != "" || $16 != "" || $17 != "" { print f ": unexpected no_retry/ack/nonce finding" }
        k == 0 && i == 0 && ($6 != "request" || $7 != 1) { print f ": not the request" }
        k == 0 && i > 0 && ($6 != "retry" || $7 != i + 1 || $8 != f - 2) { print f ": retry " $6 " " $7 " " $8 }
        k == 1 && ($6 != "challenge" || $10 != f + 1) { print f ": challenge " $6 " ack " $10 }
        k == 1 && $9 != (i < n - 1 ? f + 2 : "") { print f ": retry_frame " $9 }
        k == 1 && $13 != (i > 0 ? 1 : "") { print f ": repeated_challenge [" $13 "]" }
        k == 1 && i == n - 1 && index($18, "(repetition " n - 1 ")") == 0 { print f ": last repetition: " $18 }
        k == 2 && ($6 != "ack" || $8 != f - 1) { print f ": ack " $6 " " $8 }'
    repeated=$(awk -F'\t' '$13 == 1' "$rows" | wc -l)
    [ "$repeated" = $((N_CHALLENGES - 1)) ] || fail "$repeated repeated_challenge, expected $((N_CHALLENGES - 1))"
    result="$repeated repeated_challenge (repetition 1 to $((N_CHALLENGES - 1))), every retry linked"
    ;;
many_headers)
    # INVITE, 407 with N Proxy-Authenticate (realm00001 ... ), ACK, INVITE
    # answering realm00001, 100, 200, ACK (the ACK of the 2xx is no auth message).
    [ "$messages" = 7 ] || fail "$messages SIP messages, expected 7"
    mapfile -t f < <(cut -f1 "$rows")
    check -v c="${f[1]}" -v a="${f[2]}" -v r="${f[3]}" '
        $1 == c && ($6 != "challenge" || $9 != r || $10 != a) { print "407: " $6 " retry " $9 " ack " $10 }
        $1 == r && ($6 != "retry" || $8 != c) { print "retry: " $6 " challenge " $8 }
        $6 != "" && $11 != "accepted" { print $1 ": outcome " $11 }
        $6 == "" && NR != 7 { print $1 ": not in the flow" }
        $1 == c {
            # the result lists RESULT_MAX_REALMS (8) realms: the first eight
            want = ""; for (i = 1; i <= 8; i++) want = want (i > 1 ? "|" : "") sprintf("realm%05d.example.com", i)
            if ($12 != want) print "407 realms: " $12
            # the engine keeps ENGINE_MAX_OFFERS (64) offers: findings only
            # about realms 2..64 (realm 1 was answered), at most one each
            n = split($18, m, "|")
            if (n > 63) print "407: " n " findings"
            for (i = 1; i <= n; i++) {
                if (match(m[i], /realm[0-9]+\./) == 0) { print "407 finding: " m[i]; continue }
                k = substr(m[i], RSTART + 5, RLENGTH - 6) + 0
                if (k < 2 || k > 64) print "407 finding beyond the cap: " m[i]
            }
        }'
    # Single pass shows the extraction: every one of the N headers was read.
    read_headers=$(tshark_with "$sipauth_stage/plugins" -r "$capture" -Y "frame.number == ${f[1]}" \
        -T fields -E occurrence=a "-E" "aggregator=|" -e sipauth.auth.realm | tr '|' '\n' | grep -c '^realm' || true)
    [ "$read_headers" = $N_HEADERS ] || fail "extraction of the 407: $read_headers headers, expected $N_HEADERS"
    findings=$(awk -F'\t' -v c="${f[1]}" '$1 == c { print split($18, m, "|") }' "$rows")
    result="407 with $N_HEADERS headers: all $N_HEADERS read, 8 realms shown, $findings findings (cap 64 offers), retry linked"
    ;;
huge_nonce)
    [ "$messages" = 7 ] || fail "$messages SIP messages, expected 7"
    mapfile -t f < <(cut -f1 "$rows")
    check -v c="${f[1]}" -v a="${f[2]}" -v r="${f[3]}" '
        $1 == c && ($6 != "challenge" || $9 != r || $10 != a) { print "407: " $6 " retry " $9 " ack " $10 }
        $1 == r && ($6 != "retry" || $8 != c || $17 != "") { print "retry: " $6 " challenge " $8 " nonce_unknown " $17 }
        $6 != "" && $11 != "accepted" { print $1 ": outcome " $11 }
        $6 == "" && NR != 7 { print $1 ": not in the flow" }'
    # Single pass: the nonce was read whole, in the challenge and in the credentials.
    lengths=$(tshark_with "$sipauth_stage/plugins" -r "$capture" -Y "frame.number == ${f[1]} || frame.number == ${f[3]}" \
        -T fields -e sipauth.auth.nonce | awk '{ printf("%s%d", NR > 1 ? " " : "", length($0)) }')
    [ "$lengths" = "$NONCE_BYTES $NONCE_BYTES" ] || fail "nonce lengths read: $lengths"
    result="$NONCE_BYTES-byte nonce read whole twice, retry ${f[3]} linked to challenge ${f[1]}"
    ;;
distinct_nonces)
    # N flows: REGISTER, 401, REGISTER with credentials, 200.
    [ "$messages" = $((4 * N_NONCES)) ] || fail "$messages SIP messages, expected $((4 * N_NONCES))"
    check -v n=$N_NONCES '
        $11 != "accepted" || $13 $14 $15 $16 $17 != "" { print $1 ": " $11 " " $13 $14 $15 $16 $17 }
        { count[$6]++; flows[$5]++ }
        $6 == "challenge" { challenge_of[$5] = $1; retry_of[$1] = $9 }
        $6 == "retry" { retry[$5] = $1; linked[$5] = $8 }
        END {
            for (r in count) if (count[r] != n) print count[r] " " r ", expected " n
            nf = 0; for (x in flows) { nf++; if (flows[x] != 4) print "flow " x ": " flows[x] " messages" }
            if (nf != n) print nf " flows, expected " n
            for (x in retry) if (linked[x] != challenge_of[x] || retry_of[challenge_of[x]] != retry[x])
                print "flow " x ": retry " retry[x] " -> " linked[x] ", challenge " challenge_of[x] " -> " retry_of[challenge_of[x]]
        }'
    result="$N_NONCES flows, each retry linked to its own challenge, all accepted"
    ;;
malformed)
    # N/2 flows: INVITE, 407 with a malformed Proxy-Authenticate (variant v,
    # in the Call-ID "malformed-v-w-..."), ACK, INVITE with a malformed
    # Proxy-Authorization (variant w), 403 (refused: credentials_refused), ACK (not an auth message).
    flows=$((N_MALFORMED / 2))
    [ "$messages" = $((6 * flows)) ] || fail "$messages SIP messages, expected $((6 * flows))"
    # What each variant must be noted for (gen_pcap.c, malformed_value);
    # 07 (200 challenges in one value) and 15 (a huge token68) are grammatical.
    check -v flows=$flows '
        BEGIN {
            note["00"] = "unterminated quoted string"; note["01"] = "empty list element"
            note["02"] = "backslash at the end of a quoted string"; note["03"] = "unparsable bytes skipped"
            note["04"] = "empty list element"; note["05"] = "too many challenges or parameters"
            note["06"] = "duplicate parameter"; note["08"] = "unparsable bytes skipped"
            note["09"] = "unterminated quoted string"; note["10"] = "no scheme before the parameters"
            note["11"] = "unquoted string"; note["12"] = "unparsable bytes skipped"
            note["13"] = "scheme not spelled \"Digest\""; note["14"] = "duplicate parameter"
        }
        { split($4, id, "-"); count[$6]++ }
        $6 != "" { flow[$5]++; if ($11 != "refused (403)") print $1 ": outcome " $11 }
        $6 == "" && $2 != "ACK" { print $1 ": " $2 $3 " outside any flow" }
        $3 == 407 && (id[2] in note) && index($18, "Proxy-Authenticate: ") == 0 { print $1 ": challenge variant " id[2] " not noted" }
        $3 == 407 && (id[2] in note) && index($18, note[id[2]]) == 0 { print $1 ": challenge variant " id[2] ": " $18 }
        $2 == "INVITE" && $6 == "request" && $7 == 2 && (id[3] in note) && index($18, note[id[3]]) == 0 {
            print $1 ": credentials variant " id[3] ": " $18 }
        # 200 challenges in one value: the parser keeps the first 32 (r0 ... r31)
        $3 == 407 && id[2] == "07" {
            n = split($18, m, "|")
            for (i = 1; i <= n; i++) if (match(m[i], /"r[0-9]+\./) && substr(m[i], RSTART + 2, RLENGTH - 3) + 0 > 31)
                print $1 ": finding beyond the 32 kept challenges: " m[i]
        }
        END {
            if (count["challenge"] != flows || count["final"] != flows || count["ack"] != flows ||
                count["request"] != 2 * flows || count[""] != flows)
                print "roles: " count["challenge"] " challenge, " count["final"] " final, " count["ack"] " ack, " \
                      count["request"] " request, " count[""] " outside"
            nf = 0; for (x in flow) nf++
            if (nf != flows) print nf " flows, expected " flows
        }'
    odd=$(awk -F'\t' 'index($18, "Proxy-Auth") { n++ } END { print n + 0 }' "$rows")
    result="$N_MALFORMED malformed headers in $flows flows: each flagged by its variant's syntax note ($odd messages noted)"
    ;;
esac

# --- memory bound -------------------------------------------------------------------
sip_messages=$messages
bound_kb=$((without_kb + 16 * 1024 + 2 * sip_messages))
elapsed=$(( ($(date +%s%N) - began) / 1000000 ))
printf 'memory: peak RSS %d KiB with the plugin, %d KiB without (+%d KiB for %d SIP messages; bound %d KiB)\n' \
    "$with_kb" "$without_kb" $((with_kb - without_kb)) "$sip_messages" "$bound_kb"
printf 'cpu: %s with the plugin, %s without (tshark -2 with a display filter; informative only)\n' "$with_cpu" "$without_cpu"
if [ -n "${SIPAUTH_TSHARK_ENV:-}" ]; then
    # A sanitized plugin (AddressSanitizer's shadow memory and quarantine)
    # says nothing about the plugin's own memory.
    echo "memory bound not checked: tshark runs with SIPAUTH_TSHARK_ENV ($SIPAUTH_TSHARK_ENV)"
elif [ "$with_kb" -gt "$bound_kb" ]; then
    fail "peak RSS $with_kb KiB exceeds the bound $bound_kb KiB"
fi
echo "ok ($mode, $((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000))) s): $result"
