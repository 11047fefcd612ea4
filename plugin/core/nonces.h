/* nonces.h - nonces: the challenges that issued each, and the nonce counts used (nonces.c). */
#ifndef SIPAUTH_NONCES_H
#define SIPAUTH_NONCES_H

#include "state.h"

void nonces_init(engine *e);
void nonces_free(engine *e);
/* Challenge id (its offers collected) issues its nonces */
void nonces_register(engine *e, uint32_t id, const record *r);
/* The challenges that issued nonce (interned): their number; *ids points to
 * their record ids, in feed order (to *one when there is one). */
uint32_t nonce_issuers_of(const engine *e, istr nonce, uint32_t *one, const uint32_t **ids);
/* Did the server hand this nonce to the given call (interned Call-ID) too? */
bool nonce_issued_to_call(engine *e, istr nonce, istr call_id);

/* The request whose credentials are being read, as the nonce count check
 * needs it: interned Call-ID and method ("ACK" for an ACK). */
typedef struct {
    istr        call_id;
    istr        method;
    uint32_t    cseq;
    uint32_t    frame;
} request_id;

/* Count the use of nonce and nc (interned; either NULL: nothing to count)
 * by req (record id): nonce_replay when another request used them. */
void nonce_count(engine *e, uint32_t id, const request_id *req, istr nonce, istr nc);

#endif
