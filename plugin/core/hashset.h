/* hashset.h - a set of pointers, found by a 32-bit hash and the caller's test.
 *
 * The engine's tables (interned strings, transactions, open flows, nonces,
 * nonce counts) reach a million entries in a large capture, and nearly every
 * lookup is of a key last touched long ago: it misses the caches.  GHashTable
 * keeps its hashes, keys and values in three arrays, so one lookup misses
 * two or three times before it even reaches the entry.  Here a slot holds
 * the hash and the pointer together: one miss for the slot, then the entry.
 * A 32-bit hash compared first means the caller's test runs (nearly) only on
 * the entry it is looking for.
 *
 * Open addressing with linear probing, at most three quarters full, so a
 * probe sequence stays within a cache line or two; a removal shifts the
 * following slots back instead of leaving a tombstone.  An item is its own
 * key (a txn, a flow, an interned string...), and NULL is no item.
 */
#ifndef SIPAUTH_HASHSET_H
#define SIPAUTH_HASHSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t hash;
    void    *item;   /* NULL: an empty slot */
} hashset_slot;

typedef struct {
    hashset_slot *slots;
    uint32_t      shift;   /* 32 - log2(number of slots) */
    uint32_t      n;       /* items */
} hashset;

/* Is item the one key names? */
typedef bool (*hashset_same_fn)(const void *item, const void *key);

void hashset_init(hashset *s);
void hashset_free(hashset *s);   /* the slots, not the items */

/* The home slot of a hash: Fibonacci hashing takes the product's high bits,
 * so a hash with poor low bits (a pointer's) still spreads. */
static inline uint32_t
hashset_home(const hashset *s, uint32_t hash)
{
    return (uint32_t)(hash * UINT32_C(0x9E3779B1)) >> s->shift;
}

/* The item with this hash that same() accepts for key, or NULL.  Inline, so
 * that a static same() is inlined into its caller. */
static inline void *
hashset_find(const hashset *s, uint32_t hash, hashset_same_fn same, const void *key)
{
    if (!s->slots) {
        return NULL;
    }
    uint32_t mask = (UINT32_C(1) << (32 - s->shift)) - 1u;
    for (uint32_t i = hashset_home(s, hash);; i = (i + 1u) & mask) {
        const hashset_slot *slot = &s->slots[i];
        if (!slot->item) {
            return NULL;
        }
        if (slot->hash == hash && same(slot->item, key)) {
            return slot->item;
        }
    }
}

/* Adds item (not NULL, not already in the set) under hash. */
void hashset_add(hashset *s, uint32_t hash, void *item);
/* Removes this very item (found by hash and address); false if absent. */
bool hashset_remove(hashset *s, uint32_t hash, const void *item);

/* A pointer's hash, for sets keyed by interned strings */
static inline uint32_t
hashset_pointer_hash(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * UINT64_C(0x9E3779B97F4A7C15);
    return (uint32_t)(h >> 32);
}

#endif
