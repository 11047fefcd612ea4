/* test_batch.c - core/batch.c: feeding messages through the batch queue
 * gives exactly the results of feeding them at once.
 *
 * The glue queues the first-pass messages nobody reads (batch.h) and parses
 * and feeds the others at once; a user must not see a difference.  A
 * synthetic capture of SIP message bytes (INVITE / 407 / ACK / retry / 200
 * and REGISTER / 401 / retry / 200 flows, with the variations that give
 * findings, two messages in one frame, a message that lies nowhere and one
 * larger than a batch's bytes) is fed to one engine message by message, as
 * ingest.c does for a frame whose results are read, and to another through
 * a batch, pushed frame by frame and flushed when full, as ingest.c does on
 * tshark's first pass with -2.  More than two batches' worth of messages
 * go through, so flows run across batch boundaries.  Every field of every
 * result, and every finding's text, must be the same, before and after
 * engine_finish().
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "batch.h"
#include "engine.h"
#include "sip_parse.h"

#define T0_SECS INT64_C(1700000000)
#define RESP32  "0123456789abcdef0123456789abcdef"
#define PREALM  "proxy.example.com"
#define WREALM  "example.com"

/* ------------------------------------------------------------------ */
/* A capture: messages in frame order                                  */

typedef struct {
    sip_message meta;   /* what the glue knows without parsing */
    char       *bytes;  /* NULL: the message lies nowhere (the glue's NULL span) */
    size_t      len;
} captured;

typedef struct {
    GArray  *msgs;      /* of captured */
    uint32_t frame;     /* the last frame added */
    int64_t  ms;        /* its time, milliseconds after T0 */
} capture;

static const char *const sources[] = { "10.0.0.1", "10.0.0.2", "192.0.2.66" };

/* Add one message to a new frame (index 0) or, with same_frame, to the
 * last one (as a TCP segment carrying two messages).  ms_later: the time
 * since the previous frame.  text NULL: a message that lies nowhere. */
static void add(capture *c, bool same_frame, int64_t ms_later, const char *source, char *text)
{
    captured m;
    memset(&m, 0, sizeof m);
    uint32_t index = 0;
    if (same_frame) {
        g_assert_cmpuint(c->msgs->len, >, 0);
        index = g_array_index(c->msgs, captured, c->msgs->len - 1).meta.index_in_frame + 1;
    } else {
        c->frame++;
        c->ms += ms_later;
    }
    m.meta.frame = c->frame;
    m.meta.index_in_frame = index;
    m.meta.time_secs = T0_SECS + c->ms / 1000;
    m.meta.time_nsecs = (int32_t)(c->ms % 1000) * 1000000;
    m.meta.source = source;
    m.bytes = text;
    m.len = text ? strlen(text) : 0;
    g_array_append_val(c->msgs, m);
}

/* The headers every message of call `call` shares. */
static char *headers(int call, const char *branch, const char *to_tag, uint32_t cseq, const char *cseq_method)
{
    return g_strdup_printf("Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-%d-%s\r\n"
                           "From: \"Alice\" <sip:alice@example.com>;tag=ft-%d\r\n"
                           "To: <sip:bob@example.com>%s%s\r\n"
                           "Call-ID: call-%d@ua\r\n"
                           "CSeq: %u %s\r\n",
                           call, branch, call, to_tag ? ";tag=" : "", to_tag ? to_tag : "", call, cseq,
                           cseq_method);
}

static char *request(int call, const char *method, const char *ruri, const char *branch, const char *to_tag,
                     uint32_t cseq, const char *cseq_method, const char *auth)
{
    char *h = headers(call, branch, to_tag, cseq, cseq_method);
    char *text = g_strdup_printf("%s %s SIP/2.0\r\n%s%s%s%sUser-Agent: test-phone/1.0\r\nContent-Length: 0\r\n\r\n",
                                 method, ruri, h, auth ? auth : "", auth ? "\r\n" : "", "Max-Forwards: 70\r\n");
    g_free(h);
    return text;
}

static char *response(int call, uint32_t status, const char *reason, const char *branch, const char *to_tag,
                      uint32_t cseq, const char *cseq_method, const char *auth)
{
    char *h = headers(call, branch, to_tag, cseq, cseq_method);
    char *text = g_strdup_printf("SIP/2.0 %u %s\r\n%s%s%sContent-Length: 0\r\n\r\n", status, reason, h,
                                 auth ? auth : "", auth ? "\r\n" : "");
    g_free(h);
    return text;
}

