/* store.h - what the engine remembers, and how it is addressed: one record
 * per message, the details some records have (offers, findings, times),
 * the transactions and flows (their types are state.h's), and the strings
 * they point to, interned or copied.
 *
 * Everything is addressed by number in a slab (slab.h: items never move),
 * and a link from one item to another is a ref: the number + 1, 0 meaning
 * none (REF, UNREF).  Interned strings are equal exactly when their
 * pointers are; copied ones (a Via branch, a To tag) need engine_str_same.
 */
#ifndef SIPAUTH_STORE_H
#define SIPAUTH_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "finding.h"
#include "results.h"
#include "slab.h"

/* An interned string: one copy per distinct string in the store, so two
 * are equal exactly when their pointers are.  A type of its own, so that
 * == between an interned string and any other (a message's, a copy) does
 * not compile: those need engine_str_same().  istr_str() reads one. */
typedef const struct interned_string *istr;

static inline const char *
istr_str(istr s)
{
    return (const char *)s;
}

/* A link to an item of a slab: its number + 1; 0: none. */
typedef uint32_t ref;
#define REF(number)  ((ref)(number) + 1u)
#define UNREF(r)     ((uint32_t)(r) - 1u)

/* One challenge offered in a 401/407 (one realm / algorithm). */
typedef struct {
    auth_kind   kind;
    istr        realm;
    istr        nonce;
    /* read as text, never compared as strings of the store: */
    const char *algorithm;   /* NULL: absent, meaning MD5 */
    const char *qop;         /* NULL: absent */
    const char *opaque;
    bool        stale;
    bool        answered;    /* a later request used its nonce */
} challenge_offer;

/* One per SIP message, a million of them in a large capture, so only what
 * every message needs, in 44 bytes.  What only challenges, credentials and
 * messages with findings have is in a record_detail.  The frames a record
 * links to share three slots, read and written only through record_link()
 * and record_set_link(), which know which link of which kind of record
 * lives in which slot (store.c's table). */
typedef struct {
    ref          flow_ref;        /* its flow, in the store's flows */
    ref          txn_ref;         /* requests and their copies, challenges: their transaction */
    uint32_t     frame;
    uint32_t     index_in_frame;
    uint32_t     attempt;
    ref          detail;          /* its detail, in the store's details */
    uint32_t     slots[3];        /* frames linked to: see record_link() */
    uint16_t     status;          /* responses: 100-699; 0: a request */
    uint8_t      role;            /* msg_role */
    uint8_t      kind;            /* auth_kind */
    uint8_t      fork_slot;       /* challenges: index in txn.forks; NO_FORK_SLOT if none */
    uint8_t      flags;           /* RECORD_* */
} record;

#define RECORD_ACK             0x01u  /* an ACK (its txn, if any, is the INVITE's) */
#define RECORD_HAS_RETRY_DELAY 0x02u

#define NO_FORK_SLOT UINT8_MAX

/* The frames a record links to.  Requests, responses, copies and relays
 * each have their own links; three slots hold them all, since no record
 * has more than three:
 *
 *   request (ACK, retry)  challenge, answer
 *   response              request, retry (challenges), ack (challenges)
 *   copy                  copy_of (and a response copy's request)
 *   relayed request       answer, relayed
 *   relayed challenge     request, relayed, ack
 *
 * A fourth slot would cost every record 4 bytes for the few that are
 * relays.  record_set_link() refuses (assertion) a link the record's kind
 * has no slot for, so no link silently overwrites another. */
typedef enum {
    LINK_CHALLENGE,   /* requests: the challenge answered (the one that issued their nonce) */
    LINK_ANSWER,      /* requests: the first final answer (a challenge included) */
    LINK_REQUEST,     /* responses: the request answered */
    LINK_RETRY,       /* challenges: the first request using its nonce */
    LINK_ACK,         /* challenges: their ACK */
    LINK_COPY_OF,     /* copies: the first sighting */
    LINK_RELAYED,     /* relays: the message carried, as first seen */
    LINK_COUNT
} record_link_name;

