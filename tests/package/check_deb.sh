#!/usr/bin/env bash
# check_deb.sh SOURCE_DIR - the .deb: built by CPack from a fresh build tree,
# it holds the plugin in Wireshark's global plugin folder for this Wireshark
# version and the SIP-Auth profile in the global profiles folder; unpacked
# into a scratch root, its plugin loads into tshark; dpkg accepts it on this
# machine (dpkg --no-act: checks dependencies and conflicts, changes nothing).
set -eu
src=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/sipauth-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake -S "$src" -B "$work/build" -DBUILD_TESTING=OFF -DSIPAUTH_INSTALL_GLOBAL=ON >/dev/null
cmake --build "$work/build" --parallel "$(nproc)" >/dev/null
(cd "$work/build" && cpack >/dev/null)
deb=$(ls "$work"/build/wireshark-sipauth_*.deb)
ver=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
libdir=$(pkg-config --variable=plugindir wireshark)

contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -v '/$' | sort)
want=$(printf '%s\n' ".$libdir/epan/sipauth.so" \
    ./usr/share/wireshark/profiles/SIP-Auth/colorfilters \
    ./usr/share/wireshark/profiles/SIP-Auth/dfilter_buttons \
    ./usr/share/wireshark/profiles/SIP-Auth/preferences \
    ./usr/share/doc/wireshark-sipauth/README.md \
    $(cd "$src" && ls docs/*.md docs/screenshots/*.png | sed 's|^|./usr/share/doc/wireshark-sipauth/|') | sort)
missing=$(comm -23 <(echo "$want") <(echo "$contents"))
[ -z "$missing" ] || { echo "FAIL: $(basename "$deb") lacks: $missing"; echo "$contents"; exit 1; }
case "$libdir" in */plugins/"$ver") ;; *) echo "FAIL: plugin folder $libdir is not for Wireshark $ver"; exit 1 ;; esac
dpkg-deb -f "$deb" Depends | grep -q "wireshark-common (>= $ver)" ||
    { echo "FAIL: Depends does not pin Wireshark $ver: $(dpkg-deb -f "$deb" Depends)"; exit 1; }

# The packaged plugin loads (from the unpacked tree, as tshark_with_plugin.sh does it).
dpkg-deb -x "$deb" "$work/root"
. "$(dirname "$0")/../capture/tshark_with_plugin.sh"
mkdir -p "$work/plugins/$ver/epan" && cp "$work/root$libdir/epan/sipauth.so" "$work/plugins/$ver/epan/"
SIPAUTH_PLUGIN_DIR="$work/plugins" sipauth_stage_plugin
trap 'rm -rf "$work" "$sipauth_stage"' EXIT
sipauth_assert_loaded

if [ "$(id -u)" = 0 ]; then
    dpkg --no-act -i "$deb" >/dev/null || { echo "FAIL: dpkg --no-act -i refuses $(basename "$deb")"; exit 1; }
fi
echo "ok: $(basename "$deb") ($(stat -c %s "$deb") bytes) holds the plugin and the profile, loads, and dpkg accepts it"