/* One INVITE flow: INVITE, 407 with Proxy-Authenticate, ACK, the retry
 * with Proxy-Authorization, 200; variant (0-5) picks what goes wrong. */
static void invite_flow(capture *c, int call, int variant)
{
    const char *src = sources[variant % 2];
    const bool tcp = variant == 5;
    char nonce[32], to_tag[32];
    g_snprintf(nonce, sizeof nonce, "nonce-i%d", call);
    g_snprintf(to_tag, sizeof to_tag, "tt-%d", call);
    char *chal = g_strdup_printf("Proxy-Authenticate: Digest realm=\"" PREALM "\", nonce=\"%s\", algorithm=MD5, "
                                 "qop=\"auth\"", nonce);
    const char *realm = variant == 2 ? "other.example.com" : PREALM; /* realm_mismatch */
    char *cred = g_strdup_printf("Proxy-Authorization: Digest username=\"alice\", realm=\"%s\", nonce=\"%s\", "
                                 "uri=\"sip:bob@example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
                                 "nc=00000001, cnonce=\"c0ffee\"", realm, nonce);
    const uint32_t retry_cseq = variant == 4 ? 1 : 2; /* cseq_not_incremented */

    add(c, false, 40, src, request(call, "INVITE", "sip:bob@example.com", "1", NULL, 1, "INVITE", NULL));
    add(c, false, 20, "10.0.0.9",
        response(call, 407, "Proxy Authentication Required", "1", to_tag, 1, "INVITE", chal));
    if (variant == 4) { /* the challenge again after T1: a retransmission */
        add(c, false, 600, "10.0.0.9",
            response(call, 407, "Proxy Authentication Required", "1", to_tag, 1, "INVITE", chal));
    }
    if (variant == 3) { /* never answered: no_retry */
        g_free(chal);
        g_free(cred);
        return;
    }
    if (variant != 1) { /* variant 1: no ACK */
        add(c, false, 5, src, request(call, "ACK", "sip:bob@example.com", "1", to_tag, 1, "ACK", NULL));
    }
    /* Over TCP the retry shares the ACK's segment. */
    add(c, tcp, 5, src, request(call, "INVITE", "sip:bob@example.com", "2", NULL, retry_cseq, "INVITE", cred));
    add(c, false, 30, "10.0.0.9", response(call, 200, "OK", "2", to_tag, retry_cseq, "INVITE", NULL));
    g_free(chal);
    g_free(cred);
}

/* One REGISTER flow: REGISTER, 401 with WWW-Authenticate, the retry with
 * Authorization, 200; or, rejected, challenged again, all from one source
 * (enough of those make guessing). */
static void register_flow(capture *c, int call, bool rejected)
{
    const char *src = rejected ? sources[2] : sources[call % 2];
    char nonce[32], to_tag[32];
    g_snprintf(nonce, sizeof nonce, "nonce-r%d", call);
    g_snprintf(to_tag, sizeof to_tag, "rt-%d", call);
    char *chal = g_strdup_printf("WWW-Authenticate: Digest realm=\"" WREALM "\", nonce=\"%s\", algorithm=MD5, "
                                 "qop=\"auth\"", nonce);
    char *cred = g_strdup_printf("Authorization: Digest username=\"alice\", realm=\"" WREALM "\", nonce=\"%s\", "
                                 "uri=\"sip:example.com\", response=\"" RESP32 "\", algorithm=MD5, qop=auth, "
                                 "nc=00000001, cnonce=\"c0ffee\"", nonce);
    add(c, false, 40, src, request(call, "REGISTER", "sip:example.com", "r1", NULL, 1, "REGISTER", NULL));
    add(c, false, 20, "10.0.0.9", response(call, 401, "Unauthorized", "r1", to_tag, 1, "REGISTER", chal));
    add(c, false, 5, src, request(call, "REGISTER", "sip:example.com", "r2", NULL, 2, "REGISTER", cred));
    if (rejected) { /* challenged again (repeated_challenge), then given up */
        add(c, false, 20, "10.0.0.9", response(call, 401, "Unauthorized", "r2", to_tag, 2, "REGISTER", chal));
    } else {
        add(c, false, 20, "10.0.0.9", response(call, 200, "OK", "r2", to_tag, 2, "REGISTER", NULL));
    }
    g_free(chal);
    g_free(cred);
}

