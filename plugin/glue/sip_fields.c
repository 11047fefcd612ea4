/* sip_fields.c - extraction of SIP messages from the protocol tree.
 *
 * Wireshark's SIP dissector puts one "sip" protocol item per message in the
 * tree, and every header field below it.  A TCP segment can carry several
 * messages, so each field is assigned to the message whose byte range (in
 * the same data source) contains it.  This is the approach of TRANSUM's
 * extractors.c: read other dissectors' fields in one place, by name.
 *
 * The sip.auth.* sub-fields keep their quotes and do not say which header
 * they came from, so the four auth headers are taken whole and parsed by
 * the core's own parser.
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/wmem_scopes.h>

#include "sip_fields.h"
#include "ws_compat.h"

typedef enum {
    SF_SIP,               /* the protocol item: one per message */
    SF_METHOD,
    SF_STATUS,
    SF_RURI,
    SF_CALL_ID,
    SF_FROM_TAG,
    SF_TO_TAG,
    SF_CSEQ_SEQ,
    SF_CSEQ_METHOD,
    SF_VIA,               /* each Via header line: the first is the top Via */
    SF_VIA_BRANCH,
    SF_VIA_ADDRESS,
    SF_VIA_PORT,
    SF_RESEND,
    SF_CONTENT_LENGTH,
    SF_MSG_BODY,
    SF_WWW_AUTHENTICATE,  /* the four auth headers, in auth_header_kind order */
    SF_PROXY_AUTHENTICATE,
    SF_AUTHORIZATION,
    SF_PROXY_AUTHORIZATION,
    SF_COUNT
} sip_field;

static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP]                 = "sip",
    [SF_METHOD]              = "sip.Method",
    [SF_STATUS]              = "sip.Status-Code",
    [SF_RURI]                = "sip.r-uri",
    [SF_CALL_ID]             = "sip.Call-ID",
    [SF_FROM_TAG]            = "sip.from.tag",
    [SF_TO_TAG]              = "sip.to.tag",
    [SF_CSEQ_SEQ]            = "sip.CSeq.seq",
    [SF_CSEQ_METHOD]         = "sip.CSeq.method",
    [SF_VIA]                 = "sip.Via",
    [SF_VIA_BRANCH]          = "sip.Via.branch",
    [SF_VIA_ADDRESS]         = "sip.Via.sent-by.address",
    [SF_VIA_PORT]            = "sip.Via.sent-by.port",
    [SF_RESEND]              = "sip.resend",
    [SF_CONTENT_LENGTH]      = "sip.Content-Length",
    [SF_MSG_BODY]            = "sip.msg_body",
    [SF_WWW_AUTHENTICATE]    = "sip.WWW-Authenticate",
    [SF_PROXY_AUTHENTICATE]  = "sip.Proxy-Authenticate",
    [SF_AUTHORIZATION]       = "sip.Authorization",
    [SF_PROXY_AUTHORIZATION] = "sip.Proxy-Authorization",
};

static int sip_field_ids[SF_COUNT];

void
sip_fields_init(void)
{
    for (int f = 0; f < SF_COUNT; f++) {
        sip_field_ids[f] = proto_registrar_get_id_byname(sip_field_names[f]);
    }
}

GArray *
sip_fields_wanted(void)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    for (int f = 0; f < SF_COUNT; f++) {
        if (sip_field_ids[f] > 0) {
            g_array_append_val(ids, sip_field_ids[f]);
        }
    }
    return ids;
}

bool
sip_fields_frame_has_sip(packet_info *pinfo)
{
    return proto_is_frame_protocol(pinfo->layers, "sip");
}

/* --- helpers ---------------------------------------------------------------- */

