/* sip_fields.c - the SIP messages of a frame, found where Wireshark's SIP
 * dissector put them.
 *
 * The SIP dissector frames each message (UDP datagram, TCP stream, TLS,
 * WebSocket) and puts one "sip" protocol item per message in the tree; a TCP
 * segment can carry several.  The item's position gives the message's bytes,
 * which core/sip_parse.c reads.  The dissector's own verdict that a message
 * is a retransmission (sip.resend) is taken as a field and assigned to the
 * message whose byte range contains it.  Reading other dissectors' fields in
 * one place, by name, is the approach of TRANSUM's extractors.c.
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/to_str.h>
#include <wsutil/inet_addr.h>
#include <epan/wmem_scopes.h>

#include "deferred.h"
#include "sip_fields.h"
#include "sip_parse.h"
#include "ws_compat.h"

/* Only two things are read from SIP's dissection: its protocol items, whose
 * positions say where each message starts, and its retransmission flag.
 * The headers themselves are read from the message bytes (core/sip_parse.c):
 * wanting every header field made Wireshark build a real item for each, on
 * every SIP frame, at a cost larger than all of sipauth's own work.
 *
 * Only the protocol is a wanted field.  Wireshark 4.0 and 4.4 never fake an
 * item at the top of the tree, where the protocol items are, so there they
 * would be found without asking; 4.6 fakes unreferenced protocol items there
 * too (found by the test suite on Debian sid), so the protocol is asked for.
 * The messages are still taken from the top level only: a SIP message
 * inside another's body (message/sip) is part of that body.
 *
 * The retransmission flag is shown only in the extraction subtree, and the
 * engine does not use it, so it is not wanted: a real sip.resend item on
 * every SIP message of the first pass cost a twentieth of the plugin's
 * time (docs/performance.md).  It is read where it is real anyway: a shown
 * tree, or a filter or column naming sip.resend. */
typedef enum {
    SF_SIP,               /* the protocol item: one per message */
    SF_RESEND,
    SF_COUNT
} sip_field;

static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP]    = "sip",
    [SF_RESEND] = "sip.resend",
};

static int sip_field_ids[SF_COUNT];
static int proto_sip = -1;

void
sip_fields_init(void)
{
    proto_sip = proto_get_id_by_filter_name("sip");
    for (int f = 0; f < SF_COUNT; f++) {
        sip_field_ids[f] = proto_registrar_get_id_byname(sip_field_names[f]);
    }
}

GArray *
sip_fields_wanted(void)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    if (sip_field_ids[SF_SIP] > 0) {
        g_array_append_val(ids, sip_field_ids[SF_SIP]);
    }
    return ids;
}

/* What proto_is_frame_protocol() does, comparing protocol ids instead of
 * looking up and comparing every layer's name: this runs on every frame. */
bool
sip_fields_frame_has_sip(packet_info *pinfo)
{
    if (proto_sip < 0) {
        return false;
    }
    for (wmem_list_frame_t *layer = wmem_list_head(pinfo->layers); layer; layer = wmem_list_frame_next(layer)) {
        if (GPOINTER_TO_INT(wmem_list_frame_data(layer)) == proto_sip) {
            return true;
        }
    }
    return false;
}

/* --- helpers ---------------------------------------------------------------- */

/* Every occurrence of a SIP field in the tree.  Wireshark keeps them for the
 * wanted and the filtered fields; otherwise, when the tree is shown (packet
 * details, -V), they are found by walking it.  Otherwise NULL: the field's
 * items may be fakes that cannot be told apart.  The array belongs to
 * pinfo->pool. */
static sipauth_cb_bool
free_found(wmem_allocator_t *allocator _U_, wmem_cb_event_t event _U_, void *user_data)
{
    g_ptr_array_free(user_data, TRUE);
    return FALSE;
}

