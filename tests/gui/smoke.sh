#!/bin/bash
# smoke.sh - start the Wireshark GUI under Xvfb with the sipauth plugin of this
# build tree, open a capture, and quit; fail unless the plugin was loaded *and*
# dissected frames inside that GUI process.
#
# Proof, not pixels:
#   1. /proc/<pid>/maps of the wireshark process maps sipauth.so from the staged
#      plugin folder (so it is this build's plugin, not an installed one);
#   2. a Lua probe loaded into the same process (-X lua_script:) asks for the field
#      sipauth.flow (Field.new fails when no plugin registered it) and writes one
#      line per frame that has a sipauth tree while the GUI reads the capture.
# Then Ctrl+Q must end the GUI with exit status 0.
#
# Wireshark ignores WIRESHARK_PLUGIN_DIR (and Lua) as root, so as root the GUI and
# its X server run as nobody, like tests/capture/tshark_with_plugin.sh does.
#
# Needs: SIPAUTH_PLUGIN_DIR (the build tree's wsplugins/), and the Debian packages
# wireshark-qt, xvfb and xdotool; without them it exits 77 (ctest: skipped).
# Usage: smoke.sh [capture]   (default captures/invite-407-wrong-password.pcapng)
# SIPAUTH_GUI_TIMEOUT (s, default 60) bounds each wait.
set -u

here=$(cd "$(dirname "$0")" && pwd)
capture=${1:-$here/../../captures/invite-407-wrong-password.pcapng}
timeout_s=${SIPAUTH_GUI_TIMEOUT:-60}

