/* stats.c - statistics over the engine's results, flow by flow. */
#include <string.h>

#include "stats.h"

#define REALMS_KEPT 8u

typedef struct {
    auth_kind   kind;
    const char *realm;
    uint32_t    challenges, retries, ack_missing, repeated;
    GArray     *delays_ms;   /* double */
} flow_realm_stats;

typedef struct {
    uint32_t         flow;
    uint32_t         first_frame;
    const char      *call_id;
    const char      *user;
    flow_outcome     outcome;
    flow_realm_stats realms[REALMS_KEPT];
    uint32_t         n_realms;
    uint32_t         findings[FINDING_COUNT];
} flow_stats;

struct stats {
    GStringChunk *strings;
    GHashTable   *flows;       /* flow number -> flow_stats */
    GPtrArray    *order;       /* flow_stats in order of first message */
};

static void
flow_stats_free(gpointer p)
{
    flow_stats *f = p;
    for (uint32_t i = 0; i < f->n_realms; i++) {
        g_array_free(f->realms[i].delays_ms, TRUE);
    }
    g_free(f);
}

stats *
stats_new(void)
{
    stats *s = g_new0(stats, 1);
    s->strings = g_string_chunk_new(4096);
    s->flows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, flow_stats_free);
    s->order = g_ptr_array_new();
    return s;
}

void
stats_free(stats *s)
{
    if (!s) {
        return;
    }
    g_ptr_array_free(s->order, TRUE);
    g_hash_table_destroy(s->flows);
    g_string_chunk_free(s->strings);
    g_free(s);
}

static const char *
keep(stats *s, const char *str)
{
    return str ? g_string_chunk_insert_const(s->strings, str) : NULL;
}

static flow_realm_stats *
realm_of(stats *s, flow_stats *f, auth_kind kind, const char *realm)
{
    realm = keep(s, realm);
    for (uint32_t i = 0; i < f->n_realms; i++) {
        if (f->realms[i].kind == kind && f->realms[i].realm == realm) {
            return &f->realms[i];
        }
    }
    if (f->n_realms >= REALMS_KEPT) {
        return NULL;
    }
    flow_realm_stats *r = &f->realms[f->n_realms++];
    r->kind = kind;
    r->realm = realm;
    r->delays_ms = g_array_new(FALSE, FALSE, sizeof(double));
    return r;
}

void
stats_add(stats *s, const msg_result *res)
{
    if (!res->flow) {
        return;
    }
    flow_stats *f = g_hash_table_lookup(s->flows, GUINT_TO_POINTER(res->flow));
    if (!f) {
        f = g_new0(flow_stats, 1);
        f->flow = res->flow;
        f->first_frame = res->frame;
        g_hash_table_insert(s->flows, GUINT_TO_POINTER(res->flow), f);
        g_ptr_array_add(s->order, f);
    }
    if (!f->call_id) {
        f->call_id = keep(s, res->call_id);
    }
    if (!f->user && res->username) {
        f->user = keep(s, res->username);
    }
    if (res->outcome != OUTCOME_PENDING) {
        f->outcome = res->outcome;
    }
    bool ack_missing = false, repeated = false;
    for (uint32_t i = 0; i < res->n_findings; i++) {
        f->findings[res->findings[i].id]++;
        ack_missing |= res->findings[i].id == FINDING_ACK_MISSING;
        repeated |= res->findings[i].id == FINDING_REPEATED_CHALLENGE;
    }
    for (uint32_t i = 0; i < res->n_realms; i++) {
        flow_realm_stats *r = realm_of(s, f, res->kinds[i], res->realms[i]);
        if (!r) {
            continue;
        }
        if (res->role == ROLE_CHALLENGE) {
            r->challenges++;
            r->ack_missing += ack_missing;
            r->repeated += repeated;
        } else if (res->role == ROLE_RETRY) {
            r->retries++;
            if (res->has_retry_delay && i == 0) {
                double ms = (double)res->retry_delay_ns / 1e6;
                g_array_append_val(r->delays_ms, ms);
            }
        }
    }
}

