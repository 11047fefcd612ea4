/* test_vocab.c - the three vocabulary tables of the core: digest algorithms
 * (algorithm.h), auth-params (auth_param.h) and auth headers
 * (header_kind.h).  Each table is the only place its words are written,
 * so these tests check the rows against each other and against the RFCs'
 * spelling, and pin the lookups the rules use.
 */
#include <string.h>

#include <glib.h>

#include "algorithm.h"
#include "auth_param.h"
#include "digest.h"
#include "header_kind.h"

/* ---- algorithms ---------------------------------------------------------- */

static void
test_algorithm_rows(void)
{
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        const digest_algorithm_def *def = &digest_algorithm_defs[i];
        /* each name finds its own row, in any letter case */
        g_assert_true(digest_algorithm_lookup(def->name) == def);
        char *lower = g_ascii_strdown(def->name, -1), *upper = g_ascii_strup(def->name, -1);
        g_assert_true(digest_algorithm_lookup(lower) == def);
        g_assert_true(digest_algorithm_lookup(upper) == def);
        g_free(lower);
        g_free(upper);
        /* -sess in the name exactly when the row says so */
        g_assert_cmpint(g_str_has_suffix(def->name, "-sess"), ==, def->session);
        g_assert_cmpuint(def->hex_length, ==, def->hash == DIGEST_HASH_MD5 ? 32 : 64);
        g_assert_cmpuint(def->hex_length + 1, <=, DIGEST_HEX_MAX);
        if (def->id != DIGEST_UNSUPPORTED) {
            g_assert_true(digest_algorithm_def_of(def->id) == def);
            g_assert_cmpint(digest_algorithm_parse(def->name), ==, def->id);
            g_assert_cmpuint(digest_hex_length(def->id), ==, def->hex_length);
        }
    }
    g_assert_cmpstr(digest_algorithm_lookup(NULL)->name, ==, DIGEST_ALGORITHM_DEFAULT);
    g_assert_null(digest_algorithm_def_of(DIGEST_UNSUPPORTED));
    g_assert_cmpuint(digest_hex_length(DIGEST_UNSUPPORTED), ==, 0);
}

/* What credentials.c's response-length rule did before the table: a prefix
 * match.  Kept here to pin where it and the table's exact match part. */
static size_t
prefix_rule(const char *algorithm)
{
    if (!algorithm || g_ascii_strncasecmp(algorithm, "MD5", 3) == 0) {
        return 32;
    }
    if (g_ascii_strncasecmp(algorithm, "SHA-256", 7) == 0 || g_ascii_strncasecmp(algorithm, "SHA-512-256", 11) == 0) {
        return 64;
    }
    return 0;
}

