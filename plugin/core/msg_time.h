/* msg_time.h - a message's time in nanoseconds, saturated (msg_time.c). */
#ifndef SIPAUTH_MSG_TIME_H
#define SIPAUTH_MSG_TIME_H

#include <stdint.h>

#include "sip_message.h"

int64_t message_time_ns(const sip_message *msg);

#endif
