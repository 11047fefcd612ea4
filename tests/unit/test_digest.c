/* test_digest.c - the digest response computation (core/digest.c).
 *
 * Published vectors (RFC 2617 §3.5; RFC 7616 §3.9.1 as corrected by its
 * errata: the password is "Circle of Life"), then every algorithm x qop x
 * -sess combination against an independent computation made here with the
 * openssl command line tool, step by step from the RFC 7616 formulas.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "digest.h"

static void
test_rfc2617_vector(void)
{
    char out[DIGEST_HEX_MAX];
    digest_input in = { .alg = DIGEST_MD5, .username = "Mufasa", .realm = "testrealm@host.com",
                        .password = "Circle Of Life", .nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                        .cnonce = "0a4f113b", .nc = "00000001", .qop = "auth", .method = "GET",
                        .uri = "/dir/index.html" };
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_OK);
    g_assert_cmpstr(out, ==, "6629fae49393a05397450978507c4ef1");
}

static digest_input
rfc7616_input(digest_algorithm alg)
{
    return (digest_input){ .alg = alg, .username = "Mufasa", .realm = "http-auth@example.org",
                           .password = "Circle of Life", .nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                           .cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", .nc = "00000001", .qop = "auth",
                           .method = "GET", .uri = "/dir/index.html" };
}

static void
test_rfc7616_vectors(void)
{
    char out[DIGEST_HEX_MAX];
    digest_input md5 = rfc7616_input(DIGEST_MD5);
    g_assert_cmpint(digest_response(&md5, out), ==, DIGEST_OK);
    g_assert_cmpstr(out, ==, "8ca523f5e9506fed4657c9700eebdbec");
    digest_input sha = rfc7616_input(DIGEST_SHA256);
    g_assert_cmpint(digest_response(&sha, out), ==, DIGEST_OK);
    g_assert_cmpstr(out, ==, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

/* H(data) by `openssl dgst`, from a file so that any byte goes through. */
static char *
openssl_hash(const char *dgst, const void *data, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp("sipauth-digest-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    g_close(fd, NULL);
    char *argv[] = { "openssl", "dgst", (char *)dgst, "-r", path, NULL };
    char *out = NULL;
    int status = 0;
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    g_unlink(path);
    g_free(path);
    char *space = strchr(out, ' ');
    g_assert_nonnull(space);
    *space = '\0';
    return out;
}

static char *
openssl_join(const char *dgst, const char *const *parts)
{
    char *joined = g_strjoinv(":", (char **)parts);
    char *hash = openssl_hash(dgst, joined, strlen(joined));
    g_free(joined);
    return hash;
}

static const struct {
    digest_algorithm alg;
    const char      *openssl;
    bool             sess;
} algorithms[] = {
    { DIGEST_MD5, "-md5", false },           { DIGEST_MD5_SESS, "-md5", true },
    { DIGEST_SHA256, "-sha256", false },     { DIGEST_SHA256_SESS, "-sha256", true },
    { DIGEST_SHA512_256, "-sha512-256", false }, { DIGEST_SHA512_256_SESS, "-sha512-256", true },
};

static void
test_every_combination_against_openssl(void)
{
    static const uint8_t body[] = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\n\0binary\xff";
    const char *qops[] = { "auth", "auth-int", NULL };
    for (size_t a = 0; a < G_N_ELEMENTS(algorithms); a++) {
        for (size_t q = 0; q < G_N_ELEMENTS(qops); q++) {
            digest_input in = { .alg = algorithms[a].alg, .username = "alice", .realm = "proxy.sipauth.test",
                                .password = "pa:ss w\xc3\xb6rd", .nonce = "bm9uY2U=", .cnonce = "0a4f113b",
                                .nc = "0000002a", .qop = qops[q], .method = "INVITE", .uri = "sip:bob@127.0.0.1",
                                .body = body, .body_len = sizeof body - 1, .has_body = true };
            char out[DIGEST_HEX_MAX];
            g_assert_cmpint(digest_response(&in, out), ==, DIGEST_OK);

            const char *dg = algorithms[a].openssl;
            const char *p1[] = { in.username, in.realm, in.password, NULL };
            char *ha1 = openssl_join(dg, p1);
            if (algorithms[a].sess) {
                const char *p[] = { ha1, in.nonce, in.cnonce, NULL };
                char *sess = openssl_join(dg, p);
                g_free(ha1);
                ha1 = sess;
            }
            char *ha2;
            if (qops[q] && strcmp(qops[q], "auth-int") == 0) {
                char *hbody = openssl_hash(dg, body, sizeof body - 1);
                const char *p[] = { in.method, in.uri, hbody, NULL };
                ha2 = openssl_join(dg, p);
                g_free(hbody);
            } else {
                const char *p[] = { in.method, in.uri, NULL };
                ha2 = openssl_join(dg, p);
            }
            char *want;
            if (qops[q]) {
                const char *p[] = { ha1, in.nonce, in.nc, in.cnonce, qops[q], ha2, NULL };
                want = openssl_join(dg, p);
            } else {
                const char *p[] = { ha1, in.nonce, ha2, NULL };
                want = openssl_join(dg, p);
            }
            g_test_message("%s %s: %s", dg, qops[q] ? qops[q] : "(no qop)", want);
            g_assert_cmpstr(out, ==, want);
            g_assert_cmpuint(strlen(out), ==, digest_hex_length(in.alg));

            /* the same with the HA1 a server stores instead of the password */
            if (!algorithms[a].sess) {
                digest_input by_ha1 = in;
                by_ha1.password = NULL;
                by_ha1.ha1 = ha1;
                char out2[DIGEST_HEX_MAX];
                g_assert_cmpint(digest_response(&by_ha1, out2), ==, DIGEST_OK);
                g_assert_cmpstr(out2, ==, want);
            }
            g_free(ha1);
            g_free(ha2);
            g_free(want);
        }
    }
}

static void
test_what_cannot_be_computed(void)
{
    char out[DIGEST_HEX_MAX];
    digest_input in = rfc7616_input(DIGEST_MD5);
    in.qop = "auth-int";
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_ERR_BODY);
    in.has_body = true; /* empty body: H("") */
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_OK);
    in.qop = "auth-conf";
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_ERR_QOP);
    in = rfc7616_input(DIGEST_UNSUPPORTED);
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_ERR_ALGORITHM);
    in = rfc7616_input(DIGEST_MD5);
    in.cnonce = NULL;
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_ERR_INPUT);
    in = rfc7616_input(DIGEST_SHA256);
    in.password = NULL;
    in.ha1 = "0123456789abcdef0123456789abcdef"; /* an MD5-sized HA1 for SHA-256 */
    g_assert_cmpint(digest_response(&in, out), ==, DIGEST_ERR_INPUT);
}

static void
test_algorithm_names(void)
{
    g_assert_cmpint(digest_algorithm_parse(NULL), ==, DIGEST_MD5);
    g_assert_cmpint(digest_algorithm_parse("md5"), ==, DIGEST_MD5);
    g_assert_cmpint(digest_algorithm_parse("SHA-512-256-sess"), ==, DIGEST_SHA512_256_SESS);
    g_assert_cmpint(digest_algorithm_parse("AKAv1-MD5"), ==, DIGEST_UNSUPPORTED);
    g_assert_true(digest_response_equal("8CA523F5E9506FED4657C9700EEBDBEC", "8ca523f5e9506fed4657c9700eebdbec"));
    g_assert_false(digest_response_equal(NULL, "8ca5"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/digest/rfc2617_vector", test_rfc2617_vector);
    g_test_add_func("/digest/rfc7616_vectors", test_rfc7616_vectors);
    g_test_add_func("/digest/every_combination_against_openssl", test_every_combination_against_openssl);
    g_test_add_func("/digest/what_cannot_be_computed", test_what_cannot_be_computed);
    g_test_add_func("/digest/algorithm_names", test_algorithm_names);
    return g_test_run();
}
