/* slab.c - see slab.h */
#include <glib.h>

#include "slab.h"

void
slab_init(slab *s, size_t size)
{
    *s = (slab){ .size = size };
}

void *
slab_add(slab *s, uint32_t *number)
{
    uint32_t i = s->n;
    if (i == UINT32_MAX) {
        g_error("sipauth: more than 2^32 - 1 engine elements"); /* a record id is 32 bits too */
    }
    if (i % SLAB_BLOCK == 0) {
        uint32_t b = i / SLAB_BLOCK;
        /* One more block pointer per 4096 elements: growing it one at a
         * time copies a few kB in all. */
        s->blocks = g_renew(void *, s->blocks, b + 1);
        s->blocks[b] = g_malloc0(SLAB_BLOCK * s->size);
    }
    s->n++;
    if (number) {
        *number = i;
    }
    return slab_at(s, i);
}

void
slab_free(slab *s)
{
    for (uint32_t b = 0; b < (s->n + SLAB_BLOCK - 1) / SLAB_BLOCK; b++) {
        g_free(s->blocks[b]);
    }
    g_free(s->blocks);
    s->blocks = NULL;
    s->n = 0;
}
