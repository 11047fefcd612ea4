/* challenge.c - 401 and 407 responses: what they offer, whether they repeat
 * a rejection or only refuse a stale nonce, and (once the capture is
 * complete) whether anyone ACKed and answered them.
 */
#include <string.h>

#include "challenge.h"
#include "clients.h"
#include "flow.h"
#include "guessing.h"
#include "msg_time.h"
#include "nonces.h"
#include "syntax.h"
#include "transaction.h"

static void
collect_offers(engine *e, record *r, const sip_message *msg)
{
    uint32_t n = 0;
    for (size_t h = 0; h < msg->n_auth; h++) {
        if (auth_header_kind_is_challenge(msg->auth[h].kind)) {
            n += (uint32_t)msg->auth[h].value.n_items;
        }
    }
    n = MIN(n, ENGINE_MAX_OFFERS);
    record_detail *d = record_detail_make(e, r); /* stays put while hits are added */
    d->offers = n ? g_new0(challenge_offer, n) : NULL;
    for (size_t h = 0; h < msg->n_auth && d->n_offers < n; h++) {
        const sip_auth_header *hdr = &msg->auth[h];
        if (!auth_header_kind_is_challenge(hdr->kind)) {
            continue;
        }
        for (size_t i = 0; i < hdr->value.n_items && d->n_offers < n; i++) {
            const auth_item *item = &hdr->value.items[i];
            challenge_offer *o = &d->offers[d->n_offers++];
            o->kind = auth_kind_of_header(hdr->kind);
            o->realm = engine_intern(e, auth_item_value(item, AUTH_PARAM_REALM));
            o->nonce = engine_intern(e, auth_item_value(item, AUTH_PARAM_NONCE));
            o->algorithm = istr_str(engine_intern(e, auth_item_value(item, AUTH_PARAM_ALGORITHM)));
            o->qop = istr_str(engine_intern(e, auth_item_value(item, AUTH_PARAM_QOP)));
            o->opaque = istr_str(engine_intern(e, auth_item_value(item, AUTH_PARAM_OPAQUE)));
            const char *stale = auth_item_value(item, AUTH_PARAM_STALE);
            o->stale = stale && g_ascii_strcasecmp(stale, "true") == 0;
            record_note_syntax(e, r, hdr->kind, item);
        }
    }
}

/* A 401 carries WWW-Authenticate, a 407 Proxy-Authenticate (RFC 3261 §21.4.2,
 * §21.4.8); the other header alone is the server's mistake. */
static void
check_header_fits_status(engine *e, record *r)
{
    auth_kind wanted = auth_kind_of_status(r->status);
    bool fits = false, other = false;
    challenge_offer *offers;
    uint32_t n = record_offers(e, r, &offers);
    for (uint32_t i = 0; i < n; i++) {
        fits |= offers[i].kind == wanted;
        other |= offers[i].kind != wanted;
    }
    if (other && !fits) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_WRONG_HEADER, .u.wrong_header = {
            .status = r->status,
            /* the header it carries instead: the other kind's */
            .header = auth_header_kind_name(auth_header_kind_of_status(wanted == AUTH_KIND_PROXY ? 401 : 407, true)) } });
    }
}

/* RFC 7616 §3.3 expects a fresh nonce in every challenge: say so when this
 * challenge (record id, its nonces registered) hands out a nonce that an
 * earlier challenge issued and a request has already used.  Once per
 * challenge. */
static void
note_reissue(engine *e, uint32_t id)
{
    record *r = engine_record(e, id);
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, r, &offers);
    for (uint32_t i = 0; i < n_offers; i++) {
        uint32_t one;
        const uint32_t *ids;
        uint32_t n = offers[i].nonce ? nonce_issuers_of(e, offers[i].nonce, &one, &ids) : 0;
        for (uint32_t k = 0; k < n && ids[k] != id; k++) {
            const record *earlier = engine_record(e, ids[k]);
            if (record_link(earlier, LINK_RETRY) && record_link(earlier, LINK_RETRY) < r->frame) {
                record_add_hit(e, r, (finding_hit){ .id = FINDING_NONCE_REISSUED, .frame = earlier->frame,
                                                 .u.nonce_reissued.used_by = record_link(earlier, LINK_RETRY) });
                return;
            }
        }
    }
}

