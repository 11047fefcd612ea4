/* test_engine.c - unit tests for the auth-flow correlation engine (engine.h).
 *
 * Each test feeds a small hand-written capture to the engine, message by
 * message in frame order, and asserts the exact links (frames), roles,
 * attempts, outcomes and findings the engine gives.  Messages are built by
 * feed() below from a msg_spec: every string of the sip_message is a heap
 * copy freed right after engine_feed(), and the auth headers are parsed with
 * auth_header_parse() and cleared right after, so AddressSanitizer catches an
 * engine that keeps a borrowed pointer.
 *
 * The expectations encode the spec of the engine (what a user should see),
 * not merely what the code does today: a failing test here is a bug report.
 */
#include "digest.h"
#include "engine.h"

#include <string.h>

#include <glib.h>

/* ------------------------------------------------------------------ */
/* Message builder                                                     */

#define T0_SECS INT64_C(1700000000)

#define UA     "10.0.0.1:5060"
#define PROXY  "10.0.0.2:5060"

#define RESP32 "0123456789abcdef0123456789abcdef"
#define RESP64 RESP32 RESP32

#define PREALM "proxy.example.com"
#define WREALM "example.com"

/* A Proxy-Authenticate challenge of realm PREALM with nonce n. */
#define PCHAL(n) "Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"" n "\", algorithm=MD5, qop=\"auth\""
/* The Proxy-Authorization answering it (INVITE to sip:bob@example.com). */
#define PCRED(n, nc) "Proxy-Authorization: Digest username=\"alice\", realm=\"" PREALM "\", nonce=\"" n "\", " \
    "uri=\"sip:bob@example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, nc=" nc ", cnonce=\"c0ffee\""
/* A WWW-Authenticate challenge of realm WREALM with nonce n. */
#define WCHAL(n) "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"" n "\", algorithm=MD5, qop=\"auth\""
/* The Authorization answering it; uri is the Request-URI of the request. */
#define WCRED_URI(n, nc, uri) "Authorization: Digest username=\"alice\", realm=\"" WREALM "\", nonce=\"" n "\", " \
    "uri=\"" uri "\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, nc=" nc ", cnonce=\"c0ffee\""
#define WCRED(n, nc) WCRED_URI(n, nc, "sip:example.com")                 /* REGISTER */
#define WCRED_INV(n, nc) WCRED_URI(n, nc, "sip:bob@example.com")         /* INVITE */

typedef struct {
    uint32_t    frame;
    uint32_t    index;       /* index_in_frame */
    int64_t     ms;          /* capture time, milliseconds after T0 */
    const char *method;      /* set: a request */
    uint32_t    status;      /* a response */
    const char *cm;          /* responses: CSeq method (default "INVITE") */
    uint32_t    cseq;
    bool        no_cseq;
    const char *call_id;     /* default "call-1@ua" */
    bool        no_call_id;
    const char *from_tag;    /* default "ft-1" */
    const char *to_tag;
    const char *reason;      /* responses: the reason phrase */
    const char *branch;
    const char *sent_by;     /* default UA */
    const char *ruri;        /* requests; default by method */
    const char *source;      /* the network source address; default none */
    const char *user_agent;
    const char *to_user;
    const char *auth[4];     /* "Header-Name: value" */
} msg_spec;

typedef struct {
    engine     *e;
    GHashTable *ids;         /* frame * 16 + index -> id + 1 */
} fx;

static void fx_init(fx *f, const engine_config *cfg)
{
    f->e = engine_new(cfg);
    f->ids = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static void fx_init_default(fx *f)
{
    fx_init(f, NULL);
}

static void fx_clear(fx *f)
{
    engine_free(f->e);
    g_hash_table_destroy(f->ids);
    f->e = NULL;
    f->ids = NULL;
}

static auth_header_kind header_kind(const char *name, size_t len)
{
    static const struct { const char *name; auth_header_kind kind; } names[] = {
        { "WWW-Authenticate", AUTH_HDR_WWW_AUTHENTICATE },
        { "Proxy-Authenticate", AUTH_HDR_PROXY_AUTHENTICATE },
        { "Authorization", AUTH_HDR_AUTHORIZATION },
        { "Proxy-Authorization", AUTH_HDR_PROXY_AUTHORIZATION },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strlen(names[i].name) == len && g_ascii_strncasecmp(names[i].name, name, len) == 0)
            return names[i].kind;
    }
    g_error("test bug: unknown auth header name in \"%s\"", name);
    return AUTH_HDR_COUNT;
}

/* Feed one message; returns its id.  Every string is a heap copy freed after
 * engine_feed() returns. */
static uint32_t feed(fx *f, const msg_spec *s)
{
    GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
#define DUP(x) ((x) ? (g_ptr_array_add(strings, g_strdup(x)), (const char *)strings->pdata[strings->len - 1]) : NULL)
    sip_message m;
    memset(&m, 0, sizeof m);
    m.frame = s->frame;
    m.index_in_frame = s->index;
    m.time_secs = T0_SECS + s->ms / 1000;
    m.time_nsecs = (int32_t)(s->ms % 1000) * 1000000;
    m.is_request = s->method != NULL;
    m.method = DUP(s->method);
    m.status = s->method ? 0 : s->status;
    if (s->method) {
        const char *ruri = s->ruri ? s->ruri
            : strcmp(s->method, "REGISTER") == 0 ? "sip:example.com" : "sip:bob@example.com";
        m.request_uri = DUP(ruri);
    }
    m.call_id = s->no_call_id ? NULL : DUP(s->call_id ? s->call_id : "call-1@ua");
    m.from_tag = DUP(s->from_tag ? s->from_tag : "ft-1");
    m.to_tag = DUP(s->to_tag);
    m.reason = DUP(s->reason);
    m.has_cseq = !s->no_cseq;
    m.cseq = s->cseq;
    m.cseq_method = s->no_cseq ? NULL : DUP(s->method ? s->method : (s->cm ? s->cm : "INVITE"));
    m.via_branch = DUP(s->branch);
    m.via_sent_by = DUP(s->sent_by ? s->sent_by : UA);
    m.source = DUP(s->source);
    m.user_agent = DUP(s->user_agent);
    m.to_user = DUP(s->to_user);

    sip_auth_header auth[G_N_ELEMENTS(s->auth)];
    size_t n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(s->auth) && s->auth[i]; i++) {
        const char *colon = strchr(s->auth[i], ':');
        g_assert_nonnull(colon);
        auth[n].kind = header_kind(s->auth[i], (size_t)(colon - s->auth[i]));
        const char *value = colon + 1;
        while (*value == ' ')
            value++;
        /* an exact-size copy without NUL, as the parser's own tests do */
        size_t len = strlen(value);
        char *copy = g_malloc(len ? len : 1);
        memcpy(copy, value, len);
        auth_header_parse(copy, len, &auth[n].value);
        g_free(copy);
        n++;
    }
    m.auth = n ? auth : NULL;
    m.n_auth = n;

    uint32_t id = engine_feed(f->e, &m);

    for (size_t i = 0; i < n; i++)
        auth_header_clear(&auth[i].value);
    g_ptr_array_free(strings, TRUE);
#undef DUP
    g_hash_table_insert(f->ids, GUINT_TO_POINTER(s->frame * 16u + s->index), GUINT_TO_POINTER(id + 1u));
    return id;
}

#define FEED(f, ...) feed((f), &(msg_spec){ __VA_ARGS__ })

/* The current result of the message fed as (frame, index). */
static const msg_result *res_ix(fx *f, uint32_t frame, uint32_t index)
{
    gpointer v = g_hash_table_lookup(f->ids, GUINT_TO_POINTER(frame * 16u + index));
    if (!v)
        g_error("test bug: frame %u index %u was not fed", frame, index);
    const msg_result *r = engine_result(f->e, GPOINTER_TO_UINT(v) - 1u);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->frame, ==, frame);
    g_assert_cmpuint(r->index_in_frame, ==, index);
    return r;
}

static const msg_result *res(fx *f, uint32_t frame)
{
    return res_ix(f, frame, 0);
}

/* ------------------------------------------------------------------ */
/* Assertions on findings                                              */

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Without a credentials table every set of credentials is unverifiable; the
 * tests of the correlation rules leave that note out, the verification tests
 * (counted_unverifiable = true) keep it. */
static bool counted_unverifiable;

static bool counted(finding_id id)
{
    return id != FINDING_UNVERIFIABLE || counted_unverifiable;
}

/* The finding names of r, sorted, space-separated ("" when none). */
static char *finding_names(const msg_result *r)
{
    GPtrArray *names = g_ptr_array_new();
    for (uint32_t i = 0; i < r->n_findings; i++)
        if (counted(r->findings[i].id))
            g_ptr_array_add(names, (gpointer)finding_defs[r->findings[i].id].name);
    g_ptr_array_sort(names, cmp_str);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        if (i)
            g_string_append_c(out, ' ');
        g_string_append(out, names->pdata[i]);
    }
    g_ptr_array_free(names, TRUE);
    return g_string_free(out, FALSE);
}

/* expected: the finding names, sorted alphabetically, space-separated. */
#define assert_findings(f, frame, expected) assert_findings_ix((f), (frame), 0, (expected))
static void assert_findings_ix(fx *f, uint32_t frame, uint32_t index, const char *expected)
{
    char *got = finding_names(res_ix(f, frame, index));
    if (strcmp(got, expected) != 0) {
        g_test_message("frame %u/%u: findings \"%s\", expected \"%s\"", frame, index, got, expected);
    }
    g_assert_cmpstr(got, ==, expected);
    g_free(got);
}

/* The one hit of finding id on the message (asserts there is exactly one). */
static finding_hit hit_of(fx *f, uint32_t frame, finding_id id)
{
    const msg_result *r = res(f, frame);
    const finding_hit *found = NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->n_findings; i++) {
        if (r->findings[i].id == id) {
            found = &r->findings[i];
            n++;
        }
    }
    if (n != 1)
        g_test_message("frame %u: %u hits of %s", frame, n, finding_defs[id].name);
    g_assert_cmpuint(n, ==, 1);
    return *found;
}

/* No message carries a verdict about absence, and no message of an open flow
 * has an outcome: what single-pass dissection must show before the end. */
static void assert_no_absence_verdicts(fx *f)
{
    g_assert_false(engine_finished(f->e));
    for (uint32_t id = 0; id < engine_message_count(f->e); id++) {
        const msg_result *r = engine_result(f->e, id);
        for (uint32_t i = 0; i < r->n_findings; i++) {
            finding_id fid = r->findings[i].id;
            if (fid == FINDING_ACK_MISSING || fid == FINDING_ACK_NOT_SEEN || fid == FINDING_NO_RETRY)
                g_error("frame %u has %s before engine_finish()", r->frame, finding_defs[fid].name);
        }
    }
}

static void assert_outcome_all(fx *f, uint32_t first_frame, uint32_t last_frame, flow_outcome outcome)
{
    for (uint32_t frame = first_frame; frame <= last_frame; frame++) {
        const msg_result *r = res(f, frame);
        if (r->flow == 0)
            continue;
        if (r->outcome != outcome)
            g_test_message("frame %u: outcome %s, expected %s", frame, flow_outcome_name(r->outcome),
                           flow_outcome_name(outcome));
        g_assert_cmpint(r->outcome, ==, outcome);
    }
}

static uint32_t total_findings(fx *f)
{
    uint32_t n = 0;
    for (uint32_t id = 0; id < engine_message_count(f->e); id++) {
        const msg_result *r = engine_result(f->e, id);
        for (uint32_t i = 0; i < r->n_findings; i++)
            n += counted(r->findings[i].id);
    }
    return n;
}

#define MS(x) ((int64_t)(x) * INT64_C(1000000))

/* ------------------------------------------------------------------ */
/* Clean flows                                                         */

static void test_clean_invite(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "z9hG4bK-1");
    /* no auth seen yet: not part of an auth flow (yet) */
    g_assert_cmpuint(res(&f, 1)->flow, ==, 0);
    g_assert_cmpint(res(&f, 1)->role, ==, ROLE_NONE);
    FEED(&f, .frame = 2, .ms = 10, .status = 100, .cseq = 1, .branch = "z9hG4bK-1");
    FEED(&f, .frame = 3, .ms = 20, .status = 407, .cseq = 1, .branch = "z9hG4bK-1", .to_tag = "tA",
         .auth = { PCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 25, .method = "ACK", .cseq = 1, .branch = "z9hG4bK-1", .to_tag = "tA");
    FEED(&f, .frame = 5, .ms = 40, .method = "INVITE", .cseq = 2, .branch = "z9hG4bK-2",
         .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 6, .ms = 45, .status = 100, .cseq = 2, .branch = "z9hG4bK-2");
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 6, OUTCOME_PENDING);
    FEED(&f, .frame = 7, .ms = 300, .status = 200, .cseq = 2, .branch = "z9hG4bK-2", .to_tag = "tB");
    /* the ACK of the 2xx: a new transaction, it repeats the credentials */
    FEED(&f, .frame = 8, .ms = 310, .method = "ACK", .cseq = 2, .branch = "z9hG4bK-3", .to_tag = "tB",
         .auth = { PCRED("n1", "00000001") });

    for (int pass = 0; pass < 2; pass++) {
        const msg_result *r = res(&f, 1);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_REQUEST);
        g_assert_cmpuint(r->attempt, ==, 1);
        g_assert_cmpuint(r->answer_frame, ==, 3);
        g_assert_cmpint(r->outcome, ==, OUTCOME_ACCEPTED);

        r = res(&f, 2);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_PROVISIONAL);
        g_assert_cmpuint(r->request_frame, ==, 1);

        r = res(&f, 3);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
        g_assert_cmpuint(r->request_frame, ==, 1);
        g_assert_cmpuint(r->ack_frame, ==, 4);
        g_assert_cmpuint(r->retry_frame, ==, 5);
        g_assert_cmpuint(r->copy_of, ==, 0);
        g_assert_cmpint(r->kind, ==, AUTH_KIND_PROXY);
        g_assert_cmpstr(r->realm, ==, PREALM);

        r = res(&f, 4);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_ACK);
        g_assert_cmpuint(r->challenge_frame, ==, 3);

        r = res(&f, 5);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_RETRY);
        g_assert_cmpuint(r->attempt, ==, 2);
        g_assert_cmpuint(r->challenge_frame, ==, 3);
        g_assert_cmpuint(r->answer_frame, ==, 7);
        g_assert_true(r->has_retry_delay);
        g_assert_cmpint(r->retry_delay_ns, ==, MS(20));
        g_assert_cmpint(r->kind, ==, AUTH_KIND_PROXY);
        g_assert_cmpstr(r->realm, ==, PREALM);
        g_assert_cmpstr(r->username, ==, "alice");

        r = res(&f, 6);
        g_assert_cmpint(r->role, ==, ROLE_PROVISIONAL);
        g_assert_cmpuint(r->request_frame, ==, 5);

        r = res(&f, 7);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_FINAL);
        g_assert_cmpuint(r->request_frame, ==, 5);

        /* accepted at the 200, without engine_finish() */
        assert_outcome_all(&f, 1, 7, OUTCOME_ACCEPTED);
        g_assert_cmpuint(total_findings(&f), ==, 0);
        g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
        g_assert_cmpuint(engine_message_count(f.e), ==, 8);
        engine_finish(f.e);  /* nothing to add: ACKed, retried, accepted */
    }
    fx_clear(&f);
}

static void test_clean_register(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 1000, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 1004, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "r1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 1150, .method = "REGISTER", .cseq = 2, .branch = "b2",
         .auth = { WCRED("n1", "00000001") });
    /* Timer E retransmission of the retry: a copy, not a replay of its nonce count */
    FEED(&f, .frame = 4, .ms = 1650, .method = "REGISTER", .cseq = 2, .branch = "b2",
         .auth = { WCRED("n1", "00000001") });
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 4, OUTCOME_PENDING);
    FEED(&f, .frame = 5, .ms = 1660, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "r2");

    const msg_result *r = res(&f, 1);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_REQUEST);
    g_assert_cmpuint(r->attempt, ==, 1);
    g_assert_cmpuint(r->answer_frame, ==, 2);
    r = res(&f, 2);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
    g_assert_cmpuint(r->request_frame, ==, 1);
    g_assert_cmpuint(r->retry_frame, ==, 3);
    g_assert_cmpuint(r->ack_frame, ==, 0);
    g_assert_cmpint(r->kind, ==, AUTH_KIND_WWW);
    g_assert_cmpstr(r->realm, ==, WREALM);
    r = res(&f, 3);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->attempt, ==, 2);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_cmpuint(r->answer_frame, ==, 5);
    g_assert_true(r->has_retry_delay);
    g_assert_cmpint(r->retry_delay_ns, ==, MS(146));
    g_assert_cmpint(r->kind, ==, AUTH_KIND_WWW);
    g_assert_cmpstr(r->realm, ==, WREALM);
    g_assert_cmpstr(r->username, ==, "alice");
    r = res(&f, 4);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_COPY);
    g_assert_cmpuint(r->copy_of, ==, 3);
    r = res(&f, 5);
    g_assert_cmpint(r->role, ==, ROLE_FINAL);
    g_assert_cmpuint(r->request_frame, ==, 3);
    assert_outcome_all(&f, 1, 5, OUTCOME_ACCEPTED);
    g_assert_cmpuint(total_findings(&f), ==, 0);

    engine_finish(f.e);
    assert_outcome_all(&f, 1, 5, OUTCOME_ACCEPTED);
    g_assert_cmpuint(total_findings(&f), ==, 0);  /* no ACK rule for REGISTER */
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    fx_clear(&f);
}

/* Flows that never carry auth stay flow 0 / role none and take no number. */
static void test_flows_without_auth(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "OPTIONS", .call_id = "opt-1", .cseq = 1, .branch = "o1");
    FEED(&f, .frame = 2, .ms = 1, .status = 200, .cm = "OPTIONS", .call_id = "opt-1", .cseq = 1, .branch = "o1");
    FEED(&f, .frame = 3, .ms = 2, .method = "REGISTER", .call_id = "reg-1", .cseq = 1, .branch = "r1");
    FEED(&f, .frame = 4, .ms = 3, .status = 401, .cm = "REGISTER", .call_id = "reg-1", .cseq = 1, .branch = "r1",
         .to_tag = "x", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 4, .method = "INVITE", .call_id = "inv-1", .cseq = 1, .branch = "i1");
    FEED(&f, .frame = 6, .ms = 5, .status = 407, .call_id = "inv-1", .cseq = 1, .branch = "i1", .to_tag = "y",
         .auth = { PCHAL("n2") });
    for (uint32_t frame = 1; frame <= 2; frame++) {
        g_assert_cmpuint(res(&f, frame)->flow, ==, 0);
        g_assert_cmpint(res(&f, frame)->role, ==, ROLE_NONE);
        g_assert_cmpuint(res(&f, frame)->n_findings, ==, 0);
    }
    g_assert_cmpuint(res(&f, 3)->flow, ==, 1);
    g_assert_cmpuint(res(&f, 4)->flow, ==, 1);
    g_assert_cmpuint(res(&f, 5)->flow, ==, 2);
    g_assert_cmpuint(res(&f, 6)->flow, ==, 2);
    g_assert_cmpuint(engine_flow_count(f.e), ==, 2);
    fx_clear(&f);
}

