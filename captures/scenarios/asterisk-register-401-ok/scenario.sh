# asterisk-register-401-ok: sourced by generate.sh inside the private namespace
# command: asterisk -f -n -C asterisk.conf (Debian unstable chroot); sipp -sf uac.xml -i 127.0.0.1 -p 5061 -m 1 -s alice -au alice -ap alice-secret 127.0.0.1:5060
run_scenario() {
    start_asterisk
    wait_port udp 5060
    start_capture "udp port 5060"
    sipp_uac uac.xml -s alice -au alice -ap alice-secret
    stop_capture
}
