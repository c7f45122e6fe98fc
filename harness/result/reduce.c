// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "result/read.h"
#include "result/reduce.h"

/* Regimes need this many trials on each side of a change, and a change of
 * at least this share of the per-hop cost: smaller shifts are noise. */
#define REGIME_MIN_TRIALS 3
#define REGIME_MIN_SHIFT 0.03

struct member {
	char *family;		/* model_family_key(c) */
	json_t *c;
	int order;		/* its index among the cases */
};

/* A result's fit points sorted by family, then depth: found once, then a
 * family is a binary search away. */
struct reduce_families {
	struct member *m;
	int n;
	bool exact;
};

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int k = strcmp(x->family, y->family);

	if (k)
		return k;
	k = jint(x->c, "depth", 0) - jint(y->c, "depth", 0);
	return k ? k : x->order - y->order;
}

static bool exact_result(json_t *root)
{
	return model_exact_clock(jstr(json_object_get(root, "meta"), "clock", "?"));
}

/* The grid of the n members of one family, sorted by depth. */
static int grid_of(const struct member *m, int n, bool exact, struct grid *g)
{
	json_t *runs0 = json_object_get(m[0].c, "sample_runs");
	int T = INT32_MAX, d = 0;
	bool same_runs = json_is_array(runs0);

	memset(g, 0, sizeof(*g));
	for (int i = 0; i < n; i++) {
		int ns = json_array_size(json_object_get(m[i].c, "samples"));

		T = ns < T ? ns : T;
		same_runs = same_runs && json_equal(runs0, json_object_get(m[i].c, "sample_runs"));
	}
	if (exact)
		T = 1;
	if (n < 2 || T < 1)
		return -ENODATA;
	g->ntrials = T;
	g->x = xcalloc(n, sizeof(double));
	g->y = xcalloc((size_t)n * T, sizeof(double));
	g->run = xcalloc(T, sizeof(int));
	for (int i = 0; i < n; i++) {
		json_t *s = json_object_get(m[i].c, "samples");

		/* Two cases at one depth (a repeated list value): the first. */
		if (d && g->x[d - 1] == jint(m[i].c, "depth", 0))
			continue;
		g->x[d] = jint(m[i].c, "depth", 0);
		for (int t = 0; t < T; t++)
			g->y[d * T + t] = exact ? model_case_figure(m[i].c) :
						  json_number_value(json_array_get(s, t));
		d++;
	}
	g->ndepths = d;
	g->nruns = 1;
	if (same_runs && !exact) {
		size_t r;
		json_t *len;
		int t = 0;

		json_array_foreach(runs0, r, len)
			for (int k = 0; k < json_integer_value(len) && t < T; k++)
				g->run[t++] = r;
		g->nruns = json_array_size(runs0);
	}
	if (g->ndepths < 2) {
		grid_free(g);
		return -ENODATA;
	}
	return 0;
}

struct reduce_families *reduce_families(json_t *root)
{
	json_t *cases = json_object_get(root, "cases"), *c;
	struct reduce_families *rf = xcalloc(1, sizeof(*rf));
	size_t i;

	rf->m = xcalloc(json_array_size(cases) + 1, sizeof(*rf->m));
	rf->exact = exact_result(root);
	json_array_foreach(cases, i, c)
		if (model_fit_point(c))
			rf->m[rf->n++] = (struct member){ model_family_key(c), c, i };
	qsort(rf->m, rf->n, sizeof(*rf->m), cmp_member);
	return rf;
}

void reduce_families_free(struct reduce_families *rf)
{
	if (!rf)
		return;
	for (int i = 0; i < rf->n; i++)
		free(rf->m[i].family);
	free(rf->m);
	free(rf);
}

int reduce_grid(const struct reduce_families *rf, const char *family, struct grid *g)
{
	int lo = 0, hi = rf->n, end;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(rf->m[mid].family, family) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < rf->n && !strcmp(rf->m[end].family, family); end++)
		;
	memset(g, 0, sizeof(*g));
	return end > lo ? grid_of(rf->m + lo, end - lo, rf->exact, g) : -ENODATA;
}

