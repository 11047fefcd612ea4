#!/bin/bash
# smoke.sh - start the Wireshark GUI under Xvfb with the sipauth plugin of this
# build tree and the SIP-Auth profile, open a capture, look at what the user
# sees, and quit; fail unless the plugin was loaded *and* dissected frames
# inside that GUI process, and the window shows the findings.
#
# Proof that the plugin is there (not pixels):
#   1. /proc/<pid>/maps of the wireshark process maps sipauth.so from the staged
#      plugin folder (so it is this build's plugin, not an installed one);
#   2. a Lua probe loaded into the same process (-X lua_script:) asks for the field
#      sipauth.flow (Field.new fails when no plugin registered it) and writes one
#      line per frame that has a sipauth tree while the GUI reads the capture.
# Then, from screenshots of the Xvfb screen (ImageMagick's import), with the
# main window placed at 0,0 and sized 1280x800:
#   3. the expert indicator at the left end of the status bar has the colour of
#      the capture's worst finding (red: Error, yellow: Warning) on a plain open,
#      with no display filter applied: the status bar takes the file's highest
#      expert severity when the load ends, so sipauth must have marked it by
#      then (issue 18: it stayed grey until a filter was applied);
#   4. captures of 10 frames or more: the No. cell of the last frame shows its
#      digits, not an ellipsis (the profile's No. column was too narrow).
# Colours are compared by dominant hue, not by exact values, so that another
# Qt style or anti-aliasing does not matter.
# Then Ctrl+Q must end the GUI with exit status 0, and the column widths
# Wireshark writes back into the profile's recent file must be the profile's
# (so the GUI applied them, rather than its own defaults).
#
# Wireshark ignores WIRESHARK_PLUGIN_DIR (and Lua) as root, so as root the GUI and
# its X server run as nobody, like tests/capture/tshark_with_plugin.sh does.
#
# Needs: SIPAUTH_PLUGIN_DIR (the build tree's wsplugins/), and the Debian packages
# wireshark-qt, xvfb, xdotool and imagemagick; without them it exits 77 (ctest:
# skipped).
# Usage: smoke.sh [capture [error|warning]]
#   default: captures/invite-407-ack-missing.pcapng (14 frames, ack_missing is
#   an Error), error.  The second argument is the capture's worst severity.
# SIPAUTH_GUI_TIMEOUT (s, default 60) bounds each wait; the indicator gets
# SIPAUTH_GUI_INDICATOR_WAIT (s, default 20) after the file is loaded.
# SIPAUTH_GUI_PROFILE: another profile folder to test (default profiles/SIP-Auth).
# SIPAUTH_GUI_SHOT: a file to keep the last screenshot in (for a look by eye).
set -u

here=$(cd "$(dirname "$0")" && pwd)
capture=${1:-$here/../../captures/invite-407-ack-missing.pcapng}
severity=${2:-error}
profile=${SIPAUTH_GUI_PROFILE:-$here/../../profiles/SIP-Auth}
timeout_s=${SIPAUTH_GUI_TIMEOUT:-60}
indicator_wait=${SIPAUTH_GUI_INDICATOR_WAIT:-20}
W=1280 H=800
case $severity in
    error) want_hue=red ;;
    warning) want_hue=yellow ;;
    *) echo "FAIL: severity must be error or warning, not '$severity'" >&2; exit 1 ;;
esac

