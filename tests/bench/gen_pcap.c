/* gen_pcap.c - deterministic synthetic captures for sipauth's benchmark
 * (scripts/benchmark) and its hostile-capture tests (check_hostile.sh).
 *
 *   gen_pcap flows N OUT             N SIP messages: interleaved auth flows over UDP
 *   gen_pcap nonsip N OUT            N packets of DNS, HTTP and TLS-looking traffic
 *   gen_pcap many-challenges N OUT   one Call-ID whose INVITE is challenged N times
 *   gen_pcap many-headers N OUT      one 407 carrying N Proxy-Authenticate headers (TCP)
 *   gen_pcap huge-nonce BYTES OUT    a 407 and its retry with a BYTES-long nonce (TCP)
 *   gen_pcap distinct-nonces N OUT   N REGISTER flows, each with its own nonce
 *   gen_pcap malformed N OUT         N malformed auth headers, in challenges and credentials
 *
 * In C, not a script: a fresh Debian root has no Python, and the benchmark's
 * million-message captures must be written in seconds.  OUT is a classic
 * pcap (Ethernet, microsecond time stamps, IPv4).  The same arguments always
 * give the same bytes: one fixed seed, a fixed start time, and integer
 * arithmetic only (no libm whose last bit could differ between machines).
 * One summary line ("mode=... messages=... auth_flows=...") goes to stdout.
 *
 * Conversations (a SIP auth flow, a DNS lookup, an HTTP fetch...) are
 * scripted whole when they start: every packet, its bytes and its time.  A
 * heap then interleaves the packets of the conversations in progress in
 * time order, as a capture on a busy proxy would show them.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Basics                                                              */

#define US          UINT64_C(1)          /* times are in microseconds */
#define MS          UINT64_C(1000)
#define SEC         UINT64_C(1000000)
#define START_SECS  UINT32_C(1709283600) /* 2024-03-01 09:00:00 UTC */
#define SNAPLEN     262144u              /* Wireshark's own maximum */
#define MTU         1500u
#define MSS         1448u                /* 1500 - IP - TCP - timestamps option, as Linux */
#define MAX_UDP     65507u               /* 65535 - IP header - UDP header */

static void
die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_pcap: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        die("out of memory");
    }
    return p;
}

/* splitmix64: tiny, fast, and the same sequence everywhere. */
static uint64_t rng_state = UINT64_C(0x5157A0757A11CE5D);

static uint64_t
rnd64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint32_t
rnd_below(uint32_t n)
{
    return n ? (uint32_t)(rnd64() % n) : 0;
}

static uint64_t
rnd_between(uint64_t lo, uint64_t hi)
{
    return lo + rnd64() % (hi - lo + 1);
}

/* A random delay between lo and hi milliseconds, in microseconds. */
static uint64_t
ms(uint64_t lo, uint64_t hi)
{
    return rnd_between(lo * MS, hi * MS);
}

static const char HEX[] = "0123456789abcdef";
static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
rnd_chars(char *dst, size_t n, const char *alphabet)
{
    size_t k = strlen(alphabet);
    for (size_t i = 0; i < n; i++) {
        dst[i] = alphabet[rnd64() % k];
    }
    dst[n] = '\0';
}

/* A growable byte buffer, always NUL-terminated. */
typedef struct {
    char  *p;
    size_t len, cap;
} sbuf;

static void
sb_grow(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) {
        return;
    }
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra + 1) {
        cap *= 2;
    }
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static void
sb_add(sbuf *b, const void *data, size_t n)
{
    sb_grow(b, n);
    if (n) {
        memcpy(b->p + b->len, data, n);
    }
    b->len += n;
    b->p[b->len] = '\0';
}