/* engine_frame_results: a frame's results are found by frame number, in
 * order (later passes) and out of order (a GUI click), including frames
 * with several messages and frames with none. */
static void assert_frame_results(fx *f, uint32_t frame, uint32_t expect_n, uint32_t expect_first_frame)
{
    uint32_t first = UINT32_MAX;
    uint32_t n = engine_frame_results(f->e, frame, &first);
    g_assert_cmpuint(n, ==, expect_n);
    for (uint32_t i = 0; i < n; i++) {
        const msg_result *r = engine_result(f->e, first + i);
        g_assert_cmpuint(r->frame, ==, expect_first_frame);
        g_assert_cmpuint(r->index_in_frame, ==, i);
    }
}

static void test_frame_results(void)
{
    fx f;
    fx_init_default(&f);
    /* frame 2 carries two messages (a TCP segment); 1, 4, 5 and 7 none */
    FEED(&f, .frame = 2, .index = 0, .ms = 0, .method = "OPTIONS", .call_id = "o", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .index = 1, .ms = 0, .method = "OPTIONS", .call_id = "o", .cseq = 2, .branch = "b2");
    FEED(&f, .frame = 3, .ms = 1, .status = 200, .cm = "OPTIONS", .call_id = "o", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 6, .ms = 2, .status = 200, .cm = "OPTIONS", .call_id = "o", .cseq = 2, .branch = "b2");
    for (uint32_t frame = 20; frame < 40; frame++) {
        FEED(&f, .frame = frame, .ms = frame, .method = "OPTIONS", .call_id = "p", .cseq = frame, .branch = "x");
    }
    for (int round = 0; round < 2; round++) { /* in order, twice (a second pass after a first) */
        assert_frame_results(&f, 1, 0, 0);
        assert_frame_results(&f, 2, 2, 2);
        assert_frame_results(&f, 3, 1, 3);
        assert_frame_results(&f, 4, 0, 0);
        assert_frame_results(&f, 5, 0, 0);
        assert_frame_results(&f, 6, 1, 6);
        assert_frame_results(&f, 7, 0, 0);
        for (uint32_t frame = 20; frame < 40; frame++) {
            assert_frame_results(&f, frame, 1, frame);
        }
        assert_frame_results(&f, 40, 0, 0);
    }
    /* out of order, and far ahead of the last answer */
    assert_frame_results(&f, 3, 1, 3);
    assert_frame_results(&f, 2, 2, 2);
    assert_frame_results(&f, 38, 1, 38);
    assert_frame_results(&f, 6, 1, 6);
    assert_frame_results(&f, 6, 1, 6);
    assert_frame_results(&f, 0, 0, 0);
    assert_frame_results(&f, 1000, 0, 0);
    assert_frame_results(&f, 21, 1, 21);
    fx_clear(&f);
}

/* The six frame links of every kind of message, all of them: the engine
 * keeps them in three shared slots (requests, responses and copies use
 * different ones), so a link that does not fit a message must read 0. */
static void assert_links(fx *f, uint32_t frame, uint32_t request, uint32_t challenge, uint32_t retry, uint32_t ack,
                         uint32_t answer, uint32_t copy_of)
{
    const msg_result *r = res(f, frame);
    g_assert_cmpuint(r->request_frame, ==, request);
    g_assert_cmpuint(r->challenge_frame, ==, challenge);
    g_assert_cmpuint(r->retry_frame, ==, retry);
    g_assert_cmpuint(r->ack_frame, ==, ack);
    g_assert_cmpuint(r->answer_frame, ==, answer);
    g_assert_cmpuint(r->copy_of, ==, copy_of);
}

static void test_links_by_kind(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 500, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 3, .ms = 600, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "tA", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 610, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "tA", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 620, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "tA");
    FEED(&f, .frame = 6, .ms = 630, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "tA");
    FEED(&f, .frame = 7, .ms = 700, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 8, .ms = 710, .status = 100, .cseq = 2, .branch = "b2");
    FEED(&f, .frame = 9, .ms = 750, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "tB");
    FEED(&f, .frame = 10, .ms = 760, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "tB");
    engine_finish(f.e);
    /*                 frame request challenge retry ack answer copy_of */
    assert_links(&f, 1, 0, 0, 0, 0, 3, 0);  /* request */
    assert_links(&f, 2, 0, 0, 0, 0, 0, 1);  /* its retransmission */
    assert_links(&f, 3, 1, 0, 7, 5, 0, 0);  /* challenge */
    assert_links(&f, 4, 1, 0, 0, 0, 0, 3);  /* its retransmission */
    assert_links(&f, 5, 0, 3, 0, 0, 0, 0);  /* ACK */
    assert_links(&f, 6, 0, 0, 0, 0, 0, 5);  /* the ACK again */
    assert_links(&f, 7, 0, 3, 0, 0, 9, 0);  /* retry */
    assert_links(&f, 8, 7, 0, 0, 0, 0, 0);  /* provisional */
    assert_links(&f, 9, 7, 0, 0, 0, 0, 0);  /* final */
    assert_links(&f, 10, 7, 0, 0, 0, 0, 9); /* the final again */
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Retransmissions and re-challenges                                   */

static void test_retransmissions_vs_rechallenge(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 500, .method = "INVITE", .cseq = 1, .branch = "b1");            /* Timer A */
    FEED(&f, .frame = 3, .ms = 600, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "tA", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 610, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "tA", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 620, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "tA");
    FEED(&f, .frame = 6, .ms = 630, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "tA");
    FEED(&f, .frame = 7, .ms = 700, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 8, .ms = 710, .status = 407, .cseq = 2, .branch = "b2", .to_tag = "tB", .auth = { PCHAL("n2") });
    FEED(&f, .frame = 9, .ms = 720, .method = "ACK", .cseq = 2, .branch = "b2", .to_tag = "tB");
    FEED(&f, .frame = 10, .ms = 800, .method = "INVITE", .cseq = 3, .branch = "b3", .auth = { PCRED("n2", "00000001") });
    FEED(&f, .frame = 11, .ms = 810, .status = 407, .cseq = 3, .branch = "b3", .to_tag = "tC", .auth = { PCHAL("n3") });
    FEED(&f, .frame = 12, .ms = 820, .method = "ACK", .cseq = 3, .branch = "b3", .to_tag = "tC");
    FEED(&f, .frame = 13, .ms = 900, .method = "INVITE", .cseq = 4, .branch = "b4", .auth = { PCRED("n3", "00000001") });
    FEED(&f, .frame = 14, .ms = 950, .status = 200, .cseq = 4, .branch = "b4", .to_tag = "tD");

    const msg_result *r = res(&f, 2);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_COPY);
    g_assert_cmpuint(r->copy_of, ==, 1);
    r = res(&f, 3);
    g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
    g_assert_cmpuint(r->request_frame, ==, 1);
    g_assert_cmpuint(r->ack_frame, ==, 5);
    g_assert_cmpuint(r->retry_frame, ==, 7);
    r = res(&f, 4);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_COPY);
    g_assert_cmpuint(r->copy_of, ==, 3);
    r = res(&f, 5);
    g_assert_cmpint(r->role, ==, ROLE_ACK);
    g_assert_cmpuint(r->challenge_frame, ==, 3);
    r = res(&f, 6);
    g_assert_cmpint(r->role, ==, ROLE_COPY);
    g_assert_cmpuint(r->copy_of, ==, 5);
    g_assert_cmpuint(res(&f, 7)->attempt, ==, 2);
    g_assert_cmpuint(res(&f, 10)->attempt, ==, 3);
    g_assert_cmpuint(res(&f, 13)->attempt, ==, 4);
    g_assert_cmpint(res(&f, 13)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 13)->challenge_frame, ==, 11);

    /* copies are not re-challenges */
    for (uint32_t frame = 1; frame <= 7; frame++)
        assert_findings(&f, frame, "");
    assert_findings(&f, 8, "repeated_challenge");
    finding_hit h = hit_of(&f, 8, FINDING_REPEATED_CHALLENGE);
    g_assert_cmpuint(h.u.repeated_challenge.repetition, ==, 1);
    g_assert_cmpuint(h.frame, ==, 7);
    g_assert_cmpstr(h.u.repeated_challenge.realm, ==, PREALM);
    assert_findings(&f, 11, "repeated_challenge");
    h = hit_of(&f, 11, FINDING_REPEATED_CHALLENGE);
    g_assert_cmpuint(h.u.repeated_challenge.repetition, ==, 2);
    g_assert_cmpuint(h.frame, ==, 10);
    assert_outcome_all(&f, 1, 14, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 2);
    fx_clear(&f);
}

/* Wrong password: every attempt re-challenged, the client gives up. */
static void test_wrong_password_rechallenged(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 407, .cseq = 2, .branch = "b2", .to_tag = "t2", .auth = { PCHAL("n2") });
    FEED(&f, .frame = 6, .ms = 50, .method = "ACK", .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 7, .ms = 60, .method = "INVITE", .cseq = 3, .branch = "b3", .auth = { PCRED("n2", "00000001") });
    FEED(&f, .frame = 8, .ms = 70, .status = 407, .cseq = 3, .branch = "b3", .to_tag = "t3", .auth = { PCHAL("n3") });
    FEED(&f, .frame = 9, .ms = 80, .method = "ACK", .cseq = 3, .branch = "b3", .to_tag = "t3");

    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 9, OUTCOME_PENDING);  /* NOT re-challenged before the end */
    g_assert_cmpuint(hit_of(&f, 5, FINDING_REPEATED_CHALLENGE).u.repeated_challenge.repetition, ==, 1);
    g_assert_cmpuint(hit_of(&f, 8, FINDING_REPEATED_CHALLENGE).u.repeated_challenge.repetition, ==, 2);

    engine_finish(f.e);
    assert_outcome_all(&f, 1, 9, OUTCOME_RECHALLENGED);
    assert_findings(&f, 2, "");
    assert_findings(&f, 5, "repeated_challenge");
    assert_findings(&f, 8, "repeated_challenge");  /* no no_retry: the realm was answered */
    g_assert_cmpuint(res(&f, 8)->retry_frame, ==, 0);
    g_assert_cmpuint(total_findings(&f), ==, 2);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* No retry                                                            */

static void test_no_retry_invite(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 60000, .method = "OPTIONS", .call_id = "other", .cseq = 1, .branch = "o1");
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 3, OUTCOME_PENDING);
    assert_findings(&f, 2, "");

    engine_finish(f.e);
    assert_findings(&f, 2, "no_retry");
    finding_hit h = hit_of(&f, 2, FINDING_NO_RETRY);
    g_assert_cmpstr(h.u.no_retry.realm, ==, PREALM);
    g_assert_cmpuint(h.u.no_retry.status, ==, 407);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 0);
    assert_outcome_all(&f, 1, 3, OUTCOME_NO_RETRY);
    g_assert_cmpuint(res(&f, 4)->flow, ==, 0);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

static void test_no_retry_register(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 2, OUTCOME_PENDING);
    engine_finish(f.e);
    assert_findings(&f, 1, "");
    assert_findings(&f, 2, "no_retry");  /* and no ACK verdict for a REGISTER */
    g_assert_cmpuint(hit_of(&f, 2, FINDING_NO_RETRY).u.no_retry.status, ==, 401);
    assert_outcome_all(&f, 1, 2, OUTCOME_NO_RETRY);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* The ACK rule                                                        */

/* Timer G retransmissions over UDP: +0.5, +1.5, +3.5, then every 4 s (T2). */
static const int64_t timer_g_ms[] = { 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 };

static void test_ack_missing(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    /* the ACK went elsewhere; the client retried all the same */
    FEED(&f, .frame = 3, .ms = 100, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 200, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    uint32_t frame = 5;
    for (size_t i = 0; i < G_N_ELEMENTS(timer_g_ms); i++, frame++)
        FEED(&f, .frame = frame, .ms = 10 + timer_g_ms[i], .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1",
             .auth = { PCHAL("n1") });
    /* the capture ends exactly 64*T1 after the challenge */
    FEED(&f, .frame = frame, .ms = 10 + 32000, .method = "BYE", .cseq = 3, .branch = "b9");

    for (uint32_t i = 5; i < frame; i++) {
        g_assert_cmpint(res(&f, i)->role, ==, ROLE_COPY);
        g_assert_cmpuint(res(&f, i)->copy_of, ==, 2);
        assert_findings(&f, i, "");
    }
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    assert_findings(&f, 2, "ack_missing");
    finding_hit h = hit_of(&f, 2, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.u.ack_missing.copies, ==, 10);
    g_assert_cmpuint(h.u.ack_missing.limit_ms, ==, 32000);
    g_assert_cmpuint(res(&f, 2)->ack_frame, ==, 0);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 3);
    g_assert_cmpuint(res(&f, frame)->flow, ==, 0);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

/* Issue 17's capture, 5 s long: kamailio retransmits the 407 on Timer G
 * (+0.5, +1.5, +3.5 s), the client never ACKs and sends its retry.  Both
 * prove the ACK missing long before 64*T1 (RFC 3261 §17.1.1.2). */
static void test_ack_missing_by_evidence(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 100, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 200, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 5, .ms = 510, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 6, .ms = 1510, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 7, .ms = 3510, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 8, .ms = 5010, .method = "BYE", .cseq = 3, .branch = "b9");
    engine_finish(f.e);
    assert_findings(&f, 2, "ack_missing");
    finding_hit h = hit_of(&f, 2, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.frame, ==, 5);  /* the first copy T1 after the challenge */
    g_assert_cmpuint(h.u.ack_missing.next_request, ==, 3); /* the retry, with no ACK before it or after */
    g_assert_cmpuint(h.u.ack_missing.copies, ==, 3);
    GString *text = g_string_new(NULL);
    finding_describe(&h, 2, text);
    g_assert_cmpstr(text->str, ==, "No ACK for this challenge: the server retransmitted it (frame 5, 3 copies in all) "
                                   "and the client sent its next request (frame 3) without ACKing it");
    g_string_free(text, TRUE);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

/* A re-challenge without stale=true whose reason phrase blames the nonce
 * (seen: "401 nonce has changed" after a retry 17 s late) is stale_nonce
 * with the server's part said, not a rejection of the credentials. */
static void test_stale_by_reason_phrase(void)
{
    static const struct { const char *reason; const char *expected; } cases[] = {
        { "nonce has changed", "stale_nonce" },
        { "Stale Nonce", "stale_nonce" },
        { "Nonce expired", "stale_nonce" },
        { "Unauthorized", "repeated_challenge" },
        { NULL, "repeated_challenge" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        fx f;
        fx_init_default(&f);
        FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
        FEED(&f, .frame = 2, .ms = 1, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t",
             .auth = { WCHAL("n1") });
        FEED(&f, .frame = 3, .ms = 17000, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("n1", "00000001") });
        FEED(&f, .frame = 4, .ms = 17001, .status = 401, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t",
             .reason = cases[i].reason, .auth = { WCHAL("n2") });
        assert_findings(&f, 4, cases[i].expected);
        if (strcmp(cases[i].expected, "stale_nonce") == 0) {
            finding_hit h = hit_of(&f, 4, FINDING_STALE_NONCE);
            g_assert_cmpuint(h.frame, ==, 3);
            GString *text = g_string_new(NULL);
            finding_describe(&h, 4, text);
            g_assert_nonnull(strstr(text->str, "did not set stale=true"));
            g_assert_nonnull(strstr(text->str, cases[i].reason));
            g_string_free(text, TRUE);
        }
        fx_clear(&f);
    }
}

/* A VoLTE/IMS initial REGISTER names its identity with nonce="" and
 * response="" (TS 24.229 §5.1.1.2.1): no credentials, so the 401 that
 * follows is a first challenge, not a rejection; the flow then succeeds. */
static void test_ims_identity_hint(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1",
         .auth = { "Authorization: Digest username=\"user@ims.example.com\", realm=\"ims.example.com\", "
                   "uri=\"sip:ims.example.com\", nonce=\"\", response=\"\"" });
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t",
         .auth = { "WWW-Authenticate: Digest realm=\"ims.example.com\", nonce=\"bm9uY2U=\", algorithm=AKAv1-MD5, qop=\"auth\"" });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2",
         .auth = { "Authorization: Digest username=\"user@ims.example.com\", realm=\"ims.example.com\", "
                   "uri=\"sip:ims.example.com\", nonce=\"bm9uY2U=\", response=\"" RESP32 "\", algorithm=AKAv1-MD5, "
                   "qop=auth, nc=00000001, cnonce=\"c\"" });
    FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
    engine_finish(f.e);
    assert_findings(&f, 1, "");
    assert_findings(&f, 2, "");  /* not repeated_challenge: nothing was rejected */
    g_assert_cmpint(res(&f, 1)->role, ==, ROLE_REQUEST);
    g_assert_cmpint(res(&f, 3)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 3)->challenge_frame, ==, 2);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 3);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    fx_clear(&f);
}

/* libre's REGISTER through a proxy (407, realm P) to a registrar (401,
 * realm W): each retry carries the latest realm's credentials only, so the
 * two challenge in turn.  The third re-challenge is the loop; the last one,
 * with no final answer after it, the loop the client gave up. */
