/* finding.h - every problem sipauth can report, defined once.
 *
 * One row per finding: its public name (the display filter is "sipauth."
 * name), expert group and severity, a one-line summary, advice on what to
 * check or fix, and the rule it rests on.  The expert-info registration,
 * the statistics rows and the list in docs/findings.md all come from this
 * table, so a new finding is one row here plus the code that detects it.
 *
 * Severity follows the rule's strength: a MUST broken is an error, a SHOULD
 * or a likely fault a warning, an oddity that servers tolerate a note, and
 * benign events chat; each row's rule names the RFC section it rests on.
 */
#ifndef SIPAUTH_FINDING_H
#define SIPAUTH_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* Expert groups and severities as the core names them; the glue maps them to
 * Wireshark's PI_* values. */
typedef enum { GROUP_SEQUENCE, GROUP_PROTOCOL, GROUP_MALFORMED, GROUP_SECURITY } finding_group;
typedef enum { SEVERITY_CHAT, SEVERITY_NOTE, SEVERITY_WARN, SEVERITY_ERROR } finding_severity;

/* X(ID, name, group, severity, summary, advice, rule) */
#define SIPAUTH_FINDINGS(X) \
    X(REALM_MISMATCH, "realm_mismatch", GROUP_PROTOCOL, SEVERITY_ERROR, \
      "Credentials name a realm that was not challenged", \
      "Set the account's realm to the challenged string exactly (realms are case-sensitive); " \
      "a phone with separate outbound-proxy credentials (PJSIP outbound_auth=) may send the registrar's realm to the proxy.", \
      "RFC 3261 §22.3; RFC 7235 §2.2") \
    X(ACK_MISSING, "ack_missing", GROUP_SEQUENCE, SEVERITY_ERROR, \
      "No ACK for the challenge to an INVITE: the server retransmits it and the transaction leaks", \
      "The client must ACK every non-2xx final response, to the address of the top Via's hop: check that the ACK " \
      "is routed back through the proxy (Route/Record-Route, NAT, outbound proxy) and carries the INVITE's branch and CSeq.", \
      "RFC 3261 §17.1.1.2-§17.1.1.3, §17.2.1") \
    X(ACK_NOT_SEEN, "ack_not_seen", GROUP_SEQUENCE, SEVERITY_NOTE, \
      "No ACK for the challenge to an INVITE before the capture ended", \
      "The capture ends less than 64*T1 after the challenge, so the ACK may still have come; capture longer to be sure.", \
      "RFC 3261 §17.1.1.2") \
    X(REPEATED_CHALLENGE, "repeated_challenge", GROUP_SEQUENCE, SEVERITY_WARN, \
      "Credentials for this realm were challenged again without stale=true: they were rejected", \
      "Check the client's username and password for this realm, and the server's auth log (kamailio: -2 wrong password, " \
      "-5 no credentials for the realm). With challenge_loop on the same frame the server is at fault.", \
      "RFC 3261 §22.1, §22.2; RFC 7616 §3.3") \
    X(CREDENTIALS_REFUSED, "credentials_refused", GROUP_SEQUENCE, SEVERITY_WARN, \
      "A final 403 answered credentials: the server refused them instead of challenging again", \
      "Check the password, realm and username for this server (many proxies and SBCs answer a wrong password with 403). " \
      "With credentials_verified on the request, the password is right: check the server's policy for this user.", \
      "RFC 3261 §21.4.4, §22.1") \
    X(AUTH_LOOP, "auth_loop", GROUP_SEQUENCE, SEVERITY_WARN, \
      "Challenged again after credentials a third time or more, with no final answer: an authentication loop", \
      "The client must answer every realm it was challenged for in each retry (a proxy's and a registrar's together); " \
      "a client that drops the other realm's credentials loops until it gives up.", \
      "RFC 3261 §22.2, §22.3") \
    X(AUTH_LOOP_ABANDONED, "auth_loop", GROUP_SEQUENCE, SEVERITY_ERROR, \
      "An authentication loop the client gave up without ever being authenticated", \
      "The client must answer every realm it was challenged for in each retry (a proxy's and a registrar's together); " \
      "a client that drops the other realm's credentials loops until it gives up.", \
      "RFC 3261 §22.2, §22.3") \
    X(STALE_NONCE, "stale_nonce", GROUP_SEQUENCE, SEVERITY_NOTE, \
      "Re-challenge with stale=true: only the nonce was refused, the credentials were right", \
      "Benign once; if it repeats, check the server's nonce lifetime and clock, and whether the nonce is bound to an address behind NAT.", \
      "RFC 7616 §3.3; RFC 3261 §22.1") \
    X(NO_RETRY, "no_retry", GROUP_SEQUENCE, SEVERITY_WARN, \
      "Nobody answered this challenge: no request of the flow sent credentials for its realm in the header it asks for", \
      "The client has no credentials for this realm or kind of authentication: configure them " \
      "(a 407 needs proxy credentials, often a separate outbound-proxy account, e.g. PJSIP outbound_auth=).", \
      "RFC 3261 §22.2, §22.3") \
    X(WRONG_HEADER, "wrong_header", GROUP_PROTOCOL, SEVERITY_ERROR, \
      "Authorization header does not fit the challenge: a 407 needs Proxy-Authorization, a 401 Authorization", \
      "Fix the client's auth code (or, for a challenge, the server): 407 goes with Proxy-Authenticate / Proxy-Authorization, " \
      "401 with WWW-Authenticate / Authorization.", \
      "RFC 3261 §22.2, §22.3, §21.4.2, §21.4.8") \
    X(CSEQ_NOT_INCREMENTED, "cseq_not_incremented", GROUP_SEQUENCE, SEVERITY_WARN, \
      "The retry after a challenge keeps the challenged request's CSeq", \
      "A retry with credentials is a new transaction: increment CSeq by one and use a new Via branch; " \
      "servers may take it for a retransmission or reject it.", \
      "RFC 3261 §8.1.3.5, §22.2") \
    X(NONCE_REPLAY, "nonce_replay", GROUP_SECURITY, SEVERITY_WARN, \
      "Same nonce and nonce count in two different requests: a replay", \
      "nc must start at 00000001 for each nonce and increase with every request that reuses it; " \
      "a client that hard-codes nc=00000001 is rejected as a replay (kamailio return code -6).", \
      "RFC 7616 §3.4") \
    X(GUESSING, "guessing", GROUP_SECURITY, SEVERITY_WARN, \
      "Many rejected attempts, or many user names probed, from one source in a short time", \
      "Likely password guessing or extension scanning (a phone gives up after one or two rejections): block the " \
      "source (fail2ban, pike, firewall), use strong passwords, and answer unknown users like known ones.", \
      "RFC 3261 §26.1.5, §26.3.2.4; RFC 7616 §5.12") \
    X(NONCE_REISSUED, "nonce_reissued", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The server issued again a nonce that a request already used", \
      "Not a client fault: the client rightly starts nc again at 00000001, which is no replay. A server that reuses " \
      "nonces (kamailio within one second, Asterisk per second and source address) weakens replay protection.", \
      "RFC 7616 §3.3, §5.5") \
    X(NONCE_UNKNOWN, "nonce_unknown", GROUP_SEQUENCE, SEVERITY_CHAT, \
      "Credentials with a nonce no challenge in this capture issued", \
      "Normal for a re-REGISTER or pre-emptive credentials reusing an older nonce; nothing to fix unless it is rejected.", \
      "RFC 7616 §3.4") \
    X(QOP_MISMATCH, "qop_mismatch", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "qop, cnonce and nc do not fit the challenge", \
      "Answer with one of the offered qop values and send cnonce and nc with it; without qop in the challenge send none of them.", \
      "RFC 3261 §22.4 item 8; RFC 7616 §3.4") \
    X(ALGORITHM_MISMATCH, "algorithm_mismatch", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The credentials' algorithm is not the challenge's", \
      "The response must use the algorithm of the challenge being answered (absent means MD5).", \
      "RFC 8760 §2.2; RFC 7616 §3.3") \
    X(RESPONSE_LENGTH, "response_length", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The response has the wrong length for its algorithm", \
      "MD5 gives 32 hex digits, SHA-256 and SHA-512-256 give 64.", \
      "RFC 7616 §3.4.1; RFC 8760 §2.2") \
    X(OPAQUE_NOT_ECHOED, "opaque_not_echoed", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The challenge's opaque was not echoed unchanged", \
      "Copy opaque from the challenge into the credentials verbatim.", \
      "RFC 7616 §3.4") \
    X(URI_MISMATCH, "uri_mismatch", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The digest uri differs from the Request-URI", \
      "Most servers tolerate it; a strict one rejects the credentials. Put the Request-URI in uri.", \
      "RFC 3261 §22.4") \
    X(DIALOG_CHANGED, "dialog_changed", GROUP_SEQUENCE, SEVERITY_NOTE, \
      "The retry changed the From tag of the challenged request", \
      "Keep Call-ID, From (with its tag) and To of the challenged request in the retry.", \
      "RFC 3261 §8.1.3.5") \
    X(ACK_MISMATCH, "ack_mismatch", GROUP_SEQUENCE, SEVERITY_WARN, \
      "An ACK that does not match the challenged INVITE (CSeq or branch)", \
      "The ACK for a non-2xx response repeats the INVITE's CSeq number and top Via branch; a server cannot match it otherwise.", \
      "RFC 3261 §17.1.1.3") \
    X(CREDENTIALS_VERIFIED, "credentials_verified", GROUP_SEQUENCE, SEVERITY_CHAT, \
      "The digest response is right for the known password", \
      "Nothing to fix in these credentials; if they are still challenged, look at the server (see challenge_loop).", \
      "RFC 7616 §3.4.1; RFC 2617 §3.2.2") \
    X(BAD_PASSWORD, "bad_password", GROUP_SECURITY, SEVERITY_ERROR, \
      "The digest response is wrong for the known password of this user and realm", \
      "Fix what the text names: the password (or HA1) configured on the client, the realm string it hashes, " \
      "the uri it hashes, or the username.", \
      "RFC 7616 §3.4.1; RFC 2617 §3.2.2") \
    X(CHALLENGE_LOOP, "challenge_loop", GROUP_SEQUENCE, SEVERITY_ERROR, \
      "Challenged again, without stale=true, after credentials that verify as correct: the server is at fault", \
      "Check the server: the password or HA1 it holds, its realm, nonce checks (lifetime, replay, binding to an address), " \
      "and for a proxy chain whether it consumes or forwards the credentials of another realm.", \
      "RFC 3261 §22.1; RFC 7616 §3.3") \
    X(UNVERIFIABLE, "unverifiable", GROUP_SEQUENCE, SEVERITY_CHAT, \
      "The digest response could not be checked", \
      "Add the user's password or HA1 to the sipauth_credentials table (Preferences › Protocols › SIPAUTH); " \
      "AKA algorithms cannot be checked, auth-int needs the whole body in the capture.", \
      "RFC 7616 §3.4.1") \
    X(ALGORITHM_DOWNGRADE, "algorithm_downgrade", GROUP_SECURITY, SEVERITY_NOTE, \
      "Answered a weaker algorithm than the client uses elsewhere, although the stronger one was offered", \
      "The client should answer the topmost challenge whose algorithm it supports; servers should not offer MD5 beside SHA-256 " \
      "unless old clients need it.", \
      "RFC 8760 §2.4, §3") \
    X(SYNTAX_ODDITY, "syntax_oddity", GROUP_PROTOCOL, SEVERITY_NOTE, \
      "The auth header bends the grammar (accepted leniently)", \
      "Strict servers may reject it: quote realm, nonce, uri, response, cnonce, opaque; leave algorithm, stale, nc and the answered qop unquoted.", \
      "RFC 3261 §25.1; RFC 8760 §2.2")

typedef enum {
#define SIPAUTH_FINDING_ENUM(id, name, group, severity, summary, advice, rule) FINDING_##id,
    SIPAUTH_FINDINGS(SIPAUTH_FINDING_ENUM)
#undef SIPAUTH_FINDING_ENUM
    FINDING_COUNT
} finding_id;

typedef struct {
    const char      *name;      /* "realm_mismatch": the filter is "sipauth.realm_mismatch" */
    finding_group    group;
    finding_severity severity;
    const char      *summary;
    const char      *advice;
    const char      *rule;
} finding_def;

/* The table, indexed by finding_id. */
extern const finding_def finding_defs[FINDING_COUNT];

/* Why a digest response could not be checked (unverifiable). */
typedef enum {
    UNCHECKED_NOT_DIGEST,  /* not Digest credentials with a username and a response */
    UNCHECKED_ALGORITHM,   /* an algorithm sipauth cannot check (AKA, unknown): detail names it */
    UNCHECKED_NO_SECRET,   /* no password or HA1 for detail (user) and detail2 (realm) */
    UNCHECKED_NO_BODY,     /* qop=auth-int without the body in the capture */
    UNCHECKED_UNKNOWN_QOP,
    UNCHECKED_INCOMPLETE,  /* nonce, uri, cnonce or nc missing, or an HA1 of another algorithm */
} unchecked_cause;

/* What most likely made a digest response wrong (bad_password). */
typedef enum {
    WRONG_HA1_ONLY,        /* the table has an HA1 only: nothing else can be tried */
    WRONG_REALM,           /* computed over detail (the realm sent), the server uses detail2 */
    WRONG_URI,             /* computed over the Request-URI, not over uri=detail */
    WRONG_USERNAME,        /* right for the table's user detail, not for the one sent, detail2 */
    WRONG_PASSWORD,        /* wrong with the realm, uri and username as sent */
} wrong_cause;

/* One occurrence of a finding on a message: the facts its text is made of
 * when it is shown (finding_describe), so nothing is stored twice.  frame
 * is the other frame the finding names (its link; 0: none), the same for
 * all; the rest is each finding's own, in the member of its name.  Strings
 * are the engine's (interned or constant) and may be NULL. */
typedef struct {
    finding_id  id;
    uint32_t    frame;
    union {
        struct hit_realm_mismatch { const char *realm, *challenged; bool case_only; } realm_mismatch;     /* frame: the challenge */
        /* frame: the server's retransmission after T1 (0: none); next_request: the
         * client's next request without an ACK (0: none); without either, the timer ran out */
        struct hit_ack_missing { uint32_t next_request, copies, limit_ms; } ack_missing;
        struct { uint32_t waited_ms, limit_ms; } ack_not_seen;
        struct { const char *realm; uint32_t repetition; } repeated_challenge;           /* frame: the request */
        struct hit_credentials_refused { const char *who, *reason; uint32_t status; bool verified; } credentials_refused; /* frame: the request */
        /* frame: the request that last sent (or got accepted) the dropped realm's credentials */
        struct hit_auth_loop { const char *dropped_realm; uint32_t rechallenges; bool accepted; } auth_loop;
        struct { uint32_t rechallenges; } auth_loop_abandoned;
        /* frame: the request whose nonce was refused (0: it had no credentials);
         * reason: a reason phrase that blames the nonce, without stale=true */
        struct hit_stale_nonce { const char *realm, *reason; } stale_nonce;
        /* other_*: the other kind of challenge the same client did answer (0: none) */
        struct hit_no_retry { const char *realm, *other_realm; uint32_t status, other_challenge, other_status; } no_retry;
        struct hit_wrong_header { const char *header; uint32_t status; } wrong_header;                  /* frame: the challenge (0: a challenge itself) */
        struct { uint32_t cseq; } cseq_not_incremented;                                 /* frame: the challenge */
        struct { const char *nc; } nonce_replay;                                         /* frame: the first use */
        struct hit_guessing { const char *source, *what; uint32_t attempts, span_ms; } guessing;       /* frame: the first answer counted */
        struct { uint32_t used_by; } nonce_reissued;                                     /* frame: the earlier issuer */
        struct { const char *realm; } nonce_unknown;
        struct { const char *problem, *offered; } qop_mismatch;                          /* frame: the challenge */
        struct { const char *sent, *wanted; } algorithm_mismatch;                        /* frame: the challenge */
        struct { const char *algorithm, *wanted; uint32_t length; } response_length;
        struct { const char *sent, *challenge; } opaque_not_echoed;                      /* frame: the challenge */
        struct { const char *uri, *request_uri; } uri_mismatch;
        struct { const char *tag, *challenged_tag; } dialog_changed;                    /* frame: the challenge */
        struct { const char *what; } ack_mismatch;                                       /* frame: the challenge */
        struct hit_credentials_verified { const char *realm, *username; bool with_ha1, table_case; } credentials_verified; /* frame: the challenge */
        struct { const char *username, *detail, *detail2; wrong_cause cause; } bad_password;      /* frame: the challenge */
        struct { const char *realm; } challenge_loop;                                    /* frame: the request */
        struct { const char *detail, *detail2; unchecked_cause cause; } unverifiable;
        struct { const char *used, *offered; } algorithm_downgrade;                      /* frame: the client's use of offered */
        struct { const char *oddities, *header; } syntax_oddity;
    } u;
} finding_hit;

/* The frames a hit names besides its own message: out[0] and out[1] (0:
 * none), for the oracles that check every link names a fed frame. */
void finding_frames(const finding_hit *hit, uint32_t out[2]);

/* One line that says what happened, naming the frames: the expert-info text. */
void finding_describe(const finding_hit *hit, uint32_t own_frame, GString *out);

/* The problem that names a message in the packet list and on its arrow: the
 * most severe of hits at warning level or above (ties: the first); NULL when
 * there are only notes and chats. */
const finding_hit *finding_problem(const finding_hit *hits, uint32_t n);

#endif
