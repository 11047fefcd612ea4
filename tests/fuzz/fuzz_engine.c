/* fuzz_engine.c - libFuzzer harness for the correlation engine and the
 * statistics.
 *
 * The input bytes are decoded into a sequence of sip_message structs, as the
 * glue would fill them from a capture, and fed to an engine with a small
 * credentials table.  Choices come from short tables (a few Call-IDs,
 * branches, tags, methods, statuses) so that random bytes make messages that
 * belong together: the point is to reach the correlation rules, which fully
 * random strings would never do.  Auth header values are either raw input
 * bytes (the parser's view of hostile values) or built from a template whose
 * parts are chosen by the input, including digest responses that are right
 * for the table's password, so verification, challenge loops and replays are
 * reached too.
 *
 * Input format (every read past the end gives 0, so any input is valid):
 *
 *   config  bit0 note_uri, bit1 note_syntax, bits2-3 T1: default / 500 ms /
 *           1 ms / 4 raw bytes
 *   then messages until the input ends (at most MAX_MESSAGES):
 *   op      (op & 0x1f) == 0x1f: engine_finish() now (a second pass began;
 *           feeding goes on, as in a live capture), then the next op.
 *           Else bit0: request, bits1-7 pick the method / status.
 *   ids     2 bits each: Call-ID, Via branch, From tag, To tag (one value of
 *           each is "absent")
 *   cseq    bits0-3 the CSeq number (15: 4 raw bytes), bit4 no CSeq,
 *           bits5-7 CSeq method of a response; of a request bit7 means a
 *           CSeq method other than the request's
 *   misc    bits0-1 Via sent-by, bit2 unused, bit3 resend, bit4 has a
 *           body, bit5 the body is input bytes (length byte first), bit6
 *           other Request-URI, bit7 no Request-URI
 *   time    bits0-1 frame step (0: another message in the same frame),
 *           bits2-7 time step (small steps, jumps over 64*T1, backwards,
 *           or 12 raw bytes of absolute time)
 *   nauth   bits0-1 number of auth headers, each:
 *     a     bits0-1 header kind, bit2 template (else raw), bit3 raw length
 *           has a second byte
 *     raw:      length byte(s), then the value's bytes
 *     template: 2 bytes (challenges) or 3 (credentials) choosing realm,
 *               nonce, algorithm, qop, stale, opaque, username, nc,
 *               cnonce, uri and response (right, right over the
 *               Request-URI or for another user, wrong, wrong length)
 *
 * Every string handed to the engine is a heap copy freed right after
 * engine_feed(), and each result is read in full (every string, every
 * finding's text) after every message and after engine_finish(), so a
 * pointer the engine kept to borrowed memory is an ASan report.  Everything
 * is freed before returning: deterministic and leak-free.
 *
 * Besides the sanitizers, oracles check what the engine promises about its
 * results on every input, and abort() (a crash to libFuzzer and to the
 * replay test) when it breaks a promise; see "Oracles" below.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "auth_header.h"
#include "digest.h"
#include "engine.h"
#include "finding.h"
#include "stats.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_MESSAGES 256u
#define MAX_AUTH     3u

/* SIPAUTH_FUZZ_VERBOSE=1 (read once, at start): print each decoded message
 * and its result on stderr, to see what a crash input or a seed means. */
static bool verbose;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* GLib < 2.76 caches freed slices: plain malloc lets ASan see them. */
    g_setenv("G_SLICE", "always-malloc", FALSE);
    verbose = g_strcmp0(g_getenv("SIPAUTH_FUZZ_VERBOSE"), "1") == 0;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Reading the input                                                   */

typedef struct {
    const uint8_t *data;
    size_t size, pos;
} reader;

static uint8_t
take(reader *rd)
{
    return rd->pos < rd->size ? rd->data[rd->pos++] : 0;
}

static uint32_t
take32(reader *rd)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v = v << 8 | take(rd);
    }
    return v;
}

static uint64_t
take64(reader *rd)
{
    return (uint64_t)take32(rd) << 32 | take32(rd);
}

