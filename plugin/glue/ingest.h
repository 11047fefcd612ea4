/* ingest.h - the one path from a dissected frame to the engine.
 *
 * First pass: a frame's SIP messages are located (sip_fields.h) and either
 * queued unparsed for a batch (core/batch.h), when nobody reads the frame's
 * results now, or parsed and fed at once.  Later passes: the engine's
 * results for the frame, and its messages parsed again when their
 * extraction subtree is shown.  The queue is flushed, in frame order,
 * before any result is read.
 *
 * Everything this path keeps from frame to frame (the engine, the queue,
 * the reused message slots, the source addresses) is one state, opened
 * when a capture is and closed with it.
 */
#ifndef SIPAUTH_INGEST_H
#define SIPAUTH_INGEST_H

#include <epan/packet.h>

#include "engine.h"
#include "sip_message.h"

/* A new engine with cfg, an empty queue (the dissector's init routine). */
void ingest_open(const engine_config *cfg);

/* Free the engine and everything kept; queued messages are dropped (the
 * cleanup routine). */
void ingest_close(void);

/* The capture's engine: engine_result() of the ids ingest_frame() gives.
 * NULL when no capture is open. */
engine *ingest_engine(void);

/* What ingest_frame() gives the renderer. */
typedef struct {
    const sip_message *msgs;      /* the frame's parsed messages (first pass, or later with
                                   * parse_again), valid until the next frame; else NULL */
    size_t             n_msgs;
    uint32_t           first_id;  /* the frame's results: ids first_id .. first_id + n_results - 1 */
    uint32_t           n_results;
} ingested_frame;

/* Take in one SIP frame.  results_read: someone reads this frame's results
 * now (a shown tree, a column, a tap, a filter); on the first pass without
 * it the messages are only queued.  parse_again: on a later pass, parse
 * the messages again (their extraction subtree is shown).  Returns
 * out->n_results; 0 also when the messages were queued. */
uint32_t ingest_frame(proto_tree *tree, packet_info *pinfo, bool results_read, bool parse_again,
                      ingested_frame *out);

/* The sequential read is over: feed what is queued and give the verdicts
 * that need the whole capture (engine_finish).  Returns the engine, NULL
 * when no capture is open. */
engine *ingest_end_of_read(void);

#endif
