/* nonce.c - every nonce the capture shows: its one copy, the challenges that
 * issued it, and which request first used each nonce count with it.
 *
 * A nonce is looked up by its content once per challenge offer and once per
 * set of credentials, in one table: its entry holds what both need.  (Kept
 * as an interned string plus a table keyed by its address, every nonce cost
 * two lookups of a million-entry table, each a cache miss in a large
 * capture.)  Nearly every nonce has one issuer and one nonce count, so both
 * live in the entry; only a reused nonce gets a block of issuers, and only
 * a second nonce count goes to engine.nonce_counts.
 */
#include <string.h>

#include "engine_internal.h"

/* nonce_entry.issuers: 0 none; id * 2 + 1 the one issuer (never a block's
 * address, which is even); else a nonce_issuers block. */
#define ONE_ISSUER(id)      ((uintptr_t)(id) * 2u + 1u)
#define IS_ONE_ISSUER(v)    (((v) & 1u) != 0)
#define THE_ONE_ISSUER(v)   ((uint32_t)((v) / 2u))

/* A later nonce count of a nonce: engine.nonce_counts' items, keyed by the
 * nonce's and the nc's addresses (both are the engine's one copies). */
typedef struct {
    const char *nonce;
    const char *nc;
    uint32_t    first;   /* record id of the first request that used it */
} nonce_use;

static bool
same_nonce(const void *item, const void *key)
{
    return strcmp(((const nonce_entry *)item)->nonce, key) == 0;
}

nonce_entry *
nonce_find(const engine *e, const char *nonce)
{
    return hashset_find(&e->nonces, engine_str_hash(nonce), same_nonce, nonce);
}

nonce_entry *
nonce_get(engine *e, const char *nonce)
{
    uint32_t hash = engine_str_hash(nonce);
    nonce_entry *entry = hashset_find(&e->nonces, hash, same_nonce, nonce);
    if (!entry) {
        entry = slab_add(&e->nonce_store, NULL);
        entry->nonce = g_string_chunk_insert(e->strings, nonce);
        hashset_add(&e->nonces, hash, entry);
    }
    return entry;
}

const char *
nonce_copy(engine *e, const char *nonce)
{
    return nonce ? nonce_get(e, nonce)->nonce : NULL;
}

void
nonce_add_issuer(nonce_entry *n, uint32_t id)
{
    if (!n->issuers) {
        n->issuers = ONE_ISSUER(id);
        return;
    }
    if (IS_ONE_ISSUER(n->issuers)) {
        if (THE_ONE_ISSUER(n->issuers) == id) {
            return; /* two offers of one challenge with the same nonce */
        }
        nonce_issuers *block = g_malloc(sizeof *block + 4 * sizeof block->ids[0]);
        *block = (nonce_issuers){ .n = 2, .capacity = 4 };
        block->ids[0] = THE_ONE_ISSUER(n->issuers);
        block->ids[1] = id;
        n->issuers = (uintptr_t)block;
        return;
    }
    nonce_issuers *block = (nonce_issuers *)n->issuers;
    if (block->ids[block->n - 1] == id) {
        return;
    }
    if (block->n == block->capacity) {
        /* A server reusing one nonce for every challenge: double. */
        block->capacity *= 2;
        block = g_realloc(block, sizeof *block + block->capacity * sizeof block->ids[0]);
        n->issuers = (uintptr_t)block;
    }
    block->ids[block->n++] = id;
}

uint32_t
nonce_issuers_of(const nonce_entry *n, uint32_t *one, const uint32_t **ids)
{
    if (!n || !n->issuers) {
        *ids = NULL;
        return 0;
    }
    if (IS_ONE_ISSUER(n->issuers)) {
        *one = THE_ONE_ISSUER(n->issuers);
        *ids = one;
        return 1;
    }
    const nonce_issuers *block = (const nonce_issuers *)n->issuers;
    *ids = block->ids;
    return block->n;
}

static uint32_t
nonce_use_hash(const nonce_use *u)
{
    return hashset_pointer_hash(u->nonce) * 31u + hashset_pointer_hash(u->nc);
}

static bool
same_nonce_use(const void *item, const void *key)
{
    const nonce_use *x = item, *y = key;
    return x->nonce == y->nonce && x->nc == y->nc;
}

bool
nonce_count_used(engine *e, nonce_entry *n, const char *nc, uint32_t id, uint32_t *first)
{
    if (!n->first_nc) {
        n->first_nc = nc;
        n->first_nc_user = id;
        return false;
    }
    if (n->first_nc == nc) {
        *first = n->first_nc_user;
        return true;
    }
    const nonce_use probe = { .nonce = n->nonce, .nc = nc };
    uint32_t hash = nonce_use_hash(&probe);
    const nonce_use *use = hashset_find(&e->nonce_counts, hash, same_nonce_use, &probe);
    if (use) {
        *first = use->first;
        return true;
    }
    nonce_use *made = slab_add(&e->nonce_use_store, NULL);
    *made = (nonce_use){ n->nonce, nc, id };
    hashset_add(&e->nonce_counts, hash, made);
    return false;
}

size_t
nonce_use_size(void)
{
    return sizeof(nonce_use);
}

void
nonce_entry_clear(nonce_entry *n)
{
    if (n->issuers && !IS_ONE_ISSUER(n->issuers)) {
        g_free((nonce_issuers *)n->issuers);
    }
}
