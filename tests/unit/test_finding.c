/* test_finding.c - the findings table (finding.h) fits where Wireshark shows
 * it.  A tree item's label holds at most ITEM_LABEL_LENGTH (240) bytes with
 * its NUL; a longer one is cut and marked "[truncated]", and the part lost
 * is an advice's end, the part that says when the server is at fault.  The
 * labels are "Advice: ...", "Rule: ..." and "Finding: ..." (plugin/glue/
 * fields.c); the summary is the expert info's registered text. */
#include <string.h>

#include <glib.h>

#include "finding.h"

enum { ITEM_LABEL_LENGTH = 240 }; /* epan/proto.h; the core does not include epan */

static void
assert_fits(const char *label, const char *value, const char *finding)
{
    size_t len = strlen(label) + strlen(": ") + strlen(value);
    if (len >= ITEM_LABEL_LENGTH) {
        g_test_message("%s of %s is %zu bytes as a label: %s", label, finding, len, value);
    }
    g_assert_cmpuint(len, <, ITEM_LABEL_LENGTH);
}

static void
test_labels_fit(void)
{
    for (int id = 0; id < FINDING_COUNT; id++) {
        const finding_def *def = &finding_defs[id];
        assert_fits("Finding", def->name, def->name);
        assert_fits("Advice", def->advice, def->name);
        assert_fits("Rule", def->rule, def->name);
        g_assert_cmpuint(strlen(def->summary), <, ITEM_LABEL_LENGTH);
    }
}

/* Names are public filter names (sipauth.<name>): lower-case words joined
 * by '_', each once, but for a finding whose severity escalates: the next
 * row, same name, more severe (auth_loop: Warning, then Error when the
 * client gave up).  Wireshark chains expert fields of one name, so the
 * filter matches both. */
static void
test_names(void)
{
    for (int id = 0; id < FINDING_COUNT; id++) {
        const char *name = finding_defs[id].name;
        g_assert_true(name[0] >= 'a' && name[0] <= 'z');
        for (const char *c = name; *c; c++) {
            g_assert_true((*c >= 'a' && *c <= 'z') || *c == '_');
        }
        for (int other = 0; other < id; other++) {
            if (other == id - 1 && g_str_equal(finding_defs[other].name, name)) {
                g_assert_cmpint(finding_defs[other].severity, <, finding_defs[id].severity);
                continue;
            }
            g_assert_cmpstr(finding_defs[other].name, !=, name);
        }
        g_assert_true(finding_defs[id].summary[0] && finding_defs[id].advice[0] && finding_defs[id].rule[0]);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/finding/labels_fit", test_labels_fit);
    g_test_add_func("/finding/names", test_names);
    return g_test_run();
}
