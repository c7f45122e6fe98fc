// SPDX-License-Identifier: GPL-2.0
/* tailbench noise --check: the A/A experiment's figures (cmd/noise_check.h). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/stats.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/compare.h"
#include "cmd/noise_check.h"
#include "result/read.h"

/* Exit statuses compare gives: 0 unchanged, 1 regressed, 2 bad input,
 * 3 inconclusive. */
enum { NSTATUS = 4 };

/* compare's exit status for base against new, its report dropped. */
static int verdict(json_t *base, const char *bname, json_t *new, const char *nname,
		   const struct compare_opts *o)
{
	json_t *doc = NULL;
	int rc = compare_results(base, bname, new, nname, o, &doc);

	json_decref(doc);
	return rc >= 0 && rc < NSTATUS ? rc : TB_EXIT_USAGE;
}

static json_t *per_hop(json_t *root, const char *family)
{
	return json_object_get(result_fit(root, family), "per_hop");
}

/* A row per family of the first run's fits that every run has: the values'
 * range, and how often a run's interval (within-run, and the rerun range
 * where every run has one) holds the next run's value. */
static void coverage(json_t **runs, int n)
{
	json_t *fit;
	size_t i;

	printf("%-44s %28s %10s %10s\n", "per-hop cost of", "values (first..last run)", "within",
	       "rerun");
	json_array_foreach(json_object_get(runs[0], "fits"), i, fit) {
		char *family = model_family_key(fit);
		double lo = INFINITY, hi = -INFINITY;
		int within = 0, rerun = 0, all = 1, r;
		char rr[32] = "-";

		for (r = 0; r < n && per_hop(runs[r], family); r++) {
			json_t *p = per_hop(runs[r], family);
			double v = jnum(p, "value", NAN);

			lo = fmin(lo, v), hi = fmax(hi, v);
			all &= json_object_get(p, "rerun_low") != NULL;
			if (r + 1 < n && per_hop(runs[r + 1], family)) {
				double next = jnum(per_hop(runs[r + 1], family), "value", NAN);

				within += jnum(p, "ci_low", NAN) <= next && next <= jnum(p, "ci_high", NAN);
				rerun += jnum(p, "rerun_low", NAN) <= next &&
					 next <= jnum(p, "rerun_high", NAN);
			}
		}
		if (r == n) {
			if (all)
				snprintf(rr, sizeof(rr), "%d/%d", rerun, n - 1);
			printf("%-44s %12.2f .. %-12.2f %5d/%-4d %10s\n", family, lo, hi, within, n - 1, rr);
		}
		free(family);
	}
}

/* Per family, the median change of the padded runs against the plain run
 * each was made after. */
static void detection(json_t **runs, json_t **padded, int npad)
{
	const char *unit = jstr(json_object_get(runs[0], "meta"), "clock", "?");
	double *d = xcalloc(npad, sizeof(double)), *pct = xcalloc(npad, sizeof(double));
	json_t *fit;
	size_t i;

	json_array_foreach(json_object_get(runs[0], "fits"), i, fit) {
		char *family = model_family_key(fit);
		int k = 0;

		for (int r = 0; r < npad; r++) {
			double a = jnum(per_hop(runs[r], family), "value", NAN);
			double b = jnum(per_hop(padded[r], family), "value", NAN);

			if (isfinite(a) && isfinite(b)) {
				d[k] = b - a;
				pct[k++] = 100 * (b / a - 1);
			}
		}
		if (k) {
			double md = stats_median_inplace(d, k), mp = stats_median_inplace(pct, k);

			printf("  %-42s %+.2f %s/hop (%+.0f%%), median of %d pairs\n", family, md, unit,
			       mp, k);
		}
		free(family);
	}
	free(d);
	free(pct);
}

/* runs: n results of one build, in the order they were made; padded: npad
 * results of the same with --pad, padded[i] made after runs[i]. */