static void
test_algorithm_lookups(void)
{
    /* absent means MD5 (RFC 7616 §3.3); letter case does not matter */
    g_assert_cmpuint(digest_algorithm_response_length(NULL), ==, 32);
    g_assert_cmpuint(digest_algorithm_response_length("md5"), ==, 32);
    g_assert_cmpuint(digest_algorithm_response_length("sha-512-256-SESS"), ==, 64);
    /* AKA is known, spelled canonically or not, but not computed: no length rule */
    g_assert_nonnull(digest_algorithm_lookup("akav1-md5"));
    g_assert_false(digest_algorithm_verifiable("AKAv1-MD5"));
    g_assert_cmpuint(digest_algorithm_response_length("AKAv1-MD5"), ==, 0);
    g_assert_cmpint(digest_algorithm_parse("AKAv2-MD5"), ==, DIGEST_UNSUPPORTED);
    /* unknown tokens are their own algorithms, never a known one's variant */
    static const char *const unknown[] = { "", "MD5-foo", "md5x", "MD5-sess-2", "SHA-256x", "SHA-512-256-bar",
                                           "SHA-512", "SHA256", "AKAv3-MD5", " MD5" };
    for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++) {
        g_assert_null(digest_algorithm_lookup(unknown[i]));
        g_assert_false(digest_algorithm_verifiable(unknown[i]));
        g_assert_cmpuint(digest_algorithm_response_length(unknown[i]), ==, 0);
        g_assert_false(digest_algorithm_case_differs(unknown[i]));
    }
    /* the old prefix rule agrees on every known name in every case... */
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        char *lower = g_ascii_strdown(digest_algorithm_defs[i].name, -1);
        g_assert_cmpuint(prefix_rule(lower), ==, digest_algorithm_response_length(lower));
        g_free(lower);
    }
    g_assert_cmpuint(prefix_rule(NULL), ==, digest_algorithm_response_length(NULL));
    /* ...and differs only on unknown names that begin like a known one */
    g_assert_cmpuint(prefix_rule("MD5-foo"), ==, 32);
    g_assert_cmpuint(prefix_rule("md5x"), ==, 32);
    g_assert_cmpuint(prefix_rule("SHA-256x"), ==, 64);
    g_assert_cmpuint(prefix_rule("SHA-512-256-bar"), ==, 64);
    g_assert_cmpuint(prefix_rule("SHA-512"), ==, 0);

    g_assert_true(digest_algorithm_same(NULL, "md5"));
    g_assert_true(digest_algorithm_same("MD5-foo", "md5-FOO"));
    g_assert_false(digest_algorithm_same(NULL, "MD5-sess"));
    g_assert_true(digest_algorithm_case_differs("md5"));
    g_assert_true(digest_algorithm_case_differs("SHA-256-SESS"));
    g_assert_false(digest_algorithm_case_differs("SHA-256-sess"));
    g_assert_false(digest_algorithm_case_differs(NULL));
}

/* ---- auth-params ---------------------------------------------------------- */

static void
test_param_rows(void)
{
    g_assert_cmpstr(auth_param_defs[AUTH_PARAM_OTHER].name, ==, "");
    for (int id = 0; id < AUTH_PARAM_COUNT; id++) {
        const auth_param_def *def = &auth_param_defs[id];
        g_assert_cmpint(def->id, ==, id);
        g_assert_cmpuint(def->name_len, ==, strlen(def->name));
        g_assert_true(auth_param_def_of((auth_param_id)id) == def);
        if (id == AUTH_PARAM_OTHER) {
            continue;
        }
        for (const char *c = def->name; *c; c++) {
            g_assert_true(g_ascii_islower(*c)); /* lookups compare against lower case */
        }
        char *upper = g_ascii_strup(def->name, -1);
        g_assert_cmpint(auth_param_lookup(upper, def->name_len), ==, id);
        g_assert_cmpint(auth_param_lookup(upper, def->name_len - 1), !=, id);
        g_free(upper);
    }
    g_assert_cmpint(auth_param_lookup("", 0), ==, AUTH_PARAM_OTHER);
    g_assert_cmpint(auth_param_lookup(NULL, 3), ==, AUTH_PARAM_OTHER);
    g_assert_cmpint(auth_param_lookup("userhash", 8), ==, AUTH_PARAM_OTHER);
    g_assert_true(auth_param_def_of(AUTH_PARAM_COUNT) == &auth_param_defs[AUTH_PARAM_OTHER]);
}

static void
test_param_syntax(void)
{
    /* qop alone is written differently in a challenge and in credentials */
    for (int id = 0; id < AUTH_PARAM_COUNT; id++) {
        const auth_param_def *def = &auth_param_defs[id];
        g_assert_cmpint(def->challenge != def->credentials, ==, id == AUTH_PARAM_QOP);
    }
    g_assert_cmpint(auth_param_syntax_anywhere(AUTH_PARAM_QOP), ==, AUTH_VALUE_ANY);
    g_assert_cmpint(auth_param_syntax_anywhere(AUTH_PARAM_ALGORITHM), ==, AUTH_VALUE_TOKEN);
    g_assert_cmpint(auth_param_syntax_anywhere(AUTH_PARAM_REALM), ==, AUTH_VALUE_QUOTED);
    g_assert_true(auth_param_misquoted(AUTH_PARAM_QOP, true, false));   /* qop="auth" in credentials */
    g_assert_false(auth_param_misquoted(AUTH_PARAM_QOP, true, true));   /* qop="auth" in a challenge */
    g_assert_true(auth_param_misquoted(AUTH_PARAM_QOP, false, true));   /* qop=auth in a challenge */
    g_assert_true(auth_param_misquoted(AUTH_PARAM_REALM, false, true));
    g_assert_false(auth_param_misquoted(AUTH_PARAM_OTHER, true, true));
}

