/* plugin.c - sipauth's entry points: plugin registration, preferences, a
 * capture's start and end, and the post-dissector that renders.
 *
 * First pass: each SIP message goes to the engine (ingest.h), which keeps
 * its result in frame order.  Every pass: the frame's results are rendered
 * (the engine finds them by frame number; no per-frame proto data, which
 * cost Wireshark about 60 bytes a message).  When the sequential read ends
 * (postseq cleanup) the engine gives the verdicts that need the whole
 * capture; a frame seen a second time means the same, where no such call
 * came (a rescan).
 */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/expert.h>
#include <epan/tap.h>
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif

#include "credentials_table.h"
#include "engine.h"
#include "fields.h"
#include "flow_graph.h"
#include "ingest.h"
#include "render.h"
#include "sip_fields.h"
#include "stats_table_ui.h"
#include "stats_ui.h"
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

static dissector_handle_t sipauth_handle;

/* Preferences */
static unsigned pref_t1_ms = 500;
static sipauth_pref_bool pref_info_column = true;
static sipauth_pref_bool pref_note_uri = true;
static sipauth_pref_bool pref_note_syntax = true;
static unsigned pref_guess_attempts = 5;
static unsigned pref_guess_window_s = 60;

static void
sipauth_init(void)
{
    engine_config cfg;
    engine_config_default(&cfg);
    cfg.t1_ms = pref_t1_ms ? pref_t1_ms : 500;
    cfg.note_uri = pref_note_uri;
    cfg.note_syntax = pref_note_syntax;
    cfg.guess_attempts = pref_guess_attempts;
    cfg.guess_window_ms = pref_guess_window_s * 1000u;
    engine_credential *secrets = credentials_table_view(&cfg.n_credentials);
    cfg.credentials = secrets;
    ingest_open(&cfg); /* the engine copies the secrets */
    g_free(secrets);
    /* Ask for SIP's fields only while sipauth is enabled: wanted fields make
     * tshark build a protocol tree for every frame, SIP or not, and that is
     * decided when a file is opened, after this routine (as TRANSUM does). */
    if (proto_is_protocol_enabled(find_protocol_by_id(hf.proto))) {
        set_postdissector_wanted_hfids(sipauth_handle, sip_fields_wanted());
    }
}

static void
sipauth_cleanup(void)
{
    set_postdissector_wanted_hfids(sipauth_handle, NULL);
    ingest_close();
}

/* Whether anyone takes a frame's results besides its tree items (which
 * `detail` covers): its Info column or Expert column (a packet list,
 * tshark's summary lines), the expert tap (the Expert Information dialog,
 * -z expert), a filter or column on _ws.expert fields, or sipauth's own tap
 * (-z sipauth,stat, the statistics dialogs, the SIP Auth flow graph).
 * tshark's first pass with -2, and its filtering second pass, need none of
 * it.  tests/capture/check_consumers.sh runs each of these consumers. */
static int expert_tap;        /* 0: not registered yet (find_tap_id's "none") */
static int expert_proto = -1; /* -1: likewise */

static bool
results_wanted(proto_tree *tree, packet_info *pinfo)
{
    /* Wireshark registers the expert tap and the _ws.expert protocol when
     * dissection is first set up, after the plugins' handoffs: look for
     * them until they are there (tests/capture/check_consumers.sh). */
    if (expert_tap <= 0 || expert_proto <= 0) {
        expert_tap = find_tap_id("expert");
        expert_proto = proto_get_id_by_filter_name("_ws.expert");
    }
    return pinfo->cinfo || stats_ui_listening() || (expert_tap > 0 && have_tap_listener(expert_tap)) ||
           (expert_proto > 0 && proto_field_is_referenced(tree, expert_proto));
}

/* The sequential read of a file is over (tshark's first pass, the GUI's
 * load, the end of a live capture): the engine can give the verdicts that
 * need the whole capture now, before anything is shown.  The GUI's status
 * bar sums up the file's expert infos right after this, from what the
 * first pass added; on that pass nobody read sipauth's results, so each
 * finding shown anywhere in the file is marked here, once, for its
 * severity (expert_add_info without an item adds no text, no item and,
 * between packets, nothing to any tap). */
static void
sipauth_end_of_read(void)
{
    engine *e = ingest_end_of_read();
    if (!e) {
        return;
    }
    uint64_t shown = engine_findings_shown(e);
    if (!shown) {
        return;
    }
    packet_info pinfo;
    memset(&pinfo, 0, sizeof pinfo);
    pinfo.num = 1; /* expert.c ignores frame 0 */
    pinfo.pool = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (int id = 0; id < FINDING_COUNT; id++) {
        if (shown & (UINT64_C(1) << id)) {
            expert_add_info(&pinfo, NULL, &hf.ei[id]);
        }
    }
    wmem_destroy_allocator(pinfo.pool);
}

/* The Expert column of the packet list shows the severity of the last
 * expert info a frame got (expert.c writes it for each one), so a message
 * whose Error comes before a Warning read "Warning" there while the tree,
 * the status bar and the Expert dialog said Error.  sipauth writes the
 * frame's highest severity back after its own findings: what other
 * dissectors left in the column, or its findings' highest. */
