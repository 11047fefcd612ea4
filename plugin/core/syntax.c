/* syntax.c - auth headers that bend the grammar: the syntax_oddity note. */
#include "syntax.h"

void
record_note_syntax(engine *e, record *r, auth_header_kind kind, const auth_item *item)
{
    uint32_t odd = item->oddities;
    /* qop is a token in credentials; the parser cannot know (auth_header.h) */
    const auth_param *qop = auth_item_param(item, AUTH_PARAM_QOP);
    bool qop_quoted = qop && qop->quoted && !auth_header_kind_is_challenge(kind);
    if (!e->cfg.note_syntax || (odd == 0 && !qop_quoted)) {
        return;
    }
    /* SIP's grammar allows blanks around ',' and '=' (SWS, RFC 3261 §25.1):
     * shown in the extraction, not worth a note. */
    odd &= ~(uint32_t)(AUTH_ODD_NO_SPACE_AFTER_COMMA | AUTH_ODD_SPACE_AROUND_EQUALS);
    if (odd == 0 && !qop_quoted) {
        return;
    }
    GString *text = g_string_new(NULL);
    auth_oddities_append(odd, text);
    if (qop_quoted) {
        g_string_append(text, text->len ? ", quoted qop" : "quoted qop");
    }
    record_add_hit(e, r, (finding_hit){ .id = FINDING_SYNTAX_ODDITY, .u.syntax_oddity = {
                                     .oddities = istr_str(engine_intern(e, text->str)), .header = auth_header_kind_name(kind) } });
    g_string_free(text, TRUE);
}
