/* deferred.h - first-pass SIP messages that nobody is waiting for, parsed
 * and fed to the engine in batches.
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
 * frames' buffers are gone.  It is flushed, in frame order, before any
 * result is read: when a frame's results are wanted, when the sequential
 * read ends (plugin.c's postseq routine; failing that, the first visited
 * frame), and when it is full.  Nothing here knows
 * epan.
 */
#ifndef SIPAUTH_DEFERRED_H
#define SIPAUTH_DEFERRED_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "sip_message.h"

/* Queue a copy of one message: meta gives its frame, index, time,
 * transport and resend flag (what the glue knows without parsing). */
void deferred_push(const sip_message *meta, const uint8_t *bytes, size_t len);

/* true once the queue holds a batch (256 messages or 1 MiB of bytes). */
bool deferred_full(void);

/* Parse and feed every queued message to e, in the order queued.  The
 * queue is empty afterwards. */
void deferred_flush(engine *e);

/* Drop what is queued and free the queue (cleanup). */
void deferred_release(void);

#endif
