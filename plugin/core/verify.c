/* verify.c - check digest responses against the known secrets (the
 * sipauth_credentials table): right, wrong (and why), or not checkable.
 *
 * The secrets are copied at engine_new() and wiped at engine_free(); they
 * go into digest_response() and nowhere else: no finding text, log or
 * result ever holds one.
 */
#include <string.h>

#include "digest.h"
#include "verify.h"

static char *
dup_or_null(const char *s)
{
    return s && s[0] ? g_strdup(s) : NULL;
}

void
secrets_copy(engine *e)
{
    size_t n = e->cfg.n_credentials;
    e->secrets = n ? g_new0(engine_credential, n) : NULL;
    for (size_t i = 0; i < n; i++) {
        const engine_credential *c = &e->cfg.credentials[i];
        e->secrets[i] = (engine_credential){ dup_or_null(c->username), dup_or_null(c->realm),
                                             dup_or_null(c->password), dup_or_null(c->ha1) };
    }
    e->cfg.credentials = e->secrets; /* the caller's copy may go away */
}

void
secrets_wipe(engine *e)
{
    for (size_t i = 0; i < e->cfg.n_credentials; i++) {
        engine_credential *c = &e->secrets[i];
        g_free((char *)c->username);
        g_free((char *)c->realm);
        secret_free((char *)c->password);
        secret_free((char *)c->ha1);
    }
    g_free(e->secrets);
    e->secrets = NULL;
    e->cfg.credentials = NULL;
    e->cfg.n_credentials = 0;
}

/* The table entry for this user: the realm the credentials name, else the
 * realm challenged, else one that differs only in case. */
static const engine_credential *
find_secret(const engine *e, const char *username, const char *realm, const char *challenged_realm)
{
    const char *tries[] = { realm, challenged_realm };
    for (size_t t = 0; t < G_N_ELEMENTS(tries); t++) {
        for (size_t i = 0; tries[t] && i < e->cfg.n_credentials; i++) {
            const engine_credential *c = &e->secrets[i];
            if (c->username && c->realm && strcmp(c->username, username) == 0 && strcmp(c->realm, tries[t]) == 0) {
                return c;
            }
        }
    }
    for (size_t i = 0; realm && i < e->cfg.n_credentials; i++) {
        const engine_credential *c = &e->secrets[i];
        if (c->username && c->realm && strcmp(c->username, username) == 0 && g_ascii_strcasecmp(c->realm, realm) == 0) {
            return c;
        }
    }
    return NULL;
}

static bool
response_matches(const digest_input *in, const char *sent)
{
    char expected[DIGEST_HEX_MAX];
    bool match = digest_response(in, expected) == DIGEST_OK && digest_response_equal(sent, expected);
    memset(expected, 0, sizeof expected);
    return match;
}

static verify_cause
unchecked(engine *e, record *r, unchecked_cause cause, verify_cause verdict, const char *detail, const char *detail2)
{
    record_add_hit(e, r, (finding_hit){ .id = FINDING_UNVERIFIABLE, .u.unverifiable = {
                                     .cause = cause, .detail = istr_str(engine_intern(e, detail)), .detail2 = istr_str(engine_intern(e, detail2)) } });
    return verdict;
}

/* Which input, changed to what the client probably used, makes the sent
 * response right?  Only with the password: an HA1 is bound to its realm.
 * The details the text names are set in *hit (interned). */
static void
likely_cause(engine *e, const engine_credential *secret, const char *server_realm, digest_input in,
             const char *sent, const sip_message *msg, finding_hit *hit)
{
    if (!secret->password) {
        hit->u.bad_password.cause = WRONG_HA1_ONLY;
        return;
    }
    const char *realm = in.realm;
    in.ha1 = NULL;
    in.password = secret->password;
    if (realm && strcmp(realm, server_realm) != 0) {
        /* the client hashed the realm string it sent */
        if (response_matches(&in, sent)) {
            hit->u.bad_password.cause = WRONG_REALM;
            hit->u.bad_password.detail = istr_str(engine_intern(e, realm));
            hit->u.bad_password.detail2 = istr_str(engine_intern(e, server_realm));
            return;
        }
    }
    in.realm = server_realm;
    if (msg->request_uri && in.uri && strcmp(msg->request_uri, in.uri) != 0) {
        const char *uri = in.uri;
        in.uri = msg->request_uri;
        if (response_matches(&in, sent)) {
            hit->u.bad_password.cause = WRONG_URI;
            hit->u.bad_password.detail = istr_str(engine_intern(e, uri));
            return;
        }
        in.uri = uri;
    }
    for (size_t i = 0; i < e->cfg.n_credentials; i++) {
        const engine_credential *other = &e->secrets[i];
        if (other == secret || !other->password || !other->username || !other->realm ||
            strcmp(other->realm, secret->realm) != 0) {
            continue;
        }
        digest_input alt = in;
        alt.username = other->username;
        alt.password = other->password;
        if (response_matches(&alt, sent)) {
            hit->u.bad_password.cause = WRONG_USERNAME;
            hit->u.bad_password.detail = istr_str(engine_intern(e, other->username));
            hit->u.bad_password.detail2 = istr_str(engine_intern(e, in.username));
            return;
        }
    }
    hit->u.bad_password.cause = WRONG_PASSWORD;
}

