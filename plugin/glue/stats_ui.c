/* stats_ui.c - the sipauth tap and `-z sipauth,stat[,filter]`.
 *
 * The post-dissector queues each message's result on the tap; the listener
 * feeds core/stats.c, which counts what the engine decided, so the table
 * agrees with the expert infos.  Verdicts that need later frames exist only
 * with two passes: use tshark -2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wireshark.h>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "stats.h"
#include "stats_ui.h"
#include "ws_compat.h"

static int sipauth_tap = -1;

bool
stats_ui_listening(void)
{
    return have_tap_listener(sipauth_tap);
}

void
stats_ui_queue(packet_info *pinfo, const msg_result *res)
{
    if (!have_tap_listener(sipauth_tap)) {
        return;
    }
    /* The engine's view is overwritten by the next result: queue a copy. */
    msg_result *copy = wmem_new(pinfo->pool, msg_result);
    *copy = *res;
    copy->findings = res->n_findings ? wmem_memdup(pinfo->pool, res->findings, res->n_findings * sizeof *res->findings)
                                     : NULL;
    tap_queue_packet(sipauth_tap, pinfo, copy);
}

static tap_packet_status
stat_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    stats_add(tapdata, data);
    return TAP_PACKET_REDRAW;
}

static void
stat_reset(void *tapdata)
{
    (void)tapdata; /* a new stats object per run; nothing to reset between passes */
}

static void
stat_draw(void *tapdata)
{
    GString *text = g_string_new(NULL);
    stats_format(tapdata, text);
    fputs(text->str, stdout);
    g_string_free(text, TRUE);
}

static void
stat_finish(void *tapdata)
{
    stats_free(tapdata);
}

/* The init callback returns bool since 4.6 (false: the statistic failed). */
#if SIPAUTH_WS_AT_LEAST(4, 6)
#define STAT_INIT_RETURN(ok) return (ok)
static bool
#else
#define STAT_INIT_RETURN(ok) do { if (!(ok)) exit(1); return; } while (0)
static void
#endif
stat_init(const char *opt_arg, void *userdata _U_)
{
    const char *filter = NULL;
    if (g_str_has_prefix(opt_arg, "sipauth,stat,")) {
        filter = opt_arg + strlen("sipauth,stat,");
    }
    stats *s = stats_new();
    GString *error = register_tap_listener("sipauth", s, filter, TL_REQUIRES_NOTHING, stat_reset, stat_packet,
                                           stat_draw, stat_finish);
    if (error) {
        fprintf(stderr, "tshark: couldn't register sipauth,stat tap: %s\n", error->str);
        g_string_free(error, TRUE);
        stats_free(s);
        STAT_INIT_RETURN(false);
    }
    STAT_INIT_RETURN(true);
}

void
stats_ui_register(void)
{
    sipauth_tap = register_tap("sipauth");
    static tap_param filter_param[] = { { PARAM_FILTER, "filter", "Filter", NULL, TRUE } };
    static stat_tap_ui ui = {
        SIPAUTH_TELEPHONY_GROUP, "SIP Auth Statistics", "sipauth,stat", stat_init,
        G_N_ELEMENTS(filter_param), filter_param,
    };
    register_stat_tap_ui(&ui, NULL);
}
