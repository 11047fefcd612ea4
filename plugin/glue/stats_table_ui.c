/* stats_table_ui.c - core/stats.c as stat_tap_table_ui tables.
 *
 * The tap listener feeds each message's result to a core stats object and
 * copies only the rows that result changed into Wireshark's tables
 * (stats_take_changes), so the GUI can redraw while a capture loads without
 * the cost growing with the table.  The counts are those of
 * `tshark -z sipauth,stat`: they come from the same stats_add(). */
#include <string.h>

#include <wireshark.h>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "stats.h"
#include "stats_table_ui.h"
#include "ws_compat.h"

enum { R_REALM, R_USER, R_FLOWS, R_CHALLENGES, R_RETRIES, R_ACCEPTED, R_FAILED, R_REFUSED, R_REJECTED,
       R_RECHALLENGED, R_STALE, R_NO_RETRY, R_UNANSWERED, R_ACK_MISSING, R_REPEATED, R_MEDIAN, R_MAX, R_COUNT };

static stat_tap_table_item realm_fields[R_COUNT] = {
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Realm", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "User", "%s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Flows", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Challenges", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Retries", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Accepted", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Failed after auth", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Refused", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Rejected", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Re-challenged", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Stale", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "No retry", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Unanswered", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Missing ACKs", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Repeated challenges", "%u" },
    /* whole milliseconds: the GUI prints floats with six decimals */
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Median retry (ms)", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Max retry (ms)", "%u" },
};

enum { P_FLOW, P_FRAME, P_CALL_ID, P_USER, P_REALMS, P_OUTCOME, P_FINDINGS, P_COUNT };

/* Wireshark 4.0's Qt dialog for these tables (SimpleStatisticsDialog) sizes
 * each column to its contents and title while sorting is off, then sorts by
 * the first column, whose header then gets the sort arrow in the same width:
 * the arrow covers the end of the first title, and a right-aligned title is
 * pushed out on the left ("Flow" read "low").  So the first title is
 * left-aligned and ends in spaces, for the arrow to cover (tshark prints them
 * before its "|").
 * The dialog offers no way to go to a frame (it handles no double-click, and
 * a stat_tap_table has no frame-number item type): "First frame" is there to
 * type into Go > Go to Packet (docs/gui.md). */
static stat_tap_table_item problem_fields[P_COUNT] = {
    { TABLE_ITEM_UINT, TAP_ALIGN_LEFT, "Flow   ", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "User", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Realm", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Findings", "%s" },
};

#define TITLE_BY_REALM "By realm"
#define TITLE_BY_USER  "By realm and user"
#define TITLE_PROBLEMS "Problem flows"

static stat_tap_table_ui realms_ui, problems_ui;

/* One core stats object per table set: the table's strings point into it, so
 * it lives until the tables are reset or made again.  (Two dialogs of the
 * same statistic share Wireshark's tables, and would count twice, as with
 * every stat_tap_table_ui.) */
static stats *realms_stats, *problems_stats;

static void
set_uint(stat_tap_table_item_type *item, unsigned v)
{
    item->type = TABLE_ITEM_UINT;
    item->value.uint_value = v;
}

static void
set_string(stat_tap_table_item_type *item, const char *v)
{
    item->type = TABLE_ITEM_STRING;
    item->value.string_value = v;
}

static void
set_ms(stat_tap_table_item_type *item, double ms)
{
    set_uint(item, ms > 0 ? (unsigned)(ms + 0.5) : 0);
}

static void
put_row(void *user_data, const stats_row *row, uint32_t id)
{
    stat_tap_table *table = stat_tap_find_table(user_data, row->user ? TITLE_BY_USER : TITLE_BY_REALM);
    stat_tap_table_item_type items[R_COUNT];
    memset(items, 0, sizeof items);
    set_string(&items[R_REALM], stats_cell(row->realm));
    set_string(&items[R_USER], row->user ? row->user : "(all)");
    set_uint(&items[R_FLOWS], row->flows);
    set_uint(&items[R_CHALLENGES], row->challenges);
    set_uint(&items[R_RETRIES], row->retries);
    set_uint(&items[R_ACCEPTED], row->outcomes[OUTCOME_ACCEPTED]);
    set_uint(&items[R_FAILED], row->outcomes[OUTCOME_FAILED]);
    set_uint(&items[R_REFUSED], row->outcomes[OUTCOME_REFUSED]);
    set_uint(&items[R_REJECTED], row->outcomes[OUTCOME_REJECTED]);
    set_uint(&items[R_RECHALLENGED], row->outcomes[OUTCOME_RECHALLENGED]);
    set_uint(&items[R_STALE], row->outcomes[OUTCOME_STALE]);
    set_uint(&items[R_NO_RETRY], row->outcomes[OUTCOME_NO_RETRY]);
    set_uint(&items[R_UNANSWERED], row->outcomes[OUTCOME_UNANSWERED]);
    set_uint(&items[R_ACK_MISSING], row->ack_missing);
    set_uint(&items[R_REPEATED], row->repeated);
    set_ms(&items[R_MEDIAN], row->median_ms);
    set_ms(&items[R_MAX], row->max_ms);
    if (table) {
        stat_tap_init_table_row(table, id, R_COUNT, items);
    }
}

