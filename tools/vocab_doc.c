/* vocab_doc.c - print the sentences of the docs that list a vocabulary of
 * the core (the sipauth.auth.<param> fields in docs/guide.md, the verified
 * algorithms in docs/verification.md), from their tables, so those lists
 * cannot drift from what the plugin registers and computes.
 *
 *   sipauth_vocab_doc              print each sentence, after the file it belongs in
 *   sipauth_vocab_doc --check DIR  exit 1 unless DIR/<file> holds each (ctest docs_vocab)
 *
 * The sentences sit inside hand-written prose, so they are checked, not
 * generated into the files: paste the printed line when a table changes. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "algorithm.h"
#include "auth_param.h"

/* "`sipauth.auth.realm`, `.nonce`, ..." : the params with a field of their own. */
static char *
param_fields(void)
{
    GString *out = g_string_new(NULL);
    for (int id = 0; id < AUTH_PARAM_COUNT; id++) {
        const auth_param_def *def = &auth_param_defs[id];
        if (def->field_label) {
            g_string_append_printf(out, out->len ? ", `.%s`" : "`sipauth.auth.%s`", def->name);
        }
    }
    return g_string_free(out, FALSE);
}

/* "Algorithms: MD5, ..., SHA-512-256 and SHA-512-256-sess." : those sipauth verifies. */
static char *
verified_algorithms(void)
{
    GString *out = g_string_new("Algorithms: ");
    size_t n = 0, last = 0;
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        n += digest_algorithm_defs[i].id != DIGEST_UNSUPPORTED;
    }
    for (size_t i = 0; i < digest_algorithm_def_count; i++) {
        if (digest_algorithm_defs[i].id == DIGEST_UNSUPPORTED) {
            continue;
        }
        last++;
        g_string_append_printf(out, "%s%s", last == 1 ? "" : last == n ? " and " : ", ", digest_algorithm_defs[i].name);
    }
    g_string_append_c(out, '.');
    return g_string_free(out, FALSE);
}

int
main(int argc, char **argv)
{
    const struct {
        const char *file;
        char       *sentence;
    } docs[] = {
        { "guide.md", param_fields() },
        { "verification.md", verified_algorithms() },
    };
    const bool check = argc == 3 && strcmp(argv[1], "--check") == 0;
    int status = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(docs); i++) {
        if (!check) {
            printf("%s: %s\n", docs[i].file, docs[i].sentence);
            continue;
        }
        char *path = g_build_filename(argv[2], docs[i].file, NULL);
        char *text = NULL;
        if (!g_file_get_contents(path, &text, NULL, NULL) || !strstr(text, docs[i].sentence)) {
            fprintf(stderr, "%s lacks: %s\n", path, docs[i].sentence);
            status = 1;
        } else {
            printf("ok: %s lists the table's words\n", path);
        }
        g_free(text);
        g_free(path);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(docs); i++) {
        g_free(docs[i].sentence);
    }
    return status;
}
