/* test_stats.c - core/stats.c: rows per realm and user, outcomes counted once
 * per flow, medians and maxima of retry delays, the problem list. */
#include <string.h>

#include <glib.h>

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
    g_assert_nonnull(strstr(text->str, "re-challenged repeated_challenge"));
    g_string_free(text, TRUE);
    stats_free(s);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/stats/rows_and_delays", test_rows_and_delays);
    return g_test_run();
}
