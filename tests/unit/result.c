// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of result: the result document written and read back, the strict
 * reader and its index, the reducer's fits, the noise profile, the
 * classic table and compare's verdict rule.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/util.h"
#include "bench/bench.h"
#include "measure/record.h"
#include "result/classic.h"
#include "result/noise.h"
#include "result/read.h"
#include "result/reduce.h"
#include "result/save.h"
#include "result/verdict.h"

#include "unit.h"

static void test_results_roundtrip(void)
{
	static double ns[] = { 10, 12, 11 }, tsc[] = { 30, 31, 32 };
	const struct bench *b = bench_find("tailcall");
	struct tb_case c = {
		.id = "t/tailcall/xdp/static/n0/s0/d3", .scenario = "t", .bench = b,
		.prog_type = "xdp", .key_mode = "static", .depth = 3, .status = CASE_OK,
		.repeat = 100, .trials = 3, .expected = 34, .retval = 34,
		.series = { { "ns", ns, 3 }, { "tsc", tsc, 3 } }, .nseries = 2,
		.path = { .jited_len = 400 }, .path_progs = 4,
	};
	struct tb_case skipped = {
		.id = "t/tailcall/xdp/static/n0/s0/d4", .scenario = "t", .bench = b,
		.prog_type = "xdp", .key_mode = "static", .depth = 4, .status = CASE_SKIPPED,
		.reason = "verifier rejected it", .series = { { "ns" }, { "tsc" } }, .nseries = 2,
	};
	struct run_info info = { .clock = "ns", .trials_done = 3, .trials_planned = 3 };
	struct run_context ctx = { .env = "native", .seed = 1 };
	char *path = xasprintf("%s/roundtrip.json", unit_tmpdir);
	json_t *root = results_build(&ctx, &info, &c, 1), *back, *c0, *tsc_series;

	CHECK(!results_save(root, path, unit_tmpdir, NULL), "results: saved");
	back = results_load(path);
	c0 = json_array_get(json_object_get(back, "cases"), 0);
	CHECK(back && !strcmp(jstr(back, "schema", ""), TB_SCHEMA), "results: schema round trip");
	CHECK(c0 && !strcmp(jstr(c0, "id", ""), c.id) && jint(c0, "depth", -1) == 3 &&
		      near(jnum(json_object_get(c0, "stat"), "median", 0), 11),
	      "results: case id, depth and median round trip");
	tsc_series = json_object_get(json_object_get(c0, "series"), "tsc");
	CHECK(json_array_size(json_object_get(tsc_series, "samples")) == 3,
	      "results: alternate series kept");
	CHECK(json_is_true(json_object_get(json_object_get(back, "meta"), "complete")),
	      "results: a full run is marked complete");
	json_decref(back);
	/* A skipped case, without and with its programs' metrics (LeakSanitizer
	 * watches the early returns). */
	for (int progs = 0; progs < 2; progs++) {
		json_t *r;

		skipped.path_progs = progs;
		r = results_build(&ctx, &info, &skipped, 1);
		c0 = json_array_get(json_object_get(r, "cases"), 0);
		CHECK(!strcmp(jstr(c0, "status", ""), "skipped") &&
			      !strcmp(jstr(c0, "reason", ""), skipped.reason) &&
			      !json_object_get(c0, "samples") && !json_object_get(c0, "series"),
		      "results: a skipped case has its reason, no samples (%d programs)", progs);
		json_decref(r);
	}
	back = NULL;
	CHECK(results_save(root, path, unit_tmpdir, NULL) == -EEXIST, "results: an existing file is not replaced");
	json_decref(back);
	json_decref(root);

	free(path);
	path = write_tmp("other.json", "{\"schema\": \"other/2\", \"meta\": {}, \"cases\": []}");
	CHECK(!results_load(path), "results: another schema is refused");
	free(path);
}

