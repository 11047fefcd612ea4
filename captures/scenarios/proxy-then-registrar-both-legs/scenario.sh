# proxy-then-registrar-both-legs: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio-proxy.cfg; kamailio -f kamailio-registrar.cfg; baresip -f baresip -e "/dial sip:bob@registrar.sipauth.test" -t 3
run_scenario() {
    start_kamailio registrar kamailio-registrar.cfg
    start_kamailio proxy kamailio-proxy.cfg
    wait_port udp 5070
    wait_port udp 5060
    # both legs: UA (5061) <-> proxy (5060), and proxy (5062) <-> registrar (5070), so every
    # request the proxy forwards and every response it relays is in the capture twice
    start_capture "udp port 5060 or udp port 5070"
    cp -r "$SDIR/baresip" "$WORK/baresip"
    ( cd "$WORK" && baresip -f "$WORK/baresip" -e "/dial sip:bob@registrar.sipauth.test" -t 3 \
        </dev/null >"$WORK/baresip.log" 2>&1 ) || echo "baresip exited with $?" >&2
    stop_capture
}
