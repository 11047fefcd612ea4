/* test_auth_header.c - unit tests for the auth header parser (auth_header.h).
 *
 * Every value is parsed from a heap copy of exactly its length, with no NUL
 * after it, so that AddressSanitizer and valgrind catch any read past len.
 * Expectations are exact: the parser's output is the contract the engine
 * builds its notes on, so a changed oddity bit is a changed diagnosis.
 */
#include "auth_header.h"

#include <string.h>

#include <glib.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Parse the first len bytes of text from an exact-size heap copy. */
static void parse_n(const char *text, size_t len, auth_header *h)
{
    char *copy = len > 0 ? g_malloc(len) : NULL;
    if (len > 0)
        memcpy(copy, text, len);
    auth_header_parse(copy, len, h);
    g_free(copy);
}

static void parse(const char *text, auth_header *h)
{
    parse_n(text, strlen(text), h);
}

static void assert_param(const auth_item *item, size_t index, const char *name,
                         const char *value, bool quoted, uint32_t oddities)
{
    g_assert_cmpuint(index, <, item->n_params);
    const auth_param *param = &item->params[index];
    g_assert_cmpstr(param->name, ==, name);
    g_assert_cmpstr(param->value, ==, value);
    g_assert_cmpint(param->quoted, ==, quoted);
    g_assert_cmphex(param->oddities, ==, oddities);
}

/* Parse a one-param Digest challenge and return that param's oddities. */
static uint32_t single_param_oddities(const char *text, const char *expect_value)
{
    auth_header h;
    parse(text, &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    g_assert_cmpstr(h.items[0].params[0].value, ==, expect_value);
    uint32_t odd = h.items[0].params[0].oddities;
    g_assert_cmphex(h.items[0].oddities, ==, odd);
    g_assert_cmphex(h.oddities, ==, odd);
    auth_header_clear(&h);
    return odd;
}

/* ------------------------------------------------------------------ */
/* Well-formed values                                                  */

static void test_kamailio_challenge(void)
{
    auth_header h;
    parse("Digest realm=\"proxy.sipauth.test\", nonce=\"ZmFrZQ1234abcd5678ef\", qop=\"auth\"", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    const auth_item *item = &h.items[0];
    g_assert_cmpstr(item->scheme, ==, "Digest");
    g_assert_null(item->token68);
    g_assert_true(auth_item_is_digest(item));
    g_assert_cmpuint(item->n_params, ==, 3);
    g_assert_cmphex(item->oddities, ==, 0);
    assert_param(item, 0, "realm", "proxy.sipauth.test", true, 0);
    assert_param(item, 1, "nonce", "ZmFrZQ1234abcd5678ef", true, 0);
    assert_param(item, 2, "qop", "auth", true, 0);
    auth_header_clear(&h);
}

static void test_full_credentials(void)
{
    auth_header h;
    parse("Digest username=\"alice\", realm=\"proxy.sipauth.test\", "
          "nonce=\"ZmFrZQ\", uri=\"sip:bob@sipauth.test\", "
          "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, "
          "cnonce=\"0a4f113b\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
          "qop=auth, nc=00000001", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    const auth_item *item = &h.items[0];
    g_assert_cmpstr(item->scheme, ==, "Digest");
    g_assert_cmpuint(item->n_params, ==, 10);
    assert_param(item, 0, "username", "alice", true, 0);
    assert_param(item, 1, "realm", "proxy.sipauth.test", true, 0);
    assert_param(item, 2, "nonce", "ZmFrZQ", true, 0);
    assert_param(item, 3, "uri", "sip:bob@sipauth.test", true, 0);
    assert_param(item, 4, "response", "6629fae49393a05397450978507c4ef1", true, 0);
    assert_param(item, 5, "algorithm", "MD5", false, 0);
    assert_param(item, 6, "cnonce", "0a4f113b", true, 0);
    assert_param(item, 7, "opaque", "5ccc069c403ebaf9f0171e9517f40e41", true, 0);
    assert_param(item, 8, "qop", "auth", false, 0);
    assert_param(item, 9, "nc", "00000001", false, 0);
    auth_header_clear(&h);
}

static void test_multi_challenge_two_realms(void)
{
    auth_header h;
    parse("Digest realm=\"a.test\", nonce=\"x\", Digest realm=\"b.test\", nonce=\"y\"", &h);

    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].scheme, ==, "Digest");
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "a.test", true, 0);
    assert_param(&h.items[0], 1, "nonce", "x", true, 0);
    g_assert_cmpstr(h.items[1].scheme, ==, "Digest");
    g_assert_cmpuint(h.items[1].n_params, ==, 2);
    assert_param(&h.items[1], 0, "realm", "b.test", true, 0);
    assert_param(&h.items[1], 1, "nonce", "y", true, 0);
    auth_header_clear(&h);
}

