/* test_slab.c - core/slab.c: numbers in order, zeroed elements, addresses
 * that stay put across blocks, and a freed slab empty and usable again. */
#include <string.h>

#include <glib.h>

#include "slab.h"

typedef struct {
    uint64_t a;
    uint32_t b;
    uint8_t  c;
} item; /* 16 bytes: an odd element size would do as well */

/* slab_add(), asserting the number it gives and that the item is zeroed */
static item *add_zeroed(slab *s, uint32_t want)
{
    uint32_t number = UINT32_MAX;
    item *it = slab_add(s, &number);
    g_assert_cmpuint(number, ==, want);
    g_assert_cmpuint(it->a, ==, 0);
    g_assert_cmpuint(it->b, ==, 0);
    g_assert_cmpuint(it->c, ==, 0);
    return it;
}

static void test_numbers_and_zero(void)
{
    slab s;
    slab_init(&s, sizeof(item));
    for (uint32_t i = 0; i < 10; i++) {
        add_zeroed(&s, i)->a = i;
    }
    g_assert_cmpuint(s.n, ==, 10);
    g_assert_cmpuint(((item *)slab_at(&s, 7))->a, ==, 7);
    g_assert_nonnull(slab_add(&s, NULL)); /* the number is optional */
    g_assert_cmpuint(s.n, ==, 11);
    slab_free(&s);
    g_assert_cmpuint(s.n, ==, 0);
}

/* Pointers taken when elements are made must stay valid while many more
 * are made: the engine holds txn and flow pointers across calls that add
 * (slab.h).  A slab that grew by reallocating one array, or that
 * reallocated a block, would leave these pointers dangling (or pointing at
 * a stale copy): so each is checked to be where slab_at() says its element
 * is now, with the values written through it then.  The elements watched
 * are the first, those on both sides of every block boundary and one in the
 * middle of each block, over three blocks and a bit; every element gets
 * values of its own, so elements that overlapped (a wrong stride or block)
 * would show another's. */
static void test_blocks_do_not_move(void)
{
    slab s;
    slab_init(&s, sizeof(item));
    const uint32_t n = 3 * SLAB_BLOCK + 5;
    const uint32_t watched[] = {
        0, 1, SLAB_BLOCK / 2, SLAB_BLOCK - 1,
        SLAB_BLOCK, SLAB_BLOCK + 1, SLAB_BLOCK + SLAB_BLOCK / 2, 2 * SLAB_BLOCK - 1,
        2 * SLAB_BLOCK, 2 * SLAB_BLOCK + SLAB_BLOCK / 2, 3 * SLAB_BLOCK - 1,
        3 * SLAB_BLOCK, n - 1,
    };
    item *taken[G_N_ELEMENTS(watched)] = { NULL };
    size_t next = 0;
    for (uint32_t i = 0; i < n; i++) {
        item *it = slab_add(&s, NULL);
        it->a = (uint64_t)i << 32 | 0xa5a5u;
        it->b = ~i;
        it->c = (uint8_t)(i * 7 + 1);
        if (next < G_N_ELEMENTS(watched) && watched[next] == i) {
            taken[next++] = it;
        }
    }
    g_assert_cmpuint(next, ==, G_N_ELEMENTS(watched));
    g_assert_cmpuint(s.n, ==, n);
    for (size_t k = 0; k < G_N_ELEMENTS(watched); k++) {
        const uint32_t i = watched[k];
        g_assert_true(taken[k] == slab_at(&s, i));
        g_assert_cmpuint(taken[k]->a, ==, (uint64_t)i << 32 | 0xa5a5u);
        g_assert_cmpuint(taken[k]->b, ==, ~i);
        g_assert_cmpuint(taken[k]->c, ==, (uint8_t)(i * 7 + 1));
    }
    for (uint32_t i = 0; i < n; i++) {
        const item *it = slab_at(&s, i);
        g_assert_cmpuint(it->a, ==, (uint64_t)i << 32 | 0xa5a5u);
        g_assert_cmpuint(it->b, ==, ~i);
        g_assert_cmpuint(it->c, ==, (uint8_t)(i * 7 + 1));
    }
    slab_free(&s);
}

/* slab_free() leaves an empty slab (n 0, no blocks) that can be used
 * again from number 0 with zeroed elements, whether it had nothing or
 * several blocks: a free that kept n or the block pointers would number
 * the new elements after the old ones or hand out freed memory, and
 * recycled memory that is not zeroed would show the old values. */
static void test_free_and_reuse(void)
{
    slab s;
    slab_init(&s, sizeof(item));
    slab_free(&s); /* nothing was made: nothing to free, no crash */
    g_assert_cmpuint(s.n, ==, 0);
    g_assert_null(s.blocks);
    g_assert_cmpuint(s.size, ==, sizeof(item));

    for (int round = 0; round < 2; round++) {
        const uint32_t n = 2 * SLAB_BLOCK + 3;
        for (uint32_t i = 0; i < n; i++) {
            item *it = add_zeroed(&s, i);
            it->a = UINT64_MAX;
            it->b = UINT32_MAX;
            it->c = UINT8_MAX;
        }
        g_assert_cmpuint(s.n, ==, n);
        g_assert_cmpuint(((item *)slab_at(&s, n - 1))->b, ==, UINT32_MAX);
        slab_free(&s);
        g_assert_cmpuint(s.n, ==, 0);
        g_assert_null(s.blocks);
        g_assert_cmpuint(s.size, ==, sizeof(item));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/slab/numbers_and_zero", test_numbers_and_zero);
    g_test_add_func("/slab/blocks_do_not_move", test_blocks_do_not_move);
    g_test_add_func("/slab/free_and_reuse", test_free_and_reuse);
    return g_test_run();
}
