/* auth_param.h - the auth-param vocabulary, written once: the params the
 * RFCs define for WWW-Authenticate, Proxy-Authenticate, Authorization and
 * Proxy-Authorization (RFC 3261 §25.1, RFC 7616 §3.3-§3.4, and the
 * Authentication-Info ones a confused client may put there).
 *
 * The parser reads from it how each param is meant to be written (the
 * quoting oddities), the plugin which params get a field of their own
 * (sipauth.auth.<name>) and its label, in the table's order.
 *
 * No epan here, like the rest of the core.
 */
#ifndef SIPAUTH_AUTH_PARAM_H
#define SIPAUTH_AUTH_PARAM_H

#include <stdbool.h>
#include <stddef.h>

/* Recognised once while parsing, so that looking a param up is an integer
 * compare rather than a string compare against every param.  The order is
 * that of auth_param_defs, which is the order of the fields in
 * `tshark -G fields`: keep them together. */
typedef enum {
    AUTH_PARAM_OTHER,
    AUTH_PARAM_REALM,
    AUTH_PARAM_NONCE,
    AUTH_PARAM_ALGORITHM,
    AUTH_PARAM_QOP,
    AUTH_PARAM_OPAQUE,
    AUTH_PARAM_STALE,
    AUTH_PARAM_DOMAIN,
    AUTH_PARAM_USERNAME,
    AUTH_PARAM_URI,
    AUTH_PARAM_RESPONSE,
    AUTH_PARAM_CNONCE,
    AUTH_PARAM_NC,
    AUTH_PARAM_NEXTNONCE,
    AUTH_PARAM_RSPAUTH,
    AUTH_PARAM_COUNT
} auth_param_id;

/* How a value is meant to be written. */
typedef enum {
    AUTH_VALUE_ANY,     /* no rule (params this table does not know) */
    AUTH_VALUE_TOKEN,   /* algorithm=MD5 */
    AUTH_VALUE_QUOTED,  /* realm="example.com" */
} auth_value_syntax;

typedef struct {
    auth_param_id     id;
    const char       *name;         /* lower case, as the RFCs write it; also the field's
                                       suffix: sipauth.auth.<name> */
    size_t            name_len;
    auth_value_syntax challenge;    /* in WWW- / Proxy-Authenticate */
    auth_value_syntax credentials;  /* in (Proxy-)Authorization.  Where the RFCs define a
                                       param for one header only, the other column says
                                       how it would be written there all the same. */
    const char       *field_label;  /* the Wireshark field's name; NULL: no field of its own,
                                       the param goes into sipauth.auth.param */
} auth_param_def;

/* Indexed by auth_param_id; AUTH_PARAM_OTHER's row has the name "". */
extern const auth_param_def auth_param_defs[AUTH_PARAM_COUNT];

/* Which param name[0..len) is, in any ASCII letter case; AUTH_PARAM_OTHER if none. */
auth_param_id auth_param_lookup(const char *name, size_t len);

/* Its row; AUTH_PARAM_OTHER's for an id out of range. */
const auth_param_def *auth_param_def_of(auth_param_id id);

/* How id is written where the parser cannot tell a challenge from
 * credentials: the common syntax, or AUTH_VALUE_ANY if they differ (qop: a
 * quoted list in a challenge, a token in credentials). */
auth_value_syntax auth_param_syntax_anywhere(auth_param_id id);

/* Is a value of id written quoted (or not) against its syntax in a
 * challenge (challenge true) or in credentials?  false for unknown params. */
bool auth_param_misquoted(auth_param_id id, bool quoted, bool challenge);

#endif