static void test_auth_loop(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 1, .status = 407, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t",
         .auth = { PCHAL("p1") });
    char branch[8];
    for (uint32_t i = 0; i < 5; i++) {
        uint32_t req = 3 + 2 * i;
        bool proxy_turn = i % 2 == 0; /* the retry answers the latest challenge only */
        char prev[8], next[8];
        g_snprintf(prev, sizeof prev, "%c%u", proxy_turn ? 'p' : 'w', i / 2 + 1);
        g_snprintf(next, sizeof next, "%c%u", proxy_turn ? 'w' : 'p', i / 2 + (proxy_turn ? 1 : 2));
        char *c = g_strdup_printf(proxy_turn ? PCRED("%s", "00000001") : WCRED("%s", "00000001"), prev);
        char *h = g_strdup_printf(proxy_turn ? WCHAL("%s") : PCHAL("%s"), next);
        g_snprintf(branch, sizeof branch, "b%u", i + 2);
        FEED(&f, .frame = req, .ms = req, .method = "REGISTER", .cseq = i + 2, .branch = branch, .auth = { c });
        FEED(&f, .frame = req + 1, .ms = req + 1, .status = proxy_turn ? 401 : 407, .cm = "REGISTER", .cseq = i + 2,
             .branch = branch, .to_tag = "t", .auth = { h });
        g_free(c);
        g_free(h);
    }
    /* 6 and 8 re-challenge (1st, 2nd), 10 and 12 are the loop */
    assert_findings(&f, 8, "");
    finding_hit h = hit_of(&f, 10, FINDING_AUTH_LOOP);
    g_assert_cmpuint(h.u.auth_loop.rechallenges, ==, 3);
    g_assert_cmpstr(h.u.auth_loop.dropped_realm, ==, PREALM);
    g_assert_cmpuint(h.frame, ==, 7);  /* its credentials got past the proxy there */
    g_assert_cmpuint(h.u.auth_loop.accepted, ==, 1);
    h = hit_of(&f, 12, FINDING_AUTH_LOOP);
    g_assert_cmpuint(h.u.auth_loop.rechallenges, ==, 4);
    g_assert_cmpstr(h.u.auth_loop.dropped_realm, ==, WREALM);
    g_assert_cmpuint(h.frame, ==, 9);  /* sent, never accepted: the proxy stopped it */
    g_assert_cmpuint(h.u.auth_loop.accepted, ==, 0);
    assert_findings(&f, 12, "auth_loop");
    engine_finish(f.e);
    assert_findings(&f, 10, "auth_loop");
    assert_findings(&f, 12, "auth_loop auth_loop");
    g_assert_cmpuint(hit_of(&f, 12, FINDING_AUTH_LOOP_ABANDONED).u.auth_loop_abandoned.rechallenges, ==, 4);
    fx_clear(&f);
}

/* Each piece of evidence alone; and where there is none, only "not seen". */
static finding_hit ack_evidence(bool copy, bool retry, int64_t end_ms, bool ack_after_retry, uint32_t *n)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    /* a copy 300 ms on answers a copy of the request: no evidence */
    FEED(&f, .frame = 3, .ms = 310, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    if (copy) {
        FEED(&f, .frame = 4, .ms = 1010, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    }
    if (retry) {
        FEED(&f, .frame = 5, .ms = 1100, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    }
    if (ack_after_retry) {
        FEED(&f, .frame = 6, .ms = 1200, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    }
    FEED(&f, .frame = 7, .ms = end_ms, .method = "OPTIONS", .cseq = 9, .branch = "b9", .call_id = "other");
    engine_finish(f.e);
    *n = 0;
    finding_hit found = { .id = FINDING_COUNT };
    const msg_result *r = res(&f, 2);
    for (uint32_t i = 0; i < r->n_findings; i++) {
        if (r->findings[i].id == FINDING_ACK_MISSING || r->findings[i].id == FINDING_ACK_NOT_SEEN) {
            found = r->findings[i];
            (*n)++;
        }
    }
    fx_clear(&f);
    return found;
}

static void test_ack_missing_evidence_alone(void)
{
    uint32_t n;
    /* the copy T1 after: Timer G fired without an ACK */
    finding_hit h = ack_evidence(true, false, 3000, false, &n);
    g_assert_cmpint(h.id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.frame, ==, 4);
    g_assert_cmpuint(h.u.ack_missing.next_request, ==, 0);
    g_assert_cmpuint(h.u.ack_missing.copies, ==, 2);
    /* the client went on, and no copy came T1 after (over TCP, where the
     * server does not retransmit, this is the only evidence) */
    h = ack_evidence(false, true, 3000, false, &n);
    g_assert_cmpint(h.id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.frame, ==, 0);
    g_assert_cmpuint(h.u.ack_missing.next_request, ==, 5);
    /* ... but the capture ends less than T1 after the retry: not proven */
    h = ack_evidence(false, true, 1500, false, &n);
    g_assert_cmpint(h.id, ==, FINDING_ACK_NOT_SEEN);
    /* the ACK came after the retry: the ACK is there */
    ack_evidence(false, true, 3000, true, &n);
    g_assert_cmpuint(n, ==, 0);
    /* no evidence either way, 3 s of capture */
    h = ack_evidence(false, false, 3000, false, &n);
    g_assert_cmpint(h.id, ==, FINDING_ACK_NOT_SEEN);
    g_assert_cmpuint(n, ==, 1);
}

/* One challenge without ACK, the capture ending end_ms after it. */
static finding_hit ack_verdict(uint32_t t1_ms, int64_t end_ms, finding_id *id)
{
    engine_config cfg;
    engine_config_default(&cfg);
    g_assert_cmpuint(cfg.t1_ms, ==, 500);
    cfg.t1_ms = t1_ms;
    fx f;
    fx_init(&f, &cfg);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    /* no retry and no copy: only the clock speaks (the client's retry would
     * prove the ACK missing: test_ack_missing_by_evidence) */
    FEED(&f, .frame = 5, .ms = 10 + end_ms, .method = "OPTIONS", .cseq = 3, .branch = "b9", .call_id = "other");
    engine_finish(f.e);
    const msg_result *r = res(&f, 2);
    g_assert_cmpuint(r->n_findings, ==, 2);
    g_assert_cmpint(r->findings[1].id, ==, FINDING_NO_RETRY);
    finding_hit h = r->findings[0];
    *id = h.id;
    fx_clear(&f);
    return h;
}

static void test_ack_t1_from_config(void)
{
    finding_id id;
    /* T1 = 1 s: 40 s is not enough to prove anything */
    finding_hit h = ack_verdict(1000, 40000, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_NOT_SEEN);
    g_assert_cmpuint(h.u.ack_not_seen.waited_ms, ==, 40000);
    g_assert_cmpuint(h.u.ack_not_seen.limit_ms, ==, 64000);
    h = ack_verdict(1000, 64000, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.u.ack_missing.limit_ms, ==, 64000);
    g_assert_cmpuint(h.u.ack_missing.copies, ==, 0);
    /* T1 = 250 ms: 20 s is past 64*T1 = 16 s */
    h = ack_verdict(250, 20000, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.u.ack_missing.limit_ms, ==, 16000);
    h = ack_verdict(250, 15999, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_NOT_SEEN);
    g_assert_cmpuint(h.u.ack_not_seen.waited_ms, ==, 15999);
    /* the default T1 = 500 ms: 64*T1 = 32 s, to the millisecond */
    h = ack_verdict(500, 31999, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_NOT_SEEN);
    h = ack_verdict(500, 32000, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.u.ack_missing.copies, ==, 0);
    g_assert_cmpuint(h.u.ack_missing.limit_ms, ==, 32000);
    /* t1_ms = 0 in a config means the default */
    h = ack_verdict(0, 32000, &id);
    g_assert_cmpint(id, ==, FINDING_ACK_MISSING);
    g_assert_cmpuint(h.u.ack_missing.limit_ms, ==, 32000);
}

/* An ACK with CSeq-1 while the INVITE waits for its ACK (seen in the wild). */
static void test_ack_mismatch_cseq(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 5, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 5, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 4, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 100, .method = "INVITE", .cseq = 6, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 200, .status = 200, .cseq = 6, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 6, .ms = 510, .status = 407, .cseq = 5, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 7, .ms = 40000, .method = "BYE", .cseq = 7, .branch = "b9");

    const msg_result *r = res(&f, 3);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_ACK);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    assert_findings(&f, 3, "ack_mismatch");
    finding_hit h = hit_of(&f, 3, FINDING_ACK_MISMATCH);
    g_assert_cmpuint(h.frame, ==, 2);
    g_assert_cmpuint(res(&f, 2)->ack_frame, ==, 0);

    engine_finish(f.e);
    assert_findings(&f, 2, "ack_missing");
    g_assert_cmpuint(hit_of(&f, 2, FINDING_ACK_MISSING).u.ack_missing.copies, ==, 1);
    g_assert_cmpuint(res(&f, 2)->ack_frame, ==, 0);
    assert_findings(&f, 3, "ack_mismatch");
    g_assert_cmpuint(total_findings(&f), ==, 2);
    fx_clear(&f);
}

/* An ACK with the INVITE's CSeq but another branch. */
static void test_ack_mismatch_branch(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 5, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 5, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 5, .branch = "b-other", .to_tag = "t1");
    const msg_result *r = res(&f, 3);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_ACK);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    assert_findings(&f, 3, "ack_mismatch");
    g_assert_cmpuint(hit_of(&f, 3, FINDING_ACK_MISMATCH).frame, ==, 2);
    g_assert_cmpuint(res(&f, 2)->ack_frame, ==, 0);
    engine_finish(f.e);
    assert_findings(&f, 2, "ack_not_seen no_retry");
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Stale nonces                                                        */

static void test_stale_then_accepted(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 407, .cseq = 2, .branch = "b2", .to_tag = "t2",
         .auth = { "Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"n2\", algorithm=MD5, qop=\"auth\", stale=TRUE" });
    FEED(&f, .frame = 6, .ms = 50, .method = "ACK", .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 7, .ms = 75, .method = "INVITE", .cseq = 3, .branch = "b3", .auth = { PCRED("n2", "00000001") });
    FEED(&f, .frame = 8, .ms = 90, .status = 200, .cseq = 3, .branch = "b3", .to_tag = "t3");

    assert_findings(&f, 5, "stale_nonce");
    finding_hit h = hit_of(&f, 5, FINDING_STALE_NONCE);
    g_assert_cmpstr(h.u.stale_nonce.realm, ==, PREALM);
    g_assert_cmpuint(h.frame, ==, 4);
    const msg_result *r = res(&f, 7);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->attempt, ==, 3);
    g_assert_cmpuint(r->challenge_frame, ==, 5);
    g_assert_cmpint(r->retry_delay_ns, ==, MS(35));
    g_assert_cmpuint(res(&f, 5)->retry_frame, ==, 7);
    g_assert_cmpuint(res(&f, 5)->ack_frame, ==, 6);
    assert_outcome_all(&f, 1, 8, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

static void test_stale_outcome(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 7, .branch = "b1", .auth = { WCRED("old", "00000009") });
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 7, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n2\", algorithm=MD5, qop=\"auth\", stale=true" });
    assert_no_absence_verdicts(&f);
    assert_outcome_all(&f, 1, 2, OUTCOME_PENDING);
    engine_finish(f.e);
    assert_findings(&f, 1, "nonce_unknown");
    /* the realm was answered (frame 1), so the unused nonce is no no_retry */
    assert_findings(&f, 2, "stale_nonce");
    assert_outcome_all(&f, 1, 2, OUTCOME_STALE);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Credentials that do not fit                                         */

static void realm_mismatch_case(const char *realm, uint32_t expect_count)
{
    fx f;
    fx_init_default(&f);
    char *cred = g_strdup_printf("Authorization: Digest username=\"alice\", realm=\"%s\", nonce=\"n1\", "
                                 "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
                                 "nc=00000001, cnonce=\"c0ffee\"", realm);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { cred });
    /* the server answers the unknown realm with a fresh challenge */
    FEED(&f, .frame = 4, .ms = 30, .status = 401, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2",
         .auth = { WCHAL("n2") });
    g_free(cred);

    const msg_result *r = res(&f, 3);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_cmpstr(r->realm, ==, realm);
    assert_findings(&f, 3, "realm_mismatch");
    finding_hit h = hit_of(&f, 3, FINDING_REALM_MISMATCH);
    g_assert_cmpuint(h.frame, ==, 2);
    g_assert_cmpuint(h.u.realm_mismatch.case_only, ==, expect_count);
    g_assert_cmpstr(h.u.realm_mismatch.realm, ==, realm);
    g_assert_cmpstr(h.u.realm_mismatch.challenged, ==, WREALM);
    /* the credentials did not name the challenged realm: not a repeated challenge */
    assert_findings(&f, 4, "");
    engine_finish(f.e);
    /* nobody ever sent credentials naming "example.com" */
    assert_findings(&f, 4, "no_retry");
    assert_outcome_all(&f, 1, 4, OUTCOME_RECHALLENGED);
    fx_clear(&f);
}

static void test_realm_mismatch_other(void)
{
    realm_mismatch_case("other.example.net", 0);
}

static void test_realm_mismatch_case_only(void)
{
    realm_mismatch_case("Example.COM", 1);
}

static void test_wrong_header_authorization_for_407(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2",
         .auth = { "Authorization: Digest username=\"alice\", realm=\"" PREALM "\", nonce=\"n1\", uri=\"sip:bob@example.com\", "
                   "response=\"" RESP32 "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"" });
    FEED(&f, .frame = 5, .ms = 40, .status = 407, .cseq = 2, .branch = "b2", .to_tag = "t2", .auth = { PCHAL("n2") });
    FEED(&f, .frame = 6, .ms = 50, .method = "ACK", .cseq = 2, .branch = "b2", .to_tag = "t2");

    const msg_result *r = res(&f, 4);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_cmpint(r->kind, ==, AUTH_KIND_WWW);
    assert_findings(&f, 4, "wrong_header");
    finding_hit h = hit_of(&f, 4, FINDING_WRONG_HEADER);
    g_assert_cmpuint(h.frame, ==, 2);
    g_assert_cmpuint(h.u.wrong_header.status, ==, 407);
    g_assert_cmpstr(h.u.wrong_header.header, ==, "Authorization");
    /* Proxy-Authorization was never sent: the re-challenge is not a rejection */
    assert_findings(&f, 5, "");
    engine_finish(f.e);
    assert_findings(&f, 2, "");
    assert_findings(&f, 5, "no_retry");
    assert_outcome_all(&f, 1, 6, OUTCOME_RECHALLENGED);
    fx_clear(&f);
}

static void test_wrong_header_proxy_authorization_for_401(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2",
         .auth = { "Proxy-Authorization: Digest username=\"alice\", realm=\"" WREALM "\", nonce=\"n1\", uri=\"sip:example.com\", "
                   "response=\"" RESP32 "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"" });
    FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
    assert_findings(&f, 3, "wrong_header");
    finding_hit h = hit_of(&f, 3, FINDING_WRONG_HEADER);
    g_assert_cmpuint(h.frame, ==, 2);
    g_assert_cmpuint(h.u.wrong_header.status, ==, 401);
    g_assert_cmpstr(h.u.wrong_header.header, ==, "Proxy-Authorization");
    g_assert_cmpint(res(&f, 3)->kind, ==, AUTH_KIND_PROXY);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    fx_clear(&f);
}

/* A 407 that carries WWW-Authenticate: the server's mistake. */
static void test_wrong_header_in_challenge(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"" });
    assert_findings(&f, 2, "wrong_header");
    finding_hit h = hit_of(&f, 2, FINDING_WRONG_HEADER);
    g_assert_cmpuint(h.u.wrong_header.status, ==, 407);
    g_assert_cmpstr(h.u.wrong_header.header, ==, "WWW-Authenticate");
    /* a 401 with Proxy-Authenticate is the same mistake */
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .call_id = "reg", .cseq = 1, .branch = "r1");
    FEED(&f, .frame = 4, .ms = 30, .status = 401, .cm = "REGISTER", .call_id = "reg", .cseq = 1, .branch = "r1",
         .to_tag = "t2", .auth = { PCHAL("n2") });
    assert_findings(&f, 4, "wrong_header");
    g_assert_cmpuint(hit_of(&f, 4, FINDING_WRONG_HEADER).u.wrong_header.status, ==, 401);
    g_assert_cmpstr(hit_of(&f, 4, FINDING_WRONG_HEADER).u.wrong_header.header, ==, "Proxy-Authenticate");
    fx_clear(&f);
}

static void test_cseq_not_incremented(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 42, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 42, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 42, .branch = "b2", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 42, .branch = "b2", .to_tag = "t2");
    const msg_result *r = res(&f, 3);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->attempt, ==, 2);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    assert_findings(&f, 3, "cseq_not_incremented");
    finding_hit h = hit_of(&f, 3, FINDING_CSEQ_NOT_INCREMENTED);
    g_assert_cmpuint(h.frame, ==, 2);
    g_assert_cmpuint(h.u.cseq_not_incremented.cseq, ==, 42);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Nonce reuse                                                         */

static void test_nonce_replay(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
    /* re-REGISTER: same nonce, nc not incremented */
    FEED(&f, .frame = 5, .ms = 60000, .method = "REGISTER", .cseq = 3, .branch = "b3", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 6, .ms = 60010, .status = 200, .cm = "REGISTER", .cseq = 3, .branch = "b3", .to_tag = "t3");
    /* and once more, nc incremented this time: fine */
    FEED(&f, .frame = 7, .ms = 120000, .method = "REGISTER", .cseq = 4, .branch = "b4", .auth = { WCRED("n1", "00000002") });
    FEED(&f, .frame = 8, .ms = 120010, .status = 200, .cm = "REGISTER", .cseq = 4, .branch = "b4", .to_tag = "t4");

    assert_findings(&f, 3, "");
    assert_findings(&f, 5, "nonce_replay");
    finding_hit h = hit_of(&f, 5, FINDING_NONCE_REPLAY);
    g_assert_cmpuint(h.frame, ==, 3);
    g_assert_cmpstr(h.u.nonce_replay.nc, ==, "00000001");
    const msg_result *r = res(&f, 5);
    g_assert_cmpuint(r->flow, ==, 2);           /* the 200 closed flow 1 */
    g_assert_cmpint(r->role, ==, ROLE_REQUEST); /* the challenge is in flow 1 */
    g_assert_cmpuint(r->attempt, ==, 1);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 3);
    g_assert_cmpuint(res(&f, 6)->flow, ==, 2);
    g_assert_cmpint(res(&f, 6)->outcome, ==, OUTCOME_ACCEPTED);
    assert_findings(&f, 7, "");
    g_assert_cmpuint(res(&f, 7)->flow, ==, 3);
    g_assert_cmpuint(engine_flow_count(f.e), ==, 3);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 1);
    fx_clear(&f);
}

/* kamailio hands every challenge of the same second the same nonce: two
 * calls answering "their" challenge with nc=00000001 are no replay, and each
 * retry links to the challenge of its own call. */
