/* sip_parse.c - the headers sipauth needs, from one SIP message's bytes.
 *
 * RFC 3261 §7 (message format), §7.3.1 (header fields: folding, blanks
 * around the colon), §7.3.3 (compact forms), §20 (the headers), §25.1
 * (grammar).  One forward scan; each header sipauth keeps is recognised by
 * its name, and the first occurrence of a single-valued header wins, as the
 * SIP dissector's first field does.
 */
#include <string.h>

#include "sip_parse.h"

typedef struct {
    const uint8_t *p;
    size_t         n;
} span;

static bool
is_blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static inline bool
is_lws(uint8_t c)
{
    return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

/* Where a parameter value ends: ';', ',' or a blank (all below 64). */
static const uint64_t value_end = ((uint64_t)1 << ';') | ((uint64_t)1 << ',') | ((uint64_t)1 << ' ') |
                                  ((uint64_t)1 << '\t') | ((uint64_t)1 << '\r') | ((uint64_t)1 << '\n');

static inline bool
ends_value(uint8_t c)
{
    return c < 64 && ((value_end >> c) & 1);
}

static bool
is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

/* RFC 3261 §25.1 token characters: alphanumerics and -.!%*_+`'~, as two
 * bit masks over ASCII (this test runs for most bytes of a message). */
#define TOKEN_BIT(c) ((uint64_t)1 << ((c) & 63))
static const uint64_t token_low = /* 0-63: digits and -.!%*+' */
    0x03ff000000000000u | TOKEN_BIT('-') | TOKEN_BIT('.') | TOKEN_BIT('!') | TOKEN_BIT('%') | TOKEN_BIT('*') |
    TOKEN_BIT('+') | TOKEN_BIT('\'');
static const uint64_t token_high = /* 64-127: letters and _`~ */
    0x07fffffe07fffffeu | TOKEN_BIT('_') | TOKEN_BIT('`') | TOKEN_BIT('~');
#undef TOKEN_BIT

static inline bool
is_token(uint8_t c)
{
    return c < 64 ? (token_low >> c) & 1 : c < 128 && ((token_high >> (c - 64)) & 1);
}

static span
trim(span s)
{
    while (s.n && is_lws(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_lws(s.p[s.n - 1])) {
        s.n--;
    }
    return s;
}

/* Eight bytes at once, letters A-Z lowered (the SWAR form of tolower:
 * a byte's high bit marks "at least 'A'" and "above 'Z'"; bytes of 0x80
 * and up are left alone). */
static inline uint64_t
lower8(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101);
    const uint64_t low7 = x & (ones * 0x7f);
    const uint64_t ge_a = low7 + ones * (0x80 - 'A');
    const uint64_t gt_z = low7 + ones * (0x7f - 'Z');
    const uint64_t upper = ge_a & ~gt_z & ~x & (ones * 0x80);
    return x | (upper >> 2);
}

/* s equals lit, a lower-case literal of length n, in any letter case.
 * Every message carries the same half-dozen header names in full, so they
 * are compared a word at a time; inlined, n is a constant and the tail's
 * loop unrolls. */
static inline __attribute__((always_inline)) bool
equals_nocase_n(span s, const char *lit, size_t n)
{
    if (s.n != n) {
        return false;
    }
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a, b;
        memcpy(&a, s.p + i, 8);
        memcpy(&b, lit + i, 8);
        if (lower8(a) != b) {
            return false;
        }
    }
    for (; i < n; i++) {
        uint8_t a = s.p[i];
        if (a >= 'A' && a <= 'Z') {
            a = (uint8_t)(a - 'A' + 'a');
        }
        if (a != (uint8_t)lit[i]) {
            return false;
        }
    }
    return true;
}
#define equals_nocase(s, lit) equals_nocase_n((s), (lit), sizeof(lit) - 1)

/* The line at pos: its end (before CRLF or LF) is returned, the start of the
 * next line goes to *next.  A line without LF runs to len. */
static size_t
line_end(const uint8_t *d, size_t len, size_t pos, size_t *next)
{
    const uint8_t *lf = memchr(d + pos, '\n', len - pos);
    if (!lf) {
        *next = len;
        return len;
    }
    size_t e = (size_t)(lf - d);
    *next = e + 1;
    return (e > pos && d[e - 1] == '\r') ? e - 1 : e;
}

/* Copies of the kept strings, all in one block sized from the message: the
 * strings are disjoint pieces of it, so they cannot outgrow it. */
typedef struct {
    char  *buf;
    size_t used, cap;
} string_block;

