/* ack.c - ACKs.  The ACK of a non-2xx final response belongs to the
 * INVITE's transaction (RFC 3261 §17.1.1.3: same branch, same CSeq number,
 * method ACK); one that matches no challenged INVITE may still be meant
 * for one (ack_mismatch), and the ACK of a 2xx carries the INVITE's
 * credentials (credentials.c).
 */
#include "ack.h"
#include "credentials.h"
#include "flow.h"
#include "transaction.h"

/* The challenge an ACK was meant for although it does not match: the
 * origin's latest INVITE of the open flow, challenged and not ACKed. */
static txn *
unmatched_ack_target(engine *e, const sip_message *msg)
{
    flow *f = flow_open(e, msg->call_id, "INVITE");
    txn *t = f ? f->last_origin_txn : NULL;
    if (!t || !t->is_invite || t->n_challenges == 0 || t->final_answer) {
        return NULL;
    }
    for (uint32_t i = 0; i < t->n_challenges; i++) {
        if (!t->forks[i].ack) {
            return t;
        }
    }
    return NULL;
}

void
ack_handle(engine *e, uint32_t id, const sip_message *msg)
{
    record *r = engine_record(e, id);
    if (!msg->call_id || !msg->has_cseq) {
        return;
    }
    txn *t = txn_find(e, msg->call_id, msg->cseq, "INVITE", msg->via_branch);
    if (!t || t->n_challenges == 0) {
        /* An ACK for a 2xx (its own transaction), or one that matches no
         * INVITE: say so only when a challenged INVITE is waiting for it. */
        txn *target = unmatched_ack_target(e, msg);
        if (!target || !target->flow->number) {
            credentials_in_ack(e, id, msg);
            return;
        }
        record *challenge = engine_record(e, UNREF(target->forks[0].challenge));
        r->flow_ref = target->flow->self;
        r->role = ROLE_ACK;
        record_set_link(r, LINK_CHALLENGE, challenge->frame);
        const char *what = msg->cseq != target->key.cseq
            ? (msg->cseq + 1 == target->key.cseq ? "CSeq is one less than the INVITE's" : "CSeq differs from the INVITE's")
            : "its Via branch is not the INVITE's";
        record_add_hit(e, r, (finding_hit){ .id = FINDING_ACK_MISMATCH, .frame = challenge->frame, .u.ack_mismatch = { .what = what } });
        return;
    }
    int slot = txn_fork_slot(e, t, msg->to_tag, false);
    if (slot < 0) {
        slot = 0; /* To tag unknown: it answers the first challenge */
    }
    r->flow_ref = t->flow->self;
    if (t->forks[slot].ack) {
        r->role = ROLE_COPY;
        record_set_link(r, LINK_COPY_OF, engine_record(e, UNREF(t->forks[slot].ack))->frame);
        return;
    }
    t->forks[slot].ack = REF(id);
    record *challenge = engine_record(e, UNREF(t->forks[slot].challenge));
    r->role = ROLE_ACK;
    record_set_link(r, LINK_CHALLENGE, challenge->frame);
    record_set_link(challenge, LINK_ACK, r->frame);
}
