// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench compare BASE NEW: is NEW slower than BASE, with statistics.
 *
 * Cases match by id, per-hop fits by their family.  For timed clocks (ns,
 * cycles) a change counts only when it is significant (Mann-Whitney U on the
 * trial samples; for a per-hop cost a bootstrap of both fits over whole
 * trials; p adjusted by Benjamini-Hochberg for the rows compared at once)
 * and its interval, widened by the noise this machine is known to have
 * between runs and by any regime change inside either run, lies wholly past
 * the threshold.  When that interval straddles the threshold the verdict is
 * "inconclusive", never a guess.  For instruction counts (the icount VM) the
 * figures are exact and any difference past the threshold counts.
 * docs/compare.md says why.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "base/model.h"
#include "base/stats.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/compare.h"
#include "result/noise.h"
#include "result/read.h"
#include "result/reduce.h"
#include "result/verdict.h"

#define SEED 1		/* fixed: the same two files always give the same report */

struct row {
	char *what;		/* a case id, or a fit's name */
	double old, new;	/* medians (agreed counts when exact), or per-hop values */
	double pct, pct_low, pct_high;
	double p;		/* NAN where no test applies */
	double floor;		/* the rerun noise of this figure, in percent (NAN: unknown) */
	double regime;		/* the largest regime change inside either run, percent */
	const char *reason;	/* why NEW skipped a case BASE measured */
	bool measured;		/* old and new are figures: verdict_judge() decides v */
	bool fit;
	enum verdict v;
};

struct report {
	struct row *rows;
	int n;
	int common;		/* cases in both files */
	int counts[ARRAY_SIZE(verdict_names)];
	double worst_floor;	/* of the per-hop rows, for the summary */
	const char *worst_floor_of;
	bool noise_known;
	char *refused;		/* why the exact per-case counts do not compare */
};

/* What compare knows of one side: its document, its fits by family, its
 * cases by id, and the noise that goes with it. */
struct side {
	const char *path;
	json_t *root, *by_id, *fit_by_family;
	struct reduce_families *families;	/* the trials behind its fits */
	struct noise_profile np;
	int noise_runs;
};

