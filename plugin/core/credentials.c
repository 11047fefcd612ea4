/* credentials.c - Authorization and Proxy-Authorization in a request: which
 * challenge they answer (the latest that issued their nonce), and whether
 * they answer it correctly.
 */
#include <string.h>

#include "algorithm.h"
#include "clients.h"
#include "credentials.h"
#include "flow.h"
#include "msg_time.h"
#include "nonces.h"
#include "syntax.h"
#include "transaction.h"
#include "verify.h"

/* One set of credentials while its request is fed (credential_use keeps
 * what later messages need). */
typedef struct {
    auth_kind   kind;
    istr        realm;
    istr        nonce;
    istr        username;
    istr        nc;
} credential_seen;

/* The offer the credentials answer: the one with their nonce and algorithm,
 * else the first with their nonce (several algorithms may share a nonce). */
static const challenge_offer *
offer_with_nonce(const engine *e, const record *c, istr nonce, const char *algorithm)
{
    const challenge_offer *first = NULL;
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, c, &offers);
    for (uint32_t i = 0; i < n_offers; i++) {
        const challenge_offer *o = &offers[i];
        if (o->nonce != nonce) {
            continue;
        }
        if (digest_algorithm_same(o->algorithm, algorithm)) {
            return o;
        }
        if (!first) {
            first = o;
        }
    }
    return first;
}

/* The challenge that issued nonce: the latest one of this Call-ID, else the
 * latest of all.  Servers reuse nonces (kamailio gives every challenge of
 * the same second the same one), so a nonce seen in another call says
 * nothing about this one unless this call has none.  The challenges of this
 * call that issued it (a server may reuse one within the call) are marked
 * answered, and get own_frame as their retry unless they have one (0 for a
 * relayed request, which retries nothing itself).  Relayed challenges issue
 * nothing: the challenge they relay did. */
static record *
issuing_challenge(engine *e, istr nonce, const char *algorithm, istr call_id, uint32_t own_frame,
                  const challenge_offer **offer)
{
    *offer = NULL;
    uint32_t one;
    const uint32_t *ids;
    uint32_t n = nonce ? nonce_issuers_of(e, nonce, &one, &ids) : 0;
    record *latest_here = NULL, *latest = NULL;
    for (uint32_t i = 0; i < n; i++) {
        record *c = engine_record(e, ids[i]);
        latest = c;
        if (c->txn_ref && flow_call_id(record_txn(e, c)->flow) == call_id) {
            latest_here = c;
        }
    }
    record *chosen = latest_here ? latest_here : latest;
    for (uint32_t i = 0; chosen && i < n; i++) {
        record *c = engine_record(e, ids[i]);
        bool same_call = c->txn_ref && flow_call_id(record_txn(e, c)->flow) == call_id;
        if (c != chosen && !(latest_here && same_call)) {
            continue;
        }
        challenge_offer *offers;
        uint32_t n_offers = record_offers(e, c, &offers);
        for (uint32_t o = 0; o < n_offers; o++) {
            if (offers[o].nonce == nonce) {
                offers[o].answered = true;
            }
        }
        if (!record_link(c, LINK_RETRY)) {
            record_set_link(c, LINK_RETRY, own_frame);
        }
    }
    if (chosen) {
        *offer = offer_with_nonce(e, chosen, nonce, algorithm);
    }
    return chosen;
}

/* offered is a comma-separated list ("auth,auth-int"); its entries are
 * compared without their surrounding blanks, in any letter case. */
static bool
qop_offered(const char *offered, const char *chosen)
{
    const size_t n = strlen(chosen);
    for (const char *p = offered;;) {
        while (g_ascii_isspace(*p)) {
            p++;
        }
        const char *comma = strchr(p, ',');
        const char *last = comma ? comma : p + strlen(p);
        while (last > p && g_ascii_isspace(last[-1])) {
            last--;
        }
        if ((size_t)(last - p) == n && g_ascii_strncasecmp(p, chosen, n) == 0) {
            return true;
        }
        if (!comma) {
            return false;
        }
        p = comma + 1;
    }
}