static const char *
block_copy(string_block *b, span s)
{
    if (s.n == 0 || b->used + s.n + 1 > b->cap) {
        return NULL; /* absent values are NULL, never "" */
    }
    char *out = b->buf + b->used;
    memcpy(out, s.p, s.n);
    out[s.n] = '\0';
    b->used += s.n + 1;
    return out;
}

/* "host" or "host:port" of a Via's sent-by. */
static const char *
keep_sent_by(string_block *b, span host, span port)
{
    if (host.n == 0) {
        return NULL;
    }
    if (port.n == 0) {
        return block_copy(b, host);
    }
    if (b->used + host.n + 1 + port.n + 1 > b->cap) {
        return NULL;
    }
    char *out = b->buf + b->used;
    memcpy(out, host.p, host.n);
    out[host.n] = ':';
    memcpy(out + host.n + 1, port.p, port.n);
    out[host.n + 1 + port.n] = '\0';
    b->used += host.n + 1 + port.n + 1;
    return out;
}

/* Past the quoted string starting at s.p[i] (backslash escapes honoured). */
static size_t
skip_quoted(span s, size_t i)
{
    for (i++; i < s.n; i++) {
        if (s.p[i] == '\\') {
            i++;
        } else if (s.p[i] == '"') {
            return i + 1;
        }
    }
    return s.n;
}

/* The value of the parameter name in params (";a=1;tag=x"), up to the next
 * ';', ',', blank or end.  name is lower case. */
static span
param_value(span params, const char *name, size_t name_len)
{
    size_t i = 0;
    while (i < params.n) {
        if (params.p[i] == '"') {
            i = skip_quoted(params, i); /* x="a;tag=b" is not a tag */
            continue;
        }
        if (params.p[i] != ';') {
            i++;
            continue;
        }
        i++;
        while (i < params.n && is_lws(params.p[i])) {
            i++;
        }
        size_t start = i;
        while (i < params.n && is_token(params.p[i])) {
            i++;
        }
        span pname = { params.p + start, i - start };
        while (i < params.n && is_lws(params.p[i])) {
            i++;
        }
        if (pname.n != name_len || !equals_nocase_n(pname, name, name_len) || i >= params.n || params.p[i] != '=') {
            continue;
        }
        i++;
        while (i < params.n && is_lws(params.p[i])) {
            i++;
        }
        start = i;
        while (i < params.n && !ends_value(params.p[i])) {
            i++;
        }
        return (span){ params.p + start, i - start };
    }
    return (span){ NULL, 0 };
}

/* From/To: the tag is a header parameter, after the name-addr's '>' when there
 * is one (URI parameters inside <> are not header parameters), which may
 * follow a quoted display name ("A <b>" <sip:a@b>;tag=1).  memchr does the
 * scanning: this runs twice for every message. */
static span
tag_of(span value)
{
    size_t i = 0;
    while (i < value.n && is_lws(value.p[i])) {
        i++;
    }
    if (i < value.n && value.p[i] == '"') {
        i = skip_quoted(value, i);
    }
    size_t params_at = i;
    const uint8_t *open = i < value.n ? memchr(value.p + i, '<', value.n - i) : NULL;
    if (open) {
        const size_t after_open = (size_t)(open - value.p) + 1;
        const uint8_t *close = memchr(value.p + after_open, '>', value.n - after_open);
        params_at = close ? (size_t)(close - value.p) + 1 : value.n; /* unclosed: no header params */
    }
    return param_value((span){ value.p + params_at, value.n - params_at }, "tag", 3);
}

/* The user part of a name-addr or addr-spec ("Bob" <sip:bob@host>;tag=x,
 * sip:100@host): what a scanner probes.  None for a URI without '@'. */
static span
user_of(span value)
{
    size_t i = 0;
    while (i < value.n && is_lws(value.p[i])) {
        i++;
    }
    if (i < value.n && value.p[i] == '"') {
        i = skip_quoted(value, i);
    }
    size_t end = value.n;
    const uint8_t *open = i < value.n ? memchr(value.p + i, '<', value.n - i) : NULL;
    if (open) {
        i = (size_t)(open - value.p) + 1;
        const uint8_t *close = memchr(value.p + i, '>', value.n - i);
        end = close ? (size_t)(close - value.p) : value.n;
    }
    const uint8_t *colon = memchr(value.p + i, ':', end - i);
    if (!colon) {
        return (span){ NULL, 0 };
    }
    size_t from = (size_t)(colon - value.p) + 1;
    for (size_t k = from; k < end; k++) {
        if (value.p[k] == '@') {
            return (span){ value.p + from, k - from };
        }
        if (value.p[k] == ';' || value.p[k] == '>' || value.p[k] == '?' || is_lws(value.p[k])) {
            break;
        }
    }
    return (span){ NULL, 0 };
}

