/* engine.c - feeding messages to the engine, its memory, and the views the
 * glue reads.  The rules live in challenge.c, credentials.c, transaction.c
 * (ACKs) and flow.c. */
#include <string.h>

#include "engine_internal.h"

static guint interned_hash(gconstpointer s);

void
engine_config_default(engine_config *cfg)
{
    memset(cfg, 0, sizeof *cfg); /* no credentials unless the caller gives some */
    cfg->t1_ms = 500;
    cfg->note_uri = true;
    cfg->note_syntax = true;
    cfg->guess_attempts = 5;
    cfg->guess_window_ms = 60000;
}

const char *
msg_role_name(msg_role role)
{
    static const char *const names[ROLE_COUNT] = {
        [ROLE_NONE] = "none",           [ROLE_REQUEST] = "request", [ROLE_CHALLENGE] = "challenge",
        [ROLE_ACK] = "ack",             [ROLE_RETRY] = "retry",     [ROLE_PROVISIONAL] = "provisional",
        [ROLE_FINAL] = "final",         [ROLE_COPY] = "copy",       [ROLE_RELAY] = "relay",
    };
    return role < ROLE_COUNT ? names[role] : "?";
}

const char *
flow_outcome_name(flow_outcome outcome)
{
    static const char *const names[OUTCOME_COUNT] = {
        [OUTCOME_PENDING] = "pending",   [OUTCOME_ACCEPTED] = "accepted",
        [OUTCOME_FAILED] = "failed after auth", [OUTCOME_REFUSED] = "refused",
        [OUTCOME_REJECTED] = "rejected", [OUTCOME_RECHALLENGED] = "re-challenged",
        [OUTCOME_STALE] = "stale",       [OUTCOME_NO_RETRY] = "no retry",
        [OUTCOME_UNANSWERED] = "unanswered",
    };
    return outcome < OUTCOME_COUNT ? names[outcome] : "?";
}

const char *
auth_kind_name(auth_kind kind)
{
    switch (kind) {
    case AUTH_KIND_PROXY: return "proxy";
    case AUTH_KIND_WWW:   return "www";
    case AUTH_KIND_NONE:  break;
    }
    return "";
}

engine *
engine_new(const engine_config *cfg)
{
    engine *e = g_new0(engine, 1);
    if (cfg) {
        e->cfg = *cfg;
    } else {
        engine_config_default(&e->cfg);
    }
    if (e->cfg.t1_ms == 0) {
        e->cfg.t1_ms = 500;
    }
    /* one ring slot per counted attempt: a bound for a typo'd preference */
    e->cfg.guess_attempts = MIN(e->cfg.guess_attempts, 1000u);
    secrets_copy(e);
    e->algorithms_used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    e->strings = g_string_chunk_new(64 * 1024);
    e->interned = g_hash_table_new(interned_hash, g_str_equal);
    slab_init(&e->record_store, sizeof(record));
    slab_init(&e->detail_store, sizeof(record_detail));
    slab_init(&e->txn_store, sizeof(txn));
    slab_init(&e->flow_store, sizeof(flow));
    /* Sets (g_hash_table_add): a txn, flow or nonce_use is its own key. */
    e->txns = g_hash_table_new(txn_key_hash, txn_key_equal);
    e->open_flows = g_hash_table_new(flow_key_hash, flow_key_equal);
    e->nonces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, nonce_issuers_free);
    e->nonce_counts = g_hash_table_new(nonce_use_hash, nonce_use_equal);
    slab_init(&e->nonce_use_store, nonce_use_size());
    e->sources = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, source_state_free);
    e->clients = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return e;
}

void
engine_free(engine *e)
{
    if (!e) {
        return;
    }
    for (uint32_t i = 0; i < e->detail_store.n; i++) {
        record_detail *d = slab_at(&e->detail_store, i);
        g_free(d->hits);
        g_free(d->offers);
    }
    slab_free(&e->detail_store);
    slab_free(&e->record_store);
    g_hash_table_destroy(e->txns);
    g_hash_table_destroy(e->open_flows);
    for (uint32_t i = 0; i < e->txn_store.n; i++) {
        txn_clear(slab_at(&e->txn_store, i));
    }
    slab_free(&e->txn_store);
    for (uint32_t i = 0; i < e->flow_store.n; i++) {
        flow_clear(slab_at(&e->flow_store, i));
    }
    slab_free(&e->flow_store);
    g_hash_table_destroy(e->nonces);
    g_hash_table_destroy(e->nonce_counts);
    slab_free(&e->nonce_use_store);
    g_hash_table_destroy(e->sources);
    g_hash_table_destroy(e->clients);
    g_hash_table_destroy(e->interned);
    g_string_chunk_free(e->strings);
    g_hash_table_destroy(e->algorithms_used);
    secrets_wipe(e);
    g_free(e);
}

