/* test_sip_parse.c - unit tests for the SIP message reader (sip_parse.h).
 *
 * Every message is parsed from a heap copy of exactly its length, with no
 * NUL after it, so that AddressSanitizer and valgrind catch any read past
 * len.  Expectations are exact: what the reader returns is what the engine
 * matches transactions, dialogs and challenges on.  Absent values must be
 * NULL (never ""), and every kept string must be a copy, not a pointer into
 * the message bytes (the body is the one thing that points into them).
 */
#include "sip_parse.h"

#include <string.h>

#include <glib.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

typedef struct {
    uint8_t          *data;      /* exact-size copy of the input, or NULL for len 0 */
    size_t            len;
    size_t            consumed;  /* what sip_parse_message() returned */
    sip_message       msg;
    sip_parse_storage storage;
} parsed;

static bool inside(const parsed *p, const void *ptr)
{
    const uint8_t *q = ptr;
    return p->data && q >= p->data && q < p->data + p->len;
}

/* A kept string is NULL or a non-empty, NUL-terminated copy. */
static void assert_kept(const parsed *p, const char *s)
{
    if (!s)
        return;
    g_assert_false(inside(p, s));
    g_assert_cmpuint(strlen(s), >, 0);
}

/* Parse the first len bytes of text from an exact-size heap copy into a
 * zeroed message, as the glue does. */
static void parse_n(parsed *p, const char *text, size_t len)
{
    memset(p, 0, sizeof *p);
    p->len = len;
    if (len > 0) {
        p->data = g_malloc(len);
        memcpy(p->data, text, len);
    }
    p->consumed = sip_parse_message(p->data, len, &p->msg, &p->storage);
    g_assert_cmpuint(p->consumed, <=, len);

    const sip_message *m = &p->msg;
    assert_kept(p, m->method);
    assert_kept(p, m->request_uri);
    assert_kept(p, m->call_id);
    assert_kept(p, m->from_tag);
    assert_kept(p, m->to_tag);
    assert_kept(p, m->cseq_method);
    assert_kept(p, m->via_branch);
    assert_kept(p, m->via_sent_by);
    if (m->is_request)
        g_assert_cmpuint(m->status, ==, 0);
    else
        g_assert_null(m->method);
    if (m->body) {
        g_assert_true(m->has_body);
        g_assert_true(inside(p, m->body));
        g_assert_cmpuint(m->body_len, >, 0);
        g_assert_true(m->body + m->body_len <= p->data + p->consumed);
    }
    if (!m->has_body) {
        g_assert_null(m->body);
        g_assert_cmpuint(m->body_len, ==, 0);
    }
    g_assert_true((m->n_auth == 0) == (m->auth == NULL));
    /* The frame members are the glue's, left alone. */
    g_assert_cmpuint(m->frame, ==, 0);
    g_assert_cmpuint(m->index_in_frame, ==, 0);
    g_assert_false(m->resend);
}

static void parse(parsed *p, const char *text)
{
    parse_n(p, text, strlen(text));
}

static void parsed_free(parsed *p)
{
    sip_parse_storage_clear(&p->storage, &p->msg);
    g_assert_null(p->storage.strings);
    g_assert_null(p->storage.auth);
    g_assert_null(p->msg.auth);
    g_assert_cmpuint(p->msg.n_auth, ==, 0);
    g_free(p->data);
    p->data = NULL;
}

/* Nothing of the header members was found. */
static void assert_no_headers(const sip_message *m)
{
    g_assert_null(m->call_id);
    g_assert_null(m->from_tag);
    g_assert_null(m->to_tag);
    g_assert_false(m->has_cseq);
    g_assert_cmpuint(m->cseq, ==, 0);
    g_assert_null(m->cseq_method);
    g_assert_null(m->via_branch);
    g_assert_null(m->via_sent_by);
    g_assert_cmpuint(m->n_auth, ==, 0);
    g_assert_null(m->auth);
}

static void assert_no_start_line(const sip_message *m)
{
    g_assert_false(m->is_request);
    g_assert_null(m->method);
    g_assert_null(m->request_uri);
    g_assert_cmpuint(m->status, ==, 0);
}

static void assert_no_body(const sip_message *m)
{
    g_assert_false(m->has_body);
    g_assert_null(m->body);
    g_assert_cmpuint(m->body_len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Start line                                                          */

static void test_invite_request_line(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com;transport=udp SIP/2.0\r\n"
              "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
              "\r\n");
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.method, ==, "INVITE");
    g_assert_cmpstr(p.msg.request_uri, ==, "sip:bob@example.com;transport=udp");
    g_assert_cmpuint(p.msg.status, ==, 0);
    g_assert_cmpstr(p.msg.call_id, ==, "a84b4c76e66710@pc33.example.com");
    g_assert_null(p.msg.from_tag);
    g_assert_null(p.msg.to_tag);
    g_assert_false(p.msg.has_cseq);
    g_assert_null(p.msg.cseq_method);
    g_assert_null(p.msg.via_branch);
    g_assert_null(p.msg.via_sent_by);
    g_assert_cmpuint(p.msg.n_auth, ==, 0);
    g_assert_null(p.msg.auth);
    /* No Content-Length and nothing after the empty line: no body known. */
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);
}

static void test_status_line_407(void)
{
    parsed p;
    parse(&p, "SIP/2.0 407 Proxy Authentication Required\r\n"
              "CSeq: 1 INVITE\r\n"
              "Content-Length: 0\r\n"
              "\r\n");
    g_assert_false(p.msg.is_request);
    g_assert_null(p.msg.method);
    g_assert_null(p.msg.request_uri);
    g_assert_cmpuint(p.msg.status, ==, 407);
    g_assert_cmpstr(p.msg.reason, ==, "Proxy Authentication Required");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 1);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    g_assert_null(p.msg.call_id);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);
}