static int
expert_column_severity(packet_info *pinfo)
{
    const char *text = col_get_text(pinfo->cinfo, COL_EXPERT);
    for (const value_string *v = expert_severity_vals; text && v->strptr; v++) {
        if (strcmp(v->strptr, text) == 0) {
            return (int)v->value;
        }
    }
    return 0;
}

static int
dissect_sipauth(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* Most traffic is not SIP: leave before touching the tree. */
    if (!sip_fields_frame_has_sip(pinfo)) {
        return 0;
    }
    /* sipauth's items are built only when someone can see or filter them: a
     * shown tree, or a filter, column or -e field naming a sipauth field
     * (which makes the protocol referenced); otherwise Wireshark would fake
     * them, after sipauth had done the work. */
    const bool detail = proto_field_is_referenced(tree, hf.proto);
    const bool wanted = detail || results_wanted(tree, pinfo);
    /* The messages are fed on the first pass (queued when nobody reads
     * them now); later passes parse them again only for the extraction
     * subtree. */
    ingested_frame frame;
    if (ingest_frame(tree, pinfo, wanted, detail, &frame) == 0) {
        return 0;
    }
    if (!wanted) {
        return 0; /* a later pass nobody reads (a filtering tshark -2 pass) */
    }

    /* One sipauth tree per message, as the SIP dissector has one sip tree
     * per message: a TCP segment carrying an ACK and the retry shows two,
     * so no field occurs twice under one parent (-T json writes one key
     * per item; -T ek writes the layers of a frame as arrays, sipauth's
     * in step with sip's). */
    bool shown = false;
    int highest = pinfo->cinfo ? expert_column_severity(pinfo) : 0;
    engine *e = ingest_engine();
    for (uint32_t m = 0; m < frame.n_results; m++) {
        const msg_result *res = engine_result(e, frame.first_id + m);
        const sip_message *msg = m < frame.n_msgs ? &frame.msgs[m] : NULL;
        bool has_auth = msg && msg->n_auth > 0;
        if (!res->flow && !has_auth) {
            continue;
        }
        proto_item *ti = proto_tree_add_item(tree, hf.proto, tvb, 0, 0, ENC_NA);
        proto_tree *sipauth_tree = proto_item_add_subtree(ti, hf.ett_sipauth);
        shown = true;
        render_result(sipauth_tree, tvb, pinfo, res, detail);
        for (uint32_t i = 0; res->flow && i < res->n_findings; i++) {
            highest = MAX(highest, fields_expert_severity(finding_defs[res->findings[i].id].severity));
        }
        stats_ui_queue(pinfo, res);
        if (pref_info_column) {
            render_info_column(pinfo, res);
        }
        if (has_auth && detail) {
            render_extraction(sipauth_tree, tvb, pinfo, msg);
        }
    }
    if (pinfo->cinfo && highest) {
        col_add_str(pinfo->cinfo, COL_EXPERT, val_to_str_const((guint32)highest, expert_severity_vals, ""));
    }
    return shown ? (int)tvb_captured_length(tvb) : 0;
}

static void
proto_register_sipauth(void)
{
    fields_register();
    sipauth_handle = create_dissector_handle(dissect_sipauth, hf.proto);
    register_postdissector(sipauth_handle);
    stats_ui_register();
    stats_table_ui_register();
    flow_graph_register(hf.proto);
    register_init_routine(sipauth_init);
    register_cleanup_routine(sipauth_cleanup);
    register_postseq_cleanup_routine(sipauth_end_of_read);

    module_t *prefs = prefs_register_protocol(hf.proto, NULL);
    prefs_register_uint_preference(prefs, "t1", "T1 (ms)",
        "RFC 3261 timer T1. An INVITE challenge without ACK is ack_missing when a copy comes T1 or more after it, "
        "when the client's next request is followed by T1 of capture, or after 64*T1 of capture",
        10, &pref_t1_ms);
    prefs_register_bool_preference(prefs, "info_column", "Add a suffix to the Info column",
        "Append [auth #flow role: finding] to the Info column of auth messages", &pref_info_column);
    prefs_register_bool_preference(prefs, "note_uri", "Note digest uri different from the Request-URI",
        "Many clients (sipp, for one) put another URI in the credentials and most servers accept it",
        &pref_note_uri);
    prefs_register_bool_preference(prefs, "note_syntax", "Note auth headers that bend the grammar",
        "Quoted tokens, unquoted strings, missing spaces and the like, which lenient servers accept",
        &pref_note_syntax);
    prefs_register_uint_preference(prefs, "guess_attempts", "Guessing: rejected attempts",
        "guessing fires when one source address has this many credentials rejected (or probes this many user names "
        "without credentials) within the window below; 0 turns it off (at most 1000)",
        10, &pref_guess_attempts);
    prefs_register_uint_preference(prefs, "guess_window", "Guessing: window (s)",
        "The time within which the attempts above must fall", 10, &pref_guess_window_s);
    credentials_table_register(prefs);
}

static void
proto_reg_handoff_sipauth(void)
{
    sip_fields_init();
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