static GPtrArray *
fields_found(proto_tree *tree, packet_info *pinfo, sip_field f)
{
    if (sip_field_ids[f] <= 0) {
        return NULL;
    }
    GPtrArray *kept = proto_get_finfo_ptr_array(tree, sip_field_ids[f]);
    if (kept && kept->len) {
        return kept;
    }
    if (!PTREE_DATA(tree)->visible) {
        return NULL;
    }
    GPtrArray *walked = proto_find_finfo(tree, sip_field_ids[f]);
    wmem_register_callback(pinfo->pool, free_found, walked);
    return walked;
}

/* The message a field belongs to: of the SIP items in the same data source,
 * the last one that starts at or before the field.  Messages follow each
 * other in a segment, and the items' lengths cannot be trusted: when the
 * tree is not visible (tshark's first pass) proto_item_set_len() does
 * nothing, so each item still reaches to the end of the segment.  Linear in
 * the number of messages: one for UDP, a handful for a TCP segment. */
static int
message_of(const field_info *fi, const field_info *const *sips, size_t n_sips)
{
    int found = -1;
    for (size_t m = 0; m < n_sips; m++) {
        const field_info *s = sips[m];
        if (s->ds_tvb == fi->ds_tvb && s->start <= fi->start &&
            (found < 0 || s->start >= sips[found]->start)) {
            found = (int)m;
        }
    }
    /* A field in no message's data source: attribute it only when there is
     * no doubt. */
    return found >= 0 ? found : (n_sips == 1 ? 0 : -1);
}

/* The parsed messages live in slots kept from frame to frame: dissection
 * handles one frame at a time, and a frame's messages are read only while
 * its post-dissector runs (the engine copies what it keeps, the stats tap
 * gets copies of the results).  Each slot's storage reuses its buffers, so
 * a frame's parse allocates nothing but its auth headers, and nothing
 * waits for the packet scope to end.  An exception leaves the slots as
 * they are; the next frame reuses them and sip_fields_release() frees them. */
static sip_message       *slot_msgs;
static sip_parse_storage *slot_storage;
static const uint8_t    **slot_bytes; /* where each message lies, while its frame is dissected */
static size_t            *slot_lens;
static size_t             n_slots;

static void
slots_reserve(size_t n)
{
    if (n <= n_slots) {
        return;
    }
    slot_msgs = g_renew(sip_message, slot_msgs, n);
    slot_bytes = g_renew(const uint8_t *, slot_bytes, n);
    slot_lens = g_renew(size_t, slot_lens, n);
    slot_storage = g_renew(sip_parse_storage, slot_storage, n);
    memset(slot_storage + n_slots, 0, (n - n_slots) * sizeof *slot_storage);
    n_slots = n;
}

/* The frames' source addresses, one copy each: a message may wait in the
 * deferred queue after its frame's pool is gone, and a capture has few.
 * The last one is remembered as an address, so that a run of frames from
 * one sender costs a comparison, not a formatting and a hash, per frame. */
static GStringChunk *sources;
static address       last_source = ADDRESS_INIT_NONE;
static const char   *last_source_text;

static const char *
source_of(packet_info *pinfo)
{
    if (pinfo->net_src.type == AT_NONE) {
        return NULL;
    }
    if (last_source_text && cmp_address(&last_source, &pinfo->net_src) == 0) {
        return last_source_text;
    }
    char buf[WS_INET6_ADDRSTRLEN + 16];
    address_to_str_buf(&pinfo->net_src, buf, sizeof buf);
    if (!sources) {
        sources = g_string_chunk_new(256);
    }
    free_address(&last_source);
    copy_address(&last_source, &pinfo->net_src);
    last_source_text = g_string_chunk_insert_const(sources, buf);
    return last_source_text;
}

void
sip_fields_release(void)
{
    if (sources) {
        g_string_chunk_free(sources);
        sources = NULL;
    }
    free_address(&last_source);
    last_source_text = NULL;
    for (size_t m = 0; m < n_slots; m++) {
        sip_parse_storage_clear(&slot_storage[m], NULL);
    }
    g_free(slot_msgs);
    g_free(slot_bytes);
    g_free(slot_lens);
    g_free(slot_storage);
    slot_msgs = NULL;
    slot_bytes = NULL;
    slot_lens = NULL;
    slot_storage = NULL;
    n_slots = 0;
}

