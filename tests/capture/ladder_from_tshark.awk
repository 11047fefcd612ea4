# ladder_from_tshark.awk - tshark -z flow,sipauth,... text back into
# "<label> | <comment>" lines, findings sorted by name, so that it compares
# with ladder_expected.awk.  Each message is two lines: "|time| label |comment"
# and the arrow "(port) ---> (port)", which must follow.  Wireshark's text
# renderer lets a long label run into the comment on one-node (loopback)
# graphs, so the comment is found by its "<frame>: #<flow> " start, and the
# label is cut to its "<method or status> #<flow>" (the comment names every
# problem anyway).  -v keep="name ...": the findings compared (others are
# dropped from the comment).
BEGIN { n = split(keep, s, " "); for (i = 1; i <= n; i++) kept[s[i]] = 1 }
/^([0-9]+ +)?\|[0-9.]+ *\|/ {
    line = $0
    sub(/^([0-9]+ +)?\|[0-9.]+ *\|/, "", line)
    if (!match(line, /[0-9]+: #[0-9]+ [a-z]+/)) { print "unparsed: " $0; bad = 1; next }
    # (roles and "copy of" are lower-case words after the flow)
    label = substr(line, 1, RSTART - 1); comment = substr(line, RSTART)
    # "REGISTER #1" + "3: #1 ..." may print as "REGISTER #13: #1 ...": then the
    # label lacks the flow number the comment starts with.
    match(comment, /#[0-9]+/); flow = substr(comment, RSTART, RLENGTH)
    if (label ~ / #$/ && index(comment, substr(flow, 2)) == 1) {
        label = label substr(flow, 2); comment = substr(comment, length(flow))
    }
    if (!match(label, /[A-Z0-9]+ #[0-9]+/)) { print "no label: " $0; bad = 1; next }
    label = substr(label, RSTART, RLENGTH)
    if (match(comment, /: [a-z_]+(, [a-z_]+)*$/) && RSTART > index(comment, "#")) {
        k = split(substr(comment, RSTART + 2), p, ", ")
        for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (p[b] < p[a]) { t = p[a]; p[a] = p[b]; p[b] = t }
        comment = substr(comment, 1, RSTART - 1)
        sep = ":"
        for (a = 1; a <= k; a++) if (p[a] in kept) { comment = comment sep " " p[a]; sep = "," }
    }
    pending = label " | " comment
    next
}
pending != "" {
    if ($0 ~ /\([0-9]+\) +(-+>|<-+) +\([0-9]+\)/) print pending
    else { print "no arrow after: " pending; bad = 1 }
    pending = ""
}
END { if (pending != "") print "no arrow after: " pending; exit bad }