static void add_row(struct report *r, struct row row)
{
	r->rows = xrealloc(r->rows, r->n + 1, sizeof(*r->rows));
	r->rows[r->n++] = row;
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

static double change_pct(double old, double new)
{
	return old ? 100 * (new / old - 1) : 0;
}

/* The interval of the change of the median, in percent, by resampling. */
static void bootstrap_change(gsl_rng *rng, const double *a, int na, const double *b, int nb,
			     double *low, double *high)
{
	double *ra = xcalloc(na, sizeof(double)), *rb = xcalloc(nb, sizeof(double));
	double *pct = xcalloc(REDUCE_RESAMPLES, sizeof(double));

	for (int r = 0; r < REDUCE_RESAMPLES; r++) {
		gsl_ran_sample(rng, ra, na, (void *)a, na, sizeof(double));
		gsl_ran_sample(rng, rb, nb, (void *)b, nb, sizeof(double));
		pct[r] = change_pct(stats_median_inplace(ra, na), stats_median_inplace(rb, nb));
	}
	stats_interval95(pct, REDUCE_RESAMPLES, low, high);
	free(ra);
	free(rb);
	free(pct);
}

/*
 * The rerun noise of a figure, as the 95% change two runs show in percent:
 * from --noise's profile, else what NEW (or BASE) recorded with its own
 * profile.  NAN when neither knows.
 */
static double noise_floor(const struct side *s, const char *kind, const char *key,
			  double recorded_sd)
{
	int runs = s->noise_runs;
	double sd = recorded_sd;

	if (s->np.root)
		sd = noise_sd(&s->np, kind, key, &runs);
	if (isnan(sd) || runs < 2)
		return NAN;
	return 100 * (exp(noise_rerun_half(sd, runs)) - 1);
}

static double side_floor(const struct side *a, const struct side *b, const char *kind,
			 const char *key, json_t *ja, json_t *jb, const char *obj)
{
	double fb = noise_floor(b, kind, key, jnum(json_object_get(jb, obj), "rerun_sd", NAN));

	if (!isnan(fb))
		return fb;
	return noise_floor(a, kind, key, jnum(json_object_get(ja, obj), "rerun_sd", NAN));
}

/* How far a fit's regimes lie apart, in percent of the slower. */
static double regime_spread(json_t *fit)
{
	json_t *r;
	size_t i;
	double lo = INFINITY, hi = -INFINITY;

	json_array_foreach(json_object_get(fit, "regimes"), i, r) {
		lo = fmin(lo, jnum(r, "per_hop", NAN));
		hi = fmax(hi, jnum(r, "per_hop", NAN));
	}
	return lo > 0 && hi > lo ? 100 * (hi / lo - 1) : 0;
}

static void compare_case(struct report *rep, gsl_rng *rng, const struct side *a,
			 const struct side *b, json_t *ca, json_t *cb, bool exact)
{
	struct row r = { .old = NAN, .new = NAN, .p = NAN, .floor = NAN };
	const char *id = jstr(ca, "id", "?");
	double *sa, *sb;
	int na, nb;

	if (!case_ok(ca) || !case_ok(cb)) {
		if (case_ok(ca) == case_ok(cb))	/* skipped in both: nothing changed */
			return;
		r.v = case_ok(ca) ? VERDICT_NEWLY_SKIPPED : VERDICT_NEWLY_MEASURED;
		r.reason = jstr(cb, "reason", NULL);
		r.what = xstrdup(id);
		add_row(rep, r);
		return;
	}
	sa = samples_of(ca, &na);
	sb = samples_of(cb, &nb);
	if (!sa || !sb)
		goto out;
	r.what = xstrdup(id);
	r.old = stats_median_inplace(sa, na);
	r.new = stats_median_inplace(sb, nb);
	if (exact) {
		/* The count the trials agreed on, where the run found one. */
		r.old = jnum(json_object_get(ca, "stat"), "agreed", r.old);
		r.new = jnum(json_object_get(cb, "stat"), "agreed", r.new);
		r.v = rep->refused ? VERDICT_NOT_COMPARABLE : VERDICT_UNCHANGED;
	}
	r.pct = r.pct_low = r.pct_high = change_pct(r.old, r.new);
	if (!exact) {
		char *family = model_family_key(ca);

		r.p = stats_mann_whitney_p(sa, na, sb, nb);
		bootstrap_change(rng, sa, na, sb, nb, &r.pct_low, &r.pct_high);
		r.floor = side_floor(a, b, "cases", id, ca, cb, "stat");
		r.regime = fmax(regime_spread(json_object_get(a->fit_by_family, family)),
				regime_spread(json_object_get(b->fit_by_family, family)));
		free(family);
	}
	r.measured = true;
	add_row(rep, r);
out:
	free(sa);
	free(sb);
}

/* One bootstrap replicate of a family's per-hop cost: whole trials drawn
 * again, Theil-Sen through the per-depth medians, as reduce fits it. */
static double resampled_slope(gsl_rng *rng, const struct grid *g, int *draw, double *med)
{
	double slope, base;

	stats_resample_trials(rng, g, draw);
	grid_medians(g, draw, g->ntrials, med);
	stats_theil_sen(g->x, med, g->ndepths, &slope, &base);
	return slope;
}

/*
 * Per-hop costs of timed clocks: the interval of the change comes from
 * refitting both sides on resampled trials; its p is the bootstrap's, twice
 * the share of replicates on the far side of no change (ties count half, so
 * that identical slopes give p = 1).
 */
static void bootstrap_slopes(struct row *r, gsl_rng *rng, const struct side *a,
			     const struct side *b, const char *family)
{
	struct grid ga, gb;
	double below = 0;

	if (reduce_grid(a->families, family, &ga))
		return;
	if (!reduce_grid(b->families, family, &gb)) {
		double *pct = xcalloc(REDUCE_RESAMPLES, sizeof(double));
		int *da = xcalloc(ga.ntrials, sizeof(int)), *db = xcalloc(gb.ntrials, sizeof(int));
		double *ma = xcalloc(ga.ndepths, sizeof(double)), *mb = xcalloc(gb.ndepths, sizeof(double));

		for (int i = 0; i < REDUCE_RESAMPLES; i++) {
			double sa = resampled_slope(rng, &ga, da, ma);

			pct[i] = change_pct(sa, resampled_slope(rng, &gb, db, mb));
			below += pct[i] < 0 ? 1 : pct[i] == 0 ? 0.5 : 0;
		}
		stats_interval95(pct, REDUCE_RESAMPLES, &r->pct_low, &r->pct_high);
		r->p = 2.0 * fmin(below, REDUCE_RESAMPLES - below) / REDUCE_RESAMPLES;
		free(pct);
		free(da);
		free(db);
		free(ma);
		free(mb);
		grid_free(&gb);
	}
	grid_free(&ga);
}

static void compare_fit(struct report *rep, gsl_rng *rng, const struct side *a,
			const struct side *b, json_t *fa, json_t *fb, bool exact)
{
	struct row r = { .what = model_fit_name(fa), .p = NAN, .floor = NAN, .measured = true,
			 .fit = true };
	char *family = model_family_key(fa);

	r.old = jnum(json_object_get(fa, "per_hop"), "value", NAN);
	r.new = jnum(json_object_get(fb, "per_hop"), "value", NAN);
	r.pct = r.pct_low = r.pct_high = change_pct(r.old, r.new);
	if (!exact) {
		bootstrap_slopes(&r, rng, a, b, family);
		r.floor = side_floor(a, b, "fits", family, fa, fb, "per_hop");
		r.regime = fmax(regime_spread(fa), regime_spread(fb));
		if (!isnan(r.floor) && !(r.floor <= rep->worst_floor)) {
			rep->worst_floor = r.floor;
			rep->worst_floor_of = r.what;
		}
	}
	free(family);
	add_row(rep, r);
}

static void only_in(struct report *rep, char *what, bool fit, enum verdict v)
{
	add_row(rep, (struct row){ .what = what, .old = NAN, .new = NAN, .p = NAN, .floor = NAN,
				   .fit = fit, .v = v });
}

static void compare_all(struct report *rep, const struct side *a, const struct side *b,
			bool exact, const struct compare_opts *o)
{
	json_t *x, *other;
	double **ps;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	const char *key;
	int m = 0;
	size_t i;

	gsl_rng_set(rng, SEED);
	json_array_foreach(json_object_get(a->root, "cases"), i, x) {
		other = json_object_get(b->by_id, jstr(x, "id", ""));
		rep->common += !!other;
		if (other)
			compare_case(rep, rng, a, b, x, other, exact);
		else
			only_in(rep, xstrdup(jstr(x, "id", "?")), false, VERDICT_ONLY_BASE);
	}
	json_array_foreach(json_object_get(b->root, "cases"), i, x)
		if (!json_object_get(a->by_id, jstr(x, "id", "")))
			only_in(rep, xstrdup(jstr(x, "id", "?")), false, VERDICT_ONLY_NEW);
	json_object_foreach(a->fit_by_family, key, x) {
		other = json_object_get(b->fit_by_family, key);
		if (other)
			compare_fit(rep, rng, a, b, x, other, exact);
		else
			only_in(rep, model_fit_name(x), true, VERDICT_ONLY_BASE);
	}
	json_object_foreach(b->fit_by_family, key, x)
		if (!json_object_get(a->fit_by_family, key))
			only_in(rep, model_fit_name(x), true, VERDICT_ONLY_NEW);
	gsl_rng_free(rng);

	ps = xcalloc(rep->n + 1, sizeof(*ps));
	for (int k = 0; k < rep->n; k++)
		if (!isnan(rep->rows[k].p))
			ps[m++] = &rep->rows[k].p;
	stats_bh_adjust(ps, m);
	free(ps);
	for (int k = 0; k < rep->n; k++) {
		struct row *r = &rep->rows[k];

		if (r->measured && r->v != VERDICT_NOT_COMPARABLE)
			r->v = verdict_judge(&(struct change){ r->old, r->new, r->pct, r->pct_low,
							       r->pct_high, r->p, r->floor, r->regime },
					     exact, o->threshold, o->alpha);
		rep->counts[r->v]++;
		rep->noise_known = rep->noise_known || !isnan(r->floor);
	}
}

static void print_row(const struct row *r, const char *fmt, const char *unit, bool exact)
{
	char old[24] = "-", new[24] = "-", ch[48] = "-", p[16] = "-", noise[24] = "-", v[160];
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
	/* Timed figures only: exact counts have no rerun noise to know. */
	if (r->measured && !exact && isnan(r->floor))
		snprintf(noise, sizeof(noise), "unknown%s", r->regime ? "+regime" : "");
	else if (r->measured && !exact)
		snprintf(noise, sizeof(noise), "±%.1f%%%s", r->floor, r->regime ? "+regime" : "");
	if (r->reason)
		snprintf(v, sizeof(v), "%s (%s)", verdict_names[r->v], r->reason);
	else
		snprintf(v, sizeof(v), "%s", verdict_names[r->v]);
	printf(fmt, r->what, old, new, ch, p, noise, v);
}

/* What an inconclusive verdict needs to become a decision. */
static void print_inconclusive(const struct report *rep, const struct compare_opts *o)
{
	if (!rep->counts[VERDICT_INCONCLUSIVE])
		return;
	printf("\n%d row%s inconclusive: the interval, widened by the noise known of these "
	       "runs, reaches past\nthe %g%% threshold, so neither a change nor its absence is "
	       "shown.\n", rep->counts[VERDICT_INCONCLUSIVE],
	       rep->counts[VERDICT_INCONCLUSIVE] == 1 ? "" : "s", o->threshold);
	if (!rep->noise_known)
		printf("No noise profile covers them: their rerun noise is unknown, and a change "
		       "can come from a\nrerun alone.  Measure this machine's rerun noise with "
		       "'./run.sh noise', then rerun both.\n");
	else if (rep->worst_floor_of)
		printf("The widest rerun noise of a per-hop cost here is ±%.1f%% (%s).\n",
		       rep->worst_floor, rep->worst_floor_of);
	printf("To decide: a threshold above the noise (--threshold), results made of several "
	       "runs\n(tailbench run --runs N), or the VM gate, whose counts are exact "
	       "(./run.sh gate --vm VERSION).\n");
}

static void print_report(const struct report *rep, const char *unit, bool exact,
			 const struct compare_opts *o)
{
	const char *fmt = o->markdown ? "| %s | %s | %s | %s | %s | %s | %s |\n" :
					"%-52s %10s %10s %26s %8s %14s %s\n";
	const char *sep = "";
	char thr[64];

	if (exact)
		snprintf(thr, sizeof(thr), "exact counts, threshold %g %s", o->threshold, unit);
	else
		snprintf(thr, sizeof(thr), "threshold %g%%, alpha %g", o->threshold, o->alpha);
	printf(o->markdown ? "\n%s (%s); %s\n\n" : "\n%s [%s]; %s\n", "Changes, NEW against BASE",
	       unit, thr);
	printf(fmt, "what", "BASE", "NEW", exact ? "change" : "change [95% CI]", "p",
	       "rerun noise", "verdict");
	if (o->markdown)
		printf("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
	/* By default: what changed, and every per-hop cost. */
	for (int i = 0; i < rep->n; i++)
		if (o->all || rep->rows[i].fit ||
		    (rep->rows[i].v != VERDICT_UNCHANGED && rep->rows[i].v != VERDICT_NOT_COMPARABLE))
			print_row(&rep->rows[i], fmt, unit, exact);
	printf("\n");
	for (size_t k = 0; k < ARRAY_SIZE(verdict_names); k++)
		if (rep->counts[k]) {
			printf("%s%d %s", sep, rep->counts[k], verdict_names[k]);
			sep = ", ";
		}
	printf("\n");
	print_inconclusive(rep, o);
}

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* The report as one JSON document (--json): every row, with its verdict, and
 * the answer: the exit status, its verdict, and whether the gate passes. */
static json_t *report_json(const struct report *rep, const struct side *a, const struct side *b,
			   const char *unit, bool exact, const struct compare_opts *o, int status)
{
	json_t *rows = json_array(), *counts = json_object(), *doc;

	for (int i = 0; i < rep->n; i++) {
		const struct row *r = &rep->rows[i];

		json_array_append_new(rows, json_pack("{ss ss so so so so so so so so ss* sb}",
			"what", r->what, "kind", r->fit ? "per_hop" : "case", "base",
			num_or_null(r->old), "new", num_or_null(r->new), "change_pct",
			num_or_null(r->pct), "ci_low_pct", num_or_null(r->pct_low), "ci_high_pct",
			num_or_null(r->pct_high), "p", num_or_null(r->p), "rerun_noise_pct",
			num_or_null(r->floor), "regime_pct", num_or_null(r->regime), "reason",
			r->reason, "measured", r->measured));
		json_object_set_new(json_array_get(rows, json_array_size(rows) - 1), "verdict",
				    json_string(verdict_names[r->v]));
	}
	for (size_t k = 0; k < ARRAY_SIZE(verdict_names); k++)
		if (rep->counts[k])
			json_object_set_new(counts, verdict_names[k], json_integer(rep->counts[k]));
	doc = json_pack("{ss sb si ss ss ss sb sf sf so so s{sb so ss*}}", "verdict",
			compare_verdict(status), "pass", status == TB_EXIT_OK, "exit", status,
			"base", a->path, "new", b->path, "unit", unit, "exact", exact, "threshold",
			o->threshold, "alpha", o->alpha, "rows", rows, "counts", counts, "noise",
			"known", rep->noise_known, "widest_pct", num_or_null(rep->worst_floor),
			"widest_of", rep->worst_floor_of);
	return doc;
}

/* --markdown: the answer first, for a reader of a CI comment. */
static void print_verdict_line(const struct report *rep, int status)
{
	printf("**tailbench: %s** (exit %d): %d regressed, %d newly skipped, %d inconclusive, "
	       "%d improved, %d unchanged\n\n", compare_verdict(status), status,
	       rep->counts[VERDICT_REGRESSED], rep->counts[VERDICT_NEWLY_SKIPPED],
	       rep->counts[VERDICT_INCONCLUSIVE], rep->counts[VERDICT_IMPROVED],
	       rep->counts[VERDICT_UNCHANGED]);
}

/* Results of different clocks, machines or environments do not compare. */
static int check_comparable(json_t *ma, json_t *mb, const char *pa, const char *pb,
			    const struct compare_opts *o)
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
	if (jint(ma, "pad", 0) != jint(mb, "pad", 0))
		pr_warn("%s runs %d ALU instructions of padding per hop, %s %d (meta.pad): a "
			"known slowdown, compared all the same", pb, jint(mb, "pad", 0), pa,
			jint(ma, "pad", 0));
	return 0;
}

/*
 * Exact per-case counts compare only if they mean the same.  With
 * meta.exact.count "per-run" a count is one run's instructions, whatever
 * the repeat (docs/exact.md).  Before that it was floor((R c + e) / R), e
 * being test_run's fixed cost, with one repeat R fit to the run's longest
 * case: it moves with R, and so with the other cases of the run.  NULL when
 * the counts compare, else why not (allocated).
 */
static char *exact_counts_differ(const struct side *a, const struct side *b)
{
	json_t *ma = json_object_get(a->root, "meta"), *mb = json_object_get(b->root, "meta"), *x;
	const char *ka = jstr(json_object_get(ma, "exact"), "count", "repeat-bound");
	const char *kb = jstr(json_object_get(mb, "exact"), "count", "repeat-bound");
	size_t i;

	if (strcmp(ka, kb))
		return xasprintf("%s counts \"%s\" per case, %s \"%s\" (meta.exact.count): "
				 "make both with the same tailbench", a->path, ka, b->path, kb);
	if (!strcmp(ka, "per-run"))
		return NULL;
	json_array_foreach(json_object_get(a->root, "cases"), i, x) {
		json_t *y = json_object_get(b->by_id, jstr(x, "id", ""));
		int ra = jint(x, "repeat", 0), rb = y ? jint(y, "repeat", 0) : ra;

		if (ra != rb)
			return xasprintf("%s took %d repetitions a sample, %s %d (case %s): their "
					 "counts hold test_run's fixed cost divided by the repeat",
					 a->path, ra, b->path, rb, jstr(x, "id", "?"));
	}
	return NULL;
}

static void print_header(const struct side *a, const struct side *b, bool markdown)
{
	json_t *ma = json_object_get(a->root, "meta"), *mb = json_object_get(b->root, "meta");
	const char *ka = jstr(ma, "kernel", "?"), *kb = jstr(mb, "kernel", "?");
	const char *item = markdown ? "- " : "";

	printf("%sBASE %s: kernel %s, %s\n", item, a->path, ka, jstr(ma, "time", "?"));
	printf("%sNEW  %s: kernel %s, %s\n", item, b->path, kb, jstr(mb, "time", "?"));
	if (strcmp(ka, kb))
		printf("%skernel %s -> %s (before/after patch)\n", item, ka, kb);
	if (jint(ma, "pad", 0) != jint(mb, "pad", 0))
		printf("%spad %d -> %d ALU instructions per hop (a known slowdown)\n", item,
		       jint(ma, "pad", 0), jint(mb, "pad", 0));
	if (b->np.root)
		printf("%snoise: %s (%d runs)\n", item, b->np.path, b->noise_runs);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench compare BASE.json NEW.json [--threshold T] [--alpha A]\n"
		   "                         [--noise PROFILE [--force-noise]] [--subset] [--markdown]\n"
		   "                         [--all] [--force] [--allow-incomplete]\n"
		   "                         [--expect GLOB=+N]...\n\n"
		   "Matches cases by id and per-hop fits by family, and says for each whether NEW\n"
		   "improved, regressed, is unchanged, or whether the noise known of these runs is\n"
		   "too large to tell.  A timed change counts when it is significant and its 95%%\n"
		   "interval, widened by this machine's rerun noise and by any regime change in\n"
		   "either run, lies wholly past the threshold; it is unchanged when that interval\n"
		   "lies wholly within the threshold, and inconclusive otherwise.\n\n"
		   "  --threshold T  percent for ns/cycles results (default 5), instructions for\n"
		   "                 insns results (default 0: any increase)\n"
		   "  --alpha A      significance level (default 0.05), of p-values adjusted for\n"
		   "                 the number of comparisons (Benjamini-Hochberg)\n"
		   "  --noise FILE   the noise profile to use (default: the one each run recorded);\n"
		   "                 one of another kernel, env, clock or CPU than a result is refused\n"
		   "  --force-noise  use --noise's profile even so\n"
		   "  --subset       compare the cases both have, when NEW ran fewer on purpose\n"
		   "  --markdown     a Markdown table, for a CI comment\n"
		   "  --all          every row, not only changes and per-hop costs\n"
		   "  --force        compare results of different clocks, CPUs or environments\n"
		   "  --allow-incomplete  use a result of an interrupted run\n"
		   "  --expect GLOB=+N  a predicted change of exact counts (clock insns): each\n"
		   "                 per-hop fit whose family (SCEN/BENCH/TYPE/MODE/nN/sS)\n"
		   "                 matches the glob must change by exactly N instructions,\n"
		   "                 every other by 0 (repeatable; the first match counts).\n"
		   "                 Prints a table of the families after the report, and the\n"
		   "                 exit status is the prediction's: 0 held, 1 not.\n\n"
		   "tailbench --json compare ... prints the report as one JSON document.\n"
		   "exit status: 0 no regression, 1 a regression (or a case newly skipped),\n"
		   "2 bad input (or NEW lacks cases BASE measured), 3 inconclusive.\n");
}

