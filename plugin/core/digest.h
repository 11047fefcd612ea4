/* digest.h - the digest response a server expects (RFC 2617 §3.2.2,
 * RFC 7616 §3.4.1-§3.4.3, RFC 8760): MD5, SHA-256 and SHA-512-256, their
 * -sess variants, qop auth, auth-int and none.  Hashes come from libraries
 * (GLib's GChecksum, libgcrypt for SHA-512/256), never written by hand.
 *
 * Secrets (password, HA1) only ever flow into the hash; nothing here prints,
 * logs or keeps them.
 */
#ifndef SIPAUTH_DIGEST_H
#define SIPAUTH_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    DIGEST_MD5,
    DIGEST_MD5_SESS,
    DIGEST_SHA256,
    DIGEST_SHA256_SESS,
    DIGEST_SHA512_256,
    DIGEST_SHA512_256_SESS,
    DIGEST_UNSUPPORTED,  /* AKAv1-MD5 and anything unknown */
} digest_algorithm;

/* NULL (absent) means MD5; names compare case-insensitively. */
digest_algorithm digest_algorithm_parse(const char *name);

/* Hex digits of a response: 32 for MD5, 64 for the SHA-2 ones, 0 if unsupported. */
size_t digest_hex_length(digest_algorithm alg);

/* Longest hex string digest_response() writes, with its NUL. */
#define DIGEST_HEX_MAX 65

typedef struct {
    digest_algorithm alg;
    const char *username;
    const char *realm;
    const char *password;    /* one of password and ha1 */
    const char *ha1;         /* hex HA1 = H(username:realm:password), as stored by servers */
    const char *nonce;
    const char *cnonce;      /* with qop, and for -sess */
    const char *nc;          /* with qop */
    const char *qop;         /* "auth", "auth-int", or NULL / "" for none */
    const char *method;
    const char *uri;         /* the digest uri parameter, as the server uses it */
    const uint8_t *body;     /* auth-int: the message body as captured */
    size_t      body_len;
    bool        has_body;
} digest_input;

typedef enum {
    DIGEST_OK,
    DIGEST_ERR_ALGORITHM,    /* unsupported algorithm */
    DIGEST_ERR_QOP,          /* a qop other than auth / auth-int */
    DIGEST_ERR_BODY,         /* auth-int without the body */
    DIGEST_ERR_INPUT,        /* a required value is missing */
} digest_status;

/* The expected response as lower-case hex into out (DIGEST_HEX_MAX bytes). */
digest_status digest_response(const digest_input *in, char out[DIGEST_HEX_MAX]);

/* Compare a response as sent (hex, any case) with an expected one. */
bool digest_response_equal(const char *sent, const char *expected);

#endif
