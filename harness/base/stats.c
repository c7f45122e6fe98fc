// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "base/stats.h"
#include "base/util.h"

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

/* By selection, not sorting: bootstraps take thousands of medians of
 * every case's samples, which may be 100k long. */
double stats_median_inplace(double *v, int n)
{
	return gsl_stats_median(v, 1, n);
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

void stats_interval95(double *v, int n, double *low, double *high)
{
	gsl_sort(v, 1, n);
	*low = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.025);
	*high = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.975);
}

/* GSL's own handler abort()s on any error, out of memory included: a
 * failure says why and exits 1 like every other. */
static void gsl_fail(const char *reason, const char *file, int line, int gsl_errno)
{
	p_err("GSL: %s (%s:%d)%s", reason, file, line,
	      gsl_errno == GSL_ENOMEM ? ": out of memory" : "");
	exit(TB_EXIT_FAIL);
}

void stats_init(void)
{
	gsl_set_error_handler(gsl_fail);
}

double stats_t975(int df)
{
	return gsl_cdf_tdist_Pinv(0.975, df > 0 ? df : 1);
}

void grid_free(struct grid *g)
{
	free(g->x);
	free(g->y);
	free(g->run);
	memset(g, 0, sizeof(*g));
}

void grid_medians(const struct grid *g, const int *trials, int n, double *med)
{
	double *v = xcalloc(n, sizeof(double));

	for (int d = 0; d < g->ndepths; d++) {
		for (int i = 0; i < n; i++)
			v[i] = g->y[d * g->ntrials + trials[i]];
		med[d] = stats_median_inplace(v, n);
	}
	free(v);
}

void stats_resample_trials(gsl_rng *rng, const struct grid *g, int *out)
{
	int k = 0;

	if (g->nruns <= 1) {
		for (int i = 0; i < g->ntrials; i++)
			out[i] = gsl_rng_uniform_int(rng, g->ntrials);
		return;
	}
	/* Runs first, then trials within each run drawn: the between-run
	 * variation is then part of every interval. */
	while (k < g->ntrials) {
		int r = gsl_rng_uniform_int(rng, g->nruns), first = -1, len = 0;

		for (int t = 0; t < g->ntrials; t++)
			if (g->run[t] == r) {
				first = first < 0 ? t : first;
				len++;
			}
		for (int i = 0; i < len && k < g->ntrials; i++)
			out[k++] = first + gsl_rng_uniform_int(rng, len);
	}
}

/* Sums of a run of depths' trial points, for least squares in O(1). */
struct sums {
	double n, x, y, xx, xy, yy;
};

static void sums_add(struct sums *a, const struct sums *b, double sign)
{
	a->n += sign * b->n;
	a->x += sign * b->x;
	a->y += sign * b->y;
	a->xx += sign * b->xx;
	a->xy += sign * b->xy;
	a->yy += sign * b->yy;
}

/* Residual sum of squares of the least-squares line through depths
 * [from, to] (prefix sums pre[d] cover depths before d). */
static double segment_rss(const struct sums *pre, int from, int to)
{
	struct sums s = pre[to + 1];
	double sxx, sxy, syy;

	sums_add(&s, &pre[from], -1);
	sxx = s.xx - s.x * s.x / s.n;
	sxy = s.xy - s.x * s.y / s.n;
	syy = s.yy - s.y * s.y / s.n;
	return sxx > 0 ? fmax(syy - sxy * sxy / sxx, 0) : syy;
}

static double bic(double rss, double n, int nseg)
{
	/* Two parameters a segment, one a break. */
	return n * log(fmax(rss, 1e-300) / n) + (3 * nseg - 1) * log(n);
}

/* The breaks (first depth index of segments 2..) that BIC prefers. */
static int choose_segments(const struct grid *g, int *brk)
{
	int D = g->ndepths, M = STATS_MIN_SEGMENT, best_nseg = 1;
	struct sums *pre = xcalloc(D + 1, sizeof(*pre));
	double best, total;

	for (int d = 0; d < D; d++) {
		struct sums s = {};

		for (int t = 0; t < g->ntrials; t++) {
			double x = g->x[d], y = g->y[d * g->ntrials + t];

			s = (struct sums){ s.n + 1, s.x + x, s.y + y, s.xx + x * x, s.xy + x * y,
					   s.yy + y * y };
		}
		pre[d + 1] = pre[d];
		sums_add(&pre[d + 1], &s, 1);
	}
	total = pre[D].n;
	best = bic(segment_rss(pre, 0, D - 1), total, 1);
	/* A line through every point: nothing to split. */
	if (segment_rss(pre, 0, D - 1) <= 0)
		goto out;
	for (int b1 = M; b1 <= D - M; b1++) {
		double two = bic(segment_rss(pre, 0, b1 - 1) + segment_rss(pre, b1, D - 1), total, 2);

		if (two < best) {
			best = two;
			best_nseg = 2;
			brk[0] = b1;
		}
		for (int b2 = b1 + M; STATS_MAX_SEGMENTS > 2 && b2 <= D - M; b2++) {
			double three = bic(segment_rss(pre, 0, b1 - 1) + segment_rss(pre, b1, b2 - 1) +
						   segment_rss(pre, b2, D - 1),
					   total, 3);

			if (three < best) {
				best = three;
				best_nseg = 3;
				brk[0] = b1;
				brk[1] = b2;
			}
		}
	}
out:
	free(pre);
	return best_nseg;
}

