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
    switch (hit->id) {
    case FINDING_REALM_MISMATCH:
        g_string_append_printf(out, "Credentials name realm \"%s\" but frame %u challenged \"%s\"%s",
                               or_dash(hit->text), hit->frame, or_dash(hit->text2),
                               hit->count ? " (differs only in letter case)" : "");
        break;
    case FINDING_ACK_MISSING:
        if (hit->frame && hit->frame2) {
            g_string_append_printf(out, "No ACK for this challenge: the server retransmitted it (frame %u, %u cop%s in all) "
                                   "and the client sent its next request (frame %u) without ACKing it",
                                   hit->frame, hit->count, hit->count == 1 ? "y" : "ies", hit->frame2);
        } else if (hit->frame) {
            g_string_append_printf(out, "No ACK for this challenge: the server retransmitted it after T1 (frame %u, %u cop%s in all), "
                                   "so no ACK had reached it", hit->frame, hit->count, hit->count == 1 ? "y" : "ies");
        } else if (hit->frame2) {
            g_string_append_printf(out, "No ACK for this challenge: the client sent its next request (frame %u) without ACKing it",
                                   hit->frame2);
        } else {
            g_string_append_printf(out, "No ACK for this challenge within 64*T1 (%u ms); the server retransmitted it %u time%s",
                                   hit->count2, hit->count, hit->count == 1 ? "" : "s");
        }
        break;
    case FINDING_ACK_NOT_SEEN:
        g_string_append_printf(out, "No ACK for this challenge before the capture ended (%u ms later, less than 64*T1 = %u ms)",
                               hit->count, hit->count2);
        break;
    case FINDING_REPEATED_CHALLENGE:
        g_string_append_printf(out, "Realm \"%s\" challenged again after the credentials in frame %u (repetition %u): credentials rejected",
                               or_dash(hit->text), hit->frame, hit->count);
        break;
    case FINDING_CREDENTIALS_REFUSED:
        g_string_append_printf(out, "%u%s%s%s refuses the credentials of frame %u (%s)%s", hit->count,
                               hit->text2 ? " \"" : "", hit->text2 ? hit->text2 : "", hit->text2 ? "\"" : "", hit->frame,
                               or_dash(hit->text),
                               hit->count2 ? ": their response is right for the table's password, so the server "
                                             "refused correct credentials" : "");
        break;
    case FINDING_AUTH_LOOP:
        g_string_append_printf(out, "Re-challenge number %u after credentials in this flow, and still no final answer", hit->count);
        if (hit->text) {
            g_string_append_printf(out, ": the retry lacks credentials for realm \"%s\", %s in frame %u", hit->text,
                                   hit->count2 ? "accepted" : "sent", hit->frame);
        }
        break;
    case FINDING_AUTH_LOOP_ABANDONED:
        g_string_append_printf(out, "The client gave up after %u re-challenges without ever being authenticated", hit->count);
        break;
    case FINDING_STALE_NONCE:
        if (hit->text2) {
            g_string_append_printf(out, "\"%s\" for realm \"%s\": the nonce in frame %u was refused, not the password; "
                                   "the server did not set stale=true, so the client cannot know",
                                   hit->text2, or_dash(hit->text), hit->frame);
        } else if (hit->frame) {
            g_string_append_printf(out, "stale=true for realm \"%s\": the nonce in frame %u was refused, the credentials were right",
                                   or_dash(hit->text), hit->frame);
        } else {
            g_string_append_printf(out, "stale=true for realm \"%s\" although the request carried no credentials for it",
                                   or_dash(hit->text));
        }
        break;
    case FINDING_NO_RETRY:
        g_string_append(out, "No request in the capture answered the ");
        append_challenge(out, hit->count);
        g_string_append_printf(out, " challenge for realm \"%s\"", or_dash(hit->text));
        if (hit->frame2) {
            /* the guide's causes 01 and 03: registrar credentials, no proxy ones (or the reverse) */
            g_string_append_printf(out, "; this client answered the %u of realm \"%s\" in frame %u but not this %u: "
                                   "it has no %s credentials", hit->count2, or_dash(hit->text2), hit->frame2, hit->count,
                                   hit->count == 407 ? "proxy" : "registrar or UAS");
        }
        break;
    case FINDING_WRONG_HEADER:
        if (hit->frame) {
            g_string_append_printf(out, "%s answers the ", or_dash(hit->text));
            append_challenge(out, hit->count);
            g_string_append_printf(out, " challenge of frame %u; it needs %s", hit->frame, header_for_status(hit->count, false));
        } else {
            g_string_append_printf(out, "A %u carries %s; it needs %s", hit->count, or_dash(hit->text),
                                   header_for_status(hit->count, true));
        }
        break;
    case FINDING_CSEQ_NOT_INCREMENTED:
        g_string_append_printf(out, "Retry keeps CSeq %u of the request challenged in frame %u", hit->count, hit->frame);
        break;
    case FINDING_NONCE_REPLAY:
        g_string_append_printf(out, "nonce and nc=%s already used by the request in frame %u", or_dash(hit->text), hit->frame);
        break;
    case FINDING_GUESSING:
        g_string_append_printf(out, "From %s: %u %s within %u.%03u s, the first answered in frame %u", or_dash(hit->text),
                               hit->count, or_dash(hit->text2), hit->count2 / 1000, hit->count2 % 1000, hit->frame);
        break;
    case FINDING_NONCE_REISSUED:
        g_string_append_printf(out, "Nonce issued before in frame %u and already used by the request in frame %u",
                               hit->frame, hit->frame2);
        break;
    case FINDING_NONCE_UNKNOWN:
        g_string_append_printf(out, "Nonce not issued by any challenge in this capture (realm \"%s\")", or_dash(hit->text));
        break;
    case FINDING_QOP_MISMATCH:
        g_string_append_printf(out, "%s (challenge in frame %u offered qop \"%s\")", or_dash(hit->text), hit->frame,
                               or_dash(hit->text2));
        break;
    case FINDING_ALGORITHM_MISMATCH:
        g_string_append_printf(out, "algorithm %s, but the challenge in frame %u asked for %s", or_dash(hit->text),
                               hit->frame, or_dash(hit->text2));
        break;
    case FINDING_RESPONSE_LENGTH:
        g_string_append_printf(out, "response has %u characters; %s needs %s", hit->count, or_dash(hit->text),
                               or_dash(hit->text2));
        break;
    case FINDING_OPAQUE_NOT_ECHOED:
        g_string_append_printf(out, "opaque %s; the challenge in frame %u sent \"%s\"",
                               hit->text ? "differs" : "missing", hit->frame, or_dash(hit->text2));
        break;
    case FINDING_URI_MISMATCH:
        g_string_append_printf(out, "Digest uri \"%s\" is not the Request-URI \"%s\"", or_dash(hit->text), or_dash(hit->text2));
        break;
    case FINDING_DIALOG_CHANGED:
        g_string_append_printf(out, "From tag \"%s\" differs from \"%s\" of the request challenged in frame %u",
                               or_dash(hit->text), or_dash(hit->text2), hit->frame);
        break;
    case FINDING_ACK_MISMATCH:
        g_string_append_printf(out, "ACK does not match the INVITE challenged in frame %u: %s", hit->frame, or_dash(hit->text));
        break;
    case FINDING_CREDENTIALS_VERIFIED:
        g_string_append_printf(out, "Response of %s for realm \"%s\" is right (%s)%s", or_dash(hit->text2), or_dash(hit->text),
                               hit->count ? "checked with the table's HA1" : "checked with the table's password",
                               hit->count2 ? "; the sipauth_credentials table spells this realm in another letter case: "
                                             "realms are case-sensitive, correct the table" : "");
        break;
    case FINDING_BAD_PASSWORD:
        g_string_append_printf(out, "Response of %s is wrong; likely cause: %s", or_dash(hit->text2), or_dash(hit->text));
        break;
    case FINDING_CHALLENGE_LOOP:
        g_string_append_printf(out, "Realm \"%s\" challenged again although the credentials in frame %u are correct",
                               or_dash(hit->text), hit->frame);
        break;
    case FINDING_UNVERIFIABLE:
        g_string_append_printf(out, "Response not checked: %s", or_dash(hit->text));
        break;
    case FINDING_ALGORITHM_DOWNGRADE:
        g_string_append_printf(out, "%s answered although %s was offered for this realm (this client used it in frame %u)",
                               or_dash(hit->text), or_dash(hit->text2), hit->frame);
        break;
    case FINDING_SYNTAX_ODDITY:
        g_string_append_printf(out, "%s: %s", or_dash(hit->text2), or_dash(hit->text));
        break;
    case FINDING_COUNT:
        break;
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