static void test_status_line_no_reason(void)
{
    parsed p;
    parse(&p, "SIP/2.0 200\r\nCall-ID: x\r\n\r\n");
    g_assert_false(p.msg.is_request);
    g_assert_cmpuint(p.msg.status, ==, 200);
    g_assert_null(p.msg.reason);
    g_assert_null(p.msg.method);
    g_assert_null(p.msg.request_uri);
    g_assert_cmpstr(p.msg.call_id, ==, "x");
    parsed_free(&p);

    /* The status line as the whole input, no line end at all. */
    parse(&p, "SIP/2.0 180");
    g_assert_cmpuint(p.msg.status, ==, 180);
    g_assert_null(p.msg.reason);
    parsed_free(&p);
    /* blanks around the phrase are not part of it */
    parse(&p, "SIP/2.0 403   Wrong password  \r\n\r\n");
    g_assert_cmpstr(p.msg.reason, ==, "Wrong password");
    assert_no_headers(&p.msg);
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);

    /* Not a status code: too short, too long, out of range. */
    static const char *const bad[] = {
        "SIP/2.0 99 Odd\r\n\r\n",
        "SIP/2.0 4070 Odd\r\n\r\n",
        "SIP/2.0 700 Odd\r\n\r\n",
        "SIP/2.0 2x0 Odd\r\n\r\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        parse(&p, bad[i]);
        assert_no_start_line(&p.msg);
        parsed_free(&p);
    }
}

static void test_garbage_start_line(void)
{
    parsed p;
    parse(&p, "hello world\r\n"
              "Call-ID: still-read@example.com\r\n"
              "From: <sip:a@example.com>;tag=f1\r\n"
              "CSeq: 7 OPTIONS\r\n"
              "\r\n");
    assert_no_start_line(&p.msg);
    g_assert_cmpstr(p.msg.call_id, ==, "still-read@example.com");
    g_assert_cmpstr(p.msg.from_tag, ==, "f1");
    g_assert_null(p.msg.to_tag);
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 7);
    g_assert_cmpstr(p.msg.cseq_method, ==, "OPTIONS");
    parsed_free(&p);

    /* Almost request lines. */
    static const char *const bad[] = {
        "INVITE\r\nCall-ID: x\r\n\r\n",                  /* method only */
        "INVITE SIP/2.0\r\nCall-ID: x\r\n\r\n",          /* no Request-URI */
        "INVITE sip:a@b SIP/3.0\r\nCall-ID: x\r\n\r\n",  /* another version */
        "INV@TE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n",  /* not a token */
        "\x01\xff\x80 \r\nCall-ID: x\r\n\r\n",           /* binary */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        parse(&p, bad[i]);
        assert_no_start_line(&p.msg);
        g_assert_cmpstr(p.msg.call_id, ==, "x");
        parsed_free(&p);
    }
}

/* ------------------------------------------------------------------ */
/* Call-ID, From/To tags                                               */

static void test_call_id(void)
{
    parsed p;
    parse(&p, "BYE sip:b@example.com SIP/2.0\r\nCall-ID:   f81d4fae-7dec-11d0@host \t\r\n\r\n");
    g_assert_cmpstr(p.msg.call_id, ==, "f81d4fae-7dec-11d0@host");
    parsed_free(&p);

    parse(&p, "BYE sip:b@example.com SIP/2.0\r\ni: compact-form\r\n\r\n");
    g_assert_cmpstr(p.msg.call_id, ==, "compact-form");
    parsed_free(&p);

    parse(&p, "BYE sip:b@example.com SIP/2.0\r\nI:UPPER\r\n\r\n");
    g_assert_cmpstr(p.msg.call_id, ==, "UPPER");
    parsed_free(&p);

    /* An empty value is absent, not "". */
    parse(&p, "BYE sip:b@example.com SIP/2.0\r\nCall-ID:  \r\n\r\n");
    g_assert_null(p.msg.call_id);
    parsed_free(&p);

    /* Headers whose name only starts like Call-ID. */
    parse(&p, "BYE sip:b@example.com SIP/2.0\r\nCall-IDs: no\r\nX-Call-ID: no\r\nii: no\r\n\r\n");
    g_assert_null(p.msg.call_id);
    parsed_free(&p);
}

/* The To user (what a scanner probes) and the User-Agent (guessing.c). */
static void test_to_user_and_user_agent(void)
{
    parsed p;
    parse(&p, "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
              "To: \"100\"<sip:100@127.0.0.1>\r\n"
              "User-Agent:  friendly-scanner \r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.to_user, ==, "100");
    g_assert_cmpstr(p.msg.user_agent, ==, "friendly-scanner");
    parsed_free(&p);

    /* addr-spec, a display name with '@' and '<', compact form; no user */
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\nt: sips:bob@example.com;tag=x\r\n\r\n");
    g_assert_cmpstr(p.msg.to_user, ==, "bob");
    g_assert_null(p.msg.user_agent);
    parsed_free(&p);
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\nTo: \"a@b <x>\" <sip:carol@example.com>\r\n\r\n");
    g_assert_cmpstr(p.msg.to_user, ==, "carol");
    parsed_free(&p);
    parse(&p, "OPTIONS sip:example.com SIP/2.0\r\nTo: <sip:example.com;user=phone@x>\r\n\r\n");
    g_assert_null(p.msg.to_user);
    parsed_free(&p);
}

