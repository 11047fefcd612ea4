/* stats_table_ui.h - the statistics as Wireshark tables: Telephony ›
 * "SIP Auth Statistics" (per realm, per realm and user) and "SIP Auth
 * Problem Flows" in the GUI, and their generic tshark forms
 * (-z sipauth,realms / -z sipauth,flows). */
#ifndef SIPAUTH_STATS_TABLE_UI_H
#define SIPAUTH_STATS_TABLE_UI_H

/* Register both tables (from proto_register, after the "sipauth" tap). */
void stats_table_ui_register(void);

#endif
