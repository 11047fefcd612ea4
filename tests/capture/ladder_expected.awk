# ladder_expected.awk - the SIP Auth ladder a scenario implies, from its
# expectation file (written from what the scenario did): one line per message
# of an auth flow, "<label> | <comment>", as flow_graph.c words them:
#   INVITE #1 | 4: #1 retry proxy "proxy.sipauth.test" user alice attempt 2 answers 2: bad_password
# Problems are the expectation's warning- and error-level ones (the ladder
# leaves notes to the Expert dialog), sorted by name.
# -v severe="name name ...": the findings of warning or error severity.
function get(k,    i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return substr($i, length(k) + 2) } return "" }
BEGIN { n = split(severe, s, " "); for (i = 1; i <= n; i++) is_severe[s[i]] = 1 }
$1 == "auth" {
    f = get("frame"); h = get("header"); r = get("realm")
    kind = (h ~ /^Proxy-/) ? "proxy" : "www"
    key = f SUBSEP kind SUBSEP r
    if (r != "" && !(key in seen)) { seen[key] = 1; realms[f] = realms[f] (realms[f] == "" ? " " : ", ") kind " \"" r "\"" }
    u = get("username"); if (u != "" && !(f in user)) user[f] = u
    next
}
$1 == "problem" {
    if (get("name") in is_severe) problems[get("frame")] = problems[get("frame")] " " get("name")
    next
}
$1 == "msg" {
    role = get("role")
    if (role == "" || role == "other") next
    f = get("frame"); order[++m] = f
    what = get("method") != "" ? get("method") : get("status")
    label[f] = what " #" get("flow")
    c = f ": #" get("flow") (role == "copy" ? "" : " " role)
    rl[f] = role; cm[f] = c
    if (get("method") == "ACK" && role == "request") ack2xx[f] = 1
    attempt[f] = get("attempt"); of[f] = get("of"); ch[f] = get("challenge"); an[f] = get("answers")
}
END {
    for (i = 1; i <= m; i++) {
        f = order[i]; c = cm[f]
        # challenges list the realms they offer; requests and retries the ones they answer
        if (rl[f] == "challenge" || rl[f] == "request" || rl[f] == "retry") {
            # an ACK of a 2xx repeats its INVITE's credentials: sipauth names their user and
            # nonce there, the realms on the INVITE
            if (!(f in ack2xx)) c = c realms[f]
            if (rl[f] != "challenge" && (f in user)) c = c " user " user[f]
        }
        if (attempt[f] != "") c = c " attempt " attempt[f]
        if (of[f] != "") c = c " copy of " of[f]
        else if (ch[f] != "" && rl[f] == "request") c = c " nonce of " ch[f]
        else if (ch[f] != "") c = c " answers " ch[f]
        else if (an[f] != "") c = c " answers " an[f]
        if (f in problems) {
            k = split(substr(problems[f], 2), p, " ")
            for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (p[b] < p[a]) { t = p[a]; p[a] = p[b]; p[b] = t }
            c = c ":"
            for (a = 1; a <= k; a++) c = c (a > 1 ? ", " : " ") p[a]
        }
        print label[f] " | " c
    }
}