static void test_multi_challenge_algorithms(void)
{
    auth_header h;
    parse("Digest realm=\"r\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", "
          "Digest realm=\"r\", nonce=\"n2\", algorithm=MD5, qop=\"auth\"", &h);

    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    for (size_t k = 0; k < 2; k++) {
        g_assert_cmpuint(h.items[k].n_params, ==, 4);
        g_assert_cmpstr(auth_item_get(&h.items[k], "realm"), ==, "r");
        g_assert_cmpstr(auth_item_get(&h.items[k], "qop"), ==, "auth");
    }
    g_assert_cmpstr(auth_item_get(&h.items[0], "algorithm"), ==, "SHA-256");
    g_assert_cmpstr(auth_item_get(&h.items[0], "nonce"), ==, "n1");
    g_assert_cmpstr(auth_item_get(&h.items[1], "algorithm"), ==, "MD5");
    g_assert_cmpstr(auth_item_get(&h.items[1], "nonce"), ==, "n2");
    auth_header_clear(&h);
}

/* The example of RFC 7235 §4.1: a param-carrying scheme other than Digest. */
static void test_rfc7235_example(void)
{
    auth_header h;
    parse("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"", &h);

    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].scheme, ==, "Newauth");
    g_assert_false(auth_item_is_digest(&h.items[0]));
    g_assert_cmpuint(h.items[0].n_params, ==, 3);
    assert_param(&h.items[0], 0, "realm", "apps", true, 0);
    assert_param(&h.items[0], 1, "type", "1", false, 0);
    assert_param(&h.items[0], 2, "title", "Login to \"apps\"", true, 0);
    g_assert_cmpstr(h.items[1].scheme, ==, "Basic");
    g_assert_null(h.items[1].token68);
    g_assert_cmpuint(h.items[1].n_params, ==, 1);
    assert_param(&h.items[1], 0, "realm", "simple", true, 0);
    auth_header_clear(&h);
}