/* The fields sipauth.auth.<name>: their names and order are public. */
static void
test_param_fields(void)
{
    GString *names = g_string_new(NULL);
    for (int id = 0; id < AUTH_PARAM_COUNT; id++) {
        if (auth_param_defs[id].field_label) {
            g_string_append_printf(names, "%s%s", names->len ? " " : "", auth_param_defs[id].name);
        }
    }
    g_assert_cmpstr(names->str, ==, "realm nonce algorithm qop opaque stale domain username uri response cnonce nc");
    g_string_free(names, TRUE);
}

/* ---- auth headers ---------------------------------------------------------- */

static void
test_header_kinds(void)
{
    for (int k = 0; k < AUTH_HDR_COUNT; k++) {
        const auth_header_kind kind = (auth_header_kind)k;
        const auth_header_kind_def *def = &auth_header_kind_defs[k];
        g_assert_cmpint(def->kind, ==, kind);
        g_assert_cmpuint(def->name_len, ==, strlen(def->name));
        g_assert_cmpint(auth_header_kind_is_challenge(kind), ==, g_str_has_suffix(def->name, "-Authenticate"));
        g_assert_cmpint(auth_header_kind_is_proxy(kind), ==, g_str_has_prefix(def->name, "Proxy-"));
        g_assert_cmpuint(auth_header_kind_status(kind), ==, def->proxy ? 407 : 401);
        /* pairs go both ways, challenge to credentials, proxy with proxy */
        const auth_header_kind pair = auth_header_kind_pair(kind);
        g_assert_cmpint(auth_header_kind_pair(pair), ==, kind);
        g_assert_cmpint(auth_header_kind_is_challenge(pair), !=, def->challenge);
        g_assert_cmpint(auth_header_kind_is_proxy(pair), ==, def->proxy);
        g_assert_cmpint(auth_header_kind_of_status(def->status, def->challenge), ==, kind);
        auth_header_kind found = AUTH_HDR_COUNT;
        char *lower = g_ascii_strdown(def->name, -1);
        g_assert_true(auth_header_kind_lookup(lower, def->name_len, &found));
        g_assert_cmpint(found, ==, kind);
        g_free(lower);
    }
    g_assert_cmpstr(auth_header_kind_name(AUTH_HDR_PROXY_AUTHORIZATION), ==, "Proxy-Authorization");
    g_assert_cmpstr(auth_header_kind_name(AUTH_HDR_COUNT), ==, "?");
    g_assert_false(auth_header_kind_is_challenge(AUTH_HDR_COUNT));
    /* any status but 407 reads as 401's headers, as the rules always have */
    g_assert_cmpint(auth_header_kind_of_status(0, true), ==, AUTH_HDR_WWW_AUTHENTICATE);
    g_assert_cmpint(auth_header_kind_of_status(403, false), ==, AUTH_HDR_AUTHORIZATION);
    auth_header_kind untouched = AUTH_HDR_COUNT;
    g_assert_false(auth_header_kind_lookup("Authorizatio", 12, &untouched));
    g_assert_false(auth_header_kind_lookup("Proxy-Authorization", 13, &untouched));
    g_assert_cmpint(untouched, ==, AUTH_HDR_COUNT);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vocab/algorithm/rows", test_algorithm_rows);
    g_test_add_func("/vocab/algorithm/lookups", test_algorithm_lookups);
    g_test_add_func("/vocab/param/rows", test_param_rows);
    g_test_add_func("/vocab/param/syntax", test_param_syntax);
    g_test_add_func("/vocab/param/fields", test_param_fields);
    g_test_add_func("/vocab/header_kind/rows", test_header_kinds);
    return g_test_run();
}
