# Build a .expect file from a hand-written story and stock tshark fields.
# Usage: awk -f expect.awk STORY FIELDS
#
# STORY (hand-written, one line per SIP message in capture order):
#   # desc: one-line description           (used by generate.sh for the header)
#   <n> <METHOD|status> role=... [flow=..] [answers=@k] [challenge=@k] [attempt=..] [of=@k] [relay_of=@k]
#       [challenges=@j,@k]   (a request whose credentials answer several challenges: all of them,
#                             in increasing order; challenge=@k is the latest)
#   problem <name> @<k>
#   credentials username=U realm=R password=P   (the password the server holds for U in realm R;
#                                          copied as is, before the msg lines)
# <n> is the position of the message among the SIP messages of the capture (1, 2, ...);
# @k means "the frame of SIP message k" and is replaced by that frame number.
#
# FIELDS (tab-separated, one line per SIP message, from tshark -T fields):
#   frame.number sip.Method sip.Status-Code sip.r-uri sip.Call-ID sip.from.tag sip.to.tag
#   sip.CSeq.seq sip.CSeq.method sip.resend sip.msg_hdr
# sip.msg_hdr is the raw header block with CR LF shown as the two-character escapes \r\n.
# The top Via and every WWW-Authenticate / Proxy-Authenticate / Authorization /
# Proxy-Authorization value are parsed here from that raw text.

function fail(msg) { print "expect.awk: " msg > "/dev/stderr"; failed = 1; exit 1 }

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

function nospace(k, v) {
    if (v ~ /[ \t]/) fail("value of " k " contains a space: " v)
    return v
}

# replace @k by the frame of SIP message k
function ref(v,   k, n, parts, out, i) {
    if (v ~ /^@[0-9]+(,@[0-9]+)+$/) {           # a list: challenges=@2,@6
        n = split(v, parts, ",")
        for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") ref(parts[i])
        return out
    }
    if (v !~ /^@[0-9]+$/) return v
    k = substr(v, 2) + 0
    if (!(k in frame_of)) fail("story refers to message " k " which is not in the capture")
    return frame_of[k]
}

# split a header value into comma-separated items, respecting double quotes
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

function unquote(v) {
    v = trim(v)
    if (v ~ /^".*"$/) {
        v = substr(v, 2, length(v) - 2)
        gsub(/\\"/, "\"", v)
    }
    return v
}

# print one auth line per challenge/credentials in header value v
function emit_auth(frame, hname, v,   items, n, i, it, line, eq, pname, pval, sp, first) {
    n = split_items(v, items)
    line = ""
    for (i = 1; i <= n; i++) {
        it = items[i]
        if (it == "") continue
        eq = index(it, "=")
        sp = match(it, /[ \t]/)
        # a new challenge starts with a scheme token: "Digest realm=..." or a lone "Digest"
        if ((sp > 0 && (eq == 0 || sp < eq)) || eq == 0) {
            if (line != "") print line
            if (sp > 0) { first = substr(it, 1, sp - 1); it = trim(substr(it, sp + 1)) }
            else { first = it; it = "" }
            line = "auth frame=" frame " header=" hname " scheme=" first
            if (it == "") continue
            eq = index(it, "=")
        }
        if (line == "") fail("frame " frame ": " hname " value does not start with a scheme: " v)
        if (eq == 0) { line = line " " nospace("token68", it); continue }
        pname = tolower(trim(substr(it, 1, eq - 1)))
        pval = unquote(substr(it, eq + 1))
        line = line " " pname "=" nospace(pname, pval)
    }
    if (line != "") print line
}

