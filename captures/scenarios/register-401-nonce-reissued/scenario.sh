# register-401-nonce-reissued: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; sipp -sf uac.xml -i 127.0.0.1 -p 5061 -m 1 -s alice 127.0.0.1:5060
# kamailio gives every challenge of one second the same nonce: sipp starts right after a second
# begins, so that both 401s (about 0.4 s apart) fall in the same second; the capture is refused
# unless their nonces are equal.
run_scenario() {
    start_kamailio registrar kamailio.cfg
    wait_port udp 5060
    start_capture "udp port 5060"
    local ns
    ns=$(date +%N)
    sleep "0.$(printf %09d $((1000000000 - 10#$ns)))"
    sipp_uac uac.xml -s alice
    stop_capture
    local nonces
    nonces=$(tshark --disable-protocol sipauth -r "$WORK/capture.pcapng" -Y 'sip.Status-Code == 401' \
        -T fields -e sip.WWW-Authenticate 2>/dev/null | sed 's/.*nonce="\([^"]*\)".*/\1/' | sort -u | wc -l)
    [ "$nonces" = 1 ] || die "the two 401s carry different nonces (not within one second): retry"
}
