/* fields.h - every field, subtree and expert info sipauth registers.
 * The Wireshark style: hf_, ett_ and ei_ in one place. */
#ifndef SIPAUTH_FIELDS_H
#define SIPAUTH_FIELDS_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "finding.h"

/* The digest parameters that get a field of their own (sipauth.auth.<name>):
 * the ones a user filters on or puts in a column. */
#define SIPAUTH_AUTH_PARAMS(X) \
    X(realm, "Realm") X(nonce, "Nonce") X(algorithm, "Algorithm") X(qop, "QOP") \
    X(opaque, "Opaque") X(stale, "Stale") X(domain, "Domain") X(username, "Username") \
    X(uri, "Digest URI") X(response, "Response") X(cnonce, "Client nonce") X(nc, "Nonce count")

typedef struct {
    int proto;
    /* the engine's verdicts */
    int flow, role, attempt, challenge_frame, retry_frame, ack_frame, answer_frame, request_frame,
        copy_of, relay_of, retry_delay, kind, realm, username, outcome, finding, advice, rule;
    /* the extraction (sipauth.msg.*, sipauth.auth.*) */
    int msg, msg_method, msg_status, msg_ruri, msg_call_id, msg_from_tag, msg_to_tag, msg_cseq,
        msg_cseq_method, msg_branch, msg_sent_by, msg_resend;
    int auth, auth_scheme, auth_param, auth_oddity;
#define SIPAUTH_PARAM_HF(name, label) int auth_##name;
    SIPAUTH_AUTH_PARAMS(SIPAUTH_PARAM_HF)
#undef SIPAUTH_PARAM_HF
    /* ett_realm: one (kind, realm) pair, so that sipauth.kind and
     * sipauth.realm never occur twice under one parent (-T json, render.c) */
    int ett_sipauth, ett_msg, ett_auth, ett_finding, ett_realm;
    expert_field ei[FINDING_COUNT];
} sipauth_fields;

extern sipauth_fields hf;

/* Register the protocol, its fields, subtrees and expert infos (the
 * preferences hang off the protocol: plugin.c). */
void fields_register(void);

/* Wireshark's severity (PI_*) of a finding's severity. */
int fields_expert_severity(finding_severity s);

/* The field of a digest parameter name (ASCII case-insensitive), or -1. */
int fields_auth_param(const char *name);

#endif
