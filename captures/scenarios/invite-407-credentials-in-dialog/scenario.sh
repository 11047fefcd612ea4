# invite-407-credentials-in-dialog: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; sipp -sf uac.xml -i 127.0.0.1 -p 5061 -m 1 -s bob 127.0.0.1:5060
run_scenario() {
    start_kamailio proxy kamailio.cfg
    wait_port udp 5060
    start_capture "udp port 5060"
    sipp_uac uac.xml -s bob
    stop_capture
}
