# report.sh - sourced by scripts/analyse and its test: the readable report.
#
# sipauth_report TSHARK CAPTURE [TSHARK-OPTION...]
#   TSHARK: the command or shell function that runs tshark (the tests run it
#   as nobody with the build's plugin).  Prints the report (report.awk) with
#   the ladder of each problem flow; returns report.awk's status (1: an
#   error-level finding).
sipauth_report() {
    local run=$1 capture=$2; shift 2
    local here; here=$(dirname "${BASH_SOURCE[0]}")
    local work; work=$(mktemp -d)
    # Two passes: findings about a frame can depend on later frames.
    "$run" -2 -r "$capture" "$@" -Y sipauth.flow -T pdml 2>/dev/null > "$work/pdml"
    # The ladder of each problem flow (the first 50), in one more run.
    # Wireshark's text renderer complains on stderr about one-host (loopback)
    # graphs, though it draws them: hidden.
    local problems
    problems=$(awk -v mode=problems -f "$here/report.awk" "$work/pdml" | cut -d, -f1-50)
    : > "$work/ladders"
    if [ -n "$problems" ]; then
        "$run" -2 -r "$capture" "$@" -q -z "flow,sipauth,standard,sipauth.flow in {$problems}" \
            > "$work/ladders" 2>/dev/null || true
    fi
    local status=0
    awk -v ladders="$work/ladders" -f "$here/report.awk" "$work/pdml" || status=$?
    rm -rf "$work"
    return $status
}
