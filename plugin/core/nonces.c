/* nonces.c - who issued each nonce, and which nonce counts were used.
 *
 * A nonce is issued by the challenges that offer it (nearly always one; a
 * server may reuse one, kamailio within a second, Asterisk per second and
 * address).  Credentials answer the latest issuer (credentials.c), and
 * count their nc against the nonce: the same nonce and nc in two different
 * requests is a replay (RFC 7616 §3.4), unless the server gave the nonce
 * to another call too or issued it again since.
 */
#include <string.h>

#include "nonces.h"

/* What one nonce count was first used by, to tell a replay from the same
 * request seen again: on another hop, or as the ACK of its 2xx (same
 * Call-ID and CSeq number).  Its own key in engine.nonce_counts: nonce and
 * nc, both interned.  The request's identity is kept here, not looked up
 * through its record: an ACK of a 2xx has no transaction of its own. */
typedef struct {
    istr        nonce;
    istr        nc;
    istr        call_id;
    istr        method;   /* "ACK" for an ACK */
    uint32_t    cseq;
    uint32_t    frame;    /* the first request that used it */
} nonce_use;

static guint
nonce_use_hash(gconstpointer key)
{
    const nonce_use *u = key;
    return g_direct_hash(u->nonce) * 31u + g_direct_hash(u->nc);
}

static gboolean
nonce_use_equal(gconstpointer a, gconstpointer b)
{
    const nonce_use *x = a, *y = b;
    return x->nonce == y->nonce && x->nc == y->nc;
}

/* The challenges that issued one nonce, when there are several (record ids,
 * in feed order). */
typedef struct {
    uint32_t n, capacity;
    uint32_t ids[];
} nonce_issuers;

/* engine.nonces' values: nearly every nonce has one issuer, kept in the
 * pointer itself (id * 2 + 1, never a block's address, which is even); a
 * nonce a server reuses gets a nonce_issuers block. */
#define ONE_ISSUER(id)      ((gpointer)((uintptr_t)(id) * 2u + 1u))
#define IS_ONE_ISSUER(v)    (((uintptr_t)(v) & 1u) != 0)
#define THE_ONE_ISSUER(v)   ((uint32_t)((uintptr_t)(v) / 2u))

static void
nonce_issuers_free(gpointer v)
{
    if (!IS_ONE_ISSUER(v)) {
        g_free(v);
    }
}

uint32_t
nonce_issuers_of(const engine *e, istr nonce, uint32_t *one, const uint32_t **ids)
{
    gpointer v = g_hash_table_lookup(e->nonces, nonce);
    if (!v) {
        *ids = NULL;
        return 0;
    }
    if (IS_ONE_ISSUER(v)) {
        *one = THE_ONE_ISSUER(v);
        *ids = one;
        return 1;
    }
    const nonce_issuers *block = v;
    *ids = block->ids;
    return block->n;
}

void
nonces_register(engine *e, uint32_t id, const record *r)
{
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, r, &offers);
    for (uint32_t i = 0; i < n_offers; i++) {
        istr nonce = offers[i].nonce;
        if (!nonce) {
            continue;
        }
        gpointer v = g_hash_table_lookup(e->nonces, nonce);
        if (!v) {
            g_hash_table_insert(e->nonces, (gpointer)nonce, ONE_ISSUER(id));
            continue;
        }
        if (IS_ONE_ISSUER(v)) {
            if (THE_ONE_ISSUER(v) == id) {
                continue; /* two offers of one challenge with the same nonce */
            }
            nonce_issuers *block = g_malloc(sizeof *block + 4 * sizeof block->ids[0]);
            *block = (nonce_issuers){ .n = 2, .capacity = 4 };
            block->ids[0] = THE_ONE_ISSUER(v);
            block->ids[1] = id;
            g_hash_table_insert(e->nonces, (gpointer)nonce, block); /* frees nothing: v was no block */
            continue;
        }
        nonce_issuers *block = v;
        if (block->ids[block->n - 1] == id) {
            continue;
        }
        if (block->n == block->capacity) {
            /* A server reusing one nonce for every challenge: double. */
            g_hash_table_steal(e->nonces, nonce); /* its old value is about to move */
            block->capacity *= 2;
            block = g_realloc(block, sizeof *block + block->capacity * sizeof block->ids[0]);
            g_hash_table_insert(e->nonces, (gpointer)nonce, block);
        }
        block->ids[block->n++] = id;
    }
}

