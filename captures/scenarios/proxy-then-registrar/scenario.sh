# proxy-then-registrar: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio-proxy.cfg; kamailio -f kamailio-registrar.cfg; baresip -f baresip -e "/dial sip:bob@registrar.sipauth.test" -t 3
run_scenario() {
    start_kamailio registrar kamailio-registrar.cfg
    start_kamailio proxy kamailio-proxy.cfg
    wait_port udp 5070
    wait_port udp 5060
    # only the UA <-> proxy leg: the proxy reaches the registrar from port 5062
    start_capture "udp port 5060"
    cp -r "$SDIR/baresip" "$WORK/baresip"
    ( cd "$WORK" && baresip -f "$WORK/baresip" -e "/dial sip:bob@registrar.sipauth.test" -t 3 \
        </dev/null >"$WORK/baresip.log" 2>&1 ) || echo "baresip exited with $?" >&2
    stop_capture
}
