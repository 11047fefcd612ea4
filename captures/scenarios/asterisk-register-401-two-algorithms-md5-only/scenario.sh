# asterisk-register-401-two-algorithms-md5-only: sourced by generate.sh inside the private namespace
# command: asterisk -f -n -C asterisk.conf (Debian unstable chroot); baresip -f baresip -t 5
run_scenario() {
    start_asterisk
    wait_port udp 5060
    start_capture "udp port 5060"
    cp -r "$SDIR/baresip" "$WORK/baresip"
    # baresip registers at start-up (regint=600); -t 5 ends it after 5 s
    ( cd "$WORK" && baresip -f "$WORK/baresip" -t 5 </dev/null >"$WORK/baresip.log" 2>&1 ) || echo "baresip exited with $?" >&2
    stop_capture
}
