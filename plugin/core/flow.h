/* flow.h - auth flows: found, opened, numbered, closed, and their outcome (flow.c). */
#ifndef SIPAUTH_FLOW_H
#define SIPAUTH_FLOW_H

#include "state.h"

guint flow_key_hash(gconstpointer key);
gboolean flow_key_equal(gconstpointer a, gconstpointer b);
flow *flow_open(engine *e, const char *call_id, const char *method); /* NULL: none open */
flow *flow_for_request(engine *e, const sip_message *msg);
flow *flow_for_orphan_response(engine *e, const sip_message *msg);
void flow_make_auth(engine *e, flow *f);
uint32_t flow_next_attempt(flow *f, istr sent_by);
flow_realm *flow_realm_get(flow *f, auth_kind kind, istr realm, bool create);
/* A final non-challenge answer reached the origin; with_credentials: its
 * attempt carried credentials */
void flow_close(engine *e, flow *f, uint32_t status, bool with_credentials);
flow_outcome flow_outcome_of(const engine *e, const flow *f);
void flow_clear(flow *f); /* what it points to */

#endif
