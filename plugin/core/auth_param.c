/* auth_param.c - the auth-param table behind auth_param.h. */
#include "auth_param.h"

#define ROW(id, name, challenge, credentials, label) \
    [id] = { id, name, sizeof name - 1, AUTH_VALUE_##challenge, AUTH_VALUE_##credentials, label }

/* RFC 3261 §25.1 and RFC 7616 §3.3-§3.4 say which are quoted-strings and
 * which tokens.  qop is a quoted list in a challenge (qop="auth,auth-int")
 * but a token in credentials (qop=auth); nextnonce and rspauth belong to
 * Authentication-Info (RFC 3261 §20.6), whose grammar quotes them. */
const auth_param_def auth_param_defs[AUTH_PARAM_COUNT] = {
    ROW(AUTH_PARAM_OTHER,     "",          ANY,    ANY,    NULL),
    ROW(AUTH_PARAM_REALM,     "realm",     QUOTED, QUOTED, "Realm"),
    ROW(AUTH_PARAM_NONCE,     "nonce",     QUOTED, QUOTED, "Nonce"),
    ROW(AUTH_PARAM_ALGORITHM, "algorithm", TOKEN,  TOKEN,  "Algorithm"),
    ROW(AUTH_PARAM_QOP,       "qop",       QUOTED, TOKEN,  "QOP"),
    ROW(AUTH_PARAM_OPAQUE,    "opaque",    QUOTED, QUOTED, "Opaque"),
    ROW(AUTH_PARAM_STALE,     "stale",     TOKEN,  TOKEN,  "Stale"),
    ROW(AUTH_PARAM_DOMAIN,    "domain",    QUOTED, QUOTED, "Domain"),
    ROW(AUTH_PARAM_USERNAME,  "username",  QUOTED, QUOTED, "Username"),
    ROW(AUTH_PARAM_URI,       "uri",       QUOTED, QUOTED, "Digest URI"),
    ROW(AUTH_PARAM_RESPONSE,  "response",  QUOTED, QUOTED, "Response"),
    ROW(AUTH_PARAM_CNONCE,    "cnonce",    QUOTED, QUOTED, "Client nonce"),
    ROW(AUTH_PARAM_NC,        "nc",        TOKEN,  TOKEN,  "Nonce count"),
    ROW(AUTH_PARAM_NEXTNONCE, "nextnonce", QUOTED, QUOTED, NULL),
    ROW(AUTH_PARAM_RSPAUTH,   "rspauth",   QUOTED, QUOTED, NULL),
};

/* g_ascii_tolower() is a function call; this runs for every param. */
static inline char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

auth_param_id auth_param_lookup(const char *name, size_t len)
{
    if (name == NULL || len == 0)
        return AUTH_PARAM_OTHER;
    /* The length and the first letter rule out all rows but at most one or
     * two before any string compare. */
    const char first = ascii_lower(name[0]);
    for (int id = AUTH_PARAM_OTHER + 1; id < AUTH_PARAM_COUNT; id++) {
        const auth_param_def *def = &auth_param_defs[id];
        if (def->name_len != len || def->name[0] != first)
            continue;
        size_t k = 1;
        while (k < len && ascii_lower(name[k]) == def->name[k])
            k++;
        if (k == len)
            return (auth_param_id)id;
    }
    return AUTH_PARAM_OTHER;
}

const auth_param_def *auth_param_def_of(auth_param_id id)
{
    return &auth_param_defs[(unsigned)id < AUTH_PARAM_COUNT ? id : AUTH_PARAM_OTHER];
}

auth_value_syntax auth_param_syntax_anywhere(auth_param_id id)
{
    const auth_param_def *def = auth_param_def_of(id);
    return def->challenge == def->credentials ? def->challenge : AUTH_VALUE_ANY;
}

bool auth_param_misquoted(auth_param_id id, bool quoted, bool challenge)
{
    const auth_param_def *def = auth_param_def_of(id);
    const auth_value_syntax syntax = challenge ? def->challenge : def->credentials;
    return (syntax == AUTH_VALUE_TOKEN && quoted) || (syntax == AUTH_VALUE_QUOTED && !quoted);
}
