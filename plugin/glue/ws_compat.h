/* ws_compat.h - the few places where the Wireshark API differs between the
 * versions sipauth builds for (4.0 in Debian 12, 4.4 in Debian 13, 4.6). */
#ifndef SIPAUTH_WS_COMPAT_H
#define SIPAUTH_WS_COMPAT_H

#include <glib.h>
#include <stdbool.h>
#include <ws_version.h>

#define SIPAUTH_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* 4.2 moved from GLib types to C99 ones: field_info.value became a pointer,
 * boolean preferences, wmem and UAT callbacks use bool instead of gboolean. */
#if SIPAUTH_WS_AT_LEAST(4, 2)
#define SIPAUTH_FI_VALUE(fi) ((fi)->value)
typedef bool sipauth_pref_bool;
typedef bool sipauth_cb_bool;
#else
#define SIPAUTH_FI_VALUE(fi) (&(fi)->value)
typedef gboolean sipauth_pref_bool;
typedef gboolean sipauth_cb_bool;
#endif

/* The Telephony menu group was renamed in the same clean-up. */
#if SIPAUTH_WS_AT_LEAST(4, 2)
#define SIPAUTH_TELEPHONY_GROUP REGISTER_TELEPHONY_GROUP_UNSORTED
#else
#define SIPAUTH_TELEPHONY_GROUP REGISTER_STAT_GROUP_TELEPHONY
#endif

#endif
