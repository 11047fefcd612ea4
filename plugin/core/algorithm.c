/* algorithm.c - the digest algorithm table behind algorithm.h. */
#include <string.h>

#include <glib.h>

#include "algorithm.h"

/* The absent algorithm's row comes first: digest_algorithm_lookup(NULL). */
const digest_algorithm_def digest_algorithm_defs[] = {
    { "MD5",              DIGEST_MD5,             DIGEST_HASH_MD5,        32, false },
    { "MD5-sess",         DIGEST_MD5_SESS,        DIGEST_HASH_MD5,        32, true },
    { "SHA-256",          DIGEST_SHA256,          DIGEST_HASH_SHA256,     64, false },
    { "SHA-256-sess",     DIGEST_SHA256_SESS,     DIGEST_HASH_SHA256,     64, true },
    { "SHA-512-256",      DIGEST_SHA512_256,      DIGEST_HASH_SHA512_256, 64, false },
    { "SHA-512-256-sess", DIGEST_SHA512_256_SESS, DIGEST_HASH_SHA512_256, 64, true },
    /* RFC 3310 §3.1, RFC 4169: the response is an MD5 digest keyed with RES */
    { "AKAv1-MD5",        DIGEST_UNSUPPORTED,     DIGEST_HASH_MD5,        32, false },
    { "AKAv2-MD5",        DIGEST_UNSUPPORTED,     DIGEST_HASH_MD5,        32, false },
};
const size_t digest_algorithm_def_count = G_N_ELEMENTS(digest_algorithm_defs);

const digest_algorithm_def *
digest_algorithm_lookup(const char *name)
{
    if (name == NULL) {
        return &digest_algorithm_defs[0];
    }
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        if (g_ascii_strcasecmp(digest_algorithm_defs[i].name, name) == 0) {
            return &digest_algorithm_defs[i];
        }
    }
    return NULL;
}

const digest_algorithm_def *
digest_algorithm_def_of(digest_algorithm id)
{
    if (id == DIGEST_UNSUPPORTED) {
        return NULL;
    }
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        if (digest_algorithm_defs[i].id == id) {
            return &digest_algorithm_defs[i];
        }
    }
    return NULL;
}

bool
digest_algorithm_verifiable(const char *name)
{
    const digest_algorithm_def *def = digest_algorithm_lookup(name);
    return def != NULL && def->id != DIGEST_UNSUPPORTED;
}

size_t
digest_algorithm_response_length(const char *name)
{
    return digest_algorithm_verifiable(name) ? digest_algorithm_lookup(name)->hex_length : 0;
}

bool
digest_algorithm_same(const char *a, const char *b)
{
    return g_ascii_strcasecmp(a ? a : DIGEST_ALGORITHM_DEFAULT, b ? b : DIGEST_ALGORITHM_DEFAULT) == 0;
}

bool
digest_algorithm_case_differs(const char *name)
{
    const digest_algorithm_def *def = name != NULL ? digest_algorithm_lookup(name) : NULL;
    return def != NULL && strcmp(def->name, name) != 0;
}
