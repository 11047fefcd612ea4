/* credentials_table.h - the sipauth_credentials UAT: username, realm,
 * password, ha1.  Editable in the GUI preferences, from tshark with
 * -o 'uat:sipauth_credentials:"alice","example.com","secret",""', or as the
 * file sipauth_credentials in the profile. */
#ifndef SIPAUTH_CREDENTIALS_TABLE_H
#define SIPAUTH_CREDENTIALS_TABLE_H

#include <epan/prefs.h>

#include "engine.h"

void credentials_table_register(module_t *prefs);

/* A view of the table for engine_new() (which copies it); g_free() the array. */
engine_credential *credentials_table_view(size_t *n);

#endif
