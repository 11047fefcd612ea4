#!/bin/bash
# make.sh - regenerate the screenshots of docs/gui.md from the real Wireshark GUI.
#
# Wireshark 4.0 (Qt) runs under Xvfb (1280x800) with the sipauth plugin of a build
# tree and the profile profiles/SIP-Auth, on a capture of a wrong password
# (default: captures/invite-407-tls-wrong-password, 28 frames: TCP, TLS with its keys
# in the pcapng, the SIP of one flow in frames 10-22), with the user's password in the
# sipauth_credentials table so that bad_password shows (a, b, c, d), and on the whole
# corpus merged (e).
# xdotool drives it; ImageMagick's import takes the pictures:
#   packet-list.png     the packet list with the profile's columns and colours, every
#                       frame of the capture
#   packet-details.png  the sipauth tree of the first rejected retry (frame 14), expanded
#   expert-info.png     Analyze > Expert Information, Error and Warning opened
#   flow-graph.png      Statistics > Flow Graph, flow type "SIP Auth", on the same
#                       capture (on loopback sipauth gives each address:port a column)
#   statistics.png      Telephony > SIP Auth Statistics over the whole corpus
#   problem-flows.png   Telephony > SIP Auth Problem Flows over the whole corpus
#
# Usage: docs/screenshots/make.sh [capture]
# Env:   SIPAUTH_PLUGIN_DIR  the build tree's wsplugins/ (default: build/wsplugins)
#        SIPAUTH_SHOTS_DIR   where the PNGs go (default: this folder)
# Needs: wireshark (wireshark-qt on Debian 12) xvfb xdotool imagemagick (Debian packages).
#
# The clicks and key presses are for Wireshark 4.0's layout: after a Wireshark
# upgrade, look at every PNG again.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
capture=${1:-$top/captures/invite-407-tls-wrong-password.pcapng}
plugins=${SIPAUTH_PLUGIN_DIR:-$top/build/wsplugins}
out=${SIPAUTH_SHOTS_DIR:-$here}
creds='uat:sipauth_credentials:"alice","proxy.sipauth.test","alice-secret",""'
W=1280 H=800

for tool in wireshark:wireshark Xvfb:xvfb xdotool:xdotool import:imagemagick; do
    command -v "${tool%%:*}" >/dev/null ||
        { echo "make.sh needs the Debian package ${tool#*:}" >&2; exit 77; }
