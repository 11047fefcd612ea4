/* sip_fields.h - where the SIP messages Wireshark's SIP dissector found in
 * a frame lie, and what is known of them without parsing, as the core's
 * plain sip_message structs.  The only file that knows SIP field names;
 * it keeps no state but the fields' ids (ingest.h parses and feeds). */
#ifndef SIPAUTH_SIP_FIELDS_H
#define SIPAUTH_SIP_FIELDS_H

#include <epan/packet.h>

#include "sip_message.h"

/* Look the SIP fields up by name; call from the handoff, once SIP is registered. */
void sip_fields_init(void);

/* The field ids the post-dissector must ask for (set_postdissector_wanted_hfids);
 * the array and its content belong to the caller. */
GArray *sip_fields_wanted(void);

/* true if this frame was dissected as SIP at all (cheap: a layer lookup). */
bool sip_fields_frame_has_sip(packet_info *pinfo);

/* A frame's SIP protocol items, one per message, in the order the
 * dissector added them. */
typedef struct {
    const field_info **items; /* in pinfo->pool */
    size_t             n;
} sip_items;

/* Where one message's bytes lie while its frame is dissected: from its
 * start to the next message's or the data's end (it may run past the
 * message).  NULL and 0 when nowhere. */
typedef struct {
    const uint8_t *bytes;
    size_t         len;
} sip_span;

/* Find the frame's messages in *found.  Returns their count (0 when the
 * tree holds no SIP message). */
size_t sip_fields_find(proto_tree *tree, packet_info *pinfo, sip_items *found);

/* For each of found's messages m: metas[m] zeroed, then given what the
 * glue knows without parsing (frame, index, time, transport, resend flag,
 * and source, the frame's source address as text or NULL), and spans[m]
 * where its bytes lie.  metas and spans hold found->n entries. */
void sip_fields_locate(const sip_items *found, proto_tree *tree, packet_info *pinfo, const char *source,
                       sip_message *metas, sip_span *spans);

#endif
