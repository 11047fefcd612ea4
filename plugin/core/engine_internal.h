/* engine_internal.h - the engine's state, shared by its files:
 * engine.c (feeding, results, finish), transaction.c, flow.c, challenge.c
 * and credentials.c.  Not for the glue. */
#ifndef SIPAUTH_ENGINE_INTERNAL_H
#define SIPAUTH_ENGINE_INTERNAL_H

#include "engine.h"
#include "slab.h"

/* Records are addressed by id (their number in engine.record_store, which is
 * also their feed order); "ref" fields hold id + 1, 0 meaning none. */
typedef uint32_t record_ref;
#define REF(id)   ((record_ref)(id) + 1u)
#define UNREF(r)  ((uint32_t)(r) - 1u)

/* One challenge offered in a 401/407 (one realm / algorithm). */
typedef struct {
    auth_kind   kind;
    const char *realm;
    const char *nonce;
    const char *algorithm;   /* NULL: absent, meaning MD5 */
    const char *qop;         /* NULL: absent */
    const char *opaque;
    bool        stale;
    bool        answered;    /* a later request used its nonce */
} challenge_offer;

/* One set of credentials in a request, as far as later messages ask about
 * it (which realms it answered, and whether rightly, and the nonce, which
 * tells the same credentials forwarded by a proxy): nc and username are
 * only looked at while the request is fed. */