static void test_tags_name_addr(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "From: \"Alice;tag=fake> \\\"q\\\"\" <sip:alice@example.com;tag=uri-param>;tag=1928301774\r\n"
              "To: \"Bob>;tag=x\" <sip:bob@example.com;tag=in-uri> ; tag = a6c85cf\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.from_tag, ==, "1928301774");
    g_assert_cmpstr(p.msg.to_tag, ==, "a6c85cf");
    parsed_free(&p);

    /* A tag only inside <> (a URI parameter) is no tag at all. */
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "From: \"A;tag=q\" <sip:alice@example.com;tag=uri-param>\r\n"
              "To: <sip:bob@example.com;tag=uri-param>;other=1\r\n"
              "\r\n");
    g_assert_null(p.msg.from_tag);
    g_assert_null(p.msg.to_tag);
    parsed_free(&p);

    /* Compact forms, any case, tag param name in any case, other params around it. */
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "f: <sip:alice@example.com>;x=1;TAG=abc;y=2\r\n"
              "T: Bob <sip:bob@example.com>;Tag=def,\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.from_tag, ==, "abc");
    g_assert_cmpstr(p.msg.to_tag, ==, "def");
    parsed_free(&p);

    /* tag= with no value is absent. */
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\nFrom: <sip:a@b>;tag=\r\nTo: <sip:b@c>;tag\r\n\r\n");
    g_assert_null(p.msg.from_tag);
    g_assert_null(p.msg.to_tag);
    parsed_free(&p);
}

static void test_tags_addr_spec(void)
{
    parsed p;
    parse(&p, "ACK sip:bob@example.com SIP/2.0\r\n"
              "From: sip:alice@example.com;tag=88sja8x\r\n"
              "To: sip:bob@example.com\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.from_tag, ==, "88sja8x");
    g_assert_null(p.msg.to_tag);
    parsed_free(&p);
}

/* ------------------------------------------------------------------ */
/* CSeq                                                                */

static void test_cseq(void)
{
    parsed p;
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nCSeq:   42   INVITE  \r\n\r\n");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 42);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    parsed_free(&p);

    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\ncseq: 4294967295 REGISTER\r\n\r\n");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, UINT32_MAX);
    g_assert_cmpstr(p.msg.cseq_method, ==, "REGISTER");
    parsed_free(&p);
}

static void test_cseq_too_large(void)
{
    parsed p;
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nCSeq: 4294967296 INVITE\r\n\r\n");
    g_assert_false(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 0);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    parsed_free(&p);

    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nCSeq: 00000000001 INVITE\r\n\r\n");
    g_assert_false(p.msg.has_cseq);
    parsed_free(&p);

    /* No number at all. */
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nCSeq: INVITE\r\n\r\n");
    g_assert_false(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 0);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    parsed_free(&p);

    /* A number and no method. */
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nCSeq: 5\r\n\r\n");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 5);
    g_assert_null(p.msg.cseq_method);
    parsed_free(&p);
}

/* ------------------------------------------------------------------ */
/* Via                                                                 */

static void test_via_top_of_two_headers(void)
{
    parsed p;
    parse(&p, "SIP/2.0 200 OK\r\n"
              "Via: SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK-top\r\n"
              "Via: SIP/2.0/UDP phone.example.com:5062;branch=z9hG4bK-second\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "proxy.example.com:5060");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK-top");
    parsed_free(&p);
}

static void test_via_comma_list(void)
{
    parsed p;
    parse(&p, "SIP/2.0 200 OK\r\n"
              "v: SIP/2.0/TCP first.example.com:5070;received=192.0.2.1, "
              "SIP/2.0/UDP second.example.com;branch=z9hG4bK-second\r\n"
              "Via: SIP/2.0/UDP third.example.com;branch=z9hG4bK-third\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "first.example.com:5070");
    /* The first value has no branch: the second value's is not taken. */
    g_assert_null(p.msg.via_branch);
    parsed_free(&p);
}

static void test_via_blanks(void)
{
    parsed p;
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\n"
              "Via: SIP / 2.0 / UDP host:5060;branch=z9hG4bK1;rport\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "host:5060");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK1");
    parsed_free(&p);

    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\n"
              "VIA:SIP/2.0/UDP host : 5060 ; rport ; BRANCH = z9hG4bK2\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "host:5060");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK2");
    parsed_free(&p);
}

static void test_via_no_port(void)
{
    parsed p;
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP host;branch=z9hG4bK3\r\n\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "host");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK3");
    parsed_free(&p);

    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/WSS df7jal23ls0d.invalid\r\n\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "df7jal23ls0d.invalid");
    g_assert_null(p.msg.via_branch);
    parsed_free(&p);
}

static void test_via_ipv6(void)
{
    parsed p;
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP [::1]:5070;branch=z9hG4bK6\r\n\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "[::1]:5070");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK6");
    parsed_free(&p);

    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/TLS [2001:db8::9:1];branch=z9hG4bK7\r\n\r\n");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "[2001:db8::9:1]");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK7");
    parsed_free(&p);
}

static void test_via_unreadable(void)
{
    parsed p;
    /* No sent-protocol: nothing of the top Via is read, and the second is not used. */
    parse(&p, "INVITE sip:b@example.com SIP/2.0\r\n"
              "Via: host:5060;branch=z9hG4bK-bad\r\n"
              "Via: SIP/2.0/UDP second:5060;branch=z9hG4bK-second\r\n"
              "\r\n");
    g_assert_null(p.msg.via_sent_by);
    g_assert_null(p.msg.via_branch);
    parsed_free(&p);
}

/* ------------------------------------------------------------------ */
/* Auth headers                                                        */

static void assert_auth(const sip_auth_header *a, auth_header_kind kind, const char *scheme,
                        const char *name, const char *value)
{
    g_assert_cmpint(a->kind, ==, kind);
    g_assert_cmpuint(a->value.n_items, ==, 1);
    g_assert_cmpstr(a->value.items[0].scheme, ==, scheme);
    g_assert_cmpstr(auth_item_get(&a->value.items[0], name), ==, value);
}

