#!/bin/sh
# Print one hand-made digest credentials header (no trailing newline), for sipp's
# [file name=...] keyword. The response is a real digest (RFC 2617 / RFC 7616 §3.4.1,
# with qop) over the realm as written in the header, i.e. what a client believing that
# realm computes.
# usage: digest.sh HEADER USER PASSWORD REALM METHOD URI NONCE NC CNONCE [ALGORITHM [QOP [BODYFILE]]]
#   ALGORITHM  MD5 (default) or SHA-256; the header says algorithm=ALGORITHM
#   QOP        auth (default) or auth-int; auth-int hashes BODYFILE (the exact body bytes
#              the request carries; no BODYFILE = empty body): HA2 = H(METHOD:URI:H(body))
set -eu
h=$1 user=$2 pass=$3 realm=$4 method=$5 uri=$6 nonce=$7 nc=$8 cnonce=$9
alg=${10:-MD5} qop=${11:-auth} body=${12:-/dev/null}
case $alg in
    MD5) hsum=md5sum ;;
    SHA-256) hsum=sha256sum ;;
    *) echo "digest.sh: unknown algorithm $alg" >&2; exit 1 ;;
esac
H() { printf '%s' "$1" | $hsum | cut -d' ' -f1; }
ha1=$(H "$user:$realm:$pass")
case $qop in
    auth) ha2=$(H "$method:$uri") ;;
    auth-int) ha2=$(H "$method:$uri:$($hsum <"$body" | cut -d' ' -f1)") ;;
    *) echo "digest.sh: unknown qop $qop" >&2; exit 1 ;;
esac
resp=$(H "$ha1:$nonce:$nc:$cnonce:$qop:$ha2")
printf '%s: Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=%s, cnonce="%s", qop=%s, nc=%s' \
    "$h" "$user" "$realm" "$nonce" "$uri" "$resp" "$alg" "$cnonce" "$qop" "$nc"
