/* render.c - the tree, expert infos and Info column suffix, from results.
 * Every pass renders from the engine's stored results, so tshark single
 * pass, tshark -2, the GUI and a re-dissected packet show the same thing
 * (single pass lacks only what later frames add).
 *
 * No field occurs twice under one parent: tshark -T json writes each item as
 * a key named after its field, so two sibling items of one field give a
 * repeated key, of which most JSON parsers keep only the last.  What can
 * occur more than once in a message (a realm, an auth header) gets a text
 * item of its own, numbered, whose label is the JSON key.  -T ek flattens a
 * layer and writes every text item as "text", grouped by parent: so every
 * text item (these, and the expert infos of the findings) hangs directly
 * from the sipauth item, or ek would write "text" twice.  Text items are
 * left out when nobody sees the tree, so filters, columns and -T fields
 * find the fields as before. */
#include <string.h>

#include <epan/expert.h>
#include <epan/proto.h>

#include "fields.h"
#include "render.h"

static void
add_string(proto_tree *tree, int field, const char *value)
{
    if (value) {
        proto_item_set_generated(proto_tree_add_string(tree, field, NULL, 0, 0, value));
    }
}

static void
add_uint(proto_tree *tree, int field, uint32_t value)
{
    if (value) {
        proto_item_set_generated(proto_tree_add_uint(tree, field, NULL, 0, 0, value));
    }
}

/* How many findings before hits[i] have its text: an expert item's JSON key
 * is its text, so a finding a message has twice word for word (the same
 * oddity in two challenges of one header) says " (2)" the second time. */
static uint32_t
same_text_before(const msg_result *res, uint32_t i, const char *text)
{
    uint32_t same = 0;
    for (uint32_t j = 0; j < i; j++) {
        if (res->findings[j].id != res->findings[i].id) {
            continue; /* texts of different findings never coincide: cheap test first */
        }
        GString *other = g_string_new(NULL);
        finding_describe(&res->findings[j], res->frame, other);
        same += strcmp(other->str, text) == 0;
        g_string_free(other, TRUE);
    }
    return same;
}

static void
add_finding(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const msg_result *res, uint32_t i, bool detail)
{
    const finding_hit *hit = &res->findings[i];
    const finding_def *def = &finding_defs[hit->id];
    GString *text = g_string_new(NULL);
    finding_describe(hit, res->frame, text);
    uint32_t same = same_text_before(res, i, text->str);
    if (same) {
        g_string_append_printf(text, " (%u)", same + 1);
    }
    proto_item *ti = proto_tree_add_expert_format(tree, pinfo, &hf.ei[hit->id], tvb, 0, 0, "%s", text->str);
    g_string_free(text, TRUE);
    if (!detail) {
        return;
    }
    proto_tree *finding_tree = proto_item_add_subtree(ti, hf.ett_finding);
    add_string(finding_tree, hf.finding, def->name);
    add_string(finding_tree, hf.advice, def->advice);
    add_string(finding_tree, hf.rule, def->rule);
}

void
render_result(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const msg_result *res, bool detail)
{
    if (!res->flow) {
        return; /* not (yet) part of an auth flow */
    }
    if (!detail) {
        /* Nobody sees or filters sipauth's items in this dissection (a
         * tshark pass with a filter on other fields): Wireshark would fake
         * every item anyway.  The expert infos still count (expert tap,
         * _ws.expert filters, the packet's severity). */
        for (uint32_t i = 0; i < res->n_findings; i++) {
            add_finding(tree, tvb, pinfo, res, i, false);
        }
        return;
    }
    add_uint(tree, hf.flow, res->flow);
    add_string(tree, hf.role, msg_role_name(res->role));
    add_uint(tree, hf.attempt, res->attempt);
    /* A request answering a proxy's and a registrar's challenge at once
     * links to both, each in its realm's item (below); one link otherwise.
     * Not the latest above as well: -T ek merges the realm items' fields
     * into arrays, and a field both above and in them would be a key twice. */
    bool per_realm = false;
    for (uint32_t i = 0; i < res->n_realms; i++) {
        per_realm |= res->realm_challenges[i] && res->realm_challenges[i] != res->challenge_frame;
    }
    add_uint(tree, hf.challenge_frame, per_realm ? 0 : res->challenge_frame);
    add_uint(tree, hf.retry_frame, res->retry_frame);
    add_uint(tree, hf.ack_frame, res->ack_frame);
    add_uint(tree, hf.answer_frame, res->answer_frame);
    add_uint(tree, hf.request_frame, res->request_frame);
    add_uint(tree, hf.copy_of, res->copy_of);
    add_uint(tree, hf.relay_of, res->relay_of);
    if (res->has_retry_delay) {
        /* seconds (fields.c says why not a relative time), negative in a
         * reordered capture; the label to the nanosecond, as a time's */
        double delay = (double)res->retry_delay_ns / 1e9;
        proto_item_set_generated(proto_tree_add_double_format_value(tree, hf.retry_delay, NULL, 0, 0, delay,
                                                                    "%.9f seconds", delay));
    }
    /* Each (kind, realm) pair under its own item: a proxy chain answers two
     * realms at once, and -T json must keep both pairs, each together. */
    for (uint32_t i = 0; i < res->n_realms; i++) {
        proto_item *ti;
        const char *kind = auth_kind_name(res->kinds[i]);
        proto_tree *realm_tree = proto_tree_add_subtree_format(tree, tvb, 0, 0, hf.ett_realm, &ti,
            "Realm %u: %s \"%s\"", i + 1, kind, res->realms[i] ? res->realms[i] : "");
        proto_item_set_generated(ti);
        add_string(realm_tree, hf.kind, kind);
        add_string(realm_tree, hf.realm, res->realms[i]);
        if (per_realm) {
            add_uint(realm_tree, hf.challenge_frame, res->realm_challenges[i]);
        }
    }
    add_string(tree, hf.username, res->username);
    if (res->outcome != OUTCOME_PENDING) {
        /* the final status where it tells what happened: "failed after auth (404)" */
        const bool with_status = res->outcome_status && res->outcome != OUTCOME_ACCEPTED;
        add_string(tree, hf.outcome, with_status ? wmem_strdup_printf(pinfo->pool, "%s (%u)", flow_outcome_name(res->outcome),
                                                                      res->outcome_status)
                                                 : flow_outcome_name(res->outcome));
    }
    for (uint32_t i = 0; i < res->n_findings; i++) {
        add_finding(tree, tvb, pinfo, res, i, true);
    }
}