/* Did the challenged request carry credentials for this realm: the right
 * header naming the realm exactly?  Credentials with another realm string
 * or in the other header are not for it (the retry carries realm_mismatch
 * or wrong_header), so their re-challenge is not a rejection of them. */
static const credential_use *
request_answered_realm(const txn *t, const challenge_offer *o)
{
    for (uint32_t c = 0; c < t->n_creds; c++) {
        if (t->creds[c].kind == o->kind && t->creds[c].realm == o->realm) {
            return &t->creds[c];
        }
    }
    return NULL;
}

/* A proxy's credentials for a realm this challenge does not name got past
 * that proxy: the request reached a later hop, which challenges now.  (A
 * registrar's or UAS's credentials are accepted only by a final answer.) */
static void
note_accepted(txn *t, uint32_t request_frame, const challenge_offer *offers, uint32_t n_offers)
{
    for (uint32_t c = 0; c < t->n_creds; c++) {
        const credential_use *cred = &t->creds[c];
        bool challenged = false;
        for (uint32_t i = 0; i < n_offers; i++) {
            challenged |= offers[i].kind == cred->kind && offers[i].realm == cred->realm;
        }
        flow_realm *fr = flow_realm_get(t->flow, cred->kind, cred->realm, false);
        if (fr && !challenged && cred->kind == AUTH_KIND_PROXY) {
            fr->accepted_frame = request_frame;
        }
    }
}

/* A flow challenged again and again after credentials never reaches a
 * final answer: from the third such challenge on, each is an auth_loop,
 * and names a realm the retry dropped (libre/baresip keep only the latest
 * realm's credentials, so proxy and registrar challenge in turn). */
static void
judge_loop(engine *e, record *r, txn *t, bool rechallenge, const challenge_offer *offers, uint32_t n_offers)
{
    flow *f = t->flow;
    if (!rechallenge || f->closed) {
        return;
    }
    f->rechallenges = (uint16_t)MIN(f->rechallenges + 1u, UINT16_MAX);
    if (f->rechallenges < 3) {
        return;
    }
    finding_hit hit = { .id = FINDING_AUTH_LOOP, .u.auth_loop.rechallenges = f->rechallenges };
    for (uint32_t i = 0; i < n_offers && !hit.u.auth_loop.dropped_realm; i++) {
        const flow_realm *fr = flow_realm_get(f, offers[i].kind, offers[i].realm, false);
        if (fr && fr->sent_frame && !request_answered_realm(t, &offers[i])) {
            hit.u.auth_loop.dropped_realm = istr_str(offers[i].realm);
            hit.frame = fr->accepted_frame ? fr->accepted_frame : fr->sent_frame;
            hit.u.auth_loop.accepted = fr->accepted_frame != 0;
        }
    }
    record_add_hit(e, r, hit);
}

/* A reason phrase that blames the nonce ("nonce has changed", "Stale
 * nonce", "nonce expired"): the server refused the nonce, not the
 * password, but did not say stale=true, so the client could not know. */
static bool
reason_blames_nonce(const char *reason)
{
    if (!reason) {
        return false;
    }
    char *lower = g_ascii_strdown(reason, -1);
    bool blames = strstr(lower, "stale") ||
                  (strstr(lower, "nonce") && (strstr(lower, "expire") || strstr(lower, "change") || strstr(lower, "old")));
    g_free(lower);
    return blames;
}

