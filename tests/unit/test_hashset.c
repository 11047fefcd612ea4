/* test_hashset.c - core/hashset.c: items found by hash and test, growth that
 * keeps them, and removal by backward shift (including runs that wrap past
 * the last slot), checked against a plain array after every step. */
#include <glib.h>

#include "hashset.h"

typedef struct {
    uint32_t key;
    uint32_t hash;   /* chosen by the test: equal hashes make collisions */
} item;

static bool
same_key(const void *it, const void *key)
{
    return ((const item *)it)->key == *(const uint32_t *)key;
}

static const item *
find(const hashset *s, const item *it)
{
    return hashset_find(s, it->hash, same_key, &it->key);
}

static void test_add_find_grow(void)
{
    hashset s;
    hashset_init(&s);
    uint32_t absent = 7;
    g_assert_null(hashset_find(&s, 1, same_key, &absent)); /* empty: no slots yet */
    enum { N = 5000 };
    item *items = g_new(item, N);
    for (uint32_t i = 0; i < N; i++) {
        items[i] = (item){ .key = i, .hash = i * 2654435761u };
        hashset_add(&s, items[i].hash, &items[i]);
        g_assert_cmpuint(s.n, ==, i + 1);
    }
    /* several growths later, every item is where its hash says */
    for (uint32_t i = 0; i < N; i++) {
        g_assert_true(find(&s, &items[i]) == &items[i]);
    }
    /* the same hash but another key: the test decides */
    uint32_t other = N + 1;
    g_assert_null(hashset_find(&s, items[3].hash, same_key, &other));
    g_assert_cmpuint((uint64_t)s.n * 4u, <=, (UINT64_C(1) << (32 - s.shift)) * 3u); /* at most 3/4 full */
    hashset_free(&s);
    g_assert_null(s.slots);
    g_assert_cmpuint(s.n, ==, 0);
    g_free(items);
}

/* Which hashes share a home slot in a set of this size? */
static uint32_t
hash_with_home(const hashset *s, uint32_t home, uint32_t after)
{
    for (uint32_t h = after;; h++) {
        if (hashset_home(s, h) == home) {
            return h;
        }
    }
}

/* A run of colliding items that wraps from the last slot to the first;
 * removing each in turn (first, middle, last of the run) leaves the others
 * findable, and a removed item is gone for good. */
static void test_remove_shifts_back(void)
{
    for (uint32_t victim_order = 0; victim_order < 3; victim_order++) {
        hashset s;
        hashset_init(&s);
        item filler = { .key = 999, .hash = 0 };
        hashset_add(&s, filler.hash, &filler); /* allocates 16 slots */
        uint32_t last = (UINT32_C(1) << (32 - s.shift)) - 1u;
        enum { N = 6 };
        item items[N];
        /* homes: last, last, 0, last, 1, 0: the run wraps and mixes homes */
        const uint32_t homes[N] = { last, last, 0, last, 1, 0 };
        for (uint32_t i = 0; i < N; i++) {
            items[i] = (item){ .key = i, .hash = hash_with_home(&s, homes[i], i * 100000u) };
            hashset_add(&s, items[i].hash, &items[i]);
        }
        g_assert_cmpuint(s.n, ==, N + 1);
        bool removed[N] = { false };
        const uint32_t orders[3][N] = { { 0, 1, 2, 3, 4, 5 }, { 2, 4, 0, 5, 1, 3 }, { 5, 3, 1, 4, 2, 0 } };
        for (uint32_t k = 0; k < N; k++) {
            uint32_t v = orders[victim_order][k];
            g_assert_true(hashset_remove(&s, items[v].hash, &items[v]));
            g_assert_false(hashset_remove(&s, items[v].hash, &items[v]));
            removed[v] = true;
            for (uint32_t i = 0; i < N; i++) {
                g_assert_true(find(&s, &items[i]) == (removed[i] ? NULL : &items[i]));
            }
            g_assert_true(find(&s, &filler) == &filler);
        }
        g_assert_cmpuint(s.n, ==, 1);
        hashset_free(&s);
    }
}

/* Random adds and removes against a plain array of what is in. */
static void test_against_model(void)
{
    enum { N = 2000 };
    item *items = g_new(item, N);
    bool *in = g_new0(bool, N);
    hashset s;
    hashset_init(&s);
    GRand *rand = g_rand_new_with_seed(20261129);
    for (uint32_t i = 0; i < N; i++) {
        /* few distinct hashes: long collision runs */
        items[i] = (item){ .key = i, .hash = g_rand_int_range(rand, 0, 64) };
    }
    uint32_t n_in = 0;
    for (uint32_t step = 0; step < 20000; step++) {
        uint32_t i = (uint32_t)g_rand_int_range(rand, 0, N);
        if (in[i]) {
            g_assert_true(hashset_remove(&s, items[i].hash, &items[i]));
            in[i] = false;
            n_in--;
        } else {
            hashset_add(&s, items[i].hash, &items[i]);
            in[i] = true;
            n_in++;
        }
        g_assert_cmpuint(s.n, ==, n_in);
        if (step % 500 == 0) {
            for (uint32_t j = 0; j < N; j++) {
                g_assert_true(find(&s, &items[j]) == (in[j] ? &items[j] : NULL));
            }
        }
    }
    for (uint32_t j = 0; j < N; j++) {
        g_assert_true(find(&s, &items[j]) == (in[j] ? &items[j] : NULL));
    }
    g_rand_free(rand);
    hashset_free(&s);
    g_free(in);
    g_free(items);
}

static void test_pointer_hash_spreads(void)
{
    /* slab neighbours 16 bytes apart land on different home slots */
    hashset s;
    hashset_init(&s);
    item filler = { 0 };
    hashset_add(&s, 0, &filler);
    char block[16 * 16];
    uint32_t seen = 0;
    for (uint32_t i = 0; i < 16; i++) {
        seen |= UINT32_C(1) << hashset_home(&s, hashset_pointer_hash(block + 16 * i));
    }
    uint32_t homes = 0;
    for (uint32_t b = 0; b < 16; b++) {
        homes += (seen >> b) & 1u;
    }
    g_assert_cmpuint(homes, >=, 8);
    hashset_free(&s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hashset/add_find_grow", test_add_find_grow);
    g_test_add_func("/hashset/remove_shifts_back", test_remove_shifts_back);
    g_test_add_func("/hashset/against_model", test_against_model);
    g_test_add_func("/hashset/pointer_hash_spreads", test_pointer_hash_spreads);
    return g_test_run();
}
