/* header_kind.c - the auth header table behind header_kind.h. */
#include <string.h>

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

static inline char
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The row a header name of each length can be (-1: none; rows share no
 * length), and each row's name in lower case, built once from the table:
 * every header name of every message that is none of sip_parse.c's own
 * comes here, so one compare at most, against a lower-case copy. */
#define INDEX_LEN 32u
static int8_t by_len[INDEX_LEN];
static char lowered[AUTH_HDR_COUNT][INDEX_LEN];

static void
build_index(void)
{
    memset(by_len, -1, sizeof by_len);
    for (int k = 0; k < AUTH_HDR_COUNT; k++) {
        const auth_header_kind_def *def = &auth_header_kind_defs[k];
        g_assert(def->name_len < INDEX_LEN && by_len[def->name_len] < 0);
        by_len[def->name_len] = (int8_t)k;
        for (size_t i = 0; i < def->name_len; i++) {
            lowered[k][i] = lower(def->name[i]);
        }
    }
}

bool
auth_header_kind_lookup(const char *name, size_t len, auth_header_kind *kind)
{
    static gsize built;
    if (g_once_init_enter(&built)) {
        build_index();
        g_once_init_leave(&built, 1);
    }
    const int k = len < INDEX_LEN ? by_len[len] : -1;
    if (k < 0) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (lower(name[i]) != lowered[k][i]) {
            return false;
        }
    }
    *kind = (auth_header_kind)k;
    return true;
}
