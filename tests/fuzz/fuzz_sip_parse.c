/* fuzz_sip_parse.c - libFuzzer harness for the SIP message reader (sip_parse.h).
 *
 * The input is the bytes the glue hands the reader: one SIP message from its
 * start line, possibly followed by more (a TCP segment), arbitrary bytes.
 * It is parsed from an exact-size heap copy (the glue passes tvb bytes that
 * are not NUL-terminated, so an over-read must reach AddressSanitizer), every
 * string of the result is read to its NUL, every body byte is read, and every
 * auth header, item and param is walked.  Then the same is done for each
 * range that starts after a '\n' of the input (up to 64 of them), as the glue
 * hands ranges that start at message starts inside a segment; those are
 * parsed one after the other into one reused storage
 * (sip_parse_message_again), as the glue's slots are from frame to frame.
 * Everything is freed before returning: deterministic and leak-free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "auth_header.h"
#include "sip_parse.h"

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

static size_t
walk_auth(const sip_auth_header *a)
{
    size_t sum = (size_t)a->kind + a->value.n_items + a->value.oddities;
    if (a->kind >= AUTH_HDR_COUNT) {
        abort(); /* not one of the four */
    }
    sum += touch(auth_header_kind_name(a->kind)) + auth_header_kind_is_challenge(a->kind);
    for (size_t i = 0; i < a->value.n_items; i++) {
        const auth_item *item = &a->value.items[i];
        sum += touch(item->scheme) + touch(item->token68) + item->oddities + auth_item_is_digest(item);
        for (size_t p = 0; p < item->n_params; p++) {
            sum += touch(item->params[p].name) + touch(item->params[p].value) + item->params[p].quoted +
                   item->params[p].oddities;
        }
        sum += touch(auth_item_get(item, "realm")) + touch(auth_item_get(item, "nonce"));
        for (int id = AUTH_PARAM_OTHER; id < AUTH_PARAM_COUNT; id++) {
            sum += touch(auth_item_value(item, (auth_param_id)id));
        }
    }
    return sum;
}

static size_t
parse_and_walk(const uint8_t *bytes, size_t len, sip_parse_storage *reused)
{
    /* An exact-size copy: the caller's buffer may go on past len. */
    uint8_t *copy = len ? g_malloc(len) : NULL;
    if (len) {
        memcpy(copy, bytes, len);
    }
    sip_message msg;
    memset(&msg, 0, sizeof msg); /* as the glue's wmem_alloc0_array */
    sip_parse_storage fresh;
    sip_parse_storage *st = reused ? reused : &fresh;
    size_t consumed = reused ? sip_parse_message_again(copy, len, &msg, st) : sip_parse_message(copy, len, &msg, st);
    if (consumed > len) {
        abort();
    }

    size_t sum = consumed + msg.is_request + msg.status + msg.has_cseq + msg.cseq;
    sum += touch(msg.method) + touch(msg.request_uri) + touch(msg.call_id) + touch(msg.from_tag) +
           touch(msg.to_tag) + touch(msg.cseq_method) + touch(msg.via_branch) + touch(msg.via_sent_by);
    if (msg.body_len && !msg.has_body) {
        abort();
    }
    if (msg.body_len) {
        /* The body lies in the message, within what the parse says it took
         * (all of the data when there was no start line: 0 is returned). */
        size_t took = consumed ? consumed : len;
        if (!msg.body || msg.body < copy || msg.body_len > took ||
            (size_t)(msg.body - copy) > took - msg.body_len) {
            abort();
        }
        for (size_t i = 0; i < msg.body_len; i++) {
            sum += msg.body[i];
        }
    }
    if ((msg.n_auth == 0) != (msg.auth == NULL)) {
        abort();
    }
    for (size_t a = 0; a < msg.n_auth; a++) {
        sum += walk_auth(&msg.auth[a]);
    }
    if (!reused) {
        sip_parse_storage_clear(st, &msg);
        /* Clearing again must be harmless. */
        sip_parse_storage_clear(st, &msg);
    }
    g_free(copy); /* a reused storage holds copies of the strings, not pointers into copy */
    return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile size_t sink = parse_and_walk(data, size, NULL);
    sip_parse_storage reused = { 0 };
    /* The ranges that start after each '\n', as message starts inside a segment. */
    size_t starts = 0;
    for (const uint8_t *p = data, *end = data + size; starts < 64 && p < end; starts++) {
        const uint8_t *lf = memchr(p, '\n', (size_t)(end - p));
        if (!lf) {
            break;
        }
        p = lf + 1;
        sink += parse_and_walk(p, (size_t)(end - p), &reused);
    }
    sip_parse_storage_clear(&reused, NULL);
    (void)sink;
    return 0;
}