static void
sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void
sb_repeat(sbuf *b, char c, size_t n)
{
    sb_grow(b, n);
    memset(b->p + b->len, c, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void
sb_byte(sbuf *b, unsigned v)
{
    uint8_t c = (uint8_t)v;
    sb_add(b, &c, 1);
}

static void
sb_be16(sbuf *b, unsigned v)
{
    sb_byte(b, v >> 8);
    sb_byte(b, v);
}

static void
sb_be24(sbuf *b, unsigned v)
{
    sb_byte(b, v >> 16);
    sb_be16(b, v);
}

static void
sb_be32(sbuf *b, uint32_t v)
{
    sb_be16(b, v >> 16);
    sb_be16(b, v & 0xffff);
}

static void
sb_random(sbuf *b, size_t n)
{
    sb_grow(b, n);
    for (size_t i = 0; i < n; i++) {
        b->p[b->len + i] = (char)(rnd64() & 0xff);
    }
    b->len += n;
    b->p[b->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void
sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        die("bad format");
    }
    sb_grow(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

static void
sb_free(sbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ------------------------------------------------------------------ */
/* pcap and the network layers                                         */

static FILE    *pcap;
static uint64_t n_frames, n_sip;
static uint16_t ip_ident = 0x1d2e;

static void
put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void
put_be16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, v >> 16);
    put_be16(p + 2, v & 0xffff);
}

static void
pcap_open(const char *path)
{
    pcap = fopen(path, "wb");
    if (!pcap) {
        die("cannot write %s", path);
    }
    setvbuf(pcap, NULL, _IOFBF, 1 << 20);
    uint8_t h[24];
    put_le32(h, 0xa1b2c3d4);       /* microsecond time stamps, little endian */
    h[4] = 2, h[5] = 0, h[6] = 4, h[7] = 0;
    put_le32(h + 8, 0);
    put_le32(h + 12, 0);
    put_le32(h + 16, SNAPLEN);
    put_le32(h + 20, 1);           /* LINKTYPE_ETHERNET */
    fwrite(h, 1, sizeof h, pcap);
}

static void
pcap_frame(uint64_t t, const uint8_t *data, size_t len)
{
    if (len > SNAPLEN) {
        die("frame of %zu bytes exceeds the snap length", len);
    }
    uint8_t h[16];
    put_le32(h, START_SECS + (uint32_t)(t / SEC));
    put_le32(h + 4, (uint32_t)(t % SEC));
    put_le32(h + 8, (uint32_t)len);
    put_le32(h + 12, (uint32_t)len);
    fwrite(h, 1, sizeof h, pcap);
    fwrite(data, 1, len, pcap);
    n_frames++;
}

static void
pcap_close(void)
{
    if (ferror(pcap) || fclose(pcap) != 0) {
        die("write error");
    }
}

#define IP4(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

typedef struct {
    uint32_t ip;
    uint16_t port;
} endpoint;

static const char *
ipstr(uint32_t ip, char buf[16])
{
    snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
    return buf;
}

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (; n > 1; p += 2, n -= 2) {
        sum += (uint32_t)(p[0] << 8 | p[1]);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (n) {
        sum += (uint32_t)(p[0] << 8);
    }
    return (sum & 0xffff) + (sum >> 16);
}

static uint16_t
csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* The captured host talks to everyone through one router: its MAC, and
 * the host's, are fixed. */
static const uint8_t mac_host[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t mac_router[6] = { 0x00, 0x1b, 0x21, 0xab, 0xcd, 0xef };

static uint8_t l4_buf[65536 + 64];
static uint8_t frame_buf[14 + 20 + MTU];

static bool
is_local(uint32_t ip)
{
    return (ip >> 24) == 192; /* the servers (192.0.2.0/24) are the captured host */
}

/* One IPv4 datagram, fragmented to the MTU when it is larger (UDP only:
 * TCP segments are cut to the MSS before they get here). */
static void
emit_ip(uint64_t t, uint32_t src, uint32_t dst, uint8_t proto, const uint8_t *l4, size_t l4len)
{
    uint16_t id = ip_ident++;
    size_t   max_payload = MTU - 20; /* 1480, a multiple of 8 as fragment offsets need */
    for (size_t off = 0; off < l4len || off == 0; off += max_payload) {
        size_t   chunk = l4len - off < max_payload ? l4len - off : max_payload;
        bool     more = off + chunk < l4len;
        uint8_t *f = frame_buf;
        memcpy(f, is_local(dst) ? mac_host : mac_router, 6);
        memcpy(f + 6, is_local(src) ? mac_host : mac_router, 6);
        put_be16(f + 12, 0x0800);
        uint8_t *ip = f + 14;
        ip[0] = 0x45;
        ip[1] = 0;
        put_be16(ip + 2, (unsigned)(20 + chunk));
        put_be16(ip + 4, id);
        /* DF on unfragmented TCP, as Linux does; fragments carry offsets */
        unsigned frag = (unsigned)(off / 8) | (more ? 0x2000u : 0);
        if (l4len <= max_payload && proto == 6) {
            frag = 0x4000;
        }
        put_be16(ip + 6, frag);
        ip[8] = is_local(src) ? 64 : 57;
        ip[9] = proto;
        put_be16(ip + 10, 0);
        put_be32(ip + 12, src);
        put_be32(ip + 16, dst);
        put_be16(ip + 10, csum_fold(csum_add(0, ip, 20)));
        memcpy(ip + 20, l4 + off, chunk);
        pcap_frame(t, f, 14 + 20 + chunk);
        if (!more) {
            break;
        }
    }
}

static uint32_t
pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    uint8_t ph[12];
    put_be32(ph, src);
    put_be32(ph + 4, dst);
    ph[8] = 0;
    ph[9] = proto;
    put_be16(ph + 10, (unsigned)len);
    return csum_add(0, ph, sizeof ph);
}

static void
emit_udp(uint64_t t, endpoint s, endpoint d, const void *payload, size_t len)
{
    if (len > MAX_UDP) {
        die("UDP payload of %zu bytes is too large", len);
    }
    uint8_t *u = l4_buf;
    put_be16(u, s.port);
    put_be16(u + 2, d.port);
    put_be16(u + 4, (unsigned)(8 + len));
    put_be16(u + 6, 0);
    memcpy(u + 8, payload, len);
    uint16_t sum = csum_fold(csum_add(pseudo_sum(s.ip, d.ip, 17, 8 + len), u, 8 + len));
    put_be16(u + 6, sum ? sum : 0xffff);
    emit_ip(t, s.ip, d.ip, 17, u, 8 + len);
}

enum { F_FIN = 0x01, F_SYN = 0x02, F_RST = 0x04, F_PSH = 0x08, F_ACK = 0x10 };

static void
emit_tcp(uint64_t t, endpoint s, endpoint d, uint32_t seq, uint32_t ack, uint8_t flags, const void *payload,
         size_t len)
{
    size_t   hlen = flags & F_SYN ? 24 : 20; /* SYNs carry the MSS option */
    uint8_t *h = l4_buf;
    put_be16(h, s.port);
    put_be16(h + 2, d.port);
    put_be32(h + 4, seq);
    put_be32(h + 8, flags & F_ACK ? ack : 0);
    h[12] = (uint8_t)((hlen / 4) << 4);
    h[13] = flags;
    put_be16(h + 14, flags & F_SYN ? 64240 : 501 * 8);
    put_be16(h + 16, 0);
    put_be16(h + 18, 0);
    if (flags & F_SYN) {
        h[20] = 2, h[21] = 4;
        put_be16(h + 22, MSS);
    }
    memcpy(h + hlen, payload, len);
    put_be16(h + 16, csum_fold(csum_add(pseudo_sum(s.ip, d.ip, 6, hlen + len), h, hlen + len)));
    emit_ip(t, s.ip, d.ip, 6, h, hlen + len);
}

/* ------------------------------------------------------------------ */
/* Conversations: scripted packets, interleaved by a heap              */

enum { T_UDP, T_TCP };

typedef struct {
    uint64_t t;
    uint32_t off, len;   /* bytes in the conversation's blob */
    uint8_t  dir;        /* 0: ep[0] -> ep[1], 1: back */
    uint8_t  flags;      /* TCP flags */
    bool     sip;        /* ends a SIP message (counts as one) */
    bool     first_auth; /* the flow's first message with an auth header */
} pkt;

typedef struct {
    uint64_t id;       /* creation order: the heap's tie-breaker */
    int      transport;
    endpoint ep[2];
    uint32_t seq[2];   /* TCP: the next sequence number each side sends */
    sbuf     blob;
    pkt     *pkts;
    size_t   n, cap, next;
    uint64_t t;        /* while scripting: the time of the last packet */
    int      story;
} conv;

static uint64_t n_auth_flows;

static conv *
conv_new(uint64_t t, int transport, endpoint client, endpoint server)
{
    static uint64_t ids;
    conv *c = calloc(1, sizeof *c);
    if (!c) {
        die("out of memory");
    }
    c->id = ids++;
    c->transport = transport;
    c->ep[0] = client;
    c->ep[1] = server;
    c->seq[0] = (uint32_t)rnd64();
    c->seq[1] = (uint32_t)rnd64();
    c->t = t;
    c->story = -1;
    return c;
}

static void
conv_free(conv *c)
{
    sb_free(&c->blob);
    free(c->pkts);
    free(c);
}

static pkt *
conv_add(conv *c, uint64_t delay, int dir, uint8_t flags, const void *data, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->pkts = xrealloc(c->pkts, c->cap * sizeof *c->pkts);
    }
    c->t += delay;
    pkt *p = &c->pkts[c->n++];
    *p = (pkt){ .t = c->t, .off = (uint32_t)c->blob.len, .len = (uint32_t)len, .dir = (uint8_t)dir, .flags = flags };
    sb_add(&c->blob, data, len);
    return p;
}

/* The same bytes again later: a retransmission. */
static void
conv_again(conv *c, uint64_t delay, size_t index)
{
    pkt copy = c->pkts[index];
    pkt *p = conv_add(c, delay, copy.dir, copy.flags, NULL, 0);
    p->off = copy.off;
    p->len = copy.len;
    p->sip = copy.sip;
}

static void
tcp_handshake(conv *c, uint64_t delay)
{
    conv_add(c, delay, 0, F_SYN, NULL, 0);
    conv_add(c, rnd_between(40, 900), 1, F_SYN | F_ACK, NULL, 0);
    conv_add(c, rnd_between(40, 900), 0, F_ACK, NULL, 0);
}

static void
tcp_teardown(conv *c, uint64_t delay)
{
    conv_add(c, delay, 0, F_FIN | F_ACK, NULL, 0);
    conv_add(c, rnd_between(40, 900), 1, F_FIN | F_ACK, NULL, 0);
    conv_add(c, rnd_between(40, 900), 0, F_ACK, NULL, 0);
}

/* data over the connection: MSS-sized segments, the receiver ACKing every
 * second one and the last (delayed ACK).  Returns the last data segment. */
static pkt *
tcp_stream(conv *c, uint64_t delay, int dir, const void *data, size_t len)
{
    const uint8_t *d = data;
    pkt *last = NULL;
    size_t segments = 0;
    for (size_t off = 0; off < len; off += MSS) {
        size_t chunk = len - off < MSS ? len - off : MSS;
        bool   end = off + chunk == len;
        size_t index = c->n;
        conv_add(c, off == 0 ? delay : rnd_between(5, 30), dir, F_ACK | (end ? F_PSH : 0), d + off, chunk);
        last = &c->pkts[index];
        segments++;
        if (segments % 2 == 0 || end) {
            conv_add(c, rnd_between(30, 300), 1 - dir, F_ACK, NULL, 0);
            last = &c->pkts[index]; /* conv_add may have moved the array */
        }
    }
    return last;
}

static void
conv_emit_next(conv *c)
{
    const pkt *p = &c->pkts[c->next++];
    const uint8_t *data = (const uint8_t *)c->blob.p + p->off;
    endpoint s = c->ep[p->dir], d = c->ep[1 - p->dir];
    if (c->transport == T_UDP) {
        emit_udp(p->t, s, d, data, p->len);
    } else {
        emit_tcp(p->t, s, d, c->seq[p->dir], c->seq[1 - p->dir], p->flags, data, p->len);
        c->seq[p->dir] += p->len + ((p->flags & (F_SYN | F_FIN)) ? 1u : 0u);
    }
    n_sip += p->sip;
    n_auth_flows += p->first_auth;
}

/* Emit the whole script now (conversations that run alone), and forget it:
 * a long script is written in pieces, so its blob stays small.  Nothing
 * emitted may be referred back to (conv_again) afterwards. */
static void
conv_drain(conv *c)
{
    while (c->next < c->n) {
        conv_emit_next(c);
    }
    c->n = c->next = 0;
    c->blob.len = 0;
}

/* A binary min-heap of conversations by the time of their next packet. */
static conv **heap;
static size_t heap_n, heap_cap;

static bool
before(const conv *a, const conv *b)
{
    uint64_t ta = a->pkts[a->next].t, tb = b->pkts[b->next].t;
    return ta < tb || (ta == tb && a->id < b->id);
}

static void
heap_push(conv *c)
{
    if (heap_n == heap_cap) {
        heap_cap = heap_cap ? 2 * heap_cap : 1024;
        heap = xrealloc(heap, heap_cap * sizeof *heap);
    }
    size_t i = heap_n++;
    while (i > 0 && before(c, heap[(i - 1) / 2])) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = c;
}

static conv *
heap_pop(void)
{
    conv *top = heap[0];
    conv *last = heap[--heap_n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const conv *best = last;
        if (l < heap_n && before(heap[l], best)) {
            m = l, best = heap[l];
        }
        if (r < heap_n && before(heap[r], best)) {
            m = r;
        }
        if (m == i) {
            break;
        }
        heap[i] = heap[m];
        i = m;
    }
    if (heap_n) {
        heap[i] = last;
    }
    return top;
}

typedef conv *(*conv_factory)(uint64_t t, uint64_t index);

typedef enum { COUNT_SIP, COUNT_FRAMES } count_what;

/* Start conversations every mean_gap on average (uniform gaps: no libm),
 * at most max_convs of them, and interleave their packets until `limit`
 * SIP messages or frames are written (0: no limit).  Conversations cut
 * short by the limit are simply not finished, as in a capture that stops. */
static void
schedule(conv_factory make, uint64_t max_convs, uint64_t mean_gap, count_what what, uint64_t limit)
{
    uint64_t next_start = 0, made = 0;
    for (;;) {
        uint64_t done = what == COUNT_SIP ? n_sip : n_frames;
        if (limit && done >= limit) {
            break;
        }
        bool can_make = made < max_convs;
        if (can_make && (heap_n == 0 || next_start <= heap[0]->pkts[heap[0]->next].t)) {
            conv *c = make(next_start, made++);
            if (c->n) {
                heap_push(c);
            } else {
                conv_free(c);
            }
            next_start += rnd_between(0, 2 * mean_gap);
            continue;
        }
        if (heap_n == 0) {
            break;
        }
        conv *c = heap_pop();
        conv_emit_next(c);
        if (c->next < c->n) {
            heap_push(c);
        } else {
            conv_free(c);
        }
    }
    while (heap_n) {
        conv_free(heap[--heap_n]);
    }
    free(heap);
    heap = NULL;
    heap_cap = 0;
}

/* ------------------------------------------------------------------ */
/* SIP                                                                 */

enum { NONCE_B64, NONCE_UUID, NONCE_PJSIP };

typedef struct {
    uint32_t    ip;
    const char *realm;
    const char *domain;
    const char *server_hdr;
    int         nonce_style;
    bool        opaque;
    const char *algorithm;   /* as the server writes it (res_pjsip writes md5) */
    bool        pbx;         /* a PBX challenges INVITE with 401, a proxy with 407 */
    unsigned    weight;
} server_def;

static const server_def servers[] = {
    { IP4(192, 0, 2, 10), "sip.example.com", "sip.example.com", "kamailio (5.6.3 (x86_64/linux))", NONCE_B64,
      false, "MD5", false, 60 },
    { IP4(192, 0, 2, 20), "pbx.example.net", "pbx.example.net", "FreeSWITCH-mod_sofia/1.10.9-release~64bit",
      NONCE_UUID, false, "MD5", true, 25 },
    { IP4(192, 0, 2, 30), "asterisk", "voip.example.org", "Asterisk PBX 20.5.0", NONCE_PJSIP, true, "md5", true,
      15 },
};

typedef struct {
    const char *name;
    bool        compact;   /* no blank after the commas of its auth headers */
    uint16_t    port;      /* 0: an ephemeral port per user */
} ua_def;

static const ua_def uas[] = {
    { "Yealink SIP-T46S 66.86.0.15", true, 5060 },
    { "PolycomVVX-VVX_450-UA/6.4.3.5018", false, 5060 },
    { "Linphone Desktop/5.2.1 (Debian GNU/Linux 12) LinphoneCore/5.2.98", false, 0 },
    { "Z 5.6.1 v2.10.19.6", true, 0 },
    { "Grandstream GXP2170 1.0.11.64", false, 5060 },
    { "MicroSIP/3.21.3", false, 0 },
};

#define N_USERS 5000u

typedef enum { CREDS_NONE, CREDS_WWW, CREDS_PROXY } creds_kind;

typedef struct {
    const server_def *srv;
    const ua_def     *ua;
    uint32_t          user, callee;
    endpoint          client, server;
    bool              tcp;
    char              call_id[64];
    char              from_tag[24];
    char              branch[40];
    char              opaque[40];
    uint32_t          cseq;
    sbuf              nonce;     /* of the latest challenge */
    char              to_tag[48]; /* of the latest challenge */
    char              callee_tag[24];
} sip_ctx;

static const server_def *
pick_server(void)
{
    unsigned total = 0;
    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
        total += servers[i].weight;
    }
    unsigned r = rnd_below(total);
    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
        if (r < servers[i].weight) {
            return &servers[i];
        }
        r -= servers[i].weight;
    }
    return &servers[0];
}