/* result_read: the strict reader and the index, on a small document. */
static void test_result_read(void)
{
#define CASE_JSON(d, status, rest)                                                          \
	"{\"id\": \"c/tailcall/xdp/static/n0/s0/d" #d "\", \"scenario\": \"c\", \"bench\": " \
	"\"tailcall\", \"prog_type\": \"xdp\", \"key_mode\": \"static\", \"nest\": 0, "     \
	"\"frame_stack\": 0, \"depth\": " #d ", \"status\": \"" status "\", " rest "}"
#define DOC(complete, sample)                                                               \
	"{\"schema\": \"tailbench/1\", \"meta\": {\"clock\": \"ns\", \"kernel\": \"k\", "   \
	"\"env\": \"native\", \"complete\": " complete ", \"run\": {\"trials_done\": 1, "   \
	"\"trials_planned\": 3}}, \"cases\": ["                                             \
	CASE_JSON(6, "ok", "\"samples\": [" sample "], \"stat\": {\"median\": 9}") ", "     \
	CASE_JSON(34, "skipped", "\"reason\": \"r\"") ", "                                 \
	CASE_JSON(0, "ok", "\"samples\": [3], \"stat\": {\"median\": 3}") "], "            \
	"\"fits\": [{\"scenario\": \"c\", \"bench\": \"tailcall\", \"prog_type\": \"xdp\", " \
	"\"key_mode\": \"static\", \"nest\": 0, \"frame_stack\": 0, \"per_hop\": "         \
	"{\"value\": 1, \"ci_low\": 0.5, \"ci_high\": 1.5}}]}"
	static const struct results_load_opts partial = { .allow_incomplete = true };
	const char *fam = "c/tailcall/xdp/static/n0/s0";
	char *good = write_tmp("read-good.json", DOC("true", "9")),
	     *str = write_tmp("read-str.json", DOC("true", "9, \"9\"")),
	     *cut = write_tmp("read-cut.json", DOC("false", "9"));
	const struct result_entry *e;
	struct result_index ix;
	json_t *root = results_load(good), *cut_root;
	size_t n;

	CHECK(root, "result_read: a well-formed result loads");
	CHECK(!results_load(str), "result_read: a sample written as a string is refused");
	CHECK(!results_load(cut), "result_read: an incomplete result is refused by default");
	cut_root = results_load_opts(cut, &partial);
	CHECK(cut_root && results_incomplete(cut_root),
	      "result_read: an incomplete result loads when allowed, and says so");
	json_decref(cut_root);
	if (!root)
		goto out;
	result_index_init(&ix, root);
	CHECK(ix.ncases == 3 && ix.nfits == 1, "result_index: 3 cases, 1 fit");
	CHECK(jint(result_index_case(&ix, "c/tailcall/xdp/static/n0/s0/d34"), "depth", -1) == 34 &&
		      !result_index_case(&ix, "c/tailcall/xdp/static/n0/s0/d35"),
	      "result_index: cases by id");
	CHECK(result_index_fit(&ix, fam) == json_array_get(json_object_get(root, "fits"), 0) &&
		      !result_index_fit(&ix, "c/tailcall/xdp/static/n0/s1"),
	      "result_index: fits by family");
	e = result_index_family(&ix, fam, &n);
	CHECK(n == 3 && jint(e[0].item, "depth", -1) == 6 && jint(e[2].item, "depth", -1) == 0,
	      "result_index: the cases of a family, in file order");
	e = result_index_family(&ix, "c/tailcall", &n);
	CHECK(!e && !n, "result_index: a family with no case");
	result_index_free(&ix);
	json_decref(root);
out:
	free(good);
	free(str);
	free(cut);
#undef DOC
#undef CASE_JSON
}

/* A case of scenario s, bench b (xdp, mode m, unnested) at depth d: trials
 * samples of base + slope d, each trial t shifted by the same (t % 3 - 1)
 * tenths at every depth, so that every trial's line has the slope. */
static json_t *line_case(const char *s, const char *b, const char *m, int d, const char *unit,
			 double base, double slope, int trials)
{
	json_t *samples = json_array();
	char *id = xasprintf("%s/%s/xdp/%s/n0/s0/d%d", s, b, m, d);
	json_t *c;

	for (int t = 0; t < trials; t++)
		json_array_append_new(samples, json_real(base + slope * d + (t % 3 - 1) * 0.1));
	/* Every measured case has its programs' figures: 100 bytes of code a hop. */
	c = json_pack("{ss ss ss ss ss si si si ss ss so s{sf sf sf} s{si}}", "id", id, "scenario", s,
		      "bench", b, "prog_type", "xdp", "key_mode", m, "nest", 0, "frame_stack", 0,
		      "depth", d, "depth_unit", unit, "status", "ok", "samples", samples, "stat",
		      "median", base + slope * d, "q1", base + slope * d - 0.1, "q3",
		      base + slope * d + 0.1, "prog", "jited_len", 50 + 100 * d);
	free(id);
	return c;
}

