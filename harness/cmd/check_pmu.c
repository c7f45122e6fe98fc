// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench check-pmu FILE...: the two clocks of an icount VM result with a
 * PMU (arm64) cross-checked.  test_run's clock counts the guest's
 * instructions in its program loop (the samples, floor(total / repeat) a
 * run); the PMU's "instructions" event every kernel-mode instruction of the
 * thread from the counters' enable to their disable: the same loop, plus
 * the syscalls' entry and exit, test_run's set-up and the map reads that
 * check the hop count (series.instructions, total / repeat).  So for every
 * sample of a case with repeat R, E = instructions * R - insns * R is the
 * fixed cost of one sample (docs/arm64.md), and the checks are:
 *
 *  1. E > 0 in every sample: the PMU's window holds test_run's;
 *  2. within a bench and program type, the cases' smallest E differ by less
 *     than R + 1% of E (R: test_run's rounding; the rest the syscall path's
 *     own variation).  Only cases no interrupt lands in (exact.quiet_irqs 0)
 *     have a fixed E: 6.x XDP test_run swaps the dispatcher and waits for
 *     timers in every sample, outside test_run's timing (docs/exact.md);
 *     those are left to check 3, and said so;
 *  3. each family's per-hop Theil-Sen slope of the PMU's smallest count a
 *     run, over the depths its fit spans (a depth whose samples all carried
 *     extra work does not tilt a median of slopes), equals test_run's
 *     per-hop fit within 0.1 instruction.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/stats.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "result/read.h"

#define SLOPE_TOLERANCE 0.1

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench check-pmu FILE...\n\n"
		   "Cross-checks the two clocks of an icount VM result with a PMU (arm64):\n"
		   "the PMU's instructions against test_run's count.  Per case, the fixed cost\n"
		   "E of a sample (PMU minus test_run, times the repeat) must be positive in\n"
		   "every sample and, among a bench's cases that no interrupt lands in, spread\n"
		   "less than the repeat plus 1%%; per family, the Theil-Sen slope of the\n"
		   "PMU's smallest count a run over the fit's depths must equal the per-hop\n"
		   "fit within %.1f instruction.  Prints a line per family and per bench.\n"
		   "The VM matrix runs it on every arm64 result (docs/arm64.md).\n\n"
		   "Exit status: 0 every check holds, 1 one fails, 2 bad input (not a result,\n"
		   "or one without the PMU's instructions beside the icount clock).\n",
		SLOPE_TOLERANCE);
}

/* The result has the PMU's instructions beside test_run's icount clock. */
static bool has_pmu(json_t *meta)
{
	json_t *v;
	size_t i;

	if (strcmp(jstr(meta, "clock", ""), "insns"))
		return false;
	json_array_foreach(json_object_get(meta, "counters"), i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), "instructions"))
			return true;
	return false;
}

/* "bench/type": what the fixed cost E is compared within. */
static char *bench_key(json_t *c)
{
	return xasprintf("%s/%s", jstr(c, "bench", "?"), jstr(c, "prog_type", "?"));
}

struct pmu_check {
	json_t *least;		/* bench/type -> [[smallest E, repeat]...] of quiet cases */
	json_t *busy;		/* bench/type -> cases with interrupts in every sample */
	json_t *pmu;		/* family -> depth -> the PMU's smallest count a run */
	struct strlist failures;
};

static void check_case(struct pmu_check *k, json_t *c)
{
	json_t *counted = json_object_get(json_object_get(json_object_get(c, "series"),
							  "instructions"), "samples");
	json_t *samples = json_object_get(c, "samples");
	double r = jint(c, "repeat", 1), least = INFINITY, least_count = INFINITY;
	char *bench = bench_key(c), *family = model_family_key(c), depth[16];
	json_t *per;
	size_t i;

	for (i = 0; i < json_array_size(counted) && i < json_array_size(samples); i++) {
		double pmu = json_number_value(json_array_get(counted, i));
		double e = round(pmu * r - json_number_value(json_array_get(samples, i)) * r);

		least = fmin(least, e);
		least_count = fmin(least_count, pmu);
	}
	if (least <= 0)
		strlist_addf(&k->failures, "%s: the PMU counted less than test_run (E = %.0f)",
			     jstr(c, "id", "?"), least);
	if (jint(json_object_get(c, "exact"), "quiet_irqs", 0)) {
		json_object_set_new(k->busy, bench, json_integer(jint(k->busy, bench, 0) + 1));
	} else {
		if (!json_object_get(k->least, bench))
			json_object_set_new(k->least, bench, json_array());
		json_array_append_new(json_object_get(k->least, bench),
				      json_pack("[ff]", least, r));
	}
	per = json_object_get(k->pmu, family);
	if (!per) {
		per = json_object();
		json_object_set_new(k->pmu, family, per);
	}
	snprintf(depth, sizeof(depth), "%d", jint(c, "depth", -1));
	json_object_set_new(per, depth, json_real(least_count));
	free(bench);
	free(family);
}

