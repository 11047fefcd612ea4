/* transaction.c - SIP transactions, and the ACK of a challenged INVITE.
 *
 * A transaction is keyed by Call-ID, CSeq number, method and top Via branch
 * (RFC 3261 §17.1.3, §17.2.3): a request with a known key is a
 * retransmission, a response with a known key answers that request.  The
 * ACK of a non-2xx final response belongs to the INVITE's transaction
 * (§17.1.1.3: same branch, same CSeq number, method ACK).
 */
#include <string.h>

#include "engine_internal.h"

guint
txn_key_hash(gconstpointer key)
{
    const txn_key *k = key;
    guint h = engine_str_hash(k->call_id);
    h = h * 31u + k->cseq;
    h = h * 31u + engine_str_hash(k->method);
    return h * 31u + engine_str_hash(k->branch);
}

gboolean
txn_key_equal(gconstpointer a, gconstpointer b)
{
    const txn_key *x = a, *y = b;
    return x->cseq == y->cseq && engine_str_same(x->call_id, y->call_id) && engine_str_same(x->method, y->method) &&
           engine_str_same(x->branch, y->branch);
}

txn *
txn_find(engine *e, const char *call_id, uint32_t cseq, const char *method, const char *branch)
{
    const txn_key probe = { .call_id = call_id, .method = method, .branch = branch, .cseq = cseq };
    return g_hash_table_lookup(e->txns, &probe);
}

txn *
txn_add(engine *e, flow *f, uint32_t cseq, const char *branch)
{
    uint32_t number;
    txn *t = slab_add(&e->txn_store, &number);
    t->ref = number + 1;
    /* The branch is copied, not interned: it is unique to the transaction,
     * and interning would add a table entry for nothing. */
    t->key = (txn_key){ .call_id = f->key.call_id, .method = f->key.method,
                        .branch = branch ? g_string_chunk_insert(e->strings, branch) : NULL, .cseq = cseq };
    t->flow = f;
    g_hash_table_add(e->txns, t);
    return t;
}

const txn *
txn_original(const engine *e, const txn *t)
{
    /* relay_of always names the first sighting, never another relay */
    return t->relay_of ? slab_at(&e->txn_store, t->relay_of - 1) : t;
}

void
txn_clear(txn *t)
{
    g_free(t->creds);
    g_free(t->forks);
}

int
txn_fork_slot(engine *e, txn *t, const char *to_tag, bool create)
{
    for (uint32_t i = 0; i < t->n_challenges; i++) {
        if (engine_str_same(t->forks[i].to_tag, to_tag)) {
            return (int)i;
        }
    }
    if (!create || t->n_challenges >= FORKS_PER_TXN) {
        return -1;
    }
    t->forks = g_renew(fork_slot, t->forks, t->n_challenges + 1);
    /* A copy, not interned: a To tag is unique to its dialog, and there
     * are at most FORKS_PER_TXN to compare. */
    t->forks[t->n_challenges] = (fork_slot){ .to_tag = to_tag ? g_string_chunk_insert(e->strings, to_tag) : NULL };
    return (int)t->n_challenges++;
}

/* The challenge an ACK was meant for although it does not match: the
 * origin's latest INVITE of the open flow, challenged and not ACKed. */
static txn *
unmatched_ack_target(engine *e, const sip_message *msg)
{
    flow *f = flow_open(e, msg->call_id, "INVITE");
    txn *t = f ? f->last_origin_txn : NULL;
    if (!t || !t->is_invite || t->n_challenges == 0 || t->final_answer) {
        return NULL;
    }
    for (uint32_t i = 0; i < t->n_challenges; i++) {
        if (!t->forks[i].ack) {
            return t;
        }
    }
    return NULL;
}

void
ack_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq) {
        return;
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, "INVITE", msg->via_branch);
    if (!t || t->n_challenges == 0) {
        /* An ACK for a 2xx (its own transaction), or one that matches no
         * INVITE: say so only when a challenged INVITE is waiting for it. */
        txn *target = unmatched_ack_target(e, msg);
        if (!target || !target->flow->number) {
            credentials_in_ack(e, id, msg);
            return;
        }
        record *challenge = engine_record(e, UNREF(target->forks[0].challenge));
        r->flow_ref = target->flow->ref;
        r->role = ROLE_ACK;
        r->challenge_frame = challenge->frame;
        const char *what = msg->cseq != target->key.cseq
            ? engine_intern(e, msg->cseq + 1 == target->key.cseq ? "CSeq is one less than the INVITE's" : "CSeq differs from the INVITE's")
            : engine_intern(e, "its Via branch is not the INVITE's");
        record_add_hit(e, r, (finding_hit){ .id = FINDING_ACK_MISMATCH, .frame = challenge->frame, .text = what });
        return;
    }
    int slot = txn_fork_slot(e, t, msg->to_tag, false);
    if (slot < 0) {
        slot = 0; /* To tag unknown: it answers the first challenge */
    }
    r->flow_ref = t->flow->ref;
    if (t->forks[slot].ack) {
        r->role = ROLE_COPY;
        r->copy_of = engine_record(e, UNREF(t->forks[slot].ack))->frame;
        return;
    }
    t->forks[slot].ack = REF(id);
    record *challenge = engine_record(e, UNREF(t->forks[slot].challenge));
    r->role = ROLE_ACK;
    r->challenge_frame = challenge->frame;
    challenge->ack_frame = r->frame;
}