static void test_nonce_shared_by_server_across_calls(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "a1", .call_id = "A");
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "b1", .call_id = "B");
    FEED(&f, .frame = 3, .ms = 2, .status = 407, .cseq = 1, .branch = "a1", .call_id = "A", .to_tag = "ta",
         .auth = { PCHAL("same") });
    FEED(&f, .frame = 4, .ms = 3, .status = 407, .cseq = 1, .branch = "b1", .call_id = "B", .to_tag = "tb",
         .auth = { PCHAL("same") });
    FEED(&f, .frame = 5, .ms = 4, .method = "ACK", .cseq = 1, .branch = "a1", .call_id = "A", .to_tag = "ta");
    FEED(&f, .frame = 6, .ms = 5, .method = "ACK", .cseq = 1, .branch = "b1", .call_id = "B", .to_tag = "tb");
    FEED(&f, .frame = 7, .ms = 6, .method = "INVITE", .cseq = 2, .branch = "a2", .call_id = "A",
         .auth = { PCRED("same", "00000001") });
    FEED(&f, .frame = 8, .ms = 7, .method = "INVITE", .cseq = 2, .branch = "b2", .call_id = "B",
         .auth = { PCRED("same", "00000001") });
    engine_finish(f.e);
    g_assert_cmpint(res(&f, 7)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 7)->challenge_frame, ==, 3);
    g_assert_cmpint(res(&f, 8)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 8)->challenge_frame, ==, 4);
    g_assert_cmpuint(res(&f, 3)->retry_frame, ==, 7);
    g_assert_cmpuint(res(&f, 4)->retry_frame, ==, 8);
    assert_findings(&f, 7, "");
    assert_findings(&f, 8, "");
    fx_clear(&f);
}

/* Six calls handed one nonce: the engine's list of its issuers starts as
 * one id and grows (2, 4, 8); every retry still finds its own call's
 * challenge, and none is a replay. */
static void test_nonce_shared_by_six_calls(void)
{
    fx f;
    fx_init_default(&f);
    enum { CALLS = 6 };
    char call_id[CALLS][8], branch[CALLS][8], retry_branch[CALLS][8], tag[CALLS][8];
    for (int c = 0; c < CALLS; c++) {
        g_snprintf(call_id[c], sizeof call_id[c], "C%d", c);
        g_snprintf(branch[c], sizeof branch[c], "b%d", c);
        g_snprintf(retry_branch[c], sizeof retry_branch[c], "r%d", c);
        g_snprintf(tag[c], sizeof tag[c], "t%d", c);
    }
    for (uint32_t c = 0; c < CALLS; c++) { /* frames 1-6: INVITEs, 7-12: their 407s */
        FEED(&f, .frame = 1 + c, .ms = c, .method = "INVITE", .cseq = 1, .branch = branch[c], .call_id = call_id[c]);
    }
    for (uint32_t c = 0; c < CALLS; c++) {
        FEED(&f, .frame = 7 + c, .ms = 10 + c, .status = 407, .cseq = 1, .branch = branch[c], .call_id = call_id[c],
             .to_tag = tag[c], .auth = { PCHAL("shared") });
    }
    for (uint32_t c = 0; c < CALLS; c++) { /* 13-18: ACKs, 19-24: retries */
        FEED(&f, .frame = 13 + c, .ms = 20 + c, .method = "ACK", .cseq = 1, .branch = branch[c], .call_id = call_id[c],
             .to_tag = tag[c]);
    }
    for (uint32_t c = 0; c < CALLS; c++) {
        FEED(&f, .frame = 19 + c, .ms = 30 + c, .method = "INVITE", .cseq = 2, .branch = retry_branch[c],
             .call_id = call_id[c], .auth = { PCRED("shared", "00000001") });
    }
    engine_finish(f.e);
    for (uint32_t c = 0; c < CALLS; c++) {
        g_assert_cmpint(res(&f, 19 + c)->role, ==, ROLE_RETRY);
        g_assert_cmpuint(res(&f, 19 + c)->challenge_frame, ==, 7 + c);
        g_assert_cmpuint(res(&f, 7 + c)->retry_frame, ==, 19 + c);
        assert_findings(&f, 19 + c, "");
    }
    fx_clear(&f);
}

/* A wrong password through a proxy: the server's re-challenge (7) and the
 * proxy's relay of it (8, same nonce and To tag) are one rejection: the
 * finding is on the server's, the relay only points to it. */
static void test_relayed_rechallenge_counts_once(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1");
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "p1", .sent_by = PROXY);
    FEED(&f, .frame = 3, .ms = 2, .status = 401, .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 3, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s1", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 4, .method = "INVITE", .cseq = 2, .branch = "u2", .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 6, .ms = 5, .method = "INVITE", .cseq = 2, .branch = "p2", .sent_by = PROXY,
         .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 7, .ms = 6, .status = 401, .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s2",
         .auth = { WCHAL("n2") });
    FEED(&f, .frame = 8, .ms = 7, .status = 401, .cseq = 2, .branch = "u2", .to_tag = "s2", .auth = { WCHAL("n2") });
    g_assert_cmpuint(hit_of(&f, 7, FINDING_REPEATED_CHALLENGE).u.repeated_challenge.repetition, ==, 1);
    g_assert_cmpuint(hit_of(&f, 7, FINDING_REPEATED_CHALLENGE).frame, ==, 6);
    assert_findings(&f, 8, "");
    assert_findings(&f, 6, "");
    const uint32_t relays[][2] = { { 2, 1 }, { 4, 3 }, { 6, 5 }, { 8, 7 } };
    for (size_t i = 0; i < G_N_ELEMENTS(relays); i++) {
        g_assert_cmpint(res(&f, relays[i][0])->role, ==, ROLE_RELAY);
        g_assert_cmpuint(res(&f, relays[i][0])->relay_of, ==, relays[i][1]);
    }
    g_assert_cmpint(res(&f, 5)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 5)->challenge_frame, ==, 3);
    g_assert_cmpuint(res(&f, 3)->retry_frame, ==, 5);
    engine_finish(f.e);
    assert_outcome_all(&f, 1, 8, OUTCOME_RECHALLENGED);
    /* nobody ACKed on either hop (a short capture); no_retry is judged on
     * the server's 7 alone, whose realm the client did answer */
    assert_findings(&f, 7, "ack_not_seen repeated_challenge");
    assert_findings(&f, 8, "ack_not_seen");
    assert_findings(&f, 3, "ack_not_seen");
    assert_findings(&f, 4, "ack_not_seen");
    fx_clear(&f);
}

/* The same request seen on two hops (UA -> proxy -> server) is no replay:
 * the proxy's forwards (2, 8) and its relay of the 401 (5) are relays of
 * the first sightings (1, 7, 3), not attempts or challenges of their own. */
static void test_nonce_replay_not_for_proxy_copy(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1", .sent_by = UA);
    FEED(&f, .frame = 2, .ms = 2, .method = "INVITE", .cseq = 1, .branch = "p1", .sent_by = PROXY);
    FEED(&f, .frame = 3, .ms = 5, .status = 401, .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 6, .method = "ACK", .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1");
    FEED(&f, .frame = 5, .ms = 7, .status = 401, .cseq = 1, .branch = "u1", .sent_by = UA, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 6, .ms = 8, .method = "ACK", .cseq = 1, .branch = "u1", .sent_by = UA, .to_tag = "s1");
    FEED(&f, .frame = 7, .ms = 20, .method = "INVITE", .cseq = 2, .branch = "u2", .sent_by = UA,
         .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 8, .ms = 22, .method = "INVITE", .cseq = 2, .branch = "p2", .sent_by = PROXY,
         .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 9, .ms = 30, .status = 200, .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s2");
    FEED(&f, .frame = 10, .ms = 32, .status = 200, .cseq = 2, .branch = "u2", .sent_by = UA, .to_tag = "s2");

    for (uint32_t frame = 1; frame <= 10; frame++) {
        g_assert_cmpuint(res(&f, frame)->flow, ==, 1);
        assert_findings(&f, frame, "");
    }
    g_assert_cmpuint(res(&f, 1)->attempt, ==, 1);
    g_assert_cmpint(res(&f, 2)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 2)->relay_of, ==, 1);
    g_assert_cmpuint(res(&f, 2)->attempt, ==, 0);  /* the UA's attempt 1, not the proxy's */
    g_assert_cmpuint(res(&f, 2)->answer_frame, ==, 3);
    g_assert_cmpint(res(&f, 3)->role, ==, ROLE_CHALLENGE);
    g_assert_cmpint(res(&f, 5)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 5)->relay_of, ==, 3);
    g_assert_cmpuint(res(&f, 7)->attempt, ==, 2);
    g_assert_cmpuint(res(&f, 8)->attempt, ==, 0);
    g_assert_cmpint(res(&f, 7)->role, ==, ROLE_RETRY);
    g_assert_cmpint(res(&f, 8)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 8)->relay_of, ==, 7);
    g_assert_cmpuint(res(&f, 7)->challenge_frame, ==, 3);  /* n1's issuer; 5 only relays it */
    g_assert_cmpuint(res(&f, 8)->challenge_frame, ==, 0);
    g_assert_cmpuint(res(&f, 3)->retry_frame, ==, 7);
    g_assert_cmpuint(res(&f, 5)->retry_frame, ==, 0);
    g_assert_cmpuint(res(&f, 3)->request_frame, ==, 2);
    g_assert_cmpuint(res(&f, 5)->request_frame, ==, 1);
    g_assert_cmpuint(res(&f, 3)->ack_frame, ==, 4);
    g_assert_cmpuint(res(&f, 5)->ack_frame, ==, 6);
    g_assert_cmpuint(res(&f, 9)->request_frame, ==, 8);
    g_assert_cmpuint(res(&f, 10)->request_frame, ==, 7);
    assert_outcome_all(&f, 1, 10, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    fx_clear(&f);
}

/* Pre-emptive credentials (a re-REGISTER reusing a nonce from before the capture). */
static void test_credentials_before_challenge(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 9, .branch = "b1", .auth = { WCRED("old", "00000005") });
    FEED(&f, .frame = 2, .ms = 10, .status = 200, .cm = "REGISTER", .cseq = 9, .branch = "b1", .to_tag = "t1");
    const msg_result *r = res(&f, 1);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_REQUEST);
    g_assert_cmpuint(r->attempt, ==, 1);
    g_assert_cmpuint(r->challenge_frame, ==, 0);
    g_assert_false(r->has_retry_delay);
    g_assert_cmpuint(r->answer_frame, ==, 2);
    g_assert_cmpint(r->kind, ==, AUTH_KIND_WWW);
    g_assert_cmpstr(r->realm, ==, WREALM);
    g_assert_cmpstr(r->username, ==, "alice");
    assert_findings(&f, 1, "nonce_unknown");
    finding_hit h = hit_of(&f, 1, FINDING_NONCE_UNKNOWN);
    g_assert_cmpint(finding_defs[h.id].severity, ==, SEVERITY_CHAT);
    g_assert_cmpint(res(&f, 2)->role, ==, ROLE_FINAL);
    assert_outcome_all(&f, 1, 2, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    assert_findings(&f, 1, "nonce_unknown");
    assert_findings(&f, 2, "");
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Several challenges for one call                                     */

/* UA -> proxy (realm proxy.example.com, 407) -> server (realm example.com,
 * 401 relayed by the proxy); the final INVITE carries both credentials.
 * Both legs are captured: the proxy forwards 4 as 5 (its own credentials
 * consumed) and 10 as 11 (the server's left), and relays 6 as 8. */
static void test_two_realms_proxy_chain(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1", .sent_by = UA);
    FEED(&f, .frame = 2, .ms = 5, .status = 407, .cseq = 1, .branch = "u1", .sent_by = UA, .to_tag = "p1",
         .auth = { PCHAL("pn1") });
    FEED(&f, .frame = 3, .ms = 6, .method = "ACK", .cseq = 1, .branch = "u1", .sent_by = UA, .to_tag = "p1");
    FEED(&f, .frame = 4, .ms = 20, .method = "INVITE", .cseq = 2, .branch = "u2", .sent_by = UA,
         .auth = { PCRED("pn1", "00000001") });
    FEED(&f, .frame = 5, .ms = 22, .method = "INVITE", .cseq = 2, .branch = "p2", .sent_by = PROXY);
    FEED(&f, .frame = 6, .ms = 25, .status = 401, .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("sn1") });
    FEED(&f, .frame = 7, .ms = 26, .method = "ACK", .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s1");
    FEED(&f, .frame = 8, .ms = 27, .status = 401, .cseq = 2, .branch = "u2", .sent_by = UA, .to_tag = "s1",
         .auth = { WCHAL("sn1") });
    FEED(&f, .frame = 9, .ms = 28, .method = "ACK", .cseq = 2, .branch = "u2", .sent_by = UA, .to_tag = "s1");
    FEED(&f, .frame = 10, .ms = 40, .method = "INVITE", .cseq = 3, .branch = "u3", .sent_by = UA,
         .auth = { PCRED("pn1", "00000002"), WCRED_INV("sn1", "00000001") });
    FEED(&f, .frame = 11, .ms = 42, .method = "INVITE", .cseq = 3, .branch = "p3", .sent_by = PROXY,
         .auth = { WCRED_INV("sn1", "00000001") });
    FEED(&f, .frame = 12, .ms = 50, .status = 200, .cseq = 3, .branch = "p3", .sent_by = PROXY, .to_tag = "s2");
    assert_outcome_all(&f, 1, 12, OUTCOME_PENDING);
    FEED(&f, .frame = 13, .ms = 52, .status = 200, .cseq = 3, .branch = "u3", .sent_by = UA, .to_tag = "s2");

    for (uint32_t frame = 1; frame <= 13; frame++) {
        g_assert_cmpuint(res(&f, frame)->flow, ==, 1);
        assert_findings(&f, frame, "");
    }
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 4);
    g_assert_cmpuint(res(&f, 6)->retry_frame, ==, 10);
    g_assert_cmpuint(res(&f, 8)->retry_frame, ==, 0);   /* the relay: 6 has the links */
    g_assert_cmpint(res(&f, 8)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 8)->relay_of, ==, 6);
    g_assert_cmpuint(res(&f, 8)->request_frame, ==, 4);  /* its own hop's request */
    g_assert_cmpuint(res(&f, 6)->request_frame, ==, 5);
    g_assert_cmpint(res(&f, 2)->kind, ==, AUTH_KIND_PROXY);
    g_assert_cmpint(res(&f, 6)->kind, ==, AUTH_KIND_WWW);
    g_assert_cmpstr(res(&f, 6)->realm, ==, WREALM);
    g_assert_cmpuint(res(&f, 8)->n_realms, ==, 0);  /* counted once, on 6 */
    g_assert_cmpuint(res(&f, 2)->ack_frame, ==, 3);
    g_assert_cmpuint(res(&f, 6)->ack_frame, ==, 7);
    g_assert_cmpuint(res(&f, 8)->ack_frame, ==, 9);
    g_assert_cmpint(res(&f, 4)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 4)->challenge_frame, ==, 2);
    g_assert_cmpuint(res(&f, 4)->attempt, ==, 2);
    g_assert_cmpint(res(&f, 5)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 5)->relay_of, ==, 4);
    g_assert_cmpuint(res(&f, 5)->attempt, ==, 0);
    g_assert_cmpuint(res(&f, 5)->answer_frame, ==, 6);
    g_assert_cmpint(res(&f, 10)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 10)->attempt, ==, 3);
    g_assert_cmpuint(res(&f, 10)->challenge_frame, ==, 6);  /* the latest challenge answered (8 relays it) */
    g_assert_cmpint(res(&f, 11)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 11)->relay_of, ==, 10);
    g_assert_cmpuint(res(&f, 11)->attempt, ==, 0);
    g_assert_cmpuint(res(&f, 11)->challenge_frame, ==, 0);
    g_assert_null(res(&f, 11)->username);
    g_assert_cmpuint(res(&f, 11)->answer_frame, ==, 12);
    g_assert_cmpuint(res(&f, 12)->request_frame, ==, 11);
    g_assert_cmpuint(res(&f, 13)->request_frame, ==, 10);
    assert_outcome_all(&f, 1, 13, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    fx_clear(&f);
}

/* captures/proxy-then-registrar-both-legs, frame for frame: the proxy
 * (realm proxy.example.com) challenges INVITE 1 itself, forwards the
 * authenticated INVITEs 4 and 11 as 6 and 13 (its own credentials
 * consumed), relays the server's 401 (7) as 9 and its 404 (14) as 16; ACKs
 * of non-2xx answers are hop by hop. */
static void feed_both_legs(fx *f)
{
    FEED(f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1");
    FEED(f, .frame = 2, .ms = 3, .status = 407, .cseq = 1, .branch = "u1", .to_tag = "p1", .auth = { PCHAL("pn1") });
    FEED(f, .frame = 3, .ms = 4, .method = "ACK", .cseq = 1, .branch = "u1", .to_tag = "p1");
    FEED(f, .frame = 4, .ms = 5, .method = "INVITE", .cseq = 2, .branch = "u2", .auth = { PCRED("pn1", "00000001") });
    FEED(f, .frame = 5, .ms = 6, .status = 100, .cseq = 2, .branch = "u2");
    FEED(f, .frame = 6, .ms = 7, .method = "INVITE", .cseq = 2, .branch = "p2", .sent_by = PROXY);
    FEED(f, .frame = 7, .ms = 9, .status = 401, .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("sn1") });
    FEED(f, .frame = 8, .ms = 10, .method = "ACK", .cseq = 2, .branch = "p2", .sent_by = PROXY, .to_tag = "s1");
    FEED(f, .frame = 9, .ms = 11, .status = 401, .cseq = 2, .branch = "u2", .to_tag = "s1", .auth = { WCHAL("sn1") });
    FEED(f, .frame = 10, .ms = 12, .method = "ACK", .cseq = 2, .branch = "u2", .to_tag = "s1");
    FEED(f, .frame = 11, .ms = 13, .method = "INVITE", .cseq = 3, .branch = "u3",
         .auth = { PCRED("pn1", "00000002"), WCRED_INV("sn1", "00000001") });
    FEED(f, .frame = 12, .ms = 14, .status = 100, .cseq = 3, .branch = "u3");
    FEED(f, .frame = 13, .ms = 15, .method = "INVITE", .cseq = 3, .branch = "p3", .sent_by = PROXY,
         .auth = { WCRED_INV("sn1", "00000001") });
    FEED(f, .frame = 14, .ms = 16, .status = 404, .cseq = 3, .branch = "p3", .sent_by = PROXY, .to_tag = "s2");
    FEED(f, .frame = 15, .ms = 17, .method = "ACK", .cseq = 3, .branch = "p3", .sent_by = PROXY, .to_tag = "s2");
    FEED(f, .frame = 16, .ms = 18, .status = 404, .cseq = 3, .branch = "u3", .to_tag = "s2");
    FEED(f, .frame = 17, .ms = 19, .method = "ACK", .cseq = 3, .branch = "u3", .to_tag = "s2");
}

