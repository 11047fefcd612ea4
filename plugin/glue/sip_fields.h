/* sip_fields.h - the SIP messages Wireshark's SIP dissector found in a frame,
 * as the core's plain sip_message structs.  The only file that knows SIP
 * field names. */
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

/* Every SIP message of the frame, in the order the dissector found them, in
 * *out.  The array and what it points to stay valid until the next call
 * (they are reused frame after frame) or sip_fields_release().
 * Returns the count (0 when the tree holds no SIP message). */
size_t sip_fields_extract(proto_tree *tree, packet_info *pinfo, sip_message **out);

/* The same messages, queued unparsed for a later batch (deferred.h).
 * Returns the count. */
size_t sip_fields_defer(proto_tree *tree, packet_info *pinfo);

/* Free the parsed messages' buffers, kept from frame to frame (cleanup). */
void sip_fields_release(void);

#endif
