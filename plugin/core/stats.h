/* stats.h - the statistics of `tshark -z sipauth,stat` and the Telephony
 * table: per realm (and per user within it) flows, challenges, retries,
 * outcomes, missing ACKs, repeated challenges and retry delays, and the list
 * of problem flows.  Fed the same results the expert infos come from, so the
 * counts agree with them.  No epan. */
#ifndef SIPAUTH_STATS_H
#define SIPAUTH_STATS_H

#include <glib.h>

#include "engine.h"

typedef struct stats stats;

stats *stats_new(void);
void stats_free(stats *s);

/* One message's result (messages outside auth flows are ignored). */
void stats_add(stats *s, const msg_result *res);

/* A row of the realm table: user NULL for the realm as a whole. */
typedef struct {
    const char *realm;
    const char *user;
    uint32_t    flows, challenges, retries;
    uint32_t    outcomes[OUTCOME_COUNT];
    uint32_t    ack_missing, repeated;
    uint32_t    n_delays;
    double      median_ms, max_ms;  /* retry delays, when n_delays > 0 */
} stats_row;

/* The rows, realm by realm (in order of first appearance), each followed by
 * its users; g_free() the array. */
stats_row *stats_rows(const stats *s, size_t *n);

/* A flow with a warning or error finding, or that did not end accepted. */
typedef struct {
    uint32_t    flow;
    uint32_t    first_frame;
    const char *call_id;
    const char *user;
    const char *realms;          /* comma-separated */
    flow_outcome outcome;
    const char *findings;        /* "repeated_challenge x2, no_retry" */
} stats_problem;

/* The problem flows in flow order; g_free() the array (strings belong to s). */
stats_problem *stats_problems(stats *s, size_t *n);

/* What changed since the last call, each once: rows (id: the row's place
 * among rows of its kind, realm rows and user rows counted apart, in order of
 * creation) and problem flows (id: the order in which they became problems;
 * a flow stays listed once it was one).  For tables that grow as packets
 * come: the GUI's. */
typedef struct {
    void (*row)(void *user_data, const stats_row *row, uint32_t id);
    void (*problem)(void *user_data, const stats_problem *problem, uint32_t id);
} stats_listener;
void stats_take_changes(stats *s, const stats_listener *l, void *user_data);

/* Both tables as text (what tshark prints), with a note when a result was
 * added before the engine had the whole capture (a single pass). */
void stats_format(stats *s, GString *out);

/* A text cell of the tables: "-" for a value that is absent or empty. */
static inline const char *
stats_cell(const char *s)
{
    return s && s[0] ? s : "-";
}

#endif
