# invite-407-tls: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E (tls on 127.0.0.1:5061); socat TCP-LISTEN:5060,bind=127.0.0.1,reuseaddr OPENSSL:127.0.0.1:5061,verify=0; sipp -sf uac.xml -i 127.0.0.1 -p 5062 -m 1 -t t1 -s bob -au alice -ap alice-secret -auth_uri bob@127.0.0.1:5061 127.0.0.1:5060
# tls-rsa-key: server.key
# sipp 3.6.1 in Debian has no TLS transport (`-t l1` is not built in), so sipp speaks SIP over
# TCP to socat, which carries it over TLS to kamailio; only the TLS leg (tcp port 5061) is
# captured. The SIP messages are sipp's, their Via says TLS.
run_scenario() {
    tls_server_cert            # server.key / server.pem in the scenario folder (made once)
    start_kamailio proxy kamailio.cfg
    wait_port tcp 5061
    start_tls_relay 5060 5061
    start_capture "tcp port 5061"
    SIPP_PORT=5062 sipp_uac uac.xml -t t1 -s bob -au alice -ap alice-secret -auth_uri bob@127.0.0.1:5061
    stop_capture
}