static void test_auth_headers_wire_order(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "Proxy-Authorization: Digest username=\"alice\",\r\n"
              " realm=\"proxy.example.com\",\r\n"
              "\tnonce=\"n-proxy\", uri=\"sip:bob@example.com\",\r\n"
              "  response=\"0123456789abcdef0123456789abcdef\"\r\n"
              "Call-ID: between@example.com\r\n"
              "WWW-Authenticate: Digest realm=\"www.example.com\", nonce=\"n-www\"\r\n"
              "Authentication-Info: nextnonce=\"not-an-auth-header\"\r\n"
              "X-Authorization: Digest username=\"not-an-auth-header\"\r\n"
              "authorization:Digest username=\"bob\", realm=\"www.example.com\"\r\n"
              "proxy-authenticate  : Digest realm=\"proxy2.example.com\", nonce=\"n2\"\r\n"
              "Proxy-Authenticate: Digest realm=\"proxy3.example.com\", nonce=\"n3\"\r\n"
              "Content-Length: 0\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.call_id, ==, "between@example.com");
    g_assert_cmpuint(p.msg.n_auth, ==, 5);
    g_assert_true(p.msg.auth == p.storage.auth);

    const sip_auth_header *a = p.msg.auth;
    /* The folded one: three continuation lines, CRLF and blanks inside the value. */
    assert_auth(&a[0], AUTH_HDR_PROXY_AUTHORIZATION, "Digest", "username", "alice");
    g_assert_cmpuint(a[0].value.items[0].n_params, ==, 5);
    g_assert_cmpstr(auth_item_get(&a[0].value.items[0], "realm"), ==, "proxy.example.com");
    g_assert_cmpstr(auth_item_get(&a[0].value.items[0], "nonce"), ==, "n-proxy");
    g_assert_cmpstr(auth_item_get(&a[0].value.items[0], "uri"), ==, "sip:bob@example.com");
    g_assert_cmpstr(auth_item_get(&a[0].value.items[0], "response"), ==, "0123456789abcdef0123456789abcdef");
    g_assert_cmphex(a[0].value.oddities, ==, 0);

    assert_auth(&a[1], AUTH_HDR_WWW_AUTHENTICATE, "Digest", "realm", "www.example.com");
    g_assert_cmpuint(a[1].value.items[0].n_params, ==, 2);
    g_assert_cmphex(a[1].value.oddities, ==, 0);

    assert_auth(&a[2], AUTH_HDR_AUTHORIZATION, "Digest", "username", "bob");
    g_assert_cmpuint(a[2].value.items[0].n_params, ==, 2);
    g_assert_cmphex(a[2].value.oddities, ==, 0);

    /* "proxy-authenticate  :": lower case, blanks before the colon. */
    assert_auth(&a[3], AUTH_HDR_PROXY_AUTHENTICATE, "Digest", "realm", "proxy2.example.com");
    g_assert_cmpstr(auth_item_get(&a[3].value.items[0], "nonce"), ==, "n2");
    g_assert_cmphex(a[3].value.oddities, ==, 0);

    assert_auth(&a[4], AUTH_HDR_PROXY_AUTHENTICATE, "Digest", "realm", "proxy3.example.com");
    g_assert_cmphex(a[4].value.oddities, ==, 0);

    g_assert_true(p.msg.has_body);
    g_assert_cmpuint(p.msg.body_len, ==, 0);
    parsed_free(&p);
}

static void test_auth_header_empty_value(void)
{
    parsed p;
    parse(&p, "SIP/2.0 401 Unauthorized\r\nWWW-Authenticate:\r\n\r\n");
    g_assert_cmpuint(p.msg.n_auth, ==, 1);
    g_assert_cmpint(p.msg.auth[0].kind, ==, AUTH_HDR_WWW_AUTHENTICATE);
    g_assert_cmpuint(p.msg.auth[0].value.n_items, ==, 0);
    parsed_free(&p);
}

static void test_many_auth_headers(void)
{
    /* More than the four kept inline: the list grows, in wire order. */
    GString *s = g_string_new("SIP/2.0 407 Proxy Authentication Required\r\n");
    for (int i = 0; i < 40; i++)
        g_string_append_printf(s, "%s: Digest realm=\"r%d\", nonce=\"n%d\"\r\n",
                               i % 2 ? "WWW-Authenticate" : "Proxy-Authenticate", i, i);
    g_string_append(s, "\r\n");
    parsed p;
    parse_n(&p, s->str, s->len);
    g_assert_cmpuint(p.msg.n_auth, ==, 40);
    for (int i = 0; i < 40; i++) {
        char realm[16];
        g_snprintf(realm, sizeof realm, "r%d", i);
        assert_auth(&p.msg.auth[i], i % 2 ? AUTH_HDR_WWW_AUTHENTICATE : AUTH_HDR_PROXY_AUTHENTICATE,
                    "Digest", "realm", realm);
    }
    parsed_free(&p);
    g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------ */
/* Body and length                                                     */

static void test_body_content_length(void)
{
    static const char first[] = "MESSAGE sip:bob@example.com SIP/2.0\r\n"
                                "Call-ID: first@example.com\r\n"
                                "Content-Length: 5\r\n"
                                "\r\n";
    static const char second[] = "SIP/2.0 200 OK\r\n"
                                 "Call-ID: second@example.com\r\n"
                                 "l: 0\r\n"
                                 "\r\n";
    GString *s = g_string_new(first);
    g_string_append(s, "hello");
    g_string_append(s, second);

    parsed p;
    parse_n(&p, s->str, s->len);
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.call_id, ==, "first@example.com");
    g_assert_true(p.msg.has_body);
    g_assert_true(p.msg.body == p.data + strlen(first));
    g_assert_cmpuint(p.msg.body_len, ==, 5);
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "hello", 5);
    g_assert_cmpuint(p.consumed, ==, strlen(first) + 5);

    /* The glue's next range starts where this one's message ended. */
    parsed q;
    parse_n(&q, s->str + p.consumed, s->len - p.consumed);
    g_assert_false(q.msg.is_request);
    g_assert_cmpuint(q.msg.status, ==, 200);
    g_assert_cmpstr(q.msg.call_id, ==, "second@example.com");
    g_assert_true(q.msg.has_body);
    g_assert_null(q.msg.body);
    g_assert_cmpuint(q.msg.body_len, ==, 0);
    g_assert_cmpuint(q.consumed, ==, strlen(second));
    parsed_free(&q);
    parsed_free(&p);
    g_string_free(s, TRUE);
}

