/* seq_analysis_compat.h - the part of Wireshark's epan/sequence_analysis.h
 * that the "SIP Auth" flow graph needs.
 *
 * No Debian release installs that header (libwireshark-dev / wireshark-dev of
 * 4.0, 4.4 and 4.6 leave it out), although libwireshark exports its
 * functions.  So this declares them, and the leading members of the two
 * structs as each version lays them out: 4.2 turned the gboolean members
 * into bool.  Checked against the libraries' code: sequence_analysis_use_
 * color_filter() stores has_color_filter at offset 0x6c with movl in 4.0.17
 * and with movb in 4.4.19 and 4.6.9, and the node walk reads display at 0x6d
 * in 4.4 and 4.6.  The members after those differ between versions (4.6's
 * item is 8 bytes longer than 4.4's), so sipauth declares only the leading
 * members, never allocates either struct and never takes their size:
 * Wireshark allocates both. */
#ifndef SIPAUTH_SEQ_ANALYSIS_COMPAT_H
#define SIPAUTH_SEQ_ANALYSIS_COMPAT_H

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/tap.h>

#include "ws_compat.h"

typedef struct {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar  *frame_label;     /* on the arrow */
    gchar  *time_str;
    gchar  *comment;         /* right of the graph */
    guint16 conv_num;        /* colours the arrows of one flow alike */
    unsigned fg_color;
    unsigned bg_color;
    sipauth_cb_bool has_color_filter;
    sipauth_cb_bool display;
    /* ... version-dependent members: not declared (see above) */
} sipauth_seq_item;

typedef struct {
    const char     *name;
    sipauth_cb_bool any_addr;
    int             nconv;
    GQueue         *items;   /* of sipauth_seq_item*, g_free'd members and all by Wireshark */
    /* ... */
} sipauth_seq_info;

/* Exported by libwireshark (WS_DLL_PUBLIC) in 4.0 to 4.6. */
extern void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                  const char *tap_listener, unsigned tap_flags, tap_packet_cb tap_func);
extern sipauth_seq_item *sequence_analysis_create_sai_with_addresses(packet_info *pinfo, sipauth_seq_info *sainfo);
extern void sequence_analysis_use_color_filter(packet_info *pinfo, sipauth_seq_item *sai);

#endif