static void
judge_rechallenge(engine *e, record *r, txn *t, const char *reason)
{
    flow *f = t->flow;
    uint32_t request_frame = t->request ? engine_record(e, UNREF(t->request))->frame : 0;
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, r, &offers);
    note_accepted(t, request_frame, offers, n_offers);
    bool rechallenge = false; /* a realm challenged before in the flow, after credentials */
    bool rejected = false;    /* credentials for a realm answered by a new challenge for it */
    for (uint32_t i = 0; i < n_offers; i++) {
        const challenge_offer *o = &offers[i];
        flow_realm *fr = flow_realm_get(f, o->kind, o->realm, true);
        bool seen_realm = false; /* one verdict per realm, whatever the algorithms */
        for (uint32_t j = 0; j < i; j++) {
            seen_realm |= offers[j].realm == o->realm && offers[j].kind == o->kind;
        }
        if (fr) {
            rechallenge |= fr->challenge_frame != 0 && t->n_creds > 0;
            fr->challenge_frame = r->frame;
        }
        if (seen_realm) {
            continue;
        }
        const credential_use *answered = request_answered_realm(t, o);
        if (o->stale) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_STALE_NONCE, .frame = answered ? request_frame : 0,
                                             .u.stale_nonce.realm = istr_str(o->realm) });
        } else if (answered && reason_blames_nonce(reason)) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_STALE_NONCE, .frame = request_frame,
                                             .u.stale_nonce = { .realm = istr_str(o->realm), .reason = istr_str(engine_intern(e, reason)) } });
        } else if (answered) {
            /* A proxy relaying the server's re-challenge (when not
             * recognised as a relay) repeats its nonce to another hop's
             * request: the same rejection, not a new repetition.  The same
             * sender's next attempt re-challenged with the same nonce is a
             * new one: servers reuse nonces (kamailio within a second, and
             * a guesser fires several attempts a second). */
            bool relayed = fr && fr->repeated_nonce && fr->repeated_nonce == o->nonce && fr->repeated_sent_by != t->sent_by;
            uint32_t repetition = fr ? (relayed ? fr->repetitions : ++fr->repetitions) : 1;
            if (fr) {
                fr->repeated_nonce = o->nonce;
                fr->repeated_sent_by = t->sent_by;
            }
            record_add_hit(e, r, (finding_hit){ .id = FINDING_REPEATED_CHALLENGE, .frame = request_frame,
                                             .u.repeated_challenge = { .realm = istr_str(o->realm), .repetition = repetition } });
            rejected |= !relayed;
            if (answered->verified) {
                /* the credentials were right: the server is looping */
                record_add_hit(e, r, (finding_hit){ .id = FINDING_CHALLENGE_LOOP, .frame = request_frame,
                                                 .u.challenge_loop.realm = istr_str(o->realm) });
            }
        }
    }
    judge_loop(e, r, t, rechallenge, offers, n_offers);
    const int64_t now_ns = record_detail_of(e, r)->time_ns;
    if (rejected) {
        const record *req = t->request ? engine_record(e, UNREF(t->request)) : NULL;
        const record_detail *rd = req ? record_detail_of(e, req) : NULL;
        guessing_rejected(e, r, t, rd ? rd->username : NULL, now_ns);
    } else if (t->n_creds == 0 && t->request) {
        guessing_probed(e, r, t, now_ns);
    }
}

/* Same offers in the same order: kind, realm and nonce (interned). */
static bool
same_offers(const engine *e, const record *a, const record *b)
{
    challenge_offer *x, *y;
    uint32_t n = record_offers(e, a, &x);
    if (record_offers(e, b, &y) != n) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (x[i].kind != y[i].kind || x[i].realm != y[i].realm || x[i].nonce != y[i].nonce) {
            return false;
        }
    }
    return true;
}

/* The challenge r relays, both legs of a proxy captured: an earlier
 * challenge of the same flow, CSeq and status in another transaction (the
 * proxy's own branch on the next hop), with the same To tag (a proxy leaves
 * it alone; a fork has another) and the same offers, nonces included.  Only
 * first sightings issue nonces, so the one found is never a relay. */
