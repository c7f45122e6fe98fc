// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "base/model.h"
#include "base/stats.h"
#include "hop/hops_json.h"
#include "load/gotox.h"
#include "measure/record.h"
#include "measure/testrun.h"
#include "result/mitig.h"
#include "result/noise.h"
#include "result/reduce.h"


static json_t *file_string(const char *path)
{
	char buf[256];

	return read_first_line(path, buf, sizeof(buf)) ? json_null() : json_string(buf);
}

static json_t *file_int(const char *path)
{
	char buf[64];

	return read_first_line(path, buf, sizeof(buf)) ? json_null() : json_integer(atoi(buf));
}

static json_t *cpu_model(void)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");
	json_t *model = json_null();

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		line[strcspn(line, "\n")] = '\0';
		model = json_string(colon + 2);
		break;
	}
	if (f)
		fclose(f);
	return model;
}

json_t *results_machine(const char *env, const char *clock)
{
	struct utsname u;

	uname(&u);
	return json_pack("{ss ss ss so}", "kernel", u.release, "env", env, "clock", clock, "cpu",
			 cpu_model());
}

/* Why there are no counters, and the events the kernel refused. */
static void no_counters_meta(json_t *meta, const struct run_info *info)
{
	if (info->no_counters[0])
		json_object_set_new(meta, "no_counters", json_string(info->no_counters));
	if (info->nrefused) {
		json_t *refused = json_object();

		for (int i = 0; i < info->nrefused; i++)
			json_object_set_new(refused, info->refused[i].name,
					    json_string(info->refused[i].why));
		json_object_set_new(meta, "counters_refused", refused);
	}
}

/* --meta KEY=VALUE pairs as an object. */
static json_t *extra_meta(const struct strlist *extra)
{
	json_t *vm = json_object();

	for (int i = 0; i < extra->n; i++) {
		const char *kv = extra->v[i];
		const char *eq = strchr(kv, '=');
		char *key = strndup(kv, eq - kv);

		json_object_set_new(vm, key, json_string(eq + 1));
		free(key);
	}
	return vm;
}

/* Where the run's wall time went: docs/performance.md reads it. */
static json_t *time_json(const struct run_time *t)
{
	json_t *calls = json_object();
	json_t *j = json_pack("{sf sf sf sf sf sf so}", "load_s", t->load_ns / 1e9, "validate_s",
			      t->validate_ns / 1e9, "probe_s", t->probe_ns / 1e9, "sample_s",
			      t->sample_ns / 1e9, "retake_s", t->retake_ns / 1e9, "hop_s",
			      t->hop_ns / 1e9, "test_run", calls);

	for (int i = 0; i < t->ntypes; i++)
		json_object_set_new(calls, t->test_run[i].type,
				    json_pack("{sI sf sf}", "calls", (json_int_t)t->test_run[i].calls,
					      "s", t->test_run[i].ns / 1e9, "timed_s",
					      t->test_run[i].timed_ns / 1e9));
	if (t->xdp_unheld[0])
		json_object_set_new(j, "xdp_unheld", json_string(t->xdp_unheld));
	else
		json_object_set_new(j, "xdp_held", json_pack("{sI sf}", "swaps",
							     (json_int_t)t->xdp_swaps, "s",
							     t->xdp_swap_ns / 1e9));
	return j;
}

