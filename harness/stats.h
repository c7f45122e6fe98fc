/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats: robust summaries of a case's samples, and the per-hop cost as the
 * slope of cost against depth (Theil-Sen over the per-depth medians, with a
 * bootstrap 95% confidence interval).  Numerics come from GSL.
 */
#ifndef TB_STATS_H
#define TB_STATS_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

struct summary {
	double median, min, max, q1, q3;
	double mad;		/* median absolute deviation from the median, unscaled */
	double mean;
	int n;
};

void stats_summary(const double *v, int n, struct summary *s);

/* The samples measured at one depth. */
struct fit_point {
	double x;
	const double *y;
	int n;
};

struct fit {
	double slope, ci_low, ci_high;	/* per unit of x, 95% bootstrap interval */
	double intercept;		/* fixed cost at x = 0 */
	double r2;			/* of a least-squares line through the medians */
	int points;
};

/* The median of v, which it sorts. */
double stats_median_inplace(double *v, int n);

/* One bootstrap replicate of a fit: the slope through the medians of every
 * point's samples drawn again with replacement. */
double stats_resampled_slope(gsl_rng *rng, const struct fit_point *pts, int npts);

/* Needs at least two distinct x.  Deterministic for a given seed. */
int stats_fit(const struct fit_point *pts, int npts, int resamples, uint64_t seed,
	      struct fit *f);

/*
 * For exact clocks (guest instructions), whose samples can only be inflated
 * by work that is not the program's: the smallest value, when at least two
 * samples agree on it.  Returns 0, or -ENODATA when no two agree.
 */
int stats_agreed_min(const double *v, int n, double *out);

/* Theil-Sen slope and intercept of (x[i], y[i]). */
void stats_theil_sen(const double *x, const double *y, int n, double *slope, double *intercept);

#endif