static const record *
relayed_challenge(engine *e, const record *r, const txn *t, const char *to_tag)
{
    challenge_offer *offers;
    if (record_offers(e, r, &offers) == 0 || !offers[0].nonce) {
        return NULL;
    }
    uint32_t one;
    const uint32_t *ids;
    uint32_t n = nonce_issuers_of(e, offers[0].nonce, &one, &ids);
    for (uint32_t i = 0; i < n; i++) {
        const record *c = engine_record(e, ids[i]);
        const txn *ct = record_txn(e, c);
        if (!ct || ct == t || ct->flow != t->flow || ct->key.cseq != t->key.cseq || c->status != r->status ||
            c->fork_slot >= ct->n_challenges || !engine_str_same(ct->forks[c->fork_slot].to_tag, to_tag)) {
            continue;
        }
        if (same_offers(e, c, r)) {
            return c;
        }
    }
    return NULL;
}

/* What a relayed challenge has of its own: its hop's request and ACK (the
 * ACK timer runs per hop).  Its offers were judged, and its nonces issued,
 * on the challenge it relays: it gets no verdict about them. */
static void
relay_handle(engine *e, uint32_t id, txn *t, const record *original, const sip_message *msg)
{
    record *r = engine_record(e, id);
    r->role = ROLE_RELAY;
    record_set_link(r, LINK_RELAYED, original->frame);
    r->kind = original->kind;
    record_detail_of(e, r)->time_ns = message_time_ns(msg);
    if (t->request) {
        record *req = engine_record(e, UNREF(t->request));
        if (!record_link(req, LINK_ANSWER)) {
            record_set_link(req, LINK_ANSWER, r->frame);
        }
    }
    flow *f = t->flow;
    if (t == f->last_origin_txn || (!t->request && !f->last_origin_txn)) {
        f->last_origin_answer = REF(id); /* the outcome reads its offers (stale) */
    }
}

void
challenge_handle(engine *e, uint32_t id, txn *t, const sip_message *msg)
{
    record *r = engine_record(e, id);
    int slot = txn_fork_slot(e, t, msg->to_tag, true);
    if (slot >= 0 && t->forks[slot].challenge) {
        /* Same transaction and To tag: the server retransmitting it (Timer G
         * without an ACK, or answering a retransmitted request). */
        fork_slot *fork = &t->forks[slot];
        record *challenge = engine_record(e, UNREF(fork->challenge));
        r->role = ROLE_COPY;
        record_set_link(r, LINK_COPY_OF, challenge->frame);
        fork->copies++;
        /* A copy T1 or more after the challenge is Timer G firing: the
         * server had no ACK by then.  (Earlier copies answer copies of the
         * request.) */
        const record_detail *d = record_detail_of(e, challenge);
        if (!fork->ack && !fork->late_copy && d &&
            message_time_ns(msg) - d->time_ns >= (int64_t)e->cfg.t1_ms * 1000000) {
            fork->late_copy = r->frame;
        }
        return;
    }
    flow *f = t->flow;
    flow_make_auth(e, f);
    r->txn_ref = t->self;
    r->fork_slot = slot >= 0 ? (uint8_t)slot : NO_FORK_SLOT;
    if (slot >= 0) {
        t->forks[slot].challenge = REF(id); /* a relay's too: the ACK on its hop finds it */
    }
    collect_offers(e, r, msg);
    const record *original = relayed_challenge(e, r, t, msg->to_tag);
    if (original) {
        relay_handle(e, id, t, original, msg);
        return;
    }
    r->role = ROLE_CHALLENGE;
    record_detail *d = record_detail_of(e, r);
    d->time_ns = message_time_ns(msg);
    if (d->n_offers > 0) {
        r->kind = d->offers[0].kind;
    } else {
        r->kind = auth_kind_of_status(msg->status);
    }
    check_header_fits_status(e, r);
    nonces_register(e, id, r);
    note_reissue(e, id);
    r = engine_record(e, id);
    if (t->request) {
        record *req = engine_record(e, UNREF(t->request));
        if (!record_link(req, LINK_ANSWER)) {
            record_set_link(req, LINK_ANSWER, r->frame);
        }
    }
    if (t == f->last_origin_txn || (!t->request && !f->last_origin_txn)) {
        f->last_origin_answer = REF(id);
    }
    judge_rechallenge(e, r, t, msg->reason);
}

