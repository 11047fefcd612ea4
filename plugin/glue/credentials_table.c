/* credentials_table.c - the sipauth_credentials UAT.  Passwords and HA1s
 * are wiped when a record is freed and never shown anywhere but the table
 * itself. */
#include <string.h>

#include <epan/uat.h>

#include "credentials_table.h"
#include "ws_compat.h"

typedef struct {
    char *username;
    char *realm;
    char *password;
    char *ha1;
} credential_record;

static credential_record *records;
static unsigned n_records;

UAT_CSTRING_CB_DEF(credential, username, credential_record)
UAT_CSTRING_CB_DEF(credential, realm, credential_record)
UAT_CSTRING_CB_DEF(credential, password, credential_record)
UAT_CSTRING_CB_DEF(credential, ha1, credential_record)

static void *
credential_copy(void *dest, const void *source, size_t len _U_)
{
    credential_record *d = dest;
    const credential_record *s = source;
    d->username = g_strdup(s->username);
    d->realm = g_strdup(s->realm);
    d->password = g_strdup(s->password);
    d->ha1 = g_strdup(s->ha1);
    return d;
}

static void
credential_free(void *r)
{
    credential_record *c = r;
    g_free(c->username);
    g_free(c->realm);
    secret_free(c->password);
    secret_free(c->ha1);
}

static bool
is_hex(const char *s)
{
    for (; *s; s++) {
        if (!g_ascii_isxdigit(*s)) {
            return false;
        }
    }
    return true;
}

/* Reject what cannot be used, with a reason the table dialog shows. */
static sipauth_cb_bool
credential_check(void *r, char **error)
{
    const credential_record *c = r;
    if (!c->username || !c->username[0] || !c->realm || !c->realm[0]) {
        *error = g_strdup("username and realm are required");
        return false;
    }
    bool has_password = c->password && c->password[0];
    bool has_ha1 = c->ha1 && c->ha1[0];
    if (!has_password && !has_ha1) {
        *error = g_strdup("give the password or the HA1");
        return false;
    }
    if (has_ha1 && (!is_hex(c->ha1) || (strlen(c->ha1) != 32 && strlen(c->ha1) != 64))) {
        *error = g_strdup("HA1 is 32 (MD5) or 64 (SHA-256, SHA-512-256) hex digits");
        return false;
    }
    return true;
}

void
credentials_table_register(module_t *prefs)
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING(credential, username, "Username", "The user as in the credentials' username"),
        UAT_FLD_CSTRING(credential, realm, "Realm", "The realm as the server spells it"),
        UAT_FLD_CSTRING(credential, password, "Password", "The password (or leave empty and give the HA1)"),
        UAT_FLD_CSTRING(credential, ha1, "HA1", "Hex H(username:realm:password), as servers store it"),
        UAT_END_FIELDS
    };
    uat_t *uat = uat_new("sipauth_credentials", sizeof(credential_record), "sipauth_credentials", true,
                         &records, &n_records, UAT_AFFECTS_DISSECTION,
                         NULL, credential_copy, credential_check, credential_free, NULL, NULL, fields);
    prefs_register_uat_preference(prefs, "credentials", "Credentials",
        "Users' passwords or HA1s, to check digest responses (kept in the profile, never shown in output)", uat);
}

engine_credential *
credentials_table_view(size_t *n)
{
    *n = n_records;
    engine_credential *view = n_records ? g_new0(engine_credential, n_records) : NULL;
    for (unsigned i = 0; i < n_records; i++) {
        view[i] = (engine_credential){ records[i].username, records[i].realm, records[i].password, records[i].ha1 };
    }
    return view;
}