static void
ctx_init(sip_ctx *s, const server_def *srv, uint32_t user, bool tcp)
{
    memset(s, 0, sizeof *s);
    s->srv = srv;
    s->user = user;
    s->ua = &uas[user % (sizeof uas / sizeof uas[0])];
    s->callee = (user * 7919u + 13u) % N_USERS;
    s->client.ip = IP4(10, 20, 10 + user / 200, 10 + user % 200);
    s->client.port = s->ua->port ? s->ua->port : (uint16_t)(40000 + (user * 37u) % 20000);
    s->server.ip = srv->ip;
    s->server.port = 5060;
    s->tcp = tcp;
    char host[16], id[24];
    rnd_chars(id, 20, ALNUM);
    snprintf(s->call_id, sizeof s->call_id, "%s@%s", id, ipstr(s->client.ip, host));
    rnd_chars(s->from_tag, 10, HEX);
    rnd_chars(s->opaque, 32, HEX);
    s->cseq = s->ua->port ? 1 : 100 + rnd_below(20000); /* softphones start anywhere */
}

static void
new_branch(sip_ctx *s)
{
    memcpy(s->branch, "z9hG4bK", 7);
    rnd_chars(s->branch + 7, 16, ALNUM);
}

/* A nonce as the server would write it. */
static void
new_nonce(sip_ctx *s)
{
    s->nonce.len = 0;
    char tmp[48];
    switch (s->srv->nonce_style) {
    case NONCE_B64: /* kamailio: base64 of time and a hash, 32 characters */
        rnd_chars(tmp, 32, B64);
        sb_str(&s->nonce, tmp);
        break;
    case NONCE_UUID: /* FreeSWITCH: a UUID */
        rnd_chars(tmp, 32, HEX);
        sb_printf(&s->nonce, "%.8s-%.4s-4%.3s-a%.3s-%.12s", tmp, tmp + 8, tmp + 12, tmp + 15, tmp + 18);
        break;
    default: /* res_pjsip: time stamp / md5 */
        rnd_chars(tmp, 32, HEX);
        sb_printf(&s->nonce, "%u/%s", START_SECS + rnd_below(86400), tmp);
        break;
    }
}

static void
new_to_tag(sip_ctx *s)
{
    char a[40];
    rnd_chars(a, 32, HEX);
    if (s->srv->nonce_style == NONCE_B64) { /* kamailio's stateless to-tag: hash.hash */
        snprintf(s->to_tag, sizeof s->to_tag, "%.32s.%.8s", a, a + 4);
    } else {
        snprintf(s->to_tag, sizeof s->to_tag, "%.12s", a);
    }
}

static const char *
user_name(uint32_t user, char buf[16])
{
    snprintf(buf, 16, "u%05u", user);
    return buf;
}

static void
add_sdp(sbuf *b, uint32_t ip, bool offer)
{
    char host[16];
    sbuf sdp = { 0 };
    uint32_t sess = (uint32_t)rnd64();
    sb_printf(&sdp, "v=0\r\no=- %u %u IN IP4 %s\r\ns=%s\r\nc=IN IP4 %s\r\nt=0 0\r\n", sess, sess,
              ipstr(ip, host), offer ? "call" : "-", host);
    sb_printf(&sdp, "m=audio %u RTP/AVP %s\r\n", 10000 + 2 * rnd_below(10000), offer ? "0 8 9 101" : "8 101");
    if (offer) {
        sb_str(&sdp, "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n");
    } else {
        sb_str(&sdp, "a=rtpmap:8 PCMA/8000\r\n");
    }
    sb_str(&sdp, "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n");
    sb_printf(b, "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n", sdp.len);
    sb_add(b, sdp.p, sdp.len);
    sb_free(&sdp);
}

/* Authorization or Proxy-Authorization, answering the latest challenge. */
static void
add_creds(sbuf *b, const sip_ctx *s, creds_kind kind, const char *uri, const char *nonce, uint32_t nc)
{
    const char *sep = s->ua->compact ? "," : ", ";
    char response[33], cnonce[17], user[16];
    rnd_chars(response, 32, HEX);
    rnd_chars(cnonce, 16, HEX);
    sb_printf(b, "%s: Digest username=\"%s\"%srealm=\"%s\"%snonce=\"", kind == CREDS_PROXY ? "Proxy-Authorization"
              : "Authorization", user_name(s->user, user), sep, s->srv->realm, sep);
    sb_str(b, nonce); /* may be 64 KiB: no printf */
    sb_printf(b, "\"%suri=\"%s\"%sresponse=\"%s\"%salgorithm=MD5%scnonce=\"%s\"%sqop=auth%snc=%08x", sep, uri, sep,
              response, sep, sep, cnonce, sep, sep, nc);
    if (s->srv->opaque) {
        sb_printf(b, "%sopaque=\"%s\"", sep, s->opaque);
    }
    sb_str(b, "\r\n");
}

static void
add_challenge_hdr(sbuf *b, const sip_ctx *s, bool proxy, bool stale)
{
    sb_printf(b, "%s: Digest realm=\"%s\", nonce=\"", proxy ? "Proxy-Authenticate" : "WWW-Authenticate",
              s->srv->realm);
    sb_add(b, s->nonce.p, s->nonce.len);
    sb_str(b, "\"");
    if (s->srv->opaque) {
        sb_printf(b, ", opaque=\"%s\"", s->opaque);
    }
    if (stale) {
        sb_str(b, ", stale=true");
    }
    sb_printf(b, ", algorithm=%s, qop=\"auth\"\r\n", s->srv->algorithm);
}

