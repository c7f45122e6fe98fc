// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench compare BASE NEW: is NEW slower than BASE, with statistics.
 *
 * Cases match by id, per-hop fits by their family.  For timed clocks (ns,
 * cycles) a change counts only when it is significant (Mann-Whitney U on the
 * trial samples, two-sided, its p adjusted by Benjamini-Hochberg for the
 * hundreds of cases compared at once) and its 95% bootstrap interval lies
 * wholly past the noise threshold: Criterion's rule.  For instruction counts
 * (the icount VM) the figures are exact and any difference past the
 * threshold, given in instructions, counts.  docs/compare.md says why.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cmds.h"
#include "model.h"
#include "results.h"
#include "stats.h"

#define RESAMPLES 2000
#define SEED 1		/* fixed: the same two files always give the same report */

enum verdict { UNCHANGED, IMPROVED, REGRESSED, NEWLY_SKIPPED, NEWLY_MEASURED, ONLY_BASE, ONLY_NEW };

static const char *const verdict_names[] = {
	[UNCHANGED] = "unchanged",	   [IMPROVED] = "improved",   [REGRESSED] = "REGRESSED",
	[NEWLY_SKIPPED] = "NEWLY SKIPPED", [NEWLY_MEASURED] = "newly measured",
	[ONLY_BASE] = "only in BASE",	   [ONLY_NEW] = "only in NEW",
};

struct opts {
	double threshold;	/* percent for timed clocks, instructions for insns */
	bool threshold_set;
	double alpha;
	bool markdown, force, all;
	struct results_load_opts load;
};

struct row {
	char *what;		/* a case id, or a fit's name */
	double old, new;	/* medians (agreed counts when exact), or per-hop values */
	double pct, pct_low, pct_high;
	double p;		/* NAN where no test applies */
	const char *reason;	/* why NEW skipped a case BASE measured */
	bool measured;		/* old and new are figures: judge() decides v */
	bool fit;
	enum verdict v;
};

struct report {
	struct row *rows;
	int n;
	int common;		/* cases in both files */
	int counts[ARRAY_SIZE(verdict_names)];
};

static void add_row(struct report *r, struct row row)
{
	r->rows = xrealloc(r->rows, r->n + 1, sizeof(*r->rows));
	r->rows[r->n++] = row;
}

static int cmp_p(const void *a, const void *b)
{
	double x = (*(struct row *const *)a)->p, y = (*(struct row *const *)b)->p;

	return (x > y) - (x < y);
}

/* Benjamini-Hochberg: p of rank i of m becomes min over j >= i of p_j*m/j,
 * which bounds the share of false discoveries among the changes reported. */
static void adjust_p(struct report *rep)
{
	struct row **tested = xcalloc(rep->n, sizeof(*tested));
	double running = 1;
	int m = 0;

	for (int i = 0; i < rep->n; i++)
		if (!isnan(rep->rows[i].p))
			tested[m++] = &rep->rows[i];
	qsort(tested, m, sizeof(*tested), cmp_p);
	for (int i = m - 1; i >= 0; i--) {
		running = fmin(running, tested[i]->p * m / (i + 1));
		tested[i]->p = running;
	}
	free(tested);
}

/* The samples of a case as a double array; NULL when it has none. */
static double *samples_of(json_t *c, int *n)
{
	json_t *arr = json_object_get(c, "samples"), *v;
	double *out;
	size_t i;

	*n = json_array_size(arr);
	if (!*n)
		return NULL;
	out = xcalloc(*n, sizeof(double));
	json_array_foreach(arr, i, v)
		out[i] = json_number_value(v);
	return out;
}

/*
 * Mann-Whitney U, two-sided, by the normal approximation with a continuity
 * and tie correction: ranks of the pooled samples, the sum of a's ranks.
 */
static double mann_whitney_p(const double *a, int na, const double *b, int nb)
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

static double change_pct(double old, double new)
{
	return old ? 100 * (new / old - 1) : 0;
}