typedef struct {
    const char *realm;
    const char *nonce;       /* interned */
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

/* One per SIP message, a million of them in a large capture, so only what
 * every message needs, in 44 bytes.  What only challenges, credentials and
 * messages with findings have is in a record_detail.  The frames a record
 * points to share three slots: requests, responses and copies each use
 * their own (engine_result() reads the ones that fit the record):
 *
 *   slot   request (ACK, retry)   response (challenge, final)   copy                              relay request    relay challenge
 *   1      challenge_frame        request_frame                 (response copies: request_frame)  -                request_frame
 *   2      answer_frame           retry_frame (challenges)      -                                 answer_frame     relayed_response
 *   3      -                      ack_frame (challenges)        copy_of                           relayed_request  ack_frame
 *
 * A relay's link to what it carries takes the slot its kind leaves free:
 * a relayed challenge is never a nonce's issuer, so never has a retry_frame
 * (its retry is the original's), and a request has no ACK.  A fourth slot
 * would cost every record 4 bytes for the few that are relays.
 */
typedef struct {
    uint32_t     flow_ref;        /* its flow: number + 1 in engine.flow_store; 0: none */
    uint32_t     txn_ref;         /* requests and their copies, challenges: their transaction, likewise */
    uint32_t     frame;
    uint32_t     index_in_frame;
    uint32_t     attempt;
    uint32_t     detail;          /* number + 1 in engine.detail_store; 0: none */
    union { uint32_t challenge_frame; uint32_t request_frame; };
    union { uint32_t answer_frame; uint32_t retry_frame; uint32_t relayed_response; };
    union { uint32_t ack_frame; uint32_t copy_of; uint32_t relayed_request; };
    uint16_t     status;          /* responses: 100-699; 0: a request */
    uint8_t      role;            /* msg_role */
    uint8_t      kind;            /* auth_kind */
    uint8_t      fork_slot;       /* challenges: index in txn.forks; NO_FORK_SLOT if none */
    uint8_t      flags;           /* RECORD_* */
} record;

#define RECORD_ACK             0x01u  /* an ACK (its txn, if any, is the INVITE's) */
#define RECORD_HAS_RETRY_DELAY 0x02u

/* A 401/407 that answers its request: a challenge, or the relay of one
 * (only requests and challenges are recognised as relays). */
static inline bool
record_is_challenge(const record *r)
{
    return r->role == ROLE_CHALLENGE || (r->role == ROLE_RELAY && r->status != 0);
}

/* The frame a relay carries (its first sighting); 0 for other records. */
static inline uint32_t
record_relay_of(const record *r)
{
    if (r->role != ROLE_RELAY) {
        return 0;
    }
    return r->status ? r->relayed_response : r->relayed_request;
}

/* What some records have besides: about a third of the messages of a
 * capture of auth flows.  (The realm a result names is the first offer's
 * or the first credentials', so it is not kept twice.) */
typedef struct {
    finding_hit     *hits;
    challenge_offer *offers;         /* challenges only */
    const char      *username;       /* credentials: the first set's */
    union {
        int64_t      time_ns;        /* challenges: when sent (the ACK timer, retry delays) */
        int64_t      retry_delay_ns; /* retries (RECORD_HAS_RETRY_DELAY) */
    };
    uint32_t         n_hits;
    uint32_t         n_offers;
} record_detail;

#define NO_FORK_SLOT UINT8_MAX

#define FORKS_PER_TXN 8u

/* One challenge of a transaction: a forking proxy can have several UASes
 * challenge one request, each with its own To tag.  Allocated as they come:
 * most transactions are never challenged, so a fixed array in every txn
 * cost more memory than anything else the engine keeps. */
typedef struct {
    record_ref  challenge;
    record_ref  ack;
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
    uint32_t       ref;            /* number + 1 in engine.txn_store */
    uint32_t       relay_of;       /* a proxy's forward of another txn's request: that txn's ref; 0: none */
    flow          *flow;
    record_ref     request;
    const char    *sent_by;
    const char    *from_tag;
    const char    *source;         /* the request's network source address (interned); NULL: unknown */
    const char    *user_agent;     /* its User-Agent (interned) */
    const char    *to_user;        /* the user its To URI names (interned), if it carries no auth header: a probe */
    fork_slot     *forks;          /* one per To tag that challenged (forking), n_challenges of them */
    credential_use *creds;        /* the request's credentials */
    record_ref     final_answer;   /* first final non-challenge answer */
    uint8_t        n_challenges;   /* up to FORKS_PER_TXN */
    uint8_t        n_creds;        /* up to ENGINE_MAX_CREDENTIALS */
    bool           is_invite;
};

#define SENDERS_PER_FLOW 8u
#define REALMS_PER_FLOW  16u

/* Pointers first, then the numbers: 40 bytes. */
typedef struct {
    const char *realm;
    const char *repeated_nonce;  /* the nonce of the latest repeated challenge */
    const char *repeated_sent_by;/* who sent the request it answered (interned) */
    uint32_t    repetitions;     /* repeated challenges so far */
    uint32_t    challenge_frame; /* the latest challenge for it; 0: never challenged in this flow */
    uint32_t    sent_frame;      /* the latest request that carried credentials for it; 0: none */
    uint32_t    accepted_frame;  /* the latest request whose proxy credentials for it got past the proxy */
    uint8_t     kind;            /* auth_kind */
    bool        answered;        /* some request sent credentials of this kind naming this realm */
} flow_realm;

/* One hop that sent the flow's request, and how many attempts it made. */
typedef struct {
    const char *sent_by;
    uint32_t    attempts;
} flow_sender;

/* An auth flow: a request, its challenges, ACKs, retries and final answer.
 * One per Call-ID and method, auth or not (BYE, re-INVITE...): the hop and
 * realm lists are grown as they come, since nearly every flow has one or
 * two of each. */
struct flow {
    flow_key     key;             /* first: see flow_key */
    const char  *origin_sent_by;  /* who sent the flow's first request */
    txn         *last_origin_txn; /* the origin's latest attempt */
    flow_sender *senders;         /* up to SENDERS_PER_FLOW */
    flow_realm  *realms;          /* up to REALMS_PER_FLOW */
    uint32_t     number;          /* 0 until an auth header is seen */
    uint32_t     ref;             /* number + 1 in engine.flow_store */
    record_ref   last_origin_answer; /* the latest 401/407/final answering it */
    uint16_t     final_status;
    uint16_t     rechallenges;    /* challenges of an already challenged realm after credentials */
    uint8_t      n_senders;
    uint8_t      n_realms;
    bool         closed;          /* a final non-challenge answer reached the origin */
    bool         closed_with_credentials; /* ... answering an attempt with credentials */
};

/* The challenges that issued one nonce, when there are several (record ids,
 * in feed order); a nonce with one issuer needs no block (challenge.c). */
typedef struct {
    uint32_t n, capacity;
    uint32_t ids[];
} nonce_issuers;

struct engine {
    engine_config cfg;
    engine_credential *secrets; /* cfg.credentials, copied (and wiped at the end) */
    GHashTable   *algorithms_used; /* username + algorithm -> first frame (RFC 8760 downgrade) */
    GStringChunk *strings;     /* every string the engine keeps */
    GHashTable   *interned;    /* the interned ones among them (a set, by engine_str_hash) */
    slab          record_store;/* record: one per message, by id (feed order) */
    slab          detail_store;/* record_detail: every detail */
    slab          txn_store;   /* txn: every transaction */
    slab          flow_store;  /* flow: every flow */
    GHashTable   *txns;        /* every txn, found by its txn_key */
    GHashTable   *open_flows;  /* the flows still open, found by their flow_key */
    GHashTable   *nonces;      /* interned nonce -> its issuers (nonce_issuers_of) */
    GHashTable   *nonce_counts;/* every nonce_use, found by interned nonce and nc */
    GHashTable   *sources;     /* interned source address -> source_state (guessing.c) */
    GHashTable   *clients;     /* interned "source\x1fUser-Agent" -> client_answers (credentials.c) */
    slab          nonce_use_store; /* the nonce_counts' elements */
    uint32_t      n_auth_flows;
    int64_t       last_time_ns;
    bool          finished;
    uint32_t      frame_cursor; /* engine_frame_results(): where the last frame's records ended */
    msg_result    view;        /* engine_result()'s answer */
};

/* engine.c */
const char *engine_intern(engine *e, const char *s);   /* NULL stays NULL */
/* Equal strings, NULL being "" (interned ones are equal pointers: fast) */
bool engine_str_same(const char *a, const char *b);
guint engine_str_hash(const char *s);                 /* NULL hashes as "" */
record *engine_record(engine *e, uint32_t id);
flow *record_flow(const engine *e, const record *r);  /* NULL if none */
txn *record_txn(const engine *e, const record *r);    /* NULL if none */
/* r's detail, or NULL if it has none */
record_detail *record_detail_of(const engine *e, const record *r);
/* r's detail, made if it has none */
record_detail *record_detail_make(engine *e, record *r);
/* r's challenge offers (challenges): their number, *offers set (NULL if none) */
uint32_t record_offers(const engine *e, const record *r, challenge_offer **offers);
void record_add_hit(engine *e, record *r, finding_hit hit);
/* syntax_oddity for an auth item that bends the grammar (if enabled) */
void record_note_syntax(engine *e, record *r, auth_header_kind kind, const auth_item *item);
int64_t message_time_ns(const sip_message *msg);

/* transaction.c */
guint txn_key_hash(gconstpointer key);
gboolean txn_key_equal(gconstpointer a, gconstpointer b);
txn *txn_find(engine *e, const char *call_id, uint32_t cseq, const char *method, const char *branch);
/* A new transaction of flow f (its Call-ID and method are the key's) */
txn *txn_add(engine *e, flow *f, uint32_t cseq, const char *branch);
/* t, or the transaction whose request t's request relays */
const txn *txn_original(const engine *e, const txn *t);
void txn_clear(txn *t);   /* what it points to */
/* the fork slot of a response's To tag; creates one when new (-1 when full) */
int  txn_fork_slot(engine *e, txn *t, const char *to_tag, bool create);
void ack_handle(engine *e, uint32_t id, const sip_message *msg);

/* flow.c */
guint flow_key_hash(gconstpointer key);
gboolean flow_key_equal(gconstpointer a, gconstpointer b);
flow *flow_open(engine *e, const char *call_id, const char *method); /* NULL: none open */
flow *flow_for_request(engine *e, const sip_message *msg);
flow *flow_for_orphan_response(engine *e, const sip_message *msg);
void flow_make_auth(engine *e, flow *f);
uint32_t flow_next_attempt(flow *f, const char *sent_by);
flow_realm *flow_realm_get(flow *f, auth_kind kind, const char *realm, bool create);
/* A final non-challenge answer reached the origin; with_credentials: its
 * attempt carried credentials */
void flow_close(engine *e, flow *f, uint32_t status, bool with_credentials);
flow_outcome flow_outcome_of(const engine *e, const flow *f);
void flow_clear(flow *f); /* what it points to */

/* challenge.c */
/* The challenges that issued nonce (interned): their number; *ids points to
 * their record ids, in feed order (to *one when there is one). */
uint32_t nonce_issuers_of(const engine *e, const char *nonce, uint32_t *one, const uint32_t **ids);
void nonce_issuers_free(gpointer value);
void challenge_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);
void challenge_finish(engine *e, uint32_t id);