static const char *
request_uri(const sip_ctx *s, const char *method, char buf[96])
{
    char callee[16];
    if (strcmp(method, "REGISTER") == 0) {
        snprintf(buf, 96, "sip:%s", s->srv->domain);
    } else if (strcmp(method, "BYE") == 0 || strcmp(method, "ACK-2xx") == 0) {
        snprintf(buf, 96, "sip:%s@198.51.100.%u:5060", user_name(s->callee, callee), 10 + s->callee % 200);
    } else {
        snprintf(buf, 96, "sip:%s@%s", user_name(s->callee, callee), s->srv->domain);
    }
    return buf;
}

/* A request from the client.  method "ACK-2xx" is the ACK of a 2xx (its own
 * transaction, sent to the callee's Contact).  to_tag NULL: no tag. */
static void
build_request(sbuf *b, sip_ctx *s, const char *method, const char *to_tag, creds_kind creds, uint32_t nc,
              bool sdp)
{
    char ruri[96], host[16], user[16], callee[16];
    bool reg = strcmp(method, "REGISTER") == 0;
    bool ack2xx = strcmp(method, "ACK-2xx") == 0;
    const char *wire = ack2xx ? "ACK" : method;
    const char *transport = s->tcp ? "TCP" : "UDP";
    request_uri(s, method, ruri);
    ipstr(s->client.ip, host);
    user_name(s->user, user);
    sb_printf(b, "%s %s SIP/2.0\r\n", wire, ruri);
    sb_printf(b, "Via: SIP/2.0/%s %s:%u;rport;branch=%s\r\n", transport, host, s->client.port, s->branch);
    if (ack2xx || strcmp(method, "BYE") == 0) {
        sb_printf(b, "Route: <sip:%s;lr>\r\n", s->srv->domain);
    }
    sb_str(b, "Max-Forwards: 70\r\n");
    sb_printf(b, "From: \"User %u\" <sip:%s@%s>;tag=%s\r\n", s->user, user, s->srv->domain, s->from_tag);
    sb_printf(b, "To: <sip:%s@%s>%s%s\r\n", reg ? user : user_name(s->callee, callee), s->srv->domain,
              to_tag ? ";tag=" : "", to_tag ? to_tag : "");
    sb_printf(b, "Call-ID: %s\r\n", s->call_id);
    sb_printf(b, "CSeq: %u %s\r\n", s->cseq, wire);
    if (reg || strcmp(method, "INVITE") == 0) {
        sb_printf(b, "Contact: <sip:%s@%s:%u;transport=%s>%s\r\n", user, host, s->client.port,
                  s->tcp ? "tcp" : "udp", reg ? ";expires=3600" : "");
    }
    if (creds != CREDS_NONE) {
        char uri[96];
        add_creds(b, s, creds, request_uri(s, method, uri), s->nonce.p ? s->nonce.p : "", nc);
    }
    if (reg) {
        sb_str(b, "Expires: 3600\r\n");
    }
    if (reg || strcmp(method, "INVITE") == 0) {
        sb_str(b, "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, UPDATE, INFO, MESSAGE\r\n");
        sb_str(b, "Supported: replaces, timer, path\r\n");
    }
    sb_printf(b, "User-Agent: %s\r\n", s->ua->name);
    if (sdp) {
        add_sdp(b, s->client.ip, true);
    } else {
        sb_str(b, "Content-Length: 0\r\n\r\n");
    }
}

/* A response from the server side.  extra: headers, each ending in CRLF. */
static void
build_response(sbuf *b, const sip_ctx *s, unsigned code, const char *reason, const char *cseq_method,
               const char *to_tag, const char *extra, bool sdp)
{
    char host[16], user[16], callee[16];
    bool reg = strcmp(cseq_method, "REGISTER") == 0;
    ipstr(s->client.ip, host);
    user_name(s->user, user);
    sb_printf(b, "SIP/2.0 %u %s\r\n", code, reason);
    sb_printf(b, "Via: SIP/2.0/%s %s:%u;rport=%u;branch=%s\r\n", s->tcp ? "TCP" : "UDP", host, s->client.port,
              s->client.port, s->branch);
    if (code == 200 && strcmp(cseq_method, "INVITE") == 0) {
        sb_printf(b, "Record-Route: <sip:%s;lr>\r\n", s->srv->domain);
    }
    sb_printf(b, "From: \"User %u\" <sip:%s@%s>;tag=%s\r\n", s->user, user, s->srv->domain, s->from_tag);
    sb_printf(b, "To: <sip:%s@%s>%s%s\r\n", reg ? user : user_name(s->callee, callee), s->srv->domain,
              to_tag ? ";tag=" : "", to_tag ? to_tag : "");
    sb_printf(b, "Call-ID: %s\r\n", s->call_id);
    sb_printf(b, "CSeq: %u %s\r\n", s->cseq, cseq_method);
    if (extra) {
        sb_str(b, extra);
    }
    sb_printf(b, "Server: %s\r\n", s->srv->server_hdr);
    if (sdp) {
        add_sdp(b, IP4(198, 51, 100, 10 + s->callee % 200), false);
    } else {
        sb_str(b, "Content-Length: 0\r\n\r\n");
    }
}

/* Send a SIP message built in *msg; returns the index of its packet (UDP)
 * or of its last segment (TCP). */
static size_t
send_sip(conv *c, const sip_ctx *s, uint64_t delay, int dir, sbuf *msg, bool first_auth)
{
    pkt *p;
    if (s->tcp) {
        p = tcp_stream(c, delay, dir, msg->p, msg->len);
    } else {
        p = conv_add(c, delay, dir, 0, msg->p, msg->len);
    }
    p->sip = true;
    p->first_auth = first_auth;
    size_t index = (size_t)(p - c->pkts);
    msg->len = 0;
    return index;
}

/* The steps of the stories below.  Each builds one message and sends it. */
static void
req(conv *c, sip_ctx *s, uint64_t delay, const char *method, creds_kind creds, uint32_t nc, bool first_auth)
{
    sbuf m = { 0 };
    if (strcmp(method, "ACK") != 0) {
        new_branch(s); /* the ACK of a non-2xx reuses the INVITE's branch */
    }
    const char *to_tag = strcmp(method, "ACK") == 0 ? s->to_tag
                         : strcmp(method, "ACK-2xx") == 0 || strcmp(method, "BYE") == 0 ? s->callee_tag : NULL;
    build_request(&m, s, method, to_tag, creds, nc, strcmp(method, "INVITE") == 0);
    send_sip(c, s, delay, 0, &m, first_auth);
    sb_free(&m);
}

/* A 401 or 407 with a new nonce and To tag; returns its packet index. */
static size_t
challenge(conv *c, sip_ctx *s, uint64_t delay, const char *method, bool stale, bool first_auth)
{
    bool proxy = strcmp(method, "INVITE") == 0 && !s->srv->pbx;
    sbuf m = { 0 }, h = { 0 };
    new_nonce(s);
    new_to_tag(s);
    add_challenge_hdr(&h, s, proxy, stale);
    build_response(&m, s, proxy ? 407 : 401, proxy ? "Proxy Authentication Required" : "Unauthorized", method,
                   s->to_tag, h.p, false);
    size_t index = send_sip(c, s, delay, 1, &m, first_auth);
    sb_free(&m);
    sb_free(&h);
    return index;
}

static void
resp(conv *c, sip_ctx *s, uint64_t delay, unsigned code, const char *reason, const char *method)
{
    sbuf m = { 0 };
    char contact[128], host[16], callee[16];
    const char *extra = NULL;
    bool invite = strcmp(method, "INVITE") == 0;
    if (invite && code > 100 && code < 300) {
        snprintf(contact, sizeof contact, "Contact: <sip:%s@%s:5060>\r\n", user_name(s->callee, callee),
                 ipstr(IP4(198, 51, 100, 10 + s->callee % 200), host));
        extra = contact;
    } else if (code == 200 && strcmp(method, "REGISTER") == 0) {
        snprintf(contact, sizeof contact, "Contact: <sip:u%05u@%s:%u;transport=%s>;expires=3600\r\n", s->user,
                 ipstr(s->client.ip, host), s->client.port, s->tcp ? "tcp" : "udp");
        extra = contact;
    }
    build_response(&m, s, code, reason, method, code == 100 ? NULL : code < 300 && invite ? s->callee_tag : s->to_tag,
                   extra, invite && code == 200);
    send_sip(c, s, delay, 1, &m, false);
    sb_free(&m);
}

