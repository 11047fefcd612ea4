/* hashset.c - see hashset.h */
#include <glib.h>

#include "hashset.h"

#define HASHSET_MIN_SHIFT (32u - 4u) /* 16 slots */

void
hashset_init(hashset *s)
{
    *s = (hashset){ .shift = HASHSET_MIN_SHIFT };
}

void
hashset_free(hashset *s)
{
    g_free(s->slots);
    hashset_init(s);
}

static uint32_t
capacity(const hashset *s)
{
    return UINT32_C(1) << (32 - s->shift);
}

/* Into a free slot: the caller knows item is not in the set. */
static void
place(hashset *s, uint32_t hash, void *item)
{
    uint32_t mask = capacity(s) - 1u;
    uint32_t i = hashset_home(s, hash);
    while (s->slots[i].item) {
        i = (i + 1u) & mask;
    }
    s->slots[i] = (hashset_slot){ .hash = hash, .item = item };
}

/* Twice the slots; the stored hashes place the items again, so no item is
 * read (they are the cache misses this set exists to avoid). */
static void
grow(hashset *s)
{
    hashset_slot *old = s->slots;
    uint32_t old_capacity = old ? capacity(s) : 0;
    if (old) {
        if (s->shift == 1) {
            g_error("sipauth: a hash set of more than 2^30 items");
        }
        s->shift--;
    }
    s->slots = g_new0(hashset_slot, capacity(s));
    for (uint32_t i = 0; i < old_capacity; i++) {
        if (old[i].item) {
            place(s, old[i].hash, old[i].item);
        }
    }
    g_free(old);
}

void
hashset_add(hashset *s, uint32_t hash, void *item)
{
    /* At most three quarters full: a probe for an absent key then reads
     * about eight slots, two cache lines, on average. */
    if (!s->slots || (uint64_t)(s->n + 1) * 4u > (uint64_t)capacity(s) * 3u) {
        grow(s);
    }
    place(s, hash, item);
    s->n++;
}

bool
hashset_remove(hashset *s, uint32_t hash, const void *item)
{
    if (!s->slots) {
        return false;
    }
    uint32_t mask = capacity(s) - 1u;
    uint32_t i = hashset_home(s, hash);
    while (s->slots[i].item != item) {
        if (!s->slots[i].item) {
            return false;
        }
        i = (i + 1u) & mask;
    }
    /* Backward shift: move each later item of the run into the hole when
     * its home slot does not lie cyclically in (hole, its slot], so every
     * item stays reachable from its home without tombstones. */
    uint32_t hole = i;
    for (uint32_t j = (i + 1u) & mask; s->slots[j].item; j = (j + 1u) & mask) {
        uint32_t home = hashset_home(s, s->slots[j].hash);
        bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            s->slots[hole] = s->slots[j];
            hole = j;
        }
    }
    s->slots[hole] = (hashset_slot){ 0 };
    s->n--;
    return true;
}