/* GStringChunk's own interning hashes with g_str_hash, a byte at a time;
 * Call-IDs, nonces and finding texts are long, and the engine interns up
 * to ten strings per message, so it keeps its own set with a word-at-a-time
 * hash. */
const char *
engine_intern(engine *e, const char *s)
{
    if (!s) {
        return NULL;
    }
    const char *found = g_hash_table_lookup(e->interned, s);
    if (found) {
        return found;
    }
    char *copy = g_string_chunk_insert(e->strings, s);
    g_hash_table_add(e->interned, copy);
    return copy;
}

bool
engine_str_same(const char *a, const char *b)
{
    return a == b || strcmp(a ? a : "", b ? b : "") == 0;
}

/* Eight bytes per step, each step a multiply and a shift (the mixing of
 * splitmix64): about a quarter of g_str_hash's instructions on a Call-ID. */
guint
engine_str_hash(const char *s)
{
    if (!s) {
        s = "";
    }
    size_t n = strlen(s);
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n;
    uint64_t w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
        h ^= h >> 31;
    }
    if (n) {
        w = 0;
        memcpy(&w, s, n);
        h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
        h ^= h >> 31;
    }
    h *= UINT64_C(0x94d049bb133111eb);
    return (guint)(h ^ (h >> 32));
}

static guint
interned_hash(gconstpointer s)
{
    return engine_str_hash(s);
}

record *
engine_record(engine *e, uint32_t id)
{
    return slab_at(&e->record_store, id);
}

flow *
record_flow(const engine *e, const record *r)
{
    return r->flow_ref ? slab_at(&e->flow_store, r->flow_ref - 1) : NULL;
}

txn *
record_txn(const engine *e, const record *r)
{
    return r->txn_ref ? slab_at(&e->txn_store, r->txn_ref - 1) : NULL;
}

record_detail *
record_detail_of(const engine *e, const record *r)
{
    return r->detail ? slab_at(&e->detail_store, r->detail - 1) : NULL;
}

record_detail *
record_detail_make(engine *e, record *r)
{
    if (r->detail) {
        return record_detail_of(e, r);
    }
    uint32_t number;
    record_detail *d = slab_add(&e->detail_store, &number);
    r->detail = number + 1;
    return d;
}

uint32_t
record_offers(const engine *e, const record *r, challenge_offer **offers)
{
    const record_detail *d = record_detail_of(e, r);
    *offers = d ? d->offers : NULL;
    return d ? d->n_offers : 0;
}

void
record_add_hit(engine *e, record *r, finding_hit hit)
{
    /* A message rarely has more than two findings: grow one at a time. */
    record_detail *d = record_detail_make(e, r);
    d->hits = g_renew(finding_hit, d->hits, d->n_hits + 1);
    d->hits[d->n_hits++] = hit;
}

void
record_note_syntax(engine *e, record *r, auth_header_kind kind, const auth_item *item)
{
    uint32_t odd = item->oddities;
    /* qop is a token in credentials; the parser cannot know (auth_header.h) */
    const auth_param *qop = auth_item_param(item, AUTH_PARAM_QOP);
    bool qop_quoted = qop && qop->quoted && !auth_header_kind_is_challenge(kind);
    if (!e->cfg.note_syntax || (odd == 0 && !qop_quoted)) {
        return;
    }
    /* SIP's grammar allows blanks around ',' and '=' (SWS, RFC 3261 §25.1):
     * shown in the extraction, not worth a note. */
    odd &= ~(uint32_t)(AUTH_ODD_NO_SPACE_AFTER_COMMA | AUTH_ODD_SPACE_AROUND_EQUALS);
    if (odd == 0 && !qop_quoted) {
        return;
    }
    GString *text = g_string_new(NULL);
    auth_oddities_append(odd, text);
    if (qop_quoted) {
        g_string_append(text, text->len ? ", quoted qop" : "quoted qop");
    }
    record_add_hit(e, r, (finding_hit){ .id = FINDING_SYNTAX_ODDITY, .text = engine_intern(e, text->str),
                                     .text2 = auth_header_kind_name(kind) });
    g_string_free(text, TRUE);
}

