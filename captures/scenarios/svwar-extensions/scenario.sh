# svwar-extensions: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; svwar -d extensions.txt -b 127.0.0.1 -P 5061 -t 0.05 127.0.0.1
# sipvicious 0.3.3 svwar probing the user names of extensions.txt (100 to 120, then alice) with its
# default method, REGISTER, without credentials, against the registrar on 127.0.0.1:5060.
# -d: svwar takes either a numeric range (-e) or a word list, so the range is written out with
# alice. -b 127.0.0.1 binds the socket to 127.0.0.1 and makes it the address of Via and Contact;
# -P 5061 the local port (its default, 5060, is kamailio's). -t 0.05 (select timeout, default
# 0.005 s): svwar sends its next request whenever nothing has arrived for that long, without
# waiting for the answer, so with 5 ms a slow answer would let requests and answers interleave
# differently from run to run; 50 ms keeps request, answer, request, ... The User-Agent is svwar's
# default, "friendly-scanner".
run_scenario() {
    command -v svwar >/dev/null || die "svwar not installed (apt-get install sipvicious)"
    start_kamailio registrar kamailio.cfg
    wait_port udp 5060
    start_capture "udp port 5060"
    svwar -d "$SDIR/extensions.txt" -b 127.0.0.1 -P 5061 -t 0.05 127.0.0.1 \
        >"$WORK/svwar.out" 2>&1 || echo "svwar exited with $? (see $WORK)" >&2
    stop_capture
}
