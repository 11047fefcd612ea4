/* median.c - running median with two binary heaps (see median.h). */
#include "median.h"

#define AT(h, i) g_array_index((h), double, (i))

/* sign +1: max-heap, -1: min-heap (compare sign * value). */
static void
heap_push(GArray *h, double v, int sign)
{
    g_array_append_val(h, v);
    size_t i = h->len - 1;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (sign * AT(h, parent) >= sign * AT(h, i)) {
            break;
        }
        double t = AT(h, parent);
        AT(h, parent) = AT(h, i);
        AT(h, i) = t;
        i = parent;
    }
}

static double
heap_pop(GArray *h, int sign)
{
    double top = AT(h, 0);
    AT(h, 0) = AT(h, h->len - 1);
    g_array_set_size(h, h->len - 1);
    size_t i = 0, n = h->len;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, best = i;
        if (l < n && sign * AT(h, l) > sign * AT(h, best)) {
            best = l;
        }
        if (r < n && sign * AT(h, r) > sign * AT(h, best)) {
            best = r;
        }
        if (best == i) {
            break;
        }
        double t = AT(h, best);
        AT(h, best) = AT(h, i);
        AT(h, i) = t;
        i = best;
    }
    return top;
}

void
running_median_init(running_median *m)
{
    m->low = g_array_new(FALSE, FALSE, sizeof(double));
    m->high = g_array_new(FALSE, FALSE, sizeof(double));
    m->max = 0;
}

void
running_median_clear(running_median *m)
{
    if (m->low) {
        g_array_free(m->low, TRUE);
        g_array_free(m->high, TRUE);
    }
    m->low = m->high = NULL;
}

void
running_median_add(running_median *m, double value)
{
    if (running_median_count(m) == 0 || value > m->max) {
        m->max = value;
    }
    if (m->low->len == 0 || value <= AT(m->low, 0)) {
        heap_push(m->low, value, +1);
    } else {
        heap_push(m->high, value, -1);
    }
    /* keep low == high or low == high + 1 */
    if (m->low->len > m->high->len + 1) {
        heap_push(m->high, heap_pop(m->low, +1), -1);
    } else if (m->high->len > m->low->len) {
        heap_push(m->low, heap_pop(m->high, -1), +1);
    }
}

size_t
running_median_count(const running_median *m)
{
    return m->low->len + m->high->len;
}

double
running_median_get(const running_median *m)
{
    if (m->low->len == 0) {
        return 0;
    }
    if (m->low->len > m->high->len) {
        return AT(m->low, 0);
    }
    return (AT(m->low, 0) + AT(m->high, 0)) / 2;
}

double
running_median_max(const running_median *m)
{
    return running_median_count(m) ? m->max : 0;
}
