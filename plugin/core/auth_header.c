/* auth_header.c - the lenient, single-pass parser behind auth_header.h.
 *
 * The value is read once, left to right, as a list of comma-separated
 * elements (commas inside quoted strings do not count).  Each element is one
 * of:
 *
 *   empty                    ",," or a trailing ","       -> EMPTY_ELEMENT
 *   scheme                   "Negotiate"                  -> new item, no params
 *   scheme SP token68        "Basic QWxhZGRpbjpvcGVu"     -> new item with token68
 *   scheme SP name=value     "Digest realm=\"x\""         -> new item, first param
 *   name=value               "nonce=\"y\""                -> param of the current item
 *   anything else            "@@@"                        -> GARBAGE, skipped
 *
 * which is RFC 7235 §2.1: a token followed by whitespace and then something
 * other than '=' starts a new challenge.  A bare token is therefore a scheme
 * of its own (RFC 7235 allows challenges without params), not garbage.
 *
 * What is dropped by a limit is still scanned (so that the next item is found
 * and quoted commas are skipped) but never allocated nor inspected: an item
 * past the limit leaves only AUTH_ODD_LIMIT on the header, a param past the
 * limit only AUTH_ODD_LIMIT on its item (the bends between elements, such as
 * garbage or empty elements, are still noted there).  That keeps hostile
 * values linear and cheap: duplicate detection never looks past the 64 kept.
 */
#include "auth_header.h"
#include "algorithm.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Character classes (RFC 7230 §3.2.6, RFC 7235 §2.1)                  */

static bool is_ws(unsigned char c)
{
    /* CR and LF count because a folded header line reaches us unfolded
     * only sometimes; treating them as blanks keeps folding harmless. */
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* g_ascii_tolower() is a function call; this runs for every param. */
static inline char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_tchar(unsigned char c)
{
    if (g_ascii_isalnum(c))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    }
    return false;
}

static bool is_token68_char(unsigned char c)
{
    if (g_ascii_isalnum(c))
        return true;
    return c != '\0' && strchr("-._~+/", c) != NULL;
}

/* Unquoted values are read more generously than a token: phones write
 * uri=sip:bob@example.com unquoted, and refusing the ':' and '@' would turn
 * a merely unquoted string into garbage.  Any visible byte (and obs-text)
 * except the list and quote delimiters is accepted. */
static bool is_bare_value_char(unsigned char c)
{
    if (c >= 0x80)
        return true;
    return c > 0x20 && c < 0x7f && c != ',' && c != '"';
}

/* ------------------------------------------------------------------ */
/* How each well-known param is meant to be written: auth_param.h's    */
/* table, and algorithm.h's for the algorithm's spelling.              */

/* qop is quoted in a challenge but a token in credentials, and this parser
 * does not know which header it is reading (AUTH_VALUE_ANY): the caller
 * knows; it checks param->quoted for qop itself. */
static uint32_t param_style_oddities(const auth_param *param)
{
    uint32_t odd = 0;
    const auth_value_syntax syntax = auth_param_syntax_anywhere((auth_param_id)param->id);
    if (syntax == AUTH_VALUE_TOKEN && param->quoted)
        odd |= AUTH_ODD_QUOTED_TOKEN;
    if (syntax == AUTH_VALUE_QUOTED && !param->quoted)
        odd |= AUTH_ODD_UNQUOTED_STRING;
    if (param->id == AUTH_PARAM_ALGORITHM && digest_algorithm_case_differs(param->value))
        odd |= AUTH_ODD_ALGORITHM_CASE;
    return odd;
}

/* ------------------------------------------------------------------ */
/* Parser state                                                        */

typedef enum {
    ITEM_NONE,     /* nothing seen yet: params would be scheme-less */
    ITEM_KEPT,     /* cur / cur_params are being filled */
    ITEM_DROPPED,  /* past AUTH_MAX_ITEMS_PER_VALUE: scanned, not stored */
} item_state;

