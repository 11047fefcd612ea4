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
 * Then the oracle "batched = immediate": the input read as a TCP segment
 * of messages one after another (each parse's length gives the next's
 * start, as the glue reads one), one message a frame, is fed to one engine
 * at once and to another through the batch queue (batch.h, flushed when
 * full and at the end, as the glue does); both are finished, and every
 * result must be the same (abort() otherwise).
 * Everything is freed before returning: deterministic and leak-free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "auth_header.h"
#include "batch.h"
#include "engine.h"
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

/* ------------------------------------------------------------------ */
/* Oracle: batched = immediate                                         */

#define MAX_SEGMENT_MESSAGES 64

static void G_GNUC_NORETURN
batch_differs(uint32_t id, const char *what, const char *immediate, const char *batched)
{
    fprintf(stderr, "fuzz_sip_parse: oracle failed: message %u: %s is \"%s\" fed at once but \"%s\" batched\n", id, what,
            immediate, batched);
    abort();
}

/* The result of id as one line of text: everything a consumer reads. */
static char *
result_text(engine *e, uint32_t id)
{
    const msg_result *r = engine_result(e, id);
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, "%u.%u flow %u %s %s %s %u attempt %u links %u %u %u %u %u %u %u delay %d %" G_GINT64_FORMAT
                           " kind %s realm %s user %s source %s outcome %s %u whole %d realms",
                           r->frame, r->index_in_frame, r->flow, r->call_id ? r->call_id : "-", msg_role_name(r->role),
                           r->method ? r->method : "-", r->status, r->attempt, r->request_frame, r->challenge_frame,
                           r->retry_frame, r->ack_frame, r->answer_frame, r->copy_of, r->relay_of, r->has_retry_delay,
                           r->retry_delay_ns, auth_kind_name(r->kind), r->realm ? r->realm : "-",
                           r->username ? r->username : "-", r->source ? r->source : "-", flow_outcome_name(r->outcome),
                           r->outcome_status, r->whole_capture);
    for (uint32_t k = 0; k < r->n_realms && k < RESULT_MAX_REALMS; k++) {
        g_string_append_printf(t, " %s:%s:%u", auth_kind_name(r->kinds[k]), r->realms[k], r->realm_challenges[k]);
    }
    for (uint32_t f = 0; f < r->n_findings; f++) {
        uint32_t frames[2];
        finding_frames(&r->findings[f], frames);
        g_string_append_printf(t, " | %s %u %u: ", finding_defs[r->findings[f].id].name, frames[0], frames[1]);
        finding_describe(&r->findings[f], r->frame, t);
    }
    return g_string_free(t, FALSE);
}

static void
check_batched_equals_immediate(const uint8_t *data, size_t size)
{
    engine *now = engine_new(NULL), *later = engine_new(NULL);
    batch *queue = batch_new();
    sip_parse_storage storage = { 0 };
    size_t at = 0;
    uint32_t n = 0;
    while (at < size && n < MAX_SEGMENT_MESSAGES) {
        /* what the glue knows without parsing */
        sip_message meta;
        memset(&meta, 0, sizeof meta);
        meta.frame = n + 1;
        meta.time_secs = n;
        meta.time_nsecs = 0;
        sip_message msg = meta;
        size_t took = sip_parse_message_again(data + at, size - at, &msg, &storage);
        if (took == 0 || took > size - at) {
            break; /* no start line: the segment's messages end here */
        }
        engine_feed(now, &msg);
        batch_push(queue, &meta, data + at, took);
        if (batch_full(queue)) {
            batch_flush(queue, later);
        }
        at += took;
        n++;
    }
    batch_flush(queue, later);
    engine_finish(now);
    engine_finish(later);
    if (engine_message_count(now) != engine_message_count(later)) {
        abort();
    }
    for (uint32_t id = 0; id < engine_message_count(now); id++) {
        char *a = result_text(now, id), *b = result_text(later, id);
        if (strcmp(a, b) != 0) {
            batch_differs(id, "the result", a, b);
        }
        g_free(a);
        g_free(b);
    }
    sip_parse_storage_clear(&storage, NULL);
    batch_free(queue);
    engine_free(now);
    engine_free(later);
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
    check_batched_equals_immediate(data, size);
    (void)sink;
    return 0;
}
