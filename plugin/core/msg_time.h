/* msg_time.h - a message's time in nanoseconds, saturated.  Inline: the
 * rules ask for it several times per message. */
#ifndef SIPAUTH_MSG_TIME_H
#define SIPAUTH_MSG_TIME_H

#include <stdint.h>

#include <glib.h>

#include "sip_message.h"

static inline int64_t
message_time_ns(const sip_message *msg)
{
    /* A corrupted capture can carry any timestamp at all: saturate rather
     * than overflow (undefined behaviour, found by tests/fuzz).  Half the
     * int64 range, the years 1824 to 2116, keeps the difference of any two
     * times representable as well (retry delays, the ACK timer). */
    const int64_t max_ns = INT64_MAX / 2;
    const int64_t max_secs = max_ns / INT64_C(1000000000);
    if (msg->time_secs > max_secs) {
        return max_ns;
    }
    if (msg->time_secs < -max_secs) {
        return -max_ns;
    }
    int64_t ns = msg->time_secs * INT64_C(1000000000) + msg->time_nsecs;
    return CLAMP(ns, -max_ns, max_ns);
}

#endif