static json_t *build_meta(const struct run_context *ctx, const struct run_info *info)
{
	struct utsname u;
	char host[256] = "", when[32];
	time_t now = time(NULL);
	int jit = testrun_jit_enable();
	json_t *meta, *counters = json_array(), *scenarios = json_array();

	uname(&u);
	gethostname(host, sizeof(host) - 1);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	for (int i = 0; i < info->ncounters; i++)
		json_array_append_new(counters, json_string(info->counters[i]));
	for (int i = 0; i < ctx->nscenarios; i++)
		json_array_append_new(scenarios,
				      json_pack("{ss ss}", "name", ctx->scenarios[i].name,
						"description", ctx->scenarios[i].description));

	meta = results_machine(ctx->env, info->clock);
	json_object_update_new(meta, json_pack(
		"{ss so s{so so so} ss ss ss ss ss so sb sb s{si si si sI sb sf}}", "arch",
		u.machine, "spectre_v2",
		file_string("/sys/devices/system/cpu/vulnerabilities/spectre_v2"), "jit", "enable",
		jit < 0 ? json_null() : json_integer(jit), "harden",
		file_int("/proc/sys/net/core/bpf_jit_harden"), "kallsyms",
		file_int("/proc/sys/net/core/bpf_jit_kallsyms"), "libbpf", libbpf_version_string(),
		"clang", tb_clang, "tailbench_rev", tb_rev, "host", host, "time", when, "counters",
		counters, "complete", !info->interrupted, "quick", ctx->quick, "run", "cpu",
		ctx->cpu, "trials_done", info->trials_done, "trials_planned", info->trials_planned,
		"seed", (json_int_t)ctx->seed, "interrupted", info->interrupted, "wall_s",
		info->wall_ns / 1e9));
	json_object_set_new(json_object_get(meta, "run"), "runs",
			    json_integer(info->runs > 1 ? info->runs : 1));
	json_object_set_new(json_object_get(meta, "run"), "time", time_json(&info->time));
	json_object_set_new(meta, "scenarios", scenarios);
	/* The facts that change a hop path: read in the guest too. */
	json_object_set_new(meta, "vulnerabilities", mitig_vulnerabilities());
	json_object_set_new(meta, "kconfig", mitig_kconfig(u.release));
	json_object_set_new(meta, "pad", json_integer(ctx->pad));
	json_object_set_new(meta, "gotox", json_string(GOTOX_BUILD));
	json_object_set_new(meta, "place", json_integer(ctx->place));
	/* What an exact per-case count means here: compare refuses counts of
	 * another kind (docs/exact.md). */
	if (info->exact_repeat)
		json_object_set_new(meta, "exact", json_pack("{ss si si si}", "count", "per-run",
							     "repeat", info->exact_repeat,
							     "clock_step", info->exact.step,
							     "clock_slack", info->exact.slack));
	no_counters_meta(meta, info);
	if (ctx->extra && ctx->extra->n)
		json_object_set_new(meta, "vm", extra_meta(ctx->extra));
	return meta;
}

static json_t *stat_json(const double *v, int n, bool exact)
{
	struct summary s;
	double agreed;
	json_t *j;

	stats_summary(v, n, &s);
	j = json_pack("{sf sf sf sf sf sf sf si}", "median", s.median, "min", s.min, "max", s.max,
		      "q1", s.q1, "q3", s.q3, "mad", s.mad, "mean", s.mean, "n", s.n);
	if (exact && !stats_agreed_min(v, n, &agreed))
		json_object_set_new(j, "agreed", json_real(agreed));
	return j;
}

static json_t *samples_json(const struct series *s)
{
	json_t *a = json_array();

	for (int i = 0; i < s->n; i++)
		json_array_append_new(a, json_real(s->v[i]));
	return a;
}

/* The count again at another repeat (measure/exact.c): null where none was
 * taken; its count null where no sample counted. */
static json_t *recount_json(const struct tb_case *c)
{
	if (!c->recount_tries)
		return json_null();
	return json_pack("{si so si}", "repeat", c->recount_repeat, "count",
			 c->recount == UINT32_MAX ? json_null() : json_integer(c->recount),
			 "tries", c->recount_tries);
}

