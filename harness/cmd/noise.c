// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench noise RESULT...: a noise profile from A/A runs (the same build
 * and kernel run several times): each figure's spread between runs.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/model.h"
#include "base/stats.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/noise_check.h"
#include "result/noise.h"
#include "result/read.h"
#include "result/reduce.h"

/* --- building a profile ------------------------------------------------ */

/* The spread of one figure over the runs: sd of its logs (the noise is a
 * speed, so it scales), with the values kept for the reader. */
static json_t *spread_json(const double *v, int n)
{
	json_t *vals = json_array();
	double mean = 0, lmean = 0, ss = 0, lss = 0;
	bool positive = true;

	for (int i = 0; i < n; i++) {
		mean += v[i] / n;
		positive = positive && v[i] > 0;
		json_array_append_new(vals, json_real(v[i]));
	}
	for (int i = 0; i < n && positive; i++)
		lmean += log(v[i]) / n;
	for (int i = 0; i < n; i++) {
		ss += (v[i] - mean) * (v[i] - mean);
		lss += positive ? (log(v[i]) - lmean) * (log(v[i]) - lmean) : 0;
	}
	return json_pack("{si sf sf so so}", "runs", n, "mean", mean, "sd", sqrt(ss / (n - 1)),
			 "sd_log", positive ? json_real(sqrt(lss / (n - 1))) : json_null(),
			 "values", vals);
}

/*
 * One entry per key that every run has: fits by family (their per-hop cost),
 * cases by id.  Lookups go through each run's own object of keys, so that
 * this stays linear in the size of the runs.
 */
static json_t *spreads(json_t **runs, int n, const char *array, bool fits)
{
	json_t **by_key = xcalloc(n, sizeof(*by_key)), *out = json_object(), *it;
	double *v = xcalloc(n, sizeof(double));
	const char *key;
	size_t i;

	for (int r = 0; r < n; r++) {
		by_key[r] = json_object();
		json_array_foreach(json_object_get(runs[r], array), i, it) {
			char *k = fits ? model_family_key(it) : xstrdup(jstr(it, "id", "?"));

			if (fits || case_ok(it))
				json_object_set(by_key[r], k, it);
			free(k);
		}
	}
	json_object_foreach(by_key[0], key, it) {
		int k = 0;

		for (int r = 0; r < n; r++) {
			json_t *x = json_object_get(by_key[r], key);
			double val = fits ? jnum(json_object_get(x, "per_hop"), "value", NAN) :
					    model_case_figure(x);

			if (x && isfinite(val))
				v[k++] = val;
		}
		if (k == n)
			json_object_set_new(out, key, spread_json(v, n));
	}
	for (int r = 0; r < n; r++)
		json_decref(by_key[r]);
	free(by_key);
	free(v);
	return out;
}

/*
 * The runs of a multi-run result (run --runs N) as results of their own:
 * every case's samples sliced by its sample_runs, figures reduced again.
 */
static json_t **split_runs(json_t *root, int *n)
{
	int runs = jint(json_object_get(json_object_get(root, "meta"), "run"), "runs", 1);
	json_t **out = xcalloc(runs, sizeof(*out)), *c;
	size_t i;

	for (int r = 0; r < runs; r++) {
		out[r] = json_deep_copy(root);
		json_array_foreach(json_object_get(out[r], "cases"), i, c) {
			json_t *lens = json_object_get(c, "sample_runs"), *all, *part;
			int off = 0, len;
			double *v;

			if (!json_is_array(lens))
				continue;
			for (int k = 0; k < r; k++)
				off += json_integer_value(json_array_get(lens, k));
			len = json_integer_value(json_array_get(lens, r));
			all = json_object_get(c, "samples");
			part = json_array();
			v = xcalloc(len + 1, sizeof(double));
			for (int k = 0; k < len; k++) {
				v[k] = json_number_value(json_array_get(all, off + k));
				json_array_append_new(part, json_real(v[k]));
			}
			json_object_set_new(c, "samples", part);
			json_object_del(c, "sample_runs");
			if (len)
				json_object_set_new(json_object_get(c, "stat"), "median",
						    json_real(stats_median_inplace(v, len)));
			free(v);
		}
		json_object_set_new(json_object_get(json_object_get(out[r], "meta"), "run"),
				    "runs", json_integer(1));
		reduce_result(out[r], NULL, 1);
	}
	*n = runs;
	return out;
}