static void
put_problem(void *user_data, const stats_problem *p, uint32_t id)
{
    stat_tap_table *table = stat_tap_find_table(user_data, TITLE_PROBLEMS);
    stat_tap_table_item_type items[P_COUNT];
    memset(items, 0, sizeof items);
    set_uint(&items[P_FLOW], p->flow);
    set_uint(&items[P_FRAME], p->first_frame);
    set_string(&items[P_CALL_ID], stats_cell(p->call_id));
    set_string(&items[P_USER], stats_cell(p->user));
    set_string(&items[P_REALMS], stats_cell(p->realms));
    set_string(&items[P_OUTCOME], flow_outcome_name(p->outcome));
    set_string(&items[P_FINDINGS], stats_cell(p->findings));
    if (table) {
        stat_tap_init_table_row(table, id, P_COUNT, items);
    }
}

static tap_packet_status
table_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    stat_tap_table_ui *ui = ((stat_data_t *)tapdata)->stat_tap_data;
    stats *s = ui == &realms_ui ? realms_stats : problems_stats;
    if (!s) {
        return TAP_PACKET_DONT_REDRAW;
    }
    stats_add(s, data);
    const stats_listener realms = { put_row, NULL }, problems = { NULL, put_problem };
    stats_take_changes(s, ui == &realms_ui ? &realms : &problems, ui);
    return TAP_PACKET_REDRAW;
}

/* Rows come and go with the capture: a reset empties the table. */
static void
table_reset(stat_tap_table *table)
{
    for (unsigned i = 0; i < table->num_elements; i++) {
        g_free(table->elements[i]);
    }
    g_free(table->elements);
    table->elements = NULL;
    table->num_elements = 0;
    /* The strings of the emptied rows were the stats object's: start a new one. */
    if (strcmp(table->title, TITLE_BY_REALM) == 0) {
        stats_free(realms_stats);
        realms_stats = stats_new();
    } else if (strcmp(table->title, TITLE_PROBLEMS) == 0) {
        stats_free(problems_stats);
        problems_stats = stats_new();
    }
}

static void
table_init(stat_tap_table_ui *ui)
{
    const char *titles[2] = { TITLE_BY_REALM, TITLE_BY_USER };
    size_t n_titles = ui == &realms_ui ? 2 : 1;
    if (ui == &problems_ui) {
        titles[0] = TITLE_PROBLEMS;
    }
    for (size_t i = 0; i < n_titles; i++) {
        stat_tap_table *table = stat_tap_find_table(ui, titles[i]);
        if (table) {
            table_reset(table);
        } else {
            stat_tap_add_table(ui, stat_tap_init_table(titles[i], (int)ui->nfields, 0, NULL));
        }
    }
    stats **s = ui == &realms_ui ? &realms_stats : &problems_stats;
    stats_free(*s);
    *s = stats_new();
}

void
stats_table_ui_register(void)
{
    static tap_param filter_param[] = { { PARAM_FILTER, "filter", "Filter", NULL, TRUE } };
    realms_ui = (stat_tap_table_ui){
        .group = SIPAUTH_TELEPHONY_GROUP,
        .title = "SIP Auth Statistics",
        .tap_name = "sipauth",
        .cli_string = "sipauth,realms",
        .stat_tap_init_cb = table_init,
        .packet_func = table_packet,
        .stat_tap_reset_table_cb = table_reset,
        .nfields = R_COUNT,
        .fields = realm_fields,
        .nparams = G_N_ELEMENTS(filter_param),
        .params = filter_param,
    };
    problems_ui = realms_ui;
    problems_ui.title = "SIP Auth Problem Flows";
    problems_ui.cli_string = "sipauth,flows";
    problems_ui.nfields = P_COUNT;
    problems_ui.fields = problem_fields;
    register_stat_tap_table_ui(&realms_ui);
    register_stat_tap_table_ui(&problems_ui);
}
