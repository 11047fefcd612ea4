# asterisk-two-clients-one-address: sourced by generate.sh inside the private namespace
# command: asterisk -f -n -C asterisk.conf (Debian unstable chroot); sipp -sf uac.xml -i 127.0.0.1 -p 5061 -m 1 -s alice -au alice -ap alice-secret -d 300 127.0.0.1:5060 & (0.1 s later) sipp -sf uac.xml -i 127.0.0.1 -p 5062 -m 1 -s bob -au bob -ap bob-secret -d 300 127.0.0.1:5060
run_scenario() {
    start_asterisk
    wait_port udp 5060
    start_capture "udp port 5060"
    # start at a whole second + 50 ms: both 401s (0 and 0.1 s later) fall in the same second
    sleep "$(awk -v ns="$(date +%N)" 'BEGIN { printf "%.3f", (1050000000 - ns) / 1e9 }')"
    local user port pids=()
    for user in alice:5061 bob:5062; do
        port=${user#*:}; user=${user%:*}
        sipp -sf "$SDIR/uac.xml" -i 127.0.0.1 -p "$port" -m 1 -l 1 -nostdin -timeout 60s \
            -trace_msg -message_file "$WORK/sipp-$user-msg.log" -trace_err -error_file "$WORK/sipp-$user-err.log" \
            -s "$user" -au "$user" -ap "$user-secret" -d 300 127.0.0.1:5060 >"$WORK/sipp-$user.out" 2>&1 &
        pids+=($!); PIDS+=($!)
        sleep 0.1
    done
    local p; for p in "${pids[@]}"; do wait "$p" || echo "sipp exited with $? (see $WORK)" >&2; done
    stop_capture
    # the point of the scenario: one nonce in both 401s
    local nonces
    nonces=$(tshark --disable-protocol sipauth -r "$WORK/capture.pcapng" -Y 'sip.Status-Code == 401' \
        -T fields -e sip.auth.nonce 2>/dev/null | sort -u | wc -l)
    [ "$nonces" = 1 ] || die "the two 401s carry $nonces different nonces (crossed a second?): run it again"
}