void
render_info_column(packet_info *pinfo, const msg_result *res)
{
    if (!res->flow || res->role == ROLE_NONE) {
        return;
    }
    /* Notes stay in the tree and the Expert dialog; the packet list names
     * only what is likely the problem. */
    const finding_hit *worst = finding_problem(res->findings, res->n_findings);
    if (worst) {
        col_append_fstr(pinfo->cinfo, COL_INFO, " [auth #%u %s: %s]", res->flow, msg_role_name(res->role),
                        finding_defs[worst->id].name);
    } else {
        col_append_fstr(pinfo->cinfo, COL_INFO, " [auth #%u %s]", res->flow, msg_role_name(res->role));
    }
}

/* One challenge or set of credentials, under a "Proxy-Authorization 1:
 * Digest realm "x"" item: a header holds several, a message several
 * headers.  Under tree (the sipauth item), beside the sipauth.msg item, not
 * in it: see the top of this file. */
static void
render_auth_item(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, auth_header_kind kind, const auth_item *item, uint32_t number)
{
    proto_item *ti;
    const char *realm = auth_item_value(item, AUTH_PARAM_REALM);
    proto_tree *auth_tree = proto_tree_add_subtree_format(tree, tvb, 0, 0, hf.ett_auth, &ti, "%s %u: %s%s%s%s",
        auth_header_kind_name(kind), number, item->scheme[0] ? item->scheme : "(no scheme)",
        realm ? " realm \"" : "", realm ? realm : "", realm ? "\"" : "");
    proto_item_set_generated(ti);
    add_string(auth_tree, hf.auth, auth_header_kind_name(kind));
    add_string(auth_tree, hf.auth_scheme, item->scheme);
    /* Each parameter field once, for json: a parameter given twice shows
     * its first value, the one the engine uses (the oddity says it was
     * repeated); the parameters without a field of their own share one
     * sipauth.auth.param, "name=value, name=value". */
    GString *others = NULL;
    for (size_t p = 0; p < item->n_params; p++) {
        const auth_param *param = &item->params[p];
        int field = fields_auth_param((auth_param_id)param->id);
        if (field > 0) {
            if (auth_item_param(item, (auth_param_id)param->id) == param) {
                add_string(auth_tree, field, param->value);
            }
        } else {
            others = others ? g_string_append(others, ", ") : g_string_new(NULL);
            g_string_append_printf(others, "%s=%s", param->name, param->value);
        }
    }
    if (others) {
        add_string(auth_tree, hf.auth_param, wmem_strdup(pinfo->pool, others->str));
        g_string_free(others, TRUE);
    }
    if (item->oddities) {
        GString *text = g_string_new(NULL);
        auth_oddities_append(item->oddities, text);
        add_string(auth_tree, hf.auth_oddity, text->str);
        g_string_free(text, TRUE);
    }
}

void
render_extraction(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const sip_message *msg)
{
    proto_item *ti = proto_tree_add_none_format(tree, hf.msg, NULL, 0, 0, "SIP message %u: %s, CSeq %u %s",
        msg->index_in_frame + 1,
        msg->is_request ? (msg->method ? msg->method : "?") : wmem_strdup_printf(pinfo->pool, "%u", msg->status),
        msg->cseq, msg->cseq_method ? msg->cseq_method : "?");
    proto_item_set_generated(ti);
    proto_tree *msg_tree = proto_item_add_subtree(ti, hf.ett_msg);
    if (msg->is_request) {
        add_string(msg_tree, hf.msg_method, msg->method);
    } else {
        proto_item_set_generated(proto_tree_add_uint(msg_tree, hf.msg_status, NULL, 0, 0, msg->status));
    }
    add_string(msg_tree, hf.msg_ruri, msg->request_uri);
    add_string(msg_tree, hf.msg_call_id, msg->call_id);
    add_string(msg_tree, hf.msg_from_tag, msg->from_tag);
    add_string(msg_tree, hf.msg_to_tag, msg->to_tag);
    if (msg->has_cseq) {
        proto_item_set_generated(proto_tree_add_uint(msg_tree, hf.msg_cseq, NULL, 0, 0, msg->cseq));
    }
    add_string(msg_tree, hf.msg_cseq_method, msg->cseq_method);
    add_string(msg_tree, hf.msg_branch, msg->via_branch);
    add_string(msg_tree, hf.msg_sent_by, msg->via_sent_by);
    if (msg->resend_known) {
        proto_item_set_generated(proto_tree_add_boolean(msg_tree, hf.msg_resend, NULL, 0, 0, msg->resend));
    }
    /* numbered per header name, so each label (and JSON key) is unique */
    uint32_t numbers[AUTH_HDR_COUNT] = { 0 };
    for (size_t a = 0; a < msg->n_auth; a++) {
        const sip_auth_header *h = &msg->auth[a];
        for (size_t i = 0; i < h->value.n_items; i++) {
            render_auth_item(tree, tvb, pinfo, h->kind, &h->value.items[i], ++numbers[h->kind]);
        }
    }
}