int64_t
message_time_ns(const sip_message *msg)
{
    /* A corrupted capture can carry any timestamp at all: saturate rather
     * than overflow (undefined behaviour, found by tests/fuzz).  Half the
     * int64 range, the years 1824 to 2116, keeps the difference of any two
     * times representable as well (retry delays, the ACK timer). */
    const int64_t max_ns = INT64_MAX / 2;
    const int64_t max_secs = max_ns / INT64_C(1000000000);
    if (msg->time_secs > max_secs) {
        return max_ns;
    }
    if (msg->time_secs < -max_secs) {
        return -max_ns;
    }
    int64_t ns = msg->time_secs * INT64_C(1000000000) + msg->time_nsecs;
    return CLAMP(ns, -max_ns, max_ns);
}

static bool
is_ack(const sip_message *msg)
{
    return msg->is_request && msg->method && strcmp(msg->method, "ACK") == 0;
}

/* Do msg's credentials all appear in o's request (same header kind, realm
 * and nonce)?  A proxy forwards the credentials of the realms after it
 * untouched and may consume its own (RFC 3261 §22.3), so a forwarded
 * request carries the same sets or fewer; none is a subset too. */
static bool
credentials_within(engine *e, const sip_message *msg, const txn *o)
{
    for (size_t h = 0; h < msg->n_auth; h++) {
        const sip_auth_header *hdr = &msg->auth[h];
        if (auth_header_kind_is_challenge(hdr->kind)) {
            continue;
        }
        const auth_kind kind = hdr->kind == AUTH_HDR_PROXY_AUTHORIZATION ? AUTH_KIND_PROXY : AUTH_KIND_WWW;
        for (size_t i = 0; i < hdr->value.n_items; i++) {
            const auth_item *item = &hdr->value.items[i];
            const char *realm = engine_intern(e, auth_item_value(item, AUTH_PARAM_REALM));
            const char *nonce = engine_intern(e, auth_item_value(item, AUTH_PARAM_NONCE));
            bool found = false;
            for (uint32_t c = 0; c < o->n_creds && !found; c++) {
                found = o->creds[c].kind == kind && o->creds[c].realm == realm && o->creds[c].nonce == nonce;
            }
            if (!found) {
                return false;
            }
        }
    }
    return true;
}

/* The transaction whose request t's request relays: a proxy forwarding the
 * origin's latest attempt on the next hop, both legs captured.  Same flow
 * (Call-ID, method), CSeq and From tag, another sender and so another top
 * Via branch (the same branch would have been the same transaction), and
 * no credentials the original lacks.  A client re-sending its CSeq with a
 * new branch (cseq_not_incremented) is the same sender: no relay. */
static txn *
relayed_request(engine *e, const txn *t, const sip_message *msg)
{
    txn *o = t->flow->last_origin_txn;
    if (!o || o == t || !o->request || o->key.cseq != t->key.cseq || o->sent_by == t->sent_by ||
        !engine_str_same(o->from_tag, t->from_tag)) {
        return NULL;
    }
    return credentials_within(e, msg, o) ? o : NULL;
}

/* A new request of the flow from the client of an INVITE's challenges
 * that it has not ACKed: the client had the challenge and went on without
 * an ACK (challenge_finish() tells whether one came within T1). */
static void
note_moved_on(txn *prev, const txn *t, uint32_t frame, int64_t time_ns)
{
    if (!prev || prev == t || !prev->is_invite || prev->sent_by != t->sent_by) {
        return;
    }
    for (uint32_t i = 0; i < prev->n_challenges; i++) {
        fork_slot *fork = &prev->forks[i];
        if (fork->challenge && !fork->ack && !fork->moved_on) {
            fork->moved_on = frame;
            fork->moved_on_ns = time_ns;
        }
    }
}

