# report.awk - the readable report of scripts/analyse, from tshark -2 -T pdml
# of the frames sipauth marked.  One block per auth flow: a header with its
# realms and users, its messages (frame, time since the flow's first message,
# method or status, role, source -> destination), then every finding with the
# advice that goes with it, and for a problem flow (a warning or error, or not
# accepted) its ladder.  Responses not checked for want of a password are
# summed up once at the end, with the option that gives the passwords, rather
# than under every retry.  Exits 1 when an error-level finding was reported.
#   -v mode=problems   print only the problem flows' numbers, comma-separated
#   -v ladders=FILE    tshark -z flow,sipauth,standard of those flows
#   -v last="N\tTIME"  the last frame tshark read (given when no flow was found)
function attr(line, key,    m) {
    if (!match(line, " " key "=\"[^\"]*\"")) return ""
    m = substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4)
    gsub(/&quot;/, "\"", m); gsub(/&#x27;/, "\047", m); gsub(/&apos;/, "\047", m)
    gsub(/&lt;/, "<", m); gsub(/&gt;/, ">", m); gsub(/&amp;/, "\\&", m)
    return m
}
# "a, b" lists of distinct values, in order of appearance
function add_to(list, v) { return index(", " list ", ", ", " v ", ") ? list : (list == "" ? v : list ", " v) }
function endpoint(host, port) { return (host == "" ? "?" : host) (port == "" ? "" : ":" port) }
# One message line of the current flow, once its sipauth tree has been read.
function flush_message() {
    if (flow == "") return
    lines[flow] = lines[flow] sprintf("    %6s  %+10.6f  %-8s %-12s %s -> %s%s%s\n", frame, time - t0[flow], what, role,
                                      endpoint(src, sport), endpoint(dst, dport), attrs, notes)
    flow = ""; role = ""; attrs = ""; notes = ""
}
/<field name="frame.number"/ { flush_message(); frame = attr($0, "show"); what = ""; src = dst = sport = dport = ""; next }
/<field name="frame.time_relative"/ { time = attr($0, "show"); next }
# The innermost addresses and ports are the SIP message's (the last ones seen).
/<field name="ip\.(src|dst)"/ { if (attr($0, "name") == "ip.src") src = attr($0, "show"); else dst = attr($0, "show"); next }
/<field name="ipv6\.(src|dst)"/ { if (attr($0, "name") == "ipv6.src") src = "[" attr($0, "show") "]"; else dst = "[" attr($0, "show") "]"; next }
/<field name="(udp|tcp|sctp)\.srcport"/ { sport = attr($0, "show"); next }
/<field name="(udp|tcp|sctp)\.dstport"/ { dport = attr($0, "show"); next }
/<field name="sip.Method"/ { what = attr($0, "show"); next }
/<field name="sip.Status-Code"/ { what = attr($0, "show"); next }
/<field name="sipauth.flow"/ {
    flush_message()   # several SIP messages in one frame
    flow = attr($0, "show")
    if (!(flow in first)) { first[flow] = frame; t0[flow] = time; flows[++nflows] = flow }
    next }
