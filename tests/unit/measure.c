// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of measure: scenario parsing and expansion, the exact count's
 * recount at another repeat, and the runner's validation of chaignon2021
 * (loads programs: root only).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../progs/layout.h"
#include "measure/exact.h"
#include "measure/runner.h"
#include "measure/scenario.h"
#include "result/read.h"

#include "unit.h"

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

/* Values given twice are measured once: case ids stay unique. */
static void test_scenario_dedupe(void)
{
	struct scenario s;
	struct tb_case *cases = NULL;
	int n = 0, dups = 0;
	char *p = write_tmp("dups.json",
			    "{\"description\": \"d\", \"benches\": [\"tailcall\", \"tailcall\"],"
			    " \"key_modes\": [\"static\", \"static\"], \"nest\": [0, 0, 1],"
			    " \"frame_stack\": [64, 64], \"depths\": [3, 3, 5]}");

	CHECK(!scenario_load(p, false, &s), "scenario: repeated values load");
	scenario_expand(&s, &cases, &n);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < i; k++)
			dups += !strcmp(cases[i].id, cases[k].id);
	CHECK(n == 4 && !dups, "scenario: repeated values give each case once (%d cases, %d dups)",
	      n, dups);
	runner_free(cases, n);
	scenario_free(&s);
	free(p);
}

/* Names and inputs that once gave a 0-case result or blocked forever. */
static void test_scenario_inputs(void)
{
	struct scenario s;
	char *fifo = xasprintf("%s/fifo.json", unit_tmpdir);
	char *bad = write_tmp("\xff\xfe.json", "{\"description\": \"d\", \"benches\": [\"tailcall\"]}");

	CHECK(scenario_load(bad, false, &s) == -EINVAL, "scenario: a file name not in UTF-8 is refused");
	CHECK(!mkfifo(fifo, 0600) && scenario_load(fifo, false, &s) == -EINVAL,
	      "scenario: a FIFO is refused, not waited on");
	CHECK(!results_load(fifo), "results: a FIFO is refused, not waited on");
	CHECK(!results_load(unit_tmpdir), "results: a directory is refused");
	free(fifo);
	free(bad);
}

static char *chaignon_prog(const struct tb_case *c, int i)
{
	(void)c;
	return xasprintf(TB_CHAIGNON_PROG_FMT, i);
}

/* A fill one key short of what the case needs, as a broken arm would do. */
static int chaignon_short_fill(struct progset *f, const struct tb_case *c)
{
	const char *maps[] = { TB_CHAIGNON_MAP };

	return arm_slots(f, c, maps, 1, chaignon_prog, 1, c->depth - 1);
}

/* chaignon2021 keeps no counter: its return value alone must catch a chain
 * that ended early, with a message that says where it ended. */
static void test_chaignon_proof(const char *objdir)
{
	struct bench short_fill = bench_chaignon2021;
	const struct bench *benches[2] = { &bench_chaignon2021, &short_fill };
	struct run_opts o = { .objdir = objdir, .cpu = -1, .seed = 1 };
	struct run_info info = {};
	struct tb_case *c = xcalloc(4, sizeof(*c));

	if (geteuid()) {
		printf("ok - chaignon2021's proof # SKIP needs root to load programs\n");
		free(c);
		return;
	}
	short_fill.name = "chaignon2021_short";
	short_fill.arm = chaignon_short_fill;
	for (int i = 0; i < 4; i++) {
		c[i] = (struct tb_case){ .scenario = "t", .bench = benches[i / 2],
					 .prog_type = "act", .key_mode = "static",
					 .depth = i % 2 ? TB_MAX_TAIL_CALLS : 5, .repeat = 10,
					 .trials = 1 };
		c[i].id = xasprintf("t/%s/d%d", benches[i / 2]->name, c[i].depth);
	}
	runner_run(c, 4, &o, &info);
	CHECK(c[0].status == CASE_OK && c[1].status == CASE_OK && c[0].retval == 5 &&
	      c[1].retval == TB_MAX_TAIL_CALLS,
	      "chaignon2021: keys 1..d filled end the chain at program d (d = 5, 33)");
	for (int i = 2; i < 4; i++)
		CHECK(c[i].status == CASE_SKIPPED && c[i].reason &&
		      strstr(c[i].reason, "calls made, then one failed), expected") &&
		      c[i].retval == (uint32_t)c[i].depth - 1,
		      "chaignon2021: a fill one key short is refused, saying where the chain ended "
		      "(d = %d: %s)", c[i].depth, c[i].reason ? c[i].reason : "not skipped");
	runner_free(c, 4);
}

/* 7.3's deepest nesting case, a tick in every sample of 128 runs: 3 760
 * a run where one without counts 3 754 (measured); 3 757 at 256 runs is
 * what the same tick would add there (computed). */
static void test_judge_recount(void)
{
	static const struct {
		uint32_t count, recount;
		const char *what, *says, *also;
	} skips[] = {
		{ 3760, 3757, "lower", "of 256 runs counts 3757 a run, of 128 runs 3760",
		  "landed in every sample of 128" },
		{ 3754, 3755, "higher in every try", "never counted 3754 a run, of 128 runs' count",
		  "in 20 tries" },
	};
	struct tb_case c = { .status = CASE_OK, .repeat = 128, .recount = 3754,
			     .recount_repeat = 256, .recount_tries = 20 };

	exact_judge_recount(&c, 3754);
	CHECK(c.status == CASE_OK, "exact: a count found again at another repeat is kept");
	for (size_t i = 0; i < sizeof(skips) / sizeof(skips[0]); i++) {
		c.status = CASE_OK;
		c.recount = skips[i].recount;
		exact_judge_recount(&c, skips[i].count);
		CHECK(c.status == CASE_SKIPPED && c.reason && strstr(c.reason, skips[i].says) &&
			      strstr(c.reason, skips[i].also),
		      "exact: a recount %s than the count skips the case, saying why (%s)",
		      skips[i].what, c.reason ? c.reason : "kept");
	}
	free(c.reason);
}

/* x86-64 (40), ppc64el (53 and 60 against its slack of 3), arm64 (50 on
 * its 16 ns grid), riscv64 (its repeat of 500 on a 100 ns grid). */
static void test_recount_repeat(void)
{
	static const struct {
		int repeat, step, slack;
		double g;
		int want;
	} t[] = {
		{ 128, 1, 1, 40, 64 }, { 128, 1, 3, 53, 64 }, { 128, 1, 3, 60, 256 },
		{ 128, 16, 16, 50, 256 }, { 500, 100, 100, 0, 1000 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct tb_case c = { .repeat = t[i].repeat };
		struct exact_clock k = { .step = t[i].step, .slack = t[i].slack };
		int got = exact_recount_repeat(&c, &k, t[i].g);

		CHECK(got == t[i].want, "exact: R %d, step %d, slack %d, fixed cost %.0f: recount at %d "
		      "(got %d)", t[i].repeat, t[i].step, t[i].slack, t[i].g, t[i].want, got);
	}
}

void unit_measure(void)
{
	test_judge_recount();
	test_recount_repeat();
	test_scenario();
	test_scenario_dedupe();
	test_scenario_inputs();
	test_chaignon_proof(unit_objdir);
}