static void
request_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq || !msg->method || strcmp(msg->method, "CANCEL") == 0) {
        return; /* not enough to correlate; CANCEL cannot be challenged */
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, msg->method, msg->via_branch);
    if (t && t->request) {
        /* Same transaction key: a retransmission, not a new event. */
        r->flow_ref = t->flow->ref;
        r->txn_ref = t->ref; /* for its method */
        r->role = ROLE_COPY;
        r->copy_of = engine_record(e, UNREF(t->request))->frame;
        return;
    }
    if (!t) {
        t = txn_add(e, flow_for_request(e, msg), msg->cseq, msg->via_branch);
    }
    /* else: its response came first (reordered capture); adopt that txn */
    t->request = REF(id);
    t->sent_by = engine_intern(e, msg->via_sent_by);
    t->from_tag = engine_intern(e, msg->from_tag);
    t->source = engine_intern(e, msg->source);
    t->user_agent = engine_intern(e, msg->user_agent);
    /* the user probed: only a request without credentials is a probe */
    t->to_user = msg->n_auth == 0 ? engine_intern(e, msg->to_user) : NULL;
    t->is_invite = strcmp(msg->method, "INVITE") == 0;

    flow *f = t->flow;
    r->flow_ref = f->ref;
    r->txn_ref = t->ref;
    r->role = ROLE_REQUEST;
    /* Responses that came before their request (reordered capture) now
     * learn what they answer, and the request its answer. */
    record_ref answer = t->final_answer ? t->final_answer : (t->n_challenges ? t->forks[0].challenge : 0);
    for (uint32_t i = 0; i < t->n_challenges; i++) {
        engine_record(e, UNREF(t->forks[i].challenge))->request_frame = r->frame;
    }
    if (t->final_answer) {
        engine_record(e, UNREF(t->final_answer))->request_frame = r->frame;
    }
    if (answer) {
        r->answer_frame = engine_record(e, UNREF(answer))->frame;
    }
    const txn *original = relayed_request(e, t, msg);
    if (original) {
        /* Not an attempt of its own: the original is.  Its credentials are
         * still checked as they appear on this leg (credentials_handle). */
        t->relay_of = original->ref;
        r->role = ROLE_RELAY;
        r->relayed_request = engine_record(e, UNREF(original->request))->frame;
    } else {
        r->attempt = flow_next_attempt(f, t->sent_by);
        note_moved_on(f->last_origin_txn, t, r->frame, message_time_ns(msg));
        if (t->sent_by == f->origin_sent_by) {
            f->last_origin_txn = t;
            f->last_origin_answer = t->final_answer ? t->final_answer : (t->n_challenges ? t->forks[t->n_challenges - 1].challenge : 0);
        }
    }
    credentials_handle(e, id, t, msg);
}

/* A 403 to a request with credentials: the server said no to them for
 * good (RFC 3261 §21.4.4: "authorization will not help") where a new
 * challenge would have let the client try again.  Many proxies and SBCs
 * answer a wrong password so.  Other final answers after credentials are
 * the request's own fate (404, 486, ...), not a verdict on them. */
static void
note_refusal(engine *e, record *r, const txn *t, const record *req, const sip_message *msg)
{
    if (msg->status != 403 || t->n_creds == 0 || t->relay_of) {
        return;
    }
    bool verified = false;
    for (uint32_t i = 0; i < t->n_creds; i++) {
        verified |= t->creds[i].verified;
    }
    const record_detail *d = record_detail_of(e, req);
    char *who = g_strconcat("user ", d && d->username ? d->username : "-", ", realm ",
                            t->creds[0].realm ? t->creds[0].realm : "-", NULL);
    record_add_hit(e, r, (finding_hit){ .id = FINDING_CREDENTIALS_REFUSED, .frame = req->frame, .count = msg->status,
                                     .count2 = verified, .text = engine_intern(e, who),
                                     .text2 = engine_intern(e, msg->reason) });
    g_free(who);
    guessing_rejected(e, r, t, d ? d->username : NULL, message_time_ns(msg));
}

