/* auth_header.h - parse the value of a WWW-Authenticate, Proxy-Authenticate,
 * Authorization or Proxy-Authorization header.
 *
 * The grammar is RFC 3261 §25.1 (challenge / credentials) with RFC 7235 §2.1
 * (several challenges in one value, token68).  Real phones bend it, so the
 * parser is lenient and records every bend as an "oddity" instead of failing:
 * the engine later turns the interesting ones into notes.
 *
 * No epan here: this file is part of the core that is unit-tested and fuzzed
 * alone.  The parser is a single forward scan (no recursion) and the strings
 * it returns share one block sized from the value (no fixed buffers), so
 * hostile values (64 KiB nonces, thousands of params) cost memory in
 * proportion, never a crash.
 */
#ifndef SIPAUTH_AUTH_HEADER_H
#define SIPAUTH_AUTH_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "auth_param.h"

/* What was off in a value.  A set of these is a uint32_t bit mask. */
typedef enum {
    AUTH_ODD_NO_SPACE_AFTER_COMMA = 1u << 0,  /* 'a="1",b="2"' (accepted) */
    AUTH_ODD_QUOTED_TOKEN         = 1u << 1,  /* algorithm="MD5", stale="true", nc="00000001".  qop is a quoted
                                                 list in a challenge but a token in credentials: the parser cannot
                                                 tell which, so callers check auth_param.quoted for qop. */
    AUTH_ODD_UNQUOTED_STRING      = 1u << 2,  /* realm=example.com: a quoted-string param written as a token */
    AUTH_ODD_UNTERMINATED_QUOTE   = 1u << 3,  /* a quoted string runs to the end of the value */
    AUTH_ODD_EMPTY_ELEMENT        = 1u << 4,  /* ',,' or a trailing ',' */
    AUTH_ODD_DUPLICATE_PARAM      = 1u << 5,  /* the same param twice in one challenge/credentials: the first wins */
    AUTH_ODD_GARBAGE              = 1u << 6,  /* bytes that fit no production; skipped up to the next ',' */
    AUTH_ODD_SCHEME_CASE          = 1u << 7,  /* "DIGEST", "digest": accepted, the canonical spelling is "Digest" */
    AUTH_ODD_ALGORITHM_CASE       = 1u << 8,  /* algorithm=md5: accepted case-insensitively */
    AUTH_ODD_SPACE_AROUND_EQUALS  = 1u << 9,  /* 'realm = "x"' (allowed by BWS in RFC 7235, unusual in SIP) */
    AUTH_ODD_NO_SCHEME            = 1u << 10, /* the value starts with a param, no scheme before it */
    AUTH_ODD_BAD_ESCAPE           = 1u << 11, /* a backslash at the very end of a quoted string */
    AUTH_ODD_LIMIT                = 1u << 12, /* more items/params than the parser keeps; the rest was dropped */
} auth_oddity;

/* Bounds that keep a hostile value from costing unbounded memory. */
#define AUTH_MAX_ITEMS_PER_VALUE  32u   /* challenges or credentials in one header value */
#define AUTH_MAX_PARAMS_PER_ITEM  64u   /* auth-params in one challenge or credentials */

/* The params the RFCs define (AUTH_PARAM_REALM ...) are auth_param.h's table. */

typedef struct {
    char    *name;      /* as written (case kept); compare with g_ascii_strcasecmp */
    char    *value;     /* quotes removed, backslash escapes resolved; "" when empty */
    bool     quoted;    /* the value was a quoted-string */
    uint8_t  id;        /* auth_param_id of the name */
    uint32_t oddities;  /* auth_oddity bits that concern this param */
} auth_param;

/* One challenge (in *-Authenticate) or one set of credentials (in *Authorization). */
typedef struct {
    char       *scheme;    /* as written, e.g. "Digest"; "" when AUTH_ODD_NO_SCHEME */
    char       *token68;   /* for schemes that carry a token68 instead of params; else NULL */
    auth_param *params;
    size_t      n_params;
    uint32_t    oddities;  /* OR of the item's own oddities and those of its params */
} auth_item;

/* A whole header value: usually one item; several for multi-challenge values. */
typedef struct {
    auth_item *items;
    size_t     n_items;
    uint32_t   oddities;   /* OR of all items' oddities plus the value's own (garbage, empty elements, limit) */
    char      *strings;    /* one block holding every scheme, token68, name and value above,
                              and the params themselves */
} auth_header;

/* Parse len bytes of value (need not be NUL-terminated; embedded NULs end the
 * value).  Never fails: garbage yields fewer items plus AUTH_ODD_GARBAGE.
 * out is overwritten; release it with auth_header_clear(). */
void auth_header_parse(const char *value, size_t len, auth_header *out);

/* Free everything auth_header_parse() allocated; out is left empty. */
void auth_header_clear(auth_header *h);

/* The param named name (ASCII case-insensitive), the first one if repeated; NULL if absent. */
const auth_param *auth_item_find(const auth_item *item, const char *name);

/* Its value, or NULL if absent. */
const char *auth_item_get(const auth_item *item, const char *name);

/* The same for a param the RFCs define, without comparing names (the engine
 * reads a dozen of them from every auth header). */
const auth_param *auth_item_param(const auth_item *item, auth_param_id id);
const char *auth_item_value(const auth_item *item, auth_param_id id);

/* true if the scheme is Digest in any letter case. */
bool auth_item_is_digest(const auth_item *item);

/* A short English phrase for one oddity bit ("no space after comma"), or NULL. */
const char *auth_oddity_phrase(auth_oddity bit);

/* Append the phrases of every bit in set to out, separated by ", ". */
void auth_oddities_append(uint32_t set, GString *out);

#endif