static void assert_result(fx *f, uint32_t frame, msg_role role, uint32_t attempt, uint32_t challenge,
                          uint32_t request, uint32_t retry, uint32_t ack, uint32_t answer, uint32_t relay_of)
{
    const msg_result *r = res(f, frame);
    g_test_message("frame %u: %s", frame, msg_role_name(r->role));
    g_assert_cmpuint(r->flow, ==, role == ROLE_NONE ? 0 : 1);
    g_assert_cmpint(r->role, ==, role);
    g_assert_cmpuint(r->attempt, ==, attempt);
    g_assert_cmpuint(r->challenge_frame, ==, challenge);
    g_assert_cmpuint(r->request_frame, ==, request);
    g_assert_cmpuint(r->retry_frame, ==, retry);
    g_assert_cmpuint(r->ack_frame, ==, ack);
    g_assert_cmpuint(r->answer_frame, ==, answer);
    g_assert_cmpuint(r->relay_of, ==, relay_of);
    g_assert_cmpuint(r->copy_of, ==, 0);
}

static void test_relay_both_legs(void)
{
    fx f;
    fx_init_default(&f);
    feed_both_legs(&f);
    for (int pass = 0; pass < 2; pass++) {
        /*                     role              att chal req retry ack answer relay_of */
        assert_result(&f, 1,  ROLE_REQUEST,     1,  0,   0,  0,    0,  2,     0);
        assert_result(&f, 2,  ROLE_CHALLENGE,   0,  0,   1,  4,    3,  0,     0);
        assert_result(&f, 3,  ROLE_ACK,         0,  2,   0,  0,    0,  0,     0);
        assert_result(&f, 4,  ROLE_RETRY,       2,  2,   0,  0,    0,  9,     0);
        assert_result(&f, 5,  ROLE_PROVISIONAL, 0,  0,   4,  0,    0,  0,     0);
        assert_result(&f, 6,  ROLE_RELAY,       0,  0,   0,  0,    0,  7,     4);
        assert_result(&f, 7,  ROLE_CHALLENGE,   0,  0,   6,  11,   8,  0,     0);
        assert_result(&f, 8,  ROLE_ACK,         0,  7,   0,  0,    0,  0,     0);
        assert_result(&f, 9,  ROLE_RELAY,       0,  0,   4,  0,    10, 0,     7);
        assert_result(&f, 10, ROLE_ACK,         0,  9,   0,  0,    0,  0,     0);
        assert_result(&f, 11, ROLE_RETRY,       3,  7,   0,  0,    0,  16,    0);
        assert_result(&f, 12, ROLE_PROVISIONAL, 0,  0,   11, 0,    0,  0,     0);
        assert_result(&f, 13, ROLE_RELAY,       0,  0,   0,  0,    0,  14,    11);
        assert_result(&f, 14, ROLE_FINAL,       0,  0,   13, 0,    0,  0,     0);
        assert_result(&f, 15, ROLE_NONE,        0,  0,   0,  0,    0,  0,     0);
        assert_result(&f, 16, ROLE_FINAL,       0,  0,   11, 0,    0,  0,     0);
        assert_result(&f, 17, ROLE_NONE,        0,  0,   0,  0,    0,  0,     0);
        /* the relays name no realm or user: the statistics count 7 and 11 once */
        g_assert_cmpuint(res(&f, 9)->n_realms, ==, 0);
        g_assert_cmpuint(res(&f, 13)->n_realms, ==, 0);
        g_assert_null(res(&f, 13)->username);
        g_assert_cmpuint(res(&f, 7)->n_realms, ==, 1);
        g_assert_cmpuint(res(&f, 11)->n_realms, ==, 2);
        g_assert_true(res(&f, 11)->has_retry_delay);
        g_assert_cmpint(res(&f, 11)->retry_delay_ns, ==, MS(13 - 9));  /* since 7, the registrar's */
        assert_outcome_all(&f, 1, 17, OUTCOME_FAILED);  /* the registrar took the credentials, then 404 */
        for (uint32_t frame = 1; frame <= 17; frame++)
            assert_findings(&f, frame, "");
        engine_finish(f.e);
    }
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    fx_clear(&f);
}

/* Both legs, and the UA neither ACKs the relayed 401 (the proxy retransmits
 * it) nor retries; the proxy ACKed the server's.  The missing ACK is the UA
 * hop's, on the relay; no_retry is the challenge's, on the server's 401. */
static void test_relay_no_retry_ack_missing(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1");
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "p1", .sent_by = PROXY);
    FEED(&f, .frame = 3, .ms = 3, .status = 401, .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 4, .method = "ACK", .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1");
    FEED(&f, .frame = 5, .ms = 5, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s1", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 6, .ms = 505, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s1", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 7, .ms = 40000, .method = "OPTIONS", .cseq = 1, .branch = "o1", .call_id = "keepalive");
    assert_no_absence_verdicts(&f);
    g_assert_cmpint(res(&f, 5)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 5)->relay_of, ==, 3);
    g_assert_cmpint(res(&f, 6)->role, ==, ROLE_COPY);  /* the proxy retransmitting its relay */
    g_assert_cmpuint(res(&f, 6)->copy_of, ==, 5);
    engine_finish(f.e);
    assert_findings(&f, 3, "no_retry");
    assert_findings(&f, 5, "ack_missing");
    g_assert_cmpuint(hit_of(&f, 5, FINDING_ACK_MISSING).u.ack_missing.copies, ==, 1);  /* one retransmission seen */
    assert_findings(&f, 2, "");
    assert_outcome_all(&f, 1, 6, OUTCOME_NO_RETRY);
    fx_clear(&f);
}

/* The UA retries a relayed challenge without incrementing CSeq: the finding
 * compares with the UA's own challenged request (1), not the proxy's
 * forward of it (2) to which the challenge (3) answered. */
static void test_relay_cseq_not_incremented(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1");
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "p1", .sent_by = PROXY);
    FEED(&f, .frame = 3, .ms = 3, .status = 401, .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 5, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s1", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 20, .method = "INVITE", .cseq = 1, .branch = "u2", .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 6, .ms = 21, .method = "INVITE", .cseq = 1, .branch = "p2", .sent_by = PROXY,
         .auth = { WCRED_INV("n1", "00000001") });
    g_assert_cmpint(res(&f, 5)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 5)->challenge_frame, ==, 3);
    g_assert_cmpuint(hit_of(&f, 5, FINDING_CSEQ_NOT_INCREMENTED).frame, ==, 3);
    assert_findings(&f, 5, "cseq_not_incremented");
    g_assert_cmpint(res(&f, 6)->role, ==, ROLE_RELAY);
    g_assert_cmpuint(res(&f, 6)->relay_of, ==, 5);
    assert_findings(&f, 6, "");
    fx_clear(&f);
}

/* What is not a relay: the proxy's own challenge with its own nonce, a fork
 * (another To tag), and a forward carrying credentials the UA's request
 * lacked (the proxy adding its own: a request of its own). */
static void test_not_relays(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "u1");
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "p1", .sent_by = PROXY,
         .auth = { WCRED_INV("old", "00000001") });
    FEED(&f, .frame = 3, .ms = 3, .status = 401, .cseq = 1, .branch = "p1", .sent_by = PROXY, .to_tag = "s1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 4, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s2", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 5, .status = 401, .cseq = 1, .branch = "u1", .to_tag = "s1", .auth = { WCHAL("n2") });
    g_assert_cmpint(res(&f, 2)->role, ==, ROLE_REQUEST);
    g_assert_cmpuint(res(&f, 2)->attempt, ==, 1);
    g_assert_cmpuint(res(&f, 2)->relay_of, ==, 0);
    for (uint32_t frame = 3; frame <= 5; frame++) {
        g_assert_cmpint(res(&f, frame)->role, ==, ROLE_CHALLENGE);
        g_assert_cmpuint(res(&f, frame)->relay_of, ==, 0);
    }
    fx_clear(&f);
}