static void test_body_content_length_zero(void)
{
    static const char text[] = "REGISTER sip:example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n";
    parsed p;
    parse(&p, text);
    g_assert_true(p.msg.has_body);
    g_assert_null(p.msg.body);
    g_assert_cmpuint(p.msg.body_len, ==, 0);
    g_assert_cmpuint(p.consumed, ==, strlen(text));
    parsed_free(&p);

    /* Bytes after it belong to the next message, not this one's body. */
    parse(&p, "REGISTER sip:example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n\r\n\r\nREGISTER");
    g_assert_true(p.msg.has_body);
    g_assert_null(p.msg.body);
    g_assert_cmpuint(p.msg.body_len, ==, 0);
    g_assert_cmpuint(p.consumed, ==, strlen(text));
    parsed_free(&p);
}

static void test_body_content_length_too_large(void)
{
    parsed p;
    parse(&p, "MESSAGE sip:bob@example.com SIP/2.0\r\nContent-Length: 6\r\n\r\nhello");
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);

    /* Absurd lengths saturate, they do not wrap. */
    parse(&p, "MESSAGE sip:bob@example.com SIP/2.0\r\n"
              "Content-Length: 184467440737095516160000000000000000001\r\n\r\nhello");
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);
}

static void test_body_without_content_length(void)
{
    static const char head[] = "MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\n";
    parsed p;
    parse(&p, "MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\nv=0\r\no=- 1 1 IN IP4 h\r\n");
    g_assert_true(p.msg.has_body);
    g_assert_true(p.msg.body == p.data + strlen(head));
    g_assert_cmpuint(p.msg.body_len, ==, p.len - strlen(head));
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "v=0\r\no=- 1 1 IN IP4 h\r\n", p.msg.body_len);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);

    /* A Content-Length that is no number counts as none. */
    parse(&p, "MESSAGE sip:bob@example.com SIP/2.0\r\nContent-Length: 3x\r\n\r\nabcdef");
    g_assert_true(p.msg.has_body);
    g_assert_cmpuint(p.msg.body_len, ==, 6);
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "abcdef", 6);
    parsed_free(&p);
}

static void test_headers_cut_off(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "Content-Length: 0\r\n"
              "Call-ID: cut@example.com\r\n"
              "CSeq: 1 INV");
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.call_id, ==, "cut@example.com");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INV");
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);

    /* Cut right after a header's line end. */
    parse(&p, "SIP/2.0 407 x\r\nl: 0\r\n");
    g_assert_cmpuint(p.msg.status, ==, 407);
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);
}

/* ------------------------------------------------------------------ */
/* Line ends, framing, edge cases                                      */

static void test_lf_only(void)
{
    static const char head[] = "REGISTER sip:registrar.example.com SIP/2.0\n"
                               "v: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-lf\n"
                               "f: <sip:alice@example.com>;tag=lf-from\n"
                               "t: <sip:alice@example.com>\n"
                               "i: lf-only@10.0.0.5\n"
                               "CSeq: 3 REGISTER\n"
                               "Authorization: Digest username=\"alice\",\n"
                               "  realm=\"example.com\"\n"
                               "l: 4\n"
                               "\n";
    GString *s = g_string_new(head);
    g_string_append(s, "body" "OPTIONS sip:x SIP/2.0\n\n");
    parsed p;
    parse_n(&p, s->str, s->len);
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.method, ==, "REGISTER");
    g_assert_cmpstr(p.msg.request_uri, ==, "sip:registrar.example.com");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "10.0.0.5:5060");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK-lf");
    g_assert_cmpstr(p.msg.from_tag, ==, "lf-from");
    g_assert_null(p.msg.to_tag);
    g_assert_cmpstr(p.msg.call_id, ==, "lf-only@10.0.0.5");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 3);
    g_assert_cmpstr(p.msg.cseq_method, ==, "REGISTER");
    g_assert_cmpuint(p.msg.n_auth, ==, 1);
    assert_auth(&p.msg.auth[0], AUTH_HDR_AUTHORIZATION, "Digest", "realm", "example.com");
    g_assert_cmpstr(auth_item_get(&p.msg.auth[0].value.items[0], "username"), ==, "alice");
    g_assert_cmphex(p.msg.auth[0].value.oddities, ==, 0);
    g_assert_true(p.msg.has_body);
    g_assert_true(p.msg.body == p.data + strlen(head));
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "body", 4);
    g_assert_cmpuint(p.consumed, ==, strlen(head) + 4);
    parsed_free(&p);
    g_string_free(s, TRUE);
}