typedef struct {
    const char *s;
    size_t      n;
    size_t      i;

    /* Params live in the block too, after the strings: a value has at
     * most one param per '=', so counting them first sizes it (no growing,
     * no GArray).  Items, at most one per comma-separated element, are
     * gathered on the stack and copied out at the end: one is the rule. */
    auth_item  *items;       /* committed ones */
    size_t      n_items, cap_items;
    size_t      items_seen;  /* kept and dropped, to know when to drop */
    auth_param *params;      /* of every kept item, item after item */
    size_t      n_params, cap_params;

    item_state  state;
    auth_item   cur;         /* its params start at params[cur_first] */
    size_t      cur_first;

    /* Every string of the result, in one block: allocating each name and
     * value on its own was most of the parse's time.  The strings are copies
     * of disjoint parts of the value (unescaping only shortens them), and
     * each costs at least one byte of the value besides its NUL (a
     * scheme-less item's "" excepted), so twice the value's length, plus a
     * little, always suffices. */
    char       *strings;
    size_t      strings_used;
    size_t      strings_cap;

    uint32_t    oddities;    /* the header's own (no item to hold them) plus committed items' */
} parser;

/* A NUL-terminated copy of s[0..n) in the block. */
static char *block_copy(parser *p, const char *s, size_t n)
{
    if (p->strings_used + n + 1 > p->strings_cap) {
        g_error("auth_header: string block overflow"); /* cannot happen: see strings_cap */
    }
    char *out = p->strings + p->strings_used;
    memcpy(out, s, n);
    out[n] = '\0';
    p->strings_used += n + 1;
    return out;
}

/* Oddities that belong to no param: to the item being read, or to the
 * header when there is none.  A dropped item records nothing. */
static void note_item(parser *p, uint32_t bits)
{
    switch (p->state) {
    case ITEM_NONE:    p->oddities |= bits; break;
    case ITEM_KEPT:    p->cur.oddities |= bits; break;
    case ITEM_DROPPED: break;
    }
}

static size_t skip_ws(parser *p)
{
    size_t start = p->i;
    while (p->i < p->n && is_ws((unsigned char)p->s[p->i]))
        p->i++;
    return p->i - start;
}

static size_t scan_token(parser *p)
{
    size_t start = p->i;
    while (p->i < p->n && is_tchar((unsigned char)p->s[p->i]))
        p->i++;
    return p->i - start;
}

static bool at_end_or_comma(const parser *p)
{
    return p->i >= p->n || p->s[p->i] == ',';
}

/* At an opening '"'.  Leaves p->i past the closing quote (or at the end).
 * When out is not NULL, *out receives the unescaped content, in the string
 * block; measuring first and copying second reads only the quoted bytes
 * twice, which keeps the whole parse linear. */
static void scan_quoted(parser *p, char **out, uint32_t *odd)
{
    size_t start = ++p->i;
    size_t unescaped_len = 0;
    bool   closed = false;
    bool   escapes = false;

    /* Nonces, realms and responses seldom hold a backslash: when none comes
     * before the first quote, that quote closes the string. */
    const char *quote = memchr(p->s + start, '"', p->n - start);
    const size_t stop = quote != NULL ? (size_t)(quote - p->s) : p->n;
    if (memchr(p->s + start, '\\', stop - start) == NULL) {
        unescaped_len = stop - start;
        p->i = stop;
        closed = quote != NULL;
    }
    while (!closed && p->i < p->n) {
        char c = p->s[p->i];
        if (c == '"') {
            closed = true;
            break;
        }
        if (c == '\\') {
            if (p->i + 1 >= p->n) {
                /* Nothing left to escape: keep the backslash as written,
                 * since "take the rest of the value" is the rule for an
                 * unterminated string and this byte is part of the rest. */
                *odd |= AUTH_ODD_BAD_ESCAPE;
                unescaped_len++;
                p->i++;
                break;
            }
            escapes = true;
            unescaped_len++;
            p->i += 2;
            continue;
        }
        unescaped_len++;
        p->i++;
    }
    size_t end = p->i;
    if (closed)
        p->i++;
    else
        *odd |= AUTH_ODD_UNTERMINATED_QUOTE;

    if (out == NULL)
        return;
    if (!escapes) {
        *out = block_copy(p, p->s + start, end - start);
        return;
    }
    if (p->strings_used + unescaped_len + 1 > p->strings_cap) {
        g_error("auth_header: string block overflow");
    }
    char  *dst = p->strings + p->strings_used;
    p->strings_used += unescaped_len + 1;
    size_t d = 0;
    for (size_t k = start; k < end; k++) {
        if (p->s[k] == '\\' && k + 1 < end)
            k++;
        dst[d++] = p->s[k];
    }
    dst[d] = '\0';
    *out = dst;
}

/* Garbage runs to the next comma outside a quoted string: a quote inside
 * the garbage still hides the commas it encloses. */
static void skip_to_comma(parser *p)
{
    while (p->i < p->n && p->s[p->i] != ',') {
        if (p->s[p->i] == '"') {
            uint32_t ignored = 0;
            scan_quoted(p, NULL, &ignored);
        } else {
            p->i++;
        }
    }
}