/* verify.c: check one set of credentials against the table; adds
 * credentials_verified, bad_password or unverifiable to r; true if right */
bool verify_credentials(engine *e, record *r, const auth_item *item, const challenge_offer *o,
                        uint32_t challenge_frame, const sip_message *msg);
void secrets_copy(engine *e);
void secrets_wipe(engine *e);

/* guessing.c: rejected attempts and probes per source address */
typedef struct source_state source_state;
void source_state_free(gpointer p);
/* answer rejected the credentials of t (a new challenge for their realm, or a 403) */
void guessing_rejected(engine *e, record *answer, const txn *t, const char *username, int64_t now_ns);
/* answer (a challenge, 404 or 403) answered t, a request without credentials */
void guessing_probed(engine *e, record *answer, const txn *t, int64_t now_ns);

/* credentials.c */
/* The first challenge of each kind a client (source address and
 * User-Agent) answered with credentials: what tells "this phone has
 * registrar credentials but no proxy credentials" (the guide's causes 01
 * and 03).  Index: auth_kind - 1. */
typedef struct {
    uint32_t    challenge_frame[2];
    uint16_t    status[2];
    const char *realm[2];
} client_answers;
/* What t's client answered; NULL if nothing (or its source is unknown) */
const client_answers *client_answers_of(engine *e, const txn *t);
guint nonce_use_hash(gconstpointer key);
gboolean nonce_use_equal(gconstpointer a, gconstpointer b);
size_t nonce_use_size(void);
void credentials_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);
/* an ACK of a 2xx (or of nothing captured) with credentials: links and nonce counts */
void credentials_in_ack(engine *e, uint32_t id, const sip_message *msg);

#endif