/<field name="sipauth.role"/ { role = attr($0, "show"); next }
/<field name="sipauth.realm"/ { attrs = attrs " realm=" attr($0, "show"); realms[flow] = add_to(realms[flow], attr($0, "show")); next }
/<field name="sipauth.username"/ { attrs = attrs " user=" attr($0, "show"); users[flow] = add_to(users[flow], attr($0, "show")); next }
/<field name="sipauth.outcome"/ { outcome[flow] = attr($0, "show"); next }
/<field name="_ws.expert"/ { sev = attr($0, "showname"); sub(/^Expert Info \(/, "", sev); sub(/\/.*/, "", sev); next }
# No password for this user and realm (a Chat): the same line and fix under
# every retry.  Counted for the summary instead (other reasons, AKA or
# auth-int without the body, stay on their message).
/<field name="sipauth.unverifiable"/ && sev != "" && match(attr($0, "showname"), /user "[^"]*" realm "[^"]*"/) {
    split(substr(attr($0, "showname"), RSTART, RLENGTH), q, "\"")
    key = q[2] SUBSEP q[4]
    if (!(key in unchecked)) { unchecked[key] = frame; order_unchecked[++nkeys] = key }
    else unchecked[key] = add_to(unchecked[key], frame)
    nunchecked++; sev = ""
    next }
/<field name="sipauth.unverifiable"/ && sev == "Chat" {   # why a response was not checked (AKA, auth-int without the body)
    name = attr($0, "name"); msg = attr($0, "showname"); sev = ""
    notes = notes "\n            NOTE " name ": " msg
    next }
/<field name="sipauth\.[a-z_]*"/ && sev == "Chat" { sev = ""; next }   # benign: not a problem to report
/<field name="sipauth\.[a-z_]*"/ && sev != "" {
    name = attr($0, "name"); msg = attr($0, "showname"); sev_was = sev; sev = ""
    notes = notes "\n            " toupper(sev_was) " " name ": " msg
    if (sev_was == "Error") errors++; else if (sev_was == "Warning") warnings++
    if (sev_was == "Error" || sev_was == "Warning") problem[flow] = 1
    want_advice = 1; next }
/<field name="sipauth.advice"/ && want_advice {
    notes = notes "\n              fix: " attr($0, "show"); want_advice = 0; next }
/<\/packet>/ { flush_message() }
# The text ladder: with several flows each message line starts with its flow
# ("Conv." column); with one, every line is that flow's.  Its header is two
# lines (the even columns' names, then the odd ones').
function read_ladders(file,    line, cur, header) {
    while ((getline line < file) > 0) {
        if (line ~ /^(Conv\.)?\| *Time/) { header = "      " line "\n"; getline line < file; header = header "      " line "\n"; continue }
        if (line ~ /^-+$/) continue
        if (match(line, /^[0-9]+ +\|/)) cur = substr(line, 1, RLENGTH) + 0
        else if (cur == "" && line ~ /^\|[0-9.]+/) cur = single
        if (cur == "") continue
        if (!(cur in ladder)) ladder[cur] = header
        ladder[cur] = ladder[cur] "      " line "\n"
    }
    close(file)
}
function is_problem(f) { return (f in problem) || !(f in outcome) || outcome[f] != "accepted" }
function names(what, list) { return what (index(list, ", ") ? "s " : " ") (list == "" ? "-" : list) }
END {
    flush_message()
    if (mode == "problems") {
        n = 0
        for (i = 1; i <= nflows; i++) if (is_problem(flows[i])) { printf "%s%s", n++ ? ", " : "", flows[i]; single = flows[i] }
        if (n) print ""
        exit 0
    }
    if (nflows == 0) {
        split(last, l, "\t")
        printf "No SIP digest authentication found%s.\n", l[1] != "" ? " in " l[1] " frame" (l[1] == 1 ? "" : "s") : ""
        exit 0
    }
    np = 0
    for (i = 1; i <= nflows; i++) if (is_problem(flows[i])) { np++; single = flows[i] }
    if (np != 1) single = ""
    if (ladders != "") read_ladders(ladders)
    for (i = 1; i <= nflows; i++) {
        f = flows[i]
        printf "Auth flow %s (from frame %s, %s, %s): %s\n", f, first[f], names("realm", realms[f]),
               names("user", users[f]), (f in outcome) ? outcome[f] : "pending"
        printf "%s\n", lines[f]
        if (f in ladder) printf "    ladder (tshark -2 -z flow,sipauth,standard,sipauth.flow==%s):\n%s\n", f, ladder[f]
    }
    if (nunchecked) {
        printf "%d response%s not checked, no password for:", nunchecked, nunchecked == 1 ? "" : "s"
        for (k = 1; k <= nkeys; k++) {
            split(order_unchecked[k], q, SUBSEP)
            printf "%s user %s realm %s (frame%s %s)", (k > 1) ? "," : "", q[1], q[2],
                   index(unchecked[order_unchecked[k]], ",") ? "s" : "", unchecked[order_unchecked[k]]
        }
        print "."
        print "  To check them, give the passwords to tshark (after the capture for scripts/analyse):"
        for (k = 1; k <= nkeys; k++) {
            split(order_unchecked[k], q, SUBSEP)
            printf "    -o 'uat:sipauth_credentials:\"%s\",\"%s\",\"PASSWORD\",\"\"'\n", q[1], q[2]
        }
        print "  or, on a shared machine (the command line is visible to all), in the profile's"
        print "  sipauth_credentials file: see docs/verification.md."
        print ""
    }
    printf "%d auth flow%s, %d error%s, %d warning%s.\n", nflows, nflows == 1 ? "" : "s",
           errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s"
    # scripts use the exit status as a check: error-level findings fail it
    exit errors > 0 ? 1 : 0
}
