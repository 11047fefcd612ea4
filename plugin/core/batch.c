/* batch.c - the batch queue of batch.h. */
#include <glib.h>

#include "batch.h"
#include "sip_parse.h"

enum {
    BATCH_MESSAGES = 256,
    BATCH_BYTES = 1 << 20, /* a few huge messages flush early */
};

typedef struct {
    sip_message meta;
    size_t      at, len; /* in bytes */
} queued;

struct batch {
    GArray            *messages; /* of queued; NULL until the first push */
    GByteArray        *bytes;    /* every queued message's bytes, one after another */
    sip_parse_storage  storage;  /* reused message after message */
    bool               grown;    /* bytes holds more than a batch */
};

batch *
batch_new(void)
{
    return g_new0(batch, 1);
}

/* Free the buffers and the parse storage; the queue stays usable. */
static void
release_buffers(batch *b)
{
    if (b->messages) {
        g_array_free(b->messages, TRUE);
        g_byte_array_free(b->bytes, TRUE);
        b->messages = NULL;
        b->bytes = NULL;
    }
    b->grown = false;
    sip_parse_storage_clear(&b->storage, NULL);
}

void
batch_free(batch *b)
{
    if (b) {
        release_buffers(b);
        g_free(b);
    }
}

void
batch_push(batch *b, const sip_message *meta, const uint8_t *data, size_t len)
{
    if (!b->messages) {
        b->messages = g_array_sized_new(FALSE, FALSE, sizeof(queued), BATCH_MESSAGES);
        b->bytes = g_byte_array_sized_new(BATCH_MESSAGES * 1024);
    }
    /* guint lengths: a message is never near 4 GiB, and the queue is
     * flushed once it holds 1 MiB. */
    queued q = { *meta, b->bytes->len, len };
    g_byte_array_append(b->bytes, data, (guint)len);
    b->grown |= b->bytes->len > BATCH_BYTES;
    g_array_append_val(b->messages, q);
}

bool
batch_full(const batch *b)
{
    return b->messages && (b->messages->len >= BATCH_MESSAGES || b->bytes->len >= BATCH_BYTES);
}

void
batch_flush(batch *b, engine *e)
{
    if (!b->messages || b->messages->len == 0) {
        return;
    }
    for (guint i = 0; i < b->messages->len; i++) {
        const queued *q = &g_array_index(b->messages, queued, i);
        sip_message msg = q->meta;
        sip_parse_message_again(b->bytes->data + q->at, q->len, &msg, &b->storage);
        engine_feed(e, &msg);
    }
    g_array_set_size(b->messages, 0);
    g_byte_array_set_size(b->bytes, 0);
    /* The buffers are kept for the next batch, but not after a huge
     * message grew them past a batch's size. */
    if (b->grown) {
        release_buffers(b);
    }
}