/* A MESSAGE with a body larger than a batch's bytes (1 MiB). */
static char *huge_message(int call)
{
    const size_t body_len = (1u << 20) + 4096;
    char *h = headers(call, "m1", NULL, 1, "MESSAGE");
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "MESSAGE sip:bob@example.com SIP/2.0\r\n%sContent-Type: text/plain\r\n"
                              "Content-Length: %zu\r\n\r\n", h, body_len);
    for (size_t i = 0; i < body_len; i++) {
        g_string_append_c(s, (char)('a' + i % 26));
    }
    g_free(h);
    return g_string_free(s, FALSE);
}

static capture *capture_new(int calls)
{
    capture *c = g_new0(capture, 1);
    c->msgs = g_array_new(FALSE, TRUE, sizeof(captured));
    for (int call = 0; call < calls; call++) {
        invite_flow(c, 2 * call, call % 6);
        register_flow(c, 2 * call + 1, call % 4 == 0);
        if (calls > 2 && call == calls / 3) {
            add(c, false, 1, sources[0], NULL); /* a SIP item the glue could not place */
        }
        if (calls > 2 && call == calls / 2) {
            add(c, false, 1, sources[0], huge_message(2 * call));
        }
    }
    return c;
}

static void capture_free(capture *c)
{
    for (guint i = 0; i < c->msgs->len; i++) {
        g_free(g_array_index(c->msgs, captured, i).bytes);
    }
    g_array_free(c->msgs, TRUE);
    g_free(c);
}

/* ------------------------------------------------------------------ */
/* The two ways in                                                     */

static engine *new_engine(void)
{
    static const engine_credential alice = { "alice", PREALM, "secret", NULL }; /* bad_password */
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.credentials = &alice;
    cfg.n_credentials = 1;
    return engine_new(&cfg);
}

/* Parse and feed one message at once, as ingest.c does for a frame whose
 * results are read: a message that lies nowhere is fed unparsed. */
static void feed_now(engine *e, const captured *m, sip_parse_storage *storage)
{
    sip_message msg = m->meta;
    if (m->bytes) {
        sip_parse_message_again((const uint8_t *)m->bytes, m->len, &msg, storage);
    }
    engine_feed(e, &msg);
}

static engine *fed_at_once(const capture *c)
{
    engine *e = new_engine();
    sip_parse_storage storage;
    memset(&storage, 0, sizeof storage);
    for (guint i = 0; i < c->msgs->len; i++) {
        feed_now(e, &g_array_index(c->msgs, captured, i), &storage);
    }
    sip_parse_storage_clear(&storage, NULL);
    return e;
}

/* Through a batch, pushed a frame at a time and flushed when full, as
 * ingest.c does on a first pass nobody reads.  read_every: every so many
 * frames (0: never) one is read, so the queue is flushed and that frame
 * fed at once, as when a frame's results are wanted mid-read.  The queue
 * is flushed at the end, as at the end of the read.  *flushes_when_full
 * counts the flushes a full batch made. */
static engine *fed_through_batch(const capture *c, uint32_t read_every, unsigned *flushes_when_full)
{
    engine *e = new_engine();
    batch *b = batch_new();
    sip_parse_storage storage;
    memset(&storage, 0, sizeof storage);
    *flushes_when_full = 0;
    for (guint i = 0; i < c->msgs->len;) {
        const uint32_t frame = g_array_index(c->msgs, captured, i).meta.frame;
        const bool read_now = read_every && frame % read_every == 0;
        if (read_now) {
            batch_flush(b, e);
        }
        for (; i < c->msgs->len && g_array_index(c->msgs, captured, i).meta.frame == frame; i++) {
            const captured *m = &g_array_index(c->msgs, captured, i);
            if (read_now) {
                feed_now(e, m, &storage);
            } else {
                batch_push(b, &m->meta, (const uint8_t *)m->bytes, m->len);
            }
        }
        if (!read_now && batch_full(b)) {
            batch_flush(b, e);
            (*flushes_when_full)++;
        }
    }
    batch_flush(b, e);
    batch_free(b);
    sip_parse_storage_clear(&storage, NULL);
    return e;
}