static void test_token68(void)
{
    auth_header h;

    parse("Basic QWxhZGRpbjpvcGVu", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].scheme, ==, "Basic");
    g_assert_cmpstr(h.items[0].token68, ==, "QWxhZGRpbjpvcGVu");
    g_assert_cmpuint(h.items[0].n_params, ==, 0);
    g_assert_null(h.items[0].params);
    g_assert_false(auth_item_is_digest(&h.items[0]));
    g_assert_null(auth_item_find(&h.items[0], "realm"));
    auth_header_clear(&h);

    /* Padding and the '+' '/' of base64 belong to the token68; blanks after it do not. */
    parse("Bearer ab+/c.d_e~f-g== , Digest realm=\"x\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].token68, ==, "ab+/c.d_e~f-g==");
    g_assert_cmpuint(h.items[0].n_params, ==, 0);
    g_assert_cmpstr(h.items[1].scheme, ==, "Digest");
    g_assert_null(h.items[1].token68);
    assert_param(&h.items[1], 0, "realm", "x", true, 0);
    auth_header_clear(&h);

    /* A token68 is the whole challenge: a param after it fits nothing. */
    parse("Basic QWxh, realm=\"x\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpstr(h.items[0].token68, ==, "QWxh");
    g_assert_cmpuint(h.items[0].n_params, ==, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_GARBAGE);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* Digest never takes a token68: "realm=" is a param with an empty value. */
    parse("Digest realm=", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_null(h.items[0].token68);
    assert_param(&h.items[0], 0, "realm", "", false, AUTH_ODD_UNQUOTED_STRING);
    auth_header_clear(&h);
}

/* RFC 7235 §2.1: a challenge may have no params at all. */
static void test_bare_scheme(void)
{
    auth_header h;

    parse("Negotiate", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].scheme, ==, "Negotiate");
    g_assert_null(h.items[0].token68);
    g_assert_cmpuint(h.items[0].n_params, ==, 0);
    auth_header_clear(&h);

    /* So a lone token inside a Digest list starts a new (param-less)
     * challenge, and what follows belongs to it. */
    parse("Digest realm=\"a\", stale, nonce=\"b\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpstr(h.items[0].scheme, ==, "Digest");
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    g_assert_cmpstr(h.items[1].scheme, ==, "stale");
    g_assert_cmpuint(h.items[1].n_params, ==, 1);
    assert_param(&h.items[1], 0, "nonce", "b", true, 0);
    auth_header_clear(&h);

    /* A scheme alone, then its params after a comma. */
    parse("Digest , realm=\"a\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    auth_header_clear(&h);
}

/* ------------------------------------------------------------------ */
/* Quoted strings                                                      */

static void test_escapes(void)
{
    auth_header h;
    parse("Digest realm=\"a\\\"b\\\\c\\d\", nonce=\"\\\\\", opaque=\"x,y\", domain=\"\"", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.oddities, ==, 0);
    g_assert_cmpuint(h.items[0].n_params, ==, 4);
    assert_param(&h.items[0], 0, "realm", "a\"b\\cd", true, 0);
    assert_param(&h.items[0], 1, "nonce", "\\", true, 0);
    assert_param(&h.items[0], 2, "opaque", "x,y", true, 0);
    assert_param(&h.items[0], 3, "domain", "", true, 0);
    auth_header_clear(&h);
}

static void test_unterminated_quote(void)
{
    auth_header h;
    parse("Digest nonce=\"x\", realm=\"abc, def", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "nonce", "x", true, 0);
    assert_param(&h.items[0], 1, "realm", "abc, def", true, AUTH_ODD_UNTERMINATED_QUOTE);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_UNTERMINATED_QUOTE);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_UNTERMINATED_QUOTE);
    auth_header_clear(&h);

    parse("Digest realm=\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    assert_param(&h.items[0], 0, "realm", "", true, AUTH_ODD_UNTERMINATED_QUOTE);
    auth_header_clear(&h);
}

static void test_trailing_backslash(void)
{
    /* The backslash escapes nothing: it is kept, and the string is also
     * unterminated since the closing quote never came. */
    g_assert_cmphex(single_param_oddities("Digest realm=\"abc\\", "abc\\"), ==,
                    AUTH_ODD_BAD_ESCAPE | AUTH_ODD_UNTERMINATED_QUOTE);
    g_assert_cmphex(single_param_oddities("Digest realm=\"\\", "\\"), ==,
                    AUTH_ODD_BAD_ESCAPE | AUTH_ODD_UNTERMINATED_QUOTE);
    /* An escaped backslash at the end is fine, only the quote is missing. */
    g_assert_cmphex(single_param_oddities("Digest realm=\"abc\\\\", "abc\\"), ==,
                    AUTH_ODD_UNTERMINATED_QUOTE);
}

/* ------------------------------------------------------------------ */
/* Lenient syntax                                                      */

static void test_no_space_after_comma(void)
{
    auth_header h;
    parse("Digest realm=\"a\",nonce=\"b\",algorithm=MD5, qop=\"auth\"", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 4);
    assert_param(&h.items[0], 0, "realm", "a", true, 0);
    assert_param(&h.items[0], 1, "nonce", "b", true, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    assert_param(&h.items[0], 2, "algorithm", "MD5", false, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    assert_param(&h.items[0], 3, "qop", "auth", true, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    auth_header_clear(&h);

    /* Before a new challenge, the bend belongs to that challenge. */
    parse("Digest realm=\"a\",Digest realm=\"b\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.items[0].oddities, ==, 0);
    g_assert_cmphex(h.items[1].oddities, ==, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    g_assert_cmphex(h.items[1].params[0].oddities, ==, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_NO_SPACE_AFTER_COMMA);
    auth_header_clear(&h);
}

static void test_space_around_equals(void)
{
    auth_header h;
    parse("Digest realm = \"a\", nonce= \"b\", opaque =\"c\", stale\t=\tFALSE, qop=\"auth\"", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 5);
    assert_param(&h.items[0], 0, "realm", "a", true, AUTH_ODD_SPACE_AROUND_EQUALS);
    assert_param(&h.items[0], 1, "nonce", "b", true, AUTH_ODD_SPACE_AROUND_EQUALS);
    assert_param(&h.items[0], 2, "opaque", "c", true, AUTH_ODD_SPACE_AROUND_EQUALS);
    assert_param(&h.items[0], 3, "stale", "FALSE", false, AUTH_ODD_SPACE_AROUND_EQUALS);
    assert_param(&h.items[0], 4, "qop", "auth", true, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_SPACE_AROUND_EQUALS);
    auth_header_clear(&h);
}

static void test_empty_elements(void)
{
    auth_header h;

    parse("Digest realm=\"a\",, nonce=\"b\" ,", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "a", true, 0);
    assert_param(&h.items[0], 1, "nonce", "b", true, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_EMPTY_ELEMENT);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_EMPTY_ELEMENT);
    auth_header_clear(&h);

    /* Before any challenge there is no item to hold it: the header does. */
    parse(" , Digest realm=\"a\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.items[0].oddities, ==, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_EMPTY_ELEMENT);
    auth_header_clear(&h);

    parse(",", &h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_EMPTY_ELEMENT);
    auth_header_clear(&h);
}

static void test_duplicate_param(void)
{
    auth_header h;
    parse("Digest realm=\"a\", nonce=\"n\", REALM=\"b\", realm=c", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "a", true, AUTH_ODD_DUPLICATE_PARAM);
    assert_param(&h.items[0], 1, "nonce", "n", true, 0);
    g_assert_cmpstr(auth_item_get(&h.items[0], "Realm"), ==, "a");
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_DUPLICATE_PARAM);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_DUPLICATE_PARAM);
    auth_header_clear(&h);

    /* The same name in two challenges is no duplicate. */
    parse("Digest realm=\"a\", Digest realm=\"b\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);
}

static void test_param_quoting(void)
{
    g_assert_cmphex(single_param_oddities("Digest algorithm=\"MD5\"", "MD5"), ==,
                    AUTH_ODD_QUOTED_TOKEN);
    g_assert_cmphex(single_param_oddities("Digest algorithm=md5", "md5"), ==,
                    AUTH_ODD_ALGORITHM_CASE);
    g_assert_cmphex(single_param_oddities("Digest Algorithm=\"sha-256-SESS\"", "sha-256-SESS"), ==,
                    AUTH_ODD_QUOTED_TOKEN | AUTH_ODD_ALGORITHM_CASE);
    g_assert_cmphex(single_param_oddities("Digest algorithm=AKAv1-MD5", "AKAv1-MD5"), ==, 0);
    g_assert_cmphex(single_param_oddities("Digest algorithm=akav2-md5", "akav2-md5"), ==,
                    AUTH_ODD_ALGORITHM_CASE);
    g_assert_cmphex(single_param_oddities("Digest algorithm=SHA-512-256-sess", "SHA-512-256-sess"), ==, 0);
    /* Unknown algorithms are the engine's business, not a spelling matter. */
    g_assert_cmphex(single_param_oddities("Digest algorithm=foo", "foo"), ==, 0);
    g_assert_cmphex(single_param_oddities("Digest stale=\"true\"", "true"), ==,
                    AUTH_ODD_QUOTED_TOKEN);
    g_assert_cmphex(single_param_oddities("Digest stale=TRUE", "TRUE"), ==, 0);
    g_assert_cmphex(single_param_oddities("Digest NC=\"00000001\"", "00000001"), ==,
                    AUTH_ODD_QUOTED_TOKEN);
    g_assert_cmphex(single_param_oddities("Digest realm=example.com", "example.com"), ==,
                    AUTH_ODD_UNQUOTED_STRING);
    /* Unquoted values may hold what a token may not (':' and '@' here). */
    g_assert_cmphex(single_param_oddities("Digest uri=sip:bob@example.com", "sip:bob@example.com"), ==,
                    AUTH_ODD_UNQUOTED_STRING);
    g_assert_cmphex(single_param_oddities("Digest rspauth=abc", "abc"), ==,
                    AUTH_ODD_UNQUOTED_STRING);
    /* qop depends on the direction, which only the caller knows. */
    g_assert_cmphex(single_param_oddities("Digest qop=\"auth\"", "auth"), ==, 0);
    g_assert_cmphex(single_param_oddities("Digest qop=auth", "auth"), ==, 0);
    /* Unknown params are taken as written. */
    g_assert_cmphex(single_param_oddities("Digest x-foo=\"bar\"", "bar"), ==, 0);
    g_assert_cmphex(single_param_oddities("Digest x-foo=bar", "bar"), ==, 0);
}

static void test_scheme_case(void)
{
    auth_header h;

    parse("DIGEST realm=\"a\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpstr(h.items[0].scheme, ==, "DIGEST");
    g_assert_true(auth_item_is_digest(&h.items[0]));
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_SCHEME_CASE);
    g_assert_cmphex(h.items[0].params[0].oddities, ==, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_SCHEME_CASE);
    auth_header_clear(&h);

    parse("digest realm=\"a\"", &h);
    g_assert_cmpstr(h.items[0].scheme, ==, "digest");
    g_assert_true(auth_item_is_digest(&h.items[0]));
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_SCHEME_CASE);
    auth_header_clear(&h);

    /* Other schemes are no misspelt Digest. */
    parse("basic realm=\"a\", DigestX realm=\"b\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_false(auth_item_is_digest(&h.items[0]));
    g_assert_false(auth_item_is_digest(&h.items[1]));
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);
}

static void test_no_scheme(void)
{
    auth_header h;
    parse("realm=\"x\", nonce=\"y\"", &h);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_nonnull(h.items[0].scheme);
    g_assert_cmpstr(h.items[0].scheme, ==, "");
    g_assert_false(auth_item_is_digest(&h.items[0]));
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "x", true, 0);
    assert_param(&h.items[0], 1, "nonce", "y", true, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_NO_SCHEME);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_NO_SCHEME);
    auth_header_clear(&h);

    /* A scheme-less start, then a real challenge. */
    parse("realm=\"x\", Digest realm=\"y\"", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmpstr(h.items[0].scheme, ==, "");
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_NO_SCHEME);
    g_assert_cmpstr(h.items[1].scheme, ==, "Digest");
    g_assert_cmphex(h.items[1].oddities, ==, 0);
    auth_header_clear(&h);
}

static void test_garbage(void)
{
    auth_header h;

    parse("Digest realm=\"a\", @@@ junk, nonce=\"b\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "a", true, 0);
    assert_param(&h.items[0], 1, "nonce", "b", true, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_GARBAGE);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* A missing comma: the param is kept, what runs on after it is skipped. */
    parse("Digest realm=\"a\" nonce=\"b\", opaque=\"c\"", &h);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 0, "realm", "a", true, 0);
    assert_param(&h.items[0], 1, "opaque", "c", true, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* Commas inside a quoted string within garbage do not end it. */
    parse("Digest realm=\"a\", ;\"x, y=\\\"1\\\", z\" q, nonce=\"b\"", &h);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    g_assert_cmpstr(auth_item_get(&h.items[0], "nonce"), ==, "b");
    g_assert_null(auth_item_find(&h.items[0], "y"));
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* A name without '=' after a scheme, and a name glued to a quote. */
    parse("Digest realm, nonce\"x\", opaque=\"c\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    assert_param(&h.items[0], 0, "opaque", "c", true, 0);
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* Before any challenge the header holds it. */
    parse("@@@, Digest realm=\"a\"", &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmphex(h.items[0].oddities, ==, 0);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);

    /* Nothing but garbage: no item at all. */
    parse("\x01\xff\"", &h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_GARBAGE);
    auth_header_clear(&h);
}

/* ------------------------------------------------------------------ */
/* Boundaries of the input                                             */

static void test_empty_and_blank(void)
{
    auth_header h;

    parse("", &h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);

    parse(" \t \r\n ", &h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);

    auth_header_parse(NULL, 0, &h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);

    auth_header_parse("", 0, NULL);  /* must not crash */
}

static void test_len_shorter_than_string(void)
{
    const char *text = "Digest realm=\"abc\", nonce=\"def\"";
    auth_header h;

    /* Cut inside the realm: "Digest realm=\"ab" */
    parse_n(text, strlen("Digest realm=\"ab"), &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    assert_param(&h.items[0], 0, "realm", "ab", true, AUTH_ODD_UNTERMINATED_QUOTE);
    auth_header_clear(&h);

    /* Cut right after the first param's closing quote. */
    parse_n(text, strlen("Digest realm=\"abc\""), &h);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    assert_param(&h.items[0], 0, "realm", "abc", true, 0);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);

    /* Cut inside the scheme. */
    parse_n(text, 3, &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpstr(h.items[0].scheme, ==, "Dig");
    g_assert_cmpuint(h.items[0].n_params, ==, 0);
    auth_header_clear(&h);

    /* The original string (with bytes after len) is read in place too.
     * Cut after '=': an empty unquoted value. */
    auth_header_parse(text, strlen("Digest realm=\"abc\", nonce="), &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 2);
    assert_param(&h.items[0], 1, "nonce", "", false, AUTH_ODD_UNQUOTED_STRING);
    auth_header_clear(&h);

    /* Cut inside a name: a lone token is a param-less scheme (RFC 7235). */
    auth_header_parse(text, strlen("Digest realm=\"abc\", nonc"), &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    g_assert_cmpstr(h.items[1].scheme, ==, "nonc");
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);
}

static void test_embedded_nul(void)
{
    static const char text[] = "Digest realm=\"a\"\0, nonce=\"b\"";
    auth_header h;

    parse_n(text, sizeof text - 1, &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    assert_param(&h.items[0], 0, "realm", "a", true, 0);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);

    /* A NUL inside a quoted string ends it (and the value). */
    static const char text2[] = "Digest realm=\"a\0b\"";
    parse_n(text2, sizeof text2 - 1, &h);
    g_assert_cmpuint(h.items[0].n_params, ==, 1);
    assert_param(&h.items[0], 0, "realm", "a", true, AUTH_ODD_UNTERMINATED_QUOTE);
    auth_header_clear(&h);

    /* Right after a backslash: the backslash is the last byte. */
    static const char text3[] = "Digest realm=\"a\\\0\"";
    parse_n(text3, sizeof text3 - 1, &h);
    assert_param(&h.items[0], 0, "realm", "a\\", true,
                 AUTH_ODD_UNTERMINATED_QUOTE | AUTH_ODD_BAD_ESCAPE);
    auth_header_clear(&h);
}

/* ------------------------------------------------------------------ */
/* Hostile sizes                                                       */

static void test_huge_nonce(void)
{
    const size_t nonce_len = 64 * 1024;
    GString *text = g_string_new("Digest realm=\"r\", nonce=\"");
    for (size_t k = 0; k < nonce_len; k++)
        g_string_append_c(text, (char)('a' + k % 26));
    g_string_append(text, "\", opaque=\"o\"");

    auth_header h;
    parse_n(text->str, text->len, &h);
    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 3);
    const char *nonce = auth_item_get(&h.items[0], "nonce");
    g_assert_nonnull(nonce);
    g_assert_cmpuint(strlen(nonce), ==, nonce_len);
    g_assert_cmpint(memcmp(nonce, text->str + strlen("Digest realm=\"r\", nonce=\""), nonce_len), ==, 0);
    g_assert_cmpstr(auth_item_get(&h.items[0], "opaque"), ==, "o");
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);
    g_string_free(text, TRUE);
}

/* Builds "Digest p0=\"v0\", p1=\"v1\", ..." with n params. */
static GString *many_params(size_t n)
{
    GString *text = g_string_new("Digest ");
    for (size_t k = 0; k < n; k++)
        g_string_append_printf(text, "%sp%zu=\"v%zu\"", k > 0 ? ", " : "", k, k);
    return text;
}

static void test_many_params(void)
{
    GString *text = many_params(10000);
    auth_header h;

    gint64 t0 = g_get_monotonic_time();
    parse_n(text->str, text->len, &h);
    gint64 elapsed = g_get_monotonic_time() - t0;
    g_test_message("10,000 params: %" G_GINT64_FORMAT " us", elapsed);
    g_assert_cmpint(elapsed, <, G_USEC_PER_SEC);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, AUTH_MAX_PARAMS_PER_ITEM);
    g_assert_cmpuint(h.items[0].n_params, ==, 64);
    for (size_t k = 0; k < 64; k++) {
        char name[16], value[16];
        g_snprintf(name, sizeof name, "p%zu", k);
        g_snprintf(value, sizeof value, "v%zu", k);
        assert_param(&h.items[0], k, name, value, true, 0);
    }
    g_assert_null(auth_item_find(&h.items[0], "p64"));
    g_assert_cmphex(h.items[0].oddities, ==, AUTH_ODD_LIMIT);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_LIMIT);
    auth_header_clear(&h);
    g_string_free(text, TRUE);
}

/* 1 MB with 100k params: linear time is the point.  The bound is loose
 * enough for valgrind; anything quadratic would take minutes. */
static void test_megabyte_value(void)
{
    GString *text = many_params(100000);
    g_assert_cmpuint(text->len, >, 1000000);
    auth_header h;

    gint64 t0 = g_get_monotonic_time();
    parse_n(text->str, text->len, &h);
    gint64 elapsed = g_get_monotonic_time() - t0;
    g_test_message("%zu bytes, 100,000 params: %" G_GINT64_FORMAT " us", text->len, elapsed);
    g_assert_cmpint(elapsed, <, 5 * G_USEC_PER_SEC);

    g_assert_cmpuint(h.n_items, ==, 1);
    g_assert_cmpuint(h.items[0].n_params, ==, 64);
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_LIMIT);
    auth_header_clear(&h);
    g_string_free(text, TRUE);
}

static void test_many_challenges(void)
{
    GString *text = g_string_new(NULL);
    for (size_t k = 0; k < 1000; k++)
        g_string_append_printf(text, "%sDigest realm=\"r%zu\", nonce=\"n%zu\"", k > 0 ? ", " : "", k, k);
    /* Bends in what is dropped are not inspected: only LIMIT tells. */
    g_string_append(text, ", Digest realm=x,, @@@");

    auth_header h;
    parse_n(text->str, text->len, &h);
    g_assert_cmpuint(h.n_items, ==, AUTH_MAX_ITEMS_PER_VALUE);
    g_assert_cmpuint(h.n_items, ==, 32);
    for (size_t k = 0; k < 32; k++) {
        char realm[16], nonce[16];
        g_snprintf(realm, sizeof realm, "r%zu", k);
        g_snprintf(nonce, sizeof nonce, "n%zu", k);
        g_assert_cmpstr(h.items[k].scheme, ==, "Digest");
        g_assert_cmpuint(h.items[k].n_params, ==, 2);
        assert_param(&h.items[k], 0, "realm", realm, true, 0);
        assert_param(&h.items[k], 1, "nonce", nonce, true, 0);
        g_assert_cmphex(h.items[k].oddities, ==, 0);
    }
    g_assert_cmphex(h.oddities, ==, AUTH_ODD_LIMIT);
    auth_header_clear(&h);
    g_string_free(text, TRUE);
}

/* ------------------------------------------------------------------ */
/* Byte soup                                                           */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    /* xorshift64*: the same sequence on every platform and glib version. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static void check_consistent(const auth_header *h)
{
    uint32_t items_or = 0;

    g_assert_cmpuint(h->n_items, <=, AUTH_MAX_ITEMS_PER_VALUE);
    g_assert_true((h->n_items == 0) == (h->items == NULL));
    for (size_t k = 0; k < h->n_items; k++) {
        const auth_item *item = &h->items[k];
        uint32_t params_or = 0;

        g_assert_nonnull(item->scheme);
        g_assert_cmpuint(item->n_params, <=, AUTH_MAX_PARAMS_PER_ITEM);
        g_assert_true((item->n_params == 0) == (item->params == NULL));
        if (item->token68 != NULL)
            g_assert_cmpuint(item->n_params, ==, 0);
        g_assert_cmpint(auth_item_is_digest(item), ==, g_ascii_strcasecmp(item->scheme, "Digest") == 0);
        for (size_t j = 0; j < item->n_params; j++) {
            const auth_param *param = &item->params[j];
            g_assert_nonnull(param->name);
            g_assert_nonnull(param->value);
            g_assert_cmpuint(strlen(param->name), >, 0);
            /* First wins, so each name is found at its own index. */
            g_assert_true(auth_item_find(item, param->name) == param);
            params_or |= param->oddities;
        }
        g_assert_cmphex(item->oddities & params_or, ==, params_or);
        items_or |= item->oddities;
    }
    g_assert_cmphex(h->oddities & items_or, ==, items_or);
    g_assert_cmphex(h->oddities & ~((AUTH_ODD_LIMIT << 1) - 1u), ==, 0);
}