/* The per-trial per-hop slopes of a grid, in trial order. */
static double *trial_slopes(const struct grid *g)
{
	double *s = xcalloc(g->ntrials, sizeof(double)), *y = xcalloc(g->ndepths, sizeof(double));

	for (int t = 0; t < g->ntrials; t++) {
		double base;

		for (int d = 0; d < g->ndepths; d++)
			y[d] = g->y[d * g->ntrials + t];
		stats_theil_sen(g->x, y, g->ndepths, &s[t], &base);
	}
	free(y);
	return s;
}

static json_t *estimate_json(const struct estimate *e)
{
	return json_pack("{sf sf sf}", "value", e->value, "ci_low", e->low, "ci_high", e->high);
}

/* Regimes of the per-trial slopes: where the machine changed speed in the
 * run.  NULL when there was one. */
static json_t *regimes_json(const struct grid *g, double *span_low, double *span_high)
{
	double *s = trial_slopes(g);
	int *cuts = xcalloc(g->ntrials, sizeof(int));
	int n = stats_change_points(s, g->ntrials, REGIME_MIN_TRIALS, REGIME_MIN_SHIFT, cuts);
	json_t *arr = NULL;

	for (int k = 0; n && k <= n; k++) {
		int from = k ? cuts[k - 1] : 0, to = k < n ? cuts[k] : g->ntrials;
		double *part = xcalloc(to - from, sizeof(double)), v;

		memcpy(part, s + from, (to - from) * sizeof(double));
		v = stats_median_inplace(part, to - from);
		free(part);
		*span_low = fmin(*span_low, v);
		*span_high = fmax(*span_high, v);
		if (!arr)
			arr = json_array();
		json_array_append_new(arr, json_pack("{si si sf}", "from_trial", from + 1, "to_trial",
						     to, "per_hop", v));
	}
	free(cuts);
	free(s);
	return arr;
}

/* Segments and the knees between them, depths as depths. */
static void segments_json(json_t *fit, const struct grid *g, const struct depth_fit *f)
{
	json_t *segs = json_array(), *knees = json_array();

	for (int s = 0; s < f->nseg; s++) {
		const struct segment *sg = &f->seg[s];

		json_array_append_new(segs, json_pack("{si si so sf sf}", "from", (int)g->x[sg->from],
						      "to", (int)g->x[sg->to], "per_hop",
						      estimate_json(&sg->slope), "base", sg->base,
						      "r2", sg->r2));
		if (s) {
			const struct segment *prev = &f->seg[s - 1];
			double at = g->x[sg->from];

			json_array_append_new(knees, json_pack("{si sf}", "depth", (int)at, "jump",
							       sg->base + sg->slope.value * at -
								       (prev->base + prev->slope.value * at)));
		}
	}
	json_object_set_new(fit, "segments", segs);
	json_object_set_new(fit, "knees", knees);
}

/* Exact counts: the integer line, and every depth off it; a line that does
 * not hold is reported as a wrong slope, never as exact. */
static void exact_json(json_t *fit, json_t *per_hop, const struct grid *g)
{
	json_t *res = json_array();
	double slope, base;
	bool wrong;

	stats_exact_line(g->x, g->y, g->ndepths, &slope, &base, &wrong);
	if (wrong)
		json_object_set_new(per_hop, "interval", json_string("wrong slope"));
	for (int d = 0; d < g->ndepths; d++) {
		double off = g->y[d] - (base + slope * g->x[d]);

		if (fabs(off) > 1e-6)
			json_array_append_new(res, json_pack("{si sf}", "depth", (int)g->x[d], "off",
							     off));
	}
	json_object_set_new(per_hop, "value", json_real(slope));
	json_object_set_new(per_hop, "ci_low", json_real(slope));
	json_object_set_new(per_hop, "ci_high", json_real(slope));
	json_object_set_new(fit, "base", json_real(base));
	json_object_set_new(fit, "residuals", res);
}

/* The interval a rerun should land in (noise_rerun_half), widened to every
 * regime the run went through. */
static void rerun_json(json_t *per_hop, const struct noise_profile *np, const char *family,
		       double lo_regime, double hi_regime)
{
	double v = jnum(per_hop, "value", NAN), sd, half;
	int runs = 0;

	sd = noise_sd(np, "fits", family, &runs);
	if (isnan(sd) || v <= 0)
		return;
	half = noise_rerun_half(sd, runs);
	json_object_set_new(per_hop, "rerun_low", json_real(fmin(v * exp(-half), lo_regime)));
	json_object_set_new(per_hop, "rerun_high", json_real(fmax(v * exp(half), hi_regime)));
	json_object_set_new(per_hop, "rerun_sd", json_real(sd));
}