/* The 95% percentile interval of RESAMPLES bootstrap replicates (sorted here). */
static void interval95(double *pct, double *low, double *high)
{
	gsl_sort(pct, 1, RESAMPLES);
	*low = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.025);
	*high = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.975);
}

/* The interval of the change of the median, in percent, by resampling. */
static void bootstrap_change(gsl_rng *rng, const double *a, int na, const double *b, int nb,
			     double *low, double *high)
{
	double *ra = xcalloc(na, sizeof(double)), *rb = xcalloc(nb, sizeof(double));
	double *pct = xcalloc(RESAMPLES, sizeof(double));

	for (int r = 0; r < RESAMPLES; r++) {
		gsl_ran_sample(rng, ra, na, (void *)a, na, sizeof(double));
		gsl_ran_sample(rng, rb, nb, (void *)b, nb, sizeof(double));
		pct[r] = change_pct(stats_median_inplace(ra, na), stats_median_inplace(rb, nb));
	}
	interval95(pct, low, high);
	free(ra);
	free(rb);
	free(pct);
}

/* The rule: exact figures compare exactly; timed ones need significance
 * and an interval wholly past the threshold. */
static enum verdict judge(const struct row *r, bool exact, const struct opts *o)
{
	if (exact) {
		double delta = r->new - r->old;

		if (delta > o->threshold)
			return REGRESSED;
		return delta < -o->threshold ? IMPROVED : UNCHANGED;
	}
	if (!(r->p < o->alpha))
		return UNCHANGED;
	if (r->pct_low > o->threshold)
		return REGRESSED;
	if (r->pct_high < -o->threshold)
		return IMPROVED;
	return UNCHANGED;
}

static void compare_case(struct report *rep, gsl_rng *rng, json_t *a, json_t *b, bool exact)
{
	struct row r = { .old = NAN, .new = NAN, .p = NAN };
	double *sa, *sb;
	int na, nb;

	if (!case_ok(a) || !case_ok(b)) {
		if (case_ok(a) == case_ok(b))	/* skipped in both: nothing changed */
			return;
		r.v = case_ok(a) ? NEWLY_SKIPPED : NEWLY_MEASURED;
		r.reason = jstr(b, "reason", NULL);
		r.what = xstrdup(jstr(a, "id", "?"));
		add_row(rep, r);
		return;
	}
	sa = samples_of(a, &na);
	sb = samples_of(b, &nb);
	if (!sa || !sb)
		goto out;
	r.what = xstrdup(jstr(a, "id", "?"));
	r.old = stats_median_inplace(sa, na);
	r.new = stats_median_inplace(sb, nb);
	if (exact) {
		/* The count the trials agreed on, where the run found one. */
		r.old = jnum(json_object_get(a, "stat"), "agreed", r.old);
		r.new = jnum(json_object_get(b, "stat"), "agreed", r.new);
	}
	r.pct = r.pct_low = r.pct_high = change_pct(r.old, r.new);
	if (!exact) {
		r.p = mann_whitney_p(sa, na, sb, nb);
		bootstrap_change(rng, sa, na, sb, nb, &r.pct_low, &r.pct_high);
	}
	r.measured = true;
	add_row(rep, r);
out:
	free(sa);
	free(sb);
}

/* The fit points of a family: its measured cases up to 33 hops, as the run
 * fitted them. */
static struct fit_point *family_points(json_t *root, json_t *fit, int *n)
{
	json_t *c;
	size_t i;
	struct fit_point *pts = NULL;

	*n = 0;
	json_array_foreach(json_object_get(root, "cases"), i, c) {
		int ns;
		double *s;

		if (!model_same_family(c, fit) || jint(c, "depth", 99) > 33 || !case_ok(c))
			continue;
		s = samples_of(c, &ns);
		if (!s)
			continue;
		pts = xrealloc(pts, *n + 1, sizeof(*pts));
		pts[(*n)++] = (struct fit_point){ jint(c, "depth", 0), s, ns };
	}
	return pts;
}

