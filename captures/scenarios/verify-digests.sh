#!/bin/bash
# Independent oracle: recompute every digest response in a capture from known passwords.
#
#   verify-digests.sh [-v] [-c 'USER REALM PASSWORD']... CAPTURE.pcapng [EXPECT]
#
# Passwords come from the `credentials username=U realm=R password=P` lines of EXPECT
# (default: CAPTURE with .pcapng replaced by .expect, if it exists) and from -c options.
# With -v it prints one `# ...` comment per Authorization / Proxy-Authorization header (the
# values used, the response sent and the one computed); always the verdicts in the .expect format:
#   problem name=credentials_verified frame=N   every credentials of the request are correct
#   problem name=bad_password frame=N           at least one is not
# The realm a credentials header is checked against is the realm of the challenge that issued
# its nonce (the latest challenge before the request carrying that nonce): the server's truth.
# A header whose nonce no challenge issued is checked against the realm it names. The
# password is looked up by username and that realm (exact, case-sensitive). No password
# known: no verdict for that request (a `# ... unknown` comment).
#
# Formula (RFC 7616 §3.4.1-§3.4.3, RFC 2617 §3.2.2): H = MD5 or SHA-256 (-sess variants too);
#   HA1 = H(user:realm:password)            (-sess: H(H(user:realm:password):nonce:cnonce))
#   HA2 = H(method:uri)                     (qop=auth-int: H(method:uri:H(body)))
#   response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop.
# The method is the request's method, except in an ACK: an ACK repeats the INVITE's credentials
# (RFC 3261 §13.2.2.4 for the ACK of a 2xx, §17.1.1.3 for a non-2xx), so it gets no verdict of its
# own (a `# ... ACK ... not judged` comment) and sipauth does not judge it either. The body (auth-int) is the bytes after the blank line
# of the frame's UDP/TCP payload (one SIP message per frame, as in this corpus).
# Only stock tshark fields are read (--disable-protocol sipauth). Needs tshark, md5sum,
# sha256sum, awk. Exit status 0 even when digests are wrong (it is a report, not a test).
set -euo pipefail

verbose=0
creds=()
while [ $# -gt 0 ]; do
    case $1 in
        -v) verbose=1; shift ;;
        -c) creds+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: verify-digests.sh [-v] [-c 'USER REALM PASSWORD']... CAPTURE [EXPECT]" >&2; exit 2; }
pcap=$1
expect=${2:-${pcap%.pcapng}.expect}
if [ -f "$expect" ] && [ "$expect" != "$pcap" ]; then
    while read -r _ u r p; do
        creds+=("${u#username=} ${r#realm=} ${p#password=}")
    done < <(grep '^credentials ' "$expect" || true)
fi

H() {      # H ALG STRING
    case $1 in
        MD5|MD5-sess) printf '%s' "$2" | md5sum | cut -d' ' -f1 ;;
        SHA-256|SHA-256-sess) printf '%s' "$2" | sha256sum | cut -d' ' -f1 ;;
        *) echo "unsupported" ;;
    esac
}
Hbody() {  # Hbody ALG HEX   (hash of the bytes given in hex)
    local hex=$1
    case $2 in
        MD5|MD5-sess) printf '%s' "$hex" | xxd -r -p | md5sum | cut -d' ' -f1 ;;
        SHA-256|SHA-256-sess) printf '%s' "$hex" | xxd -r -p | sha256sum | cut -d' ' -f1 ;;
    esac
}
password_for() {   # password_for USER REALM -> password or nothing
    local c u r p
    for c in "${creds[@]}"; do
        read -r u r p <<<"$c"
        if [ "$u" = "$1" ] && [ "$r" = "$2" ]; then printf '%s' "$p"; return 0; fi
    done
    return 1
}
digest() {   # digest ALG USER REALM PASSWORD METHOD URI NONCE NC CNONCE QOP BODYHEX
    local alg=$1 user=$2 realm=$3 pw=$4 method=$5 uri=$6 nonce=$7 nc=$8 cnonce=$9 qop=${10} body=${11}
    local ha1 ha2
    ha1=$(H "$alg" "$user:$realm:$pw")
    case $alg in *-sess) ha1=$(H "$alg" "$ha1:$nonce:$cnonce") ;; esac
    if [ "$qop" = auth-int ]; then ha2=$(H "$alg" "$method:$uri:$(Hbody "$body" "$alg")")
    else ha2=$(H "$alg" "$method:$uri"); fi
    if [ -n "$qop" ]; then H "$alg" "$ha1:$nonce:$nc:$cnonce:$qop:$ha2"
    else H "$alg" "$ha1:$nonce:$ha2"; fi
}