/* Two inputs are one run: the same file, or copies of one.  Counted twice,
 * a run agrees with itself: no noise. */
static int check_distinct(json_t **runs, char **paths, int n, bool split)
{
	for (int r = 1; r < n && !split; r++)
		for (int q = 0; q < r; q++) {
			struct stat sr, sq;

			if ((!stat(paths[r], &sr) && !stat(paths[q], &sq) && sr.st_dev == sq.st_dev &&
			     sr.st_ino == sq.st_ino) || json_equal(runs[r], runs[q])) {
				p_err("%s and %s are one run (the same file, or copies): a noise "
				      "profile needs independent runs", paths[q], paths[r]);
				return -EINVAL;
			}
		}
	return 0;
}

/* A/A runs: one kernel, env, clock and CPU, one build, one pad. */
static int check_runs(json_t **runs, char **paths, int n)
{
	json_t *m0 = json_object_get(runs[0], "meta");

	for (int r = 1; r < n; r++) {
		json_t *m = json_object_get(runs[r], "meta");

		if (!noise_same_machine(m0, m)) {
			p_err("%s and %s differ in kernel, env, clock or CPU: a noise profile is "
			      "made of runs of one machine and kernel", paths[0], paths[r]);
			return -EINVAL;
		}
		if (jint(m, "pad", 0) != jint(m0, "pad", 0)) {
			p_err("%s and %s differ in meta.pad: A/A runs must run the same code", paths[0],
			      paths[r]);
			return -EINVAL;
		}
		if (strcmp(jstr(m, "tailbench_rev", "?"), jstr(m0, "tailbench_rev", "?")))
			pr_warn("%s and %s were made by different builds (%s, %s)", paths[0],
				paths[r], jstr(m0, "tailbench_rev", "?"), jstr(m, "tailbench_rev", "?"));
	}
	if (model_exact_clock(jstr(m0, "clock", "?")))
		pr_warn("clock %s is exact: its between-run spread should be 0",
			jstr(m0, "clock", "?"));
	return 0;
}

static json_t *profile_meta(json_t **runs, char **paths, int n)
{
	json_t *m0 = json_object_get(runs[0], "meta"), *files = json_array(), *meta;
	char when[32];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	for (int r = 0; r < n; r++)
		json_array_append_new(files, json_pack("{ss ss}", "file", paths[r], "time",
						       jstr(json_object_get(runs[r], "meta"), "time",
							    "?")));
	meta = json_pack("{si ss so sb}", "runs", n, "time", when, "files", files, "quick",
			 json_is_true(json_object_get(m0, "quick")));
	for (size_t i = 0; i < NOISE_NR_MATCH_KEYS; i++)
		json_object_set(meta, noise_match_keys[i], json_object_get(m0, noise_match_keys[i]));
	return meta;
}

/* Per family: the spread and the floor a change must clear to be told from
 * a rerun (95%, two runs). */
static void print_profile(json_t *profile)
{
	json_t *fits = json_object_get(profile, "fits"), *e;
	const char *key;

	fprintf(stderr, "%-44s %9s %9s %7s %12s\n", "per-hop cost of", "mean", "sd", "runs",
		"rerun floor");
	json_object_foreach(fits, key, e) {
		double sd = jnum(e, "sd_log", NAN);
		int runs = jint(e, "runs", 0);

		fprintf(stderr, "%-44s %9.3f %9.3f %7d %+11.1f%%\n", key, jnum(e, "mean", NAN),
			jnum(e, "sd", NAN), runs,
			100 * (exp(noise_rerun_half(sd, runs)) - 1));
	}
}

