/* render.h - show what sipauth knows about a frame: the engine's verdicts
 * (links, flow, findings as expert infos, Info column) and the extraction. */
#ifndef SIPAUTH_RENDER_H
#define SIPAUTH_RENDER_H

#include <epan/packet.h>

#include "engine.h"
#include "sip_message.h"

/* The engine's result for one message, under tree.  Without detail (nobody
 * sees or filters sipauth's fields in this dissection) only the expert infos. */
void render_result(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const msg_result *res, bool detail);

/* The " [auth #1 retry: realm mismatch]" suffix of the Info column. */
void render_info_column(packet_info *pinfo, const msg_result *res);

/* What sipauth read from one SIP message (sipauth.msg.*, sipauth.auth.*). */
void render_extraction(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const sip_message *msg);

#endif