/* The notes: how well the credentials fit the challenge they answer. */
static void
check_fit(engine *e, record *r, const auth_item *item, const record *c, const challenge_offer *o,
          const sip_message *msg)
{
    const char *qop = auth_item_value(item, AUTH_PARAM_QOP);
    const char *cnonce = auth_item_value(item, AUTH_PARAM_CNONCE);
    const char *nc = auth_item_value(item, AUTH_PARAM_NC);
    const char *problem = NULL;
    if (o->qop && !qop) {
        problem = "qop missing";
    } else if (o->qop && !qop_offered(o->qop, qop)) {
        problem = "qop not among those offered";
    } else if (o->qop && (!cnonce || !nc)) {
        problem = "cnonce or nc missing with qop";
    } else if (!o->qop && (qop || cnonce || nc)) {
        problem = "qop, cnonce or nc sent although the challenge offered no qop";
    }
    if (problem) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_QOP_MISMATCH, .frame = c->frame, 
                                         .u.qop_mismatch = { .problem = problem, .offered = o->qop ? o->qop : "(none)" } });
    }

    const char *algorithm = auth_item_value(item, AUTH_PARAM_ALGORITHM);
    const char *wanted = o->algorithm ? o->algorithm : DIGEST_ALGORITHM_DEFAULT;
    if (!digest_algorithm_same(algorithm, o->algorithm)) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_ALGORITHM_MISMATCH, .frame = c->frame,
                                         .u.algorithm_mismatch = { .sent = istr_str(engine_intern(e, algorithm ? algorithm : "MD5 (absent)")),
                                                                   .wanted = wanted } });
    }

    const char *response = auth_item_value(item, AUTH_PARAM_RESPONSE);
    /* Unknown algorithms (and AKA, whose response sipauth cannot check) have no rule. */
    size_t want_len = digest_algorithm_response_length(algorithm ? algorithm : o->algorithm);
    if (response && want_len && strlen(response) != want_len) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_RESPONSE_LENGTH, .u.response_length = {
                                         .length = (uint32_t)MIN(strlen(response), UINT32_MAX),
                                         .algorithm = istr_str(engine_intern(e, algorithm ? algorithm : (o->algorithm ? o->algorithm : DIGEST_ALGORITHM_DEFAULT))),
                                         .wanted = want_len == 32 ? "32 hex digits" : "64 hex digits" } });
    }

    const char *opaque = auth_item_value(item, AUTH_PARAM_OPAQUE);
    if (o->opaque && (!opaque || strcmp(opaque, o->opaque) != 0)) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_OPAQUE_NOT_ECHOED, .frame = c->frame,
                                         .u.opaque_not_echoed = { .sent = istr_str(engine_intern(e, opaque)), .challenge = o->opaque } });
    }

    const char *uri = auth_item_value(item, AUTH_PARAM_URI);
    if (e->cfg.note_uri && uri && msg->request_uri && strcmp(uri, msg->request_uri) != 0) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_URI_MISMATCH, .u.uri_mismatch = {
                                         .uri = istr_str(engine_intern(e, uri)), .request_uri = istr_str(engine_intern(e, msg->request_uri)) } });
    }
}

/* The realm the flow challenged that these credentials resemble, for
 * credentials whose nonce no challenge in the capture issued. */
static void
check_realm_against_flow(engine *e, record *r, flow *f, const credential_seen *cred)
{
    if (!cred->realm) {
        return;
    }
    const flow_realm *near = NULL, *last = NULL;
    for (uint32_t i = 0; i < f->n_realms; i++) {
        const flow_realm *fr = &f->realms[i];
        if (!fr->challenge_frame) {
            continue; /* only credentials named it */
        }
        if (fr->realm == cred->realm) {
            return;
        }
        if (fr->realm && g_ascii_strcasecmp(istr_str(fr->realm), istr_str(cred->realm)) == 0) {
            near = fr;
        }
        last = fr;
    }
    if (!last) {
        return; /* nothing challenged in this flow: pre-emptive credentials */
    }
    const flow_realm *shown = near ? near : last;
    (void)e;
    record_add_hit(e, r, (finding_hit){ .id = FINDING_REALM_MISMATCH, .frame = shown->challenge_frame,
                                     .u.realm_mismatch = { .realm = istr_str(cred->realm), .challenged = istr_str(shown->realm),
                                                                .case_only = near != NULL } });
}