/* A forking proxy: two 407s with different To tags for one INVITE. */
static void test_forked_challenges(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "fA", .auth = { PCHAL("nA") });
    FEED(&f, .frame = 3, .ms = 12, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "fB", .auth = { PCHAL("nB") });
    FEED(&f, .frame = 4, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "fA");
    FEED(&f, .frame = 5, .ms = 22, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "fB");
    FEED(&f, .frame = 6, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2",
         .auth = { PCRED("nA", "00000001"), PCRED("nB", "00000001") });
    FEED(&f, .frame = 7, .ms = 40, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "fA2");

    for (uint32_t frame = 2; frame <= 3; frame++) {
        const msg_result *r = res(&f, frame);
        g_assert_cmpuint(r->flow, ==, 1);
        g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
        g_assert_cmpuint(r->request_frame, ==, 1);
        g_assert_cmpuint(r->retry_frame, ==, 6);
        g_assert_cmpuint(r->ack_frame, ==, frame + 2);
        g_assert_cmpuint(res(&f, frame + 2)->challenge_frame, ==, frame);
        g_assert_cmpint(res(&f, frame + 2)->role, ==, ROLE_ACK);
    }
    g_assert_cmpuint(res(&f, 1)->answer_frame, ==, 2);
    g_assert_cmpint(res(&f, 6)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 6)->challenge_frame, ==, 3);
    g_assert_cmpuint(res(&f, 6)->attempt, ==, 2);
    assert_outcome_all(&f, 1, 7, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Framing and ordering                                                */

/* A TCP segment with two SIP messages: the ACK and the retry. */
static void test_several_messages_in_one_frame(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .index = 0, .ms = 30, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 3, .index = 1, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .index = 0, .ms = 40, .status = 100, .cseq = 2, .branch = "b2");
    FEED(&f, .frame = 4, .index = 1, .ms = 40, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");

    const msg_result *r = res_ix(&f, 3, 0);
    g_assert_cmpint(r->role, ==, ROLE_ACK);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    r = res_ix(&f, 3, 1);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_cmpint(r->retry_delay_ns, ==, MS(20));
    g_assert_cmpuint(r->answer_frame, ==, 4);
    r = res(&f, 2);
    g_assert_cmpuint(r->ack_frame, ==, 3);
    g_assert_cmpuint(r->retry_frame, ==, 3);
    r = res_ix(&f, 4, 0);
    g_assert_cmpint(r->role, ==, ROLE_PROVISIONAL);
    g_assert_cmpuint(r->request_frame, ==, 3);
    r = res_ix(&f, 4, 1);
    g_assert_cmpint(r->role, ==, ROLE_FINAL);
    g_assert_cmpuint(r->request_frame, ==, 3);
    g_assert_cmpint(r->outcome, ==, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    g_assert_cmpuint(engine_message_count(f.e), ==, 6);
    fx_clear(&f);
}

/* The 407 is captured before its INVITE (two capture points, skewed clocks).
 * Chosen expectation: the INVITE adopts the 407's transaction and the links
 * are completed both ways once both are known (results grow as frames
 * arrive, engine.h), and the flow behaves as if they came in order.
 *
 * Failed on the engine it was written against (request_handle, now in
 * request.c): adopting the transaction set neither the 407's request_frame
 * nor the INVITE's answer_frame, and it reset flow->last_origin_answer to 0
 * although the adopted transaction was already answered, so after
 * engine_finish() the outcome stayed "pending" instead of "no retry". */
static void test_out_of_order_challenge_first(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    g_assert_cmpuint(res(&f, 1)->flow, ==, 1);
    g_assert_cmpint(res(&f, 1)->role, ==, ROLE_CHALLENGE);
    g_assert_cmpuint(res(&f, 1)->request_frame, ==, 0);  /* not known yet */
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");

    const msg_result *r = res(&f, 2);
    g_assert_cmpuint(r->flow, ==, 1);
    g_assert_cmpint(r->role, ==, ROLE_REQUEST);
    g_assert_cmpuint(r->attempt, ==, 1);
    g_assert_cmpuint(r->answer_frame, ==, 1);
    r = res(&f, 1);
    g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
    g_assert_cmpuint(r->request_frame, ==, 2);
    g_assert_cmpuint(r->ack_frame, ==, 3);
    g_assert_cmpuint(res(&f, 3)->challenge_frame, ==, 1);

    /* the client never retries: the outcome is "no retry", as in order */
    engine_finish(f.e);
    assert_findings(&f, 1, "no_retry");
    assert_outcome_all(&f, 1, 3, OUTCOME_NO_RETRY);
    fx_clear(&f);
}

/* The same, with the retry and the 200 following. */
static void test_out_of_order_then_accepted(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    const msg_result *r = res(&f, 4);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->attempt, ==, 2);
    g_assert_cmpuint(r->challenge_frame, ==, 1);
    g_assert_cmpint(r->retry_delay_ns, ==, MS(30));
    g_assert_cmpuint(res(&f, 1)->retry_frame, ==, 4);
    assert_outcome_all(&f, 1, 5, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    fx_clear(&f);
}

/* Messages the engine cannot correlate: no crash, no flow. */
static void test_missing_call_id_or_cseq(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .no_call_id = true, .cseq = 1, .branch = "b1",
         .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 2, .ms = 1, .method = "INVITE", .no_cseq = true, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 3, .ms = 2, .status = 407, .no_call_id = true, .cseq = 1, .branch = "b1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 4, .ms = 3, .status = 407, .no_cseq = true, .branch = "b1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 4, .method = "ACK", .no_call_id = true, .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 6, .ms = 5, .method = "ACK", .no_cseq = true, .branch = "b1");
    FEED(&f, .frame = 7, .ms = 6, .status = 200, .no_call_id = true, .no_cseq = true, .branch = "b1");
    /* neither a request (no method) nor a response (no status) */
    FEED(&f, .frame = 8, .ms = 7, .method = NULL, .status = 0, .cseq = 1, .branch = "b1");
    engine_finish(f.e);
    for (uint32_t frame = 1; frame <= 8; frame++) {
        const msg_result *r = res(&f, frame);
        g_assert_cmpuint(r->flow, ==, 0);
        g_assert_cmpint(r->role, ==, ROLE_NONE);
        g_assert_cmpuint(r->n_findings, ==, 0);
        g_assert_cmpint(r->outcome, ==, OUTCOME_PENDING);
    }
    g_assert_cmpuint(engine_flow_count(f.e), ==, 0);
    g_assert_cmpuint(engine_message_count(f.e), ==, 8);
    /* an id never handed out */
    const msg_result *r = engine_result(f.e, 1000);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->flow, ==, 0);
    g_assert_cmpuint(r->n_findings, ==, 0);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Scale                                                               */

/* A client in a loop: 10,000 challenges in one Call-ID. */
static void test_ten_thousand_challenges(void)
{
    enum { N = 10000 };
    fx f;
    fx_init_default(&f);
    gint64 start = g_get_monotonic_time();
    uint32_t frame = 1;
    for (uint32_t i = 0; i < N; i++) {
        char branch[32], nonce[32], prev[32], to_tag[32], chal[160], cred[320];
        g_snprintf(branch, sizeof branch, "b%u", i);
        g_snprintf(nonce, sizeof nonce, "n%u", i);
        g_snprintf(prev, sizeof prev, "n%u", i - 1);
        g_snprintf(to_tag, sizeof to_tag, "t%u", i);
        g_snprintf(chal, sizeof chal, "Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"%s\", qop=\"auth\"", nonce);
        g_snprintf(cred, sizeof cred, "Proxy-Authorization: Digest username=\"alice\", realm=\"" PREALM "\", "
                   "nonce=\"%s\", uri=\"sip:bob@example.com\", response=\"" RESP32 "\", qop=auth, nc=00000001, "
                   "cnonce=\"c\"", prev);
        int64_t ms = (int64_t)i * 100;
        FEED(&f, .frame = frame++, .ms = ms, .method = "INVITE", .cseq = i + 1, .branch = branch,
             .auth = { i ? cred : NULL });
        FEED(&f, .frame = frame++, .ms = ms + 10, .status = 407, .cseq = i + 1, .branch = branch, .to_tag = to_tag,
             .auth = { chal });
        FEED(&f, .frame = frame++, .ms = ms + 20, .method = "ACK", .cseq = i + 1, .branch = branch, .to_tag = to_tag);
    }
    engine_finish(f.e);
    gint64 elapsed_us = g_get_monotonic_time() - start;
    g_test_message("10,000 challenges: %" G_GINT64_FORMAT " ms", elapsed_us / 1000);

    g_assert_cmpuint(engine_message_count(f.e), ==, 3u * N);
    g_assert_cmpuint(engine_flow_count(f.e), ==, 1);
    const msg_result *r = res(&f, 3u * N - 1);  /* the last 407 */
    g_assert_cmpint(r->role, ==, ROLE_CHALLENGE);
    g_assert_cmpuint(r->ack_frame, ==, 3u * N);
    g_assert_cmpuint(hit_of(&f, 3u * N - 1, FINDING_REPEATED_CHALLENGE).u.repeated_challenge.repetition, ==, N - 1);
    r = res(&f, 3u * N - 2);  /* the last INVITE */
    g_assert_cmpuint(r->attempt, ==, N);
    g_assert_cmpuint(r->challenge_frame, ==, 3u * N - 4);
    g_assert_cmpint(r->outcome, ==, OUTCOME_RECHALLENGED);
    /* one repeated_challenge per 407 but the first, an auth_loop from the
     * fourth on, and the client gave up */
    g_assert_cmpuint(total_findings(&f), ==, (N - 1) + (N - 3) + 1);
    g_assert_cmpuint(hit_of(&f, 3u * N - 1, FINDING_AUTH_LOOP).u.auth_loop.rechallenges, ==, N - 1);
    g_assert_cmpuint(hit_of(&f, 3u * N - 1, FINDING_AUTH_LOOP_ABANDONED).u.auth_loop_abandoned.rechallenges, ==, N - 1);
    /* generous: about a second under ASan, far less without */
    g_assert_cmpint(elapsed_us, <, 30 * G_USEC_PER_SEC);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Notes on how the credentials fit the challenge                      */

#define CHAL_FULL "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n1\", opaque=\"op1\", algorithm=MD5, qop=\"auth\""

typedef struct {
    const char *name;
    const char *cred;        /* the Authorization of the retry */
    const char *from_tag;    /* of the retry; NULL: unchanged */
    bool        note_uri, note_syntax;
    const char *expected;    /* findings of the retry */
} note_case;

#define CRED_START "Authorization: Digest username=\"alice\", realm=\"" WREALM "\", nonce=\"n1\", "
static const note_case note_cases[] = {
    { "clean", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, nc=00000001, "
      "cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "" },
    { "qop_missing", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, opaque=\"op1\"",
      NULL, true, true, "qop_mismatch" },
    { "qop_not_offered", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth-int, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "qop_mismatch" },
    { "algorithm", CRED_START "uri=\"sip:example.com\", response=\"" RESP64 "\", algorithm=SHA-256, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "algorithm_mismatch" },
    { "response_length", CRED_START "uri=\"sip:example.com\", response=\"0123456789abcdef0123456789abcde\", "
      "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "response_length" },
    /* an algorithm the table does not know has no length rule, even when
     * it starts like one it knows (RFC 7616 §3.3: another algorithm) */
    { "unknown_algorithm", CRED_START "uri=\"sip:example.com\", response=\"0123456789abcdef0123456789abcde\", "
      "algorithm=MD5-foo, qop=auth, nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "algorithm_mismatch" },
    { "opaque_missing", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\"", NULL, true, true, "opaque_not_echoed" },
    { "opaque_changed", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op2\"", NULL, true, true, "opaque_not_echoed" },
    { "uri", CRED_START "uri=\"sip:10.0.0.9:5060\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "uri_mismatch" },
    { "uri_off", CRED_START "uri=\"sip:10.0.0.9:5060\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, false, true, "" },
    { "quoted_algorithm", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=\"MD5\", qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "syntax_oddity" },
    { "quoted_algorithm_off", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=\"MD5\", qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, false, "" },
    { "quoted_qop", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=\"auth\", "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "syntax_oddity" },
    { "quoted_nc", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=\"00000001\", cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "syntax_oddity" },
    { "unquoted_string", "Authorization: Digest username=alice, realm=\"" WREALM "\", nonce=\"n1\", "
      "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", NULL, true, true, "syntax_oddity" },
    { "no_spaces", "Authorization: Digest username=\"alice\",realm=\"" WREALM "\",nonce=\"n1\","
      "uri=\"sip:example.com\",response=\"" RESP32 "\",algorithm=MD5,qop=auth,"
      "nc=00000001,cnonce=\"c0ffee\",opaque=\"op1\"", NULL, true, true, "" },
    { "space_around_equals", "Authorization: Digest username = \"alice\", realm = \"" WREALM "\", nonce = \"n1\", "
      "uri = \"sip:example.com\", response = \"" RESP32 "\", algorithm = MD5, qop = auth, "
      "nc = 00000001, cnonce = \"c0ffee\", opaque = \"op1\"", NULL, true, true, "" },
    { "dialog_changed", CRED_START "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
      "nc=00000001, cnonce=\"c0ffee\", opaque=\"op1\"", "ft-2", true, true, "dialog_changed" },
};

static void test_notes(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(note_cases); i++) {
        const note_case *c = &note_cases[i];
        g_test_message("case %s", c->name);
        engine_config cfg;
        engine_config_default(&cfg);
        cfg.note_uri = c->note_uri;
        cfg.note_syntax = c->note_syntax;
        fx f;
        fx_init(&f, &cfg);
        FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
        FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
             .auth = { CHAL_FULL });
        FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .from_tag = c->from_tag,
             .auth = { c->cred });
        FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
        engine_finish(f.e);
        const msg_result *r = res(&f, 3);
        g_assert_cmpint(r->role, ==, ROLE_RETRY);
        g_assert_cmpuint(r->challenge_frame, ==, 2);
        assert_findings(&f, 3, c->expected);
        assert_findings(&f, 2, "");
        if (strcmp(c->expected, "") != 0) {
            r = res(&f, 3);
            const finding_def *d = &finding_defs[r->findings[0].id];
            /* unverifiable says only that nothing was checked: a Chat */
            g_assert_cmpint(d->severity, ==, r->findings[0].id == FINDING_UNVERIFIABLE ? SEVERITY_CHAT : SEVERITY_NOTE);
        }
        if (strcmp(c->name, "response_length") == 0)
            g_assert_cmpuint(hit_of(&f, 3, FINDING_RESPONSE_LENGTH).u.response_length.length, ==, 31);
        if (strcmp(c->name, "quoted_qop") == 0)
            g_assert_cmpstr(hit_of(&f, 3, FINDING_SYNTAX_ODDITY).u.syntax_oddity.oddities, ==, "quoted qop");
        if (strcmp(c->name, "dialog_changed") == 0) {
            finding_hit h = hit_of(&f, 3, FINDING_DIALOG_CHANGED);
            g_assert_cmpuint(h.frame, ==, 2);
            g_assert_cmpstr(h.u.dialog_changed.tag, ==, "ft-2");
            g_assert_cmpstr(h.u.dialog_changed.challenged_tag, ==, "ft-1");
        }
        if (strcmp(c->name, "uri") == 0) {
            finding_hit h = hit_of(&f, 3, FINDING_URI_MISMATCH);
            g_assert_cmpstr(h.u.uri_mismatch.uri, ==, "sip:10.0.0.9:5060");
            g_assert_cmpstr(h.u.uri_mismatch.request_uri, ==, "sip:example.com");
        }
        assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
        fx_clear(&f);
    }
}

/* Oddities of a challenge are noted on the challenge, once per item. */
static void test_syntax_oddity_in_challenge(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n1\", algorithm=\"MD5\", qop=\"auth\"" });
    assert_findings(&f, 2, "syntax_oddity");
    g_assert_cmpstr(hit_of(&f, 2, FINDING_SYNTAX_ODDITY).u.syntax_oddity.header, ==, "WWW-Authenticate");
    /* missing spaces after commas are allowed by SIP's grammar */
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .call_id = "c2", .cseq = 1, .branch = "b3");
    FEED(&f, .frame = 4, .ms = 30, .status = 401, .cm = "REGISTER", .call_id = "c2", .cseq = 1, .branch = "b3",
         .to_tag = "t2", .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\",nonce=\"n2\",algorithm=MD5,qop=\"auth\"" });
    assert_findings(&f, 4, "");
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* More outcomes and flows                                             */

static void test_rejected_then_new_flow(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 30, .status = 403, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
    assert_outcome_all(&f, 1, 4, OUTCOME_REFUSED);  /* known at the 403 to credentials */
    g_assert_cmpuint(res(&f, 1)->outcome_status, ==, 403);
    assert_findings(&f, 4, "credentials_refused");
    g_assert_cmpint(res(&f, 4)->role, ==, ROLE_FINAL);
    g_assert_cmpuint(res(&f, 3)->answer_frame, ==, 4);
    /* the next REGISTER of the Call-ID starts a new flow */
    FEED(&f, .frame = 5, .ms = 5000, .method = "REGISTER", .cseq = 3, .branch = "b3");
    FEED(&f, .frame = 6, .ms = 5010, .status = 401, .cm = "REGISTER", .cseq = 3, .branch = "b3", .to_tag = "t3",
         .auth = { WCHAL("n2") });
    g_assert_cmpuint(res(&f, 5)->flow, ==, 2);
    g_assert_cmpuint(res(&f, 5)->attempt, ==, 1);
    g_assert_cmpuint(res(&f, 6)->flow, ==, 2);
    assert_findings(&f, 6, "");  /* frame 5 carried no credentials */
    g_assert_cmpint(res(&f, 6)->outcome, ==, OUTCOME_PENDING);
    engine_finish(f.e);
    assert_outcome_all(&f, 1, 4, OUTCOME_REFUSED);
    assert_outcome_all(&f, 5, 6, OUTCOME_NO_RETRY);
    assert_findings(&f, 6, "no_retry");
    g_assert_cmpuint(engine_flow_count(f.e), ==, 2);
    fx_clear(&f);
}

/* The retry was sent but the capture ends before its answer: unanswered,
 * once the capture is known to be complete (before that: pending). */
static void test_unanswered_after_finish(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 100, .cseq = 2, .branch = "b2");
    assert_outcome_all(&f, 1, 5, OUTCOME_PENDING);
    engine_finish(f.e);
    assert_outcome_all(&f, 1, 5, OUTCOME_UNANSWERED);
    g_assert_cmpuint(res(&f, 4)->answer_frame, ==, 0);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    fx_clear(&f);
}

/* A re-INVITE in the dialog reuses the proxy credentials (RFC 3261 §22.3). */
static void test_reinvite_reuses_proxy_credentials(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 6, .ms = 50, .method = "ACK", .cseq = 2, .branch = "b3", .to_tag = "t2");
    FEED(&f, .frame = 7, .ms = 90000, .method = "INVITE", .cseq = 3, .branch = "b4", .to_tag = "t2",
         .auth = { PCRED("n1", "00000002") });
    FEED(&f, .frame = 8, .ms = 90010, .status = 200, .cseq = 3, .branch = "b4", .to_tag = "t2");
    const msg_result *r = res(&f, 7);
    g_assert_cmpuint(r->flow, ==, 2);
    g_assert_cmpint(r->role, ==, ROLE_REQUEST);  /* the challenge is in flow 1 */
    g_assert_cmpuint(r->attempt, ==, 1);
    g_assert_cmpuint(r->challenge_frame, ==, 2);
    g_assert_false(r->has_retry_delay);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 4);  /* the first request using n1 */
    assert_outcome_all(&f, 7, 8, OUTCOME_ACCEPTED);
    engine_finish(f.e);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    fx_clear(&f);
}

/* Only INVITE challenges are ACKed: a 407 to BYE waits for none. */
static void test_bye_challenge_no_ack_rule(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "BYE", .cseq = 5, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cm = "BYE", .cseq = 5, .branch = "b1", .to_tag = "t1",
         .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "BYE", .cseq = 6, .branch = "b2", .to_tag = "t1",
         .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 99000, .status = 200, .cm = "BYE", .cseq = 6, .branch = "b2", .to_tag = "t1");
    engine_finish(f.e);
    g_assert_cmpint(res(&f, 3)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 3)->challenge_frame, ==, 2);
    g_assert_cmpuint(total_findings(&f), ==, 0);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    fx_clear(&f);
}

#define WCHAL_SHA(n) "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"" n "\", algorithm=SHA-256, qop=\"auth\""

/* One realm offered with two algorithms (RFC 8760): one verdict per realm. */
static void test_two_algorithms_one_verdict_per_realm(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL_SHA("s1"), WCHAL("m1") });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("m1", "00000001") });
    FEED(&f, .frame = 4, .ms = 30, .status = 401, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2",
         .auth = { WCHAL_SHA("s2"), WCHAL("m2") });
    g_assert_cmpint(res(&f, 2)->kind, ==, AUTH_KIND_WWW);
    g_assert_cmpuint(res(&f, 2)->retry_frame, ==, 3);
    g_assert_cmpuint(res(&f, 3)->challenge_frame, ==, 2);
    assert_findings(&f, 3, "");  /* MD5 chosen from the offers: no algorithm_mismatch */
    assert_findings(&f, 4, "repeated_challenge");
    g_assert_cmpuint(hit_of(&f, 4, FINDING_REPEATED_CHALLENGE).u.repeated_challenge.repetition, ==, 1);
    engine_finish(f.e);
    assert_findings(&f, 2, "");
    assert_findings(&f, 4, "repeated_challenge");
    fx_clear(&f);

    /* never answered: one no_retry for the realm, not one per algorithm */
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { WCHAL_SHA("s1"), WCHAL("m1") });
    engine_finish(f.e);
    assert_findings(&f, 2, "no_retry");
    fx_clear(&f);
}

/* Hostile or broken auth headers: no crash, no leak, sane results. */
static void test_odd_and_huge_headers(void)
{
    fx f;
    fx_init_default(&f);
    /* a challenge without realm or nonce, a Basic one, an empty value */
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest qop=\"auth\"", "WWW-Authenticate: Basic realm=\"x\"", "WWW-Authenticate: " });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2",
         .auth = { "Authorization: Digest username=\"alice\"", "Authorization: Basic YWxpY2U6c2VjcmV0", "Authorization: ,,," });
    FEED(&f, .frame = 4, .ms = 30, .status = 401, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2",
         .auth = { "WWW-Authenticate: Digest" });
    g_assert_cmpint(res(&f, 2)->role, ==, ROLE_CHALLENGE);
    g_assert_null(res(&f, 2)->realm);
    g_assert_cmpuint(res(&f, 3)->flow, ==, 1);
    g_assert_cmpint(res(&f, 4)->role, ==, ROLE_CHALLENGE);

    /* 4 headers of 32 challenges each: the engine keeps ENGINE_MAX_OFFERS */
    GString *many = g_string_new("Proxy-Authenticate: ");
    for (int i = 0; i < 40; i++)
        g_string_append_printf(many, "%sDigest realm=\"r%d\", nonce=\"big%d\"", i ? ", " : "", i, i);
    FEED(&f, .frame = 5, .ms = 40, .method = "INVITE", .call_id = "c2", .cseq = 1, .branch = "i1");
    FEED(&f, .frame = 6, .ms = 50, .status = 407, .call_id = "c2", .cseq = 1, .branch = "i1", .to_tag = "x",
         .auth = { many->str, many->str, many->str, many->str });
    g_assert_cmpint(res(&f, 6)->role, ==, ROLE_CHALLENGE);
    g_assert_cmpstr(res(&f, 6)->realm, ==, "r0");
    GString *creds = g_string_new("Proxy-Authorization: ");
    for (int i = 0; i < 40; i++)
        g_string_append_printf(creds, "%sDigest username=\"u\", realm=\"r%d\", nonce=\"big%d\", response=\"" RESP32 "\"",
                               i ? ", " : "", i, i);
    FEED(&f, .frame = 7, .ms = 60, .method = "INVITE", .call_id = "c2", .cseq = 2, .branch = "i2",
         .auth = { creds->str, creds->str, creds->str, creds->str });
    g_assert_cmpint(res(&f, 7)->role, ==, ROLE_RETRY);
    g_assert_cmpuint(res(&f, 7)->challenge_frame, ==, 6);
    g_assert_cmpuint(res(&f, 6)->retry_frame, ==, 7);
    g_assert_cmpuint(res(&f, 7)->n_findings, <=, 3u * ENGINE_MAX_CREDENTIALS);
    g_string_free(many, TRUE);
    g_string_free(creds, TRUE);

    /* a 64 KiB nonce */
    GString *huge = g_string_new("Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"");
    for (int i = 0; i < 65536; i++)
        g_string_append_c(huge, "0123456789abcdef"[i % 16]);
    g_string_append_c(huge, '"');
    FEED(&f, .frame = 8, .ms = 70, .method = "INVITE", .call_id = "c3", .cseq = 1, .branch = "h1");
    FEED(&f, .frame = 9, .ms = 80, .status = 407, .call_id = "c3", .cseq = 1, .branch = "h1", .to_tag = "h",
         .auth = { huge->str });
    g_assert_cmpint(res(&f, 9)->role, ==, ROLE_CHALLENGE);
    g_string_free(huge, TRUE);

    engine_finish(f.e);
    for (uint32_t id = 0; id < engine_message_count(f.e); id++)
        (void)engine_result(f.e, id);
    fx_clear(&f);
}

/* A 407 wrongly carrying WWW-Authenticate, answered with Authorization: the
 * fault is the server's, reported on the 407; the client followed the header. */
