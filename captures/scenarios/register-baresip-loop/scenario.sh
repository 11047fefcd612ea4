# register-baresip-loop: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio-proxy.cfg; kamailio -f kamailio-registrar.cfg; baresip -f baresip -t 5
run_scenario() {
    start_kamailio registrar kamailio-registrar.cfg
    start_kamailio proxy kamailio-proxy.cfg
    wait_port udp 5070
    wait_port udp 5060
    # only the UA <-> proxy leg (what the UA sees): the proxy reaches the registrar from port 5062
    start_capture "udp port 5060"
    cp -r "$SDIR/baresip" "$WORK/baresip"
    # baresip registers at start-up (regint=600); -t 5 ends it after 5 s
    ( cd "$WORK" && baresip -f "$WORK/baresip" -t 5 \
        </dev/null >"$WORK/baresip.log" 2>&1 ) || echo "baresip exited with $?" >&2
    stop_capture
}