static void test_byte_soup(void)
{
    /* Half the bytes come from the grammar's own alphabet so that the soup
     * reaches deep states; the rest are any byte value 0..255. */
    static const char alphabet[] = "Digest realm=\"\\,, ==\t\r\nabcAKAv1-MD5 nonce qop=auth";
    const size_t alphabet_len = sizeof alphabet - 1;
    bool seen[256] = { false };
    GString *phrases = g_string_new(NULL);

    rng_state = 0x5eed5eed12345678ULL;
    for (int round = 0; round < 20000; round++) {
        uint64_t r = rng_next();
        size_t len = (size_t)(r % 8 == 0 ? r % 4096 : r % 160);
        guchar *buf = len > 0 ? g_malloc(len) : NULL;
        for (size_t k = 0; k < len; k++) {
            uint64_t b = rng_next();
            guchar c = (b >> 40) & 1 ? (guchar)alphabet[(b >> 8) % alphabet_len] : (guchar)(b >> 16);
            buf[k] = c;
            seen[c] = true;
        }

        auth_header h;
        auth_header_parse((const char *)buf, len, &h);
        check_consistent(&h);
        g_string_truncate(phrases, 0);
        auth_oddities_append(h.oddities, phrases);
        g_assert_true((h.oddities == 0) == (phrases->len == 0));
        auth_header_clear(&h);
        g_free(buf);
    }
    for (int c = 0; c < 256; c++)
        g_assert_true(seen[c]);
    g_string_free(phrases, TRUE);
}