static void garbage(parser *p, uint32_t pending)
{
    note_item(p, AUTH_ODD_GARBAGE | pending);
    skip_to_comma(p);
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

static void commit_item(parser *p)
{
    if (p->state == ITEM_KEPT) {
        p->cur.n_params = p->n_params - p->cur_first;
        p->cur.params = p->cur.n_params > 0 ? &p->params[p->cur_first] : NULL;
        p->oddities |= p->cur.oddities;
        p->items[p->n_items++] = p->cur; /* cap_items bounds the elements */
    }
    memset(&p->cur, 0, sizeof p->cur);
    p->state = ITEM_NONE;
}

static void start_item(parser *p, const char *scheme, size_t scheme_len, uint32_t odd)
{
    commit_item(p);
    p->items_seen++;
    if (p->items_seen > AUTH_MAX_ITEMS_PER_VALUE) {
        p->oddities |= AUTH_ODD_LIMIT;
        p->state = ITEM_DROPPED;
        return;
    }
    p->state = ITEM_KEPT;
    p->cur.scheme = block_copy(p, scheme, scheme_len);
    p->cur.oddities = odd;
    if (scheme_len == 6 && g_ascii_strncasecmp(scheme, "Digest", 6) == 0
        && strncmp(scheme, "Digest", 6) != 0)
        p->cur.oddities |= AUTH_ODD_SCHEME_CASE;
    p->cur_first = p->n_params; /* its params follow the previous item's */
}

/* At the byte after "scheme SP*".  A token68 must fill the whole element
 * (token68 chars, '=' padding, blanks, then ',' or the end); otherwise this
 * is not a token68 and the caller reads params.  The look-ahead is re-read
 * at most once per item, so the scan stays linear. */
static bool try_token68(parser *p)
{
    size_t k = p->i;
    while (k < p->n && is_token68_char((unsigned char)p->s[k]))
        k++;
    if (k == p->i)
        return false;
    size_t end = k;
    while (end < p->n && p->s[end] == '=')
        end++;
    size_t after = end;
    while (after < p->n && is_ws((unsigned char)p->s[after]))
        after++;
    if (after < p->n && p->s[after] != ',')
        return false;
    if (p->state == ITEM_KEPT)
        p->cur.token68 = block_copy(p, p->s + p->i, end - p->i);
    p->i = after;
    return true;
}

/* ------------------------------------------------------------------ */
/* Params                                                              */

static auth_param *find_kept(parser *p, const char *name, size_t name_len, auth_param_id id)
{
    for (size_t k = p->cur_first; k < p->n_params; k++) {
        auth_param *q = &p->params[k];
        if (id != AUTH_PARAM_OTHER ? q->id == id
                                   : q->id == AUTH_PARAM_OTHER && ascii_lower(q->name[0]) == ascii_lower(name[0]) &&
                                         g_ascii_strncasecmp(q->name, name, name_len) == 0 && q->name[name_len] == '\0')
            return q;
    }
    return NULL;
}

/* p->i is at the '=' that follows the name at s[name_at .. name_at+name_len);
 * ws_before says whether blanks stood between the name and the '='. */
static void parse_param_value(parser *p, uint32_t pending,
                              size_t name_at, size_t name_len, bool ws_before)
{
    const char *name = p->s + name_at;
    auth_param  param = { 0 };
    auth_param *first = NULL;
    bool        store = false;

    param.oddities = pending;
    if (p->state == ITEM_KEPT) {
        if (p->n_params - p->cur_first >= AUTH_MAX_PARAMS_PER_ITEM || p->n_params >= p->cap_params) {
            p->cur.oddities |= AUTH_ODD_LIMIT;
        } else {
            param.id = (uint8_t)auth_param_lookup(name, name_len);
            first = find_kept(p, name, name_len, (auth_param_id)param.id);
            store = first == NULL;
        }
    }

    p->i++; /* '=' */
    if (skip_ws(p) > 0 || ws_before)
        param.oddities |= AUTH_ODD_SPACE_AROUND_EQUALS;

    if (p->i < p->n && p->s[p->i] == '"') {
        param.quoted = true;
        scan_quoted(p, store ? &param.value : NULL, &param.oddities);
    } else {
        size_t value_at = p->i;
        while (p->i < p->n && is_bare_value_char((unsigned char)p->s[p->i]))
            p->i++;
        if (store)
            param.value = block_copy(p, p->s + value_at, p->i - value_at);
    }

    if (store) {
        param.name = block_copy(p, name, name_len);
        param.oddities |= param_style_oddities(&param);
        p->cur.oddities |= param.oddities;
        p->params[p->n_params++] = param;
    } else if (first != NULL) {
        /* The repeat is dropped, but how it was written (an unterminated
         * quote swallowing the rest, say) is still a bend in this item. */
        first->oddities |= AUTH_ODD_DUPLICATE_PARAM;
        p->cur.oddities |= AUTH_ODD_DUPLICATE_PARAM | param.oddities;
    }

    skip_ws(p);
    if (!at_end_or_comma(p))
        garbage(p, 0);
}

/* p->i at what should be a param name. */
static void parse_param(parser *p, uint32_t pending)
{
    size_t name_at = p->i;
    size_t name_len = scan_token(p);
    if (name_len == 0) {
        garbage(p, pending);
        return;
    }
    size_t ws = skip_ws(p);
    if (p->i >= p->n || p->s[p->i] != '=') {
        garbage(p, pending);
        return;
    }
    parse_param_value(p, pending, name_at, name_len, ws > 0);
}

/* ------------------------------------------------------------------ */
/* Elements                                                            */

/* p->i at the first non-blank byte of a non-empty element.  Leaves p->i at
 * the ',' that ends it or at the end of the value.  pending holds the
 * NO_SPACE_AFTER_COMMA bit for whatever this element turns out to be. */
static void parse_element(parser *p, uint32_t pending)
{
    size_t tok_at = p->i;
    size_t tok_len = scan_token(p);
    if (tok_len == 0) {
        garbage(p, pending);
        return;
    }
    size_t ws = skip_ws(p);

    if (at_end_or_comma(p)) {
        start_item(p, p->s + tok_at, tok_len, pending);
        return;
    }

    if (p->s[p->i] == '=') {
        if (p->state == ITEM_KEPT && p->cur.token68 != NULL) {
            /* A token68 is the whole of its challenge (RFC 7235 §2.1). */
            garbage(p, pending);
            return;
        }
        if (p->state == ITEM_NONE) {
            start_item(p, "", 0, AUTH_ODD_NO_SCHEME);
        }
        parse_param_value(p, pending, tok_at, tok_len, ws > 0);
        return;
    }

    if (ws == 0) {
        garbage(p, pending);
        return;
    }

    start_item(p, p->s + tok_at, tok_len, pending);
    bool digest = tok_len == 6 && g_ascii_strncasecmp(p->s + tok_at, "Digest", 6) == 0;
    /* Digest never carries a token68; without this, "Digest realm=" would
     * read as the token68 "realm=". */
    if (!digest && try_token68(p))
        return;
    parse_param(p, 0);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

void auth_header_parse(const char *value, size_t len, auth_header *out)
{
    if (out == NULL)
        return;
    memset(out, 0, sizeof *out);

    parser p;
    memset(&p, 0, sizeof p);
    p.s = value;
    p.n = 0;
    if (value != NULL) {
        const char *nul = memchr(value, '\0', len);
        p.n = nul != NULL ? (size_t)(nul - value) : len;
    }
    p.state = ITEM_NONE;
    size_t commas = 0, equals = 0;
    for (const char *c = p.s; c && (c = memchr(c, ',', (size_t)(p.s + p.n - c))) != NULL; c++)
        commas++;
    for (const char *c = p.s; c && (c = memchr(c, '=', (size_t)(p.s + p.n - c))) != NULL; c++)
        equals++;
    p.cap_items = MIN(commas + 1, AUTH_MAX_ITEMS_PER_VALUE);
    p.cap_params = MIN(equals, (size_t)AUTH_MAX_ITEMS_PER_VALUE * AUTH_MAX_PARAMS_PER_ITEM);
    /* The kept strings are disjoint pieces of the value (unescaping only
     * shortens them), each with a NUL: a scheme and a token68 per item, a
     * name and a value per param.  (Small blocks keep malloc on its fast
     * path: a credentials header's block stays under 1 KiB.) */
    p.strings_cap = p.n + 2 * p.cap_items + 2 * p.cap_params + 16;
    const size_t params_at = (p.strings_cap + 15) & ~(size_t)15;
    p.strings = g_malloc(params_at + p.cap_params * sizeof(auth_param));
    p.params = (auth_param *)(void *)(p.strings + params_at);
    auth_item items[AUTH_MAX_ITEMS_PER_VALUE];
    p.items = items;

    bool after_comma = false;
    for (;;) {
        size_t ws = skip_ws(&p);
        if (p.i >= p.n) {
            if (after_comma)
                note_item(&p, AUTH_ODD_EMPTY_ELEMENT);
            break;
        }
        if (p.s[p.i] == ',') {
            note_item(&p, AUTH_ODD_EMPTY_ELEMENT);
            p.i++;
            after_comma = true;
            continue;
        }
        parse_element(&p, after_comma && ws == 0 ? AUTH_ODD_NO_SPACE_AFTER_COMMA : 0);
        after_comma = p.i < p.n;
        if (after_comma)
            p.i++;
    }
    commit_item(&p);

    out->n_items = p.n_items;
    out->items = p.n_items > 0 ? g_memdup2(items, p.n_items * sizeof *items) : NULL;
    out->oddities = p.oddities;
    out->strings = p.strings;
}

void auth_header_clear(auth_header *h)
{
    if (h == NULL)
        return;
    g_free(h->items);
    g_free(h->strings); /* the params are in the same block */
    memset(h, 0, sizeof *h);
}

const auth_param *auth_item_find(const auth_item *item, const char *name)
{
    if (item == NULL || name == NULL)
        return NULL;
    const auth_param_id id = auth_param_lookup(name, strlen(name));
    if (id != AUTH_PARAM_OTHER)
        return auth_item_param(item, id);
    const char first = ascii_lower(name[0]);
    for (size_t k = 0; k < item->n_params; k++) {
        if (item->params[k].id == AUTH_PARAM_OTHER && ascii_lower(item->params[k].name[0]) == first &&
            g_ascii_strcasecmp(item->params[k].name, name) == 0)
            return &item->params[k];
    }
    return NULL;
}

const auth_param *auth_item_param(const auth_item *item, auth_param_id id)
{
    if (item == NULL || id == AUTH_PARAM_OTHER)
        return NULL;
    for (size_t k = 0; k < item->n_params; k++) {
        if (item->params[k].id == id)
            return &item->params[k];
    }
    return NULL;
}

const char *auth_item_value(const auth_item *item, auth_param_id id)
{
    const auth_param *param = auth_item_param(item, id);
    return param != NULL ? param->value : NULL;
}

const char *auth_item_get(const auth_item *item, const char *name)
{
    const auth_param *param = auth_item_find(item, name);
    return param != NULL ? param->value : NULL;
}

bool auth_item_is_digest(const auth_item *item)
{
    return item != NULL && item->scheme != NULL
        && g_ascii_strcasecmp(item->scheme, "Digest") == 0;
}

const char *auth_oddity_phrase(auth_oddity bit)
{
    /* Through uint32_t: callers may pass bits the enum does not name. */
    switch ((uint32_t)bit) {
    case AUTH_ODD_NO_SPACE_AFTER_COMMA: return "no space after comma";
    case AUTH_ODD_QUOTED_TOKEN:         return "quoted token (e.g. algorithm=\"MD5\")";
    case AUTH_ODD_UNQUOTED_STRING:      return "unquoted string (e.g. realm=example.com)";
    case AUTH_ODD_UNTERMINATED_QUOTE:   return "unterminated quoted string";
    case AUTH_ODD_EMPTY_ELEMENT:        return "empty list element";
    case AUTH_ODD_DUPLICATE_PARAM:      return "duplicate parameter (first one used)";
    case AUTH_ODD_GARBAGE:              return "unparsable bytes skipped";
    case AUTH_ODD_SCHEME_CASE:          return "scheme not spelled \"Digest\"";
    case AUTH_ODD_ALGORITHM_CASE:       return "algorithm in non-canonical letter case";
    case AUTH_ODD_SPACE_AROUND_EQUALS:  return "space around '='";
    case AUTH_ODD_NO_SCHEME:            return "no scheme before the parameters";
    case AUTH_ODD_BAD_ESCAPE:           return "backslash at the end of a quoted string";
    case AUTH_ODD_LIMIT:                return "too many challenges or parameters, the rest ignored";
    }
    return NULL;
}

void auth_oddities_append(uint32_t set, GString *out)
{
    if (out == NULL)
        return;
    bool first = true;
    for (unsigned b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        if ((set & bit) == 0)
            continue;
        const char *phrase = auth_oddity_phrase((auth_oddity)bit);
        if (phrase == NULL)
            continue;
        if (!first)
            g_string_append(out, ", ");
        g_string_append(out, phrase);
        first = false;
    }
}
