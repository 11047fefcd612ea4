/* fuzz_auth_header.c - libFuzzer harness for the auth-header parser.
 *
 * The input is one header value, arbitrary bytes.  It is parsed from an
 * exact-size heap copy (the glue hands the parser values that are not
 * NUL-terminated, so an over-read must reach AddressSanitizer), every part
 * of the result is walked and every accessor is called on it.
 *
 * The parser does not know whether a value is a challenge or credentials:
 * the engine decides that from the header's name.  So the same value is then
 * fed to a small engine twice over, as the challenge of a 407 and a 401 and
 * as the credentials of the retries answering them, with a credentials table
 * whose users the fuzzer can find, so that the engine's reading of hostile
 * values (offers, nonce lookup, digest verification, syntax notes, finding
 * texts) is fuzzed with the parser.  Everything is freed before returning:
 * deterministic and leak-free, so LeakSanitizer reports only real leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "auth_header.h"
#include "digest.h"
#include "engine.h"
#include "finding.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* GLib < 2.76 caches freed slices: plain malloc lets ASan see them. */
    g_setenv("G_SLICE", "always-malloc", FALSE);
    return 0;
}

/* Read every byte of s, so that a dangling or unterminated string is an
 * ASan report here rather than silently accepted. */
static size_t
touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static const char *const param_names[] = {
    "realm", "nonce", "algorithm", "qop", "opaque", "stale", "domain", "username", "uri",
    "response", "cnonce", "nc", "nextnonce", "rspauth", "userhash", "charset", "",
};

static size_t
walk(const auth_header *h)
{
    size_t sum = h->n_items + h->oddities;
    for (size_t i = 0; i < h->n_items; i++) {
        const auth_item *item = &h->items[i];
        sum += touch(item->scheme) + touch(item->token68) + item->oddities;
        sum += auth_item_is_digest(item);
        for (size_t p = 0; p < item->n_params; p++) {
            sum += touch(item->params[p].name) + touch(item->params[p].value) + item->params[p].quoted;
        }
        for (size_t k = 0; k < G_N_ELEMENTS(param_names); k++) {
            const auth_param *param = auth_item_find(item, param_names[k]);
            const char *value = auth_item_get(item, param_names[k]);
            if (param) {
                sum += touch(param->value) + param->oddities;
            }
            sum += touch(value);
        }
        digest_algorithm alg = digest_algorithm_parse(auth_item_get(item, "algorithm"));
        sum += digest_hex_length(alg);
        const char *response = auth_item_get(item, "response");
        if (response) {
            sum += digest_response_equal(response, "0123456789abcdef0123456789abcdef");
        }
    }
    GString *text = g_string_new(NULL);
    auth_oddities_append(h->oddities, text);
    for (uint32_t bit = 1; bit != 0; bit <<= 1) {
        sum += touch(auth_oddity_phrase((auth_oddity)bit));
    }
    sum += text->len;
    g_string_free(text, TRUE);
    return sum;
}

/* One message of the little engine sequence below. */
static uint32_t
feed(engine *e, uint32_t frame, const char *method, uint32_t status, uint32_t cseq, const char *branch,
     auth_header_kind kind, const uint8_t *value, size_t len)
{
    sip_message m;
    memset(&m, 0, sizeof m);
    m.frame = frame;
    m.time_secs = 1700000000 + frame;
    m.is_request = method != NULL;
    m.method = method;
    m.status = status;
    m.request_uri = method ? "sip:bob@example.com" : NULL;
    m.call_id = "fuzz@example.com";
    m.from_tag = "ft";
    m.to_tag = method ? NULL : "tt";
    m.has_cseq = true;
    m.cseq = cseq;
    m.cseq_method = "INVITE";
    m.via_branch = branch;
    m.via_sent_by = "10.0.0.1:5060";
    m.has_body = true;
    m.body = (const uint8_t *)"v=0\r\n";
    m.body_len = 5;

    sip_auth_header auth;
    if (value) {
        char *copy = g_malloc(len ? len : 1);
        memcpy(copy, value, len);
        auth.kind = kind;
        auth_header_parse(copy, len, &auth.value);
        g_free(copy); /* the engine must have copied what it keeps */
        m.auth = &auth;
        m.n_auth = 1;
    }
    uint32_t id = engine_feed(e, &m);
    if (value) {
        auth_header_clear(&auth.value);
    }
    return id;
}

static size_t
read_results(engine *e)
{
    size_t sum = 0;
    GString *text = g_string_new(NULL);
    for (uint32_t id = 0; id < engine_message_count(e); id++) {
        const msg_result *r = engine_result(e, id);
        sum += touch(r->call_id) + touch(r->realm) + touch(r->username);
        for (uint32_t k = 0; k < r->n_realms; k++) {
            sum += touch(r->realms[k]);
        }
        for (uint32_t f = 0; f < r->n_findings; f++) {
            g_string_truncate(text, 0);
            finding_describe(&r->findings[f], r->frame, text);
            sum += text->len;
        }
    }
    g_string_free(text, TRUE);
    return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The parser on the value itself. */
    char *value = g_malloc(size ? size : 1);
    memcpy(value, data, size);
    auth_header h;
    auth_header_parse(value, size, &h);
    volatile size_t sink = walk(&h);
    auth_header_clear(&h);
    /* auth_header_clear() must leave an empty header that can be cleared again. */
    auth_header_clear(&h);
    g_free(value);

    /* The engine reading it as challenge and as credentials, both kinds. */
    static const engine_credential secrets[] = {
        { "alice", "example.com", "secret", NULL },
        { "alice", "proxy.example.com", NULL, "0123456789abcdef0123456789abcdef" },
        { "", "", "", "" },
    };
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.credentials = secrets;
    cfg.n_credentials = G_N_ELEMENTS(secrets);
    engine *e = engine_new(&cfg);
    uint32_t frame = 1;
    feed(e, frame++, "INVITE", 0, 1, "z9hG4bK-1", 0, NULL, 0);
    feed(e, frame++, NULL, 407, 1, "z9hG4bK-1", AUTH_HDR_PROXY_AUTHENTICATE, data, size);
    feed(e, frame++, "INVITE", 0, 2, "z9hG4bK-2", AUTH_HDR_PROXY_AUTHORIZATION, data, size);
    feed(e, frame++, NULL, 401, 2, "z9hG4bK-2", AUTH_HDR_WWW_AUTHENTICATE, data, size);
    feed(e, frame++, "INVITE", 0, 3, "z9hG4bK-3", AUTH_HDR_AUTHORIZATION, data, size);
    feed(e, frame++, NULL, 407, 3, "z9hG4bK-3", AUTH_HDR_PROXY_AUTHENTICATE, data, size);
    sink += read_results(e);
    engine_finish(e);
    sink += read_results(e);
    engine_free(e);
    (void)sink;
    return 0;
}
