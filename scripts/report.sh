# report.sh - sourced by scripts/analyse and its test: the readable report.
#
# sipauth_report TSHARK CAPTURE [TSHARK-OPTION...]
#   TSHARK: the command or shell function that runs tshark (the tests run it
#   as nobody with the build's plugin).  Prints the report (report.awk) with
#   the ladder of each problem flow.  Returns 0, or 1 when an error-level
#   finding was reported, or 2 when the capture could not be read to its end:
#   unreadable or without a single packet (nothing printed but the reason, on
#   stderr), or cut short (the report on what was read, then a last line that
#   says where it stops).  A script must not take a cut capture for a clean one.
sipauth_report() {
    local run=$1 capture=$2; shift 2
    local here; here=$(dirname "${BASH_SOURCE[0]}")
    local work; work=$(mktemp -d)
    # Two passes: findings about a frame can depend on later frames.
    local read_status=0
    "$run" -2 -r "$capture" "$@" -Y sipauth.flow -T pdml 2>"$work/err" >"$work/pdml" || read_status=$?
    # tshark says nothing about an empty file, and nothing tells the frames it
    # read from the frames it showed: one more pass, only when it failed or
    # found no auth, gives the last frame read.
    local last=""
    if [ "$read_status" != 0 ] || ! grep -q '<field name="sipauth.flow"' "$work/pdml"; then
        last=$("$run" -r "$capture" "$@" -T fields -e frame.number -e frame.time 2>/dev/null | tail -n 1) || true
        if [ -z "$last" ]; then
            if [ "$read_status" != 0 ]; then
                echo "analyse: tshark cannot read $capture:" >&2
                grep -v '^Running as user' "$work/err" >&2 || true
            else
                echo "analyse: $capture holds no packets" >&2
            fi
            rm -rf "$work"
            return 2
        fi
    fi
    # The ladder of each problem flow (the first 50), in one more run.
    local problems
    problems=$(awk -v mode=problems -f "$here/report.awk" "$work/pdml" | cut -d, -f1-50)
    : > "$work/ladders"
    if [ -n "$problems" ]; then
        "$run" -2 -r "$capture" "$@" -q -z "flow,sipauth,standard,sipauth.flow in {$problems}" \
            > "$work/ladders" 2>/dev/null || true
    fi
    local status=0
    awk -v ladders="$work/ladders" -v last="$last" -f "$here/report.awk" "$work/pdml" || status=$?
    if [ "$read_status" != 0 ]; then
        # The frames read are reported above; say where and why it stops.
        printf 'INCOMPLETE: tshark stopped after frame %s (%s):\n' "${last%%$'\t'*}" "${last#*$'\t'}"
        grep -v '^Running as user' "$work/err" | sed 's/^/  /' || true
        grep -v '^Running as user' "$work/err" >&2 || true
        status=2
    fi
    rm -rf "$work"
    return $status
}
