// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"
#include "util.h"

void stats_summary(const double *v, int n, struct summary *s)
{
	double *sorted, *work;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	sorted = xcalloc(n, sizeof(double));
	work = xcalloc(n, sizeof(double));
	memcpy(sorted, v, n * sizeof(double));
	gsl_sort(sorted, 1, n);
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->median = gsl_stats_median_from_sorted_data(sorted, 1, n);
	s->q1 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
	s->q3 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75);
	s->mad = gsl_stats_mad0(sorted, 1, n, work);
	s->mean = gsl_stats_mean(sorted, 1, n);
	free(work);
	free(sorted);
}

int stats_agreed_min(const double *v, int n, double *out)
{
	double min = INFINITY;
	int seen = 0;

	for (int i = 0; i < n; i++)
		min = v[i] < min ? v[i] : min;
	for (int i = 0; i < n; i++)
		seen += v[i] == min;
	if (seen < 2)
		return -ENODATA;
	*out = min;
	return 0;
}

double stats_median_inplace(double *v, int n)
{
	gsl_sort(v, 1, n);
	return gsl_stats_median_from_sorted_data(v, 1, n);
}

void stats_theil_sen(const double *x, const double *y, int n, double *slope, double *intercept)
{
	double *slopes = xcalloc((size_t)n * n / 2 + 1, sizeof(double));
	double *rest = xcalloc(n, sizeof(double));
	int m = 0;

	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (x[j] != x[i])
				slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	*slope = m ? stats_median_inplace(slopes, m) : 0;
	for (int i = 0; i < n; i++)
		rest[i] = y[i] - *slope * x[i];
	*intercept = stats_median_inplace(rest, n);
	free(rest);
	free(slopes);
}

static double r_squared(const double *x, const double *y, int n)
{
	double c0, c1, cov00, cov01, cov11, sumsq, tss = 0;
	double mean = gsl_stats_mean(y, 1, n);

	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
	for (int i = 0; i < n; i++)
		tss += (y[i] - mean) * (y[i] - mean);
	/* Identical medians everywhere (a deterministic clock, a flat cost):
	 * the line explains them fully. */
	return tss > 0 ? 1 - sumsq / tss : 1;
}

double stats_resampled_slope(gsl_rng *rng, const struct fit_point *pts, int npts)
{
	double *x = xcalloc(npts, sizeof(double)), *y = xcalloc(npts, sizeof(double));
	double slope, intercept;

	for (int i = 0; i < npts; i++) {
		double *draw = xcalloc(pts[i].n, sizeof(double));

		gsl_ran_sample(rng, draw, pts[i].n, (void *)pts[i].y, pts[i].n, sizeof(double));
		x[i] = pts[i].x;
		y[i] = stats_median_inplace(draw, pts[i].n);
		free(draw);
	}
	stats_theil_sen(x, y, npts, &slope, &intercept);
	free(x);
	free(y);
	return slope;
}

int stats_fit(const struct fit_point *pts, int npts, int resamples, uint64_t seed,
	      struct fit *f)
{
	double *x = xcalloc(npts, sizeof(double)), *med = xcalloc(npts, sizeof(double));
	double *boot = NULL;
	int distinct = 0, err = -EINVAL;
	gsl_rng *rng;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < npts; i++) {
		double *copy = xcalloc(pts[i].n, sizeof(double));

		x[i] = pts[i].x;
		distinct += i == 0 || pts[i].x != pts[0].x;
		memcpy(copy, pts[i].y, pts[i].n * sizeof(double));
		med[i] = pts[i].n ? stats_median_inplace(copy, pts[i].n) : NAN;
		if (!pts[i].n)
			distinct = 0;
		free(copy);
	}
	if (distinct < 2)
		goto out;
	f->points = npts;
	stats_theil_sen(x, med, npts, &f->slope, &f->intercept);
	f->r2 = r_squared(x, med, npts);

	/* Resample the trials of every depth, refit, keep the slopes. */
	boot = xcalloc(resamples, sizeof(double));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	for (int r = 0; r < resamples; r++)
		boot[r] = stats_resampled_slope(rng, pts, npts);
	gsl_rng_free(rng);
	gsl_sort(boot, 1, resamples);
	f->ci_low = gsl_stats_quantile_from_sorted_data(boot, 1, resamples, 0.025);
	f->ci_high = gsl_stats_quantile_from_sorted_data(boot, 1, resamples, 0.975);
	err = 0;
out:
	free(x);
	free(med);
	free(boot);
	return err;
}