static void
response_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq || !msg->cseq_method) {
        return;
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, msg->cseq_method, msg->via_branch);
    if (!t) {
        /* The request is not in the capture: keep the response anyway. */
        t = txn_add(e, flow_for_orphan_response(e, msg), msg->cseq, msg->via_branch);
        t->is_invite = strcmp(msg->cseq_method, "INVITE") == 0;
    }
    r->flow_ref = t->flow->ref;
    if (t->request) {
        r->request_frame = engine_record(e, UNREF(t->request))->frame;
    }
    if (msg->status < 200) {
        r->role = ROLE_PROVISIONAL;
        return;
    }
    if (msg->status == 401 || msg->status == 407) {
        challenge_handle(e, id, t, msg);
        return;
    }
    if (t->final_answer) {
        r->role = ROLE_COPY;
        r->copy_of = engine_record(e, UNREF(t->final_answer))->frame;
        return;
    }
    t->final_answer = REF(id);
    r->role = ROLE_FINAL;
    r->txn_ref = t->ref; /* its request's source, for the statistics */
    if (t->request) {
        record *req = engine_record(e, UNREF(t->request));
        if (!req->answer_frame) {
            req->answer_frame = r->frame;
        }
        note_refusal(e, r, t, req, msg);
        if (!t->relay_of && (msg->status == 404 || msg->status == 403)) {
            guessing_probed(e, r, t, message_time_ns(msg)); /* an unknown user, or one refused */
        }
    }
    flow *f = t->flow;
    if (t == f->last_origin_txn || (!t->request && !f->last_origin_txn)) {
        f->last_origin_answer = REF(id);
        flow_close(e, f, msg->status, t->n_creds > 0);
    }
}

uint32_t
engine_feed(engine *e, const sip_message *msg)
{
    uint32_t id;
    record *r = slab_add(&e->record_store, &id);
    r->frame = msg->frame;
    r->index_in_frame = msg->index_in_frame;
    int64_t time_ns = message_time_ns(msg);
    if (time_ns > e->last_time_ns) {
        e->last_time_ns = time_ns;
    }
    if (!msg->is_request) {
        r->status = (uint16_t)MIN(msg->status, UINT16_MAX); /* the parser gives 100-699 */
    }
    if (is_ack(msg)) {
        r->flags |= RECORD_ACK;
        ack_handle(e, id, msg);
    } else if (msg->is_request) {
        request_handle(e, id, msg);
    } else if (msg->status >= 100) {
        response_handle(e, id, msg);
    }
    return id;
}

void
engine_finish(engine *e)
{
    if (e->finished) {
        return;
    }
    e->finished = true;
    for (uint32_t id = 0; id < e->record_store.n; id++) {
        record *r = engine_record(e, id);
        if (record_is_challenge(r)) {
            challenge_finish(e, id);
        }
    }
}

bool
engine_finished(const engine *e)
{
    return e->finished;
}

static uint32_t
frame_of(const engine *e, uint32_t id)
{
    return ((const record *)slab_at(&e->record_store, id))->frame;
}

