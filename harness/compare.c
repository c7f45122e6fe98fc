// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench compare BASE NEW: is NEW slower than BASE, with statistics.
 *
 * Cases match by id, per-hop fits by their family.  For timed clocks (ns,
 * cycles) a change counts only when it is significant (Mann-Whitney U on the
 * trial samples, two-sided, its p adjusted by Benjamini-Hochberg for the
 * hundreds of cases compared at once) and its 95% bootstrap interval lies
 * wholly past the noise threshold: Criterion's rule.  For instruction counts (the icount
 * VM) the figures are exact and any difference past the threshold, given in
 * instructions, counts.
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
#include "results.h"
#include "stats.h"

#define RESAMPLES 2000
#define SEED 1

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
};

struct row {
	char *what;		/* a case id, or a fit's family with "per hop" */
	double old, new;	/* medians, or per-hop values */
	double pct, pct_low, pct_high;
	double p;		/* NAN where no test applies */
	bool measured;		/* old and new are figures: judge() decides v */
	enum verdict v;
};

struct report {
	struct row *rows;
	int n;
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

/* 95% interval of the change of the median, in percent, by resampling. */
static void bootstrap_change(gsl_rng *rng, const double *a, int na, const double *b, int nb,
			     double *low, double *high)
{
	double *ra = xcalloc(na, sizeof(double)), *rb = xcalloc(nb, sizeof(double));
	double *pct = xcalloc(RESAMPLES, sizeof(double));

	for (int r = 0; r < RESAMPLES; r++) {
		double ma, mb;

		gsl_ran_sample(rng, ra, na, (void *)a, na, sizeof(double));
		gsl_ran_sample(rng, rb, nb, (void *)b, nb, sizeof(double));
		ma = stats_median_inplace(ra, na);
		mb = stats_median_inplace(rb, nb);
		pct[r] = ma ? 100 * (mb / ma - 1) : 0;
	}
	gsl_sort(pct, 1, RESAMPLES);
	*low = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.025);
	*high = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.975);
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

		return delta > o->threshold ? REGRESSED : delta < -o->threshold ? IMPROVED : UNCHANGED;
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
	bool ok_a = !strcmp(jstr(a, "status", ""), "ok"), ok_b = !strcmp(jstr(b, "status", ""), "ok");
	struct row r = { .what = xstrdup(jstr(a, "id", "?")), .p = NAN };
	double *sa, *sb;
	int na, nb;

	if (!ok_a || !ok_b) {
		if (ok_a == ok_b) {	/* skipped in both: nothing changed */
			free(r.what);
			return;
		}
		r.v = ok_a ? NEWLY_SKIPPED : NEWLY_MEASURED;
		r.old = r.new = NAN;
		add_row(rep, r);
		return;
	}
	sa = samples_of(a, &na);
	sb = samples_of(b, &nb);
	if (!sa || !sb) {
		free(sa);
		free(sb);
		free(r.what);
		return;
	}
	r.old = stats_median_inplace(sa, na);
	r.new = stats_median_inplace(sb, nb);
	if (exact) {
		/* The count the trials agreed on, where the run found one. */
		r.old = jnum(json_object_get(a, "stat"), "agreed", r.old);
		r.new = jnum(json_object_get(b, "stat"), "agreed", r.new);
	}
	r.pct = r.old ? 100 * (r.new / r.old - 1) : 0;
	if (exact) {
		r.pct_low = r.pct_high = r.pct;
	} else {
		r.p = mann_whitney_p(sa, na, sb, nb);
		bootstrap_change(rng, sa, na, sb, nb, &r.pct_low, &r.pct_high);
	}
	r.measured = true;
	add_row(rep, r);
	free(sa);
	free(sb);
}

static bool same_family(json_t *x, json_t *y)
{
	static const char *const str_keys[] = { "scenario", "bench", "prog_type", "key_mode" };
	static const char *const int_keys[] = { "nest", "frame_stack" };

	for (size_t i = 0; i < ARRAY_SIZE(str_keys); i++)
		if (strcmp(jstr(x, str_keys[i], ""), jstr(y, str_keys[i], "")))
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(int_keys); i++)
		if (jint(x, int_keys[i], -1) != jint(y, int_keys[i], -1))
			return false;
	return true;
}

/* The fit points of a family: its measured cases up to 33 hops. */
static struct fit_point *family_points(json_t *root, json_t *fit, int *n)
{
	json_t *c;
	size_t i;
	struct fit_point *pts = NULL;

