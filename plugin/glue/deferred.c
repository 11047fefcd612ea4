/* deferred.c - the batch queue of deferred.h. */
#include <glib.h>

#include "deferred.h"
#include "sip_parse.h"

enum {
    BATCH_MESSAGES = 256,
    BATCH_BYTES = 1 << 20, /* a few huge messages flush early */
};

typedef struct {
    sip_message meta;
    size_t      at, len; /* in bytes */
} queued;

static GArray            *messages; /* of queued */
static GByteArray        *bytes;
static sip_parse_storage  storage;  /* reused message after message */
static bool               grown;    /* bytes holds more than a batch */

void
deferred_push(const sip_message *meta, const uint8_t *data, size_t len)
{
    if (!messages) {
        messages = g_array_sized_new(FALSE, FALSE, sizeof(queued), BATCH_MESSAGES);
        bytes = g_byte_array_sized_new(BATCH_MESSAGES * 1024);
    }
    /* guint lengths: a message is never near 4 GiB, and the queue is
     * flushed once it holds 1 MiB. */
    queued q = { *meta, bytes->len, len };
    g_byte_array_append(bytes, data, (guint)len);
    grown |= bytes->len > BATCH_BYTES;
    g_array_append_val(messages, q);
}

bool
deferred_full(void)
{
    return messages && (messages->len >= BATCH_MESSAGES || bytes->len >= BATCH_BYTES);
}

void
deferred_flush(engine *e)
{
    if (!messages || messages->len == 0) {
        return;
    }
    for (guint i = 0; i < messages->len; i++) {
        const queued *q = &g_array_index(messages, queued, i);
        sip_message msg = q->meta;
        sip_parse_message_again(bytes->data + q->at, q->len, &msg, &storage);
        engine_feed(e, &msg);
    }
    g_array_set_size(messages, 0);
    g_byte_array_set_size(bytes, 0);
    /* The buffers are kept for the next batch, but not after a huge
     * message grew them past a batch's size. */
    if (grown) {
        deferred_release();
    }
}

void
deferred_release(void)
{
    if (messages) {
        g_array_free(messages, TRUE);
        g_byte_array_free(bytes, TRUE);
        messages = NULL;
        bytes = NULL;
    }
    grown = false;
    sip_parse_storage_clear(&storage, NULL);
}
