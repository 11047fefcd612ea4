# report.awk - the readable report of scripts/analyse, from tshark -2 -T pdml
# of the frames sipauth marked.  One block per auth flow: its messages, then
# every finding with the advice that goes with it, and for a problem flow
# (a warning or error, or not accepted) its ladder.  Exits 1 when an
# error-level finding was reported.
#   -v mode=problems   print only the problem flows' numbers, comma-separated
#   -v ladders=FILE    tshark -z flow,sipauth,standard of those flows
function attr(line, key,    m) {
    if (!match(line, " " key "=\"[^\"]*\"")) return ""
    m = substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4)
    gsub(/&quot;/, "\"", m); gsub(/&#x27;/, "\047", m); gsub(/&apos;/, "\047", m)
    gsub(/&lt;/, "<", m); gsub(/&gt;/, ">", m); gsub(/&amp;/, "\\&", m)
    return m
}
/<field name="frame.number"/ { frame = attr($0, "show"); what = ""; next }
/<field name="sip.Method"/ { what = attr($0, "show"); next }
/<field name="sip.Status-Code"/ { what = attr($0, "show"); next }
/<field name="sipauth.flow"/ {
    flow = attr($0, "show")
    if (!(flow in first)) { first[flow] = frame; flows[++nflows] = flow }
    lines[flow] = lines[flow] sprintf("    %6s  %-8s", frame, what); next }
/<field name="sipauth.role"/ { lines[flow] = lines[flow] sprintf(" %-12s", attr($0, "show")); next }
/<field name="sipauth.realm"/ { lines[flow] = lines[flow] " realm=" attr($0, "show"); realm[flow] = attr($0, "show"); next }
/<field name="sipauth.username"/ { lines[flow] = lines[flow] " user=" attr($0, "show"); user[flow] = attr($0, "show"); next }
/<field name="sipauth.outcome"/ { outcome[flow] = attr($0, "show"); next }
/<field name="_ws.expert"/ { sev = attr($0, "showname"); sub(/^Expert Info \(/, "", sev); sub(/\/.*/, "", sev); next }
/<field name="sipauth\.[a-z_]*"/ && sev == "Chat" { sev = ""; next }   # benign: not a problem to report
/<field name="sipauth\.[a-z_]*"/ && sev != "" {
    name = attr($0, "name"); msg = attr($0, "showname")
    lines[flow] = lines[flow] "\n            " toupper(sev) " " name ": " msg
    if (sev == "Error") errors++; else if (sev == "Warning") warnings++
    if (sev == "Error" || sev == "Warning") problem[flow] = 1
    sev = ""; want_advice = 1; next }
/<field name="sipauth.advice"/ && want_advice {
    lines[flow] = lines[flow] "\n              fix: " attr($0, "show"); want_advice = 0; next }
/<\/packet>/ { if (flow != "") lines[flow] = lines[flow] "\n"; flow = "" }
# The text ladder: with several flows each message line starts with its flow
# ("Conv." column); with one, every line is that flow's.
function read_ladders(file,    line, cur, header, n) {
    while ((getline line < file) > 0) {
        if (line ~ /^(Conv\.)?\| *Time/) { header = line; continue }
        if (line ~ /^-+$/ || line ~ /^ *\| *\| *$/) continue
        if (match(line, /^[0-9]+ +\|/)) cur = substr(line, 1, RLENGTH) + 0
        else if (cur == "" && line ~ /^\|[0-9.]+/) cur = single
        if (cur == "") continue
        if (!(cur in ladder)) ladder[cur] = "      " header "\n"
        ladder[cur] = ladder[cur] "      " line "\n"
    }
    close(file)
}
function is_problem(f) { return (f in problem) || !(f in outcome) || outcome[f] != "accepted" }
END {
    if (mode == "problems") {
        n = 0
        for (i = 1; i <= nflows; i++) if (is_problem(flows[i])) { printf "%s%s", n++ ? ", " : "", flows[i]; single = flows[i] }
        if (n) print ""
        exit 0
    }
    if (nflows == 0) { print "No SIP digest authentication found."; exit 0 }
    np = 0
    for (i = 1; i <= nflows; i++) if (is_problem(flows[i])) { np++; single = flows[i] }
    if (np != 1) single = ""
    if (ladders != "") read_ladders(ladders)
    for (i = 1; i <= nflows; i++) {
        f = flows[i]
        printf "Auth flow %s (from frame %s, realm %s, user %s): %s\n", f, first[f],
               (f in realm) ? realm[f] : "-", (f in user) ? user[f] : "-", (f in outcome) ? outcome[f] : "pending"
        printf "%s\n", lines[f]
        if (f in ladder) printf "    ladder (tshark -2 -z flow,sipauth,standard,sipauth.flow==%s):\n%s\n", f, ladder[f]
    }
    printf "%d auth flow%s, %d error%s, %d warning%s.\n", nflows, nflows == 1 ? "" : "s",
           errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s"
    # scripts use the exit status as a check: error-level findings fail it
    exit errors > 0 ? 1 : 0
}
