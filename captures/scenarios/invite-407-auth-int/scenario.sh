# invite-407-auth-int: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; sipp -sf uac.xml -i 127.0.0.1 -p 5061 -m 1 -s bob 127.0.0.1:5060
run_scenario() {
    start_kamailio proxy kamailio.cfg
    wait_port udp 5060
    # body.sdp is the exact body sent (digest.sh hashes it); sipp ends the [file] line of the
    # template with CRLF itself, so it gets the file without its last CRLF
    cp "$SDIR/body.sdp" "$WORK/"
    head -c -2 "$SDIR/body.sdp" >"$WORK/body-sipp.sdp"
    start_capture "udp port 5060"
    sipp_uac uac.xml -s bob
    stop_capture
}