static void test_wrong_header_challenge_answered_in_kind(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"" });
    FEED(&f, .frame = 3, .ms = 20, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 30, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { WCRED_INV("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 40, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    assert_findings(&f, 2, "wrong_header");
    assert_findings(&f, 4, "");
    g_assert_cmpint(res(&f, 4)->role, ==, ROLE_RETRY);
    fx_clear(&f);
}

/* stale="true" quoted: still stale, and the quoting is noted. */
static void test_stale_quoted(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1", .auth = { WCRED("old", "00000002") });
    FEED(&f, .frame = 2, .ms = 10, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t1",
         .auth = { "WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"n2\", algorithm=MD5, qop=\"auth\", stale=\"True\"" });
    FEED(&f, .frame = 3, .ms = 20, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("n2", "00000001") });
    FEED(&f, .frame = 4, .ms = 30, .status = 200, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "t2");
    assert_findings(&f, 1, "nonce_unknown");
    assert_findings(&f, 2, "stale_nonce syntax_oddity");
    g_assert_cmpuint(hit_of(&f, 2, FINDING_STALE_NONCE).frame, ==, 1);
    assert_findings(&f, 3, "");
    g_assert_cmpint(res(&f, 3)->role, ==, ROLE_RETRY);
    assert_outcome_all(&f, 1, 4, OUTCOME_ACCEPTED);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Engine lifecycle                                                    */

static void test_finish_idempotent(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 10, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    g_assert_false(engine_finished(f.e));
    engine_finish(f.e);
    g_assert_true(engine_finished(f.e));
    assert_findings(&f, 2, "ack_not_seen no_retry");
    engine_finish(f.e);
    engine_finish(f.e);
    g_assert_true(engine_finished(f.e));
    assert_findings(&f, 2, "ack_not_seen no_retry");
    assert_outcome_all(&f, 1, 2, OUTCOME_NO_RETRY);
    fx_clear(&f);
}

static void test_free_null(void)
{
    engine_free(NULL);
    engine *e = engine_new(NULL);
    g_assert_cmpuint(engine_message_count(e), ==, 0);
    g_assert_cmpuint(engine_flow_count(e), ==, 0);
    engine_finish(e);
    engine_free(e);
}


/* ------------------------------------------------------------------ */
/* Digest verification with a credentials table                        */

/* "Header: Digest ..." with a response computed for (user, hash_realm,
 * password) over (method, hash_uri), as a client would; realm and uri are
 * the values it puts in the header.  Freed by the caller. */
static char *signed_header(const char *header, const char *algorithm, const char *user, const char *realm,
                           const char *hash_realm, const char *password, const char *nonce, const char *method,
                           const char *uri, const char *hash_uri)
{
    digest_input in = { .alg = digest_algorithm_parse(algorithm), .username = user, .realm = hash_realm,
                        .password = password, .nonce = nonce, .cnonce = "c0ffee", .nc = "00000001", .qop = "auth",
                        .method = method, .uri = hash_uri };
    char response[DIGEST_HEX_MAX];
    g_assert_cmpint(digest_response(&in, response), ==, DIGEST_OK);
    return g_strdup_printf("%s: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\", "
                           "algorithm=%s, qop=auth, nc=00000001, cnonce=\"c0ffee\"",
                           header, user, realm, nonce, uri, response, algorithm);
}

static const engine_credential table[] = {
    { "alice", PREALM, "alice-pw", NULL },
    { "carol", PREALM, "carol-pw", NULL },
};

static void fx_init_table(fx *f, size_t n) /* the first n rows of table */
{
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.credentials = table;
    cfg.n_credentials = n;
    fx_init(f, &cfg);
}

/* INVITE, 407 n1, ACK, then the retry built from cred, answered by final_status
 * (407 n2 when 407). */
static void feed_retry(fx *f, const char *cred, uint32_t final_status)
{
    FEED(f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(f, .frame = 2, .ms = 1, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(f, .frame = 3, .ms = 2, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(f, .frame = 4, .ms = 3, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { cred });
    if (final_status == 407) {
        FEED(f, .frame = 5, .ms = 4, .status = 407, .cseq = 2, .branch = "b2", .to_tag = "t2", .auth = { PCHAL("n2") });
    } else if (final_status) { /* 0: the caller feeds the answer */
        FEED(f, .frame = 5, .ms = 4, .status = final_status, .cseq = 2, .branch = "b2", .to_tag = "t2");
    }
}

/* A 403 to credentials is a refusal; with a table that verifies them, the
 * text says the server refused correct credentials.  A 404 after
 * credentials, or a 403 to a request without any, is no refusal of them. */
static void test_credentials_refused(void)
{
    char *right = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "alice-pw", "n1", "INVITE",
                                "sip:bob@example.com", "sip:bob@example.com");
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    feed_retry(&f, right, 0);
    FEED(&f, .frame = 5, .ms = 4, .status = 403, .cseq = 2, .branch = "b2", .to_tag = "t2", .reason = "Forbidden");
    assert_findings(&f, 5, "credentials_refused");
    finding_hit h = hit_of(&f, 5, FINDING_CREDENTIALS_REFUSED);
    g_assert_cmpuint(h.frame, ==, 4);
    g_assert_cmpuint(h.u.credentials_refused.status, ==, 403);
    g_assert_cmpuint(h.u.credentials_refused.verified, ==, 1);
    GString *text = g_string_new(NULL);
    finding_describe(&h, 5, text);
    g_assert_cmpstr(text->str, ==, "403 \"Forbidden\" refuses the credentials of frame 4 (user alice, realm " PREALM
                                   "): their response is right for the table's password, so the server refused correct credentials");
    g_string_free(text, TRUE);
    fx_clear(&f);
    /* without the table, and a 404: the call's own fate */
    fx_init_default(&f);
    feed_retry(&f, right, 404);
    assert_findings(&f, 5, "");
    assert_outcome_all(&f, 1, 5, OUTCOME_FAILED);  /* the credentials were taken, then 404 */
    g_assert_cmpuint(res(&f, 2)->outcome_status, ==, 404);
    g_assert_cmpstr(flow_outcome_name(OUTCOME_FAILED), ==, "failed after auth");
    fx_clear(&f);
    /* a 403 to the first request, which had no credentials */
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 1, .status = 403, .cseq = 1, .branch = "b1", .to_tag = "t1");
    assert_findings(&f, 2, "");
    fx_clear(&f);
    g_free(right);
}

static void test_verified_then_loop(void)
{
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    char *cred = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "alice-pw", "n1", "INVITE",
                               "sip:bob@example.com", "sip:bob@example.com");
    feed_retry(&f, cred, 407);
    assert_findings(&f, 4, "credentials_verified");
    g_assert_cmpuint(hit_of(&f, 4, FINDING_CREDENTIALS_VERIFIED).frame, ==, 2);
    assert_findings(&f, 5, "challenge_loop repeated_challenge");
    g_assert_cmpuint(hit_of(&f, 5, FINDING_CHALLENGE_LOOP).frame, ==, 4);
    g_free(cred);
    fx_clear(&f);
}

static void test_accepted_needs_no_loop(void)
{
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    char *cred = signed_header("Proxy-Authorization", "SHA-256", "alice", PREALM, PREALM, "alice-pw", "n1", "INVITE",
                               "sip:bob@example.com", "sip:bob@example.com");
    feed_retry(&f, cred, 200);
    /* the challenge offered MD5: the algorithm note, but the response is right */
    assert_findings(&f, 4, "algorithm_mismatch credentials_verified");
    assert_findings(&f, 5, "");
    g_free(cred);
    fx_clear(&f);
}

/* The cause a bad_password or unverifiable hit names, as shown: the text
 * after "likely cause: " or "not checked: " (valid until the next call). */
static const char *cause_text(const finding_hit *h)
{
    static GString *text;
    if (!text)
        text = g_string_new(NULL);
    g_string_truncate(text, 0);
    finding_describe(h, 0, text);
    const char *marks[] = { "likely cause: ", "not checked: " };
    for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
        const char *at = strstr(text->str, marks[i]);
        if (at)
            return at + strlen(marks[i]);
    }
    return text->str;
}

/* bad_password names the likely cause, tried in turn. */
static void check_cause(const char *cred, wrong_cause cause, const char *cause_start)
{
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    feed_retry(&f, cred, 407);
    finding_hit h = hit_of(&f, 4, FINDING_BAD_PASSWORD);
    g_test_message("cause: %s", cause_text(&h));
    g_assert_cmpint(h.u.bad_password.cause, ==, cause);
    g_assert_true(g_str_has_prefix(cause_text(&h), cause_start));
    g_assert_cmpstr(h.u.bad_password.username, ==, "alice");
    g_assert_null(strstr(cause_text(&h), "alice-pw"));
    assert_findings(&f, 5, "repeated_challenge"); /* not a loop: the credentials were wrong */
    fx_clear(&f);
}

static void test_bad_password_causes(void)
{
    char *wrong_pw = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "guess", "n1", "INVITE",
                                   "sip:bob@example.com", "sip:bob@example.com");
    check_cause(wrong_pw, WRONG_PASSWORD, "the password (the digest is wrong");
    /* hashed over the realm string it sent, which differs in case */
    char *upper = g_ascii_strup(PREALM, -1);
    char *realm_case = signed_header("Proxy-Authorization", "MD5", "alice", upper, upper, "alice-pw", "n1", "INVITE",
                                     "sip:bob@example.com", "sip:bob@example.com");
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    feed_retry(&f, realm_case, 407);
    finding_hit wrong = hit_of(&f, 4, FINDING_BAD_PASSWORD);
    g_assert_cmpint(wrong.u.bad_password.cause, ==, WRONG_REALM);
    g_assert_cmpstr(cause_text(&wrong), ==, "the realm: the digest was computed over \"" "PROXY.EXAMPLE.COM" "\", the server uses \"" PREALM "\"");
    g_assert_cmpuint(hit_of(&f, 4, FINDING_REALM_MISMATCH).u.realm_mismatch.case_only, ==, 1);
    fx_clear(&f);
    /* hashed over the Request-URI but another uri sent */
    char *uri = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "alice-pw", "n1", "INVITE",
                              "sip:example.com", "sip:bob@example.com");
    check_cause(uri, WRONG_URI, "the uri: the digest was computed over the Request-URI, not over uri=\"sip:example.com\"");
    /* carol's digest under alice's name */
    char *user = signed_header("Proxy-Authorization", "MD5", "carol", PREALM, PREALM, "carol-pw", "n1", "INVITE",
                               "sip:bob@example.com", "sip:bob@example.com");
    char *renamed = g_strdup(user);
    char *at = strstr(renamed, "username=\"carol\"");
    memcpy(at, "username=\"alice\"", strlen("username=\"alice\""));
    check_cause(renamed, WRONG_USERNAME, "the username: the digest is right for user \"carol\", not \"alice\"");
    g_free(wrong_pw);
    g_free(upper);
    g_free(realm_case);
    g_free(uri);
    g_free(user);
    g_free(renamed);
}

static void test_unverifiable_reasons(void)
{
    counted_unverifiable = true;
    fx f;
    /* empty table */
    fx_init_default(&f);
    char *cred = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "alice-pw", "n1", "INVITE",
                               "sip:bob@example.com", "sip:bob@example.com");
    feed_retry(&f, cred, 200);
    assert_findings(&f, 4, "unverifiable");
    finding_hit h = hit_of(&f, 4, FINDING_UNVERIFIABLE);
    g_assert_cmpint(h.u.unverifiable.cause, ==, UNCHECKED_NO_SECRET);
    g_assert_cmpstr(cause_text(&h), ==, "no password or HA1 for user \"alice\" realm \"" PREALM "\" in the sipauth_credentials table");
    fx_clear(&f);
    /* AKA */
    fx_init_table(&f, G_N_ELEMENTS(table));
    feed_retry(&f, "Proxy-Authorization: Digest username=\"alice\", realm=\"" PREALM "\", nonce=\"n1\", "
                   "uri=\"sip:bob@example.com\", response=\"" RESP32 "\", algorithm=AKAv1-MD5", 200);
    h = hit_of(&f, 4, FINDING_UNVERIFIABLE);
    g_assert_cmpint(h.u.unverifiable.cause, ==, UNCHECKED_ALGORITHM);
    g_assert_cmpstr(cause_text(&h), ==, "algorithm AKAv1-MD5 cannot be checked");
    fx_clear(&f);
    /* auth-int without the body */
    fx_init_table(&f, G_N_ELEMENTS(table));
    feed_retry(&f, "Proxy-Authorization: Digest username=\"alice\", realm=\"" PREALM "\", nonce=\"n1\", "
                   "uri=\"sip:bob@example.com\", response=\"" RESP32 "\", qop=auth-int, nc=00000001, cnonce=\"x\"", 200);
    h = hit_of(&f, 4, FINDING_UNVERIFIABLE);
    g_assert_cmpint(h.u.unverifiable.cause, ==, UNCHECKED_NO_BODY);
    g_assert_cmpstr(cause_text(&h), ==, "qop=auth-int but the message body is not in the capture");
    fx_clear(&f);
    g_free(cred);
    counted_unverifiable = false;
}

static void test_verified_with_ha1(void)
{
    /* HA1 = MD5("dave:example.com:dave-pw"), computed by GLib independently of digest.c */
    char *ha1 = g_compute_checksum_for_string(G_CHECKSUM_MD5, "dave:" WREALM ":dave-pw", -1);
    engine_credential with_ha1[] = { { "dave", WREALM, NULL, ha1 } };
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.credentials = with_ha1;
    cfg.n_credentials = 1;
    fx f;
    fx_init(&f, &cfg);
    memset(ha1, 'x', strlen(ha1)); /* the engine keeps its own copy */
    char *cred = signed_header("Authorization", "MD5", "dave", WREALM, WREALM, "dave-pw", "n1", "REGISTER",
                               "sip:example.com", "sip:example.com");
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 1, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 2, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { cred });
    assert_findings(&f, 3, "credentials_verified");
    g_assert_cmpuint(hit_of(&f, 3, FINDING_CREDENTIALS_VERIFIED).u.credentials_verified.with_ha1, ==, 1); /* by HA1 */
    fx_clear(&f);
    g_free(cred);
    g_free(ha1);
}

/* The table spells the challenged realm in another letter case: the
 * client, which answered with the challenged realm and the right password,
 * is not blamed; the text says the table is wrong.  With a wrong password
 * the cause is the password, never "the server uses" the table's spelling. */
static void check_table_realm_case(const char *password, bool right)
{
    engine_credential upper_realm[] = { { "dave", "Example.COM", "dave-pw", NULL } };
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.credentials = upper_realm;
    cfg.n_credentials = 1;
    fx f;
    fx_init(&f, &cfg);
    char *cred = signed_header("Authorization", "MD5", "dave", WREALM, WREALM, password, "n1", "REGISTER",
                               "sip:example.com", "sip:example.com");
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 1, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "t",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 2, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { cred });
    GString *text = g_string_new(NULL);
    if (right) {
        assert_findings(&f, 3, "credentials_verified");
        finding_hit h = hit_of(&f, 3, FINDING_CREDENTIALS_VERIFIED);
        g_assert_cmpstr(h.u.credentials_verified.realm, ==, WREALM); /* the challenged realm, the server's */
        g_assert_cmpuint(h.u.credentials_verified.table_case, ==, 1);
        finding_describe(&h, 3, text);
        g_assert_nonnull(strstr(text->str, "correct the table"));
    } else {
        assert_findings(&f, 3, "bad_password");
        finding_hit h = hit_of(&f, 3, FINDING_BAD_PASSWORD);
        g_assert_cmpint(h.u.bad_password.cause, ==, WRONG_PASSWORD);
        g_assert_null(strstr(cause_text(&h), "Example.COM"));
    }
    g_string_free(text, TRUE);
    fx_clear(&f);
    g_free(cred);
}

static void test_table_realm_case(void)
{
    check_table_realm_case("dave-pw", true);
    check_table_realm_case("guess", false);
}

/* RFC 8760: SHA-256 offered above MD5; alice answered SHA-256 in call A,
 * then MD5 in call B: a downgrade. */
static void test_algorithm_downgrade(void)
{
    fx f;
    fx_init_table(&f, G_N_ELEMENTS(table));
    const char *offers = "Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"%s\", algorithm=SHA-256, qop=\"auth\", "
                         "Digest realm=\"" PREALM "\", nonce=\"%s\", algorithm=MD5, qop=\"auth\"";
    char *offer_a = g_strdup_printf(offers, "na", "na");
    char *offer_b = g_strdup_printf(offers, "nb", "nb");
    char *cred_a = signed_header("Proxy-Authorization", "SHA-256", "alice", PREALM, PREALM, "alice-pw", "na", "INVITE",
                                 "sip:bob@example.com", "sip:bob@example.com");
    char *cred_b = signed_header("Proxy-Authorization", "MD5", "alice", PREALM, PREALM, "alice-pw", "nb", "INVITE",
                                 "sip:bob@example.com", "sip:bob@example.com");
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "a1", .call_id = "A");
    FEED(&f, .frame = 2, .ms = 1, .status = 407, .cseq = 1, .branch = "a1", .call_id = "A", .to_tag = "t", .auth = { offer_a });
    FEED(&f, .frame = 3, .ms = 2, .method = "INVITE", .cseq = 2, .branch = "a2", .call_id = "A", .auth = { cred_a });
    FEED(&f, .frame = 4, .ms = 3, .method = "INVITE", .cseq = 1, .branch = "b1", .call_id = "B");
    FEED(&f, .frame = 5, .ms = 4, .status = 407, .cseq = 1, .branch = "b1", .call_id = "B", .to_tag = "t", .auth = { offer_b });
    FEED(&f, .frame = 6, .ms = 5, .method = "INVITE", .cseq = 2, .branch = "b2", .call_id = "B", .auth = { cred_b });
    assert_findings(&f, 3, "credentials_verified");
    assert_findings(&f, 6, "algorithm_downgrade credentials_verified");
    finding_hit h = hit_of(&f, 6, FINDING_ALGORITHM_DOWNGRADE);
    g_assert_cmpuint(h.frame, ==, 3);
    g_assert_cmpstr(h.u.algorithm_downgrade.used, ==, "MD5");
    g_assert_cmpstr(h.u.algorithm_downgrade.offered, ==, "SHA-256");
    fx_clear(&f);
    g_free(offer_a);
    g_free(offer_b);
    g_free(cred_a);
    g_free(cred_b);
}


/* ------------------------------------------------------------------ */
/* Credentials outside the retry, nonce reuse (issue 17 item 7)        */

static char *describe(fx *f, uint32_t frame, finding_id id)
{
    finding_hit h = hit_of(f, frame, id);
    GString *text = g_string_new(NULL);
    finding_describe(&h, frame, text);
    return g_string_free(text, FALSE);
}

/* RFC 3261 §13.2.2.4: the ACK of the 2xx carries the INVITE's credentials
 * (same nonce and nc: no replay); a BYE reusing the nonce with the next nc
 * links to the challenge too; a re-INVITE repeating the BYE's nc is a
 * replay. */
static void test_credentials_in_dialog(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 5, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 6, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 10, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 5, .ms = 20, .status = 200, .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 6, .ms = 21, .method = "ACK", .cseq = 2, .branch = "b3", .to_tag = "t2",
         .auth = { PCRED("n1", "00000001") });
    FEED(&f, .frame = 7, .ms = 900, .method = "BYE", .cseq = 3, .branch = "b4", .to_tag = "t2",
         .auth = { PCRED("n1", "00000002") });
    FEED(&f, .frame = 8, .ms = 905, .status = 200, .cm = "BYE", .cseq = 3, .branch = "b4", .to_tag = "t2");
    FEED(&f, .frame = 9, .ms = 950, .method = "INVITE", .cseq = 4, .branch = "b5", .to_tag = "t2",
         .auth = { PCRED("n1", "00000002") });
    engine_finish(f.e);
    const msg_result *ack = res(&f, 6);
    g_assert_cmpuint(ack->flow, ==, 1);          /* the INVITE's flow */
    g_assert_cmpint(ack->role, ==, ROLE_REQUEST);
    g_assert_cmpstr(ack->method, ==, "ACK");
    g_assert_cmpuint(ack->challenge_frame, ==, 2);
    g_assert_cmpuint(ack->attempt, ==, 0);
    assert_findings(&f, 6, "");
    const msg_result *bye = res(&f, 7);
    g_assert_cmpuint(bye->flow, ==, 2);          /* a flow of its own */
    g_assert_cmpuint(bye->challenge_frame, ==, 2);
    assert_findings(&f, 7, "");
    assert_findings(&f, 9, "nonce_replay");
    g_assert_cmpuint(hit_of(&f, 9, FINDING_NONCE_REPLAY).frame, ==, 7);
    fx_clear(&f);
}

/* kamailio hands out the same nonce for a second: the re-challenge after
 * a wrong password repeats it, and the client rightly starts at nc=1. */