/* "username\x1falgorithm" in lower case: a key of algorithms_used. */
static char *
algorithm_key(const char *username, const char *algorithm)
{
    const size_t u = strlen(username), a = strlen(algorithm);
    char *key = g_malloc(u + 1 + a + 1);
    for (size_t i = 0; i < u; i++) {
        key[i] = g_ascii_tolower(username[i]);
    }
    key[u] = '\x1f';
    for (size_t i = 0; i < a; i++) {
        key[u + 1 + i] = g_ascii_tolower(algorithm[i]);
    }
    key[u + 1 + a] = '\0';
    return key;
}

/* RFC 8760 §2.4: a client answers the topmost challenge of a realm whose
 * algorithm it supports.  Answering a lower one although this user answered
 * the topmost algorithm earlier in the capture is a downgrade. */
static void
check_downgrade(engine *e, record *r, const record *c, const challenge_offer *o, istr username)
{
    const challenge_offer *top = NULL;
    challenge_offer *offers;
    uint32_t n_offers = record_offers(e, c, &offers);
    for (uint32_t i = 0; i < n_offers && !top; i++) {
        if (offers[i].realm == o->realm && offers[i].kind == o->kind) {
            top = &offers[i];
        }
    }
    const char *used = o->algorithm ? o->algorithm : DIGEST_ALGORITHM_DEFAULT;
    if (username) {
        char *lower = algorithm_key(istr_str(username), used);
        if (!g_hash_table_contains(e->algorithms_used, lower)) {
            g_hash_table_insert(e->algorithms_used, lower, GUINT_TO_POINTER(r->frame));
        } else {
            g_free(lower);
        }
    }
    if (!top || top == o || !username) {
        return;
    }
    const char *best = top->algorithm ? top->algorithm : DIGEST_ALGORITHM_DEFAULT;
    char *lower = algorithm_key(istr_str(username), best);
    gpointer frame = g_hash_table_lookup(e->algorithms_used, lower);
    g_free(lower);
    if (frame) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_ALGORITHM_DOWNGRADE, .frame = GPOINTER_TO_UINT(frame),
                                         .u.algorithm_downgrade = { .used = istr_str(engine_intern(e, used)),
                                                                    .offered = istr_str(engine_intern(e, best)) } });
    }
}

/* A 3GPP IMS initial REGISTER (TS 24.229 §5.1.1.2.1) carries Authorization
 * with nonce="" and response="": it names the private identity before any
 * challenge and answers nothing, so it is no set of credentials (no
 * rejection, no realm claimed, no nonce to count). */
static bool
is_identity_hint(const auth_item *item)
{
    const char *nonce = auth_item_value(item, AUTH_PARAM_NONCE);
    const char *response = auth_item_value(item, AUTH_PARAM_RESPONSE);
    return nonce && !nonce[0] && response && !response[0];
}

