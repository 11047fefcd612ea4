/* header_kind.h - the four headers that carry digest authentication,
 * written once: how each is spelled, whether it challenges or answers,
 * whether a proxy or the UAS / registrar is on the other end, the status it
 * goes with and the header that pairs with it (RFC 3261 §20.27, §20.28,
 * §20.7, §20.44, §22.2, §22.3).
 */
#ifndef SIPAUTH_HEADER_KIND_H
#define SIPAUTH_HEADER_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    AUTH_HDR_WWW_AUTHENTICATE,     /* challenge from a UAS / registrar (401) */
    AUTH_HDR_PROXY_AUTHENTICATE,   /* challenge from a proxy (407) */
    AUTH_HDR_AUTHORIZATION,        /* credentials for a 401 */
    AUTH_HDR_PROXY_AUTHORIZATION,  /* credentials for a 407 */
    AUTH_HDR_COUNT
} auth_header_kind;

typedef struct {
    auth_header_kind kind;
    const char      *name;       /* as spelled on the wire (matched in any letter case) */
    size_t           name_len;
    bool             challenge;  /* *-Authenticate, in a response; else credentials, in a request */
    bool             proxy;      /* Proxy-*: a proxy challenges (sipauth.kind "proxy"); else "www" */
    uint32_t         status;     /* the response a challenge comes in, that credentials answer */
    auth_header_kind pair;       /* the credentials that answer this challenge, or the
                                    challenge these credentials answer */
} auth_header_kind_def;

/* Indexed by auth_header_kind. */
extern const auth_header_kind_def auth_header_kind_defs[AUTH_HDR_COUNT];

/* "Proxy-Authenticate" etc., as the header is spelled on the wire; "?" out of range. */
const char *auth_header_kind_name(auth_header_kind kind);
/* true for the *-Authenticate headers (challenges), false for credentials. */
bool auth_header_kind_is_challenge(auth_header_kind kind);
/* true for Proxy-Authenticate and Proxy-Authorization. */
bool auth_header_kind_is_proxy(auth_header_kind kind);
/* 407 for the Proxy-* headers, 401 for the others. */
uint32_t auth_header_kind_status(auth_header_kind kind);
/* Authorization for WWW-Authenticate and back; Proxy-* likewise. */
auth_header_kind auth_header_kind_pair(auth_header_kind kind);

/* The challenge header (challenge true) or the credentials header a
 * response of status goes with: the Proxy-* one for 407, the other for any
 * other status (as the rules have always read a status). */
auth_header_kind auth_header_kind_of_status(uint32_t status, bool challenge);

/* Which header name[0..len) is, in any ASCII letter case: true and *kind set,
 * or false (*kind untouched). */
bool auth_header_kind_lookup(const char *name, size_t len, auth_header_kind *kind);

#endif