static void test_nonce_reissued(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 2, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "r1",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 100, .method = "REGISTER", .cseq = 2, .branch = "b2", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 102, .status = 401, .cm = "REGISTER", .cseq = 2, .branch = "b2", .to_tag = "r2",
         .auth = { WCHAL("n1") });
    FEED(&f, .frame = 5, .ms = 200, .method = "REGISTER", .cseq = 3, .branch = "b3", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 6, .ms = 202, .status = 200, .cm = "REGISTER", .cseq = 3, .branch = "b3", .to_tag = "r3");
    engine_finish(f.e);
    assert_findings(&f, 4, "nonce_reissued repeated_challenge");
    char *text = describe(&f, 4, FINDING_NONCE_REISSUED);
    g_assert_cmpstr(text, ==, "Nonce issued before in frame 2 and already used by the request in frame 3");
    g_free(text);
    assert_findings(&f, 5, "");  /* nc=00000001 again after the new challenge: no replay */
    g_assert_cmpuint(res(&f, 5)->challenge_frame, ==, 4);
    fx_clear(&f);
}

/* A retry with Proxy-Authorization for the proxy's 407 and Authorization
 * for the registrar's 401 links to both: each realm to its challenge. */
static void test_two_challenges_linked(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "INVITE", .cseq = 1, .branch = "b1");
    FEED(&f, .frame = 2, .ms = 5, .status = 407, .cseq = 1, .branch = "b1", .to_tag = "t1", .auth = { PCHAL("np") });
    FEED(&f, .frame = 3, .ms = 6, .method = "ACK", .cseq = 1, .branch = "b1", .to_tag = "t1");
    FEED(&f, .frame = 4, .ms = 10, .method = "INVITE", .cseq = 2, .branch = "b2", .auth = { PCRED("np", "00000001") });
    FEED(&f, .frame = 5, .ms = 15, .status = 401, .cseq = 2, .branch = "b2", .to_tag = "t2", .auth = { WCHAL("nw") });
    FEED(&f, .frame = 6, .ms = 16, .method = "ACK", .cseq = 2, .branch = "b2", .to_tag = "t2");
    FEED(&f, .frame = 7, .ms = 20, .method = "INVITE", .cseq = 3, .branch = "b3",
         .auth = { PCRED("np", "00000002"), WCRED_INV("nw", "00000001") });
    const msg_result *r = res(&f, 7);
    g_assert_cmpint(r->role, ==, ROLE_RETRY);
    g_assert_cmpuint(r->challenge_frame, ==, 5);  /* the latest */
    g_assert_cmpuint(r->n_realms, ==, 2);
    g_assert_cmpstr(r->realms[0], ==, PREALM);
    g_assert_cmpuint(r->realm_challenges[0], ==, 2);
    g_assert_cmpstr(r->realms[1], ==, WREALM);
    g_assert_cmpuint(r->realm_challenges[1], ==, 5);
    fx_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Password guessing and enumeration (issue 19)                        */

#define GUESSER "192.0.2.66"

/* svcrack's pattern: one source, one wrong password after another, 0.1 s
 * apart, each re-challenged: the 5th rejection within 60 s is guessing,
 * once for the episode. */
static void test_guessing_rejected(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .cseq = 1, .branch = "b1", .source = GUESSER,
         .user_agent = "friendly-scanner", .to_user = "alice");
    FEED(&f, .frame = 2, .ms = 2, .status = 401, .cm = "REGISTER", .cseq = 1, .branch = "b1", .to_tag = "r0",
         .auth = { WCHAL("n1") });
    char branch[16], tag[16];
    for (uint32_t i = 0; i < 7; i++) {
        g_snprintf(branch, sizeof branch, "g%u", i);
        g_snprintf(tag, sizeof tag, "r%u", i + 1);
        FEED(&f, .frame = 3 + 2 * i, .ms = 100 * (i + 1), .method = "REGISTER", .cseq = 2 + i, .branch = branch,
             .source = GUESSER, .user_agent = "friendly-scanner", .to_user = "alice", .auth = { WCRED("n1", "00000001") });
        FEED(&f, .frame = 4 + 2 * i, .ms = 100 * (i + 1) + 2, .status = 401, .cm = "REGISTER", .cseq = 2 + i,
             .branch = branch, .to_tag = tag, .auth = { WCHAL("n1") });
    }
    /* rejections answer frames 4, 6, 8, 10, 12, ...: the 5th is 12 */
    for (uint32_t frame = 4; frame <= 16; frame += 2) {
        bool guessing = false;
        const msg_result *r = res(&f, frame);
        for (uint32_t i = 0; i < r->n_findings; i++) {
            guessing |= r->findings[i].id == FINDING_GUESSING;
        }
        g_assert_cmpint(guessing, ==, frame == 12);
    }
    char *text = describe(&f, 12, FINDING_GUESSING);
    g_assert_cmpstr(text, ==, "From " GUESSER " (User-Agent \"friendly-scanner\": a known scanner): 5 rejected "
                              "credentials for user alice within 0.400 s, the first answered in frame 4");
    g_free(text);
    fx_clear(&f);
}

/* A phone with a wrong password: two rejections, then it gives up and
 * tries again at its re-registration interval (an hour later): no guessing. */
static void test_guessing_not_a_phone(void)
{
    fx f;
    fx_init_default(&f);
    uint32_t frame = 1;
    for (int64_t round = 0; round < 4; round++) {
        const int64_t t = round * 3600 * 1000;
        char call[32];
        g_snprintf(call, sizeof call, "reg-%d@phone", (int)round);
        FEED(&f, .frame = frame++, .ms = t, .method = "REGISTER", .call_id = call, .cseq = 1, .branch = "p1",
             .source = "198.51.100.7", .user_agent = "Yealink SIP-T46S", .to_user = "alice");
        FEED(&f, .frame = frame++, .ms = t + 2, .status = 401, .cm = "REGISTER", .call_id = call, .cseq = 1, .branch = "p1",
             .to_tag = "a", .auth = { WCHAL("n1") });
        for (uint32_t k = 0; k < 2; k++) {
            const char *branch = k ? "p3" : "p2";
            FEED(&f, .frame = frame++, .ms = t + 50 + 50 * k, .method = "REGISTER", .call_id = call, .cseq = 2 + k,
                 .branch = branch, .source = "198.51.100.7", .user_agent = "Yealink SIP-T46S", .to_user = "alice",
                 .auth = { k ? WCRED("n1", "00000002") : WCRED("n1", "00000001") });
            FEED(&f, .frame = frame++, .ms = t + 52 + 50 * k, .status = 401, .cm = "REGISTER", .call_id = call,
                 .cseq = 2 + k, .branch = branch, .to_tag = k ? "c" : "b", .auth = { WCHAL("n1") });
        }
    }
    engine_finish(f.e);
    for (uint32_t id = 0; id < engine_message_count(f.e); id++) {
        const msg_result *r = engine_result(f.e, id);
        for (uint32_t i = 0; i < r->n_findings; i++) {
            g_assert_cmpint(r->findings[i].id, !=, FINDING_GUESSING);
        }
    }
    fx_clear(&f);
}

/* svwar's pattern: one REGISTER per extension, no credentials, 404 for
 * unknown users and 401 for known ones: the 5th distinct user's answer. */
static void test_guessing_enumeration(void)
{
    fx f;
    fx_init_default(&f);
    static const char *const users[] = { "100", "101", "101", "102", "103", "104" };
    for (uint32_t i = 0; i < G_N_ELEMENTS(users); i++) {
        char call[16];
        g_snprintf(call, sizeof call, "probe-%u", i);
        FEED(&f, .frame = 1 + 2 * i, .ms = 50 * i, .method = "REGISTER", .call_id = call, .cseq = 1, .branch = call,
             .source = GUESSER, .user_agent = "friendly-scanner", .to_user = users[i]);
        if (strcmp(users[i], "101") == 0) {
            FEED(&f, .frame = 2 + 2 * i, .ms = 50 * i + 1, .status = 401, .cm = "REGISTER", .call_id = call, .cseq = 1,
                 .branch = call, .to_tag = "x", .auth = { WCHAL("n9") });
        } else {
            FEED(&f, .frame = 2 + 2 * i, .ms = 50 * i + 1, .status = 404, .cm = "REGISTER", .call_id = call, .cseq = 1,
                 .branch = call, .to_tag = "x");
        }
    }
    /* distinct users 100, 101, 102, 103, 104: the 5th answered in frame 12
     * (the second probe of 101 counts once) */
    const msg_result *r = res(&f, 12);
    g_assert_cmpuint(r->flow, !=, 0); /* its flow shows now */
    char *text = describe(&f, 12, FINDING_GUESSING);
    g_assert_cmpstr(text, ==, "From " GUESSER " (User-Agent \"friendly-scanner\": a known scanner): 5 user names "
                              "probed without credentials: 100, 101, 102, 103, 104 within 0.250 s, the first answered "
                              "in frame 2");
    g_free(text);
    g_assert_cmpuint(res(&f, 10)->n_findings, ==, 0);
    fx_clear(&f);
}

/* The guide's cause 03 (real Asterisk without outbound_auth): the client's
 * REGISTER answers the registrar's 401, its INVITE's 407 is never retried. */
static void test_no_retry_names_the_other_challenge(void)
{
    fx f;
    fx_init_default(&f);
    FEED(&f, .frame = 1, .ms = 0, .method = "REGISTER", .call_id = "r@pbx", .cseq = 1, .branch = "b1",
         .source = "10.0.0.1", .user_agent = "Asterisk PBX 22");
    FEED(&f, .frame = 2, .ms = 2, .status = 401, .cm = "REGISTER", .call_id = "r@pbx", .cseq = 1, .branch = "b1",
         .to_tag = "r1", .auth = { WCHAL("n1") });
    FEED(&f, .frame = 3, .ms = 5, .method = "REGISTER", .call_id = "r@pbx", .cseq = 2, .branch = "b2",
         .source = "10.0.0.1", .user_agent = "Asterisk PBX 22", .auth = { WCRED("n1", "00000001") });
    FEED(&f, .frame = 4, .ms = 7, .status = 200, .cm = "REGISTER", .call_id = "r@pbx", .cseq = 2, .branch = "b2",
         .to_tag = "r2");
    FEED(&f, .frame = 5, .ms = 1000, .method = "INVITE", .call_id = "c@pbx", .cseq = 1, .branch = "b3",
         .source = "10.0.0.1", .user_agent = "Asterisk PBX 22");
    FEED(&f, .frame = 6, .ms = 1002, .status = 407, .call_id = "c@pbx", .cseq = 1, .branch = "b3", .to_tag = "t1",
         .auth = { PCHAL("n2") });
    FEED(&f, .frame = 7, .ms = 1003, .method = "ACK", .call_id = "c@pbx", .cseq = 1, .branch = "b3", .to_tag = "t1");
    /* another client without any credentials: the plain text */
    FEED(&f, .frame = 8, .ms = 2000, .method = "INVITE", .call_id = "d@phone", .cseq = 1, .branch = "b4",
         .source = "10.0.0.9", .user_agent = "Asterisk PBX 22");
    FEED(&f, .frame = 9, .ms = 2002, .status = 407, .call_id = "d@phone", .cseq = 1, .branch = "b4", .to_tag = "t2",
         .auth = { PCHAL("n3") });
    FEED(&f, .frame = 10, .ms = 2003, .method = "ACK", .call_id = "d@phone", .cseq = 1, .branch = "b4", .to_tag = "t2");
    engine_finish(f.e);
    char *text = describe(&f, 6, FINDING_NO_RETRY);
    g_assert_cmpstr(text, ==, "No request in the capture answered the 407 Proxy-Authenticate challenge for realm \""
                              PREALM "\"; this client answered the 401 of realm \"" WREALM "\" in frame 2 but not "
                              "this 407: it has no proxy credentials");
    g_free(text);
    text = describe(&f, 9, FINDING_NO_RETRY);
    g_assert_cmpstr(text, ==, "No request in the capture answered the 407 Proxy-Authenticate challenge for realm \""
                              PREALM "\"");
    g_free(text);
    fx_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#ifdef NONFATAL_DEBUG /* -DNONFATAL_DEBUG: see every failed assertion of a test, not just the first */
    g_test_set_nonfatal_assertions();
#endif

    g_test_add_func("/engine/clean_invite", test_clean_invite);
    g_test_add_func("/engine/clean_register", test_clean_register);
    g_test_add_func("/engine/flows_without_auth", test_flows_without_auth);
    g_test_add_func("/engine/frame_results", test_frame_results);
    g_test_add_func("/engine/links_by_kind", test_links_by_kind);
    g_test_add_func("/engine/retransmissions_vs_rechallenge", test_retransmissions_vs_rechallenge);
    g_test_add_func("/engine/wrong_password_rechallenged", test_wrong_password_rechallenged);
    g_test_add_func("/engine/no_retry_invite", test_no_retry_invite);
    g_test_add_func("/engine/no_retry_register", test_no_retry_register);
    g_test_add_func("/engine/ack_missing", test_ack_missing);
    g_test_add_func("/engine/ack_missing_by_evidence", test_ack_missing_by_evidence);
    g_test_add_func("/engine/auth_loop", test_auth_loop);
    g_test_add_func("/engine/ims_identity_hint", test_ims_identity_hint);
    g_test_add_func("/engine/stale_by_reason_phrase", test_stale_by_reason_phrase);
    g_test_add_func("/engine/ack_missing_evidence_alone", test_ack_missing_evidence_alone);
    g_test_add_func("/engine/ack_t1_from_config", test_ack_t1_from_config);
    g_test_add_func("/engine/ack_mismatch_cseq", test_ack_mismatch_cseq);
    g_test_add_func("/engine/ack_mismatch_branch", test_ack_mismatch_branch);
    g_test_add_func("/engine/stale_then_accepted", test_stale_then_accepted);
    g_test_add_func("/engine/stale_outcome", test_stale_outcome);
    g_test_add_func("/engine/realm_mismatch_other", test_realm_mismatch_other);
    g_test_add_func("/engine/realm_mismatch_case_only", test_realm_mismatch_case_only);
    g_test_add_func("/engine/wrong_header_authorization_for_407", test_wrong_header_authorization_for_407);
    g_test_add_func("/engine/wrong_header_proxy_authorization_for_401", test_wrong_header_proxy_authorization_for_401);
    g_test_add_func("/engine/wrong_header_in_challenge", test_wrong_header_in_challenge);
    g_test_add_func("/engine/cseq_not_incremented", test_cseq_not_incremented);
    g_test_add_func("/engine/nonce_replay", test_nonce_replay);
    g_test_add_func("/engine/nonce_replay_not_for_proxy_copy", test_nonce_replay_not_for_proxy_copy);
    g_test_add_func("/engine/nonce_shared_by_server_across_calls", test_nonce_shared_by_server_across_calls);
    g_test_add_func("/engine/nonce_shared_by_six_calls", test_nonce_shared_by_six_calls);
    g_test_add_func("/engine/relayed_rechallenge_counts_once", test_relayed_rechallenge_counts_once);
    g_test_add_func("/engine/credentials_before_challenge", test_credentials_before_challenge);
    g_test_add_func("/engine/two_realms_proxy_chain", test_two_realms_proxy_chain);
    g_test_add_func("/engine/relay/both_legs", test_relay_both_legs);
    g_test_add_func("/engine/relay/no_retry_ack_missing", test_relay_no_retry_ack_missing);
    g_test_add_func("/engine/relay/cseq_not_incremented", test_relay_cseq_not_incremented);
    g_test_add_func("/engine/relay/not_relays", test_not_relays);
    g_test_add_func("/engine/forked_challenges", test_forked_challenges);
    g_test_add_func("/engine/several_messages_in_one_frame", test_several_messages_in_one_frame);
    g_test_add_func("/engine/missing_call_id_or_cseq", test_missing_call_id_or_cseq);
    g_test_add_func("/engine/ten_thousand_challenges", test_ten_thousand_challenges);
    g_test_add_func("/engine/notes", test_notes);
    g_test_add_func("/engine/syntax_oddity_in_challenge", test_syntax_oddity_in_challenge);
    g_test_add_func("/engine/rejected_then_new_flow", test_rejected_then_new_flow);
    g_test_add_func("/engine/unanswered_after_finish", test_unanswered_after_finish);
    g_test_add_func("/engine/reinvite_reuses_proxy_credentials", test_reinvite_reuses_proxy_credentials);
    g_test_add_func("/engine/bye_challenge_no_ack_rule", test_bye_challenge_no_ack_rule);
    g_test_add_func("/engine/two_algorithms_one_verdict_per_realm", test_two_algorithms_one_verdict_per_realm);
    g_test_add_func("/engine/odd_and_huge_headers", test_odd_and_huge_headers);
    g_test_add_func("/engine/wrong_header_challenge_answered_in_kind", test_wrong_header_challenge_answered_in_kind);
    g_test_add_func("/engine/stale_quoted", test_stale_quoted);
    g_test_add_func("/engine/finish_idempotent", test_finish_idempotent);
    g_test_add_func("/engine/free_null", test_free_null);

    g_test_add_func("/engine/out_of_order_then_accepted", test_out_of_order_then_accepted);
    /* Last: it fails on the engine of this writing (see its comment), and a
     * failed assertion ends the run, so everything else runs first. */
    g_test_add_func("/engine/verify/verified_then_loop", test_verified_then_loop);
    g_test_add_func("/engine/verify/accepted_needs_no_loop", test_accepted_needs_no_loop);
    g_test_add_func("/engine/verify/bad_password_causes", test_bad_password_causes);
    g_test_add_func("/engine/verify/unverifiable_reasons", test_unverifiable_reasons);
    g_test_add_func("/engine/verify/verified_with_ha1", test_verified_with_ha1);
    g_test_add_func("/engine/verify/table_realm_case", test_table_realm_case);
    g_test_add_func("/engine/verify/credentials_refused", test_credentials_refused);
    g_test_add_func("/engine/verify/algorithm_downgrade", test_algorithm_downgrade);
    g_test_add_func("/engine/out_of_order_challenge_first", test_out_of_order_challenge_first);
    g_test_add_func("/engine/links/credentials_in_dialog", test_credentials_in_dialog);
    g_test_add_func("/engine/links/nonce_reissued", test_nonce_reissued);
    g_test_add_func("/engine/links/two_challenges", test_two_challenges_linked);
    g_test_add_func("/engine/guessing/rejected", test_guessing_rejected);
    g_test_add_func("/engine/guessing/not_a_phone", test_guessing_not_a_phone);
    g_test_add_func("/engine/guessing/enumeration", test_guessing_enumeration);
    g_test_add_func("/engine/no_retry/names_the_other_challenge", test_no_retry_names_the_other_challenge);

    return g_test_run();
}