void
credentials_handle(engine *e, uint32_t id, txn *t, const sip_message *msg)
{
    uint32_t n = 0;
    for (size_t h = 0; h < msg->n_auth; h++) {
        if (!auth_header_kind_is_challenge(msg->auth[h].kind)) {
            n += (uint32_t)msg->auth[h].value.n_items;
        }
    }
    n = MIN(n, ENGINE_MAX_CREDENTIALS);
    if (n == 0) {
        return;
    }
    flow *f = t->flow;
    flow_make_auth(e, f);
    record *r = engine_record(e, id);
    /* A proxy's forward of a request: its credentials are checked as they
     * appear on this leg, but it answers nothing itself; the request it
     * relays did (the retry, its challenge, its delay and CSeq). */
    const bool relay = t->relay_of != 0;
    t->creds = g_new0(credential_use, n);
    record *answered = NULL; /* the latest challenge of this flow answered */

    for (size_t h = 0; h < msg->n_auth && t->n_creds < n; h++) {
        const sip_auth_header *hdr = &msg->auth[h];
        if (auth_header_kind_is_challenge(hdr->kind)) {
            continue;
        }
        for (size_t i = 0; i < hdr->value.n_items && t->n_creds < n; i++) {
            const auth_item *item = &hdr->value.items[i];
            if (is_identity_hint(item)) {
                continue;
            }
            const credential_seen seen = {
                .kind = auth_kind_of_header(hdr->kind),
                .realm = engine_intern(e, auth_item_value(item, AUTH_PARAM_REALM)),
                .nonce = engine_intern(e, auth_item_value(item, AUTH_PARAM_NONCE)),
                .username = engine_intern(e, auth_item_value(item, AUTH_PARAM_USERNAME)),
                .nc = engine_intern(e, auth_item_value(item, AUTH_PARAM_NC)),
            };
            const credential_seen *cred = &seen;
            credential_use *kept = &t->creds[t->n_creds++];
            kept->kind = (uint8_t)cred->kind;
            kept->realm = cred->realm;
            kept->nonce = cred->nonce;
            record_note_syntax(e, r, hdr->kind, item);

            const challenge_offer *o;
            const char *algorithm = auth_item_value(item, AUTH_PARAM_ALGORITHM);
            record *c = issuing_challenge(e, cred->nonce, algorithm, flow_call_id(f), relay ? 0 : r->frame, &o);
            r = engine_record(e, id);
            flow_realm *fr = flow_realm_get(f, cred->kind, cred->realm, true);
            if (fr) {
                fr->answered = true;
                if (!relay) {
                    fr->sent_frame = r->frame;
                }
            }
            if (!c || !o) {
                record_add_hit(e, r, (finding_hit){ .id = FINDING_NONCE_UNKNOWN, .u.nonce_unknown.realm = istr_str(cred->realm) });
                check_realm_against_flow(e, r, f, cred);
            } else {
                if (!cred->realm || !engine_str_same(istr_str(cred->realm), istr_str(o->realm))) {
                    bool case_only = cred->realm && o->realm && g_ascii_strcasecmp(istr_str(cred->realm), istr_str(o->realm)) == 0;
                    record_add_hit(e, r, (finding_hit){ .id = FINDING_REALM_MISMATCH, .frame = c->frame,
                                                     .u.realm_mismatch = { .realm = cred->realm ? istr_str(cred->realm) : "(none)",
                                                                           .challenged = istr_str(o->realm), .case_only = case_only } });
                }
                if (cred->kind != o->kind) {
                    record_add_hit(e, r, (finding_hit){ .id = FINDING_WRONG_HEADER, .frame = c->frame,
                                                     .u.wrong_header = { .status = c->status,
                                                                         .header = auth_header_kind_name(hdr->kind) } });
                }
                if (!relay) {
                    client_note_answered(e, t, c, o);
                }
                check_fit(e, r, item, c, o, msg);
                check_downgrade(e, r, c, o, cred->username);
                if (!relay && c->txn_ref && record_txn(e, c)->flow == f && (!answered || c->frame > answered->frame)) {
                    answered = c;
                }
                if (!relay && (!record_link(r, LINK_CHALLENGE) || c->frame > record_link(r, LINK_CHALLENGE))) {
                    record_set_link(r, LINK_CHALLENGE, c->frame);
                }
            }
            kept->verified = verify_credentials(e, r, item, o, c ? c->frame : 0, msg) == VERIFY_RIGHT;
            if (c && o && !relay) {
                kept->challenge_frame = c->frame;
            }
            const request_id req = { flow_call_id(t->flow), flow_method(t->flow), t->key.cseq, r->frame };
            nonce_count(e, id, &req, cred->nonce, cred->nc);
            if (t->n_creds == 1) {
                r->kind = cred->kind;
                record_detail_make(e, r)->username = cred->username;
            }
        }
    }

    if (answered) {
        r->role = ROLE_RETRY;
        record_set_link(r, LINK_CHALLENGE, answered->frame);
        r->flags |= RECORD_HAS_RETRY_DELAY;
        record_detail_make(e, r)->time_ns = message_time_ns(msg) - record_detail_of(e, answered)->time_ns;
        /* The challenged request as its sender sent it: a challenge on the
         * next hop answers the proxy's forward of it. */
        const txn *ct = txn_original(e, record_txn(e, answered));
        if (ct->key.cseq == msg->cseq && ct->sent_by == t->sent_by) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_CSEQ_NOT_INCREMENTED, .frame = answered->frame,
                                             .u.cseq_not_incremented.cseq = msg->cseq });
        }
        if (ct->from_tag && msg->from_tag && ct->sent_by == t->sent_by && strcmp(istr_str(ct->from_tag), msg->from_tag) != 0) {
            record_add_hit(e, r, (finding_hit){ .id = FINDING_DIALOG_CHANGED, .frame = answered->frame,
                                             .u.dialog_changed = { .tag = istr_str(engine_intern(e, msg->from_tag)),
                                                                   .challenged_tag = istr_str(ct->from_tag) } });
        }
    }
}

