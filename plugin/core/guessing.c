/* guessing.c - password guessing and user enumeration, per source address.
 *
 * A misconfigured phone has its credentials rejected once or twice and
 * tries again at its re-registration interval; a guesser (sipvicious'
 * svcrack and its kin) fires attempt after attempt, several a second.  So
 * the rule counts, per network source address, the rejected attempts in a
 * sliding window: credentials answered by a new challenge for the same realm
 * (repeated_challenge, without stale=true) or by a 403.  When the count
 * reaches cfg.guess_attempts within cfg.guess_window_ms, the answer that
 * made it so carries `guessing`.  Enumeration (svwar: one request per
 * extension, no credentials) shares the finding: requests without
 * credentials for that many distinct user names, answered by a challenge,
 * a 404 or a 403, in the same window.  Each fires once per episode; an
 * episode ends when a window passes without a counted event.
 *
 * Credentials the table proved right are no guess (the server is looping:
 * challenge_loop), so they are not counted.
 */
#include <string.h>

#include "flow.h"
#include "guessing.h"
#include "transaction.h"

/* User names listed in the text, and kept per episode at most (a scanner
 * probing 100 000 extensions keeps the first ones: the finding has fired). */
#define USERS_SHOWN 5u
#define USERS_KEPT  4096u

/* One kind of event (rejections or probes) from one source. */
typedef struct {
    int64_t    *times_ns;    /* ring of the latest guess_attempts events */
    uint32_t   *frames;      /* their answers' frames, beside the times */
    uint32_t    next;        /* ring position of the next event */
    uint32_t    n;           /* events in the ring */
    int64_t     last_ns;     /* the latest event, for the episode's end */
    bool        fired;       /* this episode has its finding */
    GHashTable *users;       /* the episode's user names (interned, a set) */
    GPtrArray  *user_order;  /* the same, in order of first sight */
} event_window;

typedef struct source_state source_state;
struct source_state {
    event_window rejected;
    event_window probed;
};

static void
window_clear(event_window *w)
{
    g_free(w->times_ns);
    g_free(w->frames);
    if (w->users) {
        g_hash_table_destroy(w->users);
        g_ptr_array_free(w->user_order, TRUE);
    }
}

static void
source_state_free(gpointer p)
{
    source_state *s = p;
    window_clear(&s->rejected);
    window_clear(&s->probed);
    g_free(s);
}

void
guessing_init(engine *e)
{
    e->sources = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, source_state_free);
}

void
guessing_free(engine *e)
{
    g_hash_table_destroy(e->sources);
}

static source_state *
source_get(engine *e, istr source)
{
    source_state *s = g_hash_table_lookup(e->sources, source);
    if (!s) {
        s = g_new0(source_state, 1);
        g_hash_table_insert(e->sources, (gpointer)source, s);
    }
    return s;
}

/* Starts a new episode when the window passed since the last event. */
static void
window_age(const engine *e, event_window *w, int64_t now_ns)
{
    const int64_t window_ns = (int64_t)e->cfg.guess_window_ms * 1000000;
    if (w->n && now_ns - w->last_ns > window_ns) {
        w->n = 0;
        w->next = 0;
        w->fired = false;
        if (w->users) {
            g_hash_table_remove_all(w->users);
            g_ptr_array_set_size(w->user_order, 0);
        }
    }
}

static bool
window_note_user(event_window *w, istr user)
{
    if (!w->users) {
        w->users = g_hash_table_new(g_direct_hash, g_direct_equal); /* interned */
        w->user_order = g_ptr_array_new();
    }
    if (!user || g_hash_table_contains(w->users, user)) {
        return false;
    }
    if (w->user_order->len < USERS_KEPT) {
        g_hash_table_add(w->users, (gpointer)user);
        g_ptr_array_add(w->user_order, (gpointer)user);
    }
    return true;
}

/* Adds an event; true when the ring now holds guess_attempts events within
 * the window and the episode has not fired yet.  *first is then the frame of
 * the oldest of them and *span_ns their span. */
static bool
window_add(const engine *e, event_window *w, int64_t now_ns, uint32_t frame, uint32_t *first, int64_t *span_ns)
{
    const uint32_t size = e->cfg.guess_attempts;
    if (!w->times_ns) {
        w->times_ns = g_new0(int64_t, size);
        w->frames = g_new0(uint32_t, size);
    }
    w->times_ns[w->next] = now_ns;
    w->frames[w->next] = frame;
    w->next = (w->next + 1) % size;
    w->n = MIN(w->n + 1, size);
    w->last_ns = now_ns;
    if (w->fired || w->n < size) {
        return false;
    }
    const uint32_t oldest = w->next; /* the ring is full: the next slot is the oldest */
    *span_ns = now_ns - w->times_ns[oldest];
    *first = w->frames[oldest];
    if (*span_ns > (int64_t)e->cfg.guess_window_ms * 1000000) {
        return false;
    }
    w->fired = true;
    return true;
}

