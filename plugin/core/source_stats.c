/* source_stats.c - see source_stats.h. */
#include <string.h>

#include "source_stats.h"

struct source_stats {
    GStringChunk *strings;
    GHashTable   *rows;   /* source (kept) -> source_row */
    GPtrArray    *order;  /* source_row, in order of first appearance */
};

source_stats *
source_stats_new(void)
{
    source_stats *s = g_new0(source_stats, 1);
    s->strings = g_string_chunk_new(1024);
    s->rows = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    s->order = g_ptr_array_new();
    return s;
}

void
source_stats_free(source_stats *s)
{
    if (!s) {
        return;
    }
    g_ptr_array_free(s->order, TRUE);
    g_hash_table_destroy(s->rows);
    g_string_chunk_free(s->strings);
    g_free(s);
}

static bool
has_finding(const msg_result *res, finding_id id)
{
    for (uint32_t i = 0; i < res->n_findings; i++) {
        if (res->findings[i].id == id) {
            return true;
        }
    }
    return false;
}

void
source_stats_add(source_stats *s, const msg_result *res)
{
    if (!res->flow || !res->source || res->role == ROLE_COPY || res->role == ROLE_RELAY) {
        return;
    }
    const bool request = res->status == 0 && (res->role == ROLE_REQUEST || res->role == ROLE_RETRY) &&
                         !(res->method && strcmp(res->method, "ACK") == 0);
    const bool rejected = has_finding(res, FINDING_REPEATED_CHALLENGE) || has_finding(res, FINDING_CREDENTIALS_REFUSED);
    const bool guessing = has_finding(res, FINDING_GUESSING);
    if (!request && !rejected && !guessing) {
        return;
    }
    source_row *row = g_hash_table_lookup(s->rows, res->source);
    if (!row) {
        row = g_new0(source_row, 1);
        row->source = g_string_chunk_insert_const(s->strings, res->source);
        g_hash_table_insert(s->rows, (gpointer)row->source, row);
        g_ptr_array_add(s->order, row);
    }
    if (request) {
        row->requests++;
        /* a request's realms are its credentials' (engine_result) */
        row->with_credentials += res->n_realms > 0;
    }
    row->rejected += rejected;
    if (guessing && !row->guessing_frame) {
        row->guessing_frame = res->frame;
    }
}

source_row *
source_stats_rows(const source_stats *s, size_t *n)
{
    *n = s->order->len;
    source_row *rows = g_new(source_row, s->order->len ? s->order->len : 1);
    for (guint i = 0; i < s->order->len; i++) {
        rows[i] = *(const source_row *)g_ptr_array_index(s->order, i);
    }
    return rows;
}

void
source_stats_format(const source_stats *s, GString *out)
{
    if (s->order->len == 0) {
        return;
    }
    g_string_append(out, "\nSources (requests of auth flows by network source address)\n");
    g_string_append_printf(out, "%-40s %8s %5s %5s  %s\n", "Source", "Requests", "Creds", "Rejct", "Guessing");
    for (guint i = 0; i < s->order->len; i++) {
        const source_row *r = g_ptr_array_index(s->order, i);
        char guessing[32] = "-";
        if (r->guessing_frame) {
            g_snprintf(guessing, sizeof guessing, "frame %u", r->guessing_frame);
        }
        g_string_append_printf(out, "%-40s %8u %5u %5u  %s\n", r->source, r->requests, r->with_credentials, r->rejected,
                               guessing);
    }
}