/* The stories of the flows mode, with how often each starts. */
enum {
    ST_INVITE_OK,        /* INVITE, 407, ACK, INVITE+creds, 100, 180, 200, ACK, BYE, 200 */
    ST_INVITE_OK_SHORT,  /* INVITE, 407, ACK, INVITE+creds, 100, 200, ACK */
    ST_REGISTER_OK,      /* REGISTER, 401, REGISTER+creds, 200 */
    ST_INVITE_WRONG_PW,  /* INVITE, 407, ACK, then twice INVITE+creds, 407, ACK */
    ST_REGISTER_WRONG_PW,/* REGISTER, 401, REGISTER+creds, 401, REGISTER+creds, 403 */
    ST_INVITE_NO_RETRY,  /* INVITE, 407, ACK: the phone has no proxy credentials */
    ST_REGISTER_NO_RETRY,/* REGISTER, 401 */
    ST_REGISTER_STALE,   /* REGISTER+old creds, 401 stale=true, REGISTER+creds, 200 */
    ST_INVITE_ACK_MISSING,/* INVITE, 407 and its 10 retransmissions (Timer G up to Timer H) */
    ST_INVITE_ACK_LOST,  /* INVITE, 407, INVITE+creds, 100, 407 again, ACK, 180, 200, ACK */
    ST_COUNT
};

static const struct {
    const char *name;
    unsigned    weight;
} stories[ST_COUNT] = {
    [ST_INVITE_OK] = { "invite_ok", 25 },
    [ST_INVITE_OK_SHORT] = { "invite_ok_short", 15 },
    [ST_REGISTER_OK] = { "register_ok", 35 },
    [ST_INVITE_WRONG_PW] = { "invite_wrong_password", 4 },
    [ST_REGISTER_WRONG_PW] = { "register_wrong_password", 4 },
    [ST_INVITE_NO_RETRY] = { "invite_no_retry", 3 },
    [ST_REGISTER_NO_RETRY] = { "register_no_retry", 3 },
    [ST_REGISTER_STALE] = { "register_stale", 6 },
    [ST_INVITE_ACK_MISSING] = { "invite_ack_missing", 2 },
    [ST_INVITE_ACK_LOST] = { "invite_ack_lost", 3 },
};
static uint64_t story_count[ST_COUNT];

static int
pick_story(void)
{
    unsigned total = 0;
    for (int i = 0; i < ST_COUNT; i++) {
        total += stories[i].weight;
    }
    unsigned r = rnd_below(total);
    for (int i = 0; i < ST_COUNT; i++) {
        if (r < stories[i].weight) {
            return i;
        }
        r -= stories[i].weight;
    }
    return 0;
}

/* An INVITE answered with credentials: 100, maybe 180, 200, ACK, maybe BYE. */
static void
invite_accepted(conv *c, sip_ctx *s, bool ringing, bool bye)
{
    rnd_chars(s->callee_tag, 12, ALNUM);
    resp(c, s, ms(1, 8), 100, "Trying", "INVITE");
    if (ringing) {
        resp(c, s, ms(50, 400), 180, "Ringing", "INVITE");
    }
    resp(c, s, ms(500, 8000), 200, "OK", "INVITE");
    req(c, s, ms(1, 30), "ACK-2xx", CREDS_NONE, 0, false);
    if (bye) {
        s->cseq++;
        req(c, s, ms(2000, 60000), "BYE", CREDS_NONE, 0, false);
        resp(c, s, ms(1, 10), 200, "OK", "BYE");
    }
}

static conv *
make_sip_flow(uint64_t t, uint64_t index)
{
    (void)index;
    sip_ctx s;
    ctx_init(&s, pick_server(), rnd_below(N_USERS), false);
    conv *c = conv_new(t, T_UDP, s.client, s.server);
    int story = pick_story();
    c->story = story;
    story_count[story]++;
    creds_kind ck = s.srv->pbx ? CREDS_WWW : CREDS_PROXY;
    switch (story) {
    case ST_INVITE_OK:
    case ST_INVITE_OK_SHORT:
        req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "INVITE", false, true);
        req(c, &s, ms(0, 3), "ACK", CREDS_NONE, 0, false);
        s.cseq++;
        req(c, &s, ms(1, 40), "INVITE", ck, 1, false);
        invite_accepted(c, &s, story == ST_INVITE_OK, story == ST_INVITE_OK);
        break;
    case ST_REGISTER_OK:
        req(c, &s, 0, "REGISTER", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "REGISTER", false, true);
        s.cseq++;
        req(c, &s, ms(2, 40), "REGISTER", CREDS_WWW, 1, false);
        resp(c, &s, ms(1, 20), 200, "OK", "REGISTER");
        break;
    case ST_INVITE_WRONG_PW:
        req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "INVITE", false, true);
        req(c, &s, ms(0, 3), "ACK", CREDS_NONE, 0, false);
        for (int i = 0; i < 2; i++) {
            s.cseq++;
            req(c, &s, ms(1, 40), "INVITE", ck, 1, false);
            challenge(c, &s, ms(1, 15), "INVITE", false, false);
            req(c, &s, ms(0, 3), "ACK", CREDS_NONE, 0, false);
        }
        break;
    case ST_REGISTER_WRONG_PW:
        req(c, &s, 0, "REGISTER", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "REGISTER", false, true);
        s.cseq++;
        req(c, &s, ms(2, 40), "REGISTER", CREDS_WWW, 1, false);
        challenge(c, &s, ms(1, 15), "REGISTER", false, false);
        s.cseq++;
        req(c, &s, ms(2, 40), "REGISTER", CREDS_WWW, 1, false);
        resp(c, &s, ms(1, 15), 403, "Forbidden", "REGISTER");
        break;
    case ST_INVITE_NO_RETRY:
        req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "INVITE", false, true);
        req(c, &s, ms(0, 3), "ACK", CREDS_NONE, 0, false);
        break;
    case ST_REGISTER_NO_RETRY:
        req(c, &s, 0, "REGISTER", CREDS_NONE, 0, false);
        challenge(c, &s, ms(1, 15), "REGISTER", false, true);
        break;
    case ST_REGISTER_STALE:
        new_nonce(&s); /* an hour-old nonce from an earlier registration */
        req(c, &s, 0, "REGISTER", CREDS_WWW, 2 + rnd_below(40), true);
        challenge(c, &s, ms(1, 15), "REGISTER", true, false);
        s.cseq++;
        req(c, &s, ms(2, 40), "REGISTER", CREDS_WWW, 1, false);
        resp(c, &s, ms(1, 20), 200, "OK", "REGISTER");
        break;
    case ST_INVITE_ACK_MISSING: {
        req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
        size_t first = challenge(c, &s, ms(1, 15), "INVITE", false, true);
        /* RFC 3261 §17.2.1 Timer G: T1, doubling up to T2, until Timer H (64*T1) */
        uint64_t gap = 500 * MS;
        for (int i = 0; i < 10; i++) {
            conv_again(c, gap, first);
            gap = gap * 2 < 4 * SEC ? gap * 2 : 4 * SEC;
        }
        break;
    }
    case ST_INVITE_ACK_LOST: {
        /* The ACK is lost on the way; the phone retries at once, and ACKs
         * the 407 the proxy retransmits. */
        req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
        size_t first = challenge(c, &s, ms(1, 15), "INVITE", false, true);
        char first_branch[40], first_tag[48];
        memcpy(first_branch, s.branch, sizeof first_branch);
        memcpy(first_tag, s.to_tag, sizeof first_tag);
        uint32_t first_cseq = s.cseq;
        uint64_t t407 = c->t;
        s.cseq++;
        req(c, &s, ms(1, 40), "INVITE", ck, 1, false);
        char retry_branch[40];
        memcpy(retry_branch, s.branch, sizeof retry_branch);
        uint32_t retry_cseq = s.cseq;
        rnd_chars(s.callee_tag, 12, ALNUM);
        resp(c, &s, ms(1, 8), 100, "Trying", "INVITE");
        conv_again(c, t407 + 500 * MS > c->t ? t407 + 500 * MS - c->t : 1 * MS, first);
        memcpy(s.branch, first_branch, sizeof s.branch);
        s.cseq = first_cseq;
        req(c, &s, ms(0, 3), "ACK", CREDS_NONE, 0, false);
        memcpy(s.branch, retry_branch, sizeof s.branch);
        s.cseq = retry_cseq;
        resp(c, &s, ms(50, 400), 180, "Ringing", "INVITE");
        resp(c, &s, ms(500, 8000), 200, "OK", "INVITE");
        req(c, &s, ms(1, 30), "ACK-2xx", CREDS_NONE, 0, false);
        break;
    }
    }
    sb_free(&s.nonce);
    return c;
}

/* ------------------------------------------------------------------ */
/* Ordinary traffic: DNS, HTTP, TLS                                    */

static const char *const hostnames[] = {
    "www.example.com", "mail.example.org", "api.example.net", "cdn.example.com", "time.example.org",
    "update.example.net", "static.example.com", "login.example.org", "images.example.net", "ntp.example.com",
    "docs.example.org", "git.example.net",
};
#define N_HOSTNAMES (sizeof hostnames / sizeof hostnames[0])

static void
dns_name(sbuf *b, const char *name)
{
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t len = dot ? (size_t)(dot - name) : strlen(name);
        sb_byte(b, (unsigned)len);
        sb_add(b, name, len);
        name += len + (dot ? 1 : 0);
    }
    sb_byte(b, 0);
}

static endpoint
lan_client(void)
{
    return (endpoint){ IP4(10, 30, rnd_below(4), 10 + rnd_below(240)), (uint16_t)(32768 + rnd_below(28000)) };
}

