# ladder_from_tshark.awk - tshark -z flow,sipauth,... text back into
# "<label> | <comment>" lines, findings sorted by name, so that it compares
# with ladder_expected.awk.  Each message is two lines: "|time| label |comment"
# and the arrow "(port) ---> (port)", which must follow.  The comment must
# start right after a column bar: a label run into it ("REGISTER #11: #1",
# what a one-column graph gave) is an error.  The label is cut to its
# "<method or status> #<flow>" (the text ladder cuts it at 20 characters; the
# comment names every problem anyway).  -v keep="name ...": the findings
# compared (others are dropped from the comment).
BEGIN { n = split(keep, s, " "); for (i = 1; i <= n; i++) kept[s[i]] = 1 }
/^([0-9]+ +)?\|[0-9.]+ *\|/ {
    line = $0
    sub(/^([0-9]+ +)?\|[0-9.]+ *\|/, "", line)
    # (roles and "copy of" are lower-case words after the flow)
    if (!match(line, /\|[0-9]+: #[0-9]+ [a-z]+/)) { print "label runs into the comment, or unparsed: " $0; bad = 1; next }
    label = substr(line, 1, RSTART - 1); comment = substr(line, RSTART + 1)
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