/* Theil-Sen over depths [from, to] of per-depth figures y. */
static double segment_slope(const struct grid *g, const double *y, int from, int to, double *base)
{
	double slope;

	stats_theil_sen(g->x + from, y + from, to - from + 1, &slope, base);
	return slope;
}

int stats_fit_depths(const struct grid *g, int resamples, uint64_t seed, struct depth_fit *f)
{
	int D = g->ndepths, T = g->ntrials, brk[STATS_MAX_SEGMENTS - 1] = {};
	int *all = xcalloc(T, sizeof(int)), *draw = xcalloc(T, sizeof(int));
	double *med = xcalloc(D, sizeof(double));
	double *boot = xcalloc((size_t)resamples * (STATS_MAX_SEGMENTS + 1), sizeof(double));
	gsl_rng *rng = NULL;
	int err = -EINVAL;

	memset(f, 0, sizeof(*f));
	if (D < 2 || T < 1)
		goto out;
	for (int t = 0; t < T; t++)
		all[t] = t;
	grid_medians(g, all, T, med);
	stats_theil_sen(g->x, med, D, &f->slope.value, &f->base);
	f->r2 = r_squared(g->x, med, D);
	f->nseg = T > 1 && D >= 2 * STATS_MIN_SEGMENT ? choose_segments(g, brk) : 1;
	for (int s = 0; s < f->nseg; s++) {
		struct segment *sg = &f->seg[s];

		sg->from = s ? brk[s - 1] : 0;
		sg->to = s < f->nseg - 1 ? brk[s] - 1 : D - 1;
		sg->slope.value = segment_slope(g, med, sg->from, sg->to, &sg->base);
		sg->r2 = r_squared(g->x + sg->from, med + sg->from, sg->to - sg->from + 1);
	}

	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	for (int r = 0; r < resamples; r++) {
		double base;

		stats_resample_trials(rng, g, draw);
		grid_medians(g, draw, T, med);
		boot[r] = segment_slope(g, med, 0, D - 1, &base);
		for (int s = 0; s < f->nseg; s++)
			boot[(size_t)(s + 1) * resamples + r] =
				segment_slope(g, med, f->seg[s].from, f->seg[s].to, &base);
	}
	stats_interval95(boot, resamples, &f->slope.low, &f->slope.high);
	for (int s = 0; s < f->nseg; s++)
		stats_interval95(boot + (size_t)(s + 1) * resamples, resamples,
				 &f->seg[s].slope.low, &f->seg[s].slope.high);
	err = 0;
out:
	if (rng)
		gsl_rng_free(rng);
	free(all);
	free(draw);
	free(med);
	free(boot);
	return err;
}

/* The most frequent of v (rounded to a millionth); ties go to the first. */
static double mode_of(const double *v, int n)
{
	double best = NAN;
	int most = 0;

	for (int i = 0; i < n; i++) {
		int k = 0;

		for (int j = 0; j < n; j++)
			k += fabs(v[j] - v[i]) < 1e-6;
		if (k > most) {
			most = k;
			best = nearbyint(v[i] * 1e6) / 1e6;
		}
	}
	return best;
}

/* Three or more off-line residuals in a row (by depth) that keep one sign
 * and grow: the mark of a slope that is off by a fraction. */
static bool residuals_grow(const double *rest, double base, int n)
{
	double last = 0;
	int run = 0;

	for (int i = 0; i < n; i++) {
		double off = rest[i] - base;

		if (fabs(off) <= 1e-6)
			continue;
		if (run && (off > 0) == (last > 0) && fabs(off) > fabs(last))
			run++;
		else
			run = 1;
		last = off;
		if (run >= 3)
			return true;
	}
	return false;
}