static conv *
make_dns(uint64_t t)
{
    conv *c = conv_new(t, T_UDP, lan_client(), (endpoint){ IP4(192, 0, 2, 53), 53 });
    const char *name = hostnames[rnd_below(N_HOSTNAMES)];
    bool aaaa = rnd_below(3) == 0;
    unsigned id = rnd_below(65536), answers = 1 + rnd_below(3);
    sbuf q = { 0 }, r = { 0 };
    sb_be16(&q, id);
    sb_be16(&q, 0x0100);
    sb_be16(&q, 1), sb_be16(&q, 0), sb_be16(&q, 0), sb_be16(&q, 1);
    dns_name(&q, name);
    sb_be16(&q, aaaa ? 28 : 1), sb_be16(&q, 1);
    sb_byte(&q, 0), sb_be16(&q, 41), sb_be16(&q, 1232), sb_be32(&q, 0), sb_be16(&q, 0); /* EDNS0 OPT */
    sb_be16(&r, id);
    sb_be16(&r, 0x8180);
    sb_be16(&r, 1), sb_be16(&r, answers), sb_be16(&r, 0), sb_be16(&r, 1);
    dns_name(&r, name);
    sb_be16(&r, aaaa ? 28 : 1), sb_be16(&r, 1);
    for (unsigned a = 0; a < answers; a++) {
        sb_be16(&r, 0xc00c);
        sb_be16(&r, aaaa ? 28 : 1), sb_be16(&r, 1);
        sb_be32(&r, 60 + rnd_below(3600));
        sb_be16(&r, aaaa ? 16 : 4);
        if (aaaa) {
            sb_be32(&r, 0x20010db8), sb_be32(&r, rnd_below(65536)), sb_be32(&r, 0), sb_be32(&r, (uint32_t)rnd64());
        } else {
            sb_be32(&r, IP4(203, 0, 113, rnd_below(250) + 1));
        }
    }
    sb_byte(&r, 0), sb_be16(&r, 41), sb_be16(&r, 1232), sb_be32(&r, 0), sb_be16(&r, 0);
    conv_add(c, 0, 0, 0, q.p, q.len);
    conv_add(c, ms(1, 30), 1, 0, r.p, r.len);
    sb_free(&q);
    sb_free(&r);
    return c;
}

static const char *const words[] = {
    "the", "quick", "network", "packet", "server", "listens", "on", "port", "and", "answers", "every",
    "request", "with", "a", "page", "of", "text", "that", "nobody", "reads",
};

static conv *
make_http(uint64_t t)
{
    conv *c = conv_new(t, T_TCP, lan_client(), (endpoint){ IP4(203, 0, 113, 1 + rnd_below(250)), 80 });
    const char *host = hostnames[rnd_below(N_HOSTNAMES)];
    uint64_t rtt = ms(2, 60);
    sbuf rq = { 0 }, body = { 0 }, rs = { 0 };
    sb_printf(&rq, "GET /%s/%u.html HTTP/1.1\r\nHost: %s\r\n", words[rnd_below(20)], rnd_below(10000), host);
    sb_str(&rq, "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0\r\n"
                "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");
    size_t want = 200 + rnd_below(16000);
    sb_str(&body, "<!DOCTYPE html>\n<html><head><title>Example</title></head><body>\n<p>");
    while (body.len < want) {
        sb_str(&body, words[rnd_below(20)]);
        sb_str(&body, rnd_below(12) ? " " : ".</p>\n<p>");
    }
    sb_str(&body, "</p>\n</body></html>\n");
    sb_printf(&rs, "HTTP/1.1 200 OK\r\nDate: Fri, 01 Mar 2024 09:%02u:%02u GMT\r\nServer: nginx/1.22.1\r\n"
                   "Content-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n"
                   "Last-Modified: Thu, 29 Feb 2024 17:12:09 GMT\r\n\r\n",
              rnd_below(60), rnd_below(60), body.len);
    sb_add(&rs, body.p, body.len);
    tcp_handshake(c, 0);
    c->t += rtt;
    tcp_stream(c, 100, 0, rq.p, rq.len);
    tcp_stream(c, rtt / 2 + ms(0, 20), 1, rs.p, rs.len);
    tcp_teardown(c, ms(0, 5));
    sb_free(&rq);
    sb_free(&body);
    sb_free(&rs);
    return c;
}

static void
tls_record(sbuf *b, unsigned type, const sbuf *content)
{
    sb_byte(b, type);
    sb_be16(b, 0x0303);
    sb_be16(b, (unsigned)content->len);
    sb_add(b, content->p, content->len);
}

/* A TLS 1.3 ClientHello with SNI, as a browser sends it. */
static void
client_hello(sbuf *out, const char *host)
{
    sbuf ext = { 0 }, hs = { 0 };
    size_t hl = strlen(host);
    sb_be16(&ext, 0x0000), sb_be16(&ext, (unsigned)hl + 5), sb_be16(&ext, (unsigned)hl + 3), sb_byte(&ext, 0);
    sb_be16(&ext, (unsigned)hl), sb_add(&ext, host, hl);
    sb_be16(&ext, 0x000a), sb_be16(&ext, 8), sb_be16(&ext, 6), sb_be16(&ext, 0x001d), sb_be16(&ext, 0x0017),
        sb_be16(&ext, 0x0018);
    sb_be16(&ext, 0x000b), sb_be16(&ext, 2), sb_byte(&ext, 1), sb_byte(&ext, 0);
    sb_be16(&ext, 0x0010), sb_be16(&ext, 14), sb_be16(&ext, 12), sb_byte(&ext, 2), sb_str(&ext, "h2");
    sb_byte(&ext, 8), sb_str(&ext, "http/1.1");
    static const unsigned sigalgs[] = { 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601 };
    sb_be16(&ext, 0x000d), sb_be16(&ext, 18), sb_be16(&ext, 16);
    for (size_t i = 0; i < 8; i++) {
        sb_be16(&ext, sigalgs[i]);
    }
    sb_be16(&ext, 0x002b), sb_be16(&ext, 5), sb_byte(&ext, 4), sb_be16(&ext, 0x0304), sb_be16(&ext, 0x0303);
    sb_be16(&ext, 0x002d), sb_be16(&ext, 2), sb_byte(&ext, 1), sb_byte(&ext, 1);
    sb_be16(&ext, 0x0033), sb_be16(&ext, 38), sb_be16(&ext, 36), sb_be16(&ext, 0x001d), sb_be16(&ext, 32);
    sb_random(&ext, 32);
    sb_be16(&hs, 0x0303);
    sb_random(&hs, 32);
    sb_byte(&hs, 32);
    sb_random(&hs, 32);
    static const unsigned suites[] = { 0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030 };
    sb_be16(&hs, 2 * 9);
    for (size_t i = 0; i < 9; i++) {
        sb_be16(&hs, suites[i]);
    }
    sb_byte(&hs, 1), sb_byte(&hs, 0);
    sb_be16(&hs, (unsigned)ext.len);
    sb_add(&hs, ext.p, ext.len);
    sbuf msg = { 0 };
    sb_byte(&msg, 1), sb_be24(&msg, (unsigned)hs.len), sb_add(&msg, hs.p, hs.len);
    out->len = 0;
    sb_byte(out, 22), sb_be16(out, 0x0301), sb_be16(out, (unsigned)msg.len), sb_add(out, msg.p, msg.len);
    sb_free(&ext);
    sb_free(&hs);
    sb_free(&msg);
}

/* ServerHello, ChangeCipherSpec, then the encrypted rest of the handshake. */
static void
server_flight(sbuf *out)
{
    sbuf hs = { 0 }, ext = { 0 }, msg = { 0 }, rec = { 0 };
    sb_be16(&ext, 0x002b), sb_be16(&ext, 2), sb_be16(&ext, 0x0304);
    sb_be16(&ext, 0x0033), sb_be16(&ext, 36), sb_be16(&ext, 0x001d), sb_be16(&ext, 32);
    sb_random(&ext, 32);
    sb_be16(&hs, 0x0303);
    sb_random(&hs, 32);
    sb_byte(&hs, 32);
    sb_random(&hs, 32);
    sb_be16(&hs, 0x1301);
    sb_byte(&hs, 0);
    sb_be16(&hs, (unsigned)ext.len);
    sb_add(&hs, ext.p, ext.len);
    sb_byte(&msg, 2), sb_be24(&msg, (unsigned)hs.len), sb_add(&msg, hs.p, hs.len);
    out->len = 0;
    tls_record(out, 22, &msg);
    sb_byte(&rec, 1);
    tls_record(out, 20, &rec);
    rec.len = 0;
    sb_random(&rec, 2000 + rnd_below(2500)); /* EncryptedExtensions, Certificate, CertificateVerify, Finished */
    tls_record(out, 23, &rec);
    sb_free(&hs);
    sb_free(&ext);
    sb_free(&msg);
    sb_free(&rec);
}

