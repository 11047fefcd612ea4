# sipauth_pdml.awk - turn tshark's PDML of the sipauth tree into records in
# the format of captures/*.expect, so tests compare like with like:
#   msg frame=N method=... (what sipauth extracted: sipauth.msg.*)
#   auth frame=N header=... realm=... (one challenge or credentials: sipauth.auth.*)
#   result frame=N role=... flow=... attempt=... challenge=... [challenge_also=...] answers=... of=... retry=... ack=...
#   problem name=NAME frame=N (an expert info sipauth.NAME)
# PDML keeps one field a line with its filter name, so no XML tool is needed.
# Set -v findings="name1 name2 ..." to say which names are findings.
function attr(line, key,    m) {
    if (!match(line, " " key "=\"[^\"]*\"")) return ""
    m = substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4)
    gsub(/&quot;/, "\"", m); gsub(/&apos;/, "\047", m); gsub(/&#x27;/, "\047", m)
    gsub(/&lt;/, "<", m); gsub(/&gt;/, ">", m); gsub(/&amp;/, "\\&", m)
    return m
}
function flush() { if (rec != "") print rec; rec = "" }
BEGIN {
    n = split(findings, f, " "); for (i = 1; i <= n; i++) is_finding["sipauth." f[i]] = f[i]
    # result fields and the expectation key each one answers to
    link["sipauth.role"] = "role"; link["sipauth.flow"] = "flow"; link["sipauth.attempt"] = "attempt"
    link["sipauth.challenge_frame"] = "challenge"; link["sipauth.request_frame"] = "answers"
    link["sipauth.copy_of"] = "of"; link["sipauth.relay_of"] = "relay_of"; link["sipauth.retry_frame"] = "retry"; link["sipauth.ack_frame"] = "ack"
}
/<field name="frame.number"/ { flush(); frame = attr($0, "show"); next }
/<field name="sipauth.flow"/ { flush(); rec = "result frame=" frame }
/<field name="sipauth.msg"/ { flush(); rec = "msg frame=" frame; next }
/<field name="sipauth.auth"/ { flush(); rec = "auth frame=" frame " header=" attr($0, "show"); next }
/<field name="sipauth\.msg\./ {
    key = attr($0, "name"); sub(/^sipauth\.msg\./, "", key); val = attr($0, "show")
    if (key == "resend") val = (val == "1" || val == "True" || val == "true") ? 1 : 0
    rec = rec " " key "=" val; next }
/<field name="sipauth\.auth\.param"/ {   # "name=value, name=value": one token each
    n = split(attr($0, "show"), params, ", ")
    for (i = 1; i <= n; i++) { eq = index(params[i], "="); rec = rec " " tolower(substr(params[i], 1, eq - 1)) substr(params[i], eq) }
    next }
/<field name="sipauth\.auth\.oddity"/ { next }
/<field name="sipauth\.auth\./ {
    key = attr($0, "name"); sub(/^sipauth\.auth\./, "", key)
    rec = rec " " key "=" attr($0, "show"); next }
/<field name="sipauth\./ {
    name = attr($0, "name")
    if (name in is_finding) { print "problem name=" is_finding[name] " frame=" frame; next }
    if (name in link && rec ~ /^result/) {
        # a request answering several challenges carries challenge_frame
        # once more per other challenge (in its realm's subtree)
        if (link[name] == "challenge" && rec ~ / challenge=/) rec = rec " challenge_also=" attr($0, "show")
        else rec = rec " " link[name] "=" attr($0, "show")
    }
}
END { flush() }
