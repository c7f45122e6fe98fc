/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats: every statistic of the suite, in one place.  Robust summaries of a
 * case; depth models of a family (a line, or segments chosen by BIC), with
 * intervals from resampling whole trials; exact integer lines for counted
 * clocks; change points in a sequence of per-trial estimates; and the tests
 * compare uses.  Numerics come from GSL.
 */
#ifndef TB_STATS_H
#define TB_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* GSL errors (out of memory among them) exit 1 with a message instead of
 * GSL's abort(). */
void stats_init(void);

struct summary {
	double median, min, max, q1, q3;
	double mad;		/* median absolute deviation from the median, unscaled */
	double mean;
	int n;
};

void stats_summary(const double *v, int n, struct summary *s);

/* An estimate and its 95% interval; what the interval means is said where
 * it is written (within-run, between-runs). */
struct estimate {
	double value, low, high;
};

/*
 * The samples of one family, trial by trial: y[d * ntrials + t] is trial t
 * at depth x[d] (x ascending, distinct).  The trial is the unit: all cases
 * of one trial shared the machine's state, so trials are resampled whole.
 * run[t] says which run trial t belongs to (programs reloaded between runs);
 * with nruns > 1, resampling draws runs, then trials within them.
 */
struct grid {
	int ndepths, ntrials, nruns;
	double *x, *y;
	int *run;
};

void grid_free(struct grid *g);
/* Per-depth medians over the trials listed (n of them). */
void grid_medians(const struct grid *g, const int *trials, int n, double *med);

#define STATS_MAX_SEGMENTS 3
/* Depths per segment at least: two points always make a line. */
#define STATS_MIN_SEGMENT 3

struct segment {
	int from, to;		/* depth indices into the grid, inclusive */
	struct estimate slope;
	double base, r2;
};

struct depth_fit {
	struct estimate slope;	/* over all depths: the per-hop summary */
	double base, r2;
	int nseg;		/* 1: a line fits */
	struct segment seg[STATS_MAX_SEGMENTS];
};

/*
 * The model of cost against depth: the slope and base are Theil-Sen's over
 * the per-depth medians; segments (up to STATS_MAX_SEGMENTS, breaks between
 * depths) are chosen by BIC over every trial's points, so that a knee must
 * stand out of the trial-to-trial noise; intervals come from resamples of
 * whole trials (or runs), with the breaks fixed.  Needs two depths.
 */
int stats_fit_depths(const struct grid *g, int resamples, uint64_t seed, struct depth_fit *f);

/*
 * The integer line of exact counts: the slope most consecutive depths agree
 * on, and the base most depths agree on with it.  Returns how many depths lie
 * off that line.  *wrong_slope: no exact line holds (half the depths or more
 * lie off it, or three or more misses in a row grow with depth).
 */
int stats_exact_line(const double *x, const double *y, int n, double *slope, double *base,
		     bool *wrong_slope);

/*
 * Change points of a sequence (per-trial estimates in trial order) by binary
 * segmentation: a split is kept when it lowers the squared error by more than
 * a BIC-like penalty scaled by the noise of successive differences, and the
 * means differ by at least min_rel of their size.  Fills cuts[] with the first
 * index of every new regime and returns their number.
 */
int stats_change_points(const double *v, int n, int min_len, double min_rel, int *cuts);

/* For exact clocks: the smallest value, when at least two samples agree on
 * it.  Returns 0, or -ENODATA when no two agree. */
int stats_agreed_min(const double *v, int n, double *out);

/* The median of v, whose order it changes. */
double stats_median_inplace(double *v, int n);
void stats_theil_sen(const double *x, const double *y, int n, double *slope, double *intercept);
/* The 2.5% and 97.5% quantiles of v, which it sorts. */
void stats_interval95(double *v, int n, double *low, double *high);
/* Student's t quantile at 97.5% for df degrees of freedom. */
double stats_t975(int df);
/* Draws a resample of trial indices into out (g->ntrials of them). */
void stats_resample_trials(gsl_rng *rng, const struct grid *g, int *out);

/* Mann-Whitney U, two-sided p (normal approximation, tie-corrected). */
double stats_mann_whitney_p(const double *a, int na, const double *b, int nb);
/* Benjamini-Hochberg: adjusts the m p-values pointed to, in place. */
void stats_bh_adjust(double **p, int m);

#endif