static conv *
make_tls(uint64_t t)
{
    conv *c = conv_new(t, T_TCP, lan_client(), (endpoint){ IP4(203, 0, 113, 1 + rnd_below(250)), 443 });
    uint64_t rtt = ms(2, 60);
    sbuf b = { 0 }, rec = { 0 };
    tcp_handshake(c, 0);
    c->t += rtt;
    client_hello(&b, hostnames[rnd_below(N_HOSTNAMES)]);
    tcp_stream(c, 100, 0, b.p, b.len);
    server_flight(&b);
    tcp_stream(c, rtt / 2 + ms(0, 5), 1, b.p, b.len);
    b.len = 0;
    sb_byte(&rec, 1);
    tls_record(&b, 20, &rec);
    rec.len = 0;
    sb_random(&rec, 53); /* Finished */
    tls_record(&b, 23, &rec);
    tcp_stream(c, ms(1, 3), 0, b.p, b.len);
    unsigned exchanges = 1 + rnd_below(3);
    for (unsigned x = 0; x < exchanges; x++) {
        b.len = rec.len = 0;
        sb_random(&rec, 300 + rnd_below(400)); /* a request */
        tls_record(&b, 23, &rec);
        tcp_stream(c, ms(0, 200), 0, b.p, b.len);
        b.len = 0;
        size_t total = 500 + rnd_below(20000);
        while (total > 0) { /* the answer, in records of up to 16 KiB */
            size_t n = total < 16384 ? total : 16384;
            rec.len = 0;
            sb_random(&rec, n);
            tls_record(&b, 23, &rec);
            total -= n;
        }
        tcp_stream(c, rtt / 2 + ms(0, 30), 1, b.p, b.len);
    }
    b.len = rec.len = 0;
    sb_random(&rec, 19); /* close_notify */
    tls_record(&b, 23, &rec);
    tcp_stream(c, ms(0, 100), 0, b.p, b.len);
    tcp_teardown(c, ms(0, 2));
    sb_free(&b);
    sb_free(&rec);
    return c;
}

static conv *
make_nonsip(uint64_t t, uint64_t index)
{
    (void)index;
    unsigned r = rnd_below(100);
    return r < 60 ? make_dns(t) : r < 80 ? make_http(t) : make_tls(t);
}

/* ------------------------------------------------------------------ */
/* Hostile captures                                                    */

static const server_def hostile_proxy = { IP4(192, 0, 2, 10), "sip.example.com", "sip.example.com",
                                          "kamailio (5.6.3 (x86_64/linux))", NONCE_B64, false, "MD5", false, 1 };

/* One Call-ID: INVITE, then N times 407 + ACK, each 407 answered by an
 * INVITE with credentials for the previous nonce (a wrong password that the
 * phone never gives up on).  3N messages. */
static void
gen_many_challenges(uint64_t n)
{
    sip_ctx s;
    ctx_init(&s, &hostile_proxy, 1, false);
    conv *c = conv_new(0, T_UDP, s.client, s.server);
    s.cseq = 1;
    req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
    for (uint64_t i = 0; i < n; i++) {
        if (i > 0) {
            s.cseq++;
            req(c, &s, ms(10, 40), "INVITE", CREDS_PROXY, 1, false);
        }
        challenge(c, &s, ms(1, 10), "INVITE", false, i == 0);
        req(c, &s, ms(0, 2), "ACK", CREDS_NONE, 0, false);
        conv_drain(c);
    }
    conv_free(c);
    sb_free(&s.nonce);
}

/* Over TCP, since the 407 is far larger than a datagram should be
 * (RFC 3261 §18.1.1): INVITE, a 407 with N Proxy-Authenticate headers (realm
 * i for header i), ACK, an INVITE answering the first one, 100, 200, ACK. */
static void
gen_many_headers(uint64_t n)
{
    sip_ctx s;
    ctx_init(&s, &hostile_proxy, 2, true);
    conv *c = conv_new(0, T_TCP, s.client, s.server);
    tcp_handshake(c, 0);
    s.cseq = 1;
    req(c, &s, ms(1, 2), "INVITE", CREDS_NONE, 0, false);
    sbuf h = { 0 }, m = { 0 }, first_nonce = { 0 };
    new_to_tag(&s);
    for (uint64_t i = 0; i < n; i++) {
        new_nonce(&s);
        if (i == 0) {
            sb_add(&first_nonce, s.nonce.p, s.nonce.len);
        }
        sb_printf(&h, "Proxy-Authenticate: Digest realm=\"realm%05" PRIu64 ".example.com\", nonce=\"%s\", "
                      "qop=\"auth\", algorithm=MD5\r\n", i + 1, s.nonce.p);
    }
    build_response(&m, &s, 407, "Proxy Authentication Required", "INVITE", s.to_tag, h.p, false);
    send_sip(c, &s, ms(1, 10), 1, &m, true);
    req(c, &s, ms(0, 2), "ACK", CREDS_NONE, 0, false);
    /* the retry answers realm00001 with the first nonce */
    s.nonce.len = 0;
    sb_add(&s.nonce, first_nonce.p, first_nonce.len);
    s.cseq++;
    new_branch(&s);
    char ruri[96], user[16];
    request_uri(&s, "INVITE", ruri);
    m.len = 0;
    build_request(&m, &s, "INVITE", NULL, CREDS_NONE, 0, true);
    /* build_request's credentials name the server's realm: write them here */
    char *at = strstr(m.p, "Allow: ");
    sbuf creds = { 0 };
    sb_printf(&creds, "Proxy-Authorization: Digest username=\"%s\", realm=\"realm00001.example.com\", nonce=\"%s\", "
                      "uri=\"%s\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5, "
                      "cnonce=\"0a4f113b\", qop=auth, nc=00000001\r\n",
              user_name(s.user, user), first_nonce.p, ruri);
    sbuf full = { 0 };
    sb_add(&full, m.p, (size_t)(at - m.p));
    sb_add(&full, creds.p, creds.len);
    sb_str(&full, at);
    send_sip(c, &s, ms(10, 40), 0, &full, false);
    invite_accepted(c, &s, false, false);
    tcp_teardown(c, ms(100, 200));
    conv_drain(c);
    conv_free(c);
    sb_free(&h);
    sb_free(&m);
    sb_free(&first_nonce);
    sb_free(&creds);
    sb_free(&full);
    sb_free(&s.nonce);
}

/* INVITE, 407 with a `bytes`-long nonce, ACK, INVITE with credentials
 * carrying that nonce, 100, 200, ACK; over TCP. */
static void
gen_huge_nonce(uint64_t bytes)
{
    sip_ctx s;
    ctx_init(&s, &hostile_proxy, 3, true);
    conv *c = conv_new(0, T_TCP, s.client, s.server);
    tcp_handshake(c, 0);
    s.cseq = 1;
    req(c, &s, ms(1, 2), "INVITE", CREDS_NONE, 0, false);
    /* challenge() makes a normal nonce: replace it before sending */
    sbuf h = { 0 }, m = { 0 };
    new_to_tag(&s);
    s.nonce.len = 0;
    sb_grow(&s.nonce, bytes);
    for (uint64_t i = 0; i < bytes; i++) {
        s.nonce.p[i] = B64[rnd64() % 64];
    }
    s.nonce.len = bytes;
    s.nonce.p[bytes] = '\0';
    add_challenge_hdr(&h, &s, true, false);
    build_response(&m, &s, 407, "Proxy Authentication Required", "INVITE", s.to_tag, h.p, false);
    send_sip(c, &s, ms(1, 10), 1, &m, true);
    req(c, &s, ms(0, 2), "ACK", CREDS_NONE, 0, false);
    s.cseq++;
    req(c, &s, ms(10, 40), "INVITE", CREDS_PROXY, 1, false);
    invite_accepted(c, &s, false, false);
    tcp_teardown(c, ms(100, 200));
    conv_drain(c);
    conv_free(c);
    sb_free(&h);
    sb_free(&m);
    sb_free(&s.nonce);
}

/* N registrations, each REGISTER, 401 (its own nonce), REGISTER+creds, 200. */
static conv *
make_register_ok(uint64_t t, uint64_t index)
{
    sip_ctx s;
    ctx_init(&s, &hostile_proxy, (uint32_t)(index % N_USERS), false);
    conv *c = conv_new(t, T_UDP, s.client, s.server);
    req(c, &s, 0, "REGISTER", CREDS_NONE, 0, false);
    challenge(c, &s, ms(1, 15), "REGISTER", false, true);
    s.cseq++;
    req(c, &s, ms(2, 40), "REGISTER", CREDS_WWW, 1, false);
    resp(c, &s, ms(1, 20), 200, "OK", "REGISTER");
    sb_free(&s.nonce);
    return c;
}

#define N_MALFORMED 16u

/* The value of a malformed auth header (after "Name: "), variant k.  Every
 * value stays under 64 KiB so that the message fits one UDP datagram. */
