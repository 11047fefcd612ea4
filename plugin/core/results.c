/* results.c - the names results use in the tree, the columns and the docs. */
#include "results.h"

const char *
msg_role_name(msg_role role)
{
    static const char *const names[ROLE_COUNT] = {
        [ROLE_NONE] = "none",           [ROLE_REQUEST] = "request", [ROLE_CHALLENGE] = "challenge",
        [ROLE_ACK] = "ack",             [ROLE_RETRY] = "retry",     [ROLE_PROVISIONAL] = "provisional",
        [ROLE_FINAL] = "final",         [ROLE_COPY] = "copy",       [ROLE_RELAY] = "relay",
    };
    return role < ROLE_COUNT ? names[role] : "?";
}

const char *
flow_outcome_name(flow_outcome outcome)
{
    static const char *const names[OUTCOME_COUNT] = {
        [OUTCOME_PENDING] = "pending",   [OUTCOME_ACCEPTED] = "accepted",
        [OUTCOME_FAILED] = "failed after auth", [OUTCOME_REFUSED] = "refused",
        [OUTCOME_REJECTED] = "rejected", [OUTCOME_RECHALLENGED] = "re-challenged",
        [OUTCOME_STALE] = "stale",       [OUTCOME_NO_RETRY] = "no retry",
        [OUTCOME_UNANSWERED] = "unanswered",
    };
    return outcome < OUTCOME_COUNT ? names[outcome] : "?";
}

const char *
auth_kind_name(auth_kind kind)
{
    switch (kind) {
    case AUTH_KIND_PROXY: return "proxy";
    case AUTH_KIND_WWW:   return "www";
    case AUTH_KIND_NONE:  break;
    }
    return "";
}
