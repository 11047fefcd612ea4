/* clients.h - what each client answered, for the no_retry hint (clients.c). */
#ifndef SIPAUTH_CLIENTS_H
#define SIPAUTH_CLIENTS_H

#include "state.h"

/* The first challenge of each kind a client (source address and
 * User-Agent) answered with credentials: what tells "this phone has
 * registrar credentials but no proxy credentials" (the guide's causes 01
 * and 03).  Index: auth_kind - 1. */
typedef struct {
    uint32_t    challenge_frame[2];
    uint16_t    status[2];
    istr        realm[2];
} client_answers;

void clients_init(engine *e);
void clients_free(engine *e);
/* What t's client answered; NULL if nothing (or its source is unknown) */
const client_answers *client_answers_of(engine *e, const txn *t);
/* t's client answered challenge c (a 401 or 407) with the offer o */
void client_note_answered(engine *e, const txn *t, const record *c, const challenge_offer *o);

#endif
