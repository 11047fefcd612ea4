/* credentials.h - Authorization and Proxy-Authorization in requests (credentials.c). */
#ifndef SIPAUTH_CREDENTIALS_H
#define SIPAUTH_CREDENTIALS_H

#include "state.h"

/* The credentials of request id, transaction t: the challenges they answer
 * (the retry), and how well */
void credentials_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);
/* an ACK of a 2xx (or of nothing captured) with credentials: links and nonce counts */
void credentials_in_ack(engine *e, uint32_t id, const sip_message *msg);

#endif
