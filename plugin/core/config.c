/* config.c - the engine's defaults. */
#include <string.h>

#include <glib.h>

#include "config.h"

void
engine_config_default(engine_config *cfg)
{
    memset(cfg, 0, sizeof *cfg); /* no credentials unless the caller gives some */
    cfg->t1_ms = 500;
    cfg->note_uri = true;
    cfg->note_syntax = true;
    cfg->guess_attempts = 5;
    cfg->guess_window_ms = 60000;
}

void
secret_free(char *secret)
{
    if (secret) {
        memset(secret, 0, strlen(secret));
        g_free(secret);
    }
}
