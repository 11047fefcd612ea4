/* stats.c - statistics over the engine's results, kept up to date message by
 * message: every row (per realm, per realm and user) is an accumulator that
 * each result adds to, so neither the GUI table (refreshed as packets come)
 * nor a large capture costs more than the messages themselves. */
#include <string.h>

#include "median.h"
#include "source_stats.h"
#include "stats.h"

#define REALMS_KEPT 8u

/* A row: one realm (user NULL), or one user within a realm. */
typedef struct row_acc {
    uint32_t       id;        /* creation order among rows of its kind */
    const char    *realm;
    const char    *user;
    uint32_t       flows, challenges, retries, ack_missing, repeated;
    uint32_t       outcomes[OUTCOME_COUNT];
    running_median delays;    /* ms */
    GPtrArray     *users;     /* realm rows: their user rows, in order */
    bool           changed;
} row_acc;

/* One realm of one flow: what the flow added to that realm's rows. */
typedef struct {
    auth_kind   kind;
    const char *realm;
    row_acc    *realm_row, *user_row;
    uint32_t    challenges, retries, ack_missing, repeated;
    GArray     *delays_ms;    /* double; only until the flow's user is known */
} flow_realm_stats;

/* A challenge a flow counted: which of its realms it counted in, and
 * whether its missing ACK was counted, for the relays of it that come
 * later (a relayed challenge is the same challenge on another hop). */
typedef struct {
    uint32_t frame;
    uint8_t  realms;          /* bit i: flow_stats.realms[i] */
    bool     ack_missing;
} challenge_seen;

_Static_assert(REALMS_KEPT <= 8, "challenge_seen.realms has a bit per realm kept");

typedef struct {
    uint32_t         flow;
    uint32_t         first_frame;
    GArray          *challenges;  /* challenge_seen; NULL until the first */
    const char      *call_id;
    const char      *user;
    flow_outcome     outcome;
    flow_realm_stats realms[REALMS_KEPT];
    uint32_t         n_realms;
    uint32_t         findings[FINDING_COUNT];
    int64_t          problem_id;  /* -1: not (yet) a problem flow */
    bool             changed;
} flow_stats;

struct stats {
    GStringChunk *strings;
    GHashTable   *flows;       /* flow number -> flow_stats */
    GPtrArray    *order;       /* flow_stats in order of first message */
    GHashTable   *rows;        /* "realm\x1fuser" / "realm" -> row_acc */
    GPtrArray    *realm_rows;  /* row_acc of realms, in order */
    uint32_t      n_user_rows;
    uint32_t      n_problems;
    GPtrArray    *changed_rows, *changed_flows;
    bool          partial;     /* a result came before the engine had the whole capture */
    source_stats *sources;     /* the Sources section */
};

static void
flow_stats_free(gpointer p)
{
    flow_stats *f = p;
    if (f->challenges) {
        g_array_free(f->challenges, TRUE);
    }
    for (uint32_t i = 0; i < f->n_realms; i++) {
        if (f->realms[i].delays_ms) {
            g_array_free(f->realms[i].delays_ms, TRUE);
        }
    }
    g_free(f);
}

static void
row_free(gpointer p)
{
    row_acc *r = p;
    running_median_clear(&r->delays);
    if (r->users) {
        g_ptr_array_free(r->users, TRUE);
    }
    g_free(r);
}

stats *
stats_new(void)
{
    stats *s = g_new0(stats, 1);
    s->strings = g_string_chunk_new(4096);
    s->flows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, flow_stats_free);
    s->order = g_ptr_array_new();
    s->rows = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, row_free);
    s->realm_rows = g_ptr_array_new();
    s->changed_rows = g_ptr_array_new();
    s->changed_flows = g_ptr_array_new();
    s->sources = source_stats_new();
    return s;
}

void
stats_free(stats *s)
{
    if (!s) {
        return;
    }
    source_stats_free(s->sources);
    g_ptr_array_free(s->changed_rows, TRUE);
    g_ptr_array_free(s->changed_flows, TRUE);
    g_ptr_array_free(s->realm_rows, TRUE);
    g_hash_table_destroy(s->rows);
    g_ptr_array_free(s->order, TRUE);
    g_hash_table_destroy(s->flows);
    g_string_chunk_free(s->strings);
    g_free(s);
}

