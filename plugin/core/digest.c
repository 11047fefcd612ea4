/* digest.c - digest response computation behind digest.h. */
#include <string.h>

#include <gcrypt.h>
#include <glib.h>

#include "algorithm.h"
#include "digest.h"

/* The names, lengths and -sess flags are algorithm.c's table. */

digest_algorithm
digest_algorithm_parse(const char *name)
{
    const digest_algorithm_def *def = digest_algorithm_lookup(name);
    return def != NULL ? def->id : DIGEST_UNSUPPORTED;
}

size_t
digest_hex_length(digest_algorithm alg)
{
    const digest_algorithm_def *def = digest_algorithm_def_of(alg);
    return def != NULL ? def->hex_length : 0;
}

static bool
is_sess(digest_algorithm alg)
{
    const digest_algorithm_def *def = digest_algorithm_def_of(alg);
    return def != NULL && def->session;
}

/* One running hash.  GLib has MD5 and SHA-256 but not SHA-512/256 (SHA-512
 * with other initial values, truncated), which comes from libgcrypt, the
 * library Wireshark itself uses for it. */
typedef struct {
    digest_algorithm alg;
    GChecksum       *glib;
    gcry_md_hd_t     gcry;
} hasher;

static bool
hasher_open(hasher *h, digest_algorithm alg)
{
    memset(h, 0, sizeof *h);
    h->alg = alg;
    const digest_algorithm_def *def = digest_algorithm_def_of(alg);
    if (def == NULL) {
        return false;
    }
    switch (def->hash) {
    case DIGEST_HASH_MD5:
        h->glib = g_checksum_new(G_CHECKSUM_MD5);
        return true;
    case DIGEST_HASH_SHA256:
        h->glib = g_checksum_new(G_CHECKSUM_SHA256);
        return true;
    case DIGEST_HASH_SHA512_256:
        /* Wireshark has initialised libgcrypt; alone (unit tests) it must be. */
        if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
            gcry_check_version(NULL);
            gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
        }
        return gcry_md_open(&h->gcry, GCRY_MD_SHA512_256, 0) == 0;
    }
    return false;
}

static void
hasher_add(hasher *h, const void *data, size_t len)
{
    if (h->glib) {
        g_checksum_update(h->glib, data, (gssize)len);
    } else {
        gcry_md_write(h->gcry, data, len);
    }
}

static void
hasher_add_str(hasher *h, const char *s)
{
    hasher_add(h, s, strlen(s));
}

/* Finish into lower-case hex (out holds DIGEST_HEX_MAX) and release. */
static void
hasher_close(hasher *h, char out[DIGEST_HEX_MAX])
{
    if (h->glib) {
        g_strlcpy(out, g_checksum_get_string(h->glib), DIGEST_HEX_MAX);
        g_checksum_free(h->glib);
    } else {
        const unsigned char *raw = gcry_md_read(h->gcry, GCRY_MD_SHA512_256);
        for (size_t i = 0; i < 32; i++) {
            g_snprintf(out + 2 * i, 3, "%02x", raw[i]);
        }
        gcry_md_close(h->gcry);
    }
}

/* H(a ":" b ":" ...) of NUL-terminated parts. */
static void
hash_joined(digest_algorithm alg, const char *const *parts, size_t n, char out[DIGEST_HEX_MAX])
{
    hasher h;
    hasher_open(&h, alg);
    for (size_t i = 0; i < n; i++) {
        if (i) {
            hasher_add(&h, ":", 1);
        }
        hasher_add_str(&h, parts[i]);
    }
    hasher_close(&h, out);
}

digest_status
digest_response(const digest_input *in, char out[DIGEST_HEX_MAX])
{
    out[0] = '\0';
    size_t hex = digest_hex_length(in->alg);
    if (hex == 0) {
        return DIGEST_ERR_ALGORITHM;
    }
    const char *qop = in->qop && in->qop[0] ? in->qop : NULL;
    bool auth_int = qop && g_ascii_strcasecmp(qop, "auth-int") == 0;
    if (qop && !auth_int && g_ascii_strcasecmp(qop, "auth") != 0) {
        return DIGEST_ERR_QOP;
    }
    if (!in->nonce || !in->method || !in->uri || (!in->ha1 && !(in->password && in->username && in->realm)) ||
        (qop && (!in->cnonce || !in->nc)) || (is_sess(in->alg) && !in->cnonce)) {
        return DIGEST_ERR_INPUT;
    }
    if (auth_int && !in->has_body) {
        return DIGEST_ERR_BODY;
    }
    if (in->ha1 && strlen(in->ha1) != hex) {
        return DIGEST_ERR_INPUT; /* an HA1 of another algorithm */
    }

    char ha1[DIGEST_HEX_MAX], ha2[DIGEST_HEX_MAX];
    if (in->ha1) {
        g_strlcpy(ha1, in->ha1, sizeof ha1);
        for (char *c = ha1; *c; c++) {
            *c = g_ascii_tolower(*c);
        }
    } else {
        const char *parts[] = { in->username, in->realm, in->password };
        hash_joined(in->alg, parts, 3, ha1);
    }
    if (is_sess(in->alg)) {
        const char *parts[] = { ha1, in->nonce, in->cnonce };
        char sess[DIGEST_HEX_MAX];
        hash_joined(in->alg, parts, 3, sess);
        memcpy(ha1, sess, sizeof ha1);
    }
    if (auth_int) {
        char body_hash[DIGEST_HEX_MAX];
        hasher h;
        hasher_open(&h, in->alg);
        hasher_add(&h, in->body ? (const void *)in->body : "", in->body ? in->body_len : 0);
        hasher_close(&h, body_hash);
        const char *parts[] = { in->method, in->uri, body_hash };
        hash_joined(in->alg, parts, 3, ha2);
    } else {
        const char *parts[] = { in->method, in->uri };
        hash_joined(in->alg, parts, 2, ha2);
    }
    if (qop) {
        const char *parts[] = { ha1, in->nonce, in->nc, in->cnonce, qop, ha2 };
        hash_joined(in->alg, parts, 6, out);
    } else {
        const char *parts[] = { ha1, in->nonce, ha2 };
        hash_joined(in->alg, parts, 3, out);
    }
    /* HA1 is as good as the password: do not leave it on the stack. */
    memset(ha1, 0, sizeof ha1);
    return DIGEST_OK;
}

bool
digest_response_equal(const char *sent, const char *expected)
{
    return sent && expected && g_ascii_strcasecmp(sent, expected) == 0;
}
