/* config.h - what the engine is told at its start: the known secrets, T1
 * and the rules' switches.  Apart from engine.h so that the engine's state
 * (state.h) can hold it without depending on the engine's entry points. */
#ifndef SIPAUTH_CONFIG_H
#define SIPAUTH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A user's secret, to check digest responses with (the sipauth_credentials
 * table).  password or ha1 (hex), either may be NULL or "". */
typedef struct {
    const char *username;
    const char *realm;
    const char *password;
    const char *ha1;
} engine_credential;

typedef struct {
    const engine_credential *credentials; /* copied by engine_new(); wiped by engine_free() */
    size_t   n_credentials;
    uint32_t t1_ms;          /* RFC 3261 T1 (500 ms); the ACK rule waits 64*T1 */
    bool     note_uri;       /* report uri_mismatch (sipp, for one, always differs) */
    bool     note_syntax;    /* report syntax_oddity */
    uint32_t guess_attempts; /* guessing: rejected attempts (or users probed) from one source ... (0: off) */
    uint32_t guess_window_ms;/* ... within this many milliseconds */
} engine_config;

void engine_config_default(engine_config *cfg);

/* Overwrites a secret (a password or HA1 the user gave) with zeros, then
 * frees it: the one way the plugin lets go of one.  NULL: nothing. */
void secret_free(char *secret);

/* What one message with absurd numbers of headers is capped at. */
#define ENGINE_MAX_OFFERS       64u  /* challenges kept per 401/407 */
#define ENGINE_MAX_CREDENTIALS  16u  /* credentials kept per request */

#endif