static double jited_slope(const struct member *m, int n)
{
	double *x = xcalloc(n, sizeof(double)), *y = xcalloc(n, sizeof(double)), slope, base;

	for (int i = 0; i < n; i++) {
		x[i] = jint(m[i].c, "depth", 0);
		y[i] = jnum(json_object_get(m[i].c, "prog"), "jited_len", NAN);
	}
	stats_theil_sen(x, y, n, &slope, &base);
	free(x);
	free(y);
	return slope;
}

/* The fit of the n members of one family. */
static json_t *fit_json(const struct member *m, int n, bool exact, const struct noise_profile *np,
			uint64_t seed)
{
	json_t *c = m[0].c, *fit = NULL, *per_hop, *regimes = NULL;
	double lo = INFINITY, hi = -INFINITY;
	struct depth_fit f;
	struct grid g;

	if (grid_of(m, n, exact, &g))
		goto out;
	if (stats_fit_depths(&g, exact ? 1 : REDUCE_RESAMPLES, seed, &f))
		goto out;
	per_hop = estimate_json(&f.slope);
	json_object_set_new(per_hop, "interval", json_string(exact ? "exact" :
							      g.nruns > 1 ? "between-runs" :
									    "within-run"));
	fit = json_pack("{ss ss ss ss si si so sf sf si s[ii] sf ss}", "scenario",
			jstr(c, "scenario", "?"), "bench", jstr(c, "bench", "?"), "prog_type",
			jstr(c, "prog_type", "?"), "key_mode", jstr(c, "key_mode", "?"), "nest",
			jint(c, "nest", -1), "frame_stack", jint(c, "frame_stack", -1), "per_hop",
			per_hop, "base", f.base, "r2", f.r2, "points", g.ndepths, "depths",
			(int)g.x[0], (int)g.x[g.ndepths - 1], "jited_per_hop", jited_slope(m, n),
			"model", f.nseg > 1 ? "segments" : "line");
	if (exact) {
		exact_json(fit, per_hop, &g);
	} else {
		if (f.nseg > 1)
			segments_json(fit, &g, &f);
		regimes = regimes_json(&g, &lo, &hi);
		if (regimes)
			json_object_set_new(fit, "regimes", regimes);
		json_object_set_new(fit, "trials", json_integer(g.ntrials));
		rerun_json(per_hop, np, m[0].family, lo, hi);
	}
out:
	grid_free(&g);
	return fit;
}

static void case_noise(json_t *root, const struct noise_profile *np)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(root, "cases"), i, c) {
		int runs;
		double sd = noise_sd(np, "cases", jstr(c, "id", ""), &runs);

		if (!isnan(sd) && json_is_object(json_object_get(c, "stat")))
			json_object_set_new(json_object_get(c, "stat"), "rerun_sd", json_real(sd));
	}
}

struct span {
	int lo, hi, earliest;
};

static int cmp_span(const void *a, const void *b)
{
	return ((const struct span *)a)->earliest - ((const struct span *)b)->earliest;
}

void reduce_result(json_t *root, const struct noise_profile *np, uint64_t seed)
{
	struct reduce_families *rf = reduce_families(root);
	const struct member *m = rf->m;
	struct span *fam = xcalloc(rf->n + 1, sizeof(*fam));
	json_t *fits = json_array();
	int nfam = 0;

	for (int i = 0; i < rf->n; i++) {
		if (!i || strcmp(m[i].family, m[i - 1].family))
			fam[nfam++] = (struct span){ i, i, m[i].order };
		fam[nfam - 1].hi = i + 1;
		if (m[i].order < fam[nfam - 1].earliest)
			fam[nfam - 1].earliest = m[i].order;
	}
	/* Fits in the order their families first appear among the cases. */
	qsort(fam, nfam, sizeof(*fam), cmp_span);
	for (int k = 0; k < nfam; k++) {
		json_t *fit = fit_json(m + fam[k].lo, fam[k].hi - fam[k].lo, rf->exact, np, seed);

		if (fit)
			json_array_append_new(fits, fit);
	}
	free(fam);
	reduce_families_free(rf);
	json_object_set_new(root, "fits", fits);
	case_noise(root, np);
}
