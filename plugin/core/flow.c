/* flow.c - auth flows: which request starts one, which joins one, its
 * number, its attempts and its outcome.
 *
 * A flow is keyed by Call-ID and method while it is open: the retry after a
 * challenge, its retransmissions and the copies a proxy forwards on the next
 * hop (same Call-ID, method and CSeq, another sender) all join it, so a proxy
 * chain (407 then 401) and forked challenges are one flow.  A final answer
 * other than 401/407 to the origin's latest attempt closes it; the next
 * request of that Call-ID and method (a re-REGISTER, a re-INVITE) starts a
 * new flow.  Flows get a number only once an auth header shows up, so the
 * numbers users see are dense: 1, 2, 3 ... in order of first auth message.
 */
#include <string.h>

#include "flow.h"

guint
flow_key_hash(gconstpointer key)
{
    const flow_key *k = key;
    return engine_str_hash(k->call_id) * 31u + engine_str_hash(k->method);
}

gboolean
flow_key_equal(gconstpointer a, gconstpointer b)
{
    const flow_key *x = a, *y = b;
    return engine_str_same(x->call_id, y->call_id) && engine_str_same(x->method, y->method);
}

static flow *
flow_new(engine *e, const char *call_id, const char *method, const char *origin_sent_by)
{
    uint32_t number;
    flow *f = slab_add(&e->store.flows, &number);
    f->self = REF(number);
    f->key = (flow_key){ .call_id = istr_str(engine_intern(e, call_id)), .method = istr_str(engine_intern(e, method)) };
    f->origin_sent_by = engine_intern(e, origin_sent_by);
    g_hash_table_add(e->open_flows, f);
    return f;
}

flow *
flow_open(engine *e, const char *call_id, const char *method)
{
    const flow_key probe = { .call_id = call_id, .method = method };
    return g_hash_table_lookup(e->open_flows, &probe);
}

flow *
flow_for_request(engine *e, const sip_message *msg)
{
    flow *f = flow_open(e, msg->call_id, msg->method);
    return f ? f : flow_new(e, msg->call_id, msg->method, msg->via_sent_by);
}

flow *
flow_for_orphan_response(engine *e, const sip_message *msg)
{
    flow *f = flow_open(e, msg->call_id, msg->cseq_method);
    /* The sender is unknown; the response's top Via names it. */
    return f ? f : flow_new(e, msg->call_id, msg->cseq_method, msg->via_sent_by);
}

void
flow_make_auth(engine *e, flow *f)
{
    if (f->number == 0) {
        f->number = ++e->n_auth_flows;
    }
}

uint32_t
flow_next_attempt(flow *f, istr sent_by)
{
    for (uint32_t i = 0; i < f->n_senders; i++) {
        if (f->senders[i].sent_by == sent_by) {
            return ++f->senders[i].attempts;
        }
    }
    if (f->n_senders >= SENDERS_PER_FLOW) {
        return 0; /* more hops than anyone builds: stop counting */
    }
    f->senders = g_renew(flow_sender, f->senders, f->n_senders + 1);
    f->senders[f->n_senders++] = (flow_sender){ .sent_by = sent_by, .attempts = 1 };
    return 1;
}

flow_realm *
flow_realm_get(flow *f, auth_kind kind, istr realm, bool create)
{
    for (uint32_t i = 0; i < f->n_realms; i++) {
        if (f->realms[i].kind == kind && f->realms[i].realm == realm) {
            return &f->realms[i];
        }
    }
    if (!create || f->n_realms >= REALMS_PER_FLOW) {
        return NULL;
    }
    /* Grown one at a time: nearly every flow has one or two realms.  A
     * pointer from an earlier call is stale after this; callers hold one
     * only until their next call. */
    f->realms = g_renew(flow_realm, f->realms, f->n_realms + 1);
    flow_realm *fr = &f->realms[f->n_realms++];
    memset(fr, 0, sizeof *fr);
    fr->kind = kind;
    fr->realm = realm;
    return fr;
}

void
flow_close(engine *e, flow *f, uint32_t status, bool with_credentials)
{
    f->closed = true;
    f->closed_with_credentials = with_credentials;
    f->final_status = (uint16_t)MIN(status, UINT16_MAX); /* the parser gives 100-699 */
    if (g_hash_table_lookup(e->open_flows, &f->key) == f) {
        g_hash_table_remove(e->open_flows, &f->key);
    }
}

/* The outcome is given only when it is certain: at the final answer, or when
 * the capture is complete.  A flow still open in a finished capture ends on
 * whatever answered the origin's latest attempt. */
flow_outcome
flow_outcome_of(const engine *e, const flow *f)
{
    if (f->closed) {
        if (f->final_status >= 200 && f->final_status < 300) {
            return OUTCOME_ACCEPTED;
        }
        if (!f->closed_with_credentials) {
            return OUTCOME_REJECTED;
        }
        /* RFC 3261 §21.4.4: a 403 says authorization will not help; any
         * other final answer came after the credentials were taken. */
        return f->final_status == 403 ? OUTCOME_REFUSED : OUTCOME_FAILED;
    }
    if (!e->finished || !f->last_origin_txn) {
        return OUTCOME_PENDING;
    }
    if (!f->last_origin_answer) {
        return OUTCOME_UNANSWERED;
    }
    const record *answer = engine_record(e, UNREF(f->last_origin_answer));
    if (!record_is_challenge(answer)) {
        return OUTCOME_PENDING;
    }
    if (f->last_origin_txn->n_creds > 0) {
        challenge_offer *offers;
        uint32_t n_offers = record_offers(e, answer, &offers);
        for (uint32_t i = 0; i < n_offers; i++) {
            if (offers[i].stale) {
                return OUTCOME_STALE;
            }
        }
        return OUTCOME_RECHALLENGED;
    }
    return OUTCOME_NO_RETRY;
}

void
flow_clear(flow *f)
{
    g_free(f->senders);
    g_free(f->realms);
}
