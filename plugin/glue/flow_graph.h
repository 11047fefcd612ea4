/* flow_graph.h - the "SIP Auth" flow type: Statistics > Flow Graph in the
 * GUI and `tshark -z flow,sipauth,standard|network[,filter]`. */
#ifndef SIPAUTH_FLOW_GRAPH_H
#define SIPAUTH_FLOW_GRAPH_H

/* Register the sequence analysis (from proto_register, after the tap). */
void flow_graph_register(int proto);

#endif
