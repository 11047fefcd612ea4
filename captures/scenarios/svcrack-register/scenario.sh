# svcrack-register: sourced by generate.sh inside the private namespace
# command: kamailio -f kamailio.cfg -DD -E; svcrack -u alice -d words.txt -b 127.0.0.1 -P 5061 -t 0.1 127.0.0.1
# sipvicious 0.3.3 svcrack guessing alice's password from words.txt (15 words, the right one 13th)
# against the registrar on 127.0.0.1:5060. -b 127.0.0.1 binds the socket to 127.0.0.1 and makes it
# the address svcrack writes in Via and Contact (by default it looks up the host name's address);
# -P 5061 the local port (its default, 5060, is kamailio's). -t 0.1 (select timeout, default
# 0.005 s) keeps the exchange in lock step: svcrack sends its next request whenever nothing has
# arrived for that long, and with 5 ms a slow first answer made it send an extra REGISTER without
# credentials on a new Call-ID, after which it answered the challenges of both Call-IDs in
# last-in-first-out order (seen while writing this scenario) and the shape changed from run to run.
# User-Agent is svcrack's default, "friendly-scanner".
run_scenario() {
    command -v svcrack >/dev/null || die "svcrack not installed (apt-get install sipvicious)"
    start_kamailio registrar kamailio.cfg
    wait_port udp 5060
    start_capture "udp port 5060"
    svcrack -u alice -d "$SDIR/words.txt" -b 127.0.0.1 -P 5061 -t 0.1 127.0.0.1 \
        >"$WORK/svcrack.out" 2>&1 || echo "svcrack exited with $? (see $WORK)" >&2
    stop_capture
}
