/* stats_ui.h - the "sipauth" tap and the statistics built on it:
 * `tshark -z sipauth,stat[,filter]`. */
#ifndef SIPAUTH_STATS_UI_H
#define SIPAUTH_STATS_UI_H

#include <epan/packet.h>

#include "engine.h"

/* Register the tap and the statistics (from proto_register). */
void stats_ui_register(void);

/* Queue one message's result for the tap listeners, if there are any. */
void stats_ui_queue(packet_info *pinfo, const msg_result *res);

/* true while a listener (-z sipauth,stat, the GUI's statistics or flow
 * graph) takes the results. */
bool stats_ui_listening(void);

#endif
