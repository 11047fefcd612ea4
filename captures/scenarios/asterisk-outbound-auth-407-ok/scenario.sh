# asterisk-outbound-auth-407-ok: sourced by generate.sh inside the private namespace
# command: asterisk -f -n -C asterisk.conf (Debian unstable chroot); kamailio -f kamailio.cfg -DD -E; sipp -sf uas.xml -i 127.0.0.1 -p 5080 -m 1 -mp 6100; asterisk -rx "channel originate PJSIP/bob@proxy application Wait 1"
run_scenario() {
    start_asterisk
    start_kamailio proxy kamailio.cfg
    sipp_uas uas.xml
    wait_port udp 5060
    wait_port udp 5070
    wait_port udp 5080
    start_capture "udp port 5060"
    asterisk_rx "channel originate PJSIP/bob@proxy application Wait 1" >"$WORK/originate.log" 2>&1
    wait_sipp_uas 10
    stop_capture
}