static bool
parse_uint32(span s, uint32_t *out)
{
    if (s.n == 0 || s.n > 10) {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!is_digit(s.p[i])) {
            return false;
        }
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    if (v > UINT32_MAX) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* Content-Length: a number; anything larger than the message is as good as
 * "more than was captured". */
static bool
parse_length(span s, size_t *out)
{
    if (s.n == 0) {
        return false;
    }
    size_t v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!is_digit(s.p[i])) {
            return false;
        }
        v = v > SIZE_MAX / 16 ? SIZE_MAX / 16 : v * 10 + (size_t)(s.p[i] - '0');
    }
    *out = v;
    return true;
}

static void
parse_cseq(span value, sip_message *msg, string_block *b)
{
    size_t i = 0;
    while (i < value.n && is_digit(value.p[i])) {
        i++;
    }
    msg->has_cseq = parse_uint32((span){ value.p, i }, &msg->cseq);
    while (i < value.n && is_lws(value.p[i])) {
        i++;
    }
    size_t start = i;
    while (i < value.n && is_token(value.p[i])) {
        i++;
    }
    msg->cseq_method = block_copy(b, (span){ value.p + start, i - start });
}

/* The top Via: the first value of the first Via header,
 * "SIP / 2.0 / UDP host:port;branch=...". */
static void
parse_top_via(span value, sip_message *msg, string_block *b)
{
    /* The first value ends at a ',' outside quotes; a Via seldom holds a
     * quote, so memchr finds it unless one comes first. */
    const uint8_t *comma = memchr(value.p, ',', value.n);
    size_t end = comma ? (size_t)(comma - value.p) : value.n;
    if (memchr(value.p, '"', end)) {
        end = 0;
        while (end < value.n && value.p[end] != ',') {
            end = value.p[end] == '"' ? skip_quoted(value, end) : end + 1;
        }
    }
    const uint8_t *p = value.p;
    size_t i = 0;
    /* sent-protocol: three tokens separated by '/' (blanks allowed around it). */
    for (int part = 0; part < 3; part++) {
        while (i < end && is_lws(p[i])) {
            i++;
        }
        while (i < end && is_token(p[i])) {
            i++;
        }
        while (i < end && is_lws(p[i])) {
            i++;
        }
        if (part < 2) {
            if (i >= end || p[i] != '/') {
                return; /* not a Via value sipauth can read */
            }
            i++;
        }
    }
    span host = { p + i, 0 };
    if (i < end && p[i] == '[') {
        while (i < end && p[i] != ']') {
            i++;
        }
        if (i < end) {
            i++;
        }
    } else {
        while (i < end && p[i] != ':' && p[i] != ';' && !is_lws(p[i])) {
            i++;
        }
    }
    host.n = (size_t)(p + i - host.p);
    span port = { NULL, 0 };
    while (i < end && is_lws(p[i])) {
        i++;
    }
    if (i < end && p[i] == ':') {
        i++;
        while (i < end && is_lws(p[i])) {
            i++;
        }
        port.p = p + i;
        while (i < end && is_digit(p[i])) {
            i++;
        }
        port.n = (size_t)(p + i - port.p);
    }
    msg->via_sent_by = keep_sent_by(b, host, port);
    msg->via_branch = block_copy(b, param_value((span){ p + i, end - i }, "branch", 6));
}

typedef enum {
    H_OTHER,
    H_CALL_ID,
    H_FROM,
    H_TO,
    H_CSEQ,
    H_VIA,
    H_CONTENT_LENGTH,
    H_USER_AGENT,
    H_AUTH, /* + auth_header_kind */
} header_name;

static header_name
name_of(span name, auth_header_kind *kind)
{
    switch (name.n) {
    case 1:
        switch (name.p[0] | 0x20) {
        case 'i': return H_CALL_ID;
        case 'f': return H_FROM;
        case 't': return H_TO;
        case 'v': return H_VIA;
        case 'l': return H_CONTENT_LENGTH;
        }
        return H_OTHER;
    case 2:  return equals_nocase(name, "to") ? H_TO : H_OTHER;
    case 3:  return equals_nocase(name, "via") ? H_VIA : H_OTHER;
    case 4:
        if (equals_nocase(name, "from")) {
            return H_FROM;
        }
        return equals_nocase(name, "cseq") ? H_CSEQ : H_OTHER;
    case 7:  return equals_nocase(name, "call-id") ? H_CALL_ID : H_OTHER;
    case 10: return equals_nocase(name, "user-agent") ? H_USER_AGENT : H_OTHER;
    case 14: return equals_nocase(name, "content-length") ? H_CONTENT_LENGTH : H_OTHER;
    }
    /* The auth headers' names are header_kind.c's. */
    return auth_header_kind_lookup((const char *)name.p, name.n, kind) ? H_AUTH : H_OTHER;
}