verify_cause
verify_credentials(engine *e, record *r, const auth_item *item, const challenge_offer *o, uint32_t challenge_frame,
                   const sip_message *msg)
{
    const char *username = auth_item_value(item, AUTH_PARAM_USERNAME);
    const char *realm = auth_item_value(item, AUTH_PARAM_REALM);
    const char *response = auth_item_value(item, AUTH_PARAM_RESPONSE);
    const char *algorithm = auth_item_value(item, AUTH_PARAM_ALGORITHM);
    if (!auth_item_is_digest(item) || !username || !response) {
        return unchecked(e, r, UNCHECKED_NOT_DIGEST, VERIFY_NOT_DIGEST, NULL, NULL);
    }
    digest_algorithm alg = digest_algorithm_parse(algorithm);
    if (alg == DIGEST_UNSUPPORTED) {
        return unchecked(e, r, UNCHECKED_ALGORITHM, VERIFY_ALGORITHM, algorithm, NULL);
    }
    const engine_credential *secret = find_secret(e, username, realm, o ? istr_str(o->realm) : NULL);
    if (!secret || (!secret->password && !secret->ha1)) {
        /* Every credentialed request when the table is empty: no text is
         * made until the finding is shown. */
        return unchecked(e, r, UNCHECKED_NO_SECRET, VERIFY_NO_SECRET, username, realm ? realm : "");
    }
    /* The server's view: its own realm and secret, the client's other values.
     * Its realm is the table's, unless the table spells the challenged realm
     * in another letter case: realms are case-sensitive and the server's is
     * the one it challenged, so that is the table's mistake, not the
     * client's (the text says so). */
    const char *challenged = istr_str(o ? o->realm : NULL);
    const bool table_case = challenged && strcmp(secret->realm, challenged) != 0 &&
                            g_ascii_strcasecmp(secret->realm, challenged) == 0;
    const char *server_realm = table_case ? challenged : secret->realm;
    digest_input in = {
        .alg = alg, .username = username, .realm = server_realm, .password = secret->password,
        .ha1 = secret->password ? NULL : secret->ha1,
        .nonce = auth_item_value(item, AUTH_PARAM_NONCE), .cnonce = auth_item_value(item, AUTH_PARAM_CNONCE), .nc = auth_item_value(item, AUTH_PARAM_NC),
        .qop = auth_item_value(item, AUTH_PARAM_QOP), .method = msg->method, .uri = auth_item_value(item, AUTH_PARAM_URI),
        .body = msg->body, .body_len = msg->body_len, .has_body = msg->has_body,
    };
    char expected[DIGEST_HEX_MAX];
    digest_status status = digest_response(&in, expected);
    if (status != DIGEST_OK) {
        return status == DIGEST_ERR_BODY ? unchecked(e, r, UNCHECKED_NO_BODY, VERIFY_NO_BODY, NULL, NULL)
             : status == DIGEST_ERR_QOP  ? unchecked(e, r, UNCHECKED_UNKNOWN_QOP, VERIFY_UNKNOWN_QOP, NULL, NULL)
             : unchecked(e, r, UNCHECKED_INCOMPLETE, VERIFY_INCOMPLETE, NULL, NULL);
    }
    bool right = digest_response_equal(response, expected);
    memset(expected, 0, sizeof expected);
    if (right) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_CREDENTIALS_VERIFIED, .frame = challenge_frame,
                                         .u.credentials_verified = { .with_ha1 = !secret->password, .table_case = table_case,
                                                                     .realm = istr_str(engine_intern(e, server_realm)),
                                                                     .username = istr_str(engine_intern(e, username)) } });
        return VERIFY_RIGHT;
    }
    in.realm = realm ? realm : server_realm;
    finding_hit hit = { .id = FINDING_BAD_PASSWORD, .frame = challenge_frame,
                        .u.bad_password.username = istr_str(engine_intern(e, username)) };
    likely_cause(e, secret, server_realm, in, response, msg, &hit);
    record_add_hit(e, r, hit);
    return VERIFY_WRONG;
}
