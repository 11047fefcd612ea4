/* test_slab.c - core/slab.c: numbers in order, zeroed elements, addresses
 * that stay put across blocks, and an empty slab freed. */
#include <string.h>

#include <glib.h>

#include "slab.h"

typedef struct {
    uint64_t a;
    uint32_t b;
    uint8_t  c;
} item; /* 16 bytes: an odd element size would do as well */

static void test_numbers_and_zero(void)
{
    slab s;
    slab_init(&s, sizeof(item));
    for (uint32_t i = 0; i < 10; i++) {
        uint32_t number = UINT32_MAX;
        item *it = slab_add(&s, &number);
        g_assert_cmpuint(number, ==, i);
        g_assert_cmpuint(it->a, ==, 0);
        g_assert_cmpuint(it->b, ==, 0);
        g_assert_cmpuint(it->c, ==, 0);
        it->a = i;
    }
    g_assert_cmpuint(s.n, ==, 10);
    g_assert_cmpuint(((item *)slab_at(&s, 7))->a, ==, 7);
    g_assert_nonnull(slab_add(&s, NULL)); /* the number is optional */
    g_assert_cmpuint(s.n, ==, 11);
    slab_free(&s);
    g_assert_cmpuint(s.n, ==, 0);
}

/* Three blocks and a bit: the first element keeps its address while the
 * others are made, and every element is where its number says. */
static void test_blocks_do_not_move(void)
{
    slab s;
    slab_init(&s, sizeof(item));
    item *first = slab_add(&s, NULL);
    first->a = 42;
    const uint32_t n = 3 * SLAB_BLOCK + 5;
    for (uint32_t i = 1; i < n; i++) {
        item *it = slab_add(&s, NULL);
        it->a = i;
        it->b = ~i;
    }
    g_assert_true(first == slab_at(&s, 0));
    g_assert_cmpuint(first->a, ==, 42);
    for (uint32_t i = 1; i < n; i++) {
        const item *it = slab_at(&s, i);
        g_assert_cmpuint(it->a, ==, i);
        g_assert_cmpuint(it->b, ==, ~i);
    }
    /* neighbours across a block boundary are separate elements */
    item *last_of_block = slab_at(&s, SLAB_BLOCK - 1), *first_of_next = slab_at(&s, SLAB_BLOCK);
    g_assert_true(last_of_block != first_of_next);
    slab_free(&s);
}

static void test_empty(void)
{
    slab s;
    slab_init(&s, 1);
    slab_free(&s); /* nothing was made: nothing to free, no crash */
    g_assert_null(s.blocks);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/slab/numbers_and_zero", test_numbers_and_zero);
    g_test_add_func("/slab/blocks_do_not_move", test_blocks_do_not_move);
    g_test_add_func("/slab/empty", test_empty);
    return g_test_run();
}
