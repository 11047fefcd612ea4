/* finding.c - the findings table and the one-line texts of its occurrences. */
#include "finding.h"
#include "header_kind.h"

const finding_def finding_defs[FINDING_COUNT] = {
#define SIPAUTH_FINDING_ROW(id, name, group, severity, summary, advice, rule) \
    [FINDING_##id] = { name, group, severity, summary, advice, rule },
    SIPAUTH_FINDINGS(SIPAUTH_FINDING_ROW)
#undef SIPAUTH_FINDING_ROW
};

static const char *
or_dash(const char *s)
{
    return s ? s : "-";
}

static const char *
or_empty(const char *s)
{
    return s ? s : "";
}

static const char *
unchecked_text(const finding_hit *hit, GString *scratch)
{
    switch (hit->u.unverifiable.cause) {
    case UNCHECKED_NOT_DIGEST:  return "not Digest credentials with a username and a response";
    case UNCHECKED_ALGORITHM:
        g_string_printf(scratch, "algorithm %s cannot be checked", or_dash(hit->u.unverifiable.detail));
        return scratch->str;
    case UNCHECKED_NO_SECRET:
        g_string_printf(scratch, "no password or HA1 for user \"%s\" realm \"%s\" in the sipauth_credentials table",
                        or_empty(hit->u.unverifiable.detail), or_empty(hit->u.unverifiable.detail2));
        return scratch->str;
    case UNCHECKED_NO_BODY:     return "qop=auth-int but the message body is not in the capture";
    case UNCHECKED_UNKNOWN_QOP: return "unknown qop";
    case UNCHECKED_INCOMPLETE:
        return "the credentials lack nonce, uri, cnonce or nc, or the table's HA1 does not fit the algorithm";
    }
    return "-";
}

static const char *
wrong_text(const finding_hit *hit, GString *scratch)
{
    const char *d = or_dash(hit->u.bad_password.detail), *d2 = or_dash(hit->u.bad_password.detail2);
    switch (hit->u.bad_password.cause) {
    case WRONG_HA1_ONLY:
        return "the password behind the table's HA1 (realm, uri and username cannot be tried without the password)";
    case WRONG_REALM:
        g_string_printf(scratch, "the realm: the digest was computed over \"%s\", the server uses \"%s\"", d, d2);
        return scratch->str;
    case WRONG_URI:
        g_string_printf(scratch, "the uri: the digest was computed over the Request-URI, not over uri=\"%s\"", d);
        return scratch->str;
    case WRONG_USERNAME:
        g_string_printf(scratch, "the username: the digest is right for user \"%s\", not \"%s\"", d, d2);
        return scratch->str;
    case WRONG_PASSWORD:
        return "the password (the digest is wrong with the realm, uri and username as sent)";
    }
    return "-";
}

/* The header a challenge of status comes in, or the one that answers it
 * (the Proxy-* ones for a 407, the others for any other status). */
static const char *
header_for_status(uint32_t status, bool challenge)
{
    return auth_header_kind_name(auth_header_kind_of_status(status, challenge));
}

/* "407 Proxy-Authenticate": the challenge a status stands for. */
static void
append_challenge(GString *out, uint32_t status)
{
    const auth_header_kind kind = auth_header_kind_of_status(status, true);
    g_string_append_printf(out, "%u %s", auth_header_kind_status(kind), auth_header_kind_name(kind));
}

/* Texts name the frames involved so that the Expert Information dialog alone
 * tells the story; they stay under Wireshark's 240-character label limit. */
void
finding_describe(const finding_hit *hit, uint32_t own_frame, GString *out)
{
    (void)own_frame;
    const uint32_t frame = hit->frame;
    switch (hit->id) {
    case FINDING_REALM_MISMATCH: {
        const struct hit_realm_mismatch *m = &hit->u.realm_mismatch;
        g_string_append_printf(out, "Credentials name realm \"%s\" but frame %u challenged \"%s\"%s",
                               or_dash(m->realm), frame, or_dash(m->challenged),
                               m->case_only ? " (differs only in letter case)" : "");
        break;
    }
    case FINDING_ACK_MISSING: {
        const struct hit_ack_missing *m = &hit->u.ack_missing;
        if (frame && m->next_request) {
            g_string_append_printf(out, "No ACK for this challenge: the server retransmitted it (frame %u, %u cop%s in all) "
                                   "and the client sent its next request (frame %u) without ACKing it",
                                   frame, m->copies, m->copies == 1 ? "y" : "ies", m->next_request);
        } else if (frame) {
            g_string_append_printf(out, "No ACK for this challenge: the server retransmitted it after T1 (frame %u, %u cop%s in all), "
                                   "so no ACK had reached it", frame, m->copies, m->copies == 1 ? "y" : "ies");
        } else if (m->next_request) {
            g_string_append_printf(out, "No ACK for this challenge: the client sent its next request (frame %u) without ACKing it",
                                   m->next_request);
        } else {
            g_string_append_printf(out, "No ACK for this challenge within 64*T1 (%u ms); the server retransmitted it %u time%s",
                                   m->limit_ms, m->copies, m->copies == 1 ? "" : "s");
        }
        break;
    }
    case FINDING_ACK_NOT_SEEN:
        g_string_append_printf(out, "No ACK for this challenge before the capture ended (%u ms later, less than 64*T1 = %u ms)",
                               hit->u.ack_not_seen.waited_ms, hit->u.ack_not_seen.limit_ms);
        break;
    case FINDING_REPEATED_CHALLENGE:
        g_string_append_printf(out, "Realm \"%s\" challenged again after the credentials in frame %u (repetition %u): credentials rejected",
                               or_dash(hit->u.repeated_challenge.realm), frame, hit->u.repeated_challenge.repetition);
        break;
    case FINDING_CREDENTIALS_REFUSED: {
        const struct hit_credentials_refused *m = &hit->u.credentials_refused;
        g_string_append_printf(out, "%u%s%s%s refuses the credentials of frame %u (%s)%s", m->status,
                               m->reason ? " \"" : "", m->reason ? m->reason : "", m->reason ? "\"" : "", frame,
                               or_dash(m->who),
                               m->verified ? ": their response is right for the table's password, so the server "
                                             "refused correct credentials" : "");
        break;
    }
    case FINDING_AUTH_LOOP: {
        const struct hit_auth_loop *m = &hit->u.auth_loop;
        g_string_append_printf(out, "Re-challenge number %u after credentials in this flow, and still no final answer", m->rechallenges);
        if (m->dropped_realm) {
            g_string_append_printf(out, ": the retry lacks credentials for realm \"%s\", %s in frame %u", m->dropped_realm,
                                   m->accepted ? "accepted" : "sent", frame);
        }
        break;
    }
    case FINDING_AUTH_LOOP_ABANDONED:
        g_string_append_printf(out, "The client gave up after %u re-challenges without ever being authenticated",
                               hit->u.auth_loop_abandoned.rechallenges);
        break;
    case FINDING_STALE_NONCE: {
        const struct hit_stale_nonce *m = &hit->u.stale_nonce;
        if (m->reason) {
            g_string_append_printf(out, "\"%s\" for realm \"%s\": the nonce in frame %u was refused, not the password; "
                                   "the server did not set stale=true, so the client cannot know",
                                   m->reason, or_dash(m->realm), frame);
        } else if (frame) {
            g_string_append_printf(out, "stale=true for realm \"%s\": the nonce in frame %u was refused, the credentials were right",
                                   or_dash(m->realm), frame);
        } else {
            g_string_append_printf(out, "stale=true for realm \"%s\" although the request carried no credentials for it",
                                   or_dash(m->realm));
        }
        break;
    }
    case FINDING_NO_RETRY: {
        const struct hit_no_retry *m = &hit->u.no_retry;
        g_string_append(out, "No request in the capture answered the ");
        append_challenge(out, m->status);
        g_string_append_printf(out, " challenge for realm \"%s\"", or_dash(m->realm));
        if (m->other_challenge) {
            /* the guide's causes 01 and 03: registrar credentials, no proxy ones (or the reverse) */
            g_string_append_printf(out, "; this client answered the %u of realm \"%s\" in frame %u but not this %u: "
                                   "it has no %s credentials", m->other_status, or_dash(m->other_realm), m->other_challenge,
                                   m->status, m->status == 407 ? "proxy" : "registrar or UAS");
        }
        break;
    }
    case FINDING_WRONG_HEADER: {
        const struct hit_wrong_header *m = &hit->u.wrong_header;
        if (frame) {
            g_string_append_printf(out, "%s answers the ", or_dash(m->header));
            append_challenge(out, m->status);
            g_string_append_printf(out, " challenge of frame %u; it needs %s", frame, header_for_status(m->status, false));
        } else {
            g_string_append_printf(out, "A %u carries %s; it needs %s", m->status, or_dash(m->header),
                                   header_for_status(m->status, true));
        }
        break;
    }
    case FINDING_CSEQ_NOT_INCREMENTED:
        g_string_append_printf(out, "Retry keeps CSeq %u of the request challenged in frame %u", hit->u.cseq_not_incremented.cseq,
                               frame);
        break;
    case FINDING_NONCE_REPLAY:
        g_string_append_printf(out, "nonce and nc=%s already used by the request in frame %u", or_dash(hit->u.nonce_replay.nc), frame);
        break;
    case FINDING_GUESSING: {
        const struct hit_guessing *m = &hit->u.guessing;
        g_string_append_printf(out, "From %s: %u %s within %u.%03u s, the first answered in frame %u", or_dash(m->source),
                               m->attempts, or_dash(m->what), m->span_ms / 1000, m->span_ms % 1000, frame);
        break;
    }
    case FINDING_NONCE_REISSUED:
        g_string_append_printf(out, "Nonce issued before in frame %u and already used by the request in frame %u",
                               frame, hit->u.nonce_reissued.used_by);
        break;
    case FINDING_NONCE_UNKNOWN:
        g_string_append_printf(out, "Nonce not issued by any challenge in this capture (realm \"%s\")",
                               or_dash(hit->u.nonce_unknown.realm));
        break;
    case FINDING_QOP_MISMATCH:
        g_string_append_printf(out, "%s (challenge in frame %u offered qop \"%s\")", or_dash(hit->u.qop_mismatch.problem), frame,
                               or_dash(hit->u.qop_mismatch.offered));
        break;
    case FINDING_ALGORITHM_MISMATCH:
        g_string_append_printf(out, "algorithm %s, but the challenge in frame %u asked for %s", or_dash(hit->u.algorithm_mismatch.sent),
                               frame, or_dash(hit->u.algorithm_mismatch.wanted));
        break;
    case FINDING_RESPONSE_LENGTH:
        g_string_append_printf(out, "response has %u characters; %s needs %s", hit->u.response_length.length,
                               or_dash(hit->u.response_length.algorithm), or_dash(hit->u.response_length.wanted));
        break;
    case FINDING_OPAQUE_NOT_ECHOED:
        g_string_append_printf(out, "opaque %s; the challenge in frame %u sent \"%s\"",
                               hit->u.opaque_not_echoed.sent ? "differs" : "missing", frame, or_dash(hit->u.opaque_not_echoed.challenge));
        break;
    case FINDING_URI_MISMATCH:
        g_string_append_printf(out, "Digest uri \"%s\" is not the Request-URI \"%s\"", or_dash(hit->u.uri_mismatch.uri),
                               or_dash(hit->u.uri_mismatch.request_uri));
        break;
    case FINDING_DIALOG_CHANGED:
        g_string_append_printf(out, "From tag \"%s\" differs from \"%s\" of the request challenged in frame %u",
                               or_dash(hit->u.dialog_changed.tag), or_dash(hit->u.dialog_changed.challenged_tag), frame);
        break;
    case FINDING_ACK_MISMATCH:
        g_string_append_printf(out, "ACK does not match the INVITE challenged in frame %u: %s", frame, or_dash(hit->u.ack_mismatch.what));
        break;
    case FINDING_CREDENTIALS_VERIFIED: {
        const struct hit_credentials_verified *m = &hit->u.credentials_verified;
        g_string_append_printf(out, "Response of %s for realm \"%s\" is right (%s)%s", or_dash(m->username), or_dash(m->realm),
                               m->with_ha1 ? "checked with the table's HA1" : "checked with the table's password",
                               m->table_case ? "; the sipauth_credentials table spells this realm in another letter case: "
                                               "realms are case-sensitive, correct the table" : "");
        break;
    }
    case FINDING_BAD_PASSWORD: {
        GString *scratch = g_string_new(NULL);
        g_string_append_printf(out, "Response of %s is wrong; likely cause: %s", or_dash(hit->u.bad_password.username),
                               wrong_text(hit, scratch));
        g_string_free(scratch, TRUE);
        break;
    }
    case FINDING_CHALLENGE_LOOP:
        g_string_append_printf(out, "Realm \"%s\" challenged again although the credentials in frame %u are correct",
                               or_dash(hit->u.challenge_loop.realm), frame);
        break;
    case FINDING_UNVERIFIABLE: {
        GString *scratch = g_string_new(NULL);
        g_string_append_printf(out, "Response not checked: %s", unchecked_text(hit, scratch));
        g_string_free(scratch, TRUE);
        break;
    }
    case FINDING_ALGORITHM_DOWNGRADE:
        g_string_append_printf(out, "%s answered although %s was offered for this realm (this client used it in frame %u)",
                               or_dash(hit->u.algorithm_downgrade.used), or_dash(hit->u.algorithm_downgrade.offered), frame);
        break;
    case FINDING_SYNTAX_ODDITY:
        g_string_append_printf(out, "%s: %s", or_dash(hit->u.syntax_oddity.header), or_dash(hit->u.syntax_oddity.oddities));
        break;
    case FINDING_COUNT:
        break;
    }
}

void
finding_frames(const finding_hit *hit, uint32_t out[2])
{
    out[0] = hit->frame;
    out[1] = 0;
    switch (hit->id) {
    case FINDING_ACK_MISSING:    out[1] = hit->u.ack_missing.next_request; break;
    case FINDING_NONCE_REISSUED: out[1] = hit->u.nonce_reissued.used_by; break;
    case FINDING_NO_RETRY:       out[1] = hit->u.no_retry.other_challenge; break;
    default: break;
    }
}

const finding_hit *
finding_problem(const finding_hit *hits, uint32_t n)
{
    const finding_hit *worst = NULL;
    for (uint32_t i = 0; i < n; i++) {
        finding_severity sev = finding_defs[hits[i].id].severity;
        if (sev >= SEVERITY_WARN && (!worst || sev > finding_defs[worst->id].severity)) {
            worst = &hits[i];
        }
    }
    return worst;
}