/* The frame's messages, unparsed: slot_msgs[m] gets what the glue knows
 * (frame, index, time, transport, resend flag), slot_bytes[m] and
 * slot_lens[m] where the message lies (NULL and 0 when nowhere). */
static size_t
locate(proto_tree *tree, packet_info *pinfo)
{
    if (!tree || proto_sip <= 0) {
        return 0;
    }
    size_t n = 0;
    for (proto_node *node = tree->first_child; node; node = node->next) {
        n += node->finfo && node->finfo->hfinfo->id == proto_sip;
    }
    if (n == 0) {
        return 0;
    }
    const field_info **sips = wmem_alloc_array(pinfo->pool, const field_info *, n);
    size_t found = 0;
    for (proto_node *node = tree->first_child; node; node = node->next) {
        if (node->finfo && node->finfo->hfinfo->id == proto_sip) {
            sips[found++] = node->finfo;
        }
    }

    slots_reserve(n);
    sip_message *msgs = slot_msgs;
    memset(msgs, 0, n * sizeof *msgs);

    for (size_t m = 0; m < n; m++) {
        const field_info *fi = sips[m];
        sip_message *msg = &msgs[m];
        msg->frame = pinfo->num;
        msg->index_in_frame = (uint32_t)m;
        msg->time_secs = (int64_t)pinfo->abs_ts.secs;
        msg->time_nsecs = (int32_t)pinfo->abs_ts.nsecs;
        msg->reliable = pinfo->ptype == PT_TCP || pinfo->ptype == PT_SCTP;
        msg->source = m == 0 ? source_of(pinfo) : msgs[0].source;

        /* The message runs from its item's start to the next message's start
         * in the same data source, or to the source's end: the item's own
         * length is not set when the tree is not shown.  The dissector adds
         * the messages of a data source in order, so the next one is found
         * by looking forward (a segment of thousands of tiny messages stays
         * linear).  A SIP message carried in another's body (message/sip)
         * sits inside that message's subtree, not at the top: it is part of
         * the body, not a message of the frame. */
        tvbuff_t *ds = fi->ds_tvb;
        int end = ds ? (int)tvb_captured_length(ds) : 0;
        for (size_t o = m + 1; o < n; o++) {
            if (sips[o]->ds_tvb == ds && sips[o]->start > fi->start) {
                end = MIN(end, sips[o]->start);
                break;
            }
        }
        slot_bytes[m] = NULL;
        slot_lens[m] = 0;
        if (ds && fi->start >= 0 && fi->start < end) {
            slot_bytes[m] = tvb_get_ptr(ds, fi->start, end - fi->start);
            slot_lens[m] = (size_t)(end - fi->start);
        }
    }
    /* Found at all means every real item was found: the dissector adds
     * one to each message, true or false. */
    GPtrArray *resends = fields_found(tree, pinfo, SF_RESEND);
    for (size_t m = 0; resends && resends->len && m < n; m++) {
        msgs[m].resend_known = true;
    }
    for (guint r = 0; resends && r < resends->len; r++) {
        const field_info *rf = g_ptr_array_index(resends, r);
        int m = message_of(rf, sips, n);
        if (m >= 0) {
            msgs[m].resend = fvalue_get_uinteger64(SIPAUTH_FI_VALUE((field_info *)rf)) != 0;
        }
    }
    return n;
}

size_t
sip_fields_extract(proto_tree *tree, packet_info *pinfo, sip_message **out)
{
    size_t n = locate(tree, pinfo);
    for (size_t m = 0; m < n; m++) {
        if (slot_bytes[m]) {
            sip_parse_message_again(slot_bytes[m], slot_lens[m], &slot_msgs[m], &slot_storage[m]);
        }
    }
    *out = n ? slot_msgs : NULL;
    return n;
}

size_t
sip_fields_defer(proto_tree *tree, packet_info *pinfo)
{
    size_t n = locate(tree, pinfo);
    for (size_t m = 0; m < n; m++) {
        deferred_push(&slot_msgs[m], slot_bytes[m], slot_lens[m]);
    }
    return n;
}