static int check(json_t **runs, char **paths, int n, json_t **padded, char **padded_paths,
		 int npad, const struct compare_opts *o)
{
	int aa[NSTATUS] = {}, det[NSTATUS] = {};

	printf("noise profile: %s\n",
	       jstr(json_object_get(json_object_get(runs[0], "meta"), "noise_profile"), "file",
		    "none"));
	coverage(runs, n);
	for (int r = 1; r < n; r++)
		aa[verdict(runs[r - 1], paths[r - 1], runs[r], paths[r], o)]++;
	printf("A/A pairs: %d; exit 0 (unchanged) %d, 1 (REGRESSED) %d, 3 (inconclusive) %d, 2 %d\n",
	       n - 1, aa[0], aa[1], aa[3], aa[2]);
	if (npad) {
		for (int r = 0; r < npad; r++)
			det[verdict(runs[r], paths[r], padded[r], padded_paths[r], o)]++;
		printf("padded by %d insns/hop against plain: %d pairs; exit 1 (detected) %d, 3 %d, "
		       "0 %d\n", jint(json_object_get(padded[0], "meta"), "pad", 0), npad, det[1],
		       det[3], det[0]);
		detection(runs, padded, npad);
	}
	return aa[1] ? TB_EXIT_FAIL : TB_EXIT_OK;
}

void noise_check_usage(FILE *f, const char *lead)
{
	fprintf(f, "%-6s tailbench noise --check [--threshold T] RUN... [--padded FILE]...\n\n"
		   "Reads the A/A experiment (./run.sh aa) instead, writing nothing: RUN... are\n"
		   "2 or more results of one build in the order they were made.  Prints, per\n"
		   "family, how often a run's within-run interval, and its rerun interval where\n"
		   "every run has one, holds the next run's per-hop cost; what compare (at\n"
		   "--threshold T) says of each consecutive pair; and with --padded (runs of\n"
		   "--pad N, the i-th made after the i-th RUN) how often compare catches them,\n"
		   "and each family's median change.  Exit status: 0 no A/A pair regressed,\n"
		   "1 one did (a false alarm of the gate), 2 bad input.\n", lead);
}

int noise_check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check", no_argument, NULL, 'c' },
		{ "padded", required_argument, NULL, 'p' },
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	json_t **runs = xcalloc(argc, sizeof(*runs)), **padded = xcalloc(argc, sizeof(*padded));
	char **paths = xcalloc(argc, sizeof(*paths)), **padded_paths = xcalloc(argc, sizeof(char *));
	struct compare_opts o = COMPARE_OPTS_INIT;
	int opt, n = 0, npad = 0, ret = TB_EXIT_USAGE;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			noise_check_usage(stdout, "usage:");
			ret = TB_EXIT_OK;
			goto out;
		} else if (opt == 'p')
			padded_paths[npad++] = optarg;
		else if (opt == 't' && compare_parse_opt(opt, optarg, &o) < 0)
			goto out;
		else if (opt != 'c' && opt != 't') {
			p_err("noise --check: takes --threshold T and --padded FILE only (see noise --help)");
			goto out;
		}
	}
	n = argc - optind;
	if (n < 2 || npad > n) {
		p_err("noise --check: needs 2 or more runs, and no more --padded than runs (got %d "
		      "and %d)", n, npad);
		n = 0;
		goto out;
	}
	for (int r = 0; r < n; r++) {
		paths[r] = argv[optind + r];
		runs[r] = results_load(paths[r]);
	}
	for (int r = 0; r < npad; r++)
		padded[r] = results_load(padded_paths[r]);
	for (int r = 0; r < n; r++)
		if (!runs[r] || (r < npad && !padded[r]))
			goto out;
	ret = check(runs, paths, n, padded, padded_paths, npad, &o);
out:
	for (int r = 0; r < n; r++)
		json_decref(runs[r]);
	for (int r = 0; r < npad; r++)
		json_decref(padded[r]);
	free(runs);
	free(padded);
	free(paths);
	free(padded_paths);
	return ret;
}
