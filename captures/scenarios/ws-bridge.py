#!/usr/bin/env python3
"""SIP over TCP -> SIP over WebSocket (RFC 7118) bridge for one connection; standard library only.

    ws-bridge.py LISTEN_PORT WS_HOST WS_PORT [PATH]

Accepts one TCP connection on 127.0.0.1:LISTEN_PORT (sipp, -t t1), then opens ws://WS_HOST:WS_PORT/PATH
with `Sec-WebSocket-Protocol: sip` and carries every SIP message: each message read from TCP
(framed by its Content-Length) goes out as one masked text frame; each text frame received
goes back on TCP as is. sipp has no WebSocket transport and baresip 1.0 does not use libre's;
this script is only the transport, the SIP messages are sipp's. When the TCP side closes it
sends a WebSocket close (1000) and waits for the server's.
"""
import base64
import os
import re
import select
import socket
import struct
import sys


def log(msg):
    print("ws-bridge: " + msg, file=sys.stderr, flush=True)


def ws_frame(opcode, payload):
    """A client frame: FIN, masked (RFC 6455 §5.3)."""
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws_parse(buf):
    """(opcode, payload, rest) for the first complete frame in buf, or None."""
    if len(buf) < 2:
        return None
    opcode, n, pos = buf[0] & 0x0F, buf[1] & 0x7F, 2
    masked = buf[1] & 0x80
    if n == 126:
        if len(buf) < 4:
            return None
        n, pos = struct.unpack("!H", buf[2:4])[0], 4
    elif n == 127:
        if len(buf) < 10:
            return None
        n, pos = struct.unpack("!Q", buf[2:10])[0], 10
    mask = b""
    if masked:
        mask, pos = buf[pos:pos + 4], pos + 4
    if len(buf) < pos + n:
        return None
    payload = buf[pos:pos + n]
    if masked:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return opcode, payload, buf[pos + n:]


def sip_split(buf):
    """(message, rest) for the first complete SIP message in buf, or None."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    m = re.search(rb"(?im)^(?:content-length|l)[ \t]*:[ \t]*(\d+)", buf[:end + 2])
    total = end + 4 + (int(m.group(1)) if m else 0)
    if len(buf) < total:
        return None
    return buf[:total], buf[total:]


def main():
    listen_port, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    path = sys.argv[4] if len(sys.argv) > 4 else "/"
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(1)
    log("listening on 127.0.0.1:%d" % listen_port)
    tcp, peer = srv.accept()
    srv.close()
    log("sipp connected from %s:%d" % peer)

    ws = socket.create_connection((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    ws.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: sip\r\nOrigin: http://%s\r\n\r\n"
                % (path, host, port, key, host)).encode())
    resp = b""
    while b"\r\n\r\n" not in resp:
        chunk = ws.recv(4096)
        if not chunk:
            log("server closed during the handshake")
            return 1
        resp += chunk
    head, _, wbuf = resp.partition(b"\r\n\r\n")
    log("handshake: " + head.split(b"\r\n")[0].decode(errors="replace"))
    if not head.startswith(b"HTTP/1.1 101"):
        return 1

    tbuf = b""
    closing = False
    while True:
        readable, _, _ = select.select([tcp, ws] if not closing else [ws], [], [], 30)
        if not readable:
            log("idle for 30 s, giving up")
            return 1
        if tcp in readable:
            data = tcp.recv(65536)
            if not data:
                log("sipp closed the connection: sending WebSocket close")
                ws.sendall(ws_frame(0x8, struct.pack("!H", 1000)))
                closing = True
            tbuf += data
            while True:
                got = sip_split(tbuf)
                if got is None:
                    break
                msg, tbuf = got
                ws.sendall(ws_frame(0x1, msg))
        if ws in readable:
            data = ws.recv(65536)
            if not data:
                log("server closed the connection")
                return 0
            wbuf += data
            while True:
                got = ws_parse(wbuf)
                if got is None:
                    break
                opcode, payload, wbuf = got
                if opcode in (0x1, 0x2):
                    if not closing:
                        tcp.sendall(payload)
                elif opcode == 0x9:
                    ws.sendall(ws_frame(0xA, payload))
                elif opcode == 0x8:
                    log("WebSocket close from the server")
                    if not closing:
                        ws.sendall(ws_frame(0x8, payload[:2]))
                    ws.close()
                    tcp.close()
                    return 0


if __name__ == "__main__":
    sys.exit(main())
