/* state.h - the engine's state: what it knows of transactions and flows,
 * and the engine itself (its store, tables and configuration).  Shared by
 * the rule files (transaction, flow, nonces, challenge, credentials,
 * verify, guessing, ...), each of which has its own header for what it
 * offers the others; nothing here calls a rule.  Not for the glue.
 *
 * The small functions at the end reach the store through the engine, so a
 * rule reads engine_record(e, id) rather than store_record(&e->store, id).
 */
#ifndef SIPAUTH_STATE_H
#define SIPAUTH_STATE_H

#include "config.h"
#include "results.h"
#include "sip_message.h"
#include "store.h"

typedef struct engine engine;

/* One set of credentials in a request, as far as later messages ask about
 * it (which realms it answered, and whether rightly, and the nonce, which
 * tells the same credentials forwarded by a proxy): nc and username are
 * only looked at while the request is fed. */
typedef struct {
    istr        realm;
    istr        nonce;
    uint32_t    challenge_frame; /* the challenge that issued the nonce; 0: none known (or a relay) */
    uint8_t     kind;        /* auth_kind */
    bool        verified;    /* the response is right for the table's secret */
} credential_use;

typedef struct flow flow;
typedef struct txn txn;

/* What finds an open flow: its Call-ID and method (interned in a flow, the
 * message's own strings in a lookup).  The first member of a flow, so that
 * a hash table of flows can be searched with a key on the stack: no key
 * string is built or kept per flow. */
typedef struct {
    const char *call_id;
    const char *method;
} flow_key;

/* What finds a transaction (RFC 3261 §17.1.3, §17.2.3): Call-ID, CSeq
 * number, method and top Via branch; NULL and "" are the same.  The first
 * member of a txn, for the same reason. */
typedef struct {
    const char *call_id;   /* the flow's, interned */
    const char *method;    /* the flow's, interned */
    const char *branch;    /* a copy */
    uint32_t    cseq;
} txn_key;

#define FORKS_PER_TXN 8u

/* One challenge of a transaction: a forking proxy can have several UASes
 * challenge one request, each with its own To tag.  Allocated as they come:
 * most transactions are never challenged, so a fixed array in every txn
 * cost more memory than anything else the engine keeps. */
typedef struct {
    ref         challenge;
    ref         ack;
    uint32_t    copies;    /* retransmissions of the challenge seen */
    /* What proves a missing ACK before Timer H runs out (RFC 3261
     * §17.1.1.2): a retransmission of the challenge at least T1 after it,
     * with no ACK before it (Timer G fired), and the client's next request
     * of the flow sent with no ACK before it.  Frames; 0: not seen. */
    uint32_t    late_copy;
    uint32_t    moved_on;
    int64_t     moved_on_ns;
    const char *to_tag;
} fork_slot;

/* A transaction: one request (all its retransmissions) and its responses. */
struct txn {
    txn_key        key;            /* first: see txn_key */
    ref            self;           /* its own ref in the store's txns */
    ref            relay_of;       /* a proxy's forward of another txn's request: that txn's ref; 0: none */
    flow          *flow;
    ref            request;
    istr           sent_by;
    istr           from_tag;
    istr           source;         /* the request's network source address; NULL: unknown */
    istr           user_agent;     /* its User-Agent */
    istr           to_user;        /* the user its To URI names, if it carries no auth header: a probe */
    fork_slot     *forks;          /* one per To tag that challenged (forking), n_challenges of them */
    credential_use *creds;        /* the request's credentials */
    ref            final_answer;   /* first final non-challenge answer */
    uint8_t        n_challenges;   /* up to FORKS_PER_TXN */
    uint8_t        n_creds;        /* up to ENGINE_MAX_CREDENTIALS */
    bool           is_invite;
};

#define SENDERS_PER_FLOW 8u
#define REALMS_PER_FLOW  16u

/* Pointers first, then the numbers: 40 bytes. */
typedef struct {
    istr        realm;
    istr        repeated_nonce;  /* the nonce of the latest repeated challenge */
    istr        repeated_sent_by;/* who sent the request it answered */
    uint32_t    repetitions;     /* repeated challenges so far */
    uint32_t    challenge_frame; /* the latest challenge for it; 0: never challenged in this flow */
    uint32_t    sent_frame;      /* the latest request that carried credentials for it; 0: none */
    uint32_t    accepted_frame;  /* the latest request whose proxy credentials for it got past the proxy */
    uint8_t     kind;            /* auth_kind */
    bool        answered;        /* some request sent credentials of this kind naming this realm */
} flow_realm;

