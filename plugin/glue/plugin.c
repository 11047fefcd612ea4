/* plugin.c - sipauth's registration with Wireshark and its tree output.
 *
 * Thin glue: sip_fields.c turns the SIP dissector's tree into plain
 * sip_message structs, the core does the thinking, this file shows the
 * result.  Nothing here interprets SIP.
 */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif

#include "sip_fields.h"
#include "ws_compat.h"

#ifndef SIPAUTH_VERSION
#define SIPAUTH_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPAUTH_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#ifdef WS_PLUGIN_DESC_DISSECTOR
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

static int proto_sipauth = -1;
static dissector_handle_t sipauth_handle;

/* What sipauth read from each SIP message (sipauth.msg.*) and from each
 * challenge or credentials in it (sipauth.auth.*). */
static int hf_msg = -1;
static int hf_msg_method = -1;
static int hf_msg_status = -1;
static int hf_msg_ruri = -1;
static int hf_msg_call_id = -1;
static int hf_msg_from_tag = -1;
static int hf_msg_to_tag = -1;
static int hf_msg_cseq = -1;
static int hf_msg_cseq_method = -1;
static int hf_msg_branch = -1;
static int hf_msg_sent_by = -1;
static int hf_msg_resend = -1;
static int hf_auth = -1;
static int hf_auth_scheme = -1;
static int hf_auth_param = -1;
static int hf_auth_oddity = -1;

/* The digest parameters that get a field of their own: the ones a user
 * filters on or puts in a column.  Others show as sipauth.auth.param. */
typedef struct {
    const char *name;   /* parameter name on the wire */
    int         hf;
} auth_param_field;

static auth_param_field auth_param_fields[] = {
    { "realm", -1 },    { "nonce", -1 },  { "algorithm", -1 }, { "qop", -1 },
    { "opaque", -1 },   { "stale", -1 },  { "domain", -1 },    { "username", -1 },
    { "uri", -1 },      { "response", -1 }, { "cnonce", -1 },  { "nc", -1 },
};

static int ett_sipauth = -1;
static int ett_msg = -1;
static int ett_auth = -1;

static int
find_param_field(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(auth_param_fields); i++) {
        if (g_ascii_strcasecmp(auth_param_fields[i].name, name) == 0) {
            return auth_param_fields[i].hf;
        }
    }
    return -1;
}

static void
add_generated_string(proto_tree *tree, int hf, const char *value)
{
    if (value) {
        proto_item_set_generated(proto_tree_add_string(tree, hf, NULL, 0, 0, value));
    }
}

static void
add_auth_item(proto_tree *tree, packet_info *pinfo, auth_header_kind kind, const auth_item *item)
{
    proto_item *ti = proto_tree_add_string_format_value(tree, hf_auth, NULL, 0, 0,
        auth_header_kind_name(kind), "%s: %s", auth_header_kind_name(kind),
        item->scheme[0] ? item->scheme : "(no scheme)");
    proto_item_set_generated(ti);
    proto_tree *auth_tree = proto_item_add_subtree(ti, ett_auth);
    add_generated_string(auth_tree, hf_auth_scheme, item->scheme);
    for (size_t p = 0; p < item->n_params; p++) {
        const auth_param *param = &item->params[p];
        int hf = find_param_field(param->name);
        if (hf > 0) {
            add_generated_string(auth_tree, hf, param->value);
        } else {
            add_generated_string(auth_tree, hf_auth_param,
                                 wmem_strdup_printf(pinfo->pool, "%s=%s", param->name, param->value));
        }
    }
    if (item->oddities) {
        GString *text = g_string_new(NULL);
        auth_oddities_append(item->oddities, text);
        add_generated_string(auth_tree, hf_auth_oddity, text->str);
        g_string_free(text, TRUE);
    }
}

static void
add_message(proto_tree *tree, packet_info *pinfo, const sip_message *msg)
{
    proto_item *ti = proto_tree_add_none_format(tree, hf_msg, NULL, 0, 0,
        "SIP message %u: %s%s, CSeq %u %s", msg->index_in_frame + 1,
        msg->is_request ? (msg->method ? msg->method : "?") : "",
        msg->is_request ? "" : wmem_strdup_printf(pinfo->pool, "%u", msg->status),
        msg->cseq, msg->cseq_method ? msg->cseq_method : "?");
    proto_item_set_generated(ti);
    proto_tree *msg_tree = proto_item_add_subtree(ti, ett_msg);
    if (msg->is_request) {
        add_generated_string(msg_tree, hf_msg_method, msg->method);
    } else {
        proto_item_set_generated(proto_tree_add_uint(msg_tree, hf_msg_status, NULL, 0, 0, msg->status));
    }
    add_generated_string(msg_tree, hf_msg_ruri, msg->request_uri);
    add_generated_string(msg_tree, hf_msg_call_id, msg->call_id);
    add_generated_string(msg_tree, hf_msg_from_tag, msg->from_tag);
    add_generated_string(msg_tree, hf_msg_to_tag, msg->to_tag);
    if (msg->has_cseq) {
        proto_item_set_generated(proto_tree_add_uint(msg_tree, hf_msg_cseq, NULL, 0, 0, msg->cseq));
    }
    add_generated_string(msg_tree, hf_msg_cseq_method, msg->cseq_method);
    add_generated_string(msg_tree, hf_msg_branch, msg->via_branch);
    add_generated_string(msg_tree, hf_msg_sent_by, msg->via_sent_by);
    proto_item_set_generated(proto_tree_add_boolean(msg_tree, hf_msg_resend, NULL, 0, 0, msg->resend));
    for (size_t a = 0; a < msg->n_auth; a++) {
        const sip_auth_header *h = &msg->auth[a];
        for (size_t i = 0; i < h->value.n_items; i++) {
            add_auth_item(msg_tree, pinfo, h->kind, &h->value.items[i]);
        }
    }
}