/* ------------------------------------------------------------------ */
/* Helpers of the API                                                  */

static void test_find_and_get(void)
{
    auth_header h;
    parse("Digest Realm=\"a\", NONCE=\"b\", opaque=\"\"", &h);

    const auth_item *item = &h.items[0];
    g_assert_true(auth_item_find(item, "realm") == &item->params[0]);
    g_assert_true(auth_item_find(item, "REALM") == &item->params[0]);
    g_assert_cmpstr(auth_item_get(item, "nonce"), ==, "b");
    g_assert_cmpstr(auth_item_get(item, "opaque"), ==, "");
    g_assert_null(auth_item_find(item, "cnonce"));
    g_assert_null(auth_item_get(item, "cnonce"));
    g_assert_null(auth_item_get(item, "realmx"));
    g_assert_null(auth_item_get(item, "Realm\xff"));
    g_assert_null(auth_item_find(NULL, "realm"));
    g_assert_null(auth_item_find(item, NULL));
    g_assert_false(auth_item_is_digest(NULL));
    auth_header_clear(&h);
}

static void test_oddity_phrases(void)
{
    for (unsigned b = 0; b <= 12; b++) {
        const char *phrase = auth_oddity_phrase((auth_oddity)(1u << b));
        g_assert_nonnull(phrase);
        g_assert_cmpuint(strlen(phrase), >, 0);
        /* Lower case, so that it reads inside a sentence. */
        g_assert_false(g_ascii_isupper(phrase[0]));
    }
    g_assert_cmpstr(auth_oddity_phrase(AUTH_ODD_NO_SPACE_AFTER_COMMA), ==, "no space after comma");
    g_assert_cmpstr(auth_oddity_phrase(AUTH_ODD_QUOTED_TOKEN), ==, "quoted token (e.g. algorithm=\"MD5\")");
    g_assert_null(auth_oddity_phrase((auth_oddity)0));
    g_assert_null(auth_oddity_phrase((auth_oddity)(1u << 13)));
    g_assert_null(auth_oddity_phrase((auth_oddity)(AUTH_ODD_GARBAGE | AUTH_ODD_LIMIT)));
}

