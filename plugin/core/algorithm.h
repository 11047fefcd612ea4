/* algorithm.h - the digest algorithm vocabulary, written once.
 *
 * One row per algorithm name sipauth knows: the six of the IANA registry
 * (RFC 7616 §6.1, RFC 8760 for SIP) and the AKA ones of 3GPP (RFC 3310,
 * RFC 4169).  The parser (which spelling is canonical), the digest
 * computation (which hash, -sess or not) and the rules (how long a response
 * is, whether it can be verified) all read this table.
 *
 * Names match exactly, in any ASCII letter case: RFC 7616's grammar writes
 * them as ABNF literals, which are case-insensitive (RFC 5234 §2.3), and an
 * unknown token such as "MD5-foo" is an algorithm of its own, which a
 * client must not answer (RFC 7616 §3.3: "If the algorithm is not
 * understood, the challenge SHOULD be ignored"): no prefix matching.
 */
#ifndef SIPAUTH_ALGORITHM_H
#define SIPAUTH_ALGORITHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digest.h"

/* The hash function H() an algorithm is built on. */
typedef enum {
    DIGEST_HASH_MD5,
    DIGEST_HASH_SHA256,
    DIGEST_HASH_SHA512_256,  /* SHA-512/256 (FIPS 180-4), not truncated SHA-512 */
} digest_hash;

typedef struct {
    const char      *name;        /* the canonical spelling, as the registry writes it */
    digest_algorithm id;          /* DIGEST_UNSUPPORTED: known, but sipauth cannot compute it
                                     (AKA hashes a RES only the SIM and the network know) */
    digest_hash      hash;        /* H() */
    uint8_t          hex_length;  /* hex digits of H(), hence of HA1 and of a response */
    bool             session;     /* -sess: HA1 = H(H(user:realm:password):nonce:cnonce) */
} digest_algorithm_def;

/* The algorithm meant when a challenge or credentials name none (RFC 7616 §3.3). */
#define DIGEST_ALGORITHM_DEFAULT "MD5"

extern const digest_algorithm_def digest_algorithm_defs[];
extern const size_t digest_algorithm_def_count;

/* The row of name (exact, ASCII case-insensitive); NULL, meaning absent,
 * gives the MD5 row; NULL if sipauth does not know the name. */
const digest_algorithm_def *digest_algorithm_lookup(const char *name);

/* The row of a computable algorithm; NULL for DIGEST_UNSUPPORTED. */
const digest_algorithm_def *digest_algorithm_def_of(digest_algorithm id);

/* Can sipauth compute responses of name (absent: MD5)? */
bool digest_algorithm_verifiable(const char *name);

/* Hex digits a response to name (absent: MD5) must have, or 0 when sipauth
 * makes no rule: unknown names, and AKA, which it cannot compute. */
size_t digest_algorithm_response_length(const char *name);

/* Do a and b name the same algorithm?  Absent means MD5, and names compare
 * whole, in any letter case, so two unknown names can still be the same. */
bool digest_algorithm_same(const char *a, const char *b);

/* name written in another letter case than its row's ("md5", "sha-256")?
 * false for unknown names, which have no canonical spelling. */
bool digest_algorithm_case_differs(const char *name);

#endif