static json_t *result_doc(const char *clock, json_t *cases)
{
	return json_pack("{ss s{ss ss ss} so}", "schema", TB_SCHEMA, "meta", "clock", clock, "kernel",
			 "k", "env", "native", "cases", cases);
}

/* reduce: one fit per family of hops, from the depths that are fit points. */
static void test_reduce(void)
{
	json_t *cases = json_array(), *root, *fits, *fit, *ph, *depths;
	static const int d[] = { 0, 11, 22, 33, 34 };
	json_t *skipped;

	for (size_t i = 0; i < ARRAY_SIZE(d); i++)
		json_array_append_new(cases, line_case("s", "tailcall", "static", d[i], "hops", 100, 7, 6));
	/* Not on any curve: dispatch targets, a skipped case. */
	json_array_append_new(cases, line_case("s", "dispatch_table", "dynamic", 8, "targets", 50, 1, 6));
	json_array_append_new(cases, line_case("s", "dispatch_table", "dynamic", 16, "targets", 50, 1, 6));
	skipped = line_case("s", "inline", "none", 5, "hops", 10, 1, 6);
	json_object_set_new(skipped, "status", json_string("skipped"));
	json_array_append_new(cases, skipped);
	json_array_append_new(cases, line_case("s", "inline", "none", 9, "hops", 10, 1, 6));
	root = result_doc("ns", cases);
	reduce_result(root, NULL, 1);
	fits = json_object_get(root, "fits");
	fit = json_array_get(fits, 0);
	ph = json_object_get(fit, "per_hop");
	depths = json_object_get(fit, "depths");
	CHECK(json_array_size(fits) == 1 && !strcmp(jstr(fit, "bench", ""), "tailcall"),
	      "reduce: one fit, of the only family with two depths of hops (%zu fits)",
	      json_array_size(fits));
	CHECK(near(jnum(ph, "value", 0), 7) && near(jnum(ph, "ci_low", 0), 7) &&
		      near(jnum(ph, "ci_high", 0), 7) && near(jnum(fit, "base", 0), 100) &&
		      near(jnum(fit, "jited_per_hop", 0), 100),
	      "reduce: the per-hop slope and base of a line, with its interval, and the code a "
	      "hop adds (%g [%g, %g], %g, %g B)", jnum(ph, "value", 0), jnum(ph, "ci_low", 0),
	      jnum(ph, "ci_high", 0), jnum(fit, "base", 0), jnum(fit, "jited_per_hop", 0));
	CHECK(jint(fit, "points", 0) == 4 && json_integer_value(json_array_get(depths, 0)) == 0 &&
		      json_integer_value(json_array_get(depths, 1)) == 33 &&
		      !strcmp(jstr(ph, "interval", ""), "within-run") &&
		      !strcmp(jstr(fit, "model", ""), "line") && jint(fit, "trials", 0) == 6,
	      "reduce: depths 0..33, the 34th call left out; a within-run line of 6 trials");
	json_decref(root);
}

/* reduce with a noise profile: rerun intervals for fits and cases it covers. */
static void test_reduce_noise(void)
{
	json_t *cases = json_array(), *root, *ph, *stat;
	struct noise_profile np = { .root = json_pack(
		"{s{s{si sf}} s{s{si sf}}}", "fits", "s/tailcall/xdp/static/n0/s0", "runs", 3,
		"sd_log", 0.01, "cases", "s/tailcall/xdp/static/n0/s0/d11", "runs", 2, "sd_log",
		0.02) };
	double half = noise_rerun_half(0.01, 3);

	for (int d = 0; d <= 33; d += 11)
		json_array_append_new(cases, line_case("s", "tailcall", "static", d, "hops", 100, 7, 6));
	root = result_doc("ns", cases);
	reduce_result(root, &np, 1);
	ph = json_object_get(json_array_get(json_object_get(root, "fits"), 0), "per_hop");
	stat = json_object_get(json_array_get(cases, 1), "stat");
	CHECK(near(jnum(ph, "rerun_low", 0), 7 * exp(-half)) &&
		      near(jnum(ph, "rerun_high", 0), 7 * exp(half)) &&
		      near(jnum(ph, "rerun_sd", 0), 0.01),
	      "reduce: a covered fit reruns within value * exp(+-%g): [%g, %g]", half,
	      jnum(ph, "rerun_low", 0), jnum(ph, "rerun_high", 0));
	CHECK(!json_object_get(stat, "rerun_sd"),
	      "reduce: a case the profile measured over fewer than %d runs gets no spread",
	      NOISE_MIN_RUNS);
	json_decref(root);
	json_decref(np.root);
}