int compare_parse_opt(int opt, const char *arg, struct compare_opts *o)
{
	char *end;

	switch (opt) {
	case 't':
		o->threshold = strtod(arg, &end);
		o->threshold_set = true;
		if (*end || end == arg || !(o->threshold >= 0)) {
			p_err("--threshold: expected a number >= 0, got '%s'", arg);
			return -1;
		}
		return 1;
	case 'a':
		o->alpha = strtod(arg, &end);
		if (*end || end == arg || !(o->alpha > 0 && o->alpha < 1)) {
			p_err("--alpha: expected a number between 0 and 1, got '%s'", arg);
			return -1;
		}
		return 1;
	case 's':
		o->subset = true;
		return 1;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct compare_opts *o)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "noise", required_argument, NULL, 'n' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ "force-noise", no_argument, NULL, 'F' },
		{ "all", no_argument, NULL, 'A' },
		{ "subset", no_argument, NULL, 's' },
		{ "allow-incomplete", no_argument, NULL, 'I' },
		{ "expect", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int opt;

	*o = (struct compare_opts)COMPARE_OPTS_INIT;
	/* Every --expect fits: argv holds at most argc of them. */
	o->expect = xcalloc(argc, sizeof(*o->expect));
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
		case 'a':
			if (compare_parse_opt(opt, optarg, o) < 0)
				return -1;
			break;
		case 'n':
			o->noise = optarg;
			break;
		case 'm':
			o->markdown = true;
			break;
		case 'f':
			o->force = true;
			break;
		case 'F':
			o->force_noise = true;
			break;
		case 'A':
			o->all = true;
			break;
		case 's':
			compare_parse_opt(opt, optarg, o);
			break;
		case 'I':
			o->load.allow_incomplete = true;
			break;
		case 'e':
			if (expect_parse(optarg, &o->expect[o->nexpect++]))
				return -1;
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
		p_err("compare needs BASE and NEW, two result files (got %d; see compare --help)",
		      argc - optind);
		return -1;
	}
	if (o->nexpect && tb_json) {
		p_err("compare --expect prints a table, not JSON: drop --json");
		return -1;
	}
	return 0;
}

