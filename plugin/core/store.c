/* store.c - records, details, findings and strings (store.h). */
#include <string.h>

#include "store.h"

/* One per message: a size the memory figures (docs/design.md) rest on. */
_Static_assert(sizeof(record) == 44, "a record is 44 bytes");

/* Where each link lives, by the kind of record: a request, a response, a
 * copy of either, a relayed request or a relayed challenge.  -1: that kind
 * has no such link. */
const int8_t record_link_slots[RECORD_KIND_COUNT][LINK_COUNT] = {
    /*                                CHALLENGE ANSWER REQUEST RETRY ACK COPY_OF RELAYED */
    [RECORD_KIND_REQUEST]          = { 0,       1,     -1,     -1,   -1,  -1,     -1 },
    [RECORD_KIND_RESPONSE]         = { -1,      -1,    0,      1,    2,   -1,     -1 },
    [RECORD_KIND_REQUEST_COPY]     = { -1,      -1,    -1,     -1,   -1,  2,      -1 },
    [RECORD_KIND_RESPONSE_COPY]    = { -1,      -1,    0,      -1,   -1,  2,      -1 },
    [RECORD_KIND_RELAYED_REQUEST]  = { -1,      1,     -1,     -1,   -1,  -1,     2 },
    [RECORD_KIND_RELAYED_RESPONSE] = { -1,      -1,    0,      -1,   2,   -1,     1 },
};

void
record_set_link(record *r, record_link_name link, uint32_t frame)
{
    const int slot = record_link_slots[record_kind_of(r)][link];
    g_assert(slot >= 0); /* a rule wrote a link this kind of record does not have */
    r->slots[slot] = frame;
}

static guint
interned_hash(gconstpointer s)
{
    return engine_str_hash(s);
}

void
store_init(store *s, size_t txn_size, size_t flow_size)
{
    s->strings = g_string_chunk_new(64 * 1024);
    s->interned = g_hash_table_new(interned_hash, g_str_equal);
    slab_init(&s->records, sizeof(record));
    slab_init(&s->details, sizeof(record_detail));
    slab_init(&s->txns, txn_size);
    slab_init(&s->flows, flow_size);
}

void
store_free(store *s)
{
    for (uint32_t i = 0; i < s->details.n; i++) {
        record_detail *d = slab_at(&s->details, i);
        g_free(d->hits);
        g_free(d->offers);
    }
    slab_free(&s->details);
    slab_free(&s->records);
    slab_free(&s->txns);
    slab_free(&s->flows);
    g_hash_table_destroy(s->interned);
    g_string_chunk_free(s->strings);
}

/* GStringChunk's own interning hashes with g_str_hash, a byte at a time;
 * Call-IDs, nonces and finding texts are long, and the engine interns up
 * to ten strings per message, so it keeps its own set with a word-at-a-time
 * hash. */
istr
store_intern(store *s, const char *str)
{
    if (!str) {
        return NULL;
    }
    const char *found = g_hash_table_lookup(s->interned, str);
    if (found) {
        return (istr)found; /* the one place a string becomes an istr */
    }
    char *copy = g_string_chunk_insert(s->strings, str);
    g_hash_table_add(s->interned, copy);
    return (istr)copy;
}

char *
store_copy(store *s, const char *str)
{
    return str ? g_string_chunk_insert(s->strings, str) : NULL;
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

record *
store_add_record(store *s, uint32_t *id)
{
    return slab_add(&s->records, id);
}

record_detail *
store_detail_of(const store *s, const record *r)
{
    return r->detail ? slab_at(&s->details, UNREF(r->detail)) : NULL;
}

record_detail *
store_detail_make(store *s, record *r)
{
    if (r->detail) {
        return store_detail_of(s, r);
    }
    uint32_t number;
    record_detail *d = slab_add(&s->details, &number);
    r->detail = REF(number);
    return d;
}

uint32_t
store_offers(const store *s, const record *r, challenge_offer **offers)
{
    const record_detail *d = store_detail_of(s, r);
    *offers = d ? d->offers : NULL;
    return d ? d->n_offers : 0;
}

void
store_add_hit(store *s, record *r, finding_hit hit)
{
    /* A message rarely has more than two findings: grow one at a time. */
    record_detail *d = store_detail_make(s, r);
    d->hits = g_renew(finding_hit, d->hits, d->n_hits + 1);
    d->hits[d->n_hits++] = hit;
}
