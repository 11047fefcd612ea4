/* source_stats.h - the "Sources" section of the statistics: per network
 * source address, the requests of auth flows it sent, how many carried
 * credentials, how many of those were rejected (a new challenge for their
 * realm, or a 403), and where guessing fired.  What an engineer reads to
 * tell a misconfigured phone (one or two rejections) from a guesser
 * (dozens).  Fed the same results as stats.c; no epan. */
#ifndef SIPAUTH_SOURCE_STATS_H
#define SIPAUTH_SOURCE_STATS_H

#include <glib.h>

#include "engine.h"

typedef struct {
    const char *source;
    uint32_t    requests;         /* requests of auth flows (not copies, relays, ACKs) */
    uint32_t    with_credentials; /* ... carrying credentials */
    uint32_t    rejected;         /* answers rejecting its credentials */
    uint32_t    guessing_frame;   /* the first guessing finding; 0: none */
} source_row;

typedef struct source_stats source_stats;

source_stats *source_stats_new(void);
void source_stats_free(source_stats *s);
void source_stats_add(source_stats *s, const msg_result *res);
/* The rows in order of first appearance; g_free() the array (strings belong to s). */
source_row *source_stats_rows(const source_stats *s, size_t *n);
/* The section as text; nothing when no source is known. */
void source_stats_format(const source_stats *s, GString *out);

#endif