/* Index a loaded side, which takes a reference to root: cases by id, fits
 * by family. */
static int side_open(struct side *s, json_t *root, const char *name, const struct compare_opts *o)
{
	json_t *meta, *x;
	size_t i;

	s->path = name;
	s->root = json_incref(root);
	s->by_id = json_object();
	s->fit_by_family = json_object();
	json_array_foreach(json_object_get(s->root, "cases"), i, x)
		json_object_set(s->by_id, jstr(x, "id", "?"), x);
	json_array_foreach(json_object_get(s->root, "fits"), i, x) {
		char *key = model_family_key(x);

		json_object_set(s->fit_by_family, key, x);
		free(key);
	}
	s->families = reduce_families(s->root);
	meta = json_object_get(s->root, "meta");
	s->noise_runs = jint(json_object_get(meta, "noise_profile"), "runs", 0);
	if (o->noise) {
		if (noise_load(o->noise, &s->np) || noise_match(&s->np, meta, o->force_noise))
			return -1;
		s->noise_runs = jint(json_object_get(s->np.root, "meta"), "runs", 0);
	}
	return 0;
}

static void side_close(struct side *s)
{
	json_decref(s->root);
	json_decref(s->by_id);
	json_decref(s->fit_by_family);
	reduce_families_free(s->families);
	noise_free(&s->np);
}