/* Every occurrence of a SIP field in the tree.  Wireshark keeps them for the
 * wanted fields on the first pass; later passes do not ask for them (tshark
 * -2), so when the tree is shown (packet details, -V) they are found by
 * walking it.  Otherwise NULL: the results stored on the first pass are
 * rendered without the extraction.  The array belongs to pinfo->pool. */
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
    if (!PINFO_FD_VISITED(pinfo) || !PTREE_DATA(tree)->visible) {
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

static const char *
string_of(const field_info *fi)
{
    return fvalue_get_string(SIPAUTH_FI_VALUE((field_info *)fi));
}

static uint32_t
uint_of(const field_info *fi)
{
    return fvalue_get_uinteger(SIPAUTH_FI_VALUE((field_info *)fi));
}

/* Fields that occur once per message: the first occurrence wins. */
typedef struct {
    const field_info *first[SF_COUNT];
    const field_info *top_via;
} message_fields;

/* inner lies in outer (a Via parameter in its Via header line: header items
 * get their real length, unlike the protocol item). */
static bool
within(const field_info *inner, const field_info *outer)
{
    return inner->ds_tvb == outer->ds_tvb && inner->start >= outer->start &&
           inner->start < outer->start + outer->length;
}

/* The parsed auth headers live in GLib memory (the core knows no wmem); they
 * are released when the packet scope goes away, exceptions included. */
typedef struct {
    sip_message *msgs;
    size_t       n;
} parsed_messages;

static sipauth_cb_bool
release_auth_headers(wmem_allocator_t *allocator _U_, wmem_cb_event_t event _U_, void *user_data)
{
    parsed_messages *pm = user_data;
    for (size_t m = 0; m < pm->n; m++) {
        for (size_t a = 0; a < pm->msgs[m].n_auth; a++) {
            auth_header_clear(&pm->msgs[m].auth[a].value);
        }
        pm->msgs[m].n_auth = 0;
    }
    return FALSE; /* one-shot */
}

typedef struct {
    const field_info *fi;
    auth_header_kind  kind;
} auth_field;

static int
by_start(const void *a, const void *b)
{
    const auth_field *x = a, *y = b;
    return (x->fi->start > y->fi->start) - (x->fi->start < y->fi->start);
}

/* Every auth header of every message, in wire order within each message
 * (the four field arrays are merged by start offset). */
static void
extract_auth_headers(proto_tree *tree, packet_info *pinfo, const field_info *const *sips,
                     sip_message *msgs, size_t n)
{
    GArray *refs = NULL;
    for (int f = SF_WWW_AUTHENTICATE; f <= SF_PROXY_AUTHORIZATION; f++) {
        GPtrArray *found = fields_found(tree, pinfo, (sip_field)f);
        for (guint i = 0; found && i < found->len; i++) {
            if (!refs) {
                refs = g_array_new(FALSE, FALSE, sizeof(auth_field));
            }
            auth_field ref = { g_ptr_array_index(found, i), (auth_header_kind)(f - SF_WWW_AUTHENTICATE) };
            g_array_append_val(refs, ref);
        }
    }
    if (!refs) {
        return;
    }
    g_array_sort(refs, by_start);
    size_t *count = wmem_alloc0_array(pinfo->pool, size_t, n);
    for (guint i = 0; i < refs->len; i++) {
        int m = message_of(g_array_index(refs, auth_field, i).fi, sips, n);
        if (m >= 0) {
            count[m]++;
        }
    }
    for (size_t m = 0; m < n; m++) {
        msgs[m].auth = count[m] ? wmem_alloc0_array(pinfo->pool, sip_auth_header, count[m]) : NULL;
    }
    parsed_messages *pm = wmem_new(pinfo->pool, parsed_messages);
    pm->msgs = msgs;
    pm->n = n;
    wmem_register_callback(pinfo->pool, release_auth_headers, pm);
    for (guint i = 0; i < refs->len; i++) {
        const auth_field *ref = &g_array_index(refs, auth_field, i);
        int m = message_of(ref->fi, sips, n);
        if (m < 0) {
            continue;
        }
        sip_auth_header *h = &msgs[m].auth[msgs[m].n_auth++];
        h->kind = ref->kind;
        const char *value = string_of(ref->fi);
        auth_header_parse(value ? value : "", value ? strlen(value) : 0, &h->value);
    }
    g_array_free(refs, TRUE);
}

size_t
sip_fields_extract(proto_tree *tree, packet_info *pinfo, sip_message **out)
{
    *out = NULL;
    if (!tree || sip_field_ids[SF_SIP] <= 0) {
        return 0;
    }
    GPtrArray *sip_items = fields_found(tree, pinfo, SF_SIP);
    if (!sip_items || sip_items->len == 0) {
        return 0;
    }
    const size_t n = sip_items->len;
    const field_info *const *sips = (const field_info *const *)sip_items->pdata;

    sip_message *msgs = wmem_alloc0_array(pinfo->pool, sip_message, n);
    message_fields *fields = wmem_alloc0_array(pinfo->pool, message_fields, n);

    /* Pass 1: single-valued fields, and the top Via of each message. */
    for (int f = SF_METHOD; f < SF_WWW_AUTHENTICATE; f++) {
        GPtrArray *found = fields_found(tree, pinfo, (sip_field)f);
        for (guint i = 0; found && i < found->len; i++) {
            const field_info *fi = g_ptr_array_index(found, i);
            int m = message_of(fi, sips, n);
            if (m < 0) {
                continue;
            }
            const field_info **slot = &fields[m].first[f];
            if (f == SF_VIA) {
                slot = &fields[m].top_via;
            } else if (f == SF_VIA_BRANCH || f == SF_VIA_ADDRESS || f == SF_VIA_PORT) {
                continue; /* second pass, once the top Via is known */
            }
            if (!*slot || fi->start < (*slot)->start) {
                *slot = fi;
            }
        }
    }
    /* Pass 2: the Via parameters of the top Via only.  Within one Via line
     * ("Via: a, b") the first value is the top one, so the earliest wins. */
    for (int f = SF_VIA_BRANCH; f <= SF_VIA_PORT; f++) {
        GPtrArray *found = fields_found(tree, pinfo, (sip_field)f);
        for (guint i = 0; found && i < found->len; i++) {
            const field_info *fi = g_ptr_array_index(found, i);
            int m = message_of(fi, sips, n);
            if (m < 0 || (fields[m].top_via && !within(fi, fields[m].top_via))) {
                continue;
            }
            const field_info **slot = &fields[m].first[f];
            if (!*slot || fi->start < (*slot)->start) {
                *slot = fi;
            }
        }
    }

    for (size_t m = 0; m < n; m++) {
        sip_message *msg = &msgs[m];
        const message_fields *mf = &fields[m];
        msg->frame = pinfo->num;
        msg->index_in_frame = (uint32_t)m;
        msg->time_secs = (int64_t)pinfo->abs_ts.secs;
        msg->time_nsecs = (int32_t)pinfo->abs_ts.nsecs;
        msg->reliable = pinfo->ptype == PT_TCP || pinfo->ptype == PT_SCTP;
        if (mf->first[SF_METHOD]) {
            msg->is_request = true;
            msg->method = string_of(mf->first[SF_METHOD]);
        } else if (mf->first[SF_STATUS]) {
            msg->status = uint_of(mf->first[SF_STATUS]);
        }
        msg->request_uri = mf->first[SF_RURI] ? string_of(mf->first[SF_RURI]) : NULL;
        msg->call_id = mf->first[SF_CALL_ID] ? string_of(mf->first[SF_CALL_ID]) : NULL;
        msg->from_tag = mf->first[SF_FROM_TAG] ? string_of(mf->first[SF_FROM_TAG]) : NULL;
        msg->to_tag = mf->first[SF_TO_TAG] ? string_of(mf->first[SF_TO_TAG]) : NULL;
        if (mf->first[SF_CSEQ_SEQ]) {
            msg->has_cseq = true;
            msg->cseq = uint_of(mf->first[SF_CSEQ_SEQ]);
        }
        msg->cseq_method = mf->first[SF_CSEQ_METHOD] ? string_of(mf->first[SF_CSEQ_METHOD]) : NULL;
        msg->via_branch = mf->first[SF_VIA_BRANCH] ? string_of(mf->first[SF_VIA_BRANCH]) : NULL;
        if (mf->first[SF_VIA_ADDRESS]) {
            const char *host = string_of(mf->first[SF_VIA_ADDRESS]);
            msg->via_sent_by = mf->first[SF_VIA_PORT]
                ? wmem_strdup_printf(pinfo->pool, "%s:%u", host, uint_of(mf->first[SF_VIA_PORT]))
                : host;
        }
        /* The body, for auth-int: as captured, or empty with Content-Length: 0. */
        const field_info *body = mf->first[SF_MSG_BODY];
        if (body && body->length > 0 && tvb_bytes_exist(body->ds_tvb, body->start, body->length)) {
            msg->has_body = true;
            msg->body = tvb_memdup(pinfo->pool, body->ds_tvb, body->start, body->length);
            msg->body_len = (size_t)body->length;
        } else if (!body && mf->first[SF_CONTENT_LENGTH] && uint_of(mf->first[SF_CONTENT_LENGTH]) == 0) {
            msg->has_body = true;
        }
        msg->resend = mf->first[SF_RESEND] &&
                      fvalue_get_uinteger64(SIPAUTH_FI_VALUE((field_info *)mf->first[SF_RESEND])) != 0;
    }

    extract_auth_headers(tree, pinfo, sips, msgs, n);
    *out = msgs;
    return n;
}