/* The start line: "METHOD Request-URI SIP/2.0" or "SIP/2.0 407 Reason". */
static void
parse_start_line(span line, sip_message *msg, string_block *b)
{
    line = trim(line);
    static const char version[] = "sip/2.0";
    const size_t vlen = sizeof version - 1;
    if (line.n >= vlen + 4 && equals_nocase_n((span){ line.p, vlen }, version, vlen) && is_blank(line.p[vlen])) {
        size_t i = vlen;
        while (i < line.n && is_blank(line.p[i])) {
            i++;
        }
        uint32_t status;
        if (i + 3 <= line.n && parse_uint32((span){ line.p + i, 3 }, &status) &&
            (i + 3 == line.n || is_blank(line.p[i + 3])) && status >= 100 && status <= 699) {
            msg->status = status;
            span reason = trim((span){ line.p + i + 3, line.n - i - 3 });
            if (reason.n > 0) {
                msg->reason = block_copy(b, reason);
            }
        }
        return;
    }
    size_t i = 0;
    while (i < line.n && is_token(line.p[i])) {
        i++;
    }
    span method = { line.p, i };
    if (method.n == 0 || i >= line.n || !is_blank(line.p[i])) {
        return;
    }
    while (i < line.n && is_blank(line.p[i])) {
        i++;
    }
    size_t uri_start = i;
    while (i < line.n && !is_blank(line.p[i])) {
        i++;
    }
    span uri = { line.p + uri_start, i - uri_start };
    while (i < line.n && is_blank(line.p[i])) {
        i++;
    }
    if (!equals_nocase_n((span){ line.p + i, line.n - i }, version, vlen)) {
        return;
    }
    msg->is_request = true;
    msg->method = block_copy(b, method);
    msg->request_uri = block_copy(b, uri);
}

/* Auth header values in wire order: a few are kept inline, more spill to the heap. */
typedef struct {
    auth_header_kind kind;
    span             value;
} auth_ref;

typedef struct {
    auth_ref  inline_refs[4];
    auth_ref *refs;
    size_t    n, cap;
} auth_refs;

static void
auth_refs_add(auth_refs *a, auth_header_kind kind, span value)
{
    if (a->n == a->cap) {
        size_t cap = a->cap * 2;
        auth_ref *grown = g_new(auth_ref, cap);
        memcpy(grown, a->refs, a->n * sizeof *grown);
        if (a->refs != a->inline_refs) {
            g_free(a->refs);
        }
        a->refs = grown;
        a->cap = cap;
    }
    a->refs[a->n++] = (auth_ref){ kind, value };
}

/* The auth headers of storage's last parse. */
static void
release_auth(sip_parse_storage *storage)
{
    for (size_t a = 0; a < storage->n_auth; a++) {
        auth_header_clear(&storage->auth[a].value);
    }
    storage->n_auth = 0;
}

static size_t parse(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage);

size_t
sip_parse_message(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage)
{
    *storage = (sip_parse_storage){ 0 }; /* an output: whatever it held is not ours */
    return parse(data, len, msg, storage);
}

size_t
sip_parse_message_again(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage)
{
    release_auth(storage);
    /* A huge message's block is not kept for the small ones after it. */
    if (storage->strings_cap > 65536 && storage->strings_cap / 4 > len + 16) {
        g_free(storage->strings);
        storage->strings = NULL;
        storage->strings_cap = 0;
    }
    return parse(data, len, msg, storage);
}

