/* results.h - what the engine concludes about a message, in the words
 * every consumer reads: roles, kinds of authentication, flow outcomes and
 * msg_result.  The packet tree, the columns, the expert items, the
 * statistics and the flow graph all read these and nothing of the engine's
 * state. */
#ifndef SIPAUTH_RESULTS_H
#define SIPAUTH_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "finding.h"

#define RESULT_MAX_REALMS        8u  /* realms listed in one result */

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

#endif