static void free_points(struct fit_point *pts, int n)
{
	for (int i = 0; i < n; i++)
		free((void *)pts[i].y);
	free(pts);
}

/*
 * Per-hop costs of timed clocks: the interval of the change comes from
 * refitting both sides on resampled trials; its p is the bootstrap's, twice
 * the share of replicates on the far side of no change (ties count half, so
 * that identical slopes give p = 1).
 */
static void bootstrap_slopes(struct row *r, gsl_rng *rng, json_t *base, json_t *new, json_t *fa,
			     json_t *fb)
{
	struct fit_point *pa, *pb;
	double below = 0;
	int na, nb;

	pa = family_points(base, fa, &na);
	pb = family_points(new, fb, &nb);
	if (na >= 2 && nb >= 2) {
		double *pct = xcalloc(RESAMPLES, sizeof(double));

		for (int i = 0; i < RESAMPLES; i++) {
			double sa = stats_resampled_slope(rng, pa, na);

			pct[i] = change_pct(sa, stats_resampled_slope(rng, pb, nb));
			below += pct[i] < 0 ? 1 : pct[i] == 0 ? 0.5 : 0;
		}
		interval95(pct, &r->pct_low, &r->pct_high);
		r->p = 2.0 * fmin(below, RESAMPLES - below) / RESAMPLES;
		free(pct);
	}
	free_points(pa, na);
	free_points(pb, nb);
}

static void compare_fit(struct report *rep, gsl_rng *rng, json_t *base, json_t *new,
			json_t *fa, json_t *fb, bool exact)
{
	struct row r = { .what = model_fit_name(fa), .p = NAN, .measured = true, .fit = true };

	r.old = jnum(json_object_get(fa, "per_hop"), "value", NAN);
	r.new = jnum(json_object_get(fb, "per_hop"), "value", NAN);
	r.pct = r.pct_low = r.pct_high = change_pct(r.old, r.new);
	if (!exact)
		bootstrap_slopes(&r, rng, base, new, fa, fb);
	add_row(rep, r);
}

static json_t *find_by_id(json_t *cases, const char *id)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c)
		if (!strcmp(jstr(c, "id", ""), id))
			return c;
	return NULL;
}

static json_t *find_fit(json_t *fits, json_t *like)
{
	json_t *f;
	size_t i;

	json_array_foreach(fits, i, f)
		if (model_same_family(f, like))
			return f;
	return NULL;
}

static void only_in(struct report *rep, char *what, bool fit, enum verdict v)
{
	add_row(rep, (struct row){ .what = what, .old = NAN, .new = NAN, .p = NAN, .fit = fit,
				   .v = v });
}

static void compare_all(struct report *rep, json_t *base, json_t *new, bool exact,
			const struct opts *o)
{
	json_t *ca = json_object_get(base, "cases"), *cb = json_object_get(new, "cases");
	json_t *fa = json_object_get(base, "fits"), *fb = json_object_get(new, "fits"), *x;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	gsl_rng_set(rng, SEED);
	json_array_foreach(ca, i, x) {
		json_t *other = find_by_id(cb, jstr(x, "id", ""));

		rep->common += !!other;
		if (other)
			compare_case(rep, rng, x, other, exact);
		else
			only_in(rep, xstrdup(jstr(x, "id", "?")), false, ONLY_BASE);
	}
	json_array_foreach(cb, i, x)
		if (!find_by_id(ca, jstr(x, "id", "")))
			only_in(rep, xstrdup(jstr(x, "id", "?")), false, ONLY_NEW);
	json_array_foreach(fa, i, x) {
		json_t *other = find_fit(fb, x);

		if (other)
			compare_fit(rep, rng, base, new, x, other, exact);
		else
			only_in(rep, model_fit_name(x), true, ONLY_BASE);
	}
	json_array_foreach(fb, i, x)
		if (!find_fit(fa, x))
			only_in(rep, model_fit_name(x), true, ONLY_NEW);
	gsl_rng_free(rng);

	adjust_p(rep);
	for (int k = 0; k < rep->n; k++) {
		struct row *r = &rep->rows[k];

		if (r->measured)
			r->v = judge(r, exact, o);
		rep->counts[r->v]++;
	}
}