static size_t
parse(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage)
{
    /* Everything this parse fills starts empty, so a reused struct keeps
     * nothing of an earlier message (whose strings may be freed). */
    msg->is_request = false;
    msg->method = msg->request_uri = NULL;
    msg->status = 0;
    msg->reason = NULL;
    msg->call_id = msg->from_tag = msg->to_tag = msg->to_user = msg->user_agent = NULL;
    msg->has_cseq = false;
    msg->cseq = 0;
    msg->cseq_method = msg->via_branch = msg->via_sent_by = NULL;
    msg->has_body = false;
    msg->body = NULL;
    msg->body_len = 0;
    msg->auth = NULL;
    msg->n_auth = 0;
    if (!data || len == 0) {
        return 0;
    }
    /* The kept strings are disjoint pieces of the message; the slack is for
     * their NULs (a dozen strings) and the ':' a sent-by may gain. */
    if (storage->strings_cap < len + 24) {
        g_free(storage->strings);
        storage->strings = g_malloc(len + 24);
        storage->strings_cap = len + 24;
    }
    string_block b = { storage->strings, 0, len + 24 };
    auth_refs auth = { .refs = NULL, .n = 0, .cap = 4 };
    auth.refs = auth.inline_refs;

    size_t pos = 0;
    while (pos < len && (data[pos] == '\r' || data[pos] == '\n')) {
        pos++; /* keep-alive CRLFs before the message */
    }
    size_t next;
    size_t e = line_end(data, len, pos, &next);
    parse_start_line((span){ data + pos, e - pos }, msg, &b);
    pos = next;

    bool seen_via = false, seen_from = false, seen_to = false, seen_cseq = false;
    bool has_length = false;
    size_t content_length = 0;
    size_t body_start = len;
    bool headers_ended = false;
    while (pos < len) {
        e = line_end(data, len, pos, &next);
        if (e == pos) {
            body_start = next; /* the empty line ends the headers */
            headers_ended = true;
            break;
        }
        /* A line starting with a blank continues the header (folding). */
        size_t end = e;
        while (next < len && is_blank(data[next])) {
            end = line_end(data, len, next, &next);
        }
        span line = { data + pos, end - pos };
        pos = next;
        const uint8_t *colon = memchr(line.p, ':', line.n);
        if (!colon) {
            continue;
        }
        auth_header_kind kind = AUTH_HDR_COUNT;
        switch (name_of(trim((span){ line.p, (size_t)(colon - line.p) }), &kind)) {
        case H_OTHER:
            break;
        case H_CALL_ID:
            if (!msg->call_id) {
                msg->call_id = block_copy(&b, trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
            }
            break;
        case H_FROM:
            if (!seen_from) {
                seen_from = true;
                msg->from_tag = block_copy(&b, tag_of((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
            }
            break;
        case H_TO:
            if (!seen_to) {
                seen_to = true;
                msg->to_tag = block_copy(&b, tag_of((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
                if (msg->is_request) { /* the user a request targets (guessing.c); a response's is its request's */
                    msg->to_user = block_copy(&b, user_of((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
                }
            }
            break;
        case H_CSEQ:
            if (!seen_cseq) {
                seen_cseq = true;
                parse_cseq(trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }), msg, &b);
            }
            break;
        case H_VIA:
            if (!seen_via) {
                seen_via = true;
                parse_top_via(trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }), msg, &b);
            }
            break;
        case H_CONTENT_LENGTH:
            if (!has_length) {
                has_length = parse_length(trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }),
                                          &content_length);
            }
            break;
        case H_USER_AGENT:
            if (!msg->user_agent) {
                msg->user_agent = block_copy(&b, trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
            }
            break;
        case H_AUTH:
            auth_refs_add(&auth, kind, trim((span){ colon + 1, (size_t)(line.p + line.n - colon - 1) }));
            break;
        }
    }

    /* The body: Content-Length bytes when they were all captured; without
     * Content-Length (allowed on UDP) the rest of the range. */
    size_t consumed = len;
    if (headers_ended && has_length) {
        if (content_length <= len - body_start) {
            msg->has_body = true;
            msg->body = content_length ? data + body_start : NULL;
            msg->body_len = content_length;
            consumed = body_start + content_length;
        }
    } else if (headers_ended && body_start < len) {
        msg->has_body = true;
        msg->body = data + body_start;
        msg->body_len = len - body_start;
    }

    if (auth.n) {
        if (storage->auth_cap < auth.n) {
            g_free(storage->auth);
            storage->auth = g_new0(sip_auth_header, auth.n);
            storage->auth_cap = auth.n;
        }
        storage->n_auth = auth.n;
        for (size_t a = 0; a < auth.n; a++) {
            storage->auth[a].kind = auth.refs[a].kind;
            auth_header_parse((const char *)auth.refs[a].value.p, auth.refs[a].value.n, &storage->auth[a].value);
        }
        msg->auth = storage->auth;
        msg->n_auth = auth.n;
    }
    if (auth.refs != auth.inline_refs) {
        g_free(auth.refs);
    }
    return msg->is_request || msg->status ? consumed : 0;
}

void
sip_parse_storage_clear(sip_parse_storage *storage, sip_message *msg)
{
    release_auth(storage);
    if (msg) {
        msg->auth = NULL;
        msg->n_auth = 0;
    }
    g_free(storage->auth);
    g_free(storage->strings);
    *storage = (sip_parse_storage){ 0 };
}
