/* sip_message.c - names of the auth headers. */
#include "sip_message.h"

const char *
auth_header_kind_name(auth_header_kind kind)
{
    switch (kind) {
    case AUTH_HDR_WWW_AUTHENTICATE:    return "WWW-Authenticate";
    case AUTH_HDR_PROXY_AUTHENTICATE:  return "Proxy-Authenticate";
    case AUTH_HDR_AUTHORIZATION:       return "Authorization";
    case AUTH_HDR_PROXY_AUTHORIZATION: return "Proxy-Authorization";
    case AUTH_HDR_COUNT:               break;
    }
    return "?";
}

bool
auth_header_kind_is_challenge(auth_header_kind kind)
{
    return kind == AUTH_HDR_WWW_AUTHENTICATE || kind == AUTH_HDR_PROXY_AUTHENTICATE;
}