static void print_row(const struct row *r, const char *fmt, const char *unit, bool exact)
{
	char old[24] = "-", new[24] = "-", ch[48] = "-", p[16] = "-", v[160];
	/* Counts in full: a difference of one instruction must show. */
	const char *num = exact ? "%.10g" : "%.2f";

	if (r->measured) {
		snprintf(old, sizeof(old), num, r->old);
		snprintf(new, sizeof(new), num, r->new);
		if (exact)	/* rounded: fractional slopes must not print float dust */
			snprintf(ch, sizeof(ch), "%+.10g %s (%+.2f%%)",
				 nearbyint((r->new - r->old) * 1e6) / 1e6, unit, r->pct);
		else
			snprintf(ch, sizeof(ch), "%+.1f%% [%+.1f, %+.1f]", r->pct, r->pct_low,
				 r->pct_high);
	}
	if (!isnan(r->p))
		snprintf(p, sizeof(p), "%.3g", r->p);
	if (r->reason)
		snprintf(v, sizeof(v), "%s (%s)", verdict_names[r->v], r->reason);
	else
		snprintf(v, sizeof(v), "%s", verdict_names[r->v]);
	printf(fmt, r->what, old, new, ch, p, v);
}

static void print_report(const struct report *rep, const char *unit, bool exact,
			 const struct opts *o)
{
	const char *fmt = o->markdown ? "| %s | %s | %s | %s | %s | %s |\n" :
					"%-52s %10s %10s %26s %8s %s\n";
	const char *sep = "";
	char thr[64];

	if (exact)
		snprintf(thr, sizeof(thr), "exact counts, threshold %g %s", o->threshold, unit);
	else
		snprintf(thr, sizeof(thr), "threshold %g%%, alpha %g", o->threshold, o->alpha);
	printf(o->markdown ? "\n%s (%s); %s\n\n" : "\n%s [%s]; %s\n", "Changes, NEW against BASE",
	       unit, thr);
	printf(fmt, "what", "BASE", "NEW", exact ? "change" : "change [95% CI]", "p", "verdict");
	if (o->markdown)
		printf("| --- | ---: | ---: | ---: | ---: | --- |\n");
	/* By default: what changed, and every per-hop cost. */
	for (int i = 0; i < rep->n; i++)
		if (o->all || rep->rows[i].v != UNCHANGED || rep->rows[i].fit)
			print_row(&rep->rows[i], fmt, unit, exact);
	printf("\n");
	for (size_t k = 0; k < ARRAY_SIZE(verdict_names); k++)
		if (rep->counts[k]) {
			printf("%s%d %s", sep, rep->counts[k], verdict_names[k]);
			sep = ", ";
		}
	printf("\n");
}

/* Results of different clocks, machines or environments do not compare. */
static int check_comparable(json_t *ma, json_t *mb, const char *pa, const char *pb,
			    const struct opts *o)
{
	static const char *const keys[] = { "clock", "cpu", "env" };
	const char *ka = jstr(ma, "kernel", "?"), *kb = jstr(mb, "kernel", "?");

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *a = jstr(ma, keys[i], "?"), *b = jstr(mb, keys[i], "?");

		if (!strcmp(a, b))
			continue;
		if (!o->force) {
			p_err("%s and %s differ in meta.%s (%s vs %s): their figures do not "
			      "compare (--force to compare anyway)", pa, pb, keys[i], a, b);
			return -1;
		}
		pr_warn("comparing across meta.%s (%s vs %s), as --force asks", keys[i], a, b);
	}
	if (strcmp(ka, kb))
		pr_warn("%s and %s ran on different kernels (%s, %s): the report reads as "
			"before/after a patch", pa, pb, ka, kb);
	return 0;
}

