/* batch.h - SIP messages that nobody is waiting for, queued unparsed and
 * parsed and fed to the engine a batch at a time.
 *
 * On tshark's first pass with -2 (and Wireshark's first read of a file)
 * no one reads a frame's results while it is dissected: no shown tree, no
 * column, no tap, no filter on sipauth or expert fields.  Parsing and
 * correlating such a frame at once interleaves sipauth's code with all of
 * Wireshark's for every SIP message, and each evicts the other from the
 * instruction cache (callgrind: +4.3 M level-1 instruction misses per 10k
 * messages, a third of the plugin's cost in cycles).  Queued and handled
 * 256 at a time, sipauth's code stays hot for a batch: +1.7 M.
 *
 * The queue holds copies of the message bytes, so a batch is fed after its
 * frames' buffers are gone.  Its owner flushes it, in frame order, before
 * any result is read and whenever it is full; feeding through a batch then
 * gives exactly the results of feeding at once (tests/unit/test_batch.c).
 * Plain C and GLib: the glue's ingest.c decides what is queued.
 */
#ifndef SIPAUTH_BATCH_H
#define SIPAUTH_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "sip_message.h"

typedef struct batch batch;

/* An empty queue; its buffers are allocated by the first push. */
batch *batch_new(void);

/* Drop what is queued, unfed, and free the queue.  NULL is fine. */
void batch_free(batch *b);

/* Queue a copy of one message's bytes.  meta gives what is known without
 * parsing (frame, index, time, transport, source, resend flag) and is
 * copied as it is; its source string is not copied and must outlive the
 * flush.  bytes may be NULL when len is 0 (a message that lies nowhere). */
void batch_push(batch *b, const sip_message *meta, const uint8_t *bytes, size_t len);

/* true once the queue holds a batch (256 messages or 1 MiB of bytes). */
bool batch_full(const batch *b);

/* Parse and feed every queued message to e, in the order queued.  The
 * queue is empty afterwards. */
void batch_flush(batch *b, engine *e);

#endif