uint32_t
engine_frame_results(engine *e, uint32_t frame, uint32_t *first)
{
    /* Records are fed in frame order, so a frame's records are one run.
     * Later passes ask in frame order too: look a few records on from where
     * the last answer ended (on a million-record array, bisection's jumps
     * were a cache and TLB miss each, for every frame), and bisect only
     * when that does not reach the frame (a GUI click, a filtered pass). */
    const uint32_t len = e->record_store.n;
    uint32_t lo = 0, hi = len;
    uint32_t at = e->frame_cursor;
    if (at < len && frame_of(e, at) <= frame) {
        for (uint32_t step = 0; step < 8 && at < len && frame_of(e, at) < frame; step++) {
            at++;
        }
        if (at == len || frame_of(e, at) >= frame) {
            lo = hi = at;
        } else {
            lo = at;
        }
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (frame_of(e, mid) < frame) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *first = lo;
    uint32_t n = 0;
    while (lo + n < len && frame_of(e, lo + n) == frame) {
        n++;
    }
    e->frame_cursor = lo + n;
    return n;
}

_Static_assert(FINDING_COUNT <= 64, "engine_findings_shown() has a bit per finding");

uint64_t
engine_findings_shown(engine *e)
{
    uint64_t seen = 0;
    for (uint32_t id = 0; id < e->record_store.n; id++) {
        const record *r = engine_record(e, id);
        const flow *f = record_flow(e, r);
        const record_detail *d = record_detail_of(e, r);
        if (!d || !f || f->number == 0) {
            continue; /* engine_result() shows no findings here */
        }
        for (uint32_t i = 0; i < d->n_hits; i++) {
            seen |= UINT64_C(1) << d->hits[i].id;
        }
    }
    return seen;
}

uint32_t
engine_message_count(const engine *e)
{
    return e->record_store.n;
}

uint32_t
engine_flow_count(const engine *e)
{
    return e->n_auth_flows;
}

/* Adds (kind, realm) once; with a challenge frame, the latest one given. */
static void
result_add_realm(msg_result *v, auth_kind kind, const char *realm, uint32_t challenge_frame)
{
    for (uint32_t i = 0; i < v->n_realms; i++) {
        if (v->kinds[i] == kind && v->realms[i] == realm) {
            /* interned: the same pointer for the same string */
            v->realm_challenges[i] = MAX(v->realm_challenges[i], challenge_frame);
            return;
        }
    }
    if (realm && v->n_realms < RESULT_MAX_REALMS) {
        v->kinds[v->n_realms] = kind;
        v->realm_challenges[v->n_realms] = challenge_frame;
        v->realms[v->n_realms++] = realm;
    }
}

const msg_result *
engine_result(engine *e, uint32_t id)
{
    msg_result *v = &e->view;
    memset(v, 0, sizeof *v);
    if (id >= e->record_store.n) {
        return v;
    }
    const record *r = engine_record(e, id);
    v->frame = r->frame;
    v->index_in_frame = r->index_in_frame;
    v->whole_capture = e->finished;
    /* Messages of flows that never involved auth are not ours to show. */
    const flow *f = record_flow(e, r);
    if (!f || f->number == 0) {
        return v;
    }
    v->flow = f->number;
    v->call_id = f->key.call_id;
    v->role = r->role;
    const bool request = r->status == 0;
    const txn *t = record_txn(e, r);
    if (request) {
        /* A request's method is its transaction's, or ACK's; a request
         * that never got a transaction never joins a flow. */
        v->method = r->flags & RECORD_ACK ? "ACK" : (t ? t->key.method : NULL);
    }
    v->status = r->status;
    v->attempt = r->attempt;
    /* The shared link slots (record, engine_internal.h): the first two mean
     * one thing in requests and another in responses, the third is a
     * copy's copy_of or a challenge's ack_frame. */
    const bool copy = r->role == ROLE_COPY;
    /* A relay links to what it carries and, like a copy, to nothing its
     * original links to (the challenge answered, the retry): those links are
     * the original's.  What is of its own hop stays: the request a relayed
     * challenge answers and its ACK (ACKs of non-2xx answers are hop by hop),
     * a relayed request's answer on its leg. */
    const bool relay = r->role == ROLE_RELAY;
    v->request_frame = request ? 0 : r->request_frame;
    v->challenge_frame = request && !relay ? r->challenge_frame : 0;
    v->answer_frame = request ? r->answer_frame : 0;
    v->retry_frame = request || relay ? 0 : r->retry_frame;
    v->ack_frame = request || copy ? 0 : r->ack_frame;
    v->copy_of = copy ? r->copy_of : 0;
    v->relay_of = record_relay_of(r);
    const record_detail *d = record_detail_of(e, r);
    v->has_retry_delay = (r->flags & RECORD_HAS_RETRY_DELAY) != 0;
    v->retry_delay_ns = v->has_retry_delay && d ? d->retry_delay_ns : 0;
    v->kind = r->kind;
    /* The realms: a challenge's offers, or a request's credentials (its
     * copies and relays are not credentials of their own: what is counted
     * by realm and user, in the statistics, is counted once) */
    if (r->role == ROLE_CHALLENGE) {
        for (uint32_t i = 0; d && i < d->n_offers; i++) {
            result_add_realm(v, d->offers[i].kind, d->offers[i].realm, 0);
        }
        v->realm = d && d->n_offers ? d->offers[0].realm : NULL;
    } else if ((r->role == ROLE_REQUEST || r->role == ROLE_RETRY) && t) {
        for (uint32_t i = 0; i < t->n_creds; i++) {
            result_add_realm(v, t->creds[i].kind, t->creds[i].realm, t->creds[i].challenge_frame);
        }
        v->realm = t->n_creds ? t->creds[0].realm : NULL;
    }
    v->username = d && !relay ? d->username : NULL;
    /* who sent the request (a proxy's forward: its client) */
    v->source = t ? txn_original(e, t)->source : NULL;
    v->outcome = flow_outcome_of(e, f);
    v->outcome_status = f->closed ? f->final_status : 0;
    v->findings = d ? d->hits : NULL;
    v->n_findings = d ? d->n_hits : 0;
    return v;
}