/* One hop that sent the flow's request, and how many attempts it made. */
typedef struct {
    istr        sent_by;
    uint32_t    attempts;
} flow_sender;

/* An auth flow: a request, its challenges, ACKs, retries and final answer.
 * One per Call-ID and method, auth or not (BYE, re-INVITE...): the hop and
 * realm lists are grown as they come, since nearly every flow has one or
 * two of each. */
struct flow {
    flow_key     key;             /* first: see flow_key */
    istr         origin_sent_by;  /* who sent the flow's first request */
    txn         *last_origin_txn; /* the origin's latest attempt */
    flow_sender *senders;         /* up to SENDERS_PER_FLOW */
    flow_realm  *realms;          /* up to REALMS_PER_FLOW */
    uint32_t     number;          /* 0 until an auth header is seen */
    ref          self;            /* its own ref in the store's flows */
    ref          last_origin_answer; /* the latest 401/407/final answering it */
    uint16_t     final_status;
    uint16_t     rechallenges;    /* challenges of an already challenged realm after credentials */
    uint8_t      n_senders;
    uint8_t      n_realms;
    bool         closed;          /* a final non-challenge answer reached the origin */
    bool         closed_with_credentials; /* ... answering an attempt with credentials */
};

struct engine {
    engine_config cfg;
    engine_credential *secrets; /* cfg.credentials, copied (and wiped at the end) */
    GHashTable   *algorithms_used; /* username + algorithm -> first frame (RFC 8760 downgrade) */
    store         store;       /* records, details, txns, flows, strings */
    GHashTable   *txns;        /* every txn, found by its txn_key */
    GHashTable   *open_flows;  /* the flows still open, found by their flow_key */
    GHashTable   *nonces;      /* interned nonce -> its issuers (nonces.c) */
    GHashTable   *nonce_counts;/* every nonce_use, found by interned nonce and nc (nonces.c) */
    GHashTable   *sources;     /* interned source address -> source_state (guessing.c) */
    GHashTable   *clients;     /* interned "source\x1fUser-Agent" -> client_answers (clients.c) */
    slab          nonce_use_store; /* the nonce_counts' elements */
    uint32_t      n_auth_flows;
    int64_t       last_time_ns;
    bool          finished;
    uint32_t      frame_cursor; /* engine_frame_results(): where the last frame's records ended */
    msg_result    view;        /* engine_result()'s answer */
};


/* The kind of authentication a header belongs to (header_kind.c's table). */
static inline auth_kind
auth_kind_of_header(auth_header_kind h)
{
    return auth_header_kind_is_proxy(h) ? AUTH_KIND_PROXY : AUTH_KIND_WWW;
}

/* ... and a 401 or 407 (any other status reads as a 401, as everywhere) */
static inline auth_kind
auth_kind_of_status(uint32_t status)
{
    return auth_kind_of_header(auth_header_kind_of_status(status, true));
}

/* A flow's key strings are interned (flow.c), a lookup's are the
 * message's: the flow's Call-ID and method as the istr they are. */
static inline istr
flow_call_id(const flow *f)
{
    return (istr)f->key.call_id;
}

static inline istr
flow_method(const flow *f)
{
    return (istr)f->key.method;
}

/* The store, through the engine. */
static inline istr
engine_intern(engine *e, const char *s)
{
    return store_intern(&e->store, s);
}

static inline record *
engine_record(const engine *e, uint32_t id)
{
    return store_record(&e->store, id);
}

/* r's flow or transaction; NULL if none */
static inline flow *
record_flow(const engine *e, const record *r)
{
    return r->flow_ref ? slab_at(&e->store.flows, UNREF(r->flow_ref)) : NULL;
}

static inline txn *
record_txn(const engine *e, const record *r)
{
    return r->txn_ref ? slab_at(&e->store.txns, UNREF(r->txn_ref)) : NULL;
}

static inline record_detail *
record_detail_of(const engine *e, const record *r)
{
    return store_detail_of(&e->store, r);
}

static inline record_detail *
record_detail_make(engine *e, record *r)
{
    return store_detail_make(&e->store, r);
}

static inline uint32_t
record_offers(const engine *e, const record *r, challenge_offer **offers)
{
    return store_offers(&e->store, r, offers);
}

static inline void
record_add_hit(engine *e, record *r, finding_hit hit)
{
    store_add_hit(&e->store, r, hit);
}

#endif