static json_t *case_json(const struct tb_case *c)
{
	const struct prog_metrics *m = &c->path;
	json_t *j, *series;

	j = json_pack("{ss ss ss ss ss si si si ss ss si si si}", "id", c->id, "scenario",
		      c->scenario, "bench", c->bench->name, "prog_type", c->prog_type, "key_mode",
		      c->key_mode, "nest", c->nest, "frame_stack", c->frame_stack, "depth",
		      c->depth, "depth_unit", c->bench->depth_unit, "status",
		      c->status == CASE_OK ? "ok" : "skipped", "repeat", c->repeat, "warmup",
		      c->warmup, "expected_retval", c->expected);
	json_object_set_new(j, "reason", c->status == CASE_OK ? json_null() : json_string(c->reason));
	if (c->status != CASE_OK && !c->path_progs)
		return j;
	json_object_set_new(j, "retval", json_integer(c->retval));
	json_object_set_new(j, "prog",
			    json_pack("{si sI sI sI sI sI sI sI sI}", "progs", c->path_progs,
				      "jited_len", (json_int_t)m->jited_len, "xlated_len",
				      (json_int_t)m->xlated_len, "verified_insns",
				      (json_int_t)m->verified_insns, "stack_depth",
				      (json_int_t)m->stack_depth, "load_ns", (json_int_t)m->load_ns,
				      "verify_ns", (json_int_t)m->verify_ns, "jit_insns",
				      (json_int_t)m->jit_insns, "jit_indirect",
				      (json_int_t)m->jit_indirect));
	if (c->status != CASE_OK)
		return j;
	json_object_set_new(j, "samples", samples_json(&c->series[0]));
	if (c->nruns > 1) {
		json_t *runs = json_array();

		for (int r = 0; r < c->nruns; r++)
			json_array_append_new(runs, json_integer(c->run_samples[r]));
		json_object_set_new(j, "sample_runs", runs);
	}
	json_object_set_new(j, "stat", stat_json(c->series[0].v, c->series[0].n, model_exact_clock(c->series[0].name)));
	/* Written once the probes counted (an interrupted run may stop first). */
	if (c->once && c->once != UINT32_MAX)
		json_object_set_new(j, "exact", json_pack("{si so si so si so}", "one_run",
							  (int)c->once, "one_run_spread",
							  c->once_max ? json_integer(c->once_max - c->once) :
							  json_null(), "fixed_cost", c->fixed,
							  "quiet_irqs", c->quiet_irqs == UINT64_MAX ? json_null() :
							  json_integer((json_int_t)c->quiet_irqs), "disturbed",
							  c->disturbed, "recount", recount_json(c)));
	series = json_object();
	for (int k = 1; k < c->nseries; k++)
		json_object_set_new(series, c->series[k].name,
				    json_pack("{so so}", "samples", samples_json(&c->series[k]),
					      "stat", stat_json(c->series[k].v, c->series[k].n, false)));
	json_object_set_new(j, "series", series);
	return j;
}

/*
 * Whether the JIT or the interpreter ran the cases' programs, from their
 * jited_len (0: the interpreter runs it), into meta.jit: "mode" jit,
 * interpreter or mixed (null: nothing loaded), and "why" where the
 * interpreter ran, so that no reader takes its counts for a JIT's.
 */
static void jit_mode(json_t *meta, json_t *cases)
{
	json_t *jit = json_object_get(meta, "jit"), *c;
	const char *mode, *why = NULL;
	int jited = 0, interp = 0;
	size_t i;

	json_array_foreach(cases, i, c) {
		json_t *len = json_object_get(json_object_get(c, "prog"), "jited_len");

		if (json_is_integer(len))
			json_integer_value(len) > 0 ? jited++ : interp++;
	}
	mode = !jited && !interp ? NULL : !interp ? "jit" : !jited ? "interpreter" : "mixed";
	if (interp && json_is_null(json_object_get(jit, "enable")))
		why = "the kernel has no BPF JIT (no /proc/sys/net/core/bpf_jit_enable: "
		      "CONFIG_BPF_JIT unset)";
	else if (interp && json_integer_value(json_object_get(jit, "enable")) == 0)
		why = "the JIT is off (net.core.bpf_jit_enable 0)";
	else if (interp)
		why = "the JIT left some programs to the interpreter";
	json_object_set_new(jit, "mode", mode ? json_string(mode) : json_null());
	if (why)
		json_object_set_new(jit, "why", json_string(why));
}

/* The profile a run's rerun intervals come from: the one asked for (loaded
 * and matched before measuring), else the newest made on this machine and
 * kernel, else none. */
json_t *results_build(const struct run_context *ctx, const struct run_info *info,
		      const struct tb_case *cases, int ncases)
{
	uint64_t start = now_ns();
	json_t *arr = json_array(), *root, *meta = build_meta(ctx, info);
	struct noise_profile found = {};
	const struct noise_profile *np = ctx->noise ? ctx->noise : &found;

	for (int i = 0; i < ncases; i++)
		json_array_append_new(arr, case_json(&cases[i]));
	jit_mode(meta, arr);
	if (!ctx->noise && !ctx->no_noise && ctx->noise_dir &&
	    noise_find(ctx->noise_dir, meta, &found))
		pr_info("no noise profile for this machine in %s: per-hop costs get within-run "
			"intervals only ('./run.sh noise' measures one)", ctx->noise_dir);
	json_object_set_new(meta, "noise_profile", noise_meta(np));
	root = json_pack("{ss so so}", "schema", TB_SCHEMA, "meta", meta, "cases", arr);
	reduce_result(root, np, ctx->seed);
	json_object_set_new(root, "hops", hop_results(root, cases, ncases));
	json_object_set_new(json_object_get(json_object_get(meta, "run"), "time"), "reduce_s",
			    json_real((now_ns() - start) / 1e9));
	noise_free(&found);
	return root;
}
