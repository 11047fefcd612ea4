/* sip_parse.h - read the few headers sipauth needs from one SIP message's bytes.
 *
 * Wireshark's SIP dissector finds the messages (it frames UDP datagrams, TCP
 * streams, TLS and WebSocket payloads, and flags retransmissions); the glue
 * asks it only where each message starts.  Asking it for the header fields
 * themselves made every one of them a real tree item on every SIP frame,
 * which cost more than all of sipauth's own work (docs/performance.md), so
 * the headers are read here instead: one forward scan over the header lines,
 * picking out the start line, Call-ID, From/To tags, CSeq, the top Via,
 * Content-Length and the four auth headers, in full and compact forms.
 *
 * Lenient where real phones are (LF line ends, folded lines, blanks before
 * the colon, any case), bounded on hostile input: no recursion, no fixed
 * buffers, every string a copy of its real length.
 */
#ifndef SIPAUTH_SIP_PARSE_H
#define SIPAUTH_SIP_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "sip_message.h"

/* What a parse allocated: the strings msg points to, and its auth headers. */
typedef struct {
    char            *strings;
    size_t           strings_cap;
    sip_auth_header *auth;
    size_t           auth_cap;
    size_t           n_auth;      /* of auth, parsed */
} sip_parse_storage;

/* Parse the message in data[0..len) (start line first; the range may run past
 * the message's end, as the glue cannot always tell where it ends).  Fills
 * msg's start-line, header and body members and leaves frame, time,
 * transport and resend alone.  The body points into data.  Returns the bytes
 * the message takes (headers plus the body Content-Length gives, at most len),
 * or 0 when data does not start with a SIP start line (msg then carries no
 * start line but still what headers were found).  Every member it fills is
 * reset first.  Release with sip_parse_storage_clear(). */
size_t sip_parse_message(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage);

/* The same for a caller that parses message after message into one
 * storage (the glue: one frame after another): storage holds zeros or the
 * previous parse, whose buffers are reused (its strings and auth headers
 * are gone once this returns), so a steady stream of messages costs no
 * allocation beyond the auth headers' own.  Release with
 * sip_parse_storage_clear() when done. */
size_t sip_parse_message_again(const uint8_t *data, size_t len, sip_message *msg, sip_parse_storage *storage);

/* Free what sip_parse_message() allocated; msg's auth headers are gone with it. */
void sip_parse_storage_clear(sip_parse_storage *storage, sip_message *msg);

#endif
