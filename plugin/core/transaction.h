/* transaction.h - SIP transactions: found by their key, made, and their forks (transaction.c). */
#ifndef SIPAUTH_TRANSACTION_H
#define SIPAUTH_TRANSACTION_H

#include "state.h"

guint txn_key_hash(gconstpointer key);
gboolean txn_key_equal(gconstpointer a, gconstpointer b);
txn *txn_find(engine *e, const char *call_id, uint32_t cseq, const char *method, const char *branch);
/* A new transaction of flow f (its Call-ID and method are the key's) */
txn *txn_add(engine *e, flow *f, uint32_t cseq, const char *branch);
/* t, or the transaction whose request t's request relays */
const txn *txn_original(const engine *e, const txn *t);
void txn_clear(txn *t);   /* what it points to */
/* the fork slot of a response's To tag; creates one when new (-1 when full) */
int  txn_fork_slot(engine *e, txn *t, const char *to_tag, bool create);

#endif