static int
by_value(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Add flow f's numbers for realm r into row. */
static void
accumulate(stats_row *row, GArray *delays, const flow_stats *f, const flow_realm_stats *r)
{
    row->flows++;
    row->challenges += r->challenges;
    row->retries += r->retries;
    row->outcomes[f->outcome]++;
    row->ack_missing += r->ack_missing;
    row->repeated += r->repeated;
    g_array_append_vals(delays, r->delays_ms->data, r->delays_ms->len);
}

static void
finish_delays(stats_row *row, GArray *delays)
{
    row->n_delays = delays->len;
    if (delays->len) {
        g_array_sort(delays, by_value);
        const double *d = (const double *)delays->data;
        size_t n = delays->len;
        row->median_ms = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
        row->max_ms = d[n - 1];
    }
    g_array_free(delays, TRUE);
}

stats_row *
stats_rows(const stats *s, size_t *n)
{
    /* realms and, per realm, users, in order of first appearance */
    GPtrArray *realms = g_ptr_array_new();
    GHashTable *users_of = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < s->order->len; i++) {
        const flow_stats *f = g_ptr_array_index(s->order, i);
        for (uint32_t j = 0; j < f->n_realms; j++) {
            const char *realm = f->realms[j].realm;
            GPtrArray *users = g_hash_table_lookup(users_of, realm);
            if (!users) {
                users = g_ptr_array_new();
                g_hash_table_insert(users_of, (gpointer)realm, users);
                g_ptr_array_add(realms, (gpointer)realm);
            }
            if (f->user && !g_ptr_array_find(users, f->user, NULL)) {
                g_ptr_array_add(users, (gpointer)f->user);
            }
        }
    }
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(stats_row));
    for (guint r = 0; r < realms->len; r++) {
        const char *realm = g_ptr_array_index(realms, r);
        GPtrArray *users = g_hash_table_lookup(users_of, realm);
        for (guint u = 0; u <= users->len; u++) {
            const char *user = u == 0 ? NULL : g_ptr_array_index(users, u - 1);
            stats_row row = { .realm = realm, .user = user };
            GArray *delays = g_array_new(FALSE, FALSE, sizeof(double));
            for (guint i = 0; i < s->order->len; i++) {
                const flow_stats *f = g_ptr_array_index(s->order, i);
                if (user && f->user != user) {
                    continue;
                }
                for (uint32_t j = 0; j < f->n_realms; j++) {
                    if (f->realms[j].realm == realm) {
                        accumulate(&row, delays, f, &f->realms[j]);
                    }
                }
            }
            finish_delays(&row, delays);
            g_array_append_val(rows, row);
        }
    }
    g_hash_table_destroy(users_of);
    g_ptr_array_free(realms, TRUE);
    *n = rows->len;
    return (stats_row *)(void *)g_array_free(rows, FALSE);
}

stats_problem *
stats_problems(stats *s, size_t *n)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(stats_problem));
    for (guint i = 0; i < s->order->len; i++) {
        const flow_stats *f = g_ptr_array_index(s->order, i);
        GString *findings = g_string_new(NULL);
        for (int id = 0; id < FINDING_COUNT; id++) {
            if (f->findings[id] && finding_defs[id].severity >= SEVERITY_WARN) {
                g_string_append_printf(findings, "%s%s", findings->len ? ", " : "", finding_defs[id].name);
                if (f->findings[id] > 1) {
                    g_string_append_printf(findings, " x%u", f->findings[id]);
                }
            }
        }
        bool problem = findings->len > 0 || (f->outcome != OUTCOME_ACCEPTED && f->outcome != OUTCOME_PENDING);
        if (problem) {
            GString *realms = g_string_new(NULL);
            for (uint32_t j = 0; j < f->n_realms; j++) {
                g_string_append_printf(realms, "%s%s", j ? "," : "", f->realms[j].realm);
            }
            stats_problem p = { f->flow, f->first_frame, f->call_id, f->user, keep(s, realms->str), f->outcome,
                                keep(s, findings->str) };
            g_array_append_val(out, p);
            g_string_free(realms, TRUE);
        }
        g_string_free(findings, TRUE);
    }
    *n = out->len;
    return (stats_problem *)(void *)g_array_free(out, FALSE);
}

static const char *
or_dash(const char *s)
{
    return s && s[0] ? s : "-";
}

void
stats_format(stats *s, GString *out)
{
    size_t n_rows, n_problems;
    stats_row *rows = stats_rows(s, &n_rows);
    stats_problem *problems = stats_problems(s, &n_problems);

    g_string_append(out, "\n===================================================================================================================\n");
    g_string_append(out, "SIP digest authentication by realm and user (sipauth)\n");
    g_string_append_printf(out, "%-26s %-12s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %9s %9s\n", "Realm", "User", "Flows",
                           "Chall", "Retry", "Accpt", "Rejct", "ReChl", "Stale", "NoRtr", "NoACK", "Repet",
                           "Median_ms", "Max_ms");
    for (size_t i = 0; i < n_rows; i++) {
        const stats_row *r = &rows[i];
        char median[32] = "-", max[32] = "-";
        if (r->n_delays) {
            g_snprintf(median, sizeof median, "%.1f", r->median_ms);
            g_snprintf(max, sizeof max, "%.1f", r->max_ms);
        }
        g_string_append_printf(out, "%-26s %-12s %5u %5u %5u %5u %5u %5u %5u %5u %5u %5u %9s %9s\n",
                               r->user ? "" : or_dash(r->realm), r->user ? r->user : "(all)", r->flows, r->challenges,
                               r->retries, r->outcomes[OUTCOME_ACCEPTED], r->outcomes[OUTCOME_REJECTED],
                               r->outcomes[OUTCOME_RECHALLENGED], r->outcomes[OUTCOME_STALE],
                               r->outcomes[OUTCOME_NO_RETRY], r->ack_missing, r->repeated, median, max);
    }
    g_string_append(out, "\nProblem flows\n");
    g_string_append_printf(out, "%5s %7s  %-28s %-10s %-26s %-13s %s\n", "Flow", "Frame", "Call-ID", "User", "Realm",
                           "Outcome", "Findings");
    for (size_t i = 0; i < n_problems; i++) {
        const stats_problem *p = &problems[i];
        g_string_append_printf(out, "%5u %7u  %-28s %-10s %-26s %-13s %s\n", p->flow, p->first_frame, or_dash(p->call_id),
                               or_dash(p->user), or_dash(p->realms), flow_outcome_name(p->outcome), or_dash(p->findings));
    }
    if (n_problems == 0) {
        g_string_append(out, "(none)\n");
    }
    g_string_append(out, "===================================================================================================================\n");
    g_free(rows);
    g_free(problems);
}
