/* request.h - requests other than ACK: transactions, retransmissions, relays, attempts (request.c). */
#ifndef SIPAUTH_REQUEST_H
#define SIPAUTH_REQUEST_H

#include "state.h"

void request_handle(engine *e, uint32_t id, const sip_message *msg);

#endif