static void print_header(json_t *ma, json_t *mb, const char *pa, const char *pb, bool markdown)
{
	const char *ka = jstr(ma, "kernel", "?"), *kb = jstr(mb, "kernel", "?");
	const char *item = markdown ? "- " : "";

	printf("%sBASE %s: kernel %s, %s\n", item, pa, ka, jstr(ma, "time", "?"));
	printf("%sNEW  %s: kernel %s, %s\n", item, pb, kb, jstr(mb, "time", "?"));
	if (strcmp(ka, kb))
		printf("%skernel %s -> %s (before/after patch)\n", item, ka, kb);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench compare BASE.json NEW.json [--threshold T] [--alpha A]\n"
		   "                         [--markdown] [--all] [--force] [--allow-incomplete]\n\n"
		   "Matches cases by id and per-hop fits by family, and says for each whether NEW\n"
		   "improved, regressed or is unchanged against BASE.  A timed change counts when\n"
		   "it is significant and its whole 95%% interval lies past the threshold.\n\n"
		   "  --threshold T  noise threshold: percent for ns/cycles results (default 5),\n"
		   "                 instructions for insns results (default 0: any increase)\n"
		   "  --alpha A      significance level (default 0.05), of p-values adjusted for\n"
		   "                 the number of comparisons (Benjamini-Hochberg)\n"
		   "  --markdown     a Markdown table, for a CI comment\n"
		   "  --all          every row, not only changes and per-hop costs\n"
		   "  --force        compare results of different clocks, CPUs or environments\n"
		   "  --allow-incomplete  use a result of an interrupted run\n\n"
		   "exit status: 0 no regression, 1 a regression (or a case newly skipped),\n"
		   "2 bad input.\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'A' },
		{ "allow-incomplete", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	char *end;
	int opt;

	*o = (struct opts){ .threshold = 5, .alpha = 0.05 };
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			o->threshold = strtod(optarg, &end);
			o->threshold_set = true;
			if (*end || end == optarg || o->threshold < 0) {
				p_err("--threshold: expected a number >= 0, got '%s'", optarg);
				return -1;
			}
			break;
		case 'a':
			o->alpha = strtod(optarg, &end);
			if (*end || end == optarg || o->alpha <= 0 || o->alpha >= 1) {
				p_err("--alpha: expected a number between 0 and 1, got '%s'",
				      optarg);
				return -1;
			}
			break;
		case 'm':
			o->markdown = true;
			break;
		case 'f':
			o->force = true;
			break;
		case 'A':
			o->all = true;
			break;
		case 'I':
			o->load.allow_incomplete = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return -1;
	}
	return 0;
}

int do_compare(int argc, char **argv)
{
	struct report rep = {};
	struct opts o;
	json_t *base = NULL, *new = NULL, *ma, *mb;
	const char *pa, *pb, *clock;
	int ret = TB_EXIT_USAGE, err = parse_opts(argc, argv, &o);
	bool exact;

	if (err)
		return err > 0 ? TB_EXIT_OK : TB_EXIT_USAGE;
	pa = argv[optind];
	pb = argv[optind + 1];
	base = results_load_opts(pa, &o.load);
	new = results_load_opts(pb, &o.load);
	if (!base || !new)
		goto out;
	ma = json_object_get(base, "meta");
	mb = json_object_get(new, "meta");
	if (check_comparable(ma, mb, pa, pb, &o))
		goto out;
	clock = jstr(ma, "clock", "?");
	exact = !strcmp(clock, "insns");
	if (exact && !o.threshold_set)
		o.threshold = 0;

	compare_all(&rep, base, new, exact, &o);
	if (!rep.common) {
		p_err("%s and %s have no case in common", pa, pb);
		goto out;
	}
	print_header(ma, mb, pa, pb, o.markdown);
	print_report(&rep, clock, exact, &o);
	ret = rep.counts[REGRESSED] || rep.counts[NEWLY_SKIPPED] ? TB_EXIT_FAIL : TB_EXIT_OK;
out:
	for (int i = 0; i < rep.n; i++)
		free(rep.rows[i].what);
	free(rep.rows);
	json_decref(base);
	json_decref(new);
	return ret;
}
