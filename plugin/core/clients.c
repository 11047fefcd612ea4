/* clients.c - what each client (source address and User-Agent) answered:
 * a phone that answers the registrar's 401 but never a proxy's 407 has no
 * proxy credentials (the no_retry hint).
 */
#include "clients.h"

void
clients_init(engine *e)
{
    e->clients = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
}

void
clients_free(engine *e)
{
    g_hash_table_destroy(e->clients);
}

/* The key of t's client in engine.clients (interned); NULL: no source */
static istr
client_key(engine *e, const txn *t)
{
    if (!t->source) {
        return NULL;
    }
    char *key = g_strconcat(istr_str(t->source), "\x1f", t->user_agent ? istr_str(t->user_agent) : "", NULL);
    istr kept = engine_intern(e, key);
    g_free(key);
    return kept;
}

const client_answers *
client_answers_of(engine *e, const txn *t)
{
    istr key = client_key(e, t);
    return key ? g_hash_table_lookup(e->clients, key) : NULL;
}

/* t's client answered challenge c (a 401 or 407) with credentials */
void
client_note_answered(engine *e, const txn *t, const record *c, const challenge_offer *o)
{
    istr key = client_key(e, t);
    if (!key || o->kind == AUTH_KIND_NONE) {
        return;
    }
    client_answers *a = g_hash_table_lookup(e->clients, key);
    if (!a) {
        a = g_new0(client_answers, 1);
        g_hash_table_insert(e->clients, (gpointer)key, a);
    }
    const int k = o->kind - 1;
    if (!a->challenge_frame[k]) {
        a->challenge_frame[k] = c->frame;
        a->status[k] = c->status;
        a->realm[k] = o->realm;
    }
}
