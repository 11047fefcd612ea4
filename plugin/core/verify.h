/* verify.h - checking digest responses against the known secrets (verify.c). */
#ifndef SIPAUTH_VERIFY_H
#define SIPAUTH_VERIFY_H

#include "state.h"

/* What checking one set of credentials against the table found. */
typedef enum {
    VERIFY_RIGHT,          /* the response is right for the table's secret */
    VERIFY_WRONG,          /* it is wrong: bad_password, with its likely cause */
    VERIFY_NOT_DIGEST,     /* not Digest credentials with a username and a response */
    VERIFY_ALGORITHM,      /* an algorithm sipauth cannot check (AKA, unknown) */
    VERIFY_NO_SECRET,      /* no password or HA1 for the user and realm */
    VERIFY_NO_BODY,        /* qop=auth-int without the body in the capture */
    VERIFY_UNKNOWN_QOP,
    VERIFY_INCOMPLETE,     /* nonce, uri, cnonce or nc missing, or an HA1 of another algorithm */
} verify_cause;

/* Check one set of credentials against the table; adds
 * credentials_verified, bad_password or unverifiable to r, whose texts
 * finding.c makes from the cause; returns the cause. */
verify_cause verify_credentials(engine *e, record *r, const auth_item *item, const challenge_offer *o,
                                uint32_t challenge_frame, const sip_message *msg);
void secrets_copy(engine *e);
void secrets_wipe(engine *e);

#endif