FNR == NR {                                   # the story
    sub(/\r$/, "")
    if ($0 ~ /^[ \t]*(#|$)/) next
    if ($1 == "problem") { nprob++; prob_name[nprob] = $2; prob_ref[nprob] = $3; next }
    if ($1 == "credentials") {
        if (NF != 4 || $2 !~ /^username=[^ ]+$/ || $3 !~ /^realm=[^ ]+$/ || $4 !~ /^password=[^ ]+$/)
            fail("bad credentials line: " $0)
        ncred++; cred_line[ncred] = $1 " " $2 " " $3 " " $4; next
    }
    if ($1 !~ /^[0-9]+$/) fail("bad story line: " $0)
    nstory++
    if ($1 + 0 != nstory) fail("story lines must be numbered 1, 2, ... in order; got " $1 " at line " nstory)
    story_kind[nstory] = $2
    extra = ""
    for (i = 3; i <= NF; i++) extra = extra " " $i
    story_extra[nstory] = extra
    next
}

{                                             # a SIP message from tshark
    split($0, f, "\t")
    nmsg++
    frame_of[nmsg] = f[1]
    line_of[nmsg] = $0
}

END {
    if (failed) exit 1
    if (nmsg != nstory)
        fail("capture has " nmsg " SIP messages, story describes " nstory)
    for (i = 1; i <= ncred; i++) print cred_line[i]
    for (m = 1; m <= nmsg; m++) {
        split(line_of[m], f, "\t")
        frame = f[1]; method = f[2]; status = f[3]; ruri = f[4]; callid = f[5]
        ftag = f[6]; ttag = f[7]; cseq = f[8]; cmeth = f[9]; resend = f[10]; hdr = f[11]
        kind = (method != "") ? method : status
        if (kind != story_kind[m])
            fail("message " m " (frame " frame ") is " kind ", story says " story_kind[m])

        # header lines; unfold continuation lines
        nh = split(hdr, raw, /\\r\\n/)
        nl = 0
        for (i = 1; i <= nh; i++) {
            if (raw[i] == "") continue
            if (raw[i] ~ /^[ \t]/ && nl > 0) { hl[nl] = hl[nl] " " trim(raw[i]); continue }
            hl[++nl] = raw[i]
        }
        topvia = ""
        for (i = 1; i <= nl; i++) {
            c = index(hl[i], ":")
            hn = tolower(trim(substr(hl[i], 1, c - 1)))
            if (hn == "via" || hn == "v") { topvia = trim(substr(hl[i], c + 1)); break }
        }
        if (topvia == "") fail("frame " frame ": no Via")
        split_items(topvia, vi)              # first value of a comma-joined Via header
        topvia = vi[1]
        split(topvia, vw, /[ \t]+/)
        sentby = vw[2]; sub(/;.*/, "", sentby)
        branch = ""
        nparam = split(topvia, vp, ";")
        for (i = 2; i <= nparam; i++) {
            p = trim(vp[i])
            if (tolower(substr(p, 1, 7)) == "branch=") branch = substr(p, 8)
        }
        rs = (resend == "1" || resend == "True" || resend == "TRUE") ? 1 : 0

        out = "msg frame=" frame
        if (method != "") out = out " method=" method " ruri=" nospace("ruri", ruri)
        else out = out " status=" status
        out = out " call_id=" nospace("call_id", callid)
        if (ftag != "") out = out " from_tag=" nospace("from_tag", ftag)
        if (ttag != "") out = out " to_tag=" nospace("to_tag", ttag)
        out = out " cseq=" cseq " cseq_method=" cmeth
        if (branch != "") out = out " branch=" nospace("branch", branch)
        out = out " sent_by=" nospace("sent_by", sentby) " resend=" rs

        ne = split(story_extra[m], ex, " ")
        for (i = 1; i <= ne; i++) {
            c = index(ex[i], "=")
            out = out " " substr(ex[i], 1, c) ref(substr(ex[i], c + 1))
        }
        print out

        for (i = 1; i <= nl; i++) {
            c = index(hl[i], ":")
            hn = tolower(trim(substr(hl[i], 1, c - 1)))
            if (hn == "www-authenticate") hname = "WWW-Authenticate"
            else if (hn == "proxy-authenticate") hname = "Proxy-Authenticate"
            else if (hn == "authorization") hname = "Authorization"
            else if (hn == "proxy-authorization") hname = "Proxy-Authorization"
            else continue
            emit_auth(frame, hname, trim(substr(hl[i], c + 1)))
        }
    }
    for (i = 1; i <= nprob; i++)
        print "problem name=" prob_name[i] " frame=" ref(prob_ref[i])
}
