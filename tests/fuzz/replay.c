/* replay.c - run a libFuzzer harness over saved inputs, without libFuzzer.
 *
 * The harnesses define LLVMFuzzerTestOneInput() (and maybe
 * LLVMFuzzerInitialize()); linked with this main instead of libFuzzer they
 * build with any C compiler (gcc included), so the seed corpus and every
 * saved crash are replayed as ordinary ctest tests, in the normal build and
 * under the sanitizers of the sanitizer build.
 *
 * Usage: replay PATH...   (files, or directories whose files are all run;
 * names starting with '.' are skipped so that .gitkeep can hold an empty
 * folder in git).  Files run in name order so that a run is reproducible.
 * Exits 0 when every input ran, non-zero when a path cannot be read or
 * nothing at all was run; a crash or sanitizer report ends the process as
 * it would under libFuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a harness: weak, so a harness without it still links. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned long n_run;

static gboolean
run_file(const char *path)
{
    gchar *data = NULL;
    gsize size = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &data, &size, &error)) {
        fprintf(stderr, "replay: %s\n", error->message);
        g_error_free(error);
        return FALSE;
    }
    /* An exact-size copy: g_file_get_contents() adds a NUL after the data
     * that would hide an over-read of one byte from AddressSanitizer. */
    uint8_t *copy = g_malloc(size ? size : 1);
    memcpy(copy, data, size);
    g_free(data);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, (size_t)size);
    LLVMFuzzerTestOneInput(copy, size);
    g_free(copy);
    n_run++;
    return TRUE;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
run_path(const char *path)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        return run_file(path);
    }
    GError *error = NULL;
    GDir *dir = g_dir_open(path, 0, &error);
    if (!dir) {
        fprintf(stderr, "replay: %s\n", error->message);
        g_error_free(error);
        return FALSE;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
        if (name[0] != '.') {
            g_ptr_array_add(names, g_strdup(name));
        }
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, cmp_names);
    gboolean ok = TRUE;
    for (guint i = 0; i < names->len; i++) {
        gchar *file = g_build_filename(path, (const char *)names->pdata[i], NULL);
        if (g_file_test(file, G_FILE_TEST_IS_REGULAR)) {
            ok = run_file(file) && ok;
        }
        g_free(file);
    }
    g_ptr_array_free(names, TRUE);
    return ok;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    gboolean ok = TRUE;
    for (int i = 1; i < argc; i++) {
        ok = run_path(argv[i]) && ok;
    }
    printf("replay: %lu inputs ran without a crash\n", n_run);
    /* No input at all means a wrong path or an emptied corpus: a test
     * that replays nothing must not pass. */
    return ok && n_run > 0 ? 0 : 1;
}
