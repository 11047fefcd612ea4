/* flow_graph.c - one arrow per message of an auth flow, for Wireshark's
 * sequence analysis (Flow Graph dialog, tshark -z flow,sipauth,...).
 *
 * It listens on the "sipauth" tap, which carries the engine's result for
 * each message (stats_ui.c), so the arrows say what the expert infos say.
 * The label on the arrow is short: method or status, flow number and the
 * worst finding; the comment beside it has the realm, attempt and links.
 * As everywhere, verdicts that need later frames need two passes (tshark -2;
 * the GUI retaps after loading, so it always has them). */
#include <wireshark.h>

#include <epan/packet.h>
#include <epan/to_str.h>

#include "engine.h"
#include "flow_graph.h"
#include "seq_analysis_compat.h"

static char *
arrow_label(const msg_result *res)
{
    GString *label = g_string_new(NULL);
    if (res->method) {
        g_string_append(label, res->method);
    } else {
        g_string_append_printf(label, "%u", res->status);
    }
    g_string_append_printf(label, " #%u", res->flow);
    const finding_hit *worst = finding_problem(res->findings, res->n_findings); /* as in the Info column */
    if (worst) {
        g_string_append_printf(label, " %s", finding_defs[worst->id].name);
    }
    return g_string_free(label, FALSE);
}

/* "<frame>: #<flow> <role> <kind> "<realm>" user <u> attempt <n> answers <frame>: <problems>",
 * or "<frame>: #<flow> copy of <frame>" for a retransmission.
 * The frame comes first because the links name frames and tshark's text
 * ladder has no frame column; "N: #" also marks where the comment starts
 * when a long label has run into it there. */
static char *
arrow_comment(const msg_result *res)
{
    GString *c = g_string_new(NULL);
    g_string_append_printf(c, "%u: #%u", res->frame, res->flow);
    if (res->role != ROLE_COPY) { /* a copy says "copy of <frame>" below */
        g_string_append_printf(c, " %s", msg_role_name(res->role));
    }
    for (uint32_t i = 0; i < res->n_realms; i++) {
        g_string_append_printf(c, "%s %s \"%s\"", i ? "," : "", auth_kind_name(res->kinds[i]), res->realms[i]);
    }
    if (res->username) {
        g_string_append_printf(c, " user %s", res->username);
    }
    if (res->attempt) {
        g_string_append_printf(c, " attempt %u", res->attempt);
    }
    if (res->copy_of) {
        g_string_append_printf(c, " copy of %u", res->copy_of);
    } else if (res->challenge_frame && res->role == ROLE_REQUEST) {
        /* credentials reusing a nonce (a BYE, a re-REGISTER, the ACK of a
         * 2xx): they answer no challenge, they name the one that issued it */
        g_string_append_printf(c, " nonce of %u", res->challenge_frame);
    } else if (res->challenge_frame) {
        g_string_append_printf(c, " answers %u", res->challenge_frame);
    } else if (res->request_frame) {
        g_string_append_printf(c, " answers %u", res->request_frame);
    }
    const char *sep = ": ";
    for (uint32_t i = 0; i < res->n_findings; i++) {
        const finding_def *def = &finding_defs[res->findings[i].id];
        if (def->severity >= SEVERITY_WARN) {
            g_string_append_printf(c, "%s%s", sep, def->name);
            sep = ", ";
        }
    }
    return g_string_free(c, FALSE);
}

/* Replace a node address by "<address>:<port>" (IPv6 "[<address>]:<port>").
 * The string is a new address of type AT_STRINGZ, which Wireshark shows
 * as it is and frees, like the copy it replaces, with free_address(). */
static void
node_with_port(address *node, guint16 port)
{
    char *host = address_to_display(NULL, node);
    char *name = node->type == AT_IPv6 ? g_strdup_printf("[%s]:%u", host, port)
                                       : g_strdup_printf("%s:%u", host, port);
    address tmp;
    set_address(&tmp, AT_STRINGZ, (int)strlen(name) + 1, name);
    free_address(node);
    copy_address(node, &tmp);
    g_free(name);
    wmem_free(NULL, host);
}

static tap_packet_status
flow_graph_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    sipauth_seq_info *sainfo = tapdata;
    const msg_result *res = data;
    if (!res->flow || res->role == ROLE_NONE) {
        return TAP_PACKET_DONT_REDRAW;
    }
    sipauth_seq_item *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    if (!sai) {
        return TAP_PACKET_DONT_REDRAW; /* no addresses to draw between */
    }
    sai->frame_number = pinfo->num;
    sai->port_src = (guint16)pinfo->srcport;
    sai->port_dst = (guint16)pinfo->destport;
    /* Proxy, registrar and phones on one host (loopback captures, a PBX with
     * its own UA) would share one column: Wireshark 4.0 then draws every
     * arrow on the spot, without its label in the GUI, and its text ladder
     * runs an 11-character label into the comment; 4.4 splits such a host in
     * two by port order only.  Such a message gets a column per address and
     * port instead, in every version; messages between hosts keep theirs. */
    if (addresses_equal(&sai->src_addr, &sai->dst_addr)) {
        node_with_port(&sai->src_addr, sai->port_src);
        node_with_port(&sai->dst_addr, sai->port_dst);
    }
    sai->frame_label = arrow_label(res);
    sai->comment = arrow_comment(res);
    sai->conv_num = (guint16)res->flow;
    sai->display = TRUE;
    /* The SIP-Auth profile's colouring rules then colour the problem arrows. */
    sequence_analysis_use_color_filter(pinfo, sai);
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

void
flow_graph_register(int proto)
{
    register_seq_analysis("sipauth", "SIP Auth", proto, "sipauth", TL_REQUIRES_NOTHING, flow_graph_packet);
}