/* A User-Agent that scanners send by default (sipvicious, sipcli, SIPVicious
 * forks, VaxSIP-based scanners, sundayddr, iWar, SIVuS, smap, pplsip). */
static bool
known_scanner(const char *user_agent)
{
    static const char *const names[] = {
        "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sipscan", "vaxsipuseragent",
        "sundayddr", "iwar", "sivus", "smap", "pplsip",
    };
    if (!user_agent) {
        return false;
    }
    char *lower = g_ascii_strdown(user_agent, -1);
    bool known = false;
    for (size_t i = 0; i < G_N_ELEMENTS(names) && !known; i++) {
        known = strstr(lower, names[i]) != NULL;
    }
    g_free(lower);
    return known;
}

/* "rejected credentials for user alice", "rejected credentials for 3 users:
 * a, b, c", "user names probed without credentials: 100, 101, ...". */
static const char *
describe_users(engine *e, const event_window *w, bool probes)
{
    GString *s = g_string_new(probes ? "user names probed without credentials" : "rejected credentials");
    const guint n = w->user_order ? w->user_order->len : 0;
    if (probes) {
        g_string_append(s, ": ");
    } else if (n == 1) {
        g_string_append(s, " for user ");
    } else if (n > 1) {
        g_string_append_printf(s, " for %u%s users: ", n, n >= USERS_KEPT ? " or more" : "");
    }
    for (guint i = 0; i < MIN(n, probes || n > 1 ? USERS_SHOWN : 1u); i++) {
        g_string_append_printf(s, "%s%.64s", i ? ", " : "", (const char *)g_ptr_array_index(w->user_order, i));
    }
    if (n > USERS_SHOWN) {
        g_string_append(s, ", ...");
    }
    const char *kept = istr_str(engine_intern(e, s->str));
    g_string_free(s, TRUE);
    return kept;
}

/* "127.0.0.1 (User-Agent "friendly-scanner": a known scanner)" */
static const char *
describe_source(engine *e, istr source, istr user_agent)
{
    if (!user_agent) {
        return istr_str(source);
    }
    char *s = g_strdup_printf("%s (User-Agent \"%.64s\"%s)", istr_str(source), istr_str(user_agent),
                              known_scanner(istr_str(user_agent)) ? ": a known scanner" : "");
    const char *kept = istr_str(engine_intern(e, s));
    g_free(s);
    return kept;
}

static void
fire(engine *e, record *answer, const txn *t, const event_window *w, uint32_t first, int64_t span_ns, bool probes)
{
    /* A 404 to a probe is no auth message, but its flow now shows this */
    flow *f = record_flow(e, answer);
    if (f) {
        flow_make_auth(e, f);
    }
    record_add_hit(e, answer, (finding_hit){ .id = FINDING_GUESSING, .frame = first, .u.guessing = {
                                          .attempts = e->cfg.guess_attempts,
                                          .span_ms = (uint32_t)MIN(span_ns / 1000000, UINT32_MAX),
                                          .source = describe_source(e, t->source, t->user_agent),
                                          .what = describe_users(e, w, probes) } });
}

/* On a proxy's leg to the server, the attempt is its client's: the
 * original request's source and User-Agent count. */
void
guessing_rejected(engine *e, record *answer, const txn *leg, istr username, int64_t now_ns)
{
    const txn *t = txn_original(e, leg);
    if (!t->source || e->cfg.guess_attempts == 0) {
        return;
    }
    for (uint32_t i = 0; i < t->n_creds; i++) {
        if (t->creds[i].verified) {
            return; /* right credentials: the server loops, nobody guesses */
        }
    }
    event_window *w = &source_get(e, t->source)->rejected;
    window_age(e, w, now_ns);
    window_note_user(w, username);
    uint32_t first;
    int64_t span_ns;
    if (window_add(e, w, now_ns, answer->frame, &first, &span_ns)) {
        fire(e, answer, t, w, first, span_ns, false);
    }
}

void
guessing_probed(engine *e, record *answer, const txn *leg, int64_t now_ns)
{
    const txn *t = txn_original(e, leg);
    if (!t->source || !t->to_user || t->n_creds || e->cfg.guess_attempts == 0) {
        return;
    }
    event_window *w = &source_get(e, t->source)->probed;
    window_age(e, w, now_ns);
    if (!window_note_user(w, t->to_user)) {
        return; /* only new names count: a phone asking again for itself is no probe */
    }
    uint32_t first;
    int64_t span_ns;
    if (window_add(e, w, now_ns, answer->frame, &first, &span_ns)) {
        fire(e, answer, t, w, first, span_ns, true);
    }
}