void
nonces_init(engine *e)
{
    /* Sets (g_hash_table_add): a nonce_use is its own key. */
    e->nonces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, nonce_issuers_free);
    e->nonce_counts = g_hash_table_new(nonce_use_hash, nonce_use_equal);
    slab_init(&e->nonce_use_store, sizeof(nonce_use));
}

void
nonces_free(engine *e)
{
    g_hash_table_destroy(e->nonces);
    g_hash_table_destroy(e->nonce_counts);
    slab_free(&e->nonce_use_store);
}

/* Did the server hand this nonce to the given call too?  Then a second call
 * using it with the same nc is the server's reuse, not the client's replay. */
bool
nonce_issued_to_call(engine *e, istr nonce, istr call_id)
{
    uint32_t one;
    const uint32_t *ids;
    uint32_t n = nonce_issuers_of(e, nonce, &one, &ids);
    for (uint32_t i = 0; i < n; i++) {
        const record *c = engine_record(e, ids[i]);
        if (c->txn_ref && flow_call_id(record_txn(e, c)->flow) == call_id) {
            return true;
        }
    }
    return false;
}

/* Was nonce issued again after frame, and by the time of now (a server
 * handing out a nonce already used, as kamailio does within one second)?
 * Then the client rightly starts its nc again at 00000001. */
static bool
nonce_reissued_between(engine *e, istr nonce, uint32_t after, uint32_t now)
{
    uint32_t one;
    const uint32_t *ids;
    uint32_t n = nonce_issuers_of(e, nonce, &one, &ids);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t frame = engine_record(e, ids[i])->frame;
        if (frame > after && frame <= now) {
            return true;
        }
    }
    return false;
}

/* RFC 3261 §13.2.2.4: the ACK of a 2xx carries the INVITE's credentials, so
 * the same nonce and nc: the same request, not a second one. */
static bool
same_request(const nonce_use *first, const request_id *req)
{
    if (first->call_id != req->call_id || first->cseq != req->cseq) {
        return false;
    }
    if (first->method == req->method) {
        return true; /* the same request on another hop */
    }
    const char *was = istr_str(first->method), *is = istr_str(req->method);
    const bool first_ack = strcmp(was, "ACK") == 0, ack = strcmp(is, "ACK") == 0;
    return (first_ack && strcmp(is, "INVITE") == 0) || (ack && strcmp(was, "INVITE") == 0);
}

/* Same nonce and nc in two different requests (RFC 7616 §3.4).  Not a
 * replay: the same request seen again (same_request), another call the
 * server handed the same nonce to, or a use after the server issued the
 * nonce again. */
void
nonce_count(engine *e, uint32_t id, const request_id *req, istr nonce, istr nc)
{
    if (!nonce || !nc) {
        return;
    }
    const nonce_use probe = { .nonce = nonce, .nc = nc };
    nonce_use *use = g_hash_table_lookup(e->nonce_counts, &probe);
    if (!use) {
        nonce_use *made = slab_add(&e->nonce_use_store, NULL);
        *made = (nonce_use){ .nonce = nonce, .nc = nc, .call_id = req->call_id, .method = req->method,
                             .cseq = req->cseq, .frame = req->frame };
        g_hash_table_add(e->nonce_counts, made);
        return;
    }
    /* Keys are interned: equal strings are equal pointers. */
    bool server_reuse = use->call_id != req->call_id && nonce_issued_to_call(e, nonce, req->call_id);
    if (!same_request(use, req) && !server_reuse && nonce_reissued_between(e, nonce, use->frame, req->frame)) {
        /* counted afresh from here: a later repeat of this nc is measured
         * against this use */
        *use = (nonce_use){ .nonce = nonce, .nc = nc, .call_id = req->call_id, .method = req->method,
                            .cseq = req->cseq, .frame = req->frame };
        return;
    }
    if (!same_request(use, req) && !server_reuse) {
        record_add_hit(e, engine_record(e, id),
                       (finding_hit){ .id = FINDING_NONCE_REPLAY, .frame = use->frame, .u.nonce_replay.nc = istr_str(nc) });
    }
}
