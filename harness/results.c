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

#include "gotox.h"
#include "model.h"
#include "noise.h"
#include "reduce.h"
#include "hop_case.h"
#include "mitig.h"
#include "results.h"
#include "stats.h"


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

static json_t *build_meta(const struct run_context *ctx, const struct run_info *info)
{
	struct utsname u;
	char host[256] = "", when[32];
	time_t now = time(NULL);
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
		file_int("/proc/sys/net/core/bpf_jit_enable"), "harden",
		file_int("/proc/sys/net/core/bpf_jit_harden"), "kallsyms",
		file_int("/proc/sys/net/core/bpf_jit_kallsyms"), "libbpf", libbpf_version_string(),
		"clang", tb_clang, "tailbench_rev", tb_rev, "host", host, "time", when, "counters",
		counters, "complete", !info->interrupted, "quick", ctx->quick, "run", "cpu",
		ctx->cpu, "trials_done", info->trials_done, "trials_planned", info->trials_planned,
		"seed", (json_int_t)ctx->seed, "interrupted", info->interrupted, "wall_s",
		info->wall_ns / 1e9));
	json_object_set_new(json_object_get(meta, "run"), "runs",
			    json_integer(info->runs > 1 ? info->runs : 1));
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
		json_object_set_new(meta, "exact", json_pack("{ss si si}", "count", "per-run",
							     "repeat", info->exact_repeat,
							     "clock_step", info->exact_step));
	if (info->no_counters[0])
		json_object_set_new(meta, "no_counters", json_string(info->no_counters));
	if (info->nrefused) {
		json_t *refused = json_object();

		for (int i = 0; i < info->nrefused; i++)
			json_object_set_new(refused, info->refused[i].name,
					    json_string(info->refused[i].why));
		json_object_set_new(meta, "counters_refused", refused);
	}
	if (ctx->extra && ctx->extra->n) {
		json_t *vm = json_object();

		for (int i = 0; i < ctx->extra->n; i++) {
			const char *kv = ctx->extra->v[i];
			const char *eq = strchr(kv, '=');
			char *key = strndup(kv, eq - kv);

			json_object_set_new(vm, key, json_string(eq + 1));
			free(key);
		}
		json_object_set_new(meta, "vm", vm);
	}
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
	if (c->once)
		json_object_set_new(j, "exact", json_pack("{si si sI si}", "one_run",
							  (int)c->once, "fixed_cost", c->fixed,
							  "quiet_irqs", (json_int_t)c->quiet_irqs, "disturbed",
							  c->disturbed));
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
	noise_free(&found);
	return root;
}

static char *default_path(json_t *root, const char *dir)
{
	json_t *meta = json_object_get(root, "meta");
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	return xasprintf("%s/%s-%s-%s.json", dir, jstr(meta, "kernel", "unknown"),
			 jstr(meta, "env", "native"), stamp);
}

bool results_is_stream(const char *path)
{
	struct stat st;

	return !stat(path, &st) && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

int results_claim(const char *path, struct results_claim *c)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644), err = 0;

	memset(c, 0, sizeof(*c));
	if (fd < 0 || fstat(fd, &c->st))
		err = -errno;
	if (fd >= 0)
		close(fd);
	if (err == -EEXIST)
		p_err("%s exists: results are never overwritten, choose another -o", path);
	else if (err)
		p_err("cannot claim -o %s before measuring: %s", path, strerror(-err));
	else
		c->path = xstrdup(path);
	return err;
}

void results_unclaim(struct results_claim *c)
{
	struct stat now;

	if (c->path && !c->saved && !lstat(c->path, &now) && now.st_dev == c->st.st_dev &&
	    now.st_ino == c->st.st_ino && !now.st_size)
		unlink(c->path);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* Into stdout ("-") or an existing device or FIFO, as it is. */
static int write_stream(const char *path, const char *text)
{
	int err = 0, fd;

	if (!strcmp(path, "-")) {
		fputs(text, stdout);
		fputc('\n', stdout);
		return fflush(stdout) ? -errno : 0;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = write_all(fd, text, strlen(text)) ?: write_all(fd, "\n", 1);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Into a new file; 0 or a negative errno. */
static int write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), err;

	if (fd < 0)
		return -errno;
	err = write_all(fd, data, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/*
 * A result whose target refused it, kept where it can be found, in a new
 * folder of $TMPDIR (often another file system than a full one); in parts
 * that each fit when a file size limit (ulimit -f) refused it.
 */
static void rescue(const char *text, const char *target, int err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/tailbench-unsaved-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	size_t len = strlen(text), part = len, nparts = 1;
	struct rlimit fsize;
	int err2 = mkdtemp(dir) ? 0 : -errno;

	if (!getrlimit(RLIMIT_FSIZE, &fsize) && fsize.rlim_cur != RLIM_INFINITY &&
	    fsize.rlim_cur < len) {
		part = fsize.rlim_cur ? fsize.rlim_cur : 1;
		nparts = (len + part - 1) / part;
	}
	for (size_t i = 0; !err2 && i < nparts; i++) {
		char *path = nparts == 1 ? xasprintf("%s/result.json", dir) :
					   xasprintf("%s/result.json.%06zu", dir, i + 1);

		err2 = write_new(path, text + i * part, i + 1 < nparts ? part : len - i * part);
		free(path);
	}
	if (err2)
		p_err("cannot write %s: %s, nor a copy in %s: %s; the result is lost", target,
		      strerror(-err), dir, strerror(-err2));
	else if (nparts == 1)
		p_err("cannot write %s: %s; the result is kept in %s/result.json", target,
		      err == -EEXIST ? "its claimed empty file was replaced meanwhile" :
		      strerror(-err), dir);
	else
		p_err("cannot write %s: %s; the result is kept in %s as %zu parts under the file "
		      "size limit (cat %s/result.json.* > result.json)", target, strerror(-err), dir,
		      nparts, dir);
	free(dir);
}

int results_save(json_t *root, const char *path, const char *dir, struct results_claim *claim)
{
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	char *target = path ? xstrdup(path) : default_path(root, dir);
	sigset_t stop, old;
	int err = 0;

	/* A second Ctrl-C while writing waits until the file is whole (or
	 * stdout has all of it) and the temporary is gone. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (!text) {
		err = -ENOMEM;
		goto out;
	}
	if (!strcmp(target, "-") || results_is_stream(target)) {
		err = write_stream(target, text);
	} else if (claim && claim->path) {
		err = write_file_claimed(target, text, strlen(text), &claim->st);
		claim->saved = !err;
	} else {
		if (!path)
			mkdir(dir, 0755);
		/* Two runs in one second: the default name gets a suffix. */
		for (int i = 1; (err = write_file_atomic(target, text, strlen(text))) == -EEXIST &&
				!path; i++) {
			char *base = default_path(root, dir);

			free(target);
			base[strlen(base) - 5] = '\0';
			target = xasprintf("%s-%d.json", base, i);
			free(base);
		}
	}
	if (err && claim)
		rescue(text, target, err);
	else if (strcmp(target, "-"))
		say_written(target, err, "result");
	else if (err)
		p_err("cannot write the result to stdout: %s", strerror(-err));
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(text);
	free(target);
	return err;
}
