// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the harness's modules: statistics against hand-computed
 * values, scenario parsing, JSON round trip, atomic writes, and the
 * generator's output (sources and compiled objects).  Needs no privileges.
 * Prints "ok - NAME" / "not ok - NAME" lines; exits 1 if any failed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "../progs/layout.h"
#include "results.h"
#include "scenario.h"
#include "stats.h"

static int failed;

#define CHECK(cond, ...)                               \
	do {                                           \
		bool ok_ = (cond);                     \
		printf("%s - ", ok_ ? "ok" : "not ok"); \
		printf(__VA_ARGS__);                   \
		printf("\n");                          \
		failed += !ok_;                        \
	} while (0)

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static char tmpdir[] = "/tmp/tailbench-unit.XXXXXX";

static char *write_tmp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return path;
}

static void test_summary(void)
{
	/* Sorted: 1 2 3 4 100.  Quartiles by GSL's interpolation: 2 and 4;
	 * deviations from 3: 2 1 0 1 97, median 1. */
	const double v[] = { 4, 100, 1, 3, 2 };
	struct summary s;

	stats_summary(v, 5, &s);
	CHECK(near(s.median, 3) && near(s.min, 1) && near(s.max, 100), "summary: median, min, max");
	CHECK(near(s.q1, 2) && near(s.q3, 4), "summary: quartiles");
	CHECK(near(s.mad, 1), "summary: MAD is robust to the outlier (got %g)", s.mad);
	CHECK(near(s.mean, 22), "summary: mean");
	stats_summary(v, 4, &s);
	CHECK(near(s.median, 3.5), "summary: even count, median of the middle two (got %g)", s.median);
}

static void test_theil_sen(void)
{
	/* y = 2x + 1 with one wild point: Theil-Sen keeps slope 2, OLS would not. */
	const double x[] = { 0, 1, 2, 3, 4, 5, 6 };
	const double y[] = { 1, 3, 5, 7, 9, 11, 1000 };
	double slope, intercept;

	stats_theil_sen(x, y, 7, &slope, &intercept);
	CHECK(near(slope, 2) && near(intercept, 1), "theil-sen ignores an outlier (slope %g, base %g)",
	      slope, intercept);
}

static void test_fit(void)
{
	/* Deterministic samples, as in the icount VM: an exact slope, a CI of
	 * zero width, R^2 of 1. */
	double ys[4][3];
	struct fit_point pts[4];
	struct fit f;

	for (int i = 0; i < 4; i++) {
		for (int t = 0; t < 3; t++)
			ys[i][t] = 100 + 7 * (i * 10);
		pts[i] = (struct fit_point){ i * 10, ys[i], 3 };
	}
	CHECK(!stats_fit(pts, 4, 200, 1, &f), "fit: succeeds on four depths");
	CHECK(near(f.slope, 7) && near(f.intercept, 100), "fit: exact slope and base (%g, %g)",
	      f.slope, f.intercept);
	CHECK(near(f.ci_low, 7) && near(f.ci_high, 7), "fit: zero-width CI on exact data");
	CHECK(near(f.r2, 1), "fit: R^2 = 1 on a line");

	/* Noisy samples: the interval must contain the point estimate. */
	for (int i = 0; i < 4; i++)
		for (int t = 0; t < 3; t++)
			ys[i][t] = 100 + 7 * (i * 10) + (t - 1) * 3;
	stats_fit(pts, 4, 500, 1, &f);
	CHECK(f.ci_low <= f.slope && f.slope <= f.ci_high && f.ci_high > f.ci_low,
	      "fit: noisy CI [%g, %g] brackets %g", f.ci_low, f.ci_high, f.slope);
	pts[1].x = pts[2].x = pts[3].x = 0;
	CHECK(stats_fit(pts, 4, 10, 1, &f) == -EINVAL, "fit: refuses a single depth");
}

static void test_agreed_min(void)
{
	const double twice[] = { 341, 338, 344, 338 }, once[] = { 341, 338, 344 };
	double v = 0;

	CHECK(!stats_agreed_min(twice, 4, &v) && near(v, 338),
	      "exact counts: the smallest, when two trials agree on it");
	CHECK(stats_agreed_min(once, 3, &v) == -ENODATA, "exact counts: no agreement, no figure");
}