/* ------------------------------------------------------------------ */
/* Comparison                                                          */

/* Each difference fails with the result, the field and both values. */
static void same_number(uint32_t id, const char *field, int64_t now, int64_t batched)
{
    if (now != batched) {
        char *a = g_strdup_printf("result %u: %s = %" PRId64, id, field, now);
        char *b = g_strdup_printf("result %u: %s = %" PRId64, id, field, batched);
        g_assert_cmpstr(a, ==, b);
    }
}

static void same_string(uint32_t id, const char *field, const char *now, const char *batched)
{
    if (g_strcmp0(now, batched) != 0) {
        char *a = g_strdup_printf("result %u: %s = %s%s%s", id, field, now ? "\"" : "", now ? now : "NULL",
                                  now ? "\"" : "");
        char *b = g_strdup_printf("result %u: %s = %s%s%s", id, field, batched ? "\"" : "",
                                  batched ? batched : "NULL", batched ? "\"" : "");
        g_assert_cmpstr(a, ==, b);
    }
}

#define SAME_NUMBER(field) same_number(id, #field, (int64_t)a->field, (int64_t)b->field)
#define SAME_STRING(field) same_string(id, #field, a->field, b->field)

static void same_result(uint32_t id, const msg_result *a, const msg_result *b)
{
    SAME_NUMBER(frame);
    SAME_NUMBER(index_in_frame);
    SAME_NUMBER(flow);
    SAME_STRING(call_id);
    SAME_NUMBER(role);
    SAME_STRING(method);
    SAME_NUMBER(status);
    SAME_NUMBER(attempt);
    SAME_NUMBER(request_frame);
    SAME_NUMBER(challenge_frame);
    SAME_NUMBER(retry_frame);
    SAME_NUMBER(ack_frame);
    SAME_NUMBER(answer_frame);
    SAME_NUMBER(copy_of);
    SAME_NUMBER(relay_of);
    SAME_NUMBER(has_retry_delay);
    SAME_NUMBER(retry_delay_ns);
    SAME_NUMBER(kind);
    SAME_STRING(realm);
    SAME_NUMBER(n_realms);
    for (uint32_t r = 0; r < a->n_realms && r < RESULT_MAX_REALMS; r++) {
        SAME_NUMBER(kinds[r]);
        SAME_STRING(realms[r]);
        SAME_NUMBER(realm_challenges[r]);
    }
    SAME_STRING(username);
    SAME_STRING(source);
    SAME_NUMBER(outcome);
    SAME_NUMBER(outcome_status);
    SAME_NUMBER(whole_capture);
    SAME_NUMBER(n_findings);
    GString *text_a = g_string_new(NULL), *text_b = g_string_new(NULL);
    for (uint32_t f = 0; f < a->n_findings; f++) {
        SAME_NUMBER(findings[f].id);
        SAME_NUMBER(findings[f].frame);
        /* the finding's own facts: the frames it names, and its text,
         * which is made of all the others */
        uint32_t frames_a[2], frames_b[2];
        finding_frames(&a->findings[f], frames_a);
        finding_frames(&b->findings[f], frames_b);
        same_number(id, "finding_frames[1]", frames_a[1], frames_b[1]);
        g_string_truncate(text_a, 0);
        g_string_truncate(text_b, 0);
        finding_describe(&a->findings[f], a->frame, text_a);
        finding_describe(&b->findings[f], b->frame, text_b);
        same_string(id, "finding_describe", text_a->str, text_b->str);
    }
    g_string_free(text_a, TRUE);
    g_string_free(text_b, TRUE);
}

/* What the comparison covered, so that it cannot pass by seeing nothing. */
typedef struct {
    uint32_t in_flows;
    uint32_t findings;
    uint64_t finding_ids; /* 1 << id of every finding seen */
} coverage;

