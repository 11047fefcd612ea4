/* challenge.h - 401 and 407 responses (challenge.c). */
#ifndef SIPAUTH_CHALLENGE_H
#define SIPAUTH_CHALLENGE_H

#include "state.h"

/* A 401/407 (record id) answering t */
void challenge_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);
/* The verdicts that need the whole capture (ACK, no_retry, loops given up) */
void challenge_finish(engine *e, uint32_t id);

#endif