/* The ACK of a 2xx repeats the INVITE's credentials (RFC 3261 §13.2.2.4):
 * they answer no challenge of their own, but they name the challenge that
 * issued their nonce, and they count in its nonce counts (the same nc as
 * the INVITE's is the same request; another one's is a replay).  Joins the
 * flow of that challenge when it is of the same call.  Nothing is verified
 * or fitted again: the INVITE's credentials were. */
void
credentials_in_ack(engine *e, uint32_t id, const sip_message *msg)
{
    const request_id req = { engine_intern(e, msg->call_id), engine_intern(e, "ACK"), msg->cseq, msg->frame };
    for (size_t h = 0; h < msg->n_auth; h++) {
        const sip_auth_header *hdr = &msg->auth[h];
        if (auth_header_kind_is_challenge(hdr->kind)) {
            continue;
        }
        for (size_t i = 0; i < hdr->value.n_items && i < ENGINE_MAX_CREDENTIALS; i++) {
            const auth_item *item = &hdr->value.items[i];
            if (is_identity_hint(item)) {
                continue;
            }
            const credential_seen cred = {
                .kind = auth_kind_of_header(hdr->kind),
                .realm = engine_intern(e, auth_item_value(item, AUTH_PARAM_REALM)),
                .nonce = engine_intern(e, auth_item_value(item, AUTH_PARAM_NONCE)),
                .username = engine_intern(e, auth_item_value(item, AUTH_PARAM_USERNAME)),
                .nc = engine_intern(e, auth_item_value(item, AUTH_PARAM_NC)),
            };
            const challenge_offer *o;
            record *c = issuing_challenge(e, cred.nonce, auth_item_value(item, AUTH_PARAM_ALGORITHM), req.call_id, 0, &o);
            record *r = engine_record(e, id);
            const txn *ct = c ? record_txn(e, c) : NULL;
            if (ct && flow_call_id(ct->flow) == req.call_id) {
                if (!r->flow_ref) {
                    r->flow_ref = ct->flow->self;
                    r->role = ROLE_REQUEST;
                    r->kind = cred.kind;
                    record_detail_make(e, r)->username = cred.username;
                }
                if (c->frame > record_link(r, LINK_CHALLENGE)) {
                    record_set_link(r, LINK_CHALLENGE, c->frame);
                }
            }
            nonce_count(e, id, &req, cred.nonce, cred.nc);
        }
    }
}
