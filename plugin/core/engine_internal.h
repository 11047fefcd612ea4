/* engine_internal.h - the engine's state, shared by its files:
 * engine.c (feeding, results, finish), transaction.c, flow.c, challenge.c
 * and credentials.c.  Not for the glue. */
#ifndef SIPAUTH_ENGINE_INTERNAL_H
#define SIPAUTH_ENGINE_INTERNAL_H

#include "engine.h"

/* Records are addressed by id (index in engine.records) so that the array can
 * grow; "ref" fields hold id + 1, 0 meaning none. */
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

/* One set of credentials in a request. */
typedef struct {
    auth_kind   kind;
    const char *realm;
    const char *nonce;
    const char *username;
    const char *nc;
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

/* One per SIP message, a million of them in a large capture: pointers first,
 * then 32-bit numbers, then the small ones, so that nothing is padding. */
typedef struct {
    int64_t      time_ns;
    int64_t      retry_delay_ns;
    flow        *flow;
    const char  *method;          /* requests (interned) */
    const char  *realm;
    const char  *username;
    finding_hit *hits;
    challenge_offer *offers;      /* challenges only */
    struct txn  *txn;             /* requests and challenges: their transaction; challenges: fork slot */
    uint32_t     frame;
    uint32_t     index_in_frame;
    uint32_t     attempt;
    uint32_t     request_frame, challenge_frame, retry_frame, ack_frame, answer_frame, copy_of;
    uint32_t     n_hits;
    uint32_t     n_offers;
    uint16_t     status;          /* responses: 100-699 */
    uint8_t      role;            /* msg_role */
    uint8_t      kind;            /* auth_kind */
    uint8_t      fork_slot;       /* challenges: index in txn.forks; NO_FORK_SLOT if none */
    bool         has_retry_delay;
} record;

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
    const char *to_tag;
} fork_slot;

/* A transaction: one request (all its retransmissions) and its responses. */
struct txn {
    txn_key        key;            /* first: see txn_key */
    flow          *flow;
    record_ref     request;
    const char    *sent_by;
    const char    *from_tag;
    bool           is_invite;
    fork_slot     *forks;          /* one per To tag that challenged (forking), n_challenges of them */
    uint32_t       n_challenges;
    record_ref     final_answer;   /* first final non-challenge answer */
    credential_use *creds;        /* the request's credentials */
    uint32_t       n_creds;
};

#define SENDERS_PER_FLOW 8u
#define REALMS_PER_FLOW  16u

typedef struct {
    auth_kind   kind;
    const char *realm;
    uint32_t    repetitions;   /* repeated challenges so far */
    const char *repeated_nonce; /* the nonce of the latest repeated challenge */
    uint32_t    challenge_frame; /* the latest challenge for it; 0: never challenged in this flow */
    bool        answered;      /* some request sent credentials of this kind naming this realm */
} flow_realm;

/* An auth flow: a request, its challenges, ACKs, retries and final answer. */
struct flow {
    flow_key     key;             /* first: see flow_key */
    uint32_t     number;          /* 0 until an auth header is seen */
    const char  *origin_sent_by;  /* who sent the flow's first request */
    bool         closed;          /* a final non-challenge answer reached the origin */
    uint32_t     final_status;
    txn         *last_origin_txn; /* the origin's latest attempt */
    record_ref   last_origin_answer; /* the latest 401/407/final answering it */
    const char  *senders[SENDERS_PER_FLOW];
    uint32_t     attempts[SENDERS_PER_FLOW];
    uint32_t     n_senders;
    flow_realm  *realms;          /* grown as realms come, up to REALMS_PER_FLOW */
    uint32_t     n_realms;
};

/* The challenges that issued one nonce (record ids, in feed order). */
typedef struct {
    uint32_t n, capacity;
    uint32_t ids[];
} nonce_issuers;

struct engine {
    engine_config cfg;
    engine_credential *secrets; /* cfg.credentials, copied (and wiped at the end) */
    GHashTable   *algorithms_used; /* username + algorithm -> first frame (RFC 8760 downgrade) */
    GStringChunk *strings;     /* every string the engine keeps */
    GArray       *records;     /* record, by id */
    GHashTable   *txns;        /* every txn, found by its txn_key */
    GHashTable   *open_flows;  /* the flows still open, found by their flow_key */
    GPtrArray    *flows;       /* every flow, to free them */
    GHashTable   *nonces;      /* interned nonce -> nonce_issuers */
    GHashTable   *nonce_counts;/* every nonce_use, found by interned nonce and nc */
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
void record_add_hit(record *r, finding_hit hit);
/* syntax_oddity for an auth item that bends the grammar (if enabled) */
void record_note_syntax(engine *e, record *r, auth_header_kind kind, const auth_item *item);
int64_t message_time_ns(const sip_message *msg);

/* transaction.c */
guint txn_key_hash(gconstpointer key);
gboolean txn_key_equal(gconstpointer a, gconstpointer b);
txn *txn_find(engine *e, const char *call_id, uint32_t cseq, const char *method, const char *branch);
/* A new transaction of flow f (its Call-ID and method are the key's) */
txn *txn_add(engine *e, flow *f, uint32_t cseq, const char *branch);
void txn_free(gpointer t);
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
void flow_close(engine *e, flow *f, uint32_t status);
flow_outcome flow_outcome_of(const engine *e, const flow *f);
void flow_free(gpointer f);

/* challenge.c */
void challenge_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);
void challenge_finish(engine *e, uint32_t id);

/* verify.c: check one set of credentials against the table; adds
 * credentials_verified, bad_password or unverifiable to r; true if right */
bool verify_credentials(engine *e, record *r, const auth_item *item, const challenge_offer *o,
                        uint32_t challenge_frame, const sip_message *msg);
void secrets_copy(engine *e);
void secrets_wipe(engine *e);

/* credentials.c */
guint nonce_use_hash(gconstpointer key);
gboolean nonce_use_equal(gconstpointer a, gconstpointer b);
void credentials_handle(engine *e, uint32_t id, txn *t, const sip_message *msg);

#endif
