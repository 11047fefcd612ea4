/* guessing.h - rejected attempts and probes per source address (guessing.c). */
#ifndef SIPAUTH_GUESSING_H
#define SIPAUTH_GUESSING_H

#include "state.h"

void guessing_init(engine *e);
void guessing_free(engine *e);
/* answer rejected the credentials of t (a new challenge for their realm, or a 403) */
void guessing_rejected(engine *e, record *answer, const txn *t, istr username, int64_t now_ns);
/* answer (a challenge, 404 or 403) answered t, a request without credentials */
void guessing_probed(engine *e, record *answer, const txn *t, int64_t now_ns);

#endif
