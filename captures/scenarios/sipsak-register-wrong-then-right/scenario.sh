# sipsak-register-wrong-then-right: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; sipsak -U -s sip:alice@127.0.0.1 -u alice -a wrong-secret -l 5061 -H 127.0.0.1 -x 3600 -vv; sleep 2; the same with -a alice-secret
# Two runs of sipsak in usrloc mode (-U: register only) as a phone whose user typed a wrong
# password, then fixed it. sipsak resolves the host of -s itself, so the URIs name 127.0.0.1
# (registrar.sipauth.test does not resolve in the namespace); -u sets the auth username (without
# it sipsak 0.9.8.1 sends username="alice@"). The 2 s pause puts the second run in another second:
# kamailio's nonce (no nonce_count) is made from the time, so both runs would otherwise answer the
# same nonce with nc=00000001.
run_scenario() {
    command -v sipsak >/dev/null || die "sipsak not installed (apt-get install sipsak)"
    start_kamailio registrar kamailio.cfg
    wait_port udp 5060
    start_capture "udp port 5060"
    sipsak -U -s sip:alice@127.0.0.1 -u alice -a wrong-secret -l 5061 -H 127.0.0.1 -x 3600 -vv \
        >"$WORK/sipsak-wrong.out" 2>&1 || echo "sipsak (wrong password) exited with $? (expected: 2)" >&2
    sleep 2
    sipsak -U -s sip:alice@127.0.0.1 -u alice -a alice-secret -l 5061 -H 127.0.0.1 -x 3600 -vv \
        >"$WORK/sipsak-right.out" 2>&1 || echo "sipsak (right password) exited with $? (see $WORK)" >&2
    stop_capture
}
