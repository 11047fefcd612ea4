#!/usr/bin/env bash
# The plugin of this build loads into tshark and registers its protocol and
# every public filter name.  Every capture test depends on this one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded
echo "ok: sipauth loaded from the build tree"
