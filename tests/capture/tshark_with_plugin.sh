# tshark_with_plugin.sh - sourced by the capture tests: run tshark with the
# sipauth plugin of this build tree, and nothing else of ours.
#
# Wireshark ignores WIRESHARK_PLUGIN_DIR and personal plugin folders when it
# runs as root (CI runs as root), so as root tshark runs as nobody.  The
# plugin is staged in a private world-readable folder and captures are fed
# on stdin, so nobody never needs to read the checkout (which may sit under
# a 0700 home).  HOME points at the staging folder: no personal plugin or
# profile of the caller can interfere.
#
# Needs: SIPAUTH_PLUGIN_DIR (the build tree's wsplugins/, laid out as
# <major.minor>/epan/sipauth.so).
# Optional: SIPAUTH_TSHARK_ENV, blank-separated NAME=VALUE words added to
# tshark's otherwise empty environment (values cannot hold blanks), e.g.
# LD_PRELOAD=<libasan.so> ASAN_OPTIONS=... for a sanitized plugin.

sipauth_stage=""

sipauth_stage_plugin() {
    [ -n "${SIPAUTH_PLUGIN_DIR:-}" ] || { echo "SIPAUTH_PLUGIN_DIR is not set" >&2; return 1; }
    [ -n "$(find "$SIPAUTH_PLUGIN_DIR" -name 'sipauth.so' 2>/dev/null)" ] ||
        { echo "no sipauth.so under $SIPAUTH_PLUGIN_DIR: was the plugin built?" >&2; return 1; }
    sipauth_stage=$(mktemp -d "${TMPDIR:-/tmp}/sipauth-test.XXXXXX")
    cp -r "$SIPAUTH_PLUGIN_DIR" "$sipauth_stage/plugins"
    mkdir -p "$sipauth_stage/home"
    chmod -R a+rwX "$sipauth_stage"
    trap 'rm -rf "$sipauth_stage"' EXIT
}

# sipauth_stage_capture FILE: a copy of FILE that tshark can open as nobody
# (two-pass analysis needs random access, so stdin will not do).
sipauth_stage_capture() {
    local copy="$sipauth_stage/$(basename "$1")"
    cp "$1" "$copy" && chmod a+r "$copy" && printf '%s\n' "$copy"
}

# sipauth_tshark ARGS... : tshark with the staged plugin; stdin passes through.
sipauth_tshark() {
    local extra=()
    [ -z "${SIPAUTH_TSHARK_ENV:-}" ] || read -r -a extra <<<"$SIPAUTH_TSHARK_ENV"
    local run=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
               WIRESHARK_PLUGIN_DIR="$sipauth_stage/plugins" HOME="$sipauth_stage/home"
               ${extra[@]+"${extra[@]}"} tshark "$@")
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "${run[@]}"
    else
        "${run[@]}"
    fi
}

# sipauth_assert_loaded: fail unless the staged plugin is what tshark loads.
sipauth_assert_loaded() {
    local plugins
    plugins=$(sipauth_tshark -G plugins 2>&1)
    if ! grep -q "sipauth.so.*$sipauth_stage/plugins" <<<"$plugins"; then
        echo "FAIL: tshark did not load sipauth.so from $sipauth_stage/plugins" >&2
        echo "$plugins" | grep -i -e sipauth -e error >&2
        return 1
    fi
    if ! sipauth_tshark -G protocols 2>/dev/null | cut -f3 | grep -qx sipauth; then
        echo "FAIL: tshark -G protocols does not list sipauth" >&2
        return 1
    fi
}

# sipauth_table_from EXPECT: fills the array `table` with one -o option per
# `credentials` line of an expectation file (the server's truth, given to the
# plugin as its sipauth_credentials table).
sipauth_table_from() {
    table=()
    local _ user realm password
    while read -r _ user realm password; do
        table+=(-o "uat:sipauth_credentials:\"${user#username=}\",\"${realm#realm=}\",\"${password#password=}\",\"\"")
    done < <(grep '^credentials ' "$1" || true)
}
