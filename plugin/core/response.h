/* response.h - responses: provisional, challenges, final answers, refusals (response.c). */
#ifndef SIPAUTH_RESPONSE_H
#define SIPAUTH_RESPONSE_H

#include "state.h"

void response_handle(engine *e, uint32_t id, const sip_message *msg);

#endif