	*n = 0;
	json_array_foreach(json_object_get(root, "cases"), i, c) {
		int ns;
		double *s;

		if (!same_family(c, fit) || jint(c, "depth", 99) > 33 ||
		    strcmp(jstr(c, "status", ""), "ok"))
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
 * Per-hop costs: the interval of the change comes from refitting both
 * sides on resampled trials; significant means the interval excludes no
 * change (a bootstrap test), reported as p < alpha when it does.
 */
static void compare_fit(struct report *rep, gsl_rng *rng, json_t *base, json_t *new,
			json_t *fa, json_t *fb, bool exact)
{
	struct row r = { .p = NAN };
	struct fit_point *pa, *pb;
	int na, nb;

	r.what = xasprintf("%s/%s/%s/%s/n%d/s%d per hop", jstr(fa, "scenario", "?"),
			   jstr(fa, "bench", "?"), jstr(fa, "prog_type", "?"), jstr(fa, "key_mode", "?"),
			   jint(fa, "nest", 0), jint(fa, "frame_stack", 0));
	r.old = jnum(json_object_get(fa, "per_hop"), "value", NAN);
	r.new = jnum(json_object_get(fb, "per_hop"), "value", NAN);
	r.pct = r.old ? 100 * (r.new / r.old - 1) : 0;
	pa = family_points(base, fa, &na);
	pb = family_points(new, fb, &nb);
	if (exact || na < 2 || nb < 2) {
		r.pct_low = r.pct_high = r.pct;
	} else {
		double *pct = xcalloc(RESAMPLES, sizeof(double));
		int below = 0;

		for (int i = 0; i < RESAMPLES; i++) {
			double sa = stats_resampled_slope(rng, pa, na), sb = stats_resampled_slope(rng, pb, nb);

			pct[i] = sa ? 100 * (sb / sa - 1) : 0;
			below += pct[i] <= 0;
		}
		gsl_sort(pct, 1, RESAMPLES);
		r.pct_low = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.025);
		r.pct_high = gsl_stats_quantile_from_sorted_data(pct, 1, RESAMPLES, 0.975);
		/* Two-sided bootstrap p: twice the smaller tail beyond zero. */
		r.p = 2.0 * fmin(below, RESAMPLES - below) / RESAMPLES;
		free(pct);
	}
	r.measured = true;
	add_row(rep, r);
	free_points(pa, na);
	free_points(pb, nb);
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
		if (same_family(f, like))
			return f;
	return NULL;
}

static void only_in(struct report *rep, json_t *c, enum verdict v)
{
	add_row(rep, (struct row){ .what = xstrdup(jstr(c, "id", "?")), .old = NAN, .new = NAN,
				   .p = NAN, .v = v });
}

static void compare_all(struct report *rep, json_t *base, json_t *new, bool exact,
			const struct opts *o)
{
	json_t *ca = json_object_get(base, "cases"), *cb = json_object_get(new, "cases"), *c, *f;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	gsl_rng_set(rng, SEED);
	json_array_foreach(ca, i, c) {
		json_t *other = find_by_id(cb, jstr(c, "id", ""));

		if (other)
			compare_case(rep, rng, c, other, exact);
		else
			only_in(rep, c, ONLY_BASE);
	}
	json_array_foreach(cb, i, c)
		if (!find_by_id(ca, jstr(c, "id", "")))
			only_in(rep, c, ONLY_NEW);
	json_array_foreach(json_object_get(base, "fits"), i, f) {
		json_t *other = find_fit(json_object_get(new, "fits"), f);

		if (other)
			compare_fit(rep, rng, base, new, f, other, exact);
	}
	gsl_rng_free(rng);

	adjust_p(rep);
	for (int k = 0; k < rep->n; k++) {
		struct row *r = &rep->rows[k];

		if (r->measured)
			r->v = judge(r, exact, o);
		rep->counts[r->v]++;
	}
}

static bool interesting(const struct row *r)
{
	return r->v != UNCHANGED || strstr(r->what, "per hop");
}

static void print_report(const struct report *rep, const char *unit, bool exact,
			 const struct opts *o)
{
	const char *fmt = o->markdown ? "| %s | %s | %s | %s | %s | %s |\n" :
					"%-52s %10s %10s %26s %8s %s\n";
	char thr[64];

	if (exact)
		snprintf(thr, sizeof(thr), "exact counts, threshold %g %s", o->threshold, unit);
	else
		snprintf(thr, sizeof(thr), "threshold %g%%, alpha %g", o->threshold, o->alpha);
	printf(o->markdown ? "\n%s (%s); %s\n\n" : "\n%s [%s]; %s\n", "Changes, NEW against BASE",
	       unit, thr);
	printf(fmt, "what", "BASE", "NEW", "change [95% CI]", "p", "verdict");
	if (o->markdown)
		printf("| --- | ---: | ---: | ---: | ---: | --- |\n");
	for (int i = 0; i < rep->n; i++) {
		const struct row *r = &rep->rows[i];
		char old[24] = "-", new[24] = "-", ch[48] = "-", p[16] = "-";

		if (!o->all && !interesting(r))
			continue;
		if (!isnan(r->old)) {
			snprintf(old, sizeof(old), "%.2f", r->old);
			snprintf(new, sizeof(new), "%.2f", r->new);
			if (exact)
				snprintf(ch, sizeof(ch), "%+.2f %s (%+.2f%%)", r->new - r->old, unit, r->pct);
			else
				snprintf(ch, sizeof(ch), "%+.1f%% [%+.1f, %+.1f]", r->pct, r->pct_low,
					 r->pct_high);
		}
		if (!isnan(r->p))
			snprintf(p, sizeof(p), "%.3g", r->p);
		printf(fmt, r->what, old, new, ch, p, verdict_names[r->v]);
	}
	printf("\n");
	for (size_t v = 0; v < ARRAY_SIZE(verdict_names); v++)
		if (rep->counts[v])
			printf("%s%d %s", v ? ", " : "", rep->counts[v], verdict_names[v]);
	printf("\n");
}

/* Results of different clocks, machines or environments do not compare. */
static int check_comparable(json_t *ma, json_t *mb, const char *pa, const char *pb,
			    const struct opts *o)
{
	static const char *const keys[] = { "clock", "cpu", "env" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *a = jstr(ma, keys[i], "?"), *b = jstr(mb, keys[i], "?");

		if (!strcmp(a, b))
			continue;
		if (!o->force) {
			p_err("%s and %s differ in meta.%s (%s vs %s): their figures do not compare "
			      "(--force to compare anyway)", pa, pb, keys[i], a, b);
			return -1;
		}
		pr_warn("comparing across meta.%s (%s vs %s), as --force asks", keys[i], a, b);
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench compare BASE.json NEW.json [--threshold T] [--alpha A]\n"
		   "                         [--markdown] [--all] [--force]\n\n"
		   "Matches cases by id and per-hop fits by family, and says for each whether NEW\n"
		   "improved, regressed or is unchanged against BASE.\n\n"
		   "  --threshold T  noise threshold: percent for ns/cycles results (default 5),\n"
		   "                 instructions for insns results (default 0: any increase)\n"
		   "  --alpha A      significance level (default 0.05), of p-values adjusted for\n"
		   "                 the number of comparisons (Benjamini-Hochberg)\n"
		   "  --markdown     a Markdown table, for a CI comment\n"
		   "  --all          every row, not only changes and per-hop costs\n"
		   "  --force        compare results of different clocks, CPUs or environments\n\n"
		   "exit status: 0 no regression, 1 a regression (or a case newly skipped),\n"
		   "2 bad input.\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' }, { "alpha", required_argument, NULL, 'a' },
		{ "markdown", no_argument, NULL, 'm' },	       { "force", no_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'A' },	       { "help", no_argument, NULL, 'h' },
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
			if (*end || o->threshold < 0) {
				p_err("--threshold: expected a number >= 0, got '%s'", optarg);
				return -1;
			}
			break;
		case 'a':
			o->alpha = strtod(optarg, &end);
			if (*end || o->alpha <= 0 || o->alpha >= 1) {
				p_err("--alpha: expected a number between 0 and 1, got '%s'", optarg);
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
	base = results_load(pa);
	new = base ? results_load(pb) : NULL;
	if (!new)
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
	if (rep.n == rep.counts[ONLY_BASE] + rep.counts[ONLY_NEW]) {
		p_err("%s and %s have no case in common", pa, pb);
		goto out;
	}
	printf("%sBASE %s: kernel %s, %s\n%sNEW  %s: kernel %s, %s\n", o.markdown ? "- " : "", pa,
	       jstr(ma, "kernel", "?"), jstr(ma, "time", "?"), o.markdown ? "- " : "", pb,
	       jstr(mb, "kernel", "?"), jstr(mb, "time", "?"));
	if (strcmp(jstr(ma, "kernel", ""), jstr(mb, "kernel", "")))
		printf("%skernel %s -> %s (before/after patch)\n", o.markdown ? "- " : "",
		       jstr(ma, "kernel", "?"), jstr(mb, "kernel", "?"));
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