static coverage same_results(engine *now, engine *batched, const capture *c)
{
    coverage seen = { 0, 0, 0 };
    g_assert_cmpuint(engine_message_count(now), ==, c->msgs->len);
    g_assert_cmpuint(engine_message_count(batched), ==, engine_message_count(now));
    g_assert_cmpuint(engine_flow_count(batched), ==, engine_flow_count(now));
    g_assert_cmphex(engine_findings_shown(batched), ==, engine_findings_shown(now));
    for (uint32_t id = 0; id < engine_message_count(now); id++) {
        const msg_result *a = engine_result(now, id);
        const msg_result *b = engine_result(batched, id);
        same_result(id, a, b);
        seen.in_flows += a->flow != 0;
        seen.findings += a->n_findings;
        for (uint32_t f = 0; f < a->n_findings; f++) {
            seen.finding_ids |= UINT64_C(1) << a->findings[f].id;
        }
    }
    const uint32_t last_frame = g_array_index(c->msgs, captured, c->msgs->len - 1).meta.frame;
    for (uint32_t frame = 1; frame <= last_frame; frame++) {
        uint32_t first_now = 0, first_batched = 0;
        uint32_t n_now = engine_frame_results(now, frame, &first_now);
        uint32_t n_batched = engine_frame_results(batched, frame, &first_batched);
        g_assert_cmpuint(n_batched, ==, n_now);
        g_assert_cmpuint(first_batched, ==, first_now);
    }
    return seen;
}

static void check_batched_equals_immediate(uint32_t read_every)
{
    capture *c = capture_new(75);
    /* More than two batches' worth of messages, and the huge one. */
    g_assert_cmpuint(c->msgs->len, >, 600);

    engine *now = fed_at_once(c);
    unsigned flushes_when_full = 0;
    engine *batched = fed_through_batch(c, read_every, &flushes_when_full);
    /* Full by count (256 messages) more than twice, and by bytes (the huge
     * message); a frame read now and then flushes before the count. */
    g_assert_cmpuint(flushes_when_full, >=, read_every ? 1 : 3);

    /* Before the end of the read: what a frame read mid-capture shows. */
    same_results(now, batched, c);
    engine_finish(now);
    engine_finish(batched);
    coverage seen = same_results(now, batched, c);

    /* The capture is not trivial: most messages are in flows, and the
     * variations gave their findings. */
    g_assert_cmpuint(seen.in_flows, >, c->msgs->len / 2);
    g_assert_cmpuint(seen.findings, >, 100);
    const finding_id expected[] = {
        FINDING_REALM_MISMATCH, FINDING_ACK_MISSING,  FINDING_NO_RETRY,     FINDING_CSEQ_NOT_INCREMENTED,
        FINDING_REPEATED_CHALLENGE, FINDING_GUESSING, FINDING_BAD_PASSWORD, FINDING_UNVERIFIABLE,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        if (!(seen.finding_ids & (UINT64_C(1) << expected[i]))) {
            g_test_message("no %s in the capture", finding_defs[expected[i]].name);
        }
        g_assert_true(seen.finding_ids & (UINT64_C(1) << expected[i]));
    }

    engine_free(now);
    engine_free(batched);
    capture_free(c);
}

/* Every message queued: tshark's first pass with -2. */
static void test_all_queued(void)
{
    check_batched_equals_immediate(0);
}

/* Now and then a frame is read mid-capture (a frame shown while a file
 * loads): the queue is flushed before it, and it is fed at once. */
static void test_some_read_midway(void)
{
    check_batched_equals_immediate(37);
}

/* An empty batch flushes nothing, a freed one drops what it holds. */
static void test_empty_and_dropped(void)
{
    engine *e = new_engine();
    batch *b = batch_new();
    g_assert_false(batch_full(b));
    batch_flush(b, e);
    g_assert_cmpuint(engine_message_count(e), ==, 0);

    capture *c = capture_new(1);
    for (guint i = 0; i < c->msgs->len; i++) {
        const captured *m = &g_array_index(c->msgs, captured, i);
        batch_push(b, &m->meta, (const uint8_t *)m->bytes, m->len);
    }
    g_assert_false(batch_full(b));
    g_assert_cmpuint(engine_message_count(e), ==, 0);
    batch_free(b);
    batch_free(NULL);
    g_assert_cmpuint(engine_message_count(e), ==, 0);
    capture_free(c);
    engine_free(e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/batch/all_queued", test_all_queued);
    g_test_add_func("/batch/some_read_midway", test_some_read_midway);
    g_test_add_func("/batch/empty_and_dropped", test_empty_and_dropped);
    return g_test_run();
}
