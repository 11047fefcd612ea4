# asterisk-outbound-auth-realm-mismatch: sourced by generate.sh inside the private namespace
# command: asterisk -f -n -C asterisk.conf (Debian unstable chroot); kamailio -f kamailio.cfg -DD -E; asterisk -rx "channel originate PJSIP/bob@proxy application Wait 1"
run_scenario() {
    start_asterisk
    start_kamailio proxy kamailio.cfg
    wait_port udp 5060
    wait_port udp 5070
    start_capture "udp port 5060"
    asterisk_rx "channel originate PJSIP/bob@proxy application Wait 1" >"$WORK/originate.log" 2>&1
    sleep 3
    stop_capture
}
