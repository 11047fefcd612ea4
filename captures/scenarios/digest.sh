#!/bin/sh
# Print one hand-made digest credentials header (no trailing newline), for sipp's
# [file name=...] keyword. The response is a real MD5 digest (RFC 2617, qop=auth) over
# the realm as written in the header, i.e. what a client believing that realm computes.
# usage: digest.sh HEADER USER PASSWORD REALM METHOD URI NONCE NC CNONCE
set -eu
h=$1 user=$2 pass=$3 realm=$4 method=$5 uri=$6 nonce=$7 nc=$8 cnonce=$9
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
ha1=$(md5 "$user:$realm:$pass")
ha2=$(md5 "$method:$uri")
resp=$(md5 "$ha1:$nonce:$nc:$cnonce:auth:$ha2")
printf '%s: Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=MD5, cnonce="%s", qop=auth, nc=%s' \
    "$h" "$user" "$realm" "$nonce" "$uri" "$resp" "$cnonce" "$nc"
