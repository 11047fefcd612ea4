/* engine.c - the engine's entry points: feed a message to the rule that
 * takes it (request.c, response.c, ack.c), finish the capture, and give
 * the result of a message, read from the store.
 */
#include <string.h>

#include "ack.h"
#include "challenge.h"
#include "clients.h"
#include "engine.h"
#include "flow.h"
#include "guessing.h"
#include "msg_time.h"
#include "nonces.h"
#include "request.h"
#include "response.h"
#include "transaction.h"
#include "verify.h"

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
    store_init(&e->store, sizeof(txn), sizeof(flow));
    /* Sets (g_hash_table_add): a txn or flow is its own key. */
    e->txns = g_hash_table_new(txn_key_hash, txn_key_equal);
    e->open_flows = g_hash_table_new(flow_key_hash, flow_key_equal);
    nonces_init(e);
    guessing_init(e);
    clients_init(e);
    return e;
}

void
engine_free(engine *e)
{
    if (!e) {
        return;
    }
    g_hash_table_destroy(e->txns);
    g_hash_table_destroy(e->open_flows);
    for (uint32_t i = 0; i < e->store.txns.n; i++) {
        txn_clear(slab_at(&e->store.txns, i));
    }
    for (uint32_t i = 0; i < e->store.flows.n; i++) {
        flow_clear(slab_at(&e->store.flows, i));
    }
    store_free(&e->store);
    nonces_free(e);
    guessing_free(e);
    clients_free(e);
    g_hash_table_destroy(e->algorithms_used);
    secrets_wipe(e);
    g_free(e);
}

static bool
is_ack(const sip_message *msg)
{
    return msg->is_request && msg->method && strcmp(msg->method, "ACK") == 0;
}

uint32_t
engine_feed(engine *e, const sip_message *msg)
{
    uint32_t id;
    record *r = store_add_record(&e->store, &id);
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
    for (uint32_t id = 0; id < e->store.records.n; id++) {
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
    return ((const record *)slab_at(&e->store.records, id))->frame;
}

uint32_t
engine_frame_results(engine *e, uint32_t frame, uint32_t *first)
{
    /* Records are fed in frame order, so a frame's records are one run.
     * Later passes ask in frame order too: look a few records on from where
     * the last answer ended (on a million-record array, bisection's jumps
     * were a cache and TLB miss each, for every frame), and bisect only
     * when that does not reach the frame (a GUI click, a filtered pass). */
    const uint32_t len = e->store.records.n;
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
    for (uint32_t id = 0; id < e->store.records.n; id++) {
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
    return e->store.records.n;
}

uint32_t
engine_flow_count(const engine *e)
{
    return e->n_auth_flows;
}

/* Adds (kind, realm) once; with a challenge frame, the latest one given. */
static void
result_add_realm(msg_result *v, auth_kind kind, istr realm, uint32_t challenge_frame)
{
    for (uint32_t i = 0; i < v->n_realms; i++) {
        if (v->kinds[i] == kind && v->realms[i] == istr_str(realm)) {
            /* interned: the same pointer for the same string */
            v->realm_challenges[i] = MAX(v->realm_challenges[i], challenge_frame);
            return;
        }
    }
    if (realm && v->n_realms < RESULT_MAX_REALMS) {
        v->kinds[v->n_realms] = kind;
        v->realm_challenges[v->n_realms] = challenge_frame;
        v->realms[v->n_realms++] = istr_str(realm);
    }
}

const msg_result *
engine_result(engine *e, uint32_t id)
{
    msg_result *v = &e->view;
    memset(v, 0, sizeof *v);
    if (id >= e->store.records.n) {
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
    /* Each kind of record has its own links (store.h); a copy links to its
     * first sighting only.  A relay links to what it carries and, like a
     * copy, to nothing its original links to (the challenge answered, the
     * retry): those links are the original's.  What is of its own hop
     * stays: the request a relayed challenge answers and its ACK (ACKs of
     * non-2xx answers are hop by hop), a relayed request's answer on its
     * leg. */
    const bool relay = r->role == ROLE_RELAY;
    uint32_t links[LINK_COUNT];
    record_links(r, links);
    v->request_frame = links[LINK_REQUEST];
    v->challenge_frame = links[LINK_CHALLENGE];
    v->answer_frame = links[LINK_ANSWER];
    v->retry_frame = links[LINK_RETRY];
    v->ack_frame = links[LINK_ACK];
    v->copy_of = links[LINK_COPY_OF];
    v->relay_of = links[LINK_RELAYED];
    const record_detail *d = record_detail_of(e, r);
    v->has_retry_delay = (r->flags & RECORD_HAS_RETRY_DELAY) != 0;
    v->retry_delay_ns = v->has_retry_delay && d ? d->time_ns : 0;
    v->kind = r->kind;
    /* The realms: a challenge's offers, or a request's credentials (its
     * copies and relays are not credentials of their own: what is counted
     * by realm and user, in the statistics, is counted once) */
    if (r->role == ROLE_CHALLENGE) {
        for (uint32_t i = 0; d && i < d->n_offers; i++) {
            result_add_realm(v, d->offers[i].kind, d->offers[i].realm, 0);
        }
        v->realm = istr_str(d && d->n_offers ? d->offers[0].realm : NULL);
    } else if ((r->role == ROLE_REQUEST || r->role == ROLE_RETRY) && t) {
        for (uint32_t i = 0; i < t->n_creds; i++) {
            result_add_realm(v, t->creds[i].kind, t->creds[i].realm, t->creds[i].challenge_frame);
        }
        v->realm = istr_str(t->n_creds ? t->creds[0].realm : NULL);
    }
    v->username = istr_str(d && !relay ? d->username : NULL);
    /* who sent the request (a proxy's forward: its client) */
    v->source = istr_str(t ? txn_original(e, t)->source : NULL);
    v->outcome = flow_outcome_of(e, f);
    v->outcome_status = f->closed ? f->final_status : 0;
    v->findings = d ? d->hits : NULL;
    v->n_findings = d ? d->n_hits : 0;
    return v;
}
