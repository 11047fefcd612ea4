/* engine.h - the auth-flow correlation engine.
 *
 * Fed every SIP message of a capture in frame order (first pass), it follows
 * each request through its challenges, ACKs, retries and final answer, and
 * keeps one result per message that the glue shows on every pass.  Results
 * about a message can grow as later frames arrive (the retry that answers a
 * challenge, the ACK that never came), so the glue renders from the engine,
 * never from a copy; single-pass output simply lacks what later frames would
 * add.  Verdicts about absence (no ACK, no retry, the flow's outcome) are only
 * given once the engine knows what came after: engine_finish(), or a flow's
 * final answer.
 *
 * The engine copies what it keeps from the borrowed sip_message strings; its
 * memory grows with the number of messages, and one message with absurd
 * numbers of headers is capped (ENGINE_MAX_OFFERS, ENGINE_MAX_CREDENTIALS).
 */
#ifndef SIPAUTH_ENGINE_H
#define SIPAUTH_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "results.h"
#include "sip_message.h"

typedef struct engine engine;

engine *engine_new(const engine_config *cfg);
void engine_free(engine *e);

/* Feed one message (frame order; messages of one frame in order).  Returns
 * the id under which engine_result() finds its result. */
uint32_t engine_feed(engine *e, const sip_message *msg);

/* The capture is complete: give the verdicts that need to know nothing more
 * came (ack_missing / ack_not_seen, no_retry, outcomes).  Idempotent. */
void engine_finish(engine *e);
bool engine_finished(const engine *e);

/* The current result for id, in one view the engine reuses: the next
 * engine_result() (or engine_feed()) overwrites it.  Read it, do not keep it. */
const msg_result *engine_result(engine *e, uint32_t id);

/* The results of a frame's messages: ids *first .. *first + count - 1, in the
 * order they were fed.  Frames must have been fed in increasing order (the
 * glue's first pass), so no per-frame store is needed to find them. */
uint32_t engine_frame_results(engine *e, uint32_t frame, uint32_t *first);

/* Every finding that engine_result() shows on some message now, as a set
 * of bits (1 << finding_id): what the GUI's status bar sums up for the
 * whole file.  Walks every record once. */
uint64_t engine_findings_shown(engine *e);

uint32_t engine_message_count(const engine *e);
uint32_t engine_flow_count(const engine *e);

#endif
