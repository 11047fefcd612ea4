/* render.c - the tree, expert infos and Info column suffix, from results.
 * Every pass renders from the engine's stored results, so tshark single
 * pass, tshark -2, the GUI and a re-dissected packet show the same thing
 * (single pass lacks only what later frames add). */
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

static void
add_finding(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const msg_result *res, const finding_hit *hit,
            bool detail)
{
    const finding_def *def = &finding_defs[hit->id];
    GString *text = g_string_new(NULL);
    finding_describe(hit, res->frame, text);
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
            add_finding(tree, tvb, pinfo, res, &res->findings[i], false);
        }
        return;
    }
    add_uint(tree, hf.flow, res->flow);
    add_string(tree, hf.role, msg_role_name(res->role));
    add_uint(tree, hf.attempt, res->attempt);
    add_uint(tree, hf.challenge_frame, res->challenge_frame);
    add_uint(tree, hf.retry_frame, res->retry_frame);
    add_uint(tree, hf.ack_frame, res->ack_frame);
    add_uint(tree, hf.answer_frame, res->answer_frame);
    add_uint(tree, hf.request_frame, res->request_frame);
    add_uint(tree, hf.copy_of, res->copy_of);
    if (res->has_retry_delay) {
        /* C division truncates towards zero, so secs and nsecs share the sign
         * as nstime_t wants for a negative delay (reordered capture). */
        nstime_t delay = { (time_t)(res->retry_delay_ns / 1000000000), (int)(res->retry_delay_ns % 1000000000) };
        proto_item_set_generated(proto_tree_add_time(tree, hf.retry_delay, NULL, 0, 0, &delay));
    }
    /* kind and realm in pairs: a proxy chain answers two realms at once */
    for (uint32_t i = 0; i < res->n_realms; i++) {
        add_string(tree, hf.kind, auth_kind_name(res->kinds[i]));
        add_string(tree, hf.realm, res->realms[i]);
    }
    add_string(tree, hf.username, res->username);
    if (res->outcome != OUTCOME_PENDING) {
        add_string(tree, hf.outcome, flow_outcome_name(res->outcome));
    }
    for (uint32_t i = 0; i < res->n_findings; i++) {
        add_finding(tree, tvb, pinfo, res, &res->findings[i], true);
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

static void
render_auth_item(proto_tree *tree, packet_info *pinfo, auth_header_kind kind, const auth_item *item)
{
    proto_item *ti = proto_tree_add_string_format_value(tree, hf.auth, NULL, 0, 0, auth_header_kind_name(kind),
        "%s: %s", auth_header_kind_name(kind), item->scheme[0] ? item->scheme : "(no scheme)");
    proto_item_set_generated(ti);
    proto_tree *auth_tree = proto_item_add_subtree(ti, hf.ett_auth);
    add_string(auth_tree, hf.auth_scheme, item->scheme);
    for (size_t p = 0; p < item->n_params; p++) {
        const auth_param *param = &item->params[p];
        int field = fields_auth_param(param->name);
        if (field > 0) {
            add_string(auth_tree, field, param->value);
        } else {
            add_string(auth_tree, hf.auth_param, wmem_strdup_printf(pinfo->pool, "%s=%s", param->name, param->value));
        }
    }
    if (item->oddities) {
        GString *text = g_string_new(NULL);
        auth_oddities_append(item->oddities, text);
        add_string(auth_tree, hf.auth_oddity, text->str);
        g_string_free(text, TRUE);
    }
}

void
render_extraction(proto_tree *tree, packet_info *pinfo, const sip_message *msg)
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
    for (size_t a = 0; a < msg->n_auth; a++) {
        const sip_auth_header *h = &msg->auth[a];
        for (size_t i = 0; i < h->value.n_items; i++) {
            render_auth_item(msg_tree, pinfo, h->kind, &h->value.items[i]);
        }
    }
}