# One tab-separated line per challenge (C) and per credentials (R), in capture order.
parsed=$(tshark --disable-protocol sipauth -r "$pcap" -Y sip -T fields -E separator=/t -E occurrence=f \
        -e frame.number -e sip.Method -e sip.msg_hdr -e udp.payload -e tcp.payload 2>/dev/null | awk -F'\t' '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function unquote(v) { v = trim(v); if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v) } return v }
function split_items(v, items,   n, i, c, cur, inq, esc) {
    n = 0; cur = ""; inq = 0; esc = 0
    for (i = 1; i <= length(v); i++) {
        c = substr(v, i, 1)
        if (esc) { cur = cur c; esc = 0; continue }
        if (inq && c == "\\") { cur = cur c; esc = 1; continue }
        if (c == "\"") { inq = !inq; cur = cur c; continue }
        if (c == "," && !inq) { items[++n] = trim(cur); cur = ""; continue }
        cur = cur c
    }
    if (trim(cur) != "") items[++n] = trim(cur)
    return n
}
# emit one record per digest challenge/credentials in header value v
function emit(kind, hname, v,   items, n, i, it, eq, sp, open, k) {
    n = split_items(v, items); open = 0
    for (i = 1; i <= n; i++) {
        it = items[i]; eq = index(it, "="); sp = match(it, /[ \t]/)
        if ((sp > 0 && (eq == 0 || sp < eq)) || eq == 0) {
            if (open) out(kind, hname)
            delete P; open = 1
            P["scheme"] = (sp > 0) ? substr(it, 1, sp - 1) : it
            if (sp == 0) continue
            it = trim(substr(it, sp + 1)); eq = index(it, "=")
        }
        if (eq > 0) P[tolower(trim(substr(it, 1, eq - 1)))] = unquote(substr(it, eq + 1))
    }
    if (open) out(kind, hname)
}
function out(kind, hname) {
    if (tolower(P["scheme"]) != "digest") return
    if (kind == "C") print "C\t" frame "\t" hname "\t" P["realm"] "\t" P["nonce"]
    else print "R\t" frame "\t" hname "\t" method "\t" P["username"] "\t" P["realm"] "\t" P["nonce"] "\t" \
        P["uri"] "\t" P["response"] "\t" (P["algorithm"] == "" ? "MD5" : P["algorithm"]) "\t" P["qop"] "\t" \
        P["nc"] "\t" P["cnonce"] "\t" (P["qop"] == "auth-int" ? body : "-")
}
{
    frame = $1; method = $2; hdr = $3; payload = ($4 != "") ? $4 : $5
    body = ""; p = index(payload, "0d0a0d0a"); while (p > 0 && p % 2 == 0) { q = index(substr(payload, p + 1), "0d0a0d0a"); p = q ? p + q : 0 }
    if (p > 0) body = substr(payload, p + 8)
    if (body == "") body = "-"
    nh = split(hdr, raw, /\\r\\n/); nl = 0
    for (i = 1; i <= nh; i++) {
        if (raw[i] == "") continue
        if (raw[i] ~ /^[ \t]/ && nl > 0) { hl[nl] = hl[nl] " " trim(raw[i]); continue }
        hl[++nl] = raw[i]
    }
    for (i = 1; i <= nl; i++) {
        c = index(hl[i], ":"); hn = tolower(trim(substr(hl[i], 1, c - 1))); v = trim(substr(hl[i], c + 1))
        if (method == "" && (hn == "www-authenticate" || hn == "proxy-authenticate")) emit("C", hn, v)
        if (method != "" && (hn == "authorization" || hn == "proxy-authorization")) emit("R", hn, v)
    }
}')

if [ $verbose = 1 ]; then exec 3>&1; else exec 3>/dev/null; fi
declare -A realm_of_nonce=()
declare -A verdict=()
order=()
while IFS=$'\t' read -r kind frame hname a b c d e f g h i j k; do
    if [ "$kind" = C ]; then realm_of_nonce[$b]=$a; continue; fi
    method=$a user=$b realm=$c nonce=$d uri=$e resp=$f alg=$g qop=$h nc=$i cnonce=$j body=$k
    [ "$body" = - ] && body=""
    if [ "$method" = ACK ]; then
        echo "# frame $frame ACK $hname user=$user: repeats the INVITE's credentials (RFC 3261 §13.2.2.4), not judged" >&3
        continue
    fi
    checked=${realm_of_nonce[$nonce]:-$realm}
    from="challenge"; [ -n "${realm_of_nonce[$nonce]:-}" ] || from="its own realm (nonce not issued in this capture)"
    [ -n "${verdict[$frame]:-}" ] || order+=("$frame")
    if ! pw=$(password_for "$user" "$checked"); then
        echo "# frame $frame $method $hname user=$user realm=$realm: no password known for $user@$checked: unknown" >&3
        verdict[$frame]=${verdict[$frame]:-unknown}
        continue
    fi
    want=$(digest "$alg" "$user" "$checked" "$pw" "$method" "$uri" "$nonce" "$nc" "$cnonce" "$qop" "$body")
    if [ "$want" = unsupported ]; then
        echo "# frame $frame $method $hname algorithm=$alg: unsupported" >&3; verdict[$frame]=unknown; continue
    fi
    if [ "$want" = "$(tr 'A-F' 'a-f' <<<"$resp")" ]; then ok=ok; else ok=BAD; fi
    note=""
    if [ $ok = BAD ] && [ "$realm" != "$checked" ]; then
        alt=$(digest "$alg" "$user" "$realm" "$pw" "$method" "$uri" "$nonce" "$nc" "$cnonce" "$qop" "$body")
        [ "$alt" = "$resp" ] && note=" (it is correct over the realm as sent, \"$realm\", with the right password)"
    fi
    echo "# frame $frame $method $hname user=$user realm=$realm checked-realm=$checked (from $from) algorithm=$alg qop=${qop:-none} nc=${nc:-none}: response=$resp computed=$want: $ok$note" >&3
    if [ $ok = BAD ]; then verdict[$frame]=bad
    elif [ "${verdict[$frame]:-}" = "" ]; then verdict[$frame]=ok; fi
done <<<"$parsed"

for frame in "${order[@]}"; do
    case ${verdict[$frame]} in
        ok) echo "problem name=credentials_verified frame=$frame" ;;
        bad) echo "problem name=bad_password frame=$frame" ;;
    esac
done
