# invite-407-tls-wrong-password: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E (tls on 127.0.0.1:5061); socat TCP-LISTEN:5060,bind=127.0.0.1,reuseaddr OPENSSL:127.0.0.1:5061,verify=0; sipp -sf uac.xml -i 127.0.0.1 -p 5062 -m 1 -t t1 -s bob -au alice -ap wrong-secret -auth_uri bob@127.0.0.1:5061 127.0.0.1:5060
# tls-rsa-key: server.key
# As invite-407-tls: sipp over TCP to socat, socat over TLS to kamailio; only the TLS leg is captured.
run_scenario() {
    tls_server_cert            # server.key / server.pem in the scenario folder (made once)
    start_kamailio proxy kamailio.cfg
    wait_port tcp 5061
    start_tls_relay 5060 5061
    start_capture "tcp port 5061"
    SIPP_PORT=5062 sipp_uac uac.xml -t t1 -s bob -au alice -ap wrong-secret -auth_uri bob@127.0.0.1:5061
    stop_capture
}
