/* engine.h - the auth-flow correlation engine.
 *
 * Fed every SIP message of a capture in frame order (first pass), it follows
 * each request through its challenges, ACKs, retries and final answer, and
 * keeps one result per message that the glue shows on every pass.  Results
 * about a message can grow as later frames arrive (the retry that answers a
 * challenge, the ACK that never came), so the glue renders from the engine,
 * never from a copy; single-pass output simply lacks what later frames would
 * add.  Verdicts about absence (no ACK, no retry, the flow's outcome) are only
 * given once the engine knows what came after: engine_finish(), or a flow's
 * final answer.
 *
 * The engine copies what it keeps from the borrowed sip_message strings; its
 * memory grows with the number of messages, and one message with absurd
 * numbers of headers is capped (ENGINE_MAX_OFFERS, ENGINE_MAX_CREDENTIALS).
 */
#ifndef SIPAUTH_ENGINE_H
#define SIPAUTH_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "finding.h"
#include "sip_message.h"

#define ENGINE_MAX_OFFERS       64u  /* challenges kept per 401/407 */
#define ENGINE_MAX_CREDENTIALS  16u  /* credentials kept per request */
#define RESULT_MAX_REALMS        8u  /* realms listed in one result */

/* A user's secret, to check digest responses with (the sipauth_credentials
 * table).  password or ha1 (hex), either may be NULL or "". */
typedef struct {
    const char *username;
    const char *realm;
    const char *password;
    const char *ha1;
} engine_credential;

typedef struct {
    const engine_credential *credentials; /* copied by engine_new(); wiped by engine_free() */
    size_t   n_credentials;
    uint32_t t1_ms;          /* RFC 3261 T1 (500 ms); the ACK rule waits 64*T1 */
    bool     note_uri;       /* report uri_mismatch (sipp, for one, always differs) */
    bool     note_syntax;    /* report syntax_oddity */
    uint32_t guess_attempts; /* guessing: rejected attempts (or users probed) from one source ... (0: off) */
    uint32_t guess_window_ms;/* ... within this many milliseconds */
} engine_config;

void engine_config_default(engine_config *cfg);

typedef enum {
    ROLE_NONE,          /* not part of an auth flow */
    ROLE_REQUEST,       /* a flow's request without credentials answering a challenge of the flow */
    ROLE_CHALLENGE,     /* 401 / 407 */
    ROLE_ACK,           /* the ACK of a challenge */
    ROLE_RETRY,         /* a request whose credentials answer a challenge of its flow */
    ROLE_PROVISIONAL,   /* 1xx */
    ROLE_FINAL,         /* a final answer other than 401/407 */
    ROLE_COPY,          /* a retransmission of an earlier message of the flow */
    ROLE_RELAY,         /* a request a proxy forwarded or a challenge it relayed, when both legs
                         * are captured: the same message on another hop (relay_of) */
    ROLE_COUNT
} msg_role;

const char *msg_role_name(msg_role role);

typedef enum {
    OUTCOME_PENDING,      /* not known (yet) */
    OUTCOME_ACCEPTED,     /* the last attempt got a 2xx */
    OUTCOME_FAILED,       /* its credentials were taken, then another final answer (404, 486, 5xx, ...) */
    OUTCOME_REFUSED,      /* a 403 to its credentials (credentials_refused) */
    OUTCOME_REJECTED,     /* a final non-2xx answer to an attempt without credentials */
    OUTCOME_RECHALLENGED, /* credentials were challenged again and the client gave up */
    OUTCOME_STALE,        /* last answer a stale=true challenge, never retried */
    OUTCOME_NO_RETRY,     /* challenged, never answered with credentials */
    OUTCOME_UNANSWERED,   /* the last attempt got no answer at all in the capture */
    OUTCOME_COUNT
} flow_outcome;

const char *flow_outcome_name(flow_outcome outcome);

typedef enum { AUTH_KIND_NONE, AUTH_KIND_PROXY, AUTH_KIND_WWW } auth_kind;

const char *auth_kind_name(auth_kind kind);

/* What the engine concluded about one SIP message. */
typedef struct {
    uint32_t     frame;
    uint32_t     index_in_frame;
    uint32_t     flow;            /* auth flow number (1, 2, ...); 0 = none (yet) */
    const char  *call_id;         /* the flow's Call-ID */
    msg_role     role;
    const char  *method;          /* requests: the method; NULL for responses */
    uint32_t     status;          /* responses: the status code; 0 for requests */
    uint32_t     attempt;         /* requests: 1 = original, 2 = first retry, ... */
    uint32_t     request_frame;   /* responses: the request answered */
    uint32_t     challenge_frame; /* ACK / retry: the challenge answered */
    uint32_t     retry_frame;     /* challenge: the first request using its nonce */
    uint32_t     ack_frame;       /* challenge to INVITE: its ACK */
    uint32_t     answer_frame;    /* request: its first final answer (a challenge included) */
    uint32_t     copy_of;         /* retransmission: the first copy */
    uint32_t     relay_of;        /* relay: the message it carries, as first seen (the other leg) */
    bool         has_retry_delay;
    int64_t      retry_delay_ns;  /* retry: time since the challenge answered */
    auth_kind    kind;            /* challenge / credentials: proxy or www (the first) */
    const char  *realm;           /* the first realm challenged or answered */
    uint32_t     n_realms;        /* every distinct (kind, realm) offered or answered, in order */
    auth_kind    kinds[RESULT_MAX_REALMS];
    const char  *realms[RESULT_MAX_REALMS];
    uint32_t     realm_challenges[RESULT_MAX_REALMS]; /* requests: the challenge that issued the nonce of
                                   * the credentials for realms[i] (the latest, if several); 0: none known */
    const char  *username;        /* credentials: the (first) username */
    const char  *source;          /* the network source address of the request (a response: of the request it
                                   * answers; a proxy's forward: of its client); NULL: unknown */
    flow_outcome outcome;         /* the flow's outcome, once known */
    uint32_t     outcome_status;  /* accepted, failed, refused, rejected: the final status */
    bool         whole_capture;   /* given after engine_finish(): the verdicts about absence are in */
    const finding_hit *findings;
    uint32_t     n_findings;
} msg_result;

typedef struct engine engine;

engine *engine_new(const engine_config *cfg);
void engine_free(engine *e);

/* Feed one message (frame order; messages of one frame in order).  Returns
 * the id under which engine_result() finds its result. */
uint32_t engine_feed(engine *e, const sip_message *msg);

/* The capture is complete: give the verdicts that need to know nothing more
 * came (ack_missing / ack_not_seen, no_retry, outcomes).  Idempotent. */
void engine_finish(engine *e);
bool engine_finished(const engine *e);

/* The current result for id, in one view the engine reuses: the next
 * engine_result() (or engine_feed()) overwrites it.  Read it, do not keep it. */
const msg_result *engine_result(engine *e, uint32_t id);

/* The results of a frame's messages: ids *first .. *first + count - 1, in the
 * order they were fed.  Frames must have been fed in increasing order (the
 * glue's first pass), so no per-frame store is needed to find them. */
uint32_t engine_frame_results(engine *e, uint32_t frame, uint32_t *first);

/* Every finding that engine_result() shows on some message now, as a set
 * of bits (1 << finding_id): what the GUI's status bar sums up for the
 * whole file.  Walks every record once. */
uint64_t engine_findings_shown(engine *e);

uint32_t engine_message_count(const engine *e);
uint32_t engine_flow_count(const engine *e);

#endif