static const char *
stats_string(stats *s, const char *str)
{
    return str ? g_string_chunk_insert_const(s->strings, str) : NULL;
}

static void
row_touch(stats *s, row_acc *r)
{
    if (r && !r->changed) {
        r->changed = true;
        g_ptr_array_add(s->changed_rows, r);
    }
}

static void
flow_touch(stats *s, flow_stats *f)
{
    if (!f->changed) {
        f->changed = true;
        g_ptr_array_add(s->changed_flows, f);
    }
}

/* The row of realm (user NULL) or of user within realm; both interned. */
static row_acc *
row_of(stats *s, const char *realm, const char *user)
{
    char *key = user ? g_strconcat(realm ? realm : "", "\x1f", user, NULL) : g_strdup(realm ? realm : "");
    row_acc *r = g_hash_table_lookup(s->rows, key);
    if (r) {
        g_free(key);
        return r;
    }
    r = g_new0(row_acc, 1);
    r->realm = realm;
    r->user = user;
    running_median_init(&r->delays);
    g_hash_table_insert(s->rows, (gpointer)stats_string(s, key), r);
    g_free(key);
    if (user) {
        r->id = s->n_user_rows++;
        g_ptr_array_add(row_of(s, realm, NULL)->users, r);
    } else {
        r->id = s->realm_rows->len;
        r->users = g_ptr_array_new();
        g_ptr_array_add(s->realm_rows, r);
    }
    return r;
}

/* Count flow f, with what its realm fr has added so far, in row r. */
static void
row_count_flow(stats *s, row_acc *r, const flow_stats *f, const flow_realm_stats *fr)
{
    r->flows++;
    r->outcomes[f->outcome]++;
    r->challenges += fr->challenges;
    r->retries += fr->retries;
    r->ack_missing += fr->ack_missing;
    r->repeated += fr->repeated;
    if (fr->delays_ms) {
        for (guint i = 0; i < fr->delays_ms->len; i++) {
            running_median_add(&r->delays, g_array_index(fr->delays_ms, double, i));
        }
    }
    row_touch(s, r);
}

static flow_realm_stats *
realm_of(stats *s, flow_stats *f, auth_kind kind, const char *realm)
{
    realm = stats_string(s, realm);
    for (uint32_t i = 0; i < f->n_realms; i++) {
        if (f->realms[i].kind == kind && f->realms[i].realm == realm) {
            return &f->realms[i];
        }
    }
    if (f->n_realms >= REALMS_KEPT) {
        return NULL;
    }
    flow_realm_stats *fr = &f->realms[f->n_realms++];
    fr->kind = kind;
    fr->realm = realm;
    /* A flow counts once per realm, also when it asks for it as proxy and www. */
    bool counted = false;
    for (uint32_t i = 0; i + 1 < f->n_realms; i++) {
        counted |= f->realms[i].realm == realm;
    }
    if (!counted) {
        fr->realm_row = row_of(s, realm, NULL);
        row_count_flow(s, fr->realm_row, f, fr);
        if (f->user) {
            fr->user_row = row_of(s, realm, f->user);
            row_count_flow(s, fr->user_row, f, fr);
        }
    } else {
        for (uint32_t i = 0; i + 1 < f->n_realms; i++) {
            if (f->realms[i].realm == realm) {
                fr->realm_row = f->realms[i].realm_row;
                fr->user_row = f->realms[i].user_row;
                break;
            }
        }
    }
    return fr;
}

/* Count one missing ACK of realm fr's challenge, in the flow and its rows. */
static void
count_ack_missing(stats *s, flow_realm_stats *fr)
{
    fr->ack_missing++;
    row_acc *rows[2] = { fr->realm_row, fr->user_row };
    for (int k = 0; k < 2; k++) {
        if (rows[k]) {
            rows[k]->ack_missing++;
            row_touch(s, rows[k]);
        }
    }
}

static challenge_seen *
challenge_of(flow_stats *f, uint32_t frame)
{
    for (guint i = 0; f->challenges && i < f->challenges->len; i++) {
        challenge_seen *c = &g_array_index(f->challenges, challenge_seen, i);
        if (c->frame == frame) {
            return c;
        }
    }
    return NULL;
}

/* A relay (a forwarded request, a relayed challenge) is counted where its
 * first sighting was: nothing by realm, but a missing ACK on its own hop is
 * its challenge's missing ACK, counted once whichever hop lacked it. */
