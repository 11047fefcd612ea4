/* syntax.h - the syntax_oddity note of an auth header (syntax.c). */
#ifndef SIPAUTH_SYNTAX_H
#define SIPAUTH_SYNTAX_H

#include "state.h"

/* syntax_oddity for an auth item that bends the grammar (if enabled) */
void record_note_syntax(engine *e, record *r, auth_header_kind kind, const auth_item *item);

#endif
