/* fields.h - every field, subtree and expert info sipauth registers.
 * The Wireshark style: hf_, ett_ and ei_ in one place. */
#ifndef SIPAUTH_FIELDS_H
#define SIPAUTH_FIELDS_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "auth_param.h"
#include "finding.h"

typedef struct {
    int proto;
    /* the engine's verdicts */
    int flow, role, attempt, challenge_frame, retry_frame, ack_frame, answer_frame, request_frame,
        copy_of, relay_of, retry_delay, kind, realm, username, outcome, finding, advice, rule;
    /* the extraction (sipauth.msg.*, sipauth.auth.*) */
    int msg, msg_method, msg_status, msg_ruri, msg_call_id, msg_from_tag, msg_to_tag, msg_cseq,
        msg_cseq_method, msg_branch, msg_sent_by, msg_resend;
    int auth, auth_scheme, auth_param, auth_oddity;
    /* sipauth.auth.<name>, by auth_param_id: the params the table
     * (core/auth_param.h) gives a field label; -1 for the others */
    int auth_params[AUTH_PARAM_COUNT];
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

/* The field of a digest parameter, or -1 if it has none of its own (it
 * goes into sipauth.auth.param). */
int fields_auth_param(auth_param_id id);

#endif