static void
add_relay(stats *s, flow_stats *f, const msg_result *res, bool ack_missing)
{
    challenge_seen *c = ack_missing ? challenge_of(f, res->relay_of) : NULL;
    if (!c || c->ack_missing) {
        return;
    }
    c->ack_missing = true;
    for (uint32_t i = 0; i < f->n_realms; i++) {
        if (c->realms & (1u << i)) {
            count_ack_missing(s, &f->realms[i]);
        }
    }
}

static void
remember_challenge(flow_stats *f, const msg_result *res, uint8_t realms, bool ack_missing)
{
    if (!f->challenges) {
        f->challenges = g_array_new(FALSE, FALSE, sizeof(challenge_seen));
    }
    challenge_seen c = { .frame = res->frame, .realms = realms, .ack_missing = ack_missing };
    g_array_append_val(f->challenges, c);
}

static bool
flow_is_problem(const flow_stats *f)
{
    for (int id = 0; id < FINDING_COUNT; id++) {
        if (f->findings[id] && finding_defs[id].severity >= SEVERITY_WARN) {
            return true;
        }
    }
    return f->outcome != OUTCOME_ACCEPTED && f->outcome != OUTCOME_PENDING;
}

/* What a challenge or a retry adds to the rows of the realms it names. */
static void
add_by_realm(stats *s, flow_stats *f, const msg_result *res, bool ack_missing, bool repeated)
{
    uint8_t counted_in = 0; /* the realms a challenge counts in */
    for (uint32_t i = 0; i < res->n_realms; i++) {
        flow_realm_stats *fr = realm_of(s, f, res->kinds[i], res->realms[i]);
        if (!fr) {
            continue;
        }
        row_acc *rows[2] = { fr->realm_row, fr->user_row };
        if (res->role == ROLE_CHALLENGE) {
            counted_in |= (uint8_t)(1u << (fr - f->realms));
            fr->challenges++;
            fr->repeated += repeated;
            for (int k = 0; k < 2; k++) {
                if (rows[k]) {
                    rows[k]->challenges++;
                    rows[k]->repeated += repeated;
                    row_touch(s, rows[k]);
                }
            }
            if (ack_missing) {
                count_ack_missing(s, fr);
            }
        } else if (res->role == ROLE_RETRY) {
            fr->retries++;
            bool delay = res->has_retry_delay && i == 0;
            double ms = delay ? (double)res->retry_delay_ns / 1e6 : 0;
            if (delay && !fr->user_row) {
                /* kept for the user row, should the user become known later */
                if (!fr->delays_ms) {
                    fr->delays_ms = g_array_new(FALSE, FALSE, sizeof(double));
                }
                g_array_append_val(fr->delays_ms, ms);
            }
            for (int k = 0; k < 2; k++) {
                if (rows[k]) {
                    rows[k]->retries++;
                    if (delay) {
                        running_median_add(&rows[k]->delays, ms);
                    }
                    row_touch(s, rows[k]);
                }
            }
        }
    }
    if (res->role == ROLE_CHALLENGE) {
        remember_challenge(f, res, counted_in, ack_missing);
    }
}

