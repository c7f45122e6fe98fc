// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench same FILE...: do exact counts repeat?  Results of one kernel
 * (repeated VM runs, or runs of different scenarios), case by case and fit
 * by fit: every case two or more files measured must have the same count
 * in each, every fit the same per-hop figure.  docs/exact.md.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "result/read.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench same FILE FILE...\n\n"
		   "Checks that results of one kernel with exact counts (meta.clock \"insns\":\n"
		   "the icount VM) agree: each case measured in two or more files has the\n"
		   "same count in all of them, and each per-hop fit the same figure; a\n"
		   "case measured in one file and skipped in another fails too.  Prints\n"
		   "every case and fit that differs, then a summary line.\n\n"
		   "Exit status: 0 all agree, 1 some differ, 2 bad input (fewer than two\n"
		   "files, an unreadable one, a clock that is not exact, different kernels\n"
		   "or architectures).\n");
}

/* The figure of item in each file (NAN where absent); 1 if two differ,
 * after printing them. */
static int differs(const char *what, const double *v, char **paths, int n)
{
	double first = NAN;
	int seen = 0, diff = 0;

	for (int i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (seen++ && v[i] != first)
			diff = 1;
		if (seen == 1)
			first = v[i];
	}
	if (seen < 2 || !diff)
		return seen < 2 ? -1 : 0;
	printf("%s:", what);
	for (int i = 0; i < n; i++)
		if (!isnan(v[i]))
			printf(" %.10g (%s)", v[i], paths[i]);
	printf("\n");
	return 1;
}

/* A case measured in one file and skipped in another: 1, after saying so. */
static int skipped_somewhere(const char *id, const struct result_index *ix, char **paths, int n)
{
	int ok = 0, bad = -1;

	for (int g = 0; g < n; g++) {
		json_t *c = result_index_case(&ix[g], id);

		if (c && case_ok(c))
			ok++;
		else if (c && bad < 0)
			bad = g;
	}
	if (!ok || bad < 0)
		return 0;
	printf("%s: measured in %d files, skipped in %s (%s)\n", id, ok, paths[bad],
	       jstr(result_index_case(&ix[bad], id), "reason", "?"));
	return 1;
}

static int check_alike(json_t **roots, char **paths, int n)
{
	json_t *m0 = json_object_get(roots[0], "meta");

	for (int i = 0; i < n; i++) {
		json_t *m = json_object_get(roots[i], "meta");

		if (!model_exact_clock(jstr(m, "clock", "?"))) {
			p_err("%s: clock %s is not exact: its figures never repeat to the unit",
			      paths[i], jstr(m, "clock", "?"));
			return -1;
		}
		if (strcmp(jstr(m, "kernel", "?"), jstr(m0, "kernel", "?")) ||
		    strcmp(jstr(m, "arch", "?"), jstr(m0, "arch", "?"))) {
			p_err("%s is of %s %s, %s of %s %s: counts of different kernels differ by "
			      "design", paths[i], jstr(m, "kernel", "?"), jstr(m, "arch", "?"),
			      paths[0], jstr(m0, "kernel", "?"), jstr(m0, "arch", "?"));
			return -1;
		}
	}
	return 0;
}

/* What the files agree on: figures measured in two or more, those that
 * differ, cases skipped in some. */
struct agreement {
	int cases, cases_differ, skipped;
	int fits, fits_differ;
};

/* The cases of file f that no earlier file has, each against every file. */
static void agree_cases(json_t *root, int f, struct result_index *ix, char **names, int n,
			double *v, struct agreement *a)
{
	size_t i;
	json_t *x;

	json_array_foreach(json_object_get(root, "cases"), i, x) {
		const char *id = jstr(x, "id", "?");
		bool first = true;
		int d;

		for (int g = 0; g < n; g++) {
			json_t *c = result_index_case(&ix[g], id);

			first &= !(g < f && c);
			v[g] = c && case_ok(c) ? model_case_figure(c) : NAN;
		}
		if (first)
			a->skipped += skipped_somewhere(id, ix, names, n);
		if (!first || (d = differs(id, v, names, n)) < 0)
			continue;
		a->cases++;
		a->cases_differ += d;
	}
}

/* The per-hop fits of file f that no earlier file has, each against every file. */
static void agree_fits(json_t *root, int f, struct result_index *ix, char **names, int n,
		       double *v, struct agreement *a)
{
	size_t i;
	json_t *x;

	json_array_foreach(json_object_get(root, "fits"), i, x) {
		char *family = model_family_key(x), *name = model_fit_name(x);
		bool first = true;
		int d;

		for (int g = 0; g < n; g++) {
			json_t *fit = result_index_fit(&ix[g], family);

			first &= !(g < f && fit);
			v[g] = fit ? jnum(json_object_get(fit, "per_hop"), "value", NAN) : NAN;
		}
		if (first && (d = differs(name, v, names, n)) >= 0) {
			a->fits++;
			a->fits_differ += d;
		}
		free(family);
		free(name);
	}
}

int do_same(int argc, char **argv)
{
	static const struct option longopts[] = { { "help", no_argument, NULL, 'h' }, {} };
	struct result_index *ix;
	struct agreement a = {};
	json_t **roots;
	double *v;
	int n, opt, ret = TB_EXIT_USAGE;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return TB_EXIT_OK;
		}
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	n = argc - optind;
	if (n < 2) {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	argv += optind;
	roots = xcalloc(n, sizeof(*roots));
	ix = xcalloc(n, sizeof(*ix));
	v = xcalloc(n, sizeof(*v));
	for (int f = 0; f < n; f++)
		if (!(roots[f] = results_load(argv[f])))
			goto out;
	if (check_alike(roots, argv, n))
		goto out;
	for (int f = 0; f < n; f++)
		result_index_init(&ix[f], roots[f]);
	/* Each case and fit once: from the first file that has it. */
	for (int f = 0; f < n; f++) {
		agree_cases(roots[f], f, ix, argv, n, v, &a);
		agree_fits(roots[f], f, ix, argv, n, v, &a);
	}
	printf("%d files of %s: %d cases measured in two or more, %d differ, %d skipped in some; "
	       "%d per-hop fits, %d differ\n", n,
	       jstr(json_object_get(roots[0], "meta"), "kernel", "?"), a.cases, a.cases_differ,
	       a.skipped, a.fits, a.fits_differ);
	if (!a.cases)
		p_err("no case was measured in two of these files: nothing to agree on");
	else
		ret = a.cases_differ || a.fits_differ || a.skipped ? TB_EXIT_FAIL : TB_EXIT_OK;
	for (int f = 0; f < n; f++)
		result_index_free(&ix[f]);
out:
	for (int f = 0; f < n; f++)
		json_decref(roots[f]);
	free(roots);
	free(ix);
	free(v);
	return ret;
}