static void test_int_list(void)
{
	int *v = NULL, n = 0;

	CHECK(!parse_int_list("0..33:11", 0, 34, &v, &n) && n == 4 && v[3] == 33,
	      "range 0..33:11 gives 0 11 22 33");
	free(v);
	CHECK(!parse_int_list("0..10:4", 0, 34, &v, &n) && n == 4 && v[2] == 8 && v[3] == 10,
	      "a stepped range keeps its upper end");
	free(v);
	CHECK(parse_int_list("5..2", 0, 34, &v, &n) && parse_int_list("0..99", 0, 34, &v, &n) &&
		      parse_int_list("x", 0, 34, &v, &n) && parse_int_list("1..2:0", 0, 34, &v, &n),
	      "bad ranges are refused");
}

static void test_scenario(void)
{
	struct scenario s;
	struct tb_case *cases = NULL;
	int n = 0;
	char *good = write_tmp("good.json",
			       "{\"description\": \"d\", \"benches\": [\"tailcall\", \"inline\"],"
			       " \"prog_types\": [\"xdp\", \"tc\"], \"key_modes\": [\"static\"],"
			       " \"nest\": [0, 2], \"depths\": \"0..34:17\", \"trials\": 4,"
			       " \"quick\": {\"trials\": 2, \"prog_types\": [\"tc\"]}}");

	CHECK(!scenario_load(good, false, &s), "scenario: a valid file loads");
	CHECK(!strcmp(s.name, "good") && s.trials == 4 && s.depths.n == 3 && s.nest.n == 2,
	      "scenario: name from the file, fields parsed");
	scenario_expand(&s, &cases, &n);
	/* tailcall: 2 types x 1 mode x 2 nests x depths {0,17,34}; inline has
	 * no nest axis and no depth 34: 2 types x {0,17}. */
	CHECK(n == 12 + 4, "scenario: expands to 16 cases (got %d)", n);
	CHECK(!strcmp(cases[0].id, "good/tailcall/xdp/static/n0/s0/d0") &&
		      !strcmp(cases[n - 1].id, "good/inline/tc/none/n0/s0/d17"),
	      "scenario: case ids name every axis");
	runner_free(cases, n);
	scenario_free(&s);

	CHECK(!scenario_load(good, true, &s) && s.trials == 2 && s.prog_types.n == 1,
	      "scenario: quick overrides apply");
	scenario_free(&s);

	static const char *const bad[] = {
		"{\"benches\": [\"tailcall\"]}",				/* no description */
		"{\"description\": \"d\", \"benches\": [\"nosuch\"]}",
		"{\"description\": \"d\", \"benches\": [\"tailcall\"], \"nest\": [8]}",
		"{\"description\": \"d\", \"benches\": [\"tailcall\"], \"frame_stack\": [100]}",
		"{\"description\": \"d\", \"benches\": [\"tailcall\"], \"trials\": \"9\"}",
		"{\"description\": \"d\", \"benches\": [\"tailcall\"], \"depht\": [1]}",
		"{\"description\": \"d\", \"benches\": [\"inline\"], \"depths\": [34]}",
		"{\"description\": \"d\", \"benches\": [\"tailcall\"],",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *p = write_tmp("bad.json", bad[i]);

		CHECK(scenario_load(p, false, &s) == -EINVAL, "scenario: refuses %s", bad[i]);
		free(p);
	}
	free(good);
}

static void test_atomic_write(void)
{
	char *path = xasprintf("%s/out.json", tmpdir);
	char buf[16] = "";
	FILE *f;

	CHECK(!write_file_atomic(path, "first", 5), "atomic write: creates the file");
	CHECK(write_file_atomic(path, "second", 6) == -EEXIST, "atomic write: never overwrites");
	f = fopen(path, "r");
	CHECK(f && fgets(buf, sizeof(buf), f) && !strcmp(buf, "first"),
	      "atomic write: the first content survives");
	if (f)
		fclose(f);
	free(path);
}

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
	struct run_info info = { .clock = "ns", .trials_done = 3, .trials_planned = 3 };
	struct run_context ctx = { .env = "native", .seed = 1 };
	char *path = xasprintf("%s/roundtrip.json", tmpdir);
	json_t *root = results_build(&ctx, &info, &c, 1), *back, *c0, *tsc_series;

	CHECK(!results_save(root, path, tmpdir), "results: saved");
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
	CHECK(results_save(root, path, tmpdir) == -EEXIST, "results: an existing file is not replaced");
	json_decref(back);
	json_decref(root);

	free(path);
	path = write_tmp("other.json", "{\"schema\": \"other/2\", \"meta\": {}, \"cases\": []}");
	CHECK(!results_load(path), "results: another schema is refused");
	free(path);
}