/* Verdicts that need the whole capture; a relayed challenge gets only its
 * hop's ACK verdict. */
void
challenge_finish(engine *e, uint32_t id)
{
    record *r = engine_record(e, id);
    txn *t = record_txn(e, r);
    if (!t) {
        return;
    }
    /* RFC 3261 §17.1.1.2: the client ACKs every non-2xx final answer to an
     * INVITE; the server gives up after Timer H = 64*T1. */
    if (t->is_invite && r->fork_slot < t->n_challenges && !t->forks[r->fork_slot].ack) {
        const fork_slot *fork = &t->forks[r->fork_slot];
        uint32_t limit_ms = 64u * e->cfg.t1_ms;
        int64_t waited_ms = (e->last_time_ns - record_detail_of(e, r)->time_ns) / 1000000;
        /* The client's next request proves it had the challenge; an ACK sent
         * with it could still arrive within T1 (reordering), so the capture
         * must go on that long after it. */
        uint32_t moved_on = fork->moved_on &&
                            e->last_time_ns - fork->moved_on_ns >= (int64_t)e->cfg.t1_ms * 1000000 ? fork->moved_on : 0;
        if (waited_ms >= (int64_t)limit_ms) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_ACK_MISSING,
                                             .u.ack_missing = { .copies = fork->copies, .limit_ms = limit_ms } });
        } else if (fork->late_copy || moved_on) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_ACK_MISSING, .frame = fork->late_copy,
                                             .u.ack_missing = { .next_request = moved_on, .copies = fork->copies,
                                                                .limit_ms = limit_ms } });
        } else {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_ACK_NOT_SEEN,
                                             .u.ack_not_seen = { .waited_ms = (uint32_t)MAX(waited_ms, 0), .limit_ms = limit_ms } });
        }
    }
    if (r->role == ROLE_RELAY) {
        return; /* its realms are judged once, on the challenge it relays */
    }
    /* The loop's last challenge, never followed by a final answer: the
     * client gave up without being authenticated. */
    flow *f = t->flow;
    const record_detail *d = record_detail_of(e, r);
    for (uint32_t i = 0; d && i < d->n_hits; i++) {
        if (d->hits[i].id == FINDING_AUTH_LOOP && !f->closed && f->last_origin_answer == REF(id)) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_AUTH_LOOP_ABANDONED,
                                             .u.auth_loop_abandoned.rechallenges = f->rechallenges });
            break;
        }
    }
    /* A realm nobody ever sent credentials for: the client has none. */
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, r, &offers);
    for (uint32_t i = 0; i < n_offers; i++) {
        const challenge_offer *o = &offers[i];
        bool realm_done = false;
        for (uint32_t j = 0; j < n_offers; j++) {
            const challenge_offer *p = &offers[j];
            if (p->realm == o->realm && p->kind == o->kind && (p->answered || j < i)) {
                realm_done = true; /* answered, or reported with an earlier offer */
            }
        }
        flow_realm *fr = flow_realm_get(t->flow, o->kind, o->realm, false);
        if (realm_done || (fr && fr->answered)) {
            continue;
        }
        /* The same client answered the other kind of challenge: it has
         * credentials for the registrar (or the proxy), not for this one. */
        const client_answers *a = t->request ? client_answers_of(e, txn_original(e, t)) : NULL;
        const int other = o->kind == AUTH_KIND_PROXY ? AUTH_KIND_WWW - 1 : AUTH_KIND_PROXY - 1;
        const bool hint = a && a->challenge_frame[other];
        record_add_hit(e, r, (finding_hit){ .id = FINDING_NO_RETRY, .u.no_retry = {
                                         .realm = istr_str(o->realm), .status = o->kind == AUTH_KIND_PROXY ? 407 : 401,
                                         .other_challenge = hint ? a->challenge_frame[other] : 0,
                                         .other_status = hint ? a->status[other] : 0,
                                         .other_realm = istr_str(hint ? a->realm[other] : NULL) } });
    }
}