missing=()
command -v wireshark >/dev/null || missing+=(wireshark)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
command -v import >/dev/null && command -v convert >/dev/null || missing+=(imagemagick)
if [ ${#missing[@]} -gt 0 ]; then
    echo "SKIP: the GUI smoke test needs the Debian packages: ${missing[*]}" >&2
    echo "      (apt-get install --no-install-recommends wireshark xvfb xdotool imagemagick)" >&2
    exit 77
fi
[ -n "${SIPAUTH_PLUGIN_DIR:-}" ] || { echo "FAIL: SIPAUTH_PLUGIN_DIR is not set" >&2; exit 1; }
[ -d "$SIPAUTH_PLUGIN_DIR" ] || { echo "FAIL: no folder $SIPAUTH_PLUGIN_DIR" >&2; exit 1; }
[ -r "$capture" ] || { echo "FAIL: cannot read $capture" >&2; exit 1; }
[ -r "$profile/recent" ] || { echo "FAIL: no profile at $profile" >&2; exit 1; }
frames=$(capinfos -c -M "$capture" | awk '/Number of packets/ { print $NF }')

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

# --- stage: plugin, capture, profile, Lua probe, HOME and XDG_RUNTIME_DIR ----------
cp -r "$SIPAUTH_PLUGIN_DIR" "$stage/plugins"
cap="$stage/$(basename "$capture")"
cp "$capture" "$cap"
mkdir -p "$stage/home/.config/wireshark/profiles" "$stage/run"
cp -r "$profile" "$stage/home/.config/wireshark/profiles/SIP-Auth"
# Where the main window goes and how big it is: the pixel checks find the status
# bar and the packet list from this geometry.
cat >"$stage/home/.config/wireshark/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $W
gui.geometry_main_height: $H
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
EOF
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
    chown -R 65534:65534 "$stage/run" "$stage/home"
fi

# --- X server: a free display, chosen by Xvfb itself --------------------------------
"${as_user[@]}" Xvfb -displayfd 3 -screen 0 ${W}x${H}x24 -nolisten tcp \
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
    wireshark -C SIP-Auth -X "lua_script:$stage/probe.lua" -r "$cap" >"$stage/wireshark.log" 2>&1 &
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

# --- what the window shows: screenshots -----------------------------------------
xdotool windowmove "$win" 0 0 windowsize "$win" "$W" "$H"
sleep 1
geometry() {    # sets wx wy ww wh: the main window on the screen (no window manager here)
    local k v
    wx="" wy="" ww="" wh=""
    while IFS== read -r k v; do
        case $k in X) wx=$v ;; Y) wy=$v ;; WIDTH) ww=$v ;; HEIGHT) wh=$v ;; esac
    done < <(xdotool getwindowgeometry --shell "$win")
    [ -n "$wx" ] && [ -n "$wy" ] && [ -n "$ww" ] && [ -n "$wh" ] || fail "no geometry for window $win"
}
screenshot() {
    import -window root "$stage/screen.png" 2>>"$stage/import.log" || fail "import could not take a screenshot"
    if [ -n "${SIPAUTH_GUI_SHOT:-}" ]; then cp "$stage/screen.png" "$SIPAUTH_GUI_SHOT"; fi
}
pixels() {      # pixels X Y W H: "x y r g b" for each pixel of that part of the screenshot
    convert "$stage/screen.png" -crop "${3}x${4}+${1}+${2}" +repage -depth 8 txt:- |
        awk -F'[(),: ]+' 'NR > 1 { print $1, $2, $3, $4, $5 }'
}
# The dominant hue of the coloured pixels read from pixels (greys, white and
# black have none), as a name: red, orange, yellow, green, blue, magenta; "grey"
# when fewer than MIN pixels have that hue.  Prints "name count/total".
dominant_hue() {    # dominant_hue MIN
    awk -v min="$1" '
        { total++
          r = $3; g = $4; b = $5
          mx = r; if (g > mx) mx = g; if (b > mx) mx = b
          mn = r; if (g < mn) mn = g; if (b < mn) mn = b
          d = mx - mn
          if (d < 50) next
          if (mx == r) h = 60 * (g - b) / d; else if (mx == g) h = 60 * ((b - r) / d + 2); else h = 60 * ((r - g) / d + 4)
          if (h < 0) h += 360
          if (h < 25 || h >= 335) c = "red"; else if (h < 45) c = "orange"; else if (h < 75) c = "yellow"
          else if (h < 165) c = "green"; else if (h < 260) c = "blue"; else c = "magenta"
          n[c]++ }
        END { best = "grey"; bn = 0
              for (c in n) if (n[c] > bn) { best = c; bn = n[c] }
              if (bn < min) best = "grey"
              printf "%s %d/%d\n", best, bn, total }'
}

# Check 3: the expert indicator.  The status bar is the bottom strip of the main
# window; the indicator (a 16-pixel disc, grey when there is no expert info) is
# its first widget.  Its colour is taken once the file has been read, without
# any click, key or filter: poll until the wanted hue shows or the wait is over.
geometry
ind_x=$wx ind_y=$((wy + wh - 26)) seen=""
for _ in $(seq $((indicator_wait * 2))); do
    screenshot
    seen=$(pixels "$ind_x" "$ind_y" 30 26 | dominant_hue 40)
    [ "${seen%% *}" = "$want_hue" ] && break
    sleep 0.5