static void
malformed_value(sbuf *b, unsigned k)
{
    switch (k % N_MALFORMED) {
    case 0: /* unterminated quote swallowing the rest */
        sb_str(b, "Digest realm=\"sip.example.com, nonce=\"");
        sb_str(b, "abcdef0123456789, qop=\"auth, algorithm=MD5");
        break;
    case 1: /* thousands of commas */
        sb_str(b, "Digest ");
        sb_repeat(b, ',', 3000);
        sb_str(b, "realm=\"sip.example.com\"");
        sb_repeat(b, ',', 3000);
        sb_str(b, "nonce=\"c0ffee\"");
        sb_repeat(b, ',', 2000);
        break;
    case 2: /* nested quotes and backslashes, ending in a lone backslash */
        sb_str(b, "Digest realm=\"a\\\"b\\\\\\\"c\\\\\\\\\\\"d\", nonce=\"\\\"\\\"\\\"\"\"\"\", "
                  "opaque=\"\\\\\\\\\\\\\\\\\", qop=\"\\\"auth\\\"\", uri=\"sip:\\\"x\\\"@y\\");
        break;
    case 3: { /* binary garbage, NULs included (never CR or LF: they end the line) */
        sb_str(b, "Digest ");
        for (int i = 0; i < 2048; i++) {
            unsigned v = rnd_below(256);
            sb_byte(b, v == '\r' || v == '\n' ? 0xff : v);
        }
        break;
    }
    case 4: /* empty everything */
        sb_str(b, "Digest realm=, nonce=\"\", =, =\"x\", qop=,, algorithm=, ,, = ,=,\"\",username=\"\",nc=");
        break;
    case 5: /* 10,000 distinct params (3-character names) */
        sb_str(b, "Digest ");
        for (unsigned i = 0; i < 10000; i++) {
            sb_printf(b, "%c%c%c=1,", ALNUM[i % 62], ALNUM[(i / 62) % 62], ALNUM[(i / 3844) % 62]);
        }
        sb_str(b, "realm=\"sip.example.com\"");
        break;
    case 6: /* 4,000 times the same param */
        sb_str(b, "Digest ");
        for (unsigned i = 0; i < 4000; i++) {
            sb_printf(b, "realm=\"r%u\",", i);
        }
        break;
    case 7: /* 200 challenges in one value (the parser keeps 32) */
        for (unsigned i = 0; i < 200; i++) {
            sb_printf(b, "%sDigest realm=\"r%u.example.com\", nonce=\"n%u\"", i ? ", " : "", i, i);
        }
        break;
    case 8: /* a storm of quotes */
        sb_str(b, "Digest realm=");
        sb_repeat(b, '"', 5001);
        sb_str(b, ", nonce=\"x\"");
        break;
    case 9: /* a storm of backslashes in an unterminated string */
        sb_str(b, "Digest nonce=\"");
        sb_repeat(b, '\\', 20001);
        break;
    case 10: /* no scheme; Basic token68 glued to Digest; a missing comma */
        sb_str(b, "realm=\"x\", nonce=\"y\", Basic dXNlcjpwYXNz==, Digest realm=\"z\" nonce=\"w\" qop=auth, "
                  "Negotiate, Digest, =====, Digest realm");
        break;
    case 11: /* a 30,000-byte param name and a 30,000-byte unquoted value */
        sb_str(b, "Digest ");
        sb_repeat(b, 'r', 30000);
        sb_str(b, "=\"v\", nonce=");
        sb_repeat(b, 'N', 30000);
        break;
    case 12: /* UTF-8, control characters and DEL inside and outside quotes */
        sb_str(b, "Digest realm=\"r\xc3\xa9" "alm\x01\x7f\xe2\x82\xac\", nonce=\xff\xfe\x01, qop=\"\x1b[31mauth\"");
        break;
    case 13: /* scheme case and quoted tokens, odd but common */
        sb_str(b, "dIgEsT realm=sip.example.com,nonce=abc,algorithm=\"md5\",stale=\"TRUE\",qop=\"auth\","
                  "nc=\"00000001\"  ,  uri  =  \"sip:x\"");
        break;
    case 14: /* 400 folded continuation lines */
        sb_str(b, "Digest realm=\"sip.example.com\"");
        for (unsigned i = 0; i < 400; i++) {
            sb_printf(b, ",\r\n %s=\"v%u\"", i % 2 ? "p" : "nonce", i);
        }
        break;
    default: /* a huge token68 */
        sb_str(b, "Digest ");
        sb_repeat(b, 'A', 40000);
        sb_str(b, "==");
        break;
    }
}

static uint64_t malformed_wanted, malformed_made;

/* INVITE, 407 with a malformed Proxy-Authenticate (variant index), ACK,
 * INVITE with a malformed Proxy-Authorization (variant index + 7: each
 * variant appears in both kinds of header), 403, ACK.
 * The last flow of an odd N stops after the ACK. */
static conv *
make_malformed(uint64_t t, uint64_t index)
{
    sip_ctx s;
    ctx_init(&s, &hostile_proxy, (uint32_t)(index % N_USERS), false);
    /* the variants in the Call-ID, so that a test can tell the flows apart */
    char host[16];
    snprintf(s.call_id, sizeof s.call_id, "malformed-%02u-%02u-%06" PRIu64 "@%s", (unsigned)(index % N_MALFORMED),
             (unsigned)((index + 7) % N_MALFORMED), index, ipstr(s.client.ip, host));
    conv *c = conv_new(t, T_UDP, s.client, s.server);
    sbuf h = { 0 }, m = { 0 };
    req(c, &s, 0, "INVITE", CREDS_NONE, 0, false);
    new_to_tag(&s);
    sb_str(&h, "Proxy-Authenticate: ");
    malformed_value(&h, (unsigned)index);
    malformed_made++;
    sb_str(&h, "\r\n");
    build_response(&m, &s, 407, "Proxy Authentication Required", "INVITE", s.to_tag, h.p, false);
    send_sip(c, &s, ms(1, 10), 1, &m, true);
    req(c, &s, ms(0, 2), "ACK", CREDS_NONE, 0, false);
    if (malformed_made < malformed_wanted) {
        s.cseq++;
        new_branch(&s);
        build_request(&m, &s, "INVITE", NULL, CREDS_NONE, 0, true);
        char *at = strstr(m.p, "Allow: ");
        sbuf full = { 0 };
        sb_add(&full, m.p, (size_t)(at - m.p));
        sb_str(&full, "Proxy-Authorization: ");
        malformed_value(&full, (unsigned)(index + 7));
        malformed_made++;
        sb_str(&full, "\r\n");
        sb_str(&full, at);
        send_sip(c, &s, ms(10, 40), 0, &full, false);
        new_to_tag(&s);
        resp(c, &s, ms(1, 10), 403, "Forbidden", "INVITE");
        req(c, &s, ms(0, 2), "ACK", CREDS_NONE, 0, false);
        sb_free(&full);
    }
    sb_free(&h);
    sb_free(&m);
    sb_free(&s.nonce);
    return c;
}

/* ------------------------------------------------------------------ */

static void
usage(void)
{
    fputs("usage: gen_pcap MODE COUNT OUT.pcap\n"
          "  flows N            N SIP messages of interleaved auth flows (UDP)\n"
          "  nonsip N           N packets of DNS, HTTP and TLS\n"
          "  many-challenges N  one Call-ID challenged N times (3N messages)\n"
          "  many-headers N     one 407 with N Proxy-Authenticate headers (TCP)\n"
          "  huge-nonce BYTES   a 407 and its retry with a BYTES-long nonce (TCP)\n"
          "  distinct-nonces N  N REGISTER flows, each with its own nonce (4N messages)\n"
          "  malformed N        N malformed auth headers (3N messages)\n",
          stderr);
    exit(2);
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        usage();
    }
    const char *mode = argv[1];
    char *end;
    unsigned long long count = strtoull(argv[2], &end, 10);
    if (*end || end == argv[2] || count == 0 || count > UINT64_C(100000000)) {
        die("COUNT must be a number from 1 to 100000000");
    }
    uint64_t n = count;
    pcap_open(argv[3]);
    if (strcmp(mode, "flows") == 0) {
        /* ~150 new flows a second: a busy proxy of a few thousand phones */
        schedule(make_sip_flow, UINT64_MAX, 6667 * US, COUNT_SIP, n);
    } else if (strcmp(mode, "nonsip") == 0) {
        schedule(make_nonsip, UINT64_MAX, 2500 * US, COUNT_FRAMES, n);
    } else if (strcmp(mode, "many-challenges") == 0) {
        gen_many_challenges(n);
    } else if (strcmp(mode, "many-headers") == 0) {
        gen_many_headers(n);
    } else if (strcmp(mode, "huge-nonce") == 0) {
        gen_huge_nonce(n);
    } else if (strcmp(mode, "distinct-nonces") == 0) {
        schedule(make_register_ok, n, 2 * MS, COUNT_SIP, 0);
    } else if (strcmp(mode, "malformed") == 0) {
        malformed_wanted = n;
        schedule(make_malformed, (n + 1) / 2, 5 * MS, COUNT_SIP, 0);
    } else {
        usage();
    }
    pcap_close();
    printf("mode=%s count=%" PRIu64 " frames=%" PRIu64 " messages=%" PRIu64 " auth_flows=%" PRIu64, mode, n,
           n_frames, n_sip, n_auth_flows);
    if (strcmp(mode, "flows") == 0) {
        for (int i = 0; i < ST_COUNT; i++) {
            printf(" %s=%" PRIu64, stories[i].name, story_count[i]);
        }
    }
    putchar('\n');
    return 0;
}