/* The generator's sources: every program the harness will ask for exists. */
static void test_generator(const char *builddir)
{
	char *cmd = xasprintf("%s/gen %s/chain_n3_s64.bpf.c", builddir, tmpdir);
	char *src = xasprintf("%s/chain_n3_s64.bpf.c", tmpdir);
	char line[512];
	int progs = 0, subs = 0, frames = 0, guarded = 0;
	FILE *f;

	CHECK(system(cmd) == 0, "gen: writes chain_n3_s64.bpf.c");
	f = fopen(src, "r");
	while (f && fgets(line, sizeof(line), f)) {
		progs += !strncmp(line, "int xdp_static_", 15) || !strncmp(line, "int tc_poisoned_", 16);
		subs += strstr(line, "int xdp_dynamic_sub") != NULL;
		frames += strstr(line, "TB_FRAME(64)") != NULL;
		guarded += strstr(line, "if (tb_sel)") != NULL;
	}
	if (f)
		fclose(f);
	CHECK(progs == 2 * TB_CHAIN_PROGS, "gen: %d programs per mode and type (got %d)",
	      TB_CHAIN_PROGS, progs / 2);
	CHECK(subs == 3, "gen: three nested subprograms per mode (got %d)", subs);
	/* 35 mains, and 3 subprograms for programs 0..33 and 3 for the last,
	 * per type and mode: the subprograms are emitted once. */
	CHECK(frames == 2 * 3 * (TB_CHAIN_PROGS + 2 * 3), "gen: every frame reserves 64 bytes (got %d)",
	      frames);
	CHECK(guarded == 2 * 3,
	      "gen: only the last program's call is guarded, once per type and mode (got %d)", guarded);
	free(cmd);
	cmd = xasprintf("%s/gen %s/chain_n9_s64.bpf.c 2>/dev/null", builddir, tmpdir);
	CHECK(system(cmd) != 0, "gen: refuses a nest beyond 7");
	free(cmd);
	free(src);
}

static int count_tail_calls(const struct bpf_program *p)
{
	const struct bpf_insn *insn = bpf_program__insns(p);
	int n = 0;

	for (size_t i = 0; i < bpf_program__insn_cnt(p); i++)
		n += insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
		     insn[i].imm == BPF_FUNC_tail_call;
	return n;
}

/*
 * The compiled objects: exactly one tail-call site per chain program (a
 * poisoned site must not be split into two by clang), and the subprogram
 * results stay opaque (a call result is used, not a folded constant).
 */
static void test_objects(const char *objdir)
{
	char *path = xasprintf("%s/chain_n0_s0.bpf.o", objdir);
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	int progs = 0, bad = 0;

	CHECK(!libbpf_get_error(obj), "objects: %s opens", path);
	if (libbpf_get_error(obj))
		goto out;
	bpf_object__for_each_program(p, obj) {
		progs++;
		bad += count_tail_calls(p) != 1;
	}
	CHECK(progs == 2 * 3 * TB_CHAIN_PROGS && !bad,
	      "objects: %d chain programs, each with one tail-call site (%d without)", progs, bad);
	bpf_object__close(obj);
out:
	free(path);
}

int main(int argc, char **argv)
{
	const char *builddir = argc > 1 ? argv[1] : "build";
	char *objdir = xasprintf("%s/progs", builddir);

	libbpf_set_print(NULL);
	tb_verbose = -1;
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_summary();
	test_theil_sen();
	test_fit();
	test_agreed_min();
	test_int_list();
	test_scenario();
	test_atomic_write();
	test_results_roundtrip();
	test_generator(builddir);
	test_objects(objdir);

	free(objdir);
	objdir = xasprintf("rm -rf %s", tmpdir);
	if (system(objdir))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(objdir);
	printf("# unit: %d failed\n", failed);
	return failed ? 1 : 0;
}
