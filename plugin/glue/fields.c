/* fields.c - registration of sipauth's fields, subtrees and expert infos.
 * The expert infos come from the findings table (core/finding.h), so a
 * finding's name, group, severity and summary are written only there. */
#include <stdio.h>

#include <epan/proto.h>

#include "fields.h"

sipauth_fields hf = { .proto = -1 };

int
fields_auth_param(auth_param_id id)
{
    return (unsigned)id < AUTH_PARAM_COUNT ? hf.auth_params[id] : -1;
}

#define FIELD(id, name, abbrev, type, display, strings, blurb) \
    { &hf.id, { name, abbrev, type, display, strings, 0x0, blurb, HFILL } }
#define STRING_FIELD(id, name, abbrev, blurb) FIELD(id, name, abbrev, FT_STRING, BASE_NONE, NULL, blurb)
#define FRAME_FIELD(id, name, abbrev, kind, blurb) \
    FIELD(id, name, abbrev, FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(kind), blurb)

static int
expert_group(finding_group g)
{
    switch (g) {
    case GROUP_SEQUENCE:  return PI_SEQUENCE;
    case GROUP_PROTOCOL:  return PI_PROTOCOL;
    case GROUP_MALFORMED: return PI_MALFORMED;
    case GROUP_SECURITY:  return PI_SECURITY;
    }
    return PI_PROTOCOL;
}

int
fields_expert_severity(finding_severity s)
{
    switch (s) {
    case SEVERITY_CHAT:  return PI_CHAT;
    case SEVERITY_NOTE:  return PI_NOTE;
    case SEVERITY_WARN:  return PI_WARN;
    case SEVERITY_ERROR: return PI_ERROR;
    }
    return PI_NOTE;
}

/* sipauth.auth.<name> for each param the table gives a field label, in
 * the table's order.  Static, like the arrays above: Wireshark keeps
 * pointers to the registration and to the names. */
static void
register_param_fields(void)
{
    static hf_register_info params[AUTH_PARAM_COUNT];
    static char abbrevs[AUTH_PARAM_COUNT][32];
    int n = 0;
    for (int id = 0; id < AUTH_PARAM_COUNT; id++) {
        const auth_param_def *def = &auth_param_defs[id];
        hf.auth_params[id] = -1;
        if (def->field_label == NULL) {
            continue;
        }
        snprintf(abbrevs[id], sizeof abbrevs[id], "sipauth.auth.%s", def->name);
        params[n++] = (hf_register_info){ &hf.auth_params[id], { def->field_label, abbrevs[id], FT_STRING, BASE_NONE,
                                                                 NULL, 0x0, "Unquoted value", HFILL } };
    }
    proto_register_field_array(hf.proto, params, n);
}

