# asterisk-no-outbound-auth: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; asterisk -f -n -C asterisk.conf (Debian unstable chroot); asterisk -rx "pjsip show registrations" (until Registered); asterisk -rx "channel originate PJSIP/bob@kamailio application Wait 1"
run_scenario() {
    start_kamailio kamailio kamailio.cfg
    wait_port udp 5070
    # Asterisk starts its outbound registration 1-10 s after boot: capture from before it starts
    start_capture "udp port 5060"
    start_asterisk
    wait_asterisk_registered kamailio 20
    sleep 1
    asterisk_rx "channel originate PJSIP/bob@kamailio application Wait 1" >"$WORK/originate.log" 2>&1
    sleep 3
    asterisk_rx "pjsip show registrations" >"$WORK/registrations.log" 2>&1 || true
    stop_capture
}