static void test_keep_alives_before_start_line(void)
{
    static const char text[] = "\r\n\r\n\n"
                               "OPTIONS sip:example.com SIP/2.0\r\n"
                               "Call-ID: after-keepalive\r\n"
                               "Content-Length: 0\r\n"
                               "\r\n";
    parsed p;
    parse(&p, text);
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.method, ==, "OPTIONS");
    g_assert_cmpstr(p.msg.request_uri, ==, "sip:example.com");
    g_assert_cmpstr(p.msg.call_id, ==, "after-keepalive");
    g_assert_true(p.msg.has_body);
    g_assert_cmpuint(p.consumed, ==, strlen(text));
    parsed_free(&p);

    /* Keep-alives only. */
    parse(&p, "\r\n\r\n");
    assert_no_start_line(&p.msg);
    assert_no_headers(&p.msg);
    assert_no_body(&p.msg);
    parsed_free(&p);
}

static void test_empty_and_null(void)
{
    sip_message msg;
    sip_parse_storage st;
    memset(&msg, 0, sizeof msg);
    memset(&st, 0xA5, sizeof st);
    g_assert_cmpuint(sip_parse_message(NULL, 0, &msg, &st), ==, 0);
    g_assert_null(st.strings);
    g_assert_null(st.auth);
    assert_no_start_line(&msg);
    assert_no_headers(&msg);
    assert_no_body(&msg);
    sip_parse_storage_clear(&st, &msg);

    /* NULL with a length, and a real pointer with length 0. */
    memset(&st, 0xA5, sizeof st);
    g_assert_cmpuint(sip_parse_message(NULL, 100, &msg, &st), ==, 0);
    g_assert_null(st.strings);
    g_assert_null(st.auth);
    assert_no_start_line(&msg);
    sip_parse_storage_clear(&st, &msg);

    uint8_t *one = g_malloc(1);
    one[0] = 'I';
    memset(&st, 0xA5, sizeof st);
    g_assert_cmpuint(sip_parse_message(one, 0, &msg, &st), ==, 0);
    g_assert_null(st.strings);
    g_assert_null(st.auth);
    assert_no_start_line(&msg);
    assert_no_headers(&msg);
    sip_parse_storage_clear(&st, &msg);

    /* One byte. */
    parsed p;
    parse_n(&p, "I", 1);
    assert_no_start_line(&p.msg);
    assert_no_headers(&p.msg);
    assert_no_body(&p.msg);
    g_assert_cmpuint(p.consumed, ==, 0); /* no start line */
    parsed_free(&p);
    g_free(one);
}

static void test_absent_values_are_null(void)
{
    parsed p;
    parse(&p, "ACK sip:bob@example.com SIP/2.0\r\n"
              "Max-Forwards: 70\r\n"
              "Call-ID:\r\n"
              "From:\r\n"
              "To: <sip:bob@example.com>\r\n"
              "CSeq:\r\n"
              "Via:\r\n"
              "Contact: <sip:alice@10.0.0.1>\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.method, ==, "ACK");
    assert_no_headers(&p.msg);
    assert_no_body(&p.msg);
    parsed_free(&p);
}

static void test_first_header_wins(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              "Call-ID: one\r\n"
              "i: two\r\n"
              "From: <sip:a@b>;tag=from-one\r\n"
              "f: <sip:a@b>;tag=from-two\r\n"
              "To: <sip:b@c>\r\n"
              "t: <sip:b@c>;tag=to-two\r\n"
              "CSeq: 1 INVITE\r\n"
              "CSeq: 2 BYE\r\n"
              "l: 2\r\n"
              "Content-Length: 3\r\n"
              "\r\n"
              "abcdef");
    g_assert_cmpstr(p.msg.call_id, ==, "one");
    g_assert_cmpstr(p.msg.from_tag, ==, "from-one");
    /* The first To has no tag: the second's is not taken. */
    g_assert_null(p.msg.to_tag);
    g_assert_cmpuint(p.msg.cseq, ==, 1);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    g_assert_cmpuint(p.msg.body_len, ==, 2);
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "ab", 2);
    g_assert_cmpuint(p.consumed, ==, p.len - 4);
    parsed_free(&p);
}

static void test_header_name_forms(void)
{
    parsed p;
    parse(&p, "INVITE sip:bob@example.com SIP/2.0\r\n"
              " cseq : 9 INVITE\r\n"           /* leading blank right after the start line */
              "CALL-ID \t: spaced\r\n"
              "No-Colon-Here\r\n"
              "content-LENGTH\t:\t1\r\n"
              "\r\n"
              "xyz");
    g_assert_cmpstr(p.msg.call_id, ==, "spaced");
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 9);
    g_assert_cmpuint(p.msg.body_len, ==, 1);
    g_assert_cmpuint(p.consumed, ==, p.len - 2);
    parsed_free(&p);
}

/* Long names are compared a word at a time (sip_parse.c, lower8): every
 * letter case, and bytes whose low seven bits spell the right letter (0xd9
 * is 'Y' | 0x80) must not match. */
static void test_header_names_word_compare(void)
{
    parsed p;
    parse(&p, "SIP/2.0 407 Proxy Authentication Required\r\n"
              "pROXY-aUTHENTICATE: Digest realm=\"a\"\r\n"
              "Prox\xd9-Authenticate: Digest realm=\"b\"\r\n"
              "Proxy-Authenticat\xc5: Digest realm=\"c\"\r\n"
              "wWW-aUTHENTICATE: Digest realm=\"d\"\r\n"
              "Content-Lengt\xc8: 5\r\n"
              "CONTENT-length: 1\r\n"
              "\r\n"
              "xyz");
    g_assert_cmpuint(p.msg.n_auth, ==, 2);
    g_assert_cmpint(p.msg.auth[0].kind, ==, AUTH_HDR_PROXY_AUTHENTICATE);
    g_assert_cmpstr(auth_item_get(&p.msg.auth[0].value.items[0], "realm"), ==, "a");
    g_assert_cmpint(p.msg.auth[1].kind, ==, AUTH_HDR_WWW_AUTHENTICATE);
    g_assert_cmpstr(auth_item_get(&p.msg.auth[1].value.items[0], "realm"), ==, "d");
    g_assert_true(p.msg.has_body);
    g_assert_cmpuint(p.msg.body_len, ==, 1);
    parsed_free(&p);
}