static void test_oddities_append(void)
{
    GString *out = g_string_new(NULL);

    auth_oddities_append(AUTH_ODD_GARBAGE | AUTH_ODD_NO_SPACE_AFTER_COMMA, out);
    g_assert_cmpstr(out->str, ==, "no space after comma, unparsable bytes skipped");

    /* Appends to what is there, and ignores bits without a phrase. */
    g_string_assign(out, "odd: ");
    auth_oddities_append(AUTH_ODD_SCHEME_CASE | (1u << 31), out);
    g_assert_cmpstr(out->str, ==, "odd: scheme not spelled \"Digest\"");

    g_string_truncate(out, 0);
    auth_oddities_append(0, out);
    g_assert_cmpstr(out->str, ==, "");

    auth_oddities_append(AUTH_ODD_GARBAGE, NULL);  /* must not crash */
    g_string_free(out, TRUE);
}

static void test_clear_twice(void)
{
    auth_header h;
    memset(&h, 0, sizeof h);
    auth_header_clear(&h);
    auth_header_clear(&h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);

    parse("Digest realm=\"a\", Basic QWxh", &h);
    g_assert_cmpuint(h.n_items, ==, 2);
    auth_header_clear(&h);
    g_assert_cmpuint(h.n_items, ==, 0);
    g_assert_null(h.items);
    g_assert_cmphex(h.oddities, ==, 0);
    auth_header_clear(&h);
    auth_header_clear(NULL);
}

