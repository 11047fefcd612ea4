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

/* field_info.value became a pointer in 4.2. */
#if SIPAUTH_WS_AT_LEAST(4, 2)
#define SIPAUTH_FI_VALUE(fi) ((fi)->value)
#else
#define SIPAUTH_FI_VALUE(fi) (&(fi)->value)
#endif

/* Boolean preferences point at a gboolean up to 4.0 and at a bool since 4.2. */
#if SIPAUTH_WS_AT_LEAST(4, 2)
typedef bool sipauth_pref_bool;
#else
typedef gboolean sipauth_pref_bool;
#endif

#endif
