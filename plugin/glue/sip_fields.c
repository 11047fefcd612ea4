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
#include <epan/wmem_scopes.h>

#include "sip_fields.h"
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


size_t
sip_fields_find(proto_tree *tree, packet_info *pinfo, sip_items *found)
{
    found->items = NULL;
    found->n = 0;
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
    size_t m = 0;
    for (proto_node *node = tree->first_child; node; node = node->next) {
        if (node->finfo && node->finfo->hfinfo->id == proto_sip) {
            sips[m++] = node->finfo;
        }
    }
    found->items = sips;
    found->n = n;
    return n;
}

void
sip_fields_locate(const sip_items *found, proto_tree *tree, packet_info *pinfo, const char *source,
                  sip_message *metas, sip_span *spans)
{
    const field_info *const *sips = found->items;
    const size_t n = found->n;
    memset(metas, 0, n * sizeof *metas);

    for (size_t m = 0; m < n; m++) {
        const field_info *fi = sips[m];
        sip_message *msg = &metas[m];
        msg->frame = pinfo->num;
        msg->index_in_frame = (uint32_t)m;
        msg->time_secs = (int64_t)pinfo->abs_ts.secs;
        msg->time_nsecs = (int32_t)pinfo->abs_ts.nsecs;
        msg->source = source;

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
        spans[m].bytes = NULL;
        spans[m].len = 0;
        if (ds && fi->start >= 0 && fi->start < end) {
            spans[m].bytes = tvb_get_ptr(ds, fi->start, end - fi->start);
            spans[m].len = (size_t)(end - fi->start);
        }
    }
    /* Found at all means every real item was found: the dissector adds
     * one to each message, true or false. */
    GPtrArray *resends = fields_found(tree, pinfo, SF_RESEND);
    for (size_t m = 0; resends && resends->len && m < n; m++) {
        metas[m].resend_known = true;
    }
    for (guint r = 0; resends && r < resends->len; r++) {
        const field_info *rf = g_ptr_array_index(resends, r);
        int m = message_of(rf, sips, n);
        if (m >= 0) {
            metas[m].resend = fvalue_get_uinteger64(SIPAUTH_FI_VALUE((field_info *)rf)) != 0;
        }
    }
}