/* Up to len bytes of the input (fewer at its end). */
static const uint8_t *
take_bytes(reader *rd, size_t *len)
{
    const uint8_t *p = rd->data + rd->pos;
    if (*len > rd->size - rd->pos) {
        *len = rd->size - rd->pos;
    }
    rd->pos += *len;
    return p;
}

/* ------------------------------------------------------------------ */
/* The vocabulary                                                      */

static const char *const methods[] = {
    "INVITE", "REGISTER", "ACK", "BYE", "CANCEL", "OPTIONS", "SUBSCRIBE", NULL, "invite",
};
/* 0xffffffff stands for "4 raw bytes". */
static const uint32_t statuses[] = {
    100, 180, 200, 401, 403, 407, 481, 500, 0, 183, 603, 0xffffffffu,
};
static const char *const call_ids[] = { "call-1@ua", "call-2@ua", "CALL-1@ua", NULL };
static const char *const branches[] = { "z9hG4bK-1", "z9hG4bK-2", "z9hG4bK-3", NULL };
static const char *const from_tags[] = { "ft-1", "ft-2", "ft-3", NULL };
static const char *const to_tags[] = { NULL, "tt-1", "tt-2", "tt-3" };
static const char *const sent_bys[] = { "10.0.0.1:5060", "10.0.0.2:5060", "10.0.0.3", NULL };
static const char *const cseq_methods[] = { "INVITE", "REGISTER", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", NULL };

static const char *const realms[] = { "proxy.example.com", "example.com", "EXAMPLE.com", "" };
static const char *const nonces[] = { "n1", "n2", "n3", "" };
static const char *const algorithms[] = {
    NULL, "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "AKAv1-MD5", "md5",
};
static const char *const qops[] = { NULL, "auth", "auth-int", "auth,auth-int" };
static const char *const users[] = { "alice", "bob", "carol", "" };
static const char *const ncs[] = { "00000001", "00000002", "00000003", "zz" };

#define PICK(table, n) (table)[(n) % G_N_ELEMENTS(table)]

/* The credentials table: a password, an HA1 (of alice:example.com:secret),
 * a user whose realm differs in case, a second user of alice's proxy realm
 * (a digest right for another user), and an empty row as the UAT can have. */
static const engine_credential secrets[] = {
    { "alice", "proxy.example.com", "secret", NULL },
    { "alice", "example.com", NULL, "b1726872c344b6dc8365b774f8fd6412" },
    { "bob", "Example.com", "bob-pw", "" },
    { "carol", "proxy.example.com", "carol-pw", NULL },
    { "", "", "", "" },
};

static const char *
password_of(const char *user, const char *realm)
{
    for (size_t i = 0; i < G_N_ELEMENTS(secrets); i++) {
        if (strcmp(secrets[i].username, user) == 0 && g_ascii_strcasecmp(secrets[i].realm, realm) == 0 &&
            secrets[i].password && secrets[i].password[0]) {
            return secrets[i].password;
        }
    }
    return "secret";
}

/* ------------------------------------------------------------------ */
/* Building one message                                                */

typedef struct {
    GPtrArray *strings;  /* heap copies handed to the engine, freed after the feed */
} scratch;

static const char *
copy(scratch *s, const char *str)
{
    if (!str) {
        return NULL;
    }
    char *c = g_strdup(str);
    g_ptr_array_add(s->strings, c);
    return c;
}

static void
template_challenge(reader *rd, GString *v)
{
    uint8_t t0 = take(rd), t1 = take(rd);
    g_string_append_printf(v, "Digest realm=\"%s\", nonce=\"%s\"", PICK(realms, t0 & 3), PICK(nonces, t0 >> 2 & 3));
    const char *alg = PICK(algorithms, t0 >> 4 & 7);
    if (alg) {
        g_string_append_printf(v, ", algorithm=%s", alg);
    }
    const char *qop = PICK(qops, t1 & 3);
    if (qop) {
        g_string_append_printf(v, ", qop=\"%s\"", qop);
    }
    if (t0 & 0x80) {
        g_string_append(v, ", stale=true");
    }
    if (t1 & 0x04) {
        g_string_append(v, ", opaque=\"op-1\"");
    }
    if (t1 & 0x08) {
        /* a second challenge in the same value (RFC 7235 §2.1, RFC 8760 §2.4) */
        g_string_append_printf(v, ", Digest realm=\"%s\", nonce=\"%s\", algorithm=%s", PICK(realms, t1 >> 4 & 3),
                               PICK(nonces, t1 >> 6 & 3), t1 & 0x10 ? "SHA-256" : "MD5");
    }
}

static void
template_credentials(reader *rd, GString *v, const sip_message *m)
{
    uint8_t t0 = take(rd), t1 = take(rd), t2 = take(rd);
    const char *user = PICK(users, t0 & 3);
    const char *realm = PICK(realms, t0 >> 2 & 3);
    const char *nonce = PICK(nonces, t0 >> 4 & 3);
    const char *alg = PICK(algorithms, t1 & 7);
    const char *qop = PICK(qops, t1 >> 3 & 3);
    if (qop && strchr(qop, ',')) {
        qop = "auth"; /* credentials answer one qop */
    }
    const char *nc = PICK(ncs, t1 >> 5 & 3);
    const char *cnonce = t2 & 0x04 ? "c0ffee" : NULL;
    const char *uri = t2 & 0x10 ? "sip:other@example.com" : (m->request_uri ? m->request_uri : "sip:example.com");

    char response[DIGEST_HEX_MAX] = "0123456789abcdef0123456789abcdef";
    switch (t2 & 3) {
    case 0: {
        /* right, or right over another uri or for another user: the
         * mistakes verification names */
        const char *hashed_user = t2 & 0x80 ? "carol" : user;
        digest_input in = {
            .alg = digest_algorithm_parse(alg), .username = hashed_user, .realm = realm,
            .password = password_of(hashed_user, realm), .nonce = nonce, .cnonce = cnonce,
            .nc = qop ? nc : NULL, .qop = qop, .method = m->method ? m->method : "INVITE",
            .uri = t2 & 0x40 && m->request_uri ? m->request_uri : uri,
            .body = m->body, .body_len = m->body_len, .has_body = m->has_body,
        };
        if (digest_response(&in, response) != DIGEST_OK) {
            strcpy(response, "ffffffffffffffffffffffffffffffff");
        }
        break;
    }
    case 1: break;
    case 2: strcpy(response, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"); break;
    case 3: strcpy(response, "0123"); break;
    }
    g_string_append_printf(v, "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\"",
                           user, realm, nonce, uri, response);
    if (alg) {
        g_string_append_printf(v, ", algorithm=%s", alg);
    }
    if (qop) {
        g_string_append_printf(v, t2 & 0x20 ? ", qop=\"%s\", nc=%s" : ", qop=%s, nc=%s", qop, nc);
    }
    if (cnonce) {
        g_string_append_printf(v, ", cnonce=\"%s\"", cnonce);
    }
    if (t2 & 0x08) {
        g_string_append(v, ", opaque=\"op-1\"");
    }
}

/* Decode the auth headers of m; they are parsed from exact-size copies and
 * must be cleared by the caller (auth[0..n)). */
static size_t
decode_auth(reader *rd, const sip_message *m, sip_auth_header *auth)
{
    size_t n = take(rd) & 3;
    for (size_t i = 0; i < n; i++) {
        uint8_t a = take(rd);
        auth[i].kind = (auth_header_kind)(a & 3);
        GString *v = g_string_new(NULL);
        if (a & 0x04) {
            if (auth_header_kind_is_challenge(auth[i].kind)) {
                template_challenge(rd, v);
            } else {
                template_credentials(rd, v, m);
            }
        } else {
            size_t len = take(rd);
            if (a & 0x08) {
                len = len << 8 | take(rd);
            }
            const uint8_t *bytes = take_bytes(rd, &len);
            g_string_append_len(v, (const char *)bytes, (gssize)len);
        }
        /* exact size, no NUL after it: the glue's values are not terminated either */
        char *value = g_malloc(v->len ? v->len : 1);
        memcpy(value, v->str, v->len);
        auth_header_parse(value, v->len, &auth[i].value);
        g_free(value);
        g_string_free(v, TRUE);
    }
    return n;
}

static void
decode_time(reader *rd, uint8_t step, int64_t *secs, int32_t *nsecs)
{
    int64_t ms = 0;
    if (step < 40) {
        ms = step * 50;
    } else if (step < 56) {
        ms = (step - 39) * 4000;
    } else {
        switch (step) {
        case 56: ms = 32000; break;       /* 64*T1 - a little */
        case 57: ms = 33000; break;       /* 64*T1 + a little */
        case 58: ms = 64000; break;
        case 59: ms = 3600000; break;
        case 60: ms = -1000; break;       /* clocks step back in real captures */
        case 61:
            /* any absolute time: the glue passes a (corrupted) capture's
             * timestamp through unchecked */
            *secs = (int64_t)take64(rd);
            *nsecs = (int32_t)(take32(rd) % 1000000000u);
            return;
        case 62: ms = -5000; break;
        default: ms = 0; break;
        }
    }
    int64_t ns = (int64_t)*nsecs + (ms % 1000) * 1000000;
    int64_t s = ms / 1000;
    if (ns < 0) {
        ns += 1000000000;
        s--;
    } else if (ns >= 1000000000) {
        ns -= 1000000000;
        s++;
    }
    /* Wrap like the capture's own clock would rather than overflow here:
     * the harness must not have undefined behaviour of its own. */
    *secs = (int64_t)((uint64_t)*secs + (uint64_t)s);
    *nsecs = (int32_t)ns;
}

/* ------------------------------------------------------------------ */
/* SIPAUTH_FUZZ_VERBOSE                                                */

#define STR(s) ((s) ? (s) : "-")

static void
print_message(const sip_message *m)
{
    fprintf(stderr, "frame %u.%u t=%" G_GINT64_FORMAT ".%09d %s%s%u call=%s cseq=%s%u %s branch=%s from=%s to=%s "
            "by=%s%s%s\n", m->frame, m->index_in_frame, m->time_secs, m->time_nsecs,
            m->is_request ? STR(m->method) : "", m->is_request ? " " : "status ", m->status, STR(m->call_id),
            m->has_cseq ? "" : "(none)", m->cseq, STR(m->cseq_method), STR(m->via_branch), STR(m->from_tag),
            STR(m->to_tag), STR(m->via_sent_by), m->resend ? " resend" : "", m->has_body ? " body" : "");
    for (size_t i = 0; i < m->n_auth; i++) {
        const auth_header *h = &m->auth[i].value;
        fprintf(stderr, "  %s:", auth_header_kind_name(m->auth[i].kind));
        for (size_t k = 0; k < h->n_items; k++) {
            fprintf(stderr, " [%s]", h->items[k].scheme);
            for (size_t p = 0; p < h->items[k].n_params; p++) {
                fprintf(stderr, " %s=%s", h->items[k].params[p].name, h->items[k].params[p].value);
            }
        }
        fprintf(stderr, "\n");
    }
}

static void
print_result(const msg_result *r, GString *text)
{
    fprintf(stderr, "result frame %u.%u flow=%u role=%s attempt=%u outcome=%s\n", r->frame, r->index_in_frame,
            r->flow, msg_role_name(r->role), r->attempt, flow_outcome_name(r->outcome));
    for (uint32_t f = 0; f < r->n_findings; f++) {
        g_string_truncate(text, 0);
        finding_describe(&r->findings[f], r->frame, text);
        fprintf(stderr, "  %s: %s\n", finding_defs[r->findings[f].id].name, text->str);
    }
}

/* ------------------------------------------------------------------ */
/* Oracles                                                             */

/* What the engine promises about its results, checked every time the
 * harness reads one (after each message, after each engine_finish(), at
 * the end), so that a broken promise is an abort() libFuzzer saves and the
 * replay test fails on:
 *
 * (a) Results only grow (engine.h: single-pass output lacks what later
 *     frames add, it never says something else).  Each read of a message's
 *     result is compared with the previous read of it, so the view right
 *     after its feed, the one before engine_finish() and the final one form
 *     a chain: every finding shown earlier (all its fields) is still shown,
 *     and the flow number and every link that was non-zero keep their
 *     value.  The engine keeps that by construction, which is what makes
 *     the oracle exact rather than a heuristic: findings are only appended
 *     (record_add_hit), a record's role and flow are set while it is fed,
 *     and the links a later message sets on an earlier record are each
 *     written once, where they were still 0 (a request's answer_frame and a
 *     challenge's retry_frame only if unset, the request_frame of responses
 *     fed before their request when it comes, a challenge's ack_frame by
 *     its fork's first ACK).  A reordered capture does not break it: a
 *     response fed before its request shows no request_frame (0) until the
 *     request comes, then that one for good.  Verdicts about absence
 *     (outcome, ack_missing, no_retry) may appear later: they are additions.
 *
 * (b) Every link names a message that was fed: each non-zero frame a
 *     result gives (the links, realm_challenges[], the frames each finding
 *     names: finding_frames()) is the frame of some message fed before the
 *     read.
 *
 * (c) batched = immediate: in fuzz_sip_parse.c (see below why).
 *
 * And what the oracles rely on: ids are 0, 1, 2, ... in feed order and a
 * result names the frame and index of the message fed under its id.
 */

/* At most 1 + 3 per message (a frame step is 0..3). */
#define MAX_FRAME (1u + 3u * MAX_MESSAGES)

enum { LINK_REQUEST, LINK_CHALLENGE, LINK_RETRY, LINK_ACK, LINK_ANSWER, LINK_COPY, LINK_RELAY, N_LINKS };

static const char *const link_names[N_LINKS] = {
    "request_frame", "challenge_frame", "retry_frame", "ack_frame", "answer_frame", "copy_of", "relay_of",
};

static void
links_of(const msg_result *r, uint32_t links[N_LINKS])
{
    links[LINK_REQUEST] = r->request_frame;
    links[LINK_CHALLENGE] = r->challenge_frame;
    links[LINK_RETRY] = r->retry_frame;
    links[LINK_ACK] = r->ack_frame;
    links[LINK_ANSWER] = r->answer_frame;
    links[LINK_COPY] = r->copy_of;
    links[LINK_RELAY] = r->relay_of;
}

/* A finding as last read: its id, the frames it names and its text (which
 * is made of all its facts, so equal texts mean equal findings). */
typedef struct {
    finding_id id;
    uint32_t   frames[2];
    char      *text;
} kept_hit;

/* A result as last read: engine_result()'s view is overwritten by the next
 * call and its findings array moves when one is added, so this is a copy. */
typedef struct {
    bool         read;
    uint32_t     frame, index_in_frame;  /* of the message fed under this id */
    uint32_t     flow;
    uint32_t     links[N_LINKS];
    kept_hit    *findings;
    uint32_t     n_findings;
} snapshot;

typedef struct {
    bool     fed[MAX_FRAME + 1];  /* frame numbers of the messages fed so far */
    uint32_t n_fed;
    snapshot snaps[MAX_MESSAGES];
} oracle;

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN
oracle_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz_engine: oracle failed: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

static void
snapshot_clear_findings(snapshot *s)
{
    for (uint32_t i = 0; i < s->n_findings; i++) {
        g_free(s->findings[i].text);
    }
    g_free(s->findings);
    s->findings = NULL;
    s->n_findings = 0;
}

static void
oracle_free(oracle *o)
{
    for (uint32_t id = 0; id < MAX_MESSAGES; id++) {
        snapshot_clear_findings(&o->snaps[id]);
    }
    g_free(o);
}

/* The message just fed got id: remember its frame. */
static void
oracle_fed(oracle *o, uint32_t id, const sip_message *m)
{
    if (id != o->n_fed || m->frame > MAX_FRAME) {
        oracle_fail("message %u (frame %u) got id %u", o->n_fed, m->frame, id);
    }
    o->fed[m->frame] = true;
    o->snaps[id].frame = m->frame;
    o->snaps[id].index_in_frame = m->index_in_frame;
    o->n_fed++;
}

static kept_hit
keep_hit(const finding_hit *hit, uint32_t own_frame, GString *text)
{
    kept_hit k = { .id = hit->id };
    finding_frames(hit, k.frames);
    g_string_truncate(text, 0);
    finding_describe(hit, own_frame, text);
    k.text = g_strdup(text->str);
    return k;
}

static bool
hit_equal(const kept_hit *a, const kept_hit *b)
{
    return a->id == b->id && a->frames[0] == b->frames[0] && a->frames[1] == b->frames[1] && strcmp(a->text, b->text) == 0;
}

/* (b): frame is 0 or the frame of a message fed so far. */
static void
check_fed(const oracle *o, const msg_result *r, const char *what, uint32_t frame)
{
    if (frame != 0 && (frame > MAX_FRAME || !o->fed[frame])) {
        oracle_fail("frame %u.%u: %s names frame %u, which no message fed so far has", r->frame,
                    r->index_in_frame, what, frame);
    }
}

/* Every oracle on the result r of id, just read. */
static void
oracle_check(oracle *o, uint32_t id, const msg_result *r, GString *text)
{
    if (id >= o->n_fed) {
        return; /* never fed (the harness asks for UINT32_MAX once): nothing is promised but emptiness */
    }
    snapshot *s = &o->snaps[id];
    if (r->frame != s->frame || r->index_in_frame != s->index_in_frame) {
        oracle_fail("id %u: result of frame %u.%u, but the message fed was frame %u.%u", id, r->frame,
                    r->index_in_frame, s->frame, s->index_in_frame);
    }

    /* (b) every frame named was fed */
    uint32_t links[N_LINKS];
    links_of(r, links);
    for (int k = 0; k < N_LINKS; k++) {
        check_fed(o, r, link_names[k], links[k]);
    }
    for (uint32_t k = 0; k < r->n_realms && k < RESULT_MAX_REALMS; k++) {
        check_fed(o, r, "realm_challenges[]", r->realm_challenges[k]);
    }
    for (uint32_t f = 0; f < r->n_findings; f++) {
        uint32_t frames[2];
        finding_frames(&r->findings[f], frames);
        check_fed(o, r, finding_defs[r->findings[f].id].name, frames[0]);
        check_fed(o, r, finding_defs[r->findings[f].id].name, frames[1]);
    }
    kept_hit *now = r->n_findings ? g_new(kept_hit, r->n_findings) : NULL;
    for (uint32_t f = 0; f < r->n_findings; f++) {
        now[f] = keep_hit(&r->findings[f], r->frame, text);
    }

    /* (a) nothing shown at the last read is gone or changed */
    if (s->read) {
        if (s->flow != 0 && r->flow != s->flow) {
            oracle_fail("frame %u.%u: flow %u became %u", r->frame, r->index_in_frame, s->flow, r->flow);
        }
        for (int k = 0; k < N_LINKS; k++) {
            if (s->links[k] != 0 && links[k] != s->links[k]) {
                oracle_fail("frame %u.%u: %s %u became %u%s", r->frame, r->index_in_frame, link_names[k],
                            s->links[k], links[k], r->whole_capture ? " (now after engine_finish)" : "");
            }
        }
        for (uint32_t i = 0; i < s->n_findings; i++) {
            bool kept = false;
            for (uint32_t f = 0; f < r->n_findings && !kept; f++) {
                kept = hit_equal(&s->findings[i], &now[f]);
            }
            if (!kept) {
                oracle_fail("frame %u.%u: finding shown before is gone%s: %s (frames %u, %u): %s", r->frame,
                            r->index_in_frame, r->whole_capture ? " (now after engine_finish)" : "",
                            finding_defs[s->findings[i].id].name, s->findings[i].frames[0], s->findings[i].frames[1],
                            s->findings[i].text);
            }
        }
    }

    /* this read is the one the next is compared with */
    s->read = true;
    s->flow = r->flow;
    memcpy(s->links, links, sizeof links);
    snapshot_clear_findings(s);
    s->findings = now;
    s->n_findings = r->n_findings;
}

/* (c) batched = immediate is checked by fuzz_sip_parse.c instead: the
 * batch queue (batch.h) takes a message's bytes and parses them when it is
 * flushed, and this harness makes sip_message structs, not bytes. */

/* ------------------------------------------------------------------ */
/* Reading the results                                                 */

static size_t
touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t
read_result(engine *e, oracle *o, uint32_t id, GString *text)
{
    const msg_result *r = engine_result(e, id);
    oracle_check(o, id, r, text);
    size_t sum = touch(r->call_id) + touch(r->method) + touch(r->realm) + touch(r->username) + r->attempt + r->request_frame +
                 r->challenge_frame + r->retry_frame + r->ack_frame + r->answer_frame + r->copy_of;
    sum += touch(msg_role_name(r->role)) + touch(flow_outcome_name(r->outcome)) + touch(auth_kind_name(r->kind));
    for (uint32_t k = 0; k < r->n_realms && k < RESULT_MAX_REALMS; k++) {
        sum += touch(r->realms[k]) + touch(auth_kind_name(r->kinds[k]));
    }
    for (uint32_t f = 0; f < r->n_findings; f++) {
        g_string_truncate(text, 0);
        finding_describe(&r->findings[f], r->frame, text);
        sum += text->len;
        sum += touch(finding_defs[r->findings[f].id].name);
    }
    const finding_hit *problem = finding_problem(r->findings, r->n_findings);
    if (problem) {
        sum += touch(finding_defs[problem->id].name);
    }
    return sum;
}

static size_t
read_all(engine *e, oracle *o, GString *text)
{
    size_t sum = 0;
    if (engine_message_count(e) != o->n_fed) {
        oracle_fail("the engine counts %u messages, %u were fed", engine_message_count(e), o->n_fed);
    }
    for (uint32_t id = 0; id < engine_message_count(e); id++) {
        sum += read_result(e, o, id, text);
    }
    return sum + engine_flow_count(e) + engine_finished(e);
}

/* stats_take_changes() listeners, as the GUI tables have them. */
static void
changed_row(void *user_data, const stats_row *row, uint32_t id)
{
    *(size_t *)user_data += touch(row->realm) + touch(row->user) + row->flows + id;
}

static void
changed_problem(void *user_data, const stats_problem *problem, uint32_t id)
{
    *(size_t *)user_data += touch(problem->call_id) + touch(problem->user) + touch(problem->realms) +
                            touch(problem->findings) + id;
}

static const stats_listener listener = { changed_row, changed_problem };

static size_t
take_changes(stats *s)
{
    size_t sum = 0;
    stats_take_changes(s, &listener, &sum);
    return sum;
}

static size_t
read_stats(stats *s)
{
    size_t sum = take_changes(s), n = 0;
    stats_row *rows = stats_rows(s, &n);
    for (size_t i = 0; i < n; i++) {
        sum += touch(rows[i].realm) + touch(rows[i].user) + rows[i].flows + rows[i].n_delays;
    }
    g_free(rows);
    stats_problem *problems = stats_problems(s, &n);
    for (size_t i = 0; i < n; i++) {
        sum += touch(problems[i].call_id) + touch(problems[i].user) + touch(problems[i].realms) +
               touch(problems[i].findings);
    }
    g_free(problems);
    GString *out = g_string_new(NULL);
    stats_format(s, out);
    sum += out->len;
    g_string_free(out, TRUE);
    return sum;
}

/* ------------------------------------------------------------------ */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader rd = { data, size, 0 };
    volatile size_t sink = 0;

    uint8_t conf = take(&rd);
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.note_uri = conf & 1;
    cfg.note_syntax = conf & 2;
    switch (conf >> 2 & 3) {
    case 0: break;
    case 1: cfg.t1_ms = 500; break;
    case 2: cfg.t1_ms = 1; break;
    case 3: cfg.t1_ms = take32(&rd); break;  /* a preference: any value the user typed */
    }
    cfg.credentials = secrets;
    cfg.n_credentials = G_N_ELEMENTS(secrets);
    engine *e = engine_new(&cfg);
    stats *single_pass = stats_new();  /* what tshark without -2 would count */
    GString *text = g_string_new(NULL);
    oracle *o = g_new0(oracle, 1);

    uint32_t frame = 1, index = 0;
    int64_t secs = 1700000000;
    int32_t nsecs = 0;
    for (uint32_t n = 0; n < MAX_MESSAGES && rd.pos < rd.size; n++) {
        uint8_t op = take(&rd);
        if ((op & 0x1f) == 0x1f) {
            engine_finish(e);
            sink += read_all(e, o, text);
            continue;
        }
        scratch s = { g_ptr_array_new_with_free_func(g_free) };
        sip_message m;
        memset(&m, 0, sizeof m);
        m.is_request = op & 1;
        if (m.is_request) {
            m.method = copy(&s, PICK(methods, op >> 1));
        } else {
            m.status = PICK(statuses, op >> 1);
            if (m.status == 0xffffffffu) {
                m.status = take32(&rd);
            }
        }
        uint8_t ids = take(&rd);
        m.call_id = copy(&s, PICK(call_ids, ids & 3));
        m.via_branch = copy(&s, PICK(branches, ids >> 2 & 3));
        m.from_tag = copy(&s, PICK(from_tags, ids >> 4 & 3));
        m.to_tag = copy(&s, PICK(to_tags, ids >> 6 & 3));

        uint8_t cs = take(&rd);
        m.has_cseq = !(cs & 0x10);
        m.cseq = (cs & 15) == 15 ? take32(&rd) : (uint32_t)(cs & 15);
        if (m.is_request && !(cs & 0x80)) {
            m.cseq_method = copy(&s, m.method);
        } else {
            m.cseq_method = copy(&s, PICK(cseq_methods, cs >> 5 & 7));
        }

        uint8_t misc = take(&rd);
        m.via_sent_by = copy(&s, PICK(sent_bys, misc & 3));
        m.resend = misc & 0x08;
        if (m.is_request && !(misc & 0x80)) {
            m.request_uri = copy(&s, misc & 0x40 ? "sip:example.com" : "sip:bob@example.com");
        }
        if (misc & 0x10) {
            m.has_body = true;
            size_t len = misc & 0x20 ? take(&rd) : 5;
            const uint8_t *bytes = misc & 0x20 ? take_bytes(&rd, &len) : (const uint8_t *)"v=0\r\n";
            if (len) {
                uint8_t *body = g_malloc(len);
                memcpy(body, bytes, len);
                g_ptr_array_add(s.strings, body);
                m.body = body;
                m.body_len = len;
            }
        }

        uint8_t t = take(&rd);
        if (t & 3) {
            frame += t & 3;
            index = 0;
        } else if (n > 0) {
            index++;
        }
        decode_time(&rd, t >> 2, &secs, &nsecs);
        m.frame = frame;
        m.index_in_frame = index;
        m.time_secs = secs;
        m.time_nsecs = nsecs;

        sip_auth_header auth[MAX_AUTH];
        m.n_auth = decode_auth(&rd, &m, auth);
        m.auth = m.n_auth ? auth : NULL;

        if (verbose) {
            print_message(&m);
        }
        uint32_t id = engine_feed(e, &m);
        oracle_fed(o, id, &m);

        for (size_t i = 0; i < m.n_auth; i++) {
            auth_header_clear(&auth[i].value);
        }
        g_ptr_array_free(s.strings, TRUE);

        sink += read_result(e, o, id, text);
        stats_add(single_pass, engine_result(e, id));
        if (op & 0x80) {
            sink += take_changes(single_pass); /* the GUI tables, updated as packets come */
        }
    }
    if (verbose) {
        engine_finish(e);
        for (uint32_t id = 0; id < engine_message_count(e); id++) {
            print_result(engine_result(e, id), text);
        }
    }

    /* The second pass: every verdict, every result, the -z sipauth,stat table. */
    engine_finish(e);
    engine_finish(e); /* idempotent */
    sink += read_all(e, o, text);
    stats *two_pass = stats_new();
    for (uint32_t id = 0; id < engine_message_count(e); id++) {
        stats_add(two_pass, engine_result(e, id));
    }
    sink += read_stats(single_pass) + read_stats(two_pass);
    sink += touch(engine_result(e, UINT32_MAX)->call_id); /* an id the engine never gave */

    stats_free(two_pass);
    stats_free(single_pass);
    oracle_free(o);
    g_string_free(text, TRUE);
    engine_free(e);
    (void)sink;
    return 0;
}
