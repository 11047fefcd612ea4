/* verify.c - check digest responses against the known secrets (the
 * sipauth_credentials table): right, wrong (and why), or not checkable.
 *
 * The secrets are copied at engine_new() and wiped at engine_free(); they
 * go into digest_response() and nowhere else: no finding text, log or
 * result ever holds one.
 */
#include <string.h>

#include "digest.h"
#include "engine_internal.h"

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

static void
wipe(const char *s)
{
    if (s) {
        memset((char *)s, 0, strlen(s));
        g_free((char *)s);
    }
}

void
secrets_wipe(engine *e)
{
    for (size_t i = 0; i < e->cfg.n_credentials; i++) {
        engine_credential *c = &e->secrets[i];
        g_free((char *)c->username);
        g_free((char *)c->realm);
        wipe(c->password);
        wipe(c->ha1);
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

static void
add(engine *e, record *r, finding_id id, uint32_t frame, uint32_t count, const char *text, const char *text2)
{
    record_add_hit(e, r, (finding_hit){ .id = id, .frame = frame, .count = count, .text = engine_intern(e, text),
                                     .text2 = engine_intern(e, text2) });
}

/* Which input, changed to what the client probably used, makes the sent
 * response right?  Only with the password: an HA1 is bound to its realm. */
static char *
likely_cause(const engine *e, const engine_credential *secret, const char *server_realm, digest_input in,
             const char *sent, const sip_message *msg)
{
    if (!secret->password) {
        return g_strdup("the password behind the table's HA1 (realm, uri and username cannot be tried without the password)");
    }
    const char *realm = in.realm;
    in.ha1 = NULL;
    in.password = secret->password;
    if (realm && strcmp(realm, server_realm) != 0) {
        /* the client hashed the realm string it sent */
        if (response_matches(&in, sent)) {
            return g_strdup_printf("the realm: the digest was computed over \"%s\", the server uses \"%s\"", realm, server_realm);
        }
    }
    in.realm = server_realm;
    if (msg->request_uri && in.uri && strcmp(msg->request_uri, in.uri) != 0) {
        const char *uri = in.uri;
        in.uri = msg->request_uri;
        if (response_matches(&in, sent)) {
            return g_strdup_printf("the uri: the digest was computed over the Request-URI, not over uri=\"%s\"", uri);
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
            return g_strdup_printf("the username: the digest is right for user \"%s\", not \"%s\"", other->username, in.username);
        }
    }
    return g_strdup("the password (the digest is wrong with the realm, uri and username as sent)");
}

bool
verify_credentials(engine *e, record *r, const auth_item *item, const challenge_offer *o, uint32_t challenge_frame,
                   const sip_message *msg)
{
    const char *username = auth_item_value(item, AUTH_PARAM_USERNAME);
    const char *realm = auth_item_value(item, AUTH_PARAM_REALM);
    const char *response = auth_item_value(item, AUTH_PARAM_RESPONSE);
    const char *algorithm = auth_item_value(item, AUTH_PARAM_ALGORITHM);
    if (!auth_item_is_digest(item) || !username || !response) {
        add(e, r, FINDING_UNVERIFIABLE, 0, 0, "not Digest credentials with a username and a response", NULL);
        return false;
    }
    digest_algorithm alg = digest_algorithm_parse(algorithm);
    if (alg == DIGEST_UNSUPPORTED) {
        char *why = g_strdup_printf("algorithm %s cannot be checked", algorithm);
        add(e, r, FINDING_UNVERIFIABLE, 0, 0, why, NULL);
        g_free(why);
        return false;
    }
    const engine_credential *secret = find_secret(e, username, realm, o ? o->realm : NULL);
    if (!secret || (!secret->password && !secret->ha1)) {
        /* Every credentialed request when the table is empty: no printf. */
        char *why = g_strconcat("no password or HA1 for user \"", username, "\" realm \"", realm ? realm : "",
                                "\" in the sipauth_credentials table", NULL);
        add(e, r, FINDING_UNVERIFIABLE, 0, 0, why, NULL);
        g_free(why);
        return false;
    }
    /* The server's view: its own realm and secret, the client's other values.
     * Its realm is the table's, unless the table spells the challenged realm
     * in another letter case: realms are case-sensitive and the server's is
     * the one it challenged, so that is the table's mistake, not the
     * client's (the text says so). */
    const char *challenged = o ? o->realm : NULL;
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
        const char *why = status == DIGEST_ERR_BODY ? "qop=auth-int but the message body is not in the capture"
                        : status == DIGEST_ERR_QOP ? "unknown qop"
                        : "the credentials lack nonce, uri, cnonce or nc, or the table's HA1 does not fit the algorithm";
        add(e, r, FINDING_UNVERIFIABLE, 0, 0, why, NULL);
        return false;
    }
    bool right = digest_response_equal(response, expected);
    memset(expected, 0, sizeof expected);
    if (right) {
        record_add_hit(e, r, (finding_hit){ .id = FINDING_CREDENTIALS_VERIFIED, .frame = challenge_frame,
                                         .count = secret->password ? 0 : 1, .count2 = table_case,
                                         .text = engine_intern(e, server_realm), .text2 = engine_intern(e, username) });
        return true;
    }
    in.realm = realm ? realm : server_realm;
    char *cause = likely_cause(e, secret, server_realm, in, response, msg);
    add(e, r, FINDING_BAD_PASSWORD, challenge_frame, 0, cause, username);
    g_free(cause);
    return false;
}