/* Every param the RFCs define is found by its id whatever its letter
 * case, and a name one letter off (same length, same first letter) is not. */
static void test_param_ids(void)
{
    static const struct {
        const char   *written;
        const char   *near_miss;
        auth_param_id id;
    } cases[] = {
        { "REALM", "realn", AUTH_PARAM_REALM },         { "Nonce", "noncx", AUTH_PARAM_NONCE },
        { "oPAQUE", "opaqux", AUTH_PARAM_OPAQUE },      { "Domain", "domaix", AUTH_PARAM_DOMAIN },
        { "STALE", "stalx", AUTH_PARAM_STALE },         { "Algorithm", "algorithx", AUTH_PARAM_ALGORITHM },
        { "QOP", "qox", AUTH_PARAM_QOP },               { "UserName", "usernamx", AUTH_PARAM_USERNAME },
        { "Uri", "urx", AUTH_PARAM_URI },               { "RESPONSE", "responsx", AUTH_PARAM_RESPONSE },
        { "CNonce", "cnoncx", AUTH_PARAM_CNONCE },      { "NC", "nx", AUTH_PARAM_NC },
        { "NextNonce", "nextnoncx", AUTH_PARAM_NEXTNONCE }, { "RspAuth", "rspautx", AUTH_PARAM_RSPAUTH },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        char *value = g_strdup_printf("Digest %s=\"v\", %s=\"w\"", cases[c].near_miss, cases[c].written);
        auth_header h;
        auth_header_parse(value, strlen(value), &h);
        g_assert_cmpuint(h.n_items, ==, 1);
        const auth_item *item = &h.items[0];
        g_assert_cmpuint(item->n_params, ==, 2);
        g_assert_cmpint(item->params[0].id, ==, AUTH_PARAM_OTHER);
        g_assert_cmpint(item->params[1].id, ==, cases[c].id);
        g_assert_cmpstr(auth_item_value(item, cases[c].id), ==, "w");
        g_assert_true(auth_item_param(item, cases[c].id) == &item->params[1]);
        g_assert_cmpstr(auth_item_get(item, cases[c].near_miss), ==, "v");
        for (int other = AUTH_PARAM_OTHER + 1; other < AUTH_PARAM_COUNT; other++) {
            if (other != (int)cases[c].id) {
                g_assert_null(auth_item_value(item, (auth_param_id)other));
            }
        }
        auth_header_clear(&h);
        g_free(value);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/auth_header/kamailio_challenge", test_kamailio_challenge);
    g_test_add_func("/auth_header/full_credentials", test_full_credentials);
    g_test_add_func("/auth_header/multi_challenge_two_realms", test_multi_challenge_two_realms);
    g_test_add_func("/auth_header/multi_challenge_algorithms", test_multi_challenge_algorithms);
    g_test_add_func("/auth_header/rfc7235_example", test_rfc7235_example);
    g_test_add_func("/auth_header/token68", test_token68);
    g_test_add_func("/auth_header/bare_scheme", test_bare_scheme);
    g_test_add_func("/auth_header/escapes", test_escapes);
    g_test_add_func("/auth_header/unterminated_quote", test_unterminated_quote);
    g_test_add_func("/auth_header/trailing_backslash", test_trailing_backslash);
    g_test_add_func("/auth_header/no_space_after_comma", test_no_space_after_comma);
    g_test_add_func("/auth_header/space_around_equals", test_space_around_equals);
    g_test_add_func("/auth_header/empty_elements", test_empty_elements);
    g_test_add_func("/auth_header/duplicate_param", test_duplicate_param);
    g_test_add_func("/auth_header/param_quoting", test_param_quoting);
    g_test_add_func("/auth_header/scheme_case", test_scheme_case);
    g_test_add_func("/auth_header/no_scheme", test_no_scheme);
    g_test_add_func("/auth_header/garbage", test_garbage);
    g_test_add_func("/auth_header/empty_and_blank", test_empty_and_blank);
    g_test_add_func("/auth_header/len_shorter_than_string", test_len_shorter_than_string);
    g_test_add_func("/auth_header/embedded_nul", test_embedded_nul);
    g_test_add_func("/auth_header/huge_nonce", test_huge_nonce);
    g_test_add_func("/auth_header/many_params", test_many_params);
    g_test_add_func("/auth_header/megabyte_value", test_megabyte_value);
    g_test_add_func("/auth_header/many_challenges", test_many_challenges);
    g_test_add_func("/auth_header/byte_soup", test_byte_soup);
    g_test_add_func("/auth_header/find_and_get", test_find_and_get);
    g_test_add_func("/auth_header/oddity_phrases", test_oddity_phrases);
    g_test_add_func("/auth_header/oddities_append", test_oddities_append);
    g_test_add_func("/auth_header/clear_twice", test_clear_twice);
    g_test_add_func("/auth_header/param_ids", test_param_ids);

    return g_test_run();
}