const char *compare_verdict(int exit_status)
{
	switch (exit_status) {
	case TB_EXIT_OK:
		return "pass";
	case TB_EXIT_FAIL:
		return "FAIL";
	case TB_EXIT_INCONCLUSIVE:
		return "inconclusive";
	default:
		return "error";
	}
}

/* The exit status of a report: what the gate answers. */
static int report_status(const struct report *rep, const struct compare_opts *o)
{
	if ((rep->counts[VERDICT_ONLY_BASE] && !o->subset) || rep->refused)
		return TB_EXIT_USAGE;
	if (rep->counts[VERDICT_REGRESSED] || rep->counts[VERDICT_NEWLY_SKIPPED])
		return TB_EXIT_FAIL;
	return rep->counts[VERDICT_INCONCLUSIVE] ? TB_EXIT_INCONCLUSIVE : TB_EXIT_OK;
}

/* What was not judged, said after the report, which shows what: NEW lacks
 * what BASE measured, or exact per-case counts do not compare. */
static void say_missing(const struct report *rep, const struct side *a, const struct side *b,
			const struct compare_opts *o)
{
	if (rep->counts[VERDICT_ONLY_BASE] && !o->subset)
		p_err("%s lacks %d cases or fits that %s has: a gate cannot pass on what it did "
		      "not measure (--subset compares what both have)", b->path,
		      rep->counts[VERDICT_ONLY_BASE], a->path);
	if (rep->refused)
		p_err("%d per-case counts not judged: %s (the per-hop costs above were)",
		      rep->counts[VERDICT_NOT_COMPARABLE], rep->refused);
}

