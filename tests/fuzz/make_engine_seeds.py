#!/usr/bin/env python3
"""make_engine_seeds.py - write the seed corpus of fuzz_engine (corpus/engine/).

Each seed is a short auth story encoded in fuzz_engine.c's input format (see
the comment at the top of that file; the tables below must match its
tables).  The seeds give libFuzzer whole flows to mutate from: a challenge
answered right, a stale nonce, a wrong password and a challenge loop, a
missing ACK, and the odd cases (realm mismatch, wrong header, forking, a
response without its request, an engine_finish() in the middle, raw header
bytes).  Run it again after changing the format; the seeds are committed.
"""
import os
import sys

METHODS = ["INVITE", "REGISTER", "ACK", "BYE", "CANCEL", "OPTIONS", "SUBSCRIBE", None, "invite"]
STATUSES = [100, 180, 200, 401, 403, 407, 481, 500, 0, 183, 603]
CSEQ_METHODS = ["INVITE", "REGISTER", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", None]
REALMS = ["proxy.example.com", "example.com", "EXAMPLE.com", ""]
ALGS = [None, "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "AKAv1-MD5", "md5"]
QOPS = [None, "auth", "auth-int", "auth,auth-int"]
USERS = ["alice", "bob", "carol", ""]
WWW, PROXY, AUTHZ, PROXY_AUTHZ = 0, 1, 2, 3
FINISH = bytes([0x1f])


def config(note_uri=True, note_syntax=True, t1=0):
    """t1: 0 default, 1: 500 ms, 2: 1 ms."""
    return bytes([int(note_uri) | int(note_syntax) << 1 | t1 << 2])


def challenge(kind, realm=0, nonce=0, alg=0, qop=1, stale=False, opaque=False):
    t0 = realm | nonce << 2 | alg << 4 | int(stale) << 7
    t1 = qop | int(opaque) << 2
    return bytes([kind | 1 << 2, t0, t1])


def credentials(kind, user=0, realm=0, nonce=0, alg=0, qop=1, nc=0, right=True, cnonce=True,
                opaque=False, other_uri=False):
    t0 = user | realm << 2 | nonce << 4
    t1 = alg | qop << 3 | nc << 5
    t2 = (0 if right else 1) | int(cnonce) << 2 | int(opaque) << 3 | int(other_uri) << 4
    return bytes([kind | 1 << 2, t0, t1, t2])


def raw(kind, value):
    v = value.encode()
    if len(v) < 256:
        return bytes([kind, len(v)]) + v
    return bytes([kind | 1 << 3, len(v) >> 8, len(v) & 0xFF]) + v


def msg(method=None, status=None, call=0, branch=0, from_tag=0, to_tag=0, cseq=1, cm="INVITE",
        sent_by=0, reliable=False, resend=False, body=False, frame_step=1, time_step=2, auth=()):
    """time_step: 0-39 are 50 ms steps, 56 = 32 s, 57 = 33 s, 58 = 64 s."""
    if method is not None:
        op = 1 | METHODS.index(method) << 1
        cs = cseq
    else:
        op = STATUSES.index(status) << 1
        cs = cseq | CSEQ_METHODS.index(cm) << 5
    ids = call | branch << 2 | from_tag << 4 | to_tag << 6
    misc = sent_by | int(reliable) << 2 | int(resend) << 3 | int(body) << 4
    if method == "REGISTER":
        misc |= 1 << 6  # Request-URI sip:example.com
    t = frame_step | time_step << 2
    out = bytes([op, ids, cs, misc, t, len(auth)])
    for a in auth:
        out += a
    return out


def invite_407_ok():
    return (config()
            + msg("INVITE", branch=0, cseq=1)
            + msg(status=407, branch=0, cseq=1, to_tag=1, auth=[challenge(PROXY, realm=0, nonce=0)])
            + msg("ACK", branch=0, cseq=1, to_tag=1)
            + msg("INVITE", branch=1, cseq=2, auth=[credentials(PROXY_AUTHZ, realm=0, nonce=0)])
            + msg(status=100, branch=1, cseq=2)
            + msg(status=200, branch=1, cseq=2, to_tag=2)
            + msg("ACK", branch=2, cseq=2, to_tag=2)
            + msg("BYE", branch=3, cseq=3, to_tag=2)
            + msg(status=200, branch=3, cseq=3, cm="BYE", to_tag=2))


def register_401_stale():
    return (config(t1=1)
            + msg("REGISTER", branch=0, cseq=1)
            + msg(status=401, branch=0, cseq=1, cm="REGISTER", to_tag=1,
                  auth=[challenge(WWW, realm=1, nonce=0, alg=1)])
            + msg("REGISTER", branch=1, cseq=2, auth=[credentials(AUTHZ, realm=1, nonce=0, alg=1)])
            + msg(status=401, branch=1, cseq=2, cm="REGISTER", to_tag=1,
                  auth=[challenge(WWW, realm=1, nonce=1, alg=1, stale=True)])
            + msg("REGISTER", branch=2, cseq=3, auth=[credentials(AUTHZ, realm=1, nonce=1, alg=1)])
            + msg(status=200, branch=2, cseq=3, cm="REGISTER", to_tag=1))


def wrong_password_then_loop():
    return (config()
            + msg("INVITE", branch=0, cseq=1)
            + msg(status=407, branch=0, cseq=1, to_tag=1, auth=[challenge(PROXY, nonce=0)])
            + msg("ACK", branch=0, cseq=1, to_tag=1)
            + msg("INVITE", branch=1, cseq=2, auth=[credentials(PROXY_AUTHZ, nonce=0, right=False)])
            + msg(status=407, branch=1, cseq=2, to_tag=1, auth=[challenge(PROXY, nonce=1)])
            + msg("ACK", branch=1, cseq=2, to_tag=1)
            + msg("INVITE", branch=2, cseq=3, auth=[credentials(PROXY_AUTHZ, nonce=1)])
            + msg(status=407, branch=2, cseq=3, to_tag=1, auth=[challenge(PROXY, nonce=2)])
            + msg("ACK", branch=2, cseq=3, to_tag=1, time_step=58))


def ack_missing_and_retransmissions():
    return (config(t1=1)
            + msg("INVITE", branch=0, cseq=1)
            + msg("INVITE", branch=0, cseq=1, resend=True, time_step=10)
            + msg(status=407, branch=0, cseq=1, to_tag=1, auth=[challenge(PROXY, nonce=0)])
            + msg(status=407, branch=0, cseq=1, to_tag=1, resend=True, time_step=10,
                  auth=[challenge(PROXY, nonce=0)])
            + msg(status=407, branch=0, cseq=1, to_tag=1, resend=True, time_step=57,
                  auth=[challenge(PROXY, nonce=0)]))


def proxy_then_registrar_sha256():
    return (config()
            + msg("INVITE", branch=0, cseq=1, body=True)
            + msg(status=407, branch=0, cseq=1, to_tag=1, auth=[challenge(PROXY, realm=0, nonce=0, qop=3)])
            + msg("ACK", branch=0, cseq=1, to_tag=1)
            + msg("INVITE", branch=1, cseq=2, body=True,
                  auth=[credentials(PROXY_AUTHZ, realm=0, nonce=0, qop=2)])
            + msg("INVITE", branch=2, cseq=2, sent_by=1, frame_step=1, body=True,
                  auth=[credentials(PROXY_AUTHZ, realm=0, nonce=0, qop=2)])
            + msg(status=401, branch=2, cseq=2, sent_by=1, to_tag=2,
                  auth=[challenge(WWW, realm=1, nonce=1, alg=3), challenge(WWW, realm=1, nonce=1, alg=1)])
            + msg(status=401, branch=1, cseq=2, to_tag=2,
                  auth=[challenge(WWW, realm=1, nonce=1, alg=3), challenge(WWW, realm=1, nonce=1, alg=1)])
            + msg("ACK", branch=1, cseq=2, to_tag=2)
            + msg("INVITE", branch=3, cseq=3, body=True,
                  auth=[credentials(PROXY_AUTHZ, realm=0, nonce=0, qop=2, nc=1),
                        credentials(AUTHZ, realm=1, nonce=1, alg=1)])
            + msg(status=200, branch=3, cseq=3, to_tag=3))


def odd_cases():
    real = ('Digest username="alice", realm="proxy.sipauth.test", nonce="awshu2sLII+FziwI+78OHLusd8/NuHpy", '
            'uri="sip:bob@127.0.0.1:5060", response="92293a16a8931d9c066dee7abbf9e0dc", algorithm=MD5, '
            'qop=auth, nc=00000001, cnonce="6b8b4567"')
    return (config(note_syntax=True)
            # a 407 whose request is not in the capture
            + msg(status=407, call=1, branch=0, cseq=5, to_tag=1, auth=[challenge(PROXY, nonce=3)])
            # realm mismatch and wrong header
            + msg("INVITE", call=1, branch=1, cseq=6, auth=[credentials(AUTHZ, realm=2, nonce=3)])
            + msg(status=407, call=1, branch=1, cseq=6, to_tag=1, auth=[challenge(PROXY, nonce=2)])
            # forked challenges of one INVITE
            + msg("INVITE", call=0, branch=2, cseq=1, frame_step=2)
            + msg(status=401, call=0, branch=2, cseq=1, to_tag=1, auth=[challenge(WWW, realm=1, nonce=1)])
            + msg(status=407, call=0, branch=2, cseq=1, to_tag=2, frame_step=0,
                  auth=[challenge(PROXY, realm=0, nonce=2)])
            + FINISH
            # CSeq not incremented, raw credentials, an ACK that misses
            + msg("ACK", call=0, branch=3, cseq=0, to_tag=1)
            + msg("INVITE", call=0, branch=3, cseq=1, auth=[raw(PROXY_AUTHZ, real),
                                                           credentials(AUTHZ, realm=1, nonce=1, nc=0)])
            + msg("INVITE", call=0, branch=1, cseq=2, auth=[credentials(AUTHZ, realm=1, nonce=1, nc=0)])
            + msg(status=403, call=0, branch=1, cseq=2, to_tag=1)
            + msg("CANCEL", call=2, branch=0, cseq=1)
            + msg(status=481, call=2, branch=0, cseq=1, cm="CANCEL"))


SEEDS = {
    "invite-407-ok": invite_407_ok,
    "register-401-stale": register_401_stale,
    "wrong-password-then-loop": wrong_password_then_loop,
    "ack-missing-and-retransmissions": ack_missing_and_retransmissions,
    "proxy-then-registrar-sha256": proxy_then_registrar_sha256,
    "odd-cases": odd_cases,
}

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "corpus", "engine")
    os.makedirs(out, exist_ok=True)
    for name, make in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(make())
        print(name)