int stats_exact_line(const double *x, const double *y, int n, double *slope, double *base,
		     bool *wrong_slope)
{
	double *step = xcalloc(n, sizeof(double)), *rest = xcalloc(n, sizeof(double));
	int m = 0, off = 0;

	/* Exact counts make integer steps; depths whose step is not a whole
	 * number per unit are off the line at one end. */
	for (int i = 0; i + 1 < n; i++) {
		double s = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);

		if (fabs(s - nearbyint(s)) < 1e-9)
			step[m++] = nearbyint(s);
	}
	if (!m)
		for (int i = 0; i + 1 < n; i++)
			step[m++] = nearbyint((y[i + 1] - y[i]) / (x[i + 1] - x[i]));
	*slope = m ? mode_of(step, m) : 0;
	for (int i = 0; i < n; i++)
		rest[i] = y[i] - *slope * x[i];
	*base = mode_of(rest, n);
	for (int i = 0; i < n; i++)
		off += fabs(rest[i] - *base) > 1e-6;
	/* A line that most depths do not lie on, or whose misses grow with
	 * depth, has the wrong slope: exact counts on a line agree but for a
	 * few depths with causes of their own (docs/exact.md). */
	*wrong_slope = 2 * (n - off) <= n || residuals_grow(rest, *base, n);
	free(step);
	free(rest);
	return off;
}

static double sse(const double *v, int lo, int hi, double *mean)
{
	double m = 0, s = 0;

	for (int i = lo; i < hi; i++)
		m += v[i];
	m /= hi - lo;
	for (int i = lo; i < hi; i++)
		s += (v[i] - m) * (v[i] - m);
	if (mean)
		*mean = m;
	return s;
}

static void split(const double *v, int lo, int hi, int min_len, double penalty, double min_rel,
		  int *cuts, int *ncuts)
{
	double whole = sse(v, lo, hi, NULL), best = 0, ml = 0, mr = 0;
	int at = -1;

	for (int k = lo + min_len; k <= hi - min_len; k++) {
		double l, r, gain = whole - sse(v, lo, k, &l) - sse(v, k, hi, &r);

		if (gain > best) {
			best = gain;
			at = k;
			ml = l;
			mr = r;
		}
	}
	if (at < 0 || best <= penalty || fabs(ml - mr) < min_rel * fmax(fabs(ml), fabs(mr)))
		return;
	split(v, lo, at, min_len, penalty, min_rel, cuts, ncuts);
	cuts[(*ncuts)++] = at;
	split(v, at, hi, min_len, penalty, min_rel, cuts, ncuts);
}

int stats_change_points(const double *v, int n, int min_len, double min_rel, int *cuts)
{
	double *diff, sigma;
	int ncuts = 0;

	if (n < 2 * min_len)
		return 0;
	/* The noise from successive differences, which a shift barely touches:
	 * median |d| = 0.6745 * sqrt(2) * sigma for normal noise. */
	diff = xcalloc(n - 1, sizeof(double));
	for (int i = 0; i + 1 < n; i++)
		diff[i] = fabs(v[i + 1] - v[i]);
	sigma = stats_median_inplace(diff, n - 1) / (0.6745 * M_SQRT2);
	free(diff);
	/* 6 sigma^2 ln n: on 2000 simulated runs of 15 trials, 2% of pure
	 * normal noise and 6% of heavy-tailed (t3) noise split, and a shift of
	 * 3.3 sigma halfway is found 89% of the time (docs/statistics.md). */
	split(v, 0, n, min_len, 6 * sigma * sigma * log(n), min_rel, cuts, &ncuts);
	return ncuts;
}

double stats_mann_whitney_p(const double *a, int na, const double *b, int nb)
{
	int n = na + nb;
	double *pool = xcalloc(n, sizeof(double)), *rank = xcalloc(n, sizeof(double));
	size_t *idx = xcalloc(n, sizeof(size_t));
	double ra = 0, ties = 0, u, mean, var, z;

	memcpy(pool, a, na * sizeof(double));
	memcpy(pool + na, b, nb * sizeof(double));
	gsl_sort_index(idx, pool, 1, n);
	for (int i = 0; i < n;) {
		int j = i;

		while (j + 1 < n && pool[idx[j + 1]] == pool[idx[i]])
			j++;
		for (int k = i; k <= j; k++)
			rank[idx[k]] = (i + j) / 2.0 + 1;
		ties += pow(j - i + 1, 3) - (j - i + 1);
		i = j + 1;
	}
	for (int i = 0; i < na; i++)
		ra += rank[i];
	u = ra - na * (na + 1) / 2.0;
	mean = na * nb / 2.0;
	var = na * nb / 12.0 * ((n + 1) - ties / ((double)n * (n - 1)));
	free(pool);
	free(rank);
	free(idx);
	if (var <= 0)
		return 1;	/* every sample equal: no evidence of a difference */
	z = (fabs(u - mean) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : 2 * gsl_cdf_ugaussian_Q(z);
}

static int cmp_pp(const void *a, const void *b)
{
	double x = **(double *const *)a, y = **(double *const *)b;

	return (x > y) - (x < y);
}

/* p of rank i of m becomes min over j >= i of p_j * m / j, which bounds the
 * share of false discoveries among the changes reported. */
void stats_bh_adjust(double **p, int m)
{
	double running = 1;

	qsort(p, m, sizeof(*p), cmp_pp);
	for (int i = m - 1; i >= 0; i--) {
		running = fmin(running, *p[i] * m / (i + 1));
		*p[i] = running;
	}
}