/* reduce on an exact clock: the integer line the agreed counts give. */
static void test_reduce_exact(void)
{
	json_t *cases = json_array(), *root, *fit, *ph;
	static const int count[] = { 73, 238, 403, 565 };

	for (int i = 0; i < 4; i++) {
		json_t *c = line_case("s", "tailcall", "static", 11 * i, "hops", 0, 0, 3);

		json_object_set_new(json_object_get(c, "stat"), "agreed", json_real(count[i]));
		json_array_append_new(cases, c);
	}
	root = result_doc("insns", cases);
	reduce_result(root, NULL, 1);
	fit = json_array_get(json_object_get(root, "fits"), 0);
	ph = json_object_get(fit, "per_hop");
	CHECK(near(jnum(ph, "value", 0), 15) && near(jnum(fit, "base", 0), 73) &&
		      !strcmp(jstr(ph, "interval", ""), "exact") &&
		      json_array_size(json_object_get(fit, "residuals")) == 1,
	      "reduce: exact counts give the integer slope 15, base 73, depth 33 off the line "
	      "(%g, %g, %s)", jnum(ph, "value", 0), jnum(fit, "base", 0), jstr(ph, "interval", "?"));
	json_decref(root);
}

/* The noise profile: its spreads, the rerun interval, and what must match. */
static void test_noise_profile(void)
{
	struct noise_profile np = { .root = json_pack(
		"{s{s{si sf} s{si sf}}}", "fits", "f3", "runs", 3, "sd_log", 0.05, "f2", "runs", 2,
		"sd_log", 0.05) };
	json_t *a = json_pack("{ss ss ss ss}", "kernel", "6.1", "env", "vm", "clock", "insns", "cpu", "x"),
	       *b = json_deep_copy(a);
	int runs = 0;

	CHECK(near(noise_sd(&np, "fits", "f3", &runs), 0.05) && runs == 3 &&
		      isnan(noise_sd(&np, "fits", "f2", &runs)) &&
		      isnan(noise_sd(&np, "fits", "none", &runs)) &&
		      isnan(noise_sd(NULL, "fits", "f3", &runs)),
	      "noise: a spread over 3 runs counts; 2 runs, a missing key or no profile give none");
	/* t(2, 0.975) = 4.3027: two runs differ by sqrt 2 times one's spread. */
	CHECK(fabs(noise_rerun_half(0.05, 3) - 4.302653 * M_SQRT2 * 0.05) < 1e-5,
	      "noise: the rerun half-width is t(runs - 1) sqrt 2 sd (%g)", noise_rerun_half(0.05, 3));
	CHECK(noise_same_machine(a, b), "noise: the same kernel, env, clock and CPU match");
	json_object_set_new(b, "cpu", json_string("y"));
	CHECK(!noise_same_machine(a, b), "noise: another CPU does not");
	json_object_set_new(a, "cpu", json_null());
	json_object_set_new(b, "cpu", json_null());
	CHECK(noise_same_machine(a, b), "noise: two CPUs the kernel does not name match each other");
	json_decref(a);
	json_decref(b);
	json_decref(np.root);
}

/* classic: the scenario that measured most mechanisms, at their deepest
 * common depth, with each row's figure and fit. */
