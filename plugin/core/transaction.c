/* transaction.c - SIP transactions.
 *
 * A transaction is keyed by Call-ID, CSeq number, method and top Via branch
 * (RFC 3261 §17.1.3, §17.2.3): a request with a known key is a
 * retransmission, a response with a known key answers that request
 * (ACKs: ack.c).
 */
#include <string.h>

#include "transaction.h"

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
    txn *t = slab_add(&e->store.txns, &number);
    t->self = REF(number);
    /* The branch is copied, not interned: it is unique to the transaction,
     * and interning would add a table entry for nothing. */
    t->key = (txn_key){ .call_id = f->key.call_id, .method = f->key.method,
                        .branch = store_copy(&e->store, branch), .cseq = cseq };
    t->flow = f;
    g_hash_table_add(e->txns, t);
    return t;
}

const txn *
txn_original(const engine *e, const txn *t)
{
    /* relay_of always names the first sighting, never another relay */
    return t->relay_of ? slab_at(&e->store.txns, UNREF(t->relay_of)) : t;
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
    t->forks[t->n_challenges] = (fork_slot){ .to_tag = store_copy(&e->store, to_tag) };
    return (int)t->n_challenges++;
}