/* Both sides opened and compared into rep; -1 (said why) on bad input. */
static int compare_sides(struct report *rep, struct side *a, struct side *b,
			 struct compare_opts *o, const char **clock, bool *exact)
{
	if (check_comparable(json_object_get(a->root, "meta"), json_object_get(b->root, "meta"),
			     a->path, b->path, o))
		return -1;
	*clock = jstr(json_object_get(a->root, "meta"), "clock", "?");
	*exact = model_exact_clock(*clock);
	if (*exact && !o->threshold_set)
		o->threshold = 0;
	if (*exact)
		rep->refused = exact_counts_differ(a, b);
	compare_all(rep, a, b, *exact, o);
	if (!rep->common) {
		p_err("%s and %s have no case in common", a->path, b->path);
		return -1;
	}
	return 0;
}

static void report_free(struct report *rep, struct side *a, struct side *b)
{
	free(rep->refused);
	for (int i = 0; i < rep->n; i++)
		free(rep->rows[i].what);
	free(rep->rows);
	side_close(a);
	side_close(b);
}

int compare_results(json_t *base, const char *base_name, json_t *new, const char *new_name,
		    const struct compare_opts *opts, json_t **doc)
{
	struct report rep = { .worst_floor = NAN };
	struct side a = {}, b = {};
	struct compare_opts o = *opts;
	const char *clock;
	int ret = TB_EXIT_USAGE, err;
	bool exact;

	*doc = NULL;
	err = side_open(&a, base, base_name, &o);
	if (!side_open(&b, new, new_name, &o) && !err &&
	    !compare_sides(&rep, &a, &b, &o, &clock, &exact)) {
		ret = report_status(&rep, &o);
		*doc = report_json(&rep, &a, &b, clock, exact, &o, ret);
		say_missing(&rep, &a, &b, &o);
	}
	report_free(&rep, &a, &b);
	return ret;
}

