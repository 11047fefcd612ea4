/* sip_message.h - one SIP message as the core sees it.
 *
 * The glue fills one of these per SIP message it finds in a frame (a TCP
 * segment can carry several): Wireshark's SIP dissector says where each
 * message starts, sip_parse.c reads the headers from the message's bytes,
 * and the glue adds the frame's number, time, transport and source address;
 * the core never sees epan.  Strings are borrowed (the parse's storage, or
 * the glue's): anything the core keeps across messages it copies.  Absent
 * values are NULL, never "".
 */
#ifndef SIPAUTH_SIP_MESSAGE_H
#define SIPAUTH_SIP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth_header.h"
#include "header_kind.h"  /* auth_header_kind: which of the four auth headers */

/* One auth header of a message: which one it was, and its parsed value. */
typedef struct {
    auth_header_kind kind;
    auth_header      value;
} sip_auth_header;

typedef struct {
    uint32_t    frame;           /* frame number, 1-based */
    uint32_t    index_in_frame;  /* 0 for the first SIP message of the frame */
    int64_t     time_secs;       /* absolute capture time of the frame */
    int32_t     time_nsecs;

    bool        is_request;
    const char *method;          /* requests: the Request-Line method */
    uint32_t    status;          /* responses: status code; 0 for requests */
    const char *reason;          /* responses: the reason phrase, NULL if none */
    const char *request_uri;

    const char *call_id;
    const char *from_tag;
    const char *to_tag;
    const char *to_user;         /* requests: the user part of the To URI (the AOR a REGISTER names, the callee) */
    const char *user_agent;      /* User-Agent */
    const char *source;          /* the network source address of the frame (the glue's), "127.0.0.1" */
    bool        has_cseq;
    uint32_t    cseq;
    const char *cseq_method;
    const char *via_branch;      /* top Via */
    const char *via_sent_by;     /* top Via, "host" or "host:port" */
    bool        resend;          /* Wireshark's SIP dissector flagged it a retransmission */
    bool        resend_known;    /* resend was read (the glue sees the flag only in a shown tree or
                                    when sip.resend is itself filtered or printed) */

    bool           has_body;     /* the body as captured is known (empty with Content-Length: 0) */
    const uint8_t *body;         /* for auth-int */
    size_t         body_len;

    sip_auth_header *auth;       /* in the order they appear in the message */
    size_t           n_auth;
} sip_message;

#endif