static int write_profile(json_t *profile, const char *out, const char *dir)
{
	json_t *m = json_object_get(profile, "meta");
	char stamp[32], *text = json_dumps(profile, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	char *path;
	time_t now = time(NULL);
	int err;

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	if (out) {
		path = xstrdup(out);
	} else {
		mkdir(dir, 0755);
		path = xasprintf("%s/noise-%s-%s-%s-%s.json", dir, jstr(m, "kernel", "unknown"),
				 jstr(m, "env", "?"), jstr(m, "clock", "?"), stamp);
	}
	err = say_written(path, text ? write_file_atomic(path, text, strlen(text)) : -ENOMEM,
			  "noise profile");
	free(text);
	free(path);
	return err;
}

static void noise_usage(FILE *f)
{
	fprintf(f, "usage: tailbench noise [-o FILE] [--dir DIR] RESULT...\n\n"
		   "Measures how far this machine's figures move between runs of one build: give\n"
		   "it %d or more result files of the same kernel, env, clock and CPU, or one\n"
		   "result of 'tailbench run --runs N' (A/A runs, best spread over minutes:\n"
		   "'./run.sh noise' makes them).  Writes a profile\n"
		   "(default DIR/noise-<kernel>-<env>-<clock>-<time>.json, DIR = results/noise)\n"
		   "that later runs on this machine use for their rerun intervals, and that\n"
		   "compare uses for its noise floor.\n\n",
		NOISE_MIN_RUNS);
	noise_check_usage(f, "");
}

/* The runs of the files named: each a result, or one result of several runs
 * (its paths FILE#runN).  0, or -EINVAL after saying why; free runs and
 * paths either way. */
static int load_runs(int nfiles, char **files, json_t ***runs, char ***paths, int *n)
{
	if (nfiles == 1) {
		json_t *root = results_load(files[0]);

		if (!root)
			return -EINVAL;
		*runs = split_runs(root, n);
		*paths = xcalloc(*n, sizeof(**paths));
		for (int r = 0; r < *n; r++)
			(*paths)[r] = xasprintf("%s#run%d", files[0], r + 1);
		json_decref(root);
		return 0;
	}
	*n = nfiles;
	*runs = xcalloc(*n, sizeof(**runs));
	*paths = xcalloc(*n, sizeof(**paths));
	for (int r = 0; r < *n; r++) {
		(*paths)[r] = xstrdup(files[r]);
		(*runs)[r] = results_load(files[r]);
		if (!(*runs)[r])
			return -EINVAL;
	}
	return 0;
}

int do_noise(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *out = NULL, *dir = "results/noise";
	json_t **runs = NULL, *profile = NULL;
	char **paths = NULL;
	int opt, n = 0, ret = TB_EXIT_USAGE;

	/* --check reads the A/A experiment instead (cmd/noise_check.h). */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--check"))
			return noise_check_main(argc, argv);
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'h':
			noise_usage(stdout);
			return TB_EXIT_OK;
		default:
			noise_usage(stderr);
			return TB_EXIT_USAGE;
		}
	}
	if (load_runs(argc - optind, argv + optind, &runs, &paths, &n))
		goto out;
	if (n < NOISE_MIN_RUNS) {
		p_err("noise: needs at least %d runs (result files, or one result of tailbench "
		      "run --runs N), got %d", NOISE_MIN_RUNS, n);
		goto out;
	}
	if (check_distinct(runs, paths, n, argc - optind == 1) || check_runs(runs, paths, n))
		goto out;
	profile = json_pack("{ss so so so}", "schema", TB_NOISE_SCHEMA, "meta",
			    profile_meta(runs, paths, n), "fits",
			    spreads(runs, n, "fits", true), "cases", spreads(runs, n, "cases", false));
	print_profile(profile);
	ret = write_profile(profile, out, dir) ? TB_EXIT_FAIL : TB_EXIT_OK;
out:
	json_decref(profile);
	for (int r = 0; r < n && runs; r++) {
		json_decref(runs[r]);
		free(paths[r]);
	}
	free(runs);
	free(paths);
	return ret;
}