done
[ -n "$(find "$plugins" -name sipauth.so 2>/dev/null)" ] ||
    { echo "no sipauth.so under $plugins: build first, or set SIPAUTH_PLUGIN_DIR" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/sipauth-shots.XXXXXX")
xvfb_pid="" ws_pid=""
cleanup() {
    [ -n "$ws_pid" ] && kill -0 "$ws_pid" 2>/dev/null && { kill "$ws_pid"; sleep 1; kill -9 "$ws_pid" 2>/dev/null; }
    [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null && kill "$xvfb_pid"
    [ -n "$xvfb_pid" ] && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$stage"
}
trap cleanup EXIT

# --- stage: plugin, profile, capture; window geometry in recent_common ------------
cp -r "$plugins" "$stage/plugins"
mkdir -p "$stage/home/.config/wireshark/profiles" "$stage/run"
cp -r "$top/profiles/SIP-Auth" "$stage/home/.config/wireshark/profiles/"
cat >"$stage/home/.config/wireshark/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $W
gui.geometry_main_height: $H
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
gui.search_in: PACKET_DETAILS
gui.search_type: STRING
gui.search_case_sensitive: FALSE
EOF
cap="$stage/$(basename "$capture")"
cp "$capture" "$cap"
: >"$stage/display"
chmod -R a+rwX "$stage"
chmod 0700 "$stage/run"
as_user=()
if [ "$(id -u)" = 0 ]; then     # as root Wireshark ignores WIRESHARK_PLUGIN_DIR
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chown -R 65534:65534 "$stage/run" "$stage/home"
fi

"${as_user[@]}" Xvfb -displayfd 3 -screen 0 ${W}x${H}x24 -nolisten tcp 3>"$stage/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$stage/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -dc 0-9 <"$stage/display")"

wait_for() {    # wait_for SECONDS COMMAND...: until COMMAND succeeds
    local n=$(($1 * 5)); shift
    for _ in $(seq "$n"); do "$@" && return 0; sleep 0.2; done
    return 1
}
shot() {        # shot NAME [WINDOW]: a PNG of the window (default: the screen)
    sleep "${SETTLE:-1}"
    import -window "${2:-root}" "$out/$1.png"
    # 256 colours are plenty for a GUI, and a third of the size: they are committed
    convert "$out/$1.png" +dither -colors 256 "PNG8:$out/$1.png"
    echo "wrote $out/$1.png"
}
key() { xdotool key --clearmodifiers "$@"; sleep 0.5; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.5; }

# --- the GUI ----------------------------------------------------------------------
gui_start() {   # gui_start CAPTURE [WIRESHARK-ARGS...]: Wireshark on CAPTURE; sets ws_pid, win
    local file=$1; shift
    "${as_user[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY" \
        QT_QPA_PLATFORM=xcb HOME="$stage/home" XDG_RUNTIME_DIR="$stage/run" \
        WIRESHARK_PLUGIN_DIR="$stage/plugins" \
        wireshark -C SIP-Auth ${gui_creds[@]+"${gui_creds[@]}"} -o gui.byte_view_show:FALSE \
            -o gui.geometry_main_upper_pane:${pane:-200} "$@" -r "$file" >"$stage/wireshark.log" 2>&1 &
    ws_pid=$!
    title_re=$(basename "$file" | sed 's/[][\\.^$*+?(){}|]/\\&/g')
    win=""
    wait_for 60 find_main || { echo "no Wireshark window" >&2; cat "$stage/wireshark.log" >&2; exit 1; }
    xdotool windowmove "$win" 0 0 windowsize "$win" $W $H
    xdotool windowfocus --sync "$win"
    sleep 2
}
find_main() { win=$(xdotool search --all --onlyvisible --pid "$ws_pid" --name "$title_re" | head -n 1); [ -n "$win" ]; }
gui_quit() {    # Ctrl+Q in the main window; Wireshark must exit with status 0
    xdotool windowfocus --sync "$win"
    key ctrl+q
    wait_for 30 eval '! kill -0 "$ws_pid" 2>/dev/null' || { echo "Wireshark did not quit" >&2; exit 1; }
    wait "$ws_pid" || { echo "Wireshark exited with status $?" >&2; exit 1; }
    ws_pid=""
}
dialog() {      # dialog TITLE-REGEX: wait for a window of Wireshark's with that title; sets dlg
    dlg=""
    find_dialog() { dlg=$(xdotool search --all --onlyvisible --pid "$ws_pid" --name "$1" | head -n 1); [ -n "$dlg" ]; }
    wait_for 30 find_dialog "$1" || { echo "no window '$1'" >&2; exit 1; }
}

gui_creds=(-o "$creds")
if [ -n "${SIPAUTH_SHOTS_EXPLORE:-}" ]; then
    gui_start "$cap"
    echo "DISPLAY=$DISPLAY pid=$ws_pid win=$win; exploring until Wireshark quits"
    while kill -0 "$ws_pid" 2>/dev/null; do sleep 1; done
    exit 0
fi

# (a) the packet list, tall enough (upper pane 520 pixels) for the 28 frames of the
# default capture: frame 1 (no finding) is selected, so every colour shows.
pane=520 gui_start "$cap"
xdotool mousemove 640 720                     # in the details pane: no hover highlight on a row
shot packet-list
gui_quit

gui_start "$cap"

# (b) the first rejected retry with its sipauth tree open: Find (Ctrl+F, set to
# search the packet details for a string in recent_common above) selects the
# bad_password item and opens its parents; Shift+Right opens the item's subtrees.
key ctrl+f
xdotool type --delay 20 'likely cause'
key Return
key Escape
key shift+Right
shot packet-details

# (c) Analyze > Expert Information (the menu's last item), one row per finding
# and frame ("Group by summary" off), Error and Warning opened, Summary widened.
key alt+a
key Up
key Return
dialog 'Expert Information'
dx=10 dy=60 dw=1260 dh=300
xdotool windowmove "$dlg" $dx $dy windowsize "$dlg" $dw $dh
sleep 1
click $((dx + 208)) $((dy + dh - 55))         # untick "Group by summary"
click $((dx + 240)) $((dy + 41))              # first severity row: Error
key Down                                      # Warning (Note and Chat, TCP's, stay closed)
key Right                                     # open it
key Up
key Right                                     # open Error
key Down                                      # select the first finding, not a severity row
xdotool mousemove $((dx + 540)) $((dy + 22)) mousedown 1 mousemove $((dx + 900)) $((dy + 22)) mouseup 1
xdotool mousemove $((dx + dw / 2)) $((dy + dh - 90))   # no hover highlight on a row
SETTLE=1 shot expert-info "$dlg"
key Escape

gui_quit

# (d) Statistics > Flow Graph (clicked: the menu item has no mnemonic), flow type
# "SIP Auth" (typed into the flow type box), on the same capture.
gui_start "$cap"
key alt+s
click 356 436                                 # Flow Graph
dialog 'Flow'
sleep 1
click 676 585                                 # the flow type box, bottom centre
xdotool type --delay 30 'SIP Auth'
key Return
xdotool mousemove 1000 540                    # no hover highlight
SETTLE=2 shot flow-graph "$dlg"
key Escape
gui_quit

# (e) the statistics tables over the whole corpus (mergecap of every capture),
# opened at start-up with -z as tshark would print them.  No password: the
# scenarios use several, and the tables are about what the servers did.
gui_creds=()
corpus="$stage/corpus.pcapng"
mergecap -w "$corpus" "$top"/captures/*.pcapng 2>/dev/null
chmod a+r "$corpus"
for table in statistics:sipauth,realms:'SIP Auth Statistics' problem-flows:sipauth,flows:'SIP Auth Problem Flows'; do
    name=${table%%:*}; rest=${table#*:}; z=${rest%%:*}; title=${rest#*:}
    gui_start "$corpus" -z "$z"
    dialog "$title"
    xdotool windowmove "$dlg" 0 0 windowsize "$dlg" $W 420
    SETTLE=3 shot "$name" "$dlg"
    key Escape
    gui_quit
done