void
stats_add(stats *s, const msg_result *res)
{
    if (!res->flow) {
        return;
    }
    s->partial |= !res->whole_capture;
    source_stats_add(s->sources, res);
    flow_stats *f = g_hash_table_lookup(s->flows, GUINT_TO_POINTER(res->flow));
    if (!f) {
        f = g_new0(flow_stats, 1);
        f->flow = res->flow;
        f->first_frame = res->frame;
        f->problem_id = -1;
        g_hash_table_insert(s->flows, GUINT_TO_POINTER(res->flow), f);
        g_ptr_array_add(s->order, f);
    }
    flow_touch(s, f);
    if (!f->call_id) {
        f->call_id = stats_string(s, res->call_id);
    }
    if (!f->user && res->username) {
        /* The user is known from the first credentials on: what the flow
         * already counted for its realms now counts for the user too. */
        f->user = stats_string(s, res->username);
        for (uint32_t i = 0; i < f->n_realms; i++) {
            flow_realm_stats *fr = &f->realms[i];
            if (fr->realm_row && !fr->user_row) {
                fr->user_row = row_of(s, fr->realm, f->user);
                bool first = true;
                for (uint32_t j = 0; j < i; j++) {
                    first &= f->realms[j].user_row != fr->user_row;
                }
                if (first) {
                    row_count_flow(s, fr->user_row, f, fr);
                }
            }
        }
    }
    if (res->outcome != OUTCOME_PENDING && res->outcome != f->outcome) {
        for (uint32_t i = 0; i < f->n_realms; i++) {
            flow_realm_stats *fr = &f->realms[i];
            bool first = true;
            for (uint32_t j = 0; j < i; j++) {
                first &= f->realms[j].realm_row != fr->realm_row;
            }
            if (!first || !fr->realm_row) {
                continue;
            }
            row_acc *rows[2] = { fr->realm_row, fr->user_row };
            for (int k = 0; k < 2; k++) {
                if (rows[k]) {
                    rows[k]->outcomes[f->outcome]--;
                    rows[k]->outcomes[res->outcome]++;
                    row_touch(s, rows[k]);
                }
            }
        }
        f->outcome = res->outcome;
    }
    bool ack_missing = false, repeated = false;
    for (uint32_t i = 0; i < res->n_findings; i++) {
        f->findings[res->findings[i].id]++;
        ack_missing |= res->findings[i].id == FINDING_ACK_MISSING;
        repeated |= res->findings[i].id == FINDING_REPEATED_CHALLENGE;
    }
    if (res->relay_of) {
        add_relay(s, f, res, ack_missing);
    } else {
        add_by_realm(s, f, res, ack_missing, repeated);
    }
    if (f->problem_id < 0 && flow_is_problem(f)) {
        f->problem_id = s->n_problems++;
    }
}

static stats_row
row_view(const row_acc *r)
{
    stats_row row = { .realm = r->realm, .user = r->user, .flows = r->flows, .challenges = r->challenges,
                      .retries = r->retries, .ack_missing = r->ack_missing, .repeated = r->repeated };
    memcpy(row.outcomes, r->outcomes, sizeof row.outcomes);
    row.n_delays = (uint32_t)running_median_count(&r->delays);
    row.median_ms = running_median_get(&r->delays);
    row.max_ms = running_median_max(&r->delays);
    return row;
}

stats_row *
stats_rows(const stats *s, size_t *n)
{
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(stats_row));
    for (guint i = 0; i < s->realm_rows->len; i++) {
        const row_acc *r = g_ptr_array_index(s->realm_rows, i);
        stats_row row = row_view(r);
        g_array_append_val(rows, row);
        for (guint u = 0; u < r->users->len; u++) {
            row = row_view(g_ptr_array_index(r->users, u));
            g_array_append_val(rows, row);
        }
    }
    *n = rows->len;
    return (stats_row *)(void *)g_array_free(rows, FALSE);
}

static stats_problem
problem_view(stats *s, const flow_stats *f)
{
    GString *findings = g_string_new(NULL);
    for (int id = 0; id < FINDING_COUNT; id++) {
        /* an escalation (auth_loop's Error) is the same occurrence as the
         * row before it, under the same name: counted there */
        bool escalation = id > 0 && f->findings[id - 1] && g_str_equal(finding_defs[id - 1].name, finding_defs[id].name);
        if (f->findings[id] && finding_defs[id].severity >= SEVERITY_WARN && !escalation) {
            g_string_append_printf(findings, "%s%s", findings->len ? ", " : "", finding_defs[id].name);
            if (f->findings[id] > 1) {
                g_string_append_printf(findings, " x%u", f->findings[id]);
            }
        }
    }
    GString *realms = g_string_new(NULL);
    for (uint32_t j = 0; j < f->n_realms; j++) {
        bool listed = false; /* a realm asked for as proxy and as www is one realm */
        for (uint32_t k = 0; k < j; k++) {
            listed |= f->realms[k].realm == f->realms[j].realm;
        }
        if (!listed) {
            g_string_append_printf(realms, "%s%s", realms->len ? "," : "", f->realms[j].realm);
        }
    }
    stats_problem p = { f->flow, f->first_frame, f->call_id, f->user, stats_string(s, realms->str), f->outcome,
                        stats_string(s, findings->str) };
    g_string_free(realms, TRUE);
    g_string_free(findings, TRUE);
    return p;
}