int do_compare(int argc, char **argv)
{
	struct report rep = { .worst_floor = NAN };
	struct side a = {}, b = {};
	struct compare_opts o;
	json_t *ra, *rb;
	const char *clock;
	int ret = TB_EXIT_USAGE, err = parse_opts(argc, argv, &o);
	bool exact;

	if (err) {
		free(o.expect);
		return err > 0 ? TB_EXIT_OK : TB_EXIT_USAGE;
	}
	/* Both loaded, so that two bad files are both named. */
	ra = results_load_opts(argv[optind], &o.load);
	rb = results_load_opts(argv[optind + 1], &o.load);
	err = !ra || side_open(&a, ra, argv[optind], &o);
	if (!rb || side_open(&b, rb, argv[optind + 1], &o) || err ||
	    compare_sides(&rep, &a, &b, &o, &clock, &exact))
		goto out;
	ret = report_status(&rep, &o);
	if (tb_json) {
		json_t *doc = report_json(&rep, &a, &b, clock, exact, &o, ret);

		print_json(doc);
		json_decref(doc);
	} else {
		if (o.markdown)
			print_verdict_line(&rep, ret);
		print_header(&a, &b, o.markdown);
		print_report(&rep, clock, exact, &o);
	}
	say_missing(&rep, &a, &b, &o);
	if (o.nexpect) {
		printf("compare's verdict: %s (exit %d)\n", compare_verdict(ret), ret);
		ret = expect_check(stdout, ra, rb, o.expect, o.nexpect);
	}
out:
	free(o.expect);
	json_decref(ra);
	json_decref(rb);
	report_free(&rep, &a, &b);
	return ret;
}