done
[ "${seen%% *}" = "$want_hue" ] ||
    fail "the status bar's expert indicator is ${seen%% *} (${seen#* } pixels), not $want_hue, ${indicator_wait}s after opening $(basename "$cap") (worst finding: $severity) without a display filter"
echo "ok: the status bar's expert indicator is $want_hue on a plain open ($severity; ${seen#* } pixels of 30x26 at $ind_x,$ind_y)"

# Check 4: the No. column fits the frame numbers.  Go to the last frame (Ctrl+End
# selects it), find its row by the selection colour (a saturated blue) at the
# packet list's left edge, and look at the ink of the No. cell: white glyphs on
# that blue.  An ellipsis is dots, at most 3 pixels tall; digits are twice that.
no_width=$(awk -F'[ ,]+' '$2 == "%m" { print $3 }' "$profile/recent")
[ -n "$no_width" ] || fail "no width for the No. column (%m) in $profile/recent"
if [ "${frames:-0}" -ge 10 ]; then
    xdotool windowfocus --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
    xdotool key --clearmodifiers ctrl+End
    row=""
    for _ in $(seq 20); do
        sleep 0.5
        screenshot
        # the longest run of selection-blue pixels down the column x = wx + 3
        row=$(pixels $((wx + 3)) "$wy" 1 "$wh" |
              awk '{ mn = $3 < $4 ? $3 : $4
                     if ($5 >= $3 && $5 >= $4 && $5 - mn > 100) { if (!run) start = $2; run++ }
                     else { if (run > best) { best = run; bs = start }; run = 0 } }
                   END { if (run > best) { best = run; bs = start }
                         if (best >= 12 && best <= 40) print bs, best }')
        [ -n "$row" ] && break
    done
    [ -n "$row" ] || fail "no selected row (frame $frames) in the packet list after Ctrl+End"
    read -r row_y row_h <<<"$row"
    # ink: light pixels (min(r,g,b) >= 150) of the No. cell, inside 2-pixel
    # margins; glyphs: runs of columns with ink, and how tall each is.
    cell=$(pixels $((wx + 2)) $((wy + row_y)) $((no_width - 4)) "$row_h" |
           awk '{ mn = $3; if ($4 < mn) mn = $4; if ($5 < mn) mn = $5
                  if (mn >= 150) { if (!($1 in top) || $2 < top[$1]) top[$1] = $2
                                   if (!($1 in bot) || $2 > bot[$1]) bot[$1] = $2 } }
                END { dots = 0; tall = 0
                      for (x = 0; x <= 1000; x++) {
                          if (x in top) { if (!open) { open = 1; t = top[x]; b = bot[x] }
                                          if (top[x] < t) t = top[x]; if (bot[x] > b) b = bot[x] }
                          else if (open) { open = 0; if (b - t + 1 <= 3) dots++; else tall++ } }
                      print tall, dots }')
    read -r tall dots <<<"$cell"
    [ "$dots" = 0 ] && [ "$tall" -ge 1 ] ||
        fail "the No. cell of frame $frames ($no_width px wide) shows $dots dot(s) and $tall digit-sized glyph(s): an ellipsis, the No. column is too narrow"
    echo "ok: the No. cell of frame $frames shows $tall digit-sized glyph(s), no ellipsis (No. is $no_width px)"
else
    echo "ok: $(basename "$cap") has $frames frames (< 10): the No. column is not checked with it"
fi

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
# Wireshark writes the widths of its packet list into the profile's recent on
# exit: the profile's own widths, if it applied them.
widths() { sed -n '/^column\.width:/,/^$/p' "$1" | grep -o '[0-9][0-9]*,\{0,1\}$' | tr -d ,; }
written="$stage/home/.config/wireshark/profiles/SIP-Auth/recent"
[ "$(widths "$written")" = "$(widths "$profile/recent")" ] ||
    fail "the GUI did not keep the profile's column widths: it wrote $(widths "$written" | tr '\n' ' ')instead of $(widths "$profile/recent" | tr '\n' ' ')"
echo "ok: the GUI kept the profile's $(widths "$profile/recent" | wc -l) column widths"
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
printf 'ok: wireshark quit with status 0 (%d.%03ds in all)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
