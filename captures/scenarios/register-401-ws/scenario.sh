# register-401-ws: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E (ws on 127.0.0.1:8080); python3 ws-bridge.py 5060 127.0.0.1 8080; sipp -sf uac.xml -i 127.0.0.1 -p 5062 -m 1 -t t1 -s alice -au alice -ap alice-secret -auth_uri registrar.sipauth.test 127.0.0.1:5060
# sipp 3.6.1 has no WebSocket transport, so sipp speaks SIP over TCP to scenarios/ws-bridge.py
# (python3 standard library), which carries each SIP message as one WebSocket text frame
# (subprotocol sip, RFC 7118) to kamailio's websocket module; only the WebSocket leg (tcp port
# 8080) is captured. The SIP messages are sipp's, their Via says WS.
run_scenario() {
    start_kamailio registrar kamailio.cfg
    wait_port tcp 8080
    python3 "$SCEN/ws-bridge.py" 5060 127.0.0.1 8080 >"$WORK/ws-bridge.log" 2>&1 &
    PIDS+=($!)
    wait_port tcp 5060
    start_capture "tcp port 8080"
    SIPP_PORT=5062 sipp_uac uac.xml -t t1 -s alice -au alice -ap alice-secret -auth_uri registrar.sipauth.test
    stop_capture
}