void
fields_register(void)
{
    static hf_register_info fields[] = {
        FIELD(flow, "Auth flow", "sipauth.flow", FT_UINT32, BASE_DEC, NULL,
              "Number of the auth exchange (request, challenges, ACKs, retries, final answer) this message belongs to"),
        STRING_FIELD(role, "Role", "sipauth.role",
                     "request, challenge, ack, retry, provisional, final or copy (retransmission)"),
        FIELD(attempt, "Attempt", "sipauth.attempt", FT_UINT32, BASE_DEC, NULL,
              "1 for the original request, 2 for the first retry, ... (per sender)"),
        FRAME_FIELD(challenge_frame, "Challenge in frame", "sipauth.challenge_frame", FT_FRAMENUM_RESPONSE,
                    "The 401/407 this ACK or retry answers (for credentials: the challenge that issued their nonce)"),
        FRAME_FIELD(retry_frame, "Retry in frame", "sipauth.retry_frame", FT_FRAMENUM_REQUEST,
                    "The first request that used this challenge's nonce"),
        FRAME_FIELD(ack_frame, "ACK in frame", "sipauth.ack_frame", FT_FRAMENUM_ACK,
                    "The ACK of this challenge"),
        FRAME_FIELD(answer_frame, "Answered in frame", "sipauth.answer_frame", FT_FRAMENUM_RESPONSE,
                    "The first final answer (a challenge included) to this request"),
        FRAME_FIELD(request_frame, "Request in frame", "sipauth.request_frame", FT_FRAMENUM_REQUEST,
                    "The request this response answers"),
        FRAME_FIELD(copy_of, "Retransmission of frame", "sipauth.copy_of", FT_FRAMENUM_RETRANS_PREV,
                    "The first copy of this retransmitted message"),
        FRAME_FIELD(relay_of, "Relay of frame", "sipauth.relay_of", FT_FRAMENUM_NONE,
                    "The message this one carries on another hop (a proxy's forward or relay, both legs captured)"),
        /* Seconds as a double, not FT_RELATIVE_TIME: -G elastic-mapping maps a
         * relative time as "date", so Elasticsearch would index a delay as
         * an instant; a double maps as a number.  Filters keep their unit
         * (sipauth.retry_delay > 1 is more than a second), -T fields and
         * json print the same digits, and a reordered capture's negative
         * delay still fits (an unsigned count of milliseconds would not). */
        FIELD(retry_delay, "Time since challenge", "sipauth.retry_delay", FT_DOUBLE, BASE_NONE, NULL,
              "Time from the challenge to this retry, in seconds"),
        STRING_FIELD(kind, "Kind", "sipauth.kind", "proxy (407, Proxy-Authorization) or www (401, Authorization)"),
        STRING_FIELD(realm, "Realm", "sipauth.realm",
                     "Each realm the message challenges, or names in its credentials (with its sipauth.kind under a Realm N item)"),
        STRING_FIELD(username, "Username", "sipauth.username", NULL),
        STRING_FIELD(outcome, "Flow outcome", "sipauth.outcome",
                     "How the flow ended (once known): accepted, failed after auth (STATUS), refused (403), rejected (STATUS), re-challenged, stale, no retry or unanswered"),
        STRING_FIELD(finding, "Finding", "sipauth.finding",
                     "The finding's name (a string, for exports: -T ek, -T fields)"),
        STRING_FIELD(advice, "Advice", "sipauth.advice", "What to check or fix"),
        STRING_FIELD(rule, "Rule", "sipauth.rule", "The standard the finding rests on"),

        FIELD(msg, "SIP message", "sipauth.msg", FT_NONE, BASE_NONE, NULL, "A SIP message as sipauth read it"),
        STRING_FIELD(msg_method, "Method", "sipauth.msg.method", NULL),
        FIELD(msg_status, "Status code", "sipauth.msg.status", FT_UINT32, BASE_DEC, NULL, NULL),
        STRING_FIELD(msg_ruri, "Request-URI", "sipauth.msg.ruri", NULL),
        STRING_FIELD(msg_call_id, "Call-ID", "sipauth.msg.call_id", NULL),
        STRING_FIELD(msg_from_tag, "From tag", "sipauth.msg.from_tag", NULL),
        STRING_FIELD(msg_to_tag, "To tag", "sipauth.msg.to_tag", NULL),
        FIELD(msg_cseq, "CSeq number", "sipauth.msg.cseq", FT_UINT32, BASE_DEC, NULL, NULL),
        STRING_FIELD(msg_cseq_method, "CSeq method", "sipauth.msg.cseq_method", NULL),
        STRING_FIELD(msg_branch, "Top Via branch", "sipauth.msg.branch", NULL),
        STRING_FIELD(msg_sent_by, "Top Via sent-by", "sipauth.msg.sent_by", NULL),
        FIELD(msg_resend, "Retransmission", "sipauth.msg.resend", FT_BOOLEAN, BASE_NONE, NULL,
              "Wireshark's SIP dissector flagged this message as a resend"),
        STRING_FIELD(auth, "Auth header", "sipauth.auth",
                     "The header of one challenge or set of credentials (under its own item, with its sipauth.auth.*)"),
        STRING_FIELD(auth_scheme, "Scheme", "sipauth.auth.scheme", NULL),
    };
    /* sipauth.auth.<param> come here, from the param table (below), and
     * the rest after them: the order of registration is the order of
     * tshark -G fields, which stays as it was. */
    static hf_register_info auth_fields_after[] = {
        STRING_FIELD(auth_param, "Other parameters", "sipauth.auth.param",
                     "The parameters without a field of their own, as name=value, comma-separated"),
        STRING_FIELD(auth_oddity, "Syntax oddities", "sipauth.auth.oddity",
                     "What in the header bent the grammar (accepted leniently)"),
    };
    static int *ett[] = { &hf.ett_sipauth, &hf.ett_msg, &hf.ett_auth, &hf.ett_finding, &hf.ett_realm };
    hf.ett_sipauth = hf.ett_msg = hf.ett_auth = hf.ett_finding = hf.ett_realm = -1;

    hf.proto = proto_register_protocol("SIP Authentication Analysis", "SIPAUTH", "sipauth");
    proto_register_field_array(hf.proto, fields, array_length(fields));
    register_param_fields();
    proto_register_field_array(hf.proto, auth_fields_after, array_length(auth_fields_after));
    proto_register_subtree_array(ett, array_length(ett));

    /* Registered for the life of the program, as Wireshark expects, and
     * static like every dissector's: Wireshark keeps pointers into the array
     * and to the names but drops them at exit, after unloading the plugin,
     * so heap copies would show as definitely lost (scripts/valgrind-corpus). */
    static ei_register_info ei[FINDING_COUNT];
    static char names[FINDING_COUNT][64];
    for (int f = 0; f < FINDING_COUNT; f++) {
        const finding_def *def = &finding_defs[f];
        snprintf(names[f], sizeof names[f], "sipauth.%s", def->name);
        hf.ei[f] = (expert_field){ EI_INIT_EI, EI_INIT_HF };
        ei[f] = (ei_register_info){ &hf.ei[f], { names[f],
            expert_group(def->group), fields_expert_severity(def->severity), def->summary, EXPFILL } };
    }
    expert_module_t *module = expert_register_protocol(hf.proto);
    expert_register_field_array(module, ei, FINDING_COUNT);
}
