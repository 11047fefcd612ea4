/* ingest.c - the one path from a dissected frame to the engine (ingest.h). */
#include <string.h>

#include <epan/address.h>
#include <epan/to_str.h>
#include <wsutil/inet_addr.h>

#include "batch.h"
#include "ingest.h"
#include "sip_fields.h"
#include "sip_parse.h"

/* The parsed messages live in slots kept from frame to frame: dissection
 * handles one frame at a time, and a frame's messages are read only while
 * its post-dissector runs (the engine copies what it keeps, the stats tap
 * gets copies of the results).  Each slot's storage reuses its buffers, so
 * a frame's parse allocates nothing but its auth headers, and nothing
 * waits for the packet scope to end.  An exception leaves the slots as
 * they are; the next frame reuses them and ingest_close() frees them.
 *
 * The frames' source addresses are kept as text, one copy each: a message
 * may wait in the queue after its frame's pool is gone, and a capture has
 * few.  The last one is remembered as an address, so that a run of frames
 * from one sender costs a comparison, not a formatting and a hash, per
 * frame. */
typedef struct {
    engine            *engine;
    batch             *queue;         /* first-pass messages nobody reads yet */

    sip_message       *slot_msgs;
    sip_parse_storage *slot_storage;
    sip_span          *slot_spans;    /* where each message lies, while its frame is dissected */
    size_t             n_slots;

    GStringChunk      *sources;
    address            last_source;
    const char        *last_source_text;
} ingest_state;

static ingest_state state = { .last_source = ADDRESS_INIT_NONE };

void
ingest_open(const engine_config *cfg)
{
    state.engine = engine_new(cfg);
    state.queue = batch_new();
}

void
ingest_close(void)
{
    batch_free(state.queue);
    state.queue = NULL;
    if (state.sources) {
        g_string_chunk_free(state.sources);
        state.sources = NULL;
    }
    free_address(&state.last_source);
    state.last_source_text = NULL;
    for (size_t m = 0; m < state.n_slots; m++) {
        sip_parse_storage_clear(&state.slot_storage[m], NULL);
    }
    g_free(state.slot_msgs);
    g_free(state.slot_spans);
    g_free(state.slot_storage);
    state.slot_msgs = NULL;
    state.slot_spans = NULL;
    state.slot_storage = NULL;
    state.n_slots = 0;
    engine_free(state.engine);
    state.engine = NULL;
}

engine *
ingest_engine(void)
{
    return state.engine;
}

static void
slots_reserve(size_t n)
{
    if (n <= state.n_slots) {
        return;
    }
    state.slot_msgs = g_renew(sip_message, state.slot_msgs, n);
    state.slot_spans = g_renew(sip_span, state.slot_spans, n);
    state.slot_storage = g_renew(sip_parse_storage, state.slot_storage, n);
    memset(state.slot_storage + state.n_slots, 0, (n - state.n_slots) * sizeof *state.slot_storage);
    state.n_slots = n;
}

static const char *
source_of(packet_info *pinfo)
{
    if (pinfo->net_src.type == AT_NONE) {
        return NULL;
    }
    if (state.last_source_text && cmp_address(&state.last_source, &pinfo->net_src) == 0) {
        return state.last_source_text;
    }
    char buf[WS_INET6_ADDRSTRLEN + 16];
    address_to_str_buf(&pinfo->net_src, buf, sizeof buf);
    if (!state.sources) {
        state.sources = g_string_chunk_new(256);
    }
    free_address(&state.last_source);
    copy_address(&state.last_source, &pinfo->net_src);
    state.last_source_text = g_string_chunk_insert_const(state.sources, buf);
    return state.last_source_text;
}

/* The frame's messages, unparsed, in the slots.  Returns their count. */
static size_t
locate(proto_tree *tree, packet_info *pinfo)
{
    sip_items found;
    size_t n = sip_fields_find(tree, pinfo, &found);
    if (n == 0) {
        return 0;
    }
    slots_reserve(n);
    sip_fields_locate(&found, tree, pinfo, source_of(pinfo), state.slot_msgs, state.slot_spans);
    return n;
}

/* The frame's messages, parsed, in the slots.  Returns their count. */
static size_t
parse(proto_tree *tree, packet_info *pinfo)
{
    size_t n = locate(tree, pinfo);
    for (size_t m = 0; m < n; m++) {
        const sip_span *span = &state.slot_spans[m];
        if (span->bytes) {
            sip_parse_message_again(span->bytes, span->len, &state.slot_msgs[m], &state.slot_storage[m]);
        }
    }
    return n;
}

/* Nobody reads this frame's results now: queue its messages for a batch
 * (batch.h), fed when it is full or before anything is read. */
static void
queue_frame(proto_tree *tree, packet_info *pinfo)
{
    size_t n = locate(tree, pinfo);
    for (size_t m = 0; m < n; m++) {
        batch_push(state.queue, &state.slot_msgs[m], state.slot_spans[m].bytes, state.slot_spans[m].len);
    }
    if (batch_full(state.queue)) {
        batch_flush(state.queue, state.engine);
    }
}

uint32_t
ingest_frame(proto_tree *tree, packet_info *pinfo, bool results_read, bool parse_again, ingested_frame *out)
{
    memset(out, 0, sizeof *out);
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (first_pass && !results_read) {
        queue_frame(tree, pinfo);
        return 0;
    }
    /* Results are read from here on: the queue goes first, in frame order. */
    batch_flush(state.queue, state.engine);

    size_t n = 0;
    if (first_pass || parse_again) {
        n = parse(tree, pinfo);
        out->msgs = n ? state.slot_msgs : NULL;
        out->n_msgs = n;
    }
    if (first_pass) {
        if (n == 0) {
            return 0;
        }
        out->first_id = engine_feed(state.engine, &state.slot_msgs[0]);
        for (size_t m = 1; m < n; m++) {
            engine_feed(state.engine, &state.slot_msgs[m]);
        }
        out->n_results = (uint32_t)n;
    } else {
        /* A frame seen again where no end of the read came (a rescan)
         * means the read is over just the same. */
        engine_finish(state.engine);
        out->n_results = engine_frame_results(state.engine, pinfo->num, &out->first_id);
    }
    return out->n_results;
}

engine *
ingest_end_of_read(void)
{
    if (!state.engine) {
        return NULL;
    }
    batch_flush(state.queue, state.engine);
    engine_finish(state.engine);
    return state.engine;
}