static int
dissect_sipauth(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* Most traffic is not SIP: leave before touching the tree. */
    if (!sip_fields_frame_has_sip(pinfo)) {
        return 0;
    }
    sip_message *msgs;
    size_t n = sip_fields_extract(tree, pinfo, &msgs);
    proto_tree *sipauth_tree = NULL;
    for (size_t m = 0; m < n; m++) {
        if (msgs[m].n_auth == 0) {
            continue;
        }
        if (!sipauth_tree) {
            proto_item *ti = proto_tree_add_item(tree, proto_sipauth, tvb, 0, 0, ENC_NA);
            sipauth_tree = proto_item_add_subtree(ti, ett_sipauth);
        }
        add_message(sipauth_tree, pinfo, &msgs[m]);
    }
    return sipauth_tree ? (int)tvb_captured_length(tvb) : 0;
}

#define STRING_FIELD(id, name, abbrev, blurb) \
    { &(id), { name, abbrev, FT_STRING, BASE_NONE, NULL, 0x0, blurb, HFILL } }

static void
proto_register_sipauth(void)
{
    static hf_register_info hf[] = {
        { &hf_msg, { "SIP message", "sipauth.msg", FT_NONE, BASE_NONE, NULL, 0x0,
            "A SIP message as sipauth read it", HFILL } },
        STRING_FIELD(hf_msg_method, "Method", "sipauth.msg.method", "Request method"),
        { &hf_msg_status, { "Status code", "sipauth.msg.status", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Response status code", HFILL } },
        STRING_FIELD(hf_msg_ruri, "Request-URI", "sipauth.msg.ruri", NULL),
        STRING_FIELD(hf_msg_call_id, "Call-ID", "sipauth.msg.call_id", NULL),
        STRING_FIELD(hf_msg_from_tag, "From tag", "sipauth.msg.from_tag", NULL),
        STRING_FIELD(hf_msg_to_tag, "To tag", "sipauth.msg.to_tag", NULL),
        { &hf_msg_cseq, { "CSeq number", "sipauth.msg.cseq", FT_UINT32, BASE_DEC, NULL, 0x0,
            NULL, HFILL } },
        STRING_FIELD(hf_msg_cseq_method, "CSeq method", "sipauth.msg.cseq_method", NULL),
        STRING_FIELD(hf_msg_branch, "Top Via branch", "sipauth.msg.branch", NULL),
        STRING_FIELD(hf_msg_sent_by, "Top Via sent-by", "sipauth.msg.sent_by", NULL),
        { &hf_msg_resend, { "Retransmission", "sipauth.msg.resend", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Wireshark's SIP dissector flagged this message as a resend", HFILL } },
        STRING_FIELD(hf_auth, "Auth header", "sipauth.auth",
            "One challenge or set of credentials; the value is the header it came from"),
        STRING_FIELD(hf_auth_scheme, "Scheme", "sipauth.auth.scheme", NULL),
        STRING_FIELD(auth_param_fields[0].hf, "Realm", "sipauth.auth.realm", "Unquoted; compared case-sensitively"),
        STRING_FIELD(auth_param_fields[1].hf, "Nonce", "sipauth.auth.nonce", NULL),
        STRING_FIELD(auth_param_fields[2].hf, "Algorithm", "sipauth.auth.algorithm", NULL),
        STRING_FIELD(auth_param_fields[3].hf, "QOP", "sipauth.auth.qop", NULL),
        STRING_FIELD(auth_param_fields[4].hf, "Opaque", "sipauth.auth.opaque", NULL),
        STRING_FIELD(auth_param_fields[5].hf, "Stale", "sipauth.auth.stale", NULL),
        STRING_FIELD(auth_param_fields[6].hf, "Domain", "sipauth.auth.domain", NULL),
        STRING_FIELD(auth_param_fields[7].hf, "Username", "sipauth.auth.username", NULL),
        STRING_FIELD(auth_param_fields[8].hf, "Digest URI", "sipauth.auth.uri", NULL),
        STRING_FIELD(auth_param_fields[9].hf, "Response", "sipauth.auth.response", NULL),
        STRING_FIELD(auth_param_fields[10].hf, "Client nonce", "sipauth.auth.cnonce", NULL),
        STRING_FIELD(auth_param_fields[11].hf, "Nonce count", "sipauth.auth.nc", NULL),
        STRING_FIELD(hf_auth_param, "Other parameter", "sipauth.auth.param", "name=value"),
        STRING_FIELD(hf_auth_oddity, "Syntax oddities", "sipauth.auth.oddity",
            "What in the header bent the grammar (accepted leniently)"),
    };
    static int *ett[] = { &ett_sipauth, &ett_msg, &ett_auth };

    proto_sipauth = proto_register_protocol("SIP Authentication Analysis", "SIPAUTH", "sipauth");
    proto_register_field_array(proto_sipauth, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    sipauth_handle = create_dissector_handle(dissect_sipauth, proto_sipauth);
    register_postdissector(sipauth_handle);
}

static void
proto_reg_handoff_sipauth(void)
{
    sip_fields_init();
    GArray *wanted = sip_fields_wanted();
    set_postdissector_wanted_hfids(sipauth_handle, wanted);
}

#ifdef WS_PLUGIN_DESC_DISSECTOR
uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void
plugin_register(void)
{
    static proto_plugin plug;
    plug.register_protoinfo = proto_register_sipauth;
    plug.register_handoff = proto_reg_handoff_sipauth;
    proto_register_plugin(&plug);
}