/* Check 3 for one fit: its PMU slope against its per-hop figure. */
static void check_fit(struct pmu_check *k, json_t *fit)
{
	char *family = model_family_key(fit);
	json_t *per = json_object_get(k->pmu, family), *v;
	json_t *depths = json_object_get(fit, "depths");
	double lo = json_number_value(json_array_get(depths, 0));
	double hi = depths ? json_number_value(json_array_get(depths, 1)) : -1;
	double *x = xcalloc(json_object_size(per) + 1, sizeof(double));
	double *y = xcalloc(json_object_size(per) + 1, sizeof(double));
	double slope, base, want = jnum(json_object_get(fit, "per_hop"), "value", NAN);
	const char *d;
	int n = 0;

	json_object_foreach(per, d, v) {
		double depth = atof(d);

		if (depth >= lo && depth <= hi)
			x[n] = depth, y[n++] = json_number_value(v);
	}
	if (n >= 2) {
		bool ok;

		stats_theil_sen(x, y, n, &slope, &base);
		ok = fabs(slope - want) <= SLOPE_TOLERANCE;
		printf("  %-45s per hop: test_run %7.2f  PMU %7.2f  %s\n", family, want, slope,
		       ok ? "ok" : "DISAGREE");
		if (!ok)
			strlist_addf(&k->failures, "%s: per hop %.2f from the PMU, %.2f from test_run",
				     family, slope, want);
	}
	free(x);
	free(y);
	free(family);
}

/* 0 every check holds, 1 one fails, 2 not a result with the PMU's counts. */
static int check_file(const char *path)
{
	json_t *root = results_load(path), *meta, *c, *list, *v;
	struct pmu_check k = { json_object(), json_object(), json_object() };
	struct strlist keys = {};
	const char *key;
	size_t i, j;
	int ret;

	if (!root)
		return TB_EXIT_USAGE;
	meta = json_object_get(root, "meta");
	if (!has_pmu(meta)) {
		char *counters = json_dumps(json_object_get(meta, "counters"), JSON_COMPACT);

		p_err("check-pmu: %s: no PMU instructions beside test_run's icount clock (clock %s, "
		      "counters %s)", path, jstr(meta, "clock", "?"), counters ? counters : "none");
		free(counters);
		ret = TB_EXIT_USAGE;
		goto out;
	}
	json_array_foreach(json_object_get(root, "cases"), i, c)
		if (case_ok(c))
			check_case(&k, c);
	json_object_foreach(k.least, key, list) {
		double lo = INFINITY, hi = -INFINITY, r = 0;

		json_array_foreach(list, j, v) {
			lo = fmin(lo, json_number_value(json_array_get(v, 0)));
			hi = fmax(hi, json_number_value(json_array_get(v, 0)));
			r = fmax(r, json_number_value(json_array_get(v, 1)));
		}
		if (hi - lo >= r + lo / 100)
			strlist_addf(&k.failures, "%s: the fixed cost E spreads over %.0f instructions, "
				     "over repeat + 1%% (%.0f)", key, hi - lo, r + lo / 100);
		strlist_addf(&keys, "%s\t%.0f..%.0f", key, lo, hi);
	}
	printf("%s: PMU instructions vs test_run's icount clock\n", jstr(meta, "kernel", "?"));
	json_array_foreach(json_object_get(root, "fits"), i, v)
		check_fit(&k, v);
	strlist_sort(&keys);
	for (int n = 0; n < keys.n; n++) {
		char *tab = strchr(keys.v[n], '\t');

		*tab = '\0';
		printf("  fixed cost E of %s: %s instructions a sample\n", keys.v[n], tab + 1);
	}
	strlist_free(&keys);
	json_object_foreach(k.busy, key, v)
		strlist_addf(&keys, "  fixed cost E of %s: not checked in %lld cases, which take "
			     "interrupts in every sample (per hop checked above)", key,
			     (long long)json_integer_value(v));
	strlist_sort(&keys);
	for (int n = 0; n < keys.n; n++)
		printf("%s\n", keys.v[n]);
	for (int n = 0; n < k.failures.n; n++)
		printf("  FAILED: %s\n", k.failures.v[n]);
	ret = k.failures.n ? TB_EXIT_FAIL : TB_EXIT_OK;
out:
	strlist_free(&keys);
	strlist_free(&k.failures);
	json_decref(k.least);
	json_decref(k.busy);
	json_decref(k.pmu);
	json_decref(root);
	return ret;
}

int do_check_pmu(int argc, char **argv)
{
	int ret = TB_EXIT_OK;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return TB_EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		int r = check_file(argv[i]);

		/* Bad input outweighs a failed check: nothing was checked. */
		if (r == TB_EXIT_USAGE || (r && ret != TB_EXIT_USAGE))
			ret = r;
	}
	return ret;
}