stats_problem *
stats_problems(stats *s, size_t *n)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(stats_problem));
    for (guint i = 0; i < s->order->len; i++) {
        const flow_stats *f = g_ptr_array_index(s->order, i);
        if (flow_is_problem(f)) {
            stats_problem p = problem_view(s, f);
            g_array_append_val(out, p);
        }
    }
    *n = out->len;
    return (stats_problem *)(void *)g_array_free(out, FALSE);
}

void
stats_take_changes(stats *s, const stats_listener *l, void *user_data)
{
    for (guint i = 0; i < s->changed_rows->len; i++) {
        row_acc *r = g_ptr_array_index(s->changed_rows, i);
        r->changed = false;
        if (l->row) {
            stats_row row = row_view(r);
            l->row(user_data, &row, r->id);
        }
    }
    g_ptr_array_set_size(s->changed_rows, 0);
    for (guint i = 0; i < s->changed_flows->len; i++) {
        flow_stats *f = g_ptr_array_index(s->changed_flows, i);
        f->changed = false;
        if (l->problem && f->problem_id >= 0) {
            stats_problem p = problem_view(s, f);
            l->problem(user_data, &p, (uint32_t)f->problem_id);
        }
    }
    g_ptr_array_set_size(s->changed_flows, 0);
}

void
stats_format(stats *s, GString *out)
{
    size_t n_rows, n_problems;
    stats_row *rows = stats_rows(s, &n_rows);
    stats_problem *problems = stats_problems(s, &n_problems);

    g_string_append(out, "\n===================================================================================================================\n");
    g_string_append(out, "SIP digest authentication by realm and user (sipauth)\n");
    g_string_append_printf(out, "%-26s %-12s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %9s %9s\n", "Realm", "User",
                           "Flows", "Chall", "Retry", "Accpt", "Faild", "Refsd", "Rejct", "ReChl", "Stale", "NoRtr",
                           "NoAns", "NoACK", "Repet", "Median_ms", "Max_ms");
    for (size_t i = 0; i < n_rows; i++) {
        const stats_row *r = &rows[i];
        char median[32] = "-", max[32] = "-";
        if (r->n_delays) {
            g_snprintf(median, sizeof median, "%.1f", r->median_ms);
            g_snprintf(max, sizeof max, "%.1f", r->max_ms);
        }
        g_string_append_printf(out, "%-26s %-12s %5u %5u %5u %5u %5u %5u %5u %5u %5u %5u %5u %5u %5u %9s %9s\n",
                               r->user ? "" : stats_cell(r->realm), r->user ? r->user : "(all)", r->flows, r->challenges,
                               r->retries, r->outcomes[OUTCOME_ACCEPTED], r->outcomes[OUTCOME_FAILED],
                               r->outcomes[OUTCOME_REFUSED], r->outcomes[OUTCOME_REJECTED],
                               r->outcomes[OUTCOME_RECHALLENGED], r->outcomes[OUTCOME_STALE],
                               r->outcomes[OUTCOME_NO_RETRY], r->outcomes[OUTCOME_UNANSWERED], r->ack_missing, r->repeated,
                               median, max);
    }
    g_string_append(out, "\nProblem flows\n");
    g_string_append_printf(out, "%5s %7s  %-28s %-10s %-26s %-17s %s\n", "Flow", "Frame", "Call-ID", "User", "Realm",
                           "Outcome", "Findings");
    for (size_t i = 0; i < n_problems; i++) {
        const stats_problem *p = &problems[i];
        g_string_append_printf(out, "%5u %7u  %-28s %-10s %-26s %-17s %s\n", p->flow, p->first_frame, stats_cell(p->call_id),
                               stats_cell(p->user), stats_cell(p->realms), flow_outcome_name(p->outcome), stats_cell(p->findings));
    }
    if (n_problems == 0) {
        g_string_append(out, "(none)\n");
    }
    source_stats_format(s->sources, out);
    if (s->partial) {
        /* tshark without -2: an empty or short list is not a clean bill */
        g_string_append(out, "\nSingle pass: missing ACKs, unanswered challenges and outcomes need the frames that come\n"
                             "after each message, so they are not counted here; run tshark -2 for them.\n");
    }
    g_string_append(out, "===================================================================================================================\n");
    g_free(rows);
    g_free(problems);
}
