/* median.h - the running median of a growing set of numbers, in O(log n) per
 * number: a max-heap of the lower half and a min-heap of the upper half.
 * The statistics table shows the median retry delay after every message, so
 * sorting all delays each time would make a large capture quadratic. */
#ifndef SIPAUTH_MEDIAN_H
#define SIPAUTH_MEDIAN_H

#include <stddef.h>

#include <glib.h>

typedef struct {
    GArray *low;   /* max-heap: the lower half (one more than high when odd) */
    GArray *high;  /* min-heap: the upper half */
    double  max;
} running_median;

void running_median_init(running_median *m);
void running_median_clear(running_median *m);
void running_median_add(running_median *m, double value);
size_t running_median_count(const running_median *m);
/* The median (the mean of the middle two for an even count) and the
 * largest value; 0 when empty. */
double running_median_get(const running_median *m);
double running_median_max(const running_median *m);

#endif