missing=()
command -v wireshark >/dev/null || missing+=(wireshark)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
if [ ${#missing[@]} -gt 0 ]; then
    echo "SKIP: the GUI smoke test needs the Debian packages: ${missing[*]}" >&2
    echo "      (apt-get install --no-install-recommends wireshark xvfb xdotool)" >&2
    exit 77
fi
[ -n "${SIPAUTH_PLUGIN_DIR:-}" ] || { echo "FAIL: SIPAUTH_PLUGIN_DIR is not set" >&2; exit 1; }
[ -d "$SIPAUTH_PLUGIN_DIR" ] || { echo "FAIL: no folder $SIPAUTH_PLUGIN_DIR" >&2; exit 1; }
[ -r "$capture" ] || { echo "FAIL: cannot read $capture" >&2; exit 1; }

start_ns=$(date +%s%N)
stage=$(mktemp -d "${TMPDIR:-/tmp}/sipauth-gui.XXXXXX")
xvfb_pid="" ws_pid=""
cleanup() {
    # only the processes this script started, by pid
    [ -n "$ws_pid" ] && kill -0 "$ws_pid" 2>/dev/null && { kill "$ws_pid"; sleep 1; kill -9 "$ws_pid" 2>/dev/null; }
    [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null && kill "$xvfb_pid"
    [ -n "$xvfb_pid" ] && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$stage"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    if [ -s "$stage/wireshark.log" ]; then
        echo "--- wireshark stderr:" >&2; tail -n 30 "$stage/wireshark.log" >&2
    fi
    exit 1
}

# --- stage: plugin, capture, Lua probe, HOME and XDG_RUNTIME_DIR --------------------
cp -r "$SIPAUTH_PLUGIN_DIR" "$stage/plugins"
cap="$stage/$(basename "$capture")"
cp "$capture" "$cap"
mkdir -p "$stage/home" "$stage/run"
cat >"$stage/probe.lua" <<'EOF'
-- Runs inside the GUI process.  Without the plugin there is no field
-- sipauth.flow: say so in the output rather than in a modal error dialog.
local out = assert(os.getenv("SIPAUTH_GUI_PROBE"), "SIPAUTH_GUI_PROBE not set")
local function say(line)
    local f = assert(io.open(out, "a"))
    f:write(line, "\n")
    f:close()
end
local ok, flow = pcall(Field.new, "sipauth.flow")
if not ok then
    say("no field sipauth.flow: " .. tostring(flow))
    return
end
local tap = Listener.new("frame", "sipauth")
function tap.packet(pinfo, tvb)
    say(string.format("frame %d flow %s", pinfo.number, tostring(flow())))
end
EOF
: >"$stage/probe.out"
: >"$stage/display"
chmod -R a+rwX "$stage"
chmod 0700 "$stage/run"

as_user=()
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chown 65534:65534 "$stage/run" "$stage/home"
fi

# --- X server: a free display, chosen by Xvfb itself --------------------------------
"${as_user[@]}" Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
    3>"$stage/display" 2>"$stage/xvfb.log" &
xvfb_pid=$!
for _ in $(seq $((timeout_s * 10))); do
    [ -s "$stage/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || { cat "$stage/xvfb.log" >&2; fail "Xvfb did not start"; }
    sleep 0.1
done
[ -s "$stage/display" ] || fail "Xvfb gave no display number in ${timeout_s}s"
export DISPLAY=":$(tr -dc 0-9 <"$stage/display")"

# --- the GUI ----------------------------------------------------------------------
# setpriv and env exec, so $! is wireshark's own pid.
"${as_user[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY" \
    QT_QPA_PLATFORM=xcb HOME="$stage/home" XDG_RUNTIME_DIR="$stage/run" \
    WIRESHARK_PLUGIN_DIR="$stage/plugins" SIPAUTH_GUI_PROBE="$stage/probe.out" \
    wireshark -X "lua_script:$stage/probe.lua" -r "$cap" >"$stage/wireshark.log" 2>&1 &
ws_pid=$!

# The main window shows first (plugins load behind its splash overlay) and is
# titled after the capture once the file is read.
title_re=$(basename "$cap" | sed 's/[][\\.^$*+?(){}|]/\\&/g')
win=""
for _ in $(seq $((timeout_s * 5))); do
    if ! kill -0 "$ws_pid" 2>/dev/null; then
        status=0; wait "$ws_pid" || status=$?
        # Seen in a fresh debootstrap chroot: Xvfb runs but Qt cannot reach it.
        # That is the environment, not the plugin: skip, and say so.
        if grep -q 'could not connect to display' "$stage/wireshark.log"; then
            echo "SKIP: Qt could not connect to Xvfb's display $DISPLAY here (environment, not sipauth)" >&2
            exit 77
        fi
        fail "wireshark exited early (status $status)"
    fi
    win=$(xdotool search --all --onlyvisible --pid "$ws_pid" --name "$title_re" 2>/dev/null | head -n 1)
    [ -n "$win" ] && break
    sleep 0.2
done
[ -n "$win" ] || fail "no Wireshark window showing $(basename "$cap") after ${timeout_s}s"
echo "ok: Wireshark window $win '$(xdotool getwindowname "$win")' on $DISPLAY"

# Proof 1: this build's sipauth.so is mapped into the GUI process.
mapped=$(grep -o "/[^ ]*/sipauth\.so$" "/proc/$ws_pid/maps" | sort -u)
case "$mapped" in
    "$stage/plugins/"*) echo "ok: pid $ws_pid maps $mapped" ;;
    "") fail "sipauth.so is not mapped into wireshark (pid $ws_pid): plugin not loaded from $stage/plugins" ;;
    *) fail "wireshark mapped another sipauth.so: $mapped" ;;
esac

# Proof 2: the plugin dissected frames in the GUI: the probe wrote its lines
# during the first pass, while the file was read.
for _ in $(seq $((timeout_s * 5))); do
    [ -s "$stage/probe.out" ] && break
    sleep 0.2
done
grep -q '^frame [0-9]* flow [0-9]' "$stage/probe.out" ||
    fail "the Lua probe saw no frame with a sipauth tree: $(head -n 3 "$stage/probe.out")"
echo "ok: sipauth trees in the GUI: $(grep -c '^frame' "$stage/probe.out") frames, e.g. $(head -n 1 "$stage/probe.out")"

# --- quit as a user would: Ctrl+Q, and a clean exit --------------------------------
xdotool windowfocus --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
xdotool key --clearmodifiers ctrl+q
status=""
for _ in $(seq $((timeout_s * 5))); do
    if ! kill -0 "$ws_pid" 2>/dev/null; then wait "$ws_pid"; status=$?; break; fi
    sleep 0.2
done
[ -n "$status" ] || fail "wireshark still running ${timeout_s}s after Ctrl+Q"
ws_pid=""
[ "$status" = 0 ] || fail "wireshark exited with status $status after Ctrl+Q"
if grep -i -E 'lua.*error|segmentation|assertion|critical' "$stage/wireshark.log" >&2; then
    fail "wireshark logged errors"
fi
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
printf 'ok: wireshark quit with status 0 (%d.%03ds in all)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