/* The kinds of record, as the link table knows them (store.c). */
enum { RECORD_KIND_REQUEST, RECORD_KIND_RESPONSE, RECORD_KIND_REQUEST_COPY, RECORD_KIND_RESPONSE_COPY,
       RECORD_KIND_RELAYED_REQUEST, RECORD_KIND_RELAYED_RESPONSE, RECORD_KIND_COUNT };

/* The slot of each link of each kind of record; -1: that kind has no such link. */
extern const int8_t record_link_slots[RECORD_KIND_COUNT][LINK_COUNT];

static inline int
record_kind_of(const record *r)
{
    const bool response = r->status != 0;
    switch (r->role) {
    case ROLE_COPY:  return response ? RECORD_KIND_RESPONSE_COPY : RECORD_KIND_REQUEST_COPY;
    case ROLE_RELAY: return response ? RECORD_KIND_RELAYED_RESPONSE : RECORD_KIND_RELAYED_REQUEST;
    default:         return response ? RECORD_KIND_RESPONSE : RECORD_KIND_REQUEST;
    }
}

/* The frame r links to by link; 0: none, or not a link its kind has.
 * Inline: engine_result() reads seven per result. */
static inline uint32_t
record_link(const record *r, record_link_name link)
{
    const int slot = record_link_slots[record_kind_of(r)][link];
    return slot < 0 ? 0 : r->slots[slot];
}

/* Every link of r at once, indexed by record_link_name (engine_result()). */
static inline void
record_links(const record *r, uint32_t out[LINK_COUNT])
{
    const int8_t *slots = record_link_slots[record_kind_of(r)];
    for (int link = 0; link < LINK_COUNT; link++) {
        out[link] = slots[link] < 0 ? 0 : r->slots[slots[link]];
    }
}

void record_set_link(record *r, record_link_name link, uint32_t frame);

/* A 401/407 that answers its request: a challenge, or the relay of one
 * (only requests and challenges are recognised as relays). */
static inline bool
record_is_challenge(const record *r)
{
    return r->role == ROLE_CHALLENGE || (r->role == ROLE_RELAY && r->status != 0);
}

/* What some records have besides: about a third of the messages of a
 * capture of auth flows.  (The realm a result names is the first offer's
 * or the first credentials', so it is not kept twice.)  Times are the
 * challenge's sending (the ACK timer, retry delays) or a retry's delay;
 * the record's role says which. */
typedef struct {
    finding_hit     *hits;
    challenge_offer *offers;         /* challenges only */
    istr             username;       /* credentials: the first set's */
    int64_t          time_ns;        /* challenges: when sent; retries (RECORD_HAS_RETRY_DELAY): the delay */
    uint32_t         n_hits;
    uint32_t         n_offers;
} record_detail;

typedef struct {
    GStringChunk *strings;     /* every string the engine keeps */
    GHashTable   *interned;    /* the interned ones among them (a set, by engine_str_hash) */
    slab          records;     /* record: one per message, by id (feed order) */
    slab          details;     /* record_detail */
    slab          txns;        /* txn (state.h) */
    slab          flows;       /* flow (state.h) */
} store;

void store_init(store *s, size_t txn_size, size_t flow_size);
/* Frees the records, details and strings; txns and flows are their
 * owners' to clear first (what they point to), then freed here. */
void store_free(store *s);

istr store_intern(store *s, const char *str);           /* NULL stays NULL */
char *store_copy(store *s, const char *str);            /* not interned; NULL stays NULL */
/* Equal strings, NULL being "" (interned ones are equal pointers: fast) */
bool engine_str_same(const char *a, const char *b);
guint engine_str_hash(const char *s);                   /* NULL hashes as "" */

record *store_add_record(store *s, uint32_t *id);
static inline record *
store_record(const store *s, uint32_t id)
{
    return slab_at(&s->records, id);
}
/* r's detail, or NULL if it has none */
record_detail *store_detail_of(const store *s, const record *r);
/* r's detail, made if it has none */
record_detail *store_detail_make(store *s, record *r);
/* r's challenge offers (challenges): their number, *offers set (NULL if none) */
uint32_t store_offers(const store *s, const record *r, challenge_offer **offers);
void store_add_hit(store *s, record *r, finding_hit hit);

#endif
