/* slab.h - many small structs of one size, numbered, in blocks that never move.
 *
 * The engine keeps one transaction per request, one flow per Call-ID and
 * method and one detail per challenge or credentials: hundreds of thousands
 * in a large capture.  A slab hands them out zeroed from blocks of
 * SLAB_BLOCK, so each costs its size and nothing more (malloc adds 8 to 24
 * bytes to each of them), is found by a 32-bit number (a record names its
 * flow and transaction in 4 bytes, not 8), and keeps its address while more
 * are made (callers hold pointers across calls that add).
 */
#ifndef SIPAUTH_SLAB_H
#define SIPAUTH_SLAB_H

#include <stddef.h>
#include <stdint.h>

#define SLAB_BLOCK 4096u

typedef struct {
    void   **blocks;
    size_t   size;     /* of one element */
    uint32_t n;        /* elements handed out */
} slab;

void slab_init(slab *s, size_t size);
/* A new zeroed element; *number (if not NULL) gets its number, 0, 1, ... */
void *slab_add(slab *s, uint32_t *number);
/* Element i (i < n) */
static inline void *
slab_at(const slab *s, uint32_t i)
{
    return (char *)s->blocks[i / SLAB_BLOCK] + (size_t)(i % SLAB_BLOCK) * s->size;
}
/* Frees the blocks (not what the elements point to) */
void slab_free(slab *s);

#endif