/* The glue parses frame after frame into the same storage: each parse
 * must show only its own message, whatever the previous one held. */
static void test_again_reuses_storage(void)
{
    static const char *const texts[] = {
        "SIP/2.0 407 Proxy Authentication Required\r\nCall-ID: first\r\n"
        "Proxy-Authenticate: Digest realm=\"a\"\r\nProxy-Authenticate: Digest realm=\"b\"\r\n\r\n",
        "ACK sip:x SIP/2.0\r\nCall-ID: second\r\n\r\n",
        "INVITE sip:x SIP/2.0\r\nCall-ID: a-much-longer-third-call-id-than-the-others@example.com\r\n"
        "Authorization: Digest username=\"u\"\r\nProxy-Authorization: Digest username=\"v\"\r\n"
        "Proxy-Authorization: Digest username=\"w\"\r\n\r\n",
        "",
    };
    static const char *const call_ids[] = { "first", "second", "a-much-longer-third-call-id-than-the-others@example.com", NULL };
    static const size_t n_auth[] = { 2, 0, 3, 0 };
    sip_parse_storage st = { 0 };
    sip_message msg;
    for (size_t round = 0; round < 2; round++) {
        for (size_t t = 0; t < G_N_ELEMENTS(texts); t++) {
            size_t len = strlen(texts[t]);
            uint8_t *data = len ? g_memdup2(texts[t], len) : NULL;
            memset(&msg, 0, sizeof msg);
            sip_parse_message_again(data, len, &msg, &st);
            g_assert_cmpstr(msg.call_id, ==, call_ids[t]);
            g_assert_cmpuint(msg.n_auth, ==, n_auth[t]);
            if (t == 2) {
                g_assert_cmpstr(auth_item_get(&msg.auth[2].value.items[0], "username"), ==, "w");
            }
            g_free(data);
        }
    }
    sip_parse_storage_clear(&st, &msg);
    g_assert_null(st.strings);
    g_assert_null(st.auth);
}

static void test_clear_twice(void)
{
    parsed p;
    parse(&p, "SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\"\r\n\r\n");
    g_assert_cmpuint(p.msg.n_auth, ==, 1);
    parsed_free(&p);
    sip_parse_storage_clear(&p.storage, &p.msg);
    g_assert_null(p.storage.strings);
    g_assert_null(p.storage.auth);
}

/* A full message as phones send it: every member at once. */
static void test_realistic_invite(void)
{
    static const char text[] =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
        "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43\r\n"
        "Max-Forwards: 70\r\n"
        "Route: <sip:ss1.atlanta.example.com;lr>\r\n"
        "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
        "To: Bob <sip:bob@biloxi.example.com>\r\n"
        "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
        "CSeq: 2 INVITE\r\n"
        "Proxy-Authorization: Digest username=\"alice\", realm=\"atlanta.example.com\", "
        "nonce=\"wf84f1cczx41ae6cbeaea9ce88d359\", opaque=\"\", uri=\"sip:bob@biloxi.example.com\", "
        "response=\"42ce3cef44b22f50c6a6071bc8\"\r\n"
        "Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 10\r\n"
        "\r\n"
        "v=0\r\no=x\r\n";
    parsed p;
    parse(&p, text);
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.method, ==, "INVITE");
    g_assert_cmpstr(p.msg.request_uri, ==, "sip:bob@biloxi.example.com");
    g_assert_cmpuint(p.msg.status, ==, 0);
    g_assert_cmpstr(p.msg.call_id, ==, "3848276298220188511@atlanta.example.com");
    g_assert_cmpstr(p.msg.from_tag, ==, "9fxced76sl");
    g_assert_null(p.msg.to_tag);
    g_assert_true(p.msg.has_cseq);
    g_assert_cmpuint(p.msg.cseq, ==, 2);
    g_assert_cmpstr(p.msg.cseq_method, ==, "INVITE");
    g_assert_cmpstr(p.msg.via_sent_by, ==, "client.atlanta.example.com:5060");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK74b43");
    g_assert_cmpuint(p.msg.n_auth, ==, 1);
    assert_auth(&p.msg.auth[0], AUTH_HDR_PROXY_AUTHORIZATION, "Digest", "nonce", "wf84f1cczx41ae6cbeaea9ce88d359");
    g_assert_cmpuint(p.msg.auth[0].value.items[0].n_params, ==, 6);
    g_assert_true(p.msg.has_body);
    g_assert_cmpuint(p.msg.body_len, ==, 10);
    g_assert_cmpmem(p.msg.body, p.msg.body_len, "v=0\r\no=x\r\n", 10);
    g_assert_cmpuint(p.consumed, ==, p.len);
    parsed_free(&p);

    /* Every prefix of it parses without reading past its end. */
    for (size_t n = 0; n <= strlen(text); n++) {
        parse_n(&p, text, n);
        parsed_free(&p);
    }
}

/* ------------------------------------------------------------------ */
/* Found by review of the first version (each was wrong there)          */

/* sip_parse.h: "Returns ... or 0 when data does not start with a SIP start
 * line". */
static void test_garbage_start_line_returns_zero(void)
{
    parsed p;
    parse(&p, "hello world\r\nCall-ID: x\r\n\r\n");
    g_assert_cmpstr(p.msg.call_id, ==, "x");
    g_assert_cmpuint(p.consumed, ==, 0);
    parsed_free(&p);
}

