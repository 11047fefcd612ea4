/* request.c - a request other than ACK: a retransmission, a relay (a
 * proxy's forward, both legs captured) or an attempt of its flow, and the
 * client moving on without ACKing a challenge.  Its credentials are
 * credentials.c's.
 */
#include <string.h>

#include "credentials.h"
#include "flow.h"
#include "msg_time.h"
#include "request.h"
#include "transaction.h"

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
        const auth_kind kind = auth_kind_of_header(hdr->kind);
        for (size_t i = 0; i < hdr->value.n_items; i++) {
            const auth_item *item = &hdr->value.items[i];
            istr realm = engine_intern(e, auth_item_value(item, AUTH_PARAM_REALM));
            istr nonce = engine_intern(e, auth_item_value(item, AUTH_PARAM_NONCE));
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
        !engine_str_same(istr_str(o->from_tag), istr_str(t->from_tag))) {
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

void
request_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq || !msg->method || strcmp(msg->method, "CANCEL") == 0) {
        return; /* not enough to correlate; CANCEL cannot be challenged */
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, msg->method, msg->via_branch);
    if (t && t->request) {
        /* Same transaction key: a retransmission, not a new event. */
        r->flow_ref = t->flow->self;
        r->txn_ref = t->self; /* for its method */
        r->role = ROLE_COPY;
        record_set_link(r, LINK_COPY_OF, engine_record(e, UNREF(t->request))->frame);
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
    r->flow_ref = f->self;
    r->txn_ref = t->self;
    r->role = ROLE_REQUEST;
    /* Responses that came before their request (reordered capture) now
     * learn what they answer, and the request its answer. */
    ref answer = t->final_answer ? t->final_answer : (t->n_challenges ? t->forks[0].challenge : 0);
    for (uint32_t i = 0; i < t->n_challenges; i++) {
        record_set_link(engine_record(e, UNREF(t->forks[i].challenge)), LINK_REQUEST, r->frame);
    }
    if (t->final_answer) {
        record_set_link(engine_record(e, UNREF(t->final_answer)), LINK_REQUEST, r->frame);
    }
    if (answer) {
        record_set_link(r, LINK_ANSWER, engine_record(e, UNREF(answer))->frame);
    }
    const txn *original = relayed_request(e, t, msg);
    if (original) {
        /* Not an attempt of its own: the original is.  Its credentials are
         * still checked as they appear on this leg (credentials_handle). */
        t->relay_of = original->self;
        r->role = ROLE_RELAY;
        record_set_link(r, LINK_RELAYED, engine_record(e, UNREF(original->request))->frame);
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
