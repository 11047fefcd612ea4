/* header_kind.c - the auth header table behind header_kind.h. */
#include <glib.h>

#include "header_kind.h"

#define ROW(kind, name, challenge, proxy, status, pair) \
    [kind] = { kind, name, sizeof name - 1, challenge, proxy, status, pair }

const auth_header_kind_def auth_header_kind_defs[AUTH_HDR_COUNT] = {
    ROW(AUTH_HDR_WWW_AUTHENTICATE,    "WWW-Authenticate",    true,  false, 401, AUTH_HDR_AUTHORIZATION),
    ROW(AUTH_HDR_PROXY_AUTHENTICATE,  "Proxy-Authenticate",  true,  true,  407, AUTH_HDR_PROXY_AUTHORIZATION),
    ROW(AUTH_HDR_AUTHORIZATION,       "Authorization",       false, false, 401, AUTH_HDR_WWW_AUTHENTICATE),
    ROW(AUTH_HDR_PROXY_AUTHORIZATION, "Proxy-Authorization", false, true,  407, AUTH_HDR_PROXY_AUTHENTICATE),
};

static const auth_header_kind_def *
def_of(auth_header_kind kind)
{
    return (unsigned)kind < AUTH_HDR_COUNT ? &auth_header_kind_defs[kind] : NULL;
}

const char *
auth_header_kind_name(auth_header_kind kind)
{
    const auth_header_kind_def *def = def_of(kind);
    return def ? def->name : "?";
}

bool
auth_header_kind_is_challenge(auth_header_kind kind)
{
    const auth_header_kind_def *def = def_of(kind);
    return def && def->challenge;
}

bool
auth_header_kind_is_proxy(auth_header_kind kind)
{
    const auth_header_kind_def *def = def_of(kind);
    return def && def->proxy;
}

uint32_t
auth_header_kind_status(auth_header_kind kind)
{
    const auth_header_kind_def *def = def_of(kind);
    return def ? def->status : 0;
}

auth_header_kind
auth_header_kind_pair(auth_header_kind kind)
{
    const auth_header_kind_def *def = def_of(kind);
    return def ? def->pair : AUTH_HDR_COUNT;
}

auth_header_kind
auth_header_kind_of_status(uint32_t status, bool challenge)
{
    const bool proxy = status == auth_header_kind_defs[AUTH_HDR_PROXY_AUTHENTICATE].status;
    for (int k = 0; k < AUTH_HDR_COUNT; k++) {
        if (auth_header_kind_defs[k].challenge == challenge && auth_header_kind_defs[k].proxy == proxy) {
            return (auth_header_kind)k;
        }
    }
    return AUTH_HDR_COUNT; /* not reached: the table has all four */
}

bool
auth_header_kind_lookup(const char *name, size_t len, auth_header_kind *kind)
{
    for (int k = 0; k < AUTH_HDR_COUNT; k++) {
        const auth_header_kind_def *def = &auth_header_kind_defs[k];
        if (def->name_len == len && g_ascii_strncasecmp(def->name, name, len) == 0) {
            *kind = (auth_header_kind)k;
            return true;
        }
    }
    return false;
}
