/* ack.h - ACKs: of a challenge, of nothing the capture holds, or of a 2xx (ack.c). */
#ifndef SIPAUTH_ACK_H
#define SIPAUTH_ACK_H

#include "state.h"

/* Feed an ACK (record id): it joins the challenged INVITE's transaction,
 * or names the challenge it should have matched, or carries credentials. */
void ack_handle(engine *e, uint32_t id, const sip_message *msg);

#endif