/* A quoted generic-param value holding ';tag=' or ',' is skipped whole. */
static void test_quoted_param_before_tag(void)
{
    parsed p;
    parse(&p, "INVITE sip:a@example.com SIP/2.0\r\n"
              "From: <sip:a@example.com>;x=\"a;tag=bad\";tag=good\r\n"
              "Via: SIP/2.0/UDP h:5060;x=\"a,b\";branch=z9hG4bK-q\r\n"
              "\r\n");
    g_assert_cmpstr(p.msg.from_tag, ==, "good");
    g_assert_cmpstr(p.msg.via_branch, ==, "z9hG4bK-q");
    parsed_free(&p);
}

/* A reused message struct keeps nothing of the earlier message. */
static void test_msg_not_zeroed(void)
{
    static const uint8_t stale_body[] = "stale";
    sip_message msg;
    memset(&msg, 0, sizeof msg);
    msg.is_request = true;
    msg.method = "STALE";
    msg.request_uri = "sip:stale";
    msg.call_id = "stale-call-id";
    msg.from_tag = "stale-from";
    msg.has_cseq = true;
    msg.cseq = 99;
    msg.has_body = true;
    msg.body = stale_body;
    msg.body_len = 5;
    static const char text[] = "SIP/2.0 200 OK\r\nCall-ID: fresh\r\n\r\n";
    uint8_t *data = g_malloc(sizeof text - 1);
    memcpy(data, text, sizeof text - 1);
    sip_parse_storage st;
    sip_parse_message(data, sizeof text - 1, &msg, &st);
    g_assert_cmpstr(msg.call_id, ==, "fresh");
    g_assert_false(msg.is_request);
    g_assert_null(msg.method);
    g_assert_null(msg.from_tag);
    g_assert_false(msg.has_cseq);
    g_assert_false(msg.has_body);
    sip_parse_storage_clear(&st, &msg);
    g_free(data);
}

/* A blank after SIP/2.0 still ends a request line. */
static void test_request_line_trailing_blank(void)
{
    parsed p;
    parse(&p, "INVITE sip:a SIP/2.0 \r\nCall-ID: c\r\n\r\n");
    g_assert_true(p.msg.is_request);
    g_assert_cmpstr(p.msg.method, ==, "INVITE");
    g_assert_cmpstr(p.msg.request_uri, ==, "sip:a");
    parsed_free(&p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/sip_parse/start_line/invite", test_invite_request_line);
    g_test_add_func("/sip_parse/headers/to_user_and_user_agent", test_to_user_and_user_agent);
    g_test_add_func("/sip_parse/start_line/status_407", test_status_line_407);
    g_test_add_func("/sip_parse/start_line/status_no_reason", test_status_line_no_reason);
    g_test_add_func("/sip_parse/start_line/garbage", test_garbage_start_line);
    g_test_add_func("/sip_parse/call_id", test_call_id);
    g_test_add_func("/sip_parse/tags/name_addr", test_tags_name_addr);
    g_test_add_func("/sip_parse/tags/addr_spec", test_tags_addr_spec);
    g_test_add_func("/sip_parse/cseq/blanks", test_cseq);
    g_test_add_func("/sip_parse/cseq/too_large", test_cseq_too_large);
    g_test_add_func("/sip_parse/via/top_of_two_headers", test_via_top_of_two_headers);
    g_test_add_func("/sip_parse/via/comma_list", test_via_comma_list);
    g_test_add_func("/sip_parse/via/blanks", test_via_blanks);
    g_test_add_func("/sip_parse/via/no_port", test_via_no_port);
    g_test_add_func("/sip_parse/via/ipv6", test_via_ipv6);
    g_test_add_func("/sip_parse/via/unreadable", test_via_unreadable);
    g_test_add_func("/sip_parse/auth/wire_order", test_auth_headers_wire_order);
    g_test_add_func("/sip_parse/auth/empty_value", test_auth_header_empty_value);
    g_test_add_func("/sip_parse/auth/many", test_many_auth_headers);
    g_test_add_func("/sip_parse/body/content_length", test_body_content_length);
    g_test_add_func("/sip_parse/body/content_length_zero", test_body_content_length_zero);
    g_test_add_func("/sip_parse/body/content_length_too_large", test_body_content_length_too_large);
    g_test_add_func("/sip_parse/body/no_content_length", test_body_without_content_length);
    g_test_add_func("/sip_parse/body/headers_cut_off", test_headers_cut_off);
    g_test_add_func("/sip_parse/lf_only", test_lf_only);
    g_test_add_func("/sip_parse/keep_alives", test_keep_alives_before_start_line);
    g_test_add_func("/sip_parse/empty_and_null", test_empty_and_null);
    g_test_add_func("/sip_parse/absent_values_are_null", test_absent_values_are_null);
    g_test_add_func("/sip_parse/first_header_wins", test_first_header_wins);
    g_test_add_func("/sip_parse/header_name_forms", test_header_name_forms);
    g_test_add_func("/sip_parse/header_names_word_compare", test_header_names_word_compare);
    g_test_add_func("/sip_parse/again_reuses_storage", test_again_reuses_storage);
    g_test_add_func("/sip_parse/clear_twice", test_clear_twice);
    g_test_add_func("/sip_parse/realistic_invite", test_realistic_invite);
    g_test_add_func("/sip_parse/review/garbage_start_line_returns_zero", test_garbage_start_line_returns_zero);
    g_test_add_func("/sip_parse/review/quoted_param_before_tag", test_quoted_param_before_tag);
    g_test_add_func("/sip_parse/review/msg_not_zeroed", test_msg_not_zeroed);
    g_test_add_func("/sip_parse/review/request_line_trailing_blank", test_request_line_trailing_blank);

    return g_test_run();
}