static void test_classic(void)
{
	json_t *cases = json_array(), *root;
	int tc = classic_find("tailcall"), in = classic_find("inline"),
	    bp = classic_find("bpf2bpf"), dyn = classic_find("tailcall_dynamic");
	struct classic t;

	for (int d = 0; d <= 33; d += 11) {
		json_array_append_new(cases, line_case("s", "tailcall", "static", d, "hops", 100, 7, 4));
		json_array_append_new(cases, line_case("s", "inline", "none", d, "hops", 10, 1, 4));
		/* bpf2bpf only to 22: the common depth is 22. */
		if (d < 33)
			json_array_append_new(cases, line_case("s", "bpf2bpf", "none", d, "hops", 20, 2, 4));
		/* Another scenario with fewer mechanisms: not the table's. */
		json_array_append_new(cases, line_case("o", "tailcall", "static", d, "hops", 500, 9, 4));
	}
	json_array_append_new(cases, line_case("s", "tailcall", "static", 34, "hops", 400, 0, 4));
	root = result_doc("ns", cases);
	reduce_result(root, NULL, 1);
	classic_reduce(root, "xdp", &t);
	CHECK(tc >= 0 && in >= 0 && bp >= 0 && dyn >= 0, "classic: its mechanisms are in the table");
	if (tc < 0 || in < 0 || bp < 0 || dyn < 0)
		goto out;
	CHECK(t.scenario && !strcmp(t.scenario, "s") && t.depth == 22,
	      "classic: the scenario with most mechanisms, at their deepest common depth (%s, %d)",
	      t.scenario ?: "none", t.depth);
	CHECK(near(t.rows[tc].run, 100 + 7 * 22) && near(t.rows[in].run, 10 + 22) &&
		      near(t.rows[bp].run, 20 + 2 * 22) && near(t.rows[tc].q1, 100 + 7 * 22 - 0.1),
	      "classic: each row's median and quartile at that depth (%g, %g, %g)", t.rows[tc].run,
	      t.rows[in].run, t.rows[bp].run);
	CHECK(near(t.rows[tc].per_hop, 7) && near(t.rows[in].per_hop, 1) &&
		      near(t.rows[bp].per_hop, 2),
	      "classic: each row's per-hop fit (%g, %g, %g)", t.rows[tc].per_hop,
	      t.rows[in].per_hop, t.rows[bp].per_hop);
	CHECK(classic_has(&t, tc) && !classic_has(&t, dyn),
	      "classic: a mechanism not measured is not in the table");
	CHECK(t.limit && jint(t.limit, "depth", 0) == 34,
	      "classic: the case attempting a 34th tail call is the limit");
out:
	json_decref(root);
}

/* compare's rule, alone: a change counts only when significant, its interval
 * wholly past the threshold and the rerun noise known. */
static void test_verdict(void)
{
	/* +20%, [15, 25], p 0.001, noise 2%, no regime change. */
	struct change c = { 100, 120, 20, 15, 25, 0.001, 2, 0 };
	const double t = 5, alpha = 0.05;

	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_REGRESSED,
	      "verdict: a significant change wholly past the threshold regressed");
	c = (struct change){ 100, 80, -20, -25, -15, 0.001, 2, 0 };
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_IMPROVED, "verdict: ... or improved");
	c.floor = NAN;
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_INCONCLUSIVE,
	      "verdict: without the rerun noise, no change is decided");
	c = (struct change){ 100, 120, 20, 15, 25, 0.2, 2, 0 };
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_INCONCLUSIVE,
	      "verdict: a change that is not significant is inconclusive");
	c = (struct change){ 100, 101, 1, -1, 3, 0.5, 2, 0 };
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_UNCHANGED,
	      "verdict: an interval wholly within the threshold is unchanged");
	/* The noise floor widens each side: 1% [0.5, 1.5] with 6% noise reaches past 5%. */
	c = (struct change){ 100, 101, 1, 0.5, 1.5, 0.5, 6, 0 };
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_INCONCLUSIVE,
	      "verdict: the rerun noise widens the interval past the threshold");
	/* A regime change inside a run widens it too. */
	c = (struct change){ 100, 101, 1, 0.5, 1.5, 0.5, 1, 8 };
	CHECK(verdict_judge(&c, false, t, alpha) == VERDICT_INCONCLUSIVE,
	      "verdict: a regime change inside a run widens the interval");
	/* Exact counts: any difference past the threshold, in instructions. */
	c = (struct change){ .old = 15, .new = 17 };
	CHECK(verdict_judge(&c, true, 1, alpha) == VERDICT_REGRESSED &&
		      verdict_judge(&c, true, 2, alpha) == VERDICT_UNCHANGED,
	      "verdict: exact counts regress by more than the threshold, not by it");
	c = (struct change){ .old = 17, .new = 15 };
	CHECK(verdict_judge(&c, true, 1, alpha) == VERDICT_IMPROVED,
	      "verdict: exact counts improve");
	CHECK(!strcmp(verdict_names[VERDICT_REGRESSED], "REGRESSED") &&
		      !strcmp(verdict_names[VERDICT_ONLY_BASE], "only in BASE"),
	      "verdict: named as the reports write them");
}

void unit_result(void)
{
	test_results_roundtrip();
	test_result_read();
	test_reduce();
	test_reduce_noise();
	test_reduce_exact();
	test_noise_profile();
	test_classic();
	test_verdict();
}
