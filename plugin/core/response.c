/* response.c - a response: provisional, a challenge (challenge.c), a
 * final answer that closes its flow, or a 403 refusing credentials.
 */
#include <string.h>

#include "challenge.h"
#include "flow.h"
#include "guessing.h"
#include "msg_time.h"
#include "response.h"
#include "transaction.h"

/* A 403 to a request with credentials: the server said no to them for
 * good (RFC 3261 §21.4.4: "authorization will not help") where a new
 * challenge would have let the client try again.  Many proxies and SBCs
 * answer a wrong password so.  Other final answers after credentials are
 * the request's own fate (404, 486, ...), not a verdict on them. */
static void
note_refusal(engine *e, record *r, const txn *t, const record *req, const sip_message *msg)
{
    if (msg->status != 403 || t->n_creds == 0 || t->relay_of) {
        return;
    }
    bool verified = false;
    for (uint32_t i = 0; i < t->n_creds; i++) {
        verified |= t->creds[i].verified;
    }
    const record_detail *d = record_detail_of(e, req);
    char *who = g_strconcat("user ", d && d->username ? istr_str(d->username) : "-", ", realm ",
                            t->creds[0].realm ? istr_str(t->creds[0].realm) : "-", NULL);
    record_add_hit(e, r, (finding_hit){ .id = FINDING_CREDENTIALS_REFUSED, .frame = req->frame, .u.credentials_refused = {
                                     .status = msg->status, .verified = verified, .who = istr_str(engine_intern(e, who)),
                                     .reason = istr_str(engine_intern(e, msg->reason)) } });
    g_free(who);
    guessing_rejected(e, r, t, d ? d->username : NULL, message_time_ns(msg));
}

void
response_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq || !msg->cseq_method) {
        return;
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, msg->cseq_method, msg->via_branch);
    if (!t) {
        /* The request is not in the capture: keep the response anyway. */
        t = txn_add(e, flow_for_orphan_response(e, msg), msg->cseq, msg->via_branch);
        t->is_invite = strcmp(msg->cseq_method, "INVITE") == 0;
    }
    r->flow_ref = t->flow->self;
    if (t->request) {
        record_set_link(r, LINK_REQUEST, engine_record(e, UNREF(t->request))->frame);
    }
    if (msg->status < 200) {
        r->role = ROLE_PROVISIONAL;
        return;
    }
    if (msg->status == 401 || msg->status == 407) {
        challenge_handle(e, id, t, msg);
        return;
    }
    if (t->final_answer) {
        r->role = ROLE_COPY;
        record_set_link(r, LINK_COPY_OF, engine_record(e, UNREF(t->final_answer))->frame);
        return;
    }
    t->final_answer = REF(id);
    r->role = ROLE_FINAL;
    r->txn_ref = t->self; /* its request's source, for the statistics */
    if (t->request) {
        record *req = engine_record(e, UNREF(t->request));
        if (!record_link(req, LINK_ANSWER)) {
            record_set_link(req, LINK_ANSWER, r->frame);
        }
        note_refusal(e, r, t, req, msg);
        if (!t->relay_of && (msg->status == 404 || msg->status == 403)) {
            guessing_probed(e, r, t, message_time_ns(msg)); /* an unknown user, or one refused */
        }
    }
    flow *f = t->flow;
    if (t == f->last_origin_txn || (!t->request && !f->last_origin_txn)) {
        f->last_origin_answer = REF(id);
        flow_close(e, f, msg->status, t->n_creds > 0);
    }
}
