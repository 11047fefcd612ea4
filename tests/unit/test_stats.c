/* test_stats.c - core/stats.c: rows per realm and user, outcomes counted once
 * per flow, medians and maxima of retry delays, the problem list. */
#include <string.h>

#include <glib.h>

#include "median.h"
#include "source_stats.h"
#include "stats.h"

static msg_result
msg(uint32_t frame, uint32_t flow, msg_role role, const char *realm, const char *user, flow_outcome outcome)
{
    msg_result r;
    memset(&r, 0, sizeof r);
    r.frame = frame;
    r.flow = flow;
    r.call_id = "call";
    r.role = role;
    r.username = user;
    r.outcome = outcome;
    if (realm) {
        r.n_realms = 1;
        r.kinds[0] = AUTH_KIND_PROXY;
        r.realms[0] = realm;
        r.kind = AUTH_KIND_PROXY;
        r.realm = realm;
    }
    return r;
}

static void
test_rows_and_delays(void)
{
    stats *s = stats_new();
    /* flow 1: alice, challenged, retried after 100 ms, accepted */
    msg_result m = msg(1, 1, ROLE_REQUEST, NULL, NULL, OUTCOME_ACCEPTED);
    stats_add(s, &m);
    m = msg(2, 1, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_ACCEPTED);
    stats_add(s, &m);
    m = msg(4, 1, ROLE_RETRY, "p.example", "alice", OUTCOME_ACCEPTED);
    m.has_retry_delay = true;
    m.retry_delay_ns = 100000000;
    stats_add(s, &m);
    /* flow 2: bob, challenged twice, retries after 300 and 500 ms, re-challenged */
    finding_hit repeated = { .id = FINDING_REPEATED_CHALLENGE };
    m = msg(10, 2, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_RECHALLENGED);
    stats_add(s, &m);
    m = msg(12, 2, ROLE_RETRY, "p.example", "bob", OUTCOME_RECHALLENGED);
    m.has_retry_delay = true;
    m.retry_delay_ns = 300000000;
    stats_add(s, &m);
    m = msg(13, 2, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_RECHALLENGED);
    m.findings = &repeated;
    m.n_findings = 1;
    stats_add(s, &m);
    m = msg(15, 2, ROLE_RETRY, "p.example", "bob", OUTCOME_RECHALLENGED);
    m.has_retry_delay = true;
    m.retry_delay_ns = 500000000;
    stats_add(s, &m);
    /* not an auth flow: ignored */
    m = msg(20, 0, ROLE_NONE, NULL, NULL, OUTCOME_PENDING);
    stats_add(s, &m);

    size_t n;
    stats_row *rows = stats_rows(s, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpstr(rows[0].realm, ==, "p.example");
    g_assert_null(rows[0].user);
    g_assert_cmpuint(rows[0].flows, ==, 2);
    g_assert_cmpuint(rows[0].challenges, ==, 3);
    g_assert_cmpuint(rows[0].retries, ==, 3);
    g_assert_cmpuint(rows[0].outcomes[OUTCOME_ACCEPTED], ==, 1);
    g_assert_cmpuint(rows[0].outcomes[OUTCOME_RECHALLENGED], ==, 1);
    g_assert_cmpuint(rows[0].repeated, ==, 1);
    g_assert_cmpuint(rows[0].n_delays, ==, 3);
    g_assert_cmpfloat_with_epsilon(rows[0].median_ms, 300.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(rows[0].max_ms, 500.0, 1e-9);
    g_assert_cmpstr(rows[1].user, ==, "alice");
    g_assert_cmpuint(rows[1].flows, ==, 1);
    g_assert_cmpfloat_with_epsilon(rows[1].median_ms, 100.0, 1e-9);
    g_assert_cmpstr(rows[2].user, ==, "bob");
    g_assert_cmpuint(rows[2].challenges, ==, 2);
    g_assert_cmpfloat_with_epsilon(rows[2].median_ms, 400.0, 1e-9); /* even count: mean of the middle two */
    g_free(rows);

    stats_problem *problems = stats_problems(s, &n);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(problems[0].flow, ==, 2);
    g_assert_cmpuint(problems[0].first_frame, ==, 10);
    g_assert_cmpstr(problems[0].user, ==, "bob");
    g_assert_cmpstr(problems[0].findings, ==, "repeated_challenge");
    g_assert_cmpint(problems[0].outcome, ==, OUTCOME_RECHALLENGED);
    g_free(problems);

    GString *text = g_string_new(NULL);
    stats_format(s, text);
    g_assert_nonnull(strstr(text->str, "re-challenged     repeated_challenge"));
    g_string_free(text, TRUE);
    stats_free(s);
}

/* A single pass feeds results the engine gave before it had the whole
 * capture: the text says that absence verdicts are missing, and only then. */
static void
check_note(bool whole_capture, bool noted)
{
    stats *s = stats_new();
    msg_result m = msg(2, 1, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_PENDING);
    m.whole_capture = whole_capture;
    stats_add(s, &m);
    m = msg(3, 0, ROLE_NONE, NULL, NULL, OUTCOME_PENDING); /* outside auth flows: says nothing */
    stats_add(s, &m);
    GString *text = g_string_new(NULL);
    stats_format(s, text);
    g_assert_cmpint(strstr(text->str, "run tshark -2") != NULL, ==, noted);
    g_string_free(text, TRUE);
    stats_free(s);
}

static void
test_single_pass_note(void)
{
    check_note(false, true);
    check_note(true, false);
}

/* Both legs of a proxy captured (captures/proxy-then-registrar-both-legs):
 * the proxy's forwards (6, 13) and its relay of the registrar's 401 (9)
 * are relays.  Each challenge and each retry counts once, the flow once,
 * even when a relay names realms. */
static void
test_relays_count_once(void)
{
    stats *s = stats_new();
    msg_result m = msg(1, 1, ROLE_REQUEST, NULL, NULL, OUTCOME_REJECTED);
    stats_add(s, &m);
    m = msg(2, 1, ROLE_CHALLENGE, "proxy.example", NULL, OUTCOME_REJECTED);
    stats_add(s, &m);
    m = msg(4, 1, ROLE_RETRY, "proxy.example", "alice", OUTCOME_REJECTED);
    m.has_retry_delay = true;
    m.retry_delay_ns = 1000000;
    stats_add(s, &m);
    m = msg(6, 1, ROLE_RELAY, NULL, NULL, OUTCOME_REJECTED);
    m.relay_of = 4;
    stats_add(s, &m);
    m = msg(7, 1, ROLE_CHALLENGE, "registrar.example", NULL, OUTCOME_REJECTED);
    m.kinds[0] = AUTH_KIND_WWW;
    stats_add(s, &m);
    m = msg(9, 1, ROLE_RELAY, "registrar.example", NULL, OUTCOME_REJECTED);
    m.kinds[0] = AUTH_KIND_WWW;
    m.relay_of = 7;
    stats_add(s, &m);
    m = msg(11, 1, ROLE_RETRY, "proxy.example", "alice", OUTCOME_REJECTED);
    m.n_realms = 2;
    m.kinds[1] = AUTH_KIND_WWW;
    m.realms[1] = "registrar.example";
    m.has_retry_delay = true;
    m.retry_delay_ns = 3000000;
    stats_add(s, &m);
    m = msg(13, 1, ROLE_RELAY, "registrar.example", "alice", OUTCOME_REJECTED);
    m.kinds[0] = AUTH_KIND_WWW;
    m.relay_of = 11;
    stats_add(s, &m);

    size_t n;
    stats_row *rows = stats_rows(s, &n);
    g_assert_cmpuint(n, ==, 4);
    g_assert_cmpstr(rows[0].realm, ==, "proxy.example");
    g_assert_null(rows[0].user);
    g_assert_cmpuint(rows[0].flows, ==, 1);
    g_assert_cmpuint(rows[0].challenges, ==, 1);
    g_assert_cmpuint(rows[0].retries, ==, 2);
    g_assert_cmpuint(rows[0].outcomes[OUTCOME_REJECTED], ==, 1);
    g_assert_cmpuint(rows[0].n_delays, ==, 2);
    g_assert_cmpstr(rows[1].user, ==, "alice");
    g_assert_cmpuint(rows[1].flows, ==, 1);
    g_assert_cmpstr(rows[2].realm, ==, "registrar.example");
    g_assert_null(rows[2].user);
    g_assert_cmpuint(rows[2].flows, ==, 1);
    g_assert_cmpuint(rows[2].challenges, ==, 1);
    g_assert_cmpuint(rows[2].retries, ==, 1);
    g_assert_cmpuint(rows[2].outcomes[OUTCOME_REJECTED], ==, 1);
    g_assert_cmpuint(rows[2].n_delays, ==, 0); /* 11's delay is its first realm's */
    g_assert_cmpstr(rows[3].user, ==, "alice");
    g_assert_cmpuint(rows[3].challenges, ==, 1);
    g_assert_cmpuint(rows[3].retries, ==, 1);
    g_free(rows);
    stats_free(s);
}

/* A relayed challenge's hop has an ACK of its own: when that one is missing,
 * the challenge it relays had a missing ACK, counted once whichever hop (or
 * both) lacked it, and the flow is a problem. */
static void
test_relay_ack_missing_counts_once(void)
{
    stats *s = stats_new();
    finding_hit no_ack = { .id = FINDING_ACK_MISSING };
    /* flow 1: the proxy ACKed the server's 407 (2), the UA never ACKed its relay (3, 4) */
    msg_result m = msg(2, 1, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_NO_RETRY);
    stats_add(s, &m);
    m = msg(3, 1, ROLE_RELAY, NULL, NULL, OUTCOME_NO_RETRY);
    m.relay_of = 2;
    m.findings = &no_ack;
    m.n_findings = 1;
    stats_add(s, &m);
    m = msg(4, 1, ROLE_RELAY, NULL, NULL, OUTCOME_NO_RETRY); /* a second proxy on the way */
    m.relay_of = 2;
    m.findings = &no_ack;
    m.n_findings = 1;
    stats_add(s, &m);
    /* flow 2: nobody ACKed on either hop */
    m = msg(10, 2, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_NO_RETRY);
    m.findings = &no_ack;
    m.n_findings = 1;
    stats_add(s, &m);
    m = msg(11, 2, ROLE_RELAY, NULL, NULL, OUTCOME_NO_RETRY);
    m.relay_of = 10;
    m.findings = &no_ack;
    m.n_findings = 1;
    stats_add(s, &m);

    size_t n;
    stats_row *rows = stats_rows(s, &n);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpuint(rows[0].flows, ==, 2);
    g_assert_cmpuint(rows[0].challenges, ==, 2);
    g_assert_cmpuint(rows[0].ack_missing, ==, 2);
    g_free(rows);
    stats_problem *problems = stats_problems(s, &n);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpstr(problems[0].findings, ==, "ack_missing x2");
    g_assert_cmpstr(problems[1].findings, ==, "ack_missing x2");
    g_free(problems);
    stats_free(s);
}

static int
cmp_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The running median agrees with sorting, at every step, for random input
 * with many repeated values. */
static void
test_running_median(void)
{
    GRand *rand = g_rand_new_with_seed(7);
    running_median m;
    running_median_init(&m);
    GArray *all = g_array_new(FALSE, FALSE, sizeof(double));
    g_assert_cmpfloat(running_median_get(&m), ==, 0);
    for (int i = 0; i < 2000; i++) {
        double v = (double)g_rand_int_range(rand, 0, 300) / 3;
        running_median_add(&m, v);
        g_array_append_val(all, v);
        GArray *sorted = g_array_copy(all);
        g_array_sort(sorted, cmp_double);
        size_t n = sorted->len;
        const double *d = (const double *)(void *)sorted->data;
        double want = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
        g_assert_cmpfloat_with_epsilon(running_median_get(&m), want, 1e-9);
        g_assert_cmpfloat(running_median_max(&m), ==, d[n - 1]);
        g_array_free(sorted, TRUE);
    }
    g_assert_cmpuint(running_median_count(&m), ==, 2000);
    g_array_free(all, TRUE);
    running_median_clear(&m);
    g_rand_free(rand);
}

typedef struct {
    GArray *rows;     /* stats_row as reported */
    GArray *ids;      /* uint32_t */
    GArray *problems; /* uint32_t flow numbers */
} changes;

static void
on_row(void *user_data, const stats_row *row, uint32_t id)
{
    changes *c = user_data;
    g_array_append_val(c->rows, *row);
    g_array_append_val(c->ids, id);
}

static void
on_problem(void *user_data, const stats_problem *p, uint32_t id)
{
    changes *c = user_data;
    g_assert_cmpuint(id, ==, 0);
    g_array_append_val(c->problems, p->flow);
}

/* The GUI table is told exactly which rows changed, with stable ids. */
static void
test_changes(void)
{
    stats *s = stats_new();
    changes c = { g_array_new(FALSE, FALSE, sizeof(stats_row)), g_array_new(FALSE, FALSE, sizeof(uint32_t)),
                  g_array_new(FALSE, FALSE, sizeof(uint32_t)) };
    const stats_listener l = { on_row, on_problem };

    msg_result m = msg(2, 1, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_PENDING);
    stats_add(s, &m);
    stats_take_changes(s, &l, &c);
    g_assert_cmpuint(c.rows->len, ==, 1); /* the realm row; no user known yet */
    g_assert_null(g_array_index(c.rows, stats_row, 0).user);
    g_assert_cmpuint(g_array_index(c.rows, stats_row, 0).challenges, ==, 1);
    g_assert_cmpuint(g_array_index(c.ids, uint32_t, 0), ==, 0);

    stats_take_changes(s, &l, &c); /* nothing new */
    g_assert_cmpuint(c.rows->len, ==, 1);

    /* The retry names alice: her row appears with the challenge counted. */
    m = msg(4, 1, ROLE_RETRY, "p.example", "alice", OUTCOME_PENDING);
    stats_add(s, &m);
    g_array_set_size(c.rows, 0);
    g_array_set_size(c.ids, 0);
    stats_take_changes(s, &l, &c);
    g_assert_cmpuint(c.rows->len, ==, 2);
    for (guint i = 0; i < 2; i++) {
        const stats_row *r = &g_array_index(c.rows, stats_row, i);
        g_assert_cmpuint(r->challenges, ==, 1);
        g_assert_cmpuint(r->retries, ==, 1);
        g_assert_cmpuint(r->flows, ==, 1);
        g_assert_cmpuint(r->outcomes[OUTCOME_PENDING], ==, 1);
        g_assert_cmpuint(g_array_index(c.ids, uint32_t, i), ==, 0); /* first realm row, first user row */
    }
    g_assert_cmpuint(c.problems->len, ==, 0);

    /* The final answer: the outcome moves from pending to rejected in both
     * rows, and the flow becomes problem 0. */
    m = msg(5, 1, ROLE_FINAL, NULL, NULL, OUTCOME_REJECTED);
    stats_add(s, &m);
    g_array_set_size(c.rows, 0);
    stats_take_changes(s, &l, &c);
    g_assert_cmpuint(c.rows->len, ==, 2);
    for (guint i = 0; i < 2; i++) {
        const stats_row *r = &g_array_index(c.rows, stats_row, i);
        g_assert_cmpuint(r->outcomes[OUTCOME_PENDING], ==, 0);
        g_assert_cmpuint(r->outcomes[OUTCOME_REJECTED], ==, 1);
    }
    g_assert_cmpuint(c.problems->len, ==, 1);
    g_assert_cmpuint(g_array_index(c.problems, uint32_t, 0), ==, 1);

    g_array_free(c.rows, TRUE);
    g_array_free(c.ids, TRUE);
    g_array_free(c.problems, TRUE);
    stats_free(s);
}

/* 100,000 flows of 20,000 users in one realm: rows cost what the messages
 * cost (this took minutes when rows were summed flow by flow). */
static void
test_many_users(void)
{
    stats *s = stats_new();
    for (uint32_t f = 1; f <= 100000; f++) {
        char user[16];
        g_snprintf(user, sizeof user, "u%u", f % 20000);
        msg_result m = msg(f * 3, f, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_ACCEPTED);
        stats_add(s, &m);
        m = msg(f * 3 + 1, f, ROLE_RETRY, "p.example", user, OUTCOME_ACCEPTED);
        m.has_retry_delay = true;
        m.retry_delay_ns = (int64_t)(f % 1000) * 1000000;
        stats_add(s, &m);
    }
    size_t n;
    stats_row *rows = stats_rows(s, &n);
    g_assert_cmpuint(n, ==, 20001);
    g_assert_cmpuint(rows[0].flows, ==, 100000);
    g_assert_cmpuint(rows[0].n_delays, ==, 100000);
    g_assert_cmpfloat_with_epsilon(rows[0].median_ms, 499.5, 1e-9);
    g_assert_cmpfloat_with_epsilon(rows[0].max_ms, 999.0, 1e-9);
    g_assert_cmpuint(rows[1].flows, ==, 5);
    g_free(rows);
    stats_free(s);
}

/* The Sources section: requests and rejections per source address, where
 * guessing fired; copies, relays and ACKs are no requests of their own. */
static void
test_sources(void)
{
    stats *s = stats_new();
    msg_result m = msg(1, 1, ROLE_REQUEST, NULL, NULL, OUTCOME_PENDING);
    m.source = "192.0.2.66";
    stats_add(s, &m);
    finding_hit rejected = { .id = FINDING_REPEATED_CHALLENGE };
    finding_hit both[2] = { { .id = FINDING_REPEATED_CHALLENGE }, { .id = FINDING_GUESSING } };
    for (uint32_t i = 0; i < 5; i++) {
        m = msg(3 + 2 * i, 1, ROLE_RETRY, "p.example", "alice", OUTCOME_PENDING);
        m.source = "192.0.2.66";
        stats_add(s, &m);
        m = msg(4 + 2 * i, 1, ROLE_CHALLENGE, "p.example", NULL, OUTCOME_PENDING);
        m.status = 407;
        m.source = "192.0.2.66";
        m.findings = i == 4 ? both : &rejected;
        m.n_findings = i == 4 ? 2 : 1;
        stats_add(s, &m);
    }
    m = msg(13, 1, ROLE_COPY, NULL, NULL, OUTCOME_PENDING);
    m.source = "192.0.2.66";
    stats_add(s, &m);
    m = msg(14, 2, ROLE_REQUEST, NULL, NULL, OUTCOME_PENDING);
    m.source = "198.51.100.7";
    m.method = "ACK";
    stats_add(s, &m);
    GString *text = g_string_new(NULL);
    stats_format(s, text);
    g_assert_nonnull(strstr(text->str, "\nSources (requests of auth flows by network source address)\n"
                                       "Source                                   Requests Creds Rejct  Guessing\n"
                                       "192.0.2.66                                      6     5     5  frame 12\n"));
    g_assert_null(strstr(text->str, "198.51.100.7"));
    g_string_free(text, TRUE);
    stats_free(s);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/stats/rows_and_delays", test_rows_and_delays);
    g_test_add_func("/stats/relays_count_once", test_relays_count_once);
    g_test_add_func("/stats/relay_ack_missing_counts_once", test_relay_ack_missing_counts_once);
    g_test_add_func("/stats/running_median", test_running_median);
    g_test_add_func("/stats/changes", test_changes);
    g_test_add_func("/stats/many_users", test_many_users);
    g_test_add_func("/stats/single_pass_note", test_single_pass_note);
    g_test_add_func("/stats/sources", test_sources);
    return g_test_run();
}
