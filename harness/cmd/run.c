// SPDX-License-Identifier: GPL-2.0
/* tailbench list, tailbench run: scenarios in, a result file out. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <getopt.h>
#include <limits.h>
#include <libgen.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../progs/layout.h"
#include "cmd/cmds.h"
#include "cmd/show.h"
#include "measure/record.h"
#include "measure/runner.h"
#include "measure/runs.h"
#include "measure/scenario.h"
#include "measure/stop.h"
#include "result/save.h"

#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* Loading XDP and tc programs takes CAP_BPF with CAP_NET_ADMIN, or root. */
static bool bpf_privileged(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {};

	if (syscall(SYS_capget, &h, d))
		return geteuid() == 0;
	return has_cap(d, CAP_SYS_ADMIN) || (has_cap(d, CAP_BPF) && has_cap(d, CAP_NET_ADMIN));
}

static void print_list(json_t *doc)
{
	json_t *x;
	size_t i;

	printf("scenarios (%s):\n", scenarios_dir());
	json_array_foreach(json_object_get(doc, "scenarios"), i, x)
		printf("  %-12s %s%s\n", jstr(x, "name", "?"), jstr(x, "description", "?"),
		       json_is_false(json_object_get(x, "suite")) ? " (only when named)" : "");
	printf("\nbenches:\n");
	json_array_foreach(json_object_get(doc, "benches"), i, x)
		printf("  %-16s %s (%s %d..%d)\n", jstr(x, "name", "?"), jstr(x, "description", "?"),
		       jstr(x, "depth_unit", "?"), jint(x, "min_depth", 0), jint(x, "max_depth", 0));
}

int do_list(int argc, char **argv)
{
	const struct bench *const *benches;
	struct strlist paths = {};
	json_t *doc = json_pack("{s[] s[]}", "scenarios", "benches");
	int nbenches, err = TB_EXIT_OK;

	if (argc > 1) {
		printf("usage: tailbench list\n\nLists the scenario files in %s and the benches they can use.\n",
		       scenarios_dir());
		json_decref(doc);
		return strcmp(argv[1], "--help") ? TB_EXIT_USAGE : TB_EXIT_OK;
	}
	if (scenario_list(scenarios_dir(), &paths))
		p_err("cannot read %s: %s", scenarios_dir(), strerror(errno));
	for (int i = 0; i < paths.n; i++) {
		struct scenario s;

		if (scenario_load(paths.v[i], false, &s)) {
			err = TB_EXIT_USAGE;
			continue;
		}
		json_array_append_new(json_object_get(doc, "scenarios"),
				      json_pack("{ss ss ss sb}", "name", s.name, "description",
						s.description, "file", paths.v[i], "suite", s.suite));
		scenario_free(&s);
	}
	strlist_free(&paths);
	benches = bench_all(&nbenches);
	for (int i = 0; i < nbenches; i++)
		json_array_append_new(json_object_get(doc, "benches"),
				      json_pack("{ss ss ss si si}", "name", benches[i]->name,
						"description", benches[i]->desc, "depth_unit",
						benches[i]->depth_unit, "min_depth",
						benches[i]->min_depth, "max_depth",
						benches[i]->max_depth));
	if (tb_json)
		print_json(doc);
	else
		print_list(doc);
	json_decref(doc);
	return err;
}

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: tailbench run [--scenario NAME|FILE]... [--quick] [-o FILE] [options]\n\n"
		"Validates every case (its return value proves the chain ran the intended\n"
		"hops), then times the cases with BPF_PROG_TEST_RUN in shuffled trials.\n"
		"Without --scenario, runs every scenario in %s.\n\n"
		"  -s, --scenario NAME|FILE  a scenario by name or path (repeatable)\n"
		"      --quick               the scenarios' quick settings (fewer depths, trials)\n"
		"      --check               check the scenarios and options, count the cases,\n"
		"                            run nothing (needs no privileges)\n"
		"  -o, --output FILE         result file ('-' for stdout); never overwritten.\n"
		"                            default: results/<kernel>-<env>-<time>.json\n"
		"                            The tables (as tailbench show, the headline last)\n"
		"                            go to stdout, progress to stderr; with -o - stdout\n"
		"                            holds the JSON alone and no table is printed\n"
		"      --results-dir DIR     where default names go (default results)\n"
		"      --repeat N            test_run repetitions per sample (overrides scenarios)\n"
		"      --trials N            samples per case (overrides scenarios)\n"
		"      --warmup N            untimed repetitions before each sample\n"
		"      --cpu N               pin to CPU N (default: the last one this process may\n"
		"                            run on; -1: don't pin)\n"
		"      --seed N              seed of the shuffles and bootstraps (default 1)\n"
		"      --clock insns         test_run's clock counts instructions (icount VM)\n"
		"      --env native|vm       recorded in meta.env (default native)\n"
		"      --meta KEY=VALUE      recorded in meta.vm (repeatable)\n"
		"      --pad N               N no-op ALU instructions more in every hop\n"
		"                            (0..%d, default 0): a known slowdown\n"
		"      --place N             N spacer programs loaded before each program set:\n"
		"                            the same code elsewhere in executable memory\n"
		"                            (0..%d, default 0), a placement experiment\n"
		"      --runs N              N runs in one result, programs reloaded between\n"
		"                            them: intervals then hold between-run variation\n"
		"      --gap S               seconds between runs (default 10)\n"
		"      --noise FILE|none     the noise profile for rerun intervals (default: the\n"
		"                            newest in RESULTS-DIR/noise made on this machine);\n"
		"                            one of another kernel, env, clock or CPU is refused\n"
		"      --force-noise         use --noise's profile even so (meta.noise_profile.forced\n"
		"                            records in what it differs)\n",
		scenarios_dir(), TB_MAX_PAD, TB_MAX_PLACE);
}

struct run_args {
	struct strlist scenarios, meta;
	const char *output, *results_dir, *clock, *env, *noise;
	int repeat, trials, warmup;	/* -1: the scenarios' own */
	int cpu, seed, pad, place, runs, gap;
	bool quick, check, force_noise;
};

/* The numeric options: an int of run_args each, in a range. */
static const struct num_opt {
	int key;
	const char *name;
	int lo, hi;
	size_t off;
} num_opts[] = {
	{ 'r', "--repeat", 1, TB_MAX_REPEAT, offsetof(struct run_args, repeat) },
	{ 't', "--trials", 1, TB_MAX_TRIALS, offsetof(struct run_args, trials) },
	{ 'w', "--warmup", 0, TB_MAX_WARMUP, offsetof(struct run_args, warmup) },
	{ 'c', "--cpu", -1, CPU_SETSIZE - 1, offsetof(struct run_args, cpu) },
	{ 'S', "--seed", 0, INT_MAX, offsetof(struct run_args, seed) },
	{ 'P', "--pad", 0, TB_MAX_PAD, offsetof(struct run_args, pad) },
	{ 'L', "--place", 0, TB_MAX_PLACE, offsetof(struct run_args, place) },
	{ 'R', "--runs", 1, TB_MAX_RUNS, offsetof(struct run_args, runs) },
	{ 'g', "--gap", 0, 3600, offsetof(struct run_args, gap) },
};

static int parse_num_opt(int key, const char *arg, struct run_args *a)
{
	for (size_t i = 0; i < ARRAY_SIZE(num_opts); i++)
		if (num_opts[i].key == key)
			return parse_opt_int(num_opts[i].name, arg, num_opts[i].lo, num_opts[i].hi,
					     (int *)((char *)a + num_opts[i].off));
	return -ENOENT;
}

/* The CPUs of a set as ranges ("0-1,4"), for a message. */
static void cpus_text(const cpu_set_t *set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int c = 0; c < CPU_SETSIZE && used < len; c++) {
		int last = c;

		if (!CPU_ISSET(c, set))
			continue;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		used += snprintf(buf + used, len - used, last > c ? "%s%d-%d" : "%s%d",
				 used ? "," : "", c, last);
		c = last;
	}
}

/*
 * The CPU to pin to must be one this process may run on, refused before
 * anything runs (--check too): pinning would fail, the run go unpinned and
 * the result name a CPU it never ran on.  The default is the last of them.
 */
static int check_cpu(struct run_args *a, bool given)
{
	cpu_set_t set;
	char list[256];

	if (sched_getaffinity(0, sizeof(set), &set)) {
		int err = -errno;

		p_err("cannot read the CPUs this process may run on: %s", strerror(-err));
		return err;
	}
	if (!given) {
		for (a->cpu = CPU_SETSIZE - 1; a->cpu > 0 && !CPU_ISSET(a->cpu, &set); a->cpu--)
			;
		return 0;
	}
	if (a->cpu < 0 || CPU_ISSET(a->cpu, &set))
		return 0;
	cpus_text(&set, list, sizeof(list));
	p_err("--cpu %d: not a CPU this process may run on (%s; -1: don't pin)", a->cpu, list);
	return -EINVAL;
}

static int parse_run_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'Q' },
		{ "check", no_argument, NULL, 'K' },
		{ "output", required_argument, NULL, 'o' },
		{ "results-dir", required_argument, NULL, 'D' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "trials", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 'S' },
		{ "clock", required_argument, NULL, 'C' },
		{ "env", required_argument, NULL, 'E' },
		{ "meta", required_argument, NULL, 'M' },
		{ "pad", required_argument, NULL, 'P' },
		{ "place", required_argument, NULL, 'L' },
		{ "noise", required_argument, NULL, 'n' },
		{ "force-noise", no_argument, NULL, 'N' },
		{ "runs", required_argument, NULL, 'R' },
		{ "gap", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int opt;

	a->results_dir = "results";
	a->env = "native";
	a->repeat = a->trials = a->warmup = -1;
	a->cpu = INT_MIN;	/* not given: check_cpu picks one */
	a->seed = 1;
	a->runs = 1;
	a->gap = 10;
	while ((opt = getopt_long(argc, argv, "s:o:h", opts, NULL)) != -1) {
		int err = parse_num_opt(opt, optarg, a);

		if (err != -ENOENT) {
			if (err)
				return err;
			continue;
		}
		err = 0;
		switch (opt) {
		case 's':
			strlist_add(&a->scenarios, optarg);
			break;
		case 'Q':
			a->quick = true;
			break;
		case 'K':
			a->check = true;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'D':
			a->results_dir = optarg;
			break;
		case 'C':
			if (strcmp(optarg, "insns")) {
				p_err("--clock: only 'insns' can be given (the default picks cycles or ns)");
				err = -EINVAL;
			}
			a->clock = optarg;
			break;
		case 'E':
			if (strcmp(optarg, "native") && strcmp(optarg, "vm")) {
				p_err("--env: expected native or vm, got '%s'", optarg);
				err = -EINVAL;
			}
			a->env = optarg;
			break;
		case 'M':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				p_err("--meta: expected KEY=VALUE, got '%s'", optarg);
				err = -EINVAL;
			}
			strlist_add(&a->meta, optarg);
			break;
		case 'n':
			a->noise = optarg;
			break;
		case 'N':
			a->force_noise = true;
			break;
		case 'h':
			run_usage(stdout);
			return 1;
		default:
			run_usage(stderr);
			return -EINVAL;
		}
		if (err)
			return err;
	}
	if (optind < argc) {
		p_err("run: unexpected argument '%s' (scenarios go after --scenario)", argv[optind]);
		return -EINVAL;
	}
	return check_cpu(a, a->cpu != INT_MIN);
}

static int writable_dir(const char *dir, const char *what)
{
	struct stat st;
	int err = 0;

	if (stat(dir, &st))
		err = -errno;
	else if (!S_ISDIR(st.st_mode))
		err = -ENOTDIR;
	else if (access(dir, W_OK | X_OK))
		err = -errno;
	if (err)
		p_err("%s %s: %s", what, dir, strerror(-err));
	return err;
}

/*
 * Where the result goes must take it, found out before measuring rather
 * than after: a new name (not even a dangling link: link(2) would refuse
 * it) in a writable directory, a device or FIFO to write into, or a
 * results directory that is writable or can be made in a writable parent
 * (results_save makes one level).  A new name is then claimed just before
 * measuring (results_claim).
 */
static int check_output(const char *output, const char *results_dir)
{
	struct stat st;
	char *copy, *dir;
	int err;

	if (output && !strcmp(output, "-"))
		return 0;
	if ((output && !*output) || !*results_dir) {
		p_err("%s: an empty name%s", output ? "-o" : "--results-dir",
		      output ? " (-o - writes to stdout)" : "");
		return -EINVAL;
	}
	if (output && results_is_stream(output)) {
		if (access(output, W_OK))
			p_err("-o %s: %s", output, strerror(errno));
		return access(output, W_OK) ? -EACCES : 0;
	}
	if (output && !lstat(output, &st)) {
		p_err("%s exists: results are never overwritten, choose another -o", output);
		return -EEXIST;
	}
	if (!output && !stat(results_dir, &st))
		return writable_dir(results_dir, "--results-dir");
	copy = xstrdup(output ? output : results_dir);
	dir = dirname(copy);
	err = writable_dir(dir, output ? "-o: the directory of the result" :
					 "--results-dir: the parent of the new directory");
	free(copy);
	return err;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * The scenario's name starts every case id: a file given twice (-s chain
 * -s chain) runs once, two files of one name are refused.  Returns 1 when
 * s repeats one of the n before it, 0 when it is new.
 */
static int check_unique(const struct scenario *sc, int n, const struct scenario *s)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(sc[i].name, s->name))
			continue;
		if (same_file(sc[i].path, s->path))
			return 1;
		p_err("%s and %s are both scenario '%s': their cases would share ids, rename one",
		      sc[i].path, s->path, s->name);
		return -EINVAL;
	}
	return 0;
}

/* The scenario a misspelt name (-s chian) most likely meant, or NULL. */
static char *scenario_guess(const char *name)
{
	struct strlist paths = {}, names = {};
	const char *guess;
	char *out;

	if (strchr(name, '/') || scenario_list(scenarios_dir(), &paths))
		return NULL;
	for (int i = 0; i < paths.n; i++) {
		char *base = strrchr(paths.v[i], '/') ? strrchr(paths.v[i], '/') + 1 : paths.v[i];

		strlist_addf(&names, "%.*s", (int)strcspn(base, "."), base);
	}
	guess = strlist_closest(&names, name);
	out = guess ? xstrdup(guess) : NULL;
	strlist_free(&paths);
	strlist_free(&names);
	return out;
}

/* Every scenario is read before anything runs: one bad file stops all. */
static int load_scenarios(struct run_args *a, struct scenario **out, int *n)
{
	struct strlist paths = {};
	int err = 0;

	if (!a->scenarios.n && scenario_list(scenarios_dir(), &paths)) {
		p_err("cannot read the scenarios directory %s: %s", scenarios_dir(), strerror(errno));
		return -ENOENT;
	}
	for (int i = 0; i < a->scenarios.n; i++) {
		char *p = scenario_path(a->scenarios.v[i], scenarios_dir());

		strlist_add(&paths, p);
		free(p);
	}
	if (!paths.n) {
		p_err("no scenarios in %s", scenarios_dir());
		err = -ENOENT;
	}
	*out = xcalloc(paths.n, sizeof(**out));
	*n = 0;
	for (int i = 0; !err && i < paths.n; i++) {
		struct scenario *s = &(*out)[*n];

		if (access(paths.v[i], R_OK)) {
			int e = errno;
			char *guess = a->scenarios.n ? scenario_guess(a->scenarios.v[i]) : NULL;

			p_err("%s: %s (%s%s%stailbench list shows the scenarios)", paths.v[i],
			      strerror(e), guess ? "did you mean " : "", guess ? guess : "",
			      guess ? "? " : "");
			free(guess);
			err = -ENOENT;
		} else if (!(err = scenario_load(paths.v[i], a->quick, s))) {
			if (!a->scenarios.n && !s->suite) {
				scenario_free(s);	/* runs only when named */
				continue;
			}
			err = check_unique(*out, *n, s);
			if (err)
				scenario_free(s);
			else
				(*n)++;
			err = err < 0 ? err : 0;
		}
	}
	strlist_free(&paths);
	return err;
}

/*
 * --noise's profile, read, checked and matched against this machine before
 * anything is measured: a bad or foreign profile found after an hour of
 * measuring would cost the hour, or silently give wrong intervals.
 */
static int load_noise(const struct run_args *a, const struct run_opts *ro,
		      struct noise_profile *np)
{
	json_t *machine;
	int err;

	if (!a->noise || !strcmp(a->noise, "none")) {
		if (a->force_noise)
			pr_warn("--force-noise without a --noise profile does nothing");
		return 0;
	}
	if (noise_load(a->noise, np))
		return -EINVAL;
	machine = results_machine(a->env, runner_clock(ro));
	err = noise_match(np, machine, a->force_noise);
	json_decref(machine);
	return err;
}

int do_run(int argc, char **argv)
{
	struct run_args a = {};
	struct scenario *sc = NULL;
	struct tb_case *cases = NULL;
	struct run_info info;
	struct run_opts ro;
	struct noise_profile np = {};
	struct results_claim claim = {};
	char *noise_dir = NULL;
	int nsc = 0, ncases = 0, ok = 0, ret = TB_EXIT_USAGE, err;
	json_t *root;

	stop_catch_signals();
	err = parse_run_args(argc, argv, &a);
	if (err) {
		ret = err > 0 ? TB_EXIT_OK : TB_EXIT_USAGE;
		goto out;
	}
	if (check_output(a.output, a.results_dir))
		goto out;
	ro = (struct run_opts){ .objdir = objects_dir(), .cpu = a.cpu, .seed = a.seed,
				.clock = a.clock, .pad = a.pad, .place = a.place };
	if (load_noise(&a, &ro, &np))
		goto out;
	if (load_scenarios(&a, &sc, &nsc))
		goto out;
	for (int i = 0; i < nsc; i++) {
		int before = ncases;

		scenario_expand(&sc[i], &cases, &ncases);
		if (a.check)
			printf("%-12s %d cases\n", sc[i].name, ncases - before);
	}
	if (a.check) {
		printf("%d scenario%s, %d cases%s: valid\n", nsc, nsc == 1 ? "" : "s", ncases,
		       a.quick ? " (quick)" : "");
		ret = TB_EXIT_OK;
		goto out;
	}
	for (int i = 0; i < ncases; i++) {
		cases[i].repeat = a.repeat >= 0 ? a.repeat : cases[i].repeat;
		cases[i].trials = a.trials >= 0 ? a.trials : cases[i].trials;
		cases[i].warmup = a.warmup >= 0 ? a.warmup : cases[i].warmup;
	}
	if (!bpf_privileged()) {
		p_err("tailbench run needs root, or CAP_BPF with CAP_NET_ADMIN, to load BPF programs");
		ret = TB_EXIT_FAIL;
		goto out;
	}

	/* The name is taken now, so that another run cannot take it meanwhile. */
	if (a.output && strcmp(a.output, "-") && !results_is_stream(a.output) &&
	    results_claim(a.output, &claim))
		goto out;
	noise_dir = xasprintf("%s/noise", a.results_dir);
	pr_info("%d scenario%s, %d cases%s", nsc, nsc == 1 ? "" : "s", ncases,
		a.quick ? " (quick)" : "");
	if (runs_measure(cases, ncases, &ro, a.runs, a.gap, &info)) {
		/* A tool failure (said above): a result would blame the kernel. */
		ret = TB_EXIT_FAIL;
		goto out;
	}

	root = results_build(&(struct run_context){ .env = a.env, .quick = a.quick, .cpu = a.cpu,
						    .seed = a.seed, .pad = a.pad, .place = a.place,
						    .extra = &a.meta,
						    .noise = np.root ? &np : NULL,
						    .no_noise = a.noise && !strcmp(a.noise, "none"),
						    .noise_dir = noise_dir,
						    .scenarios = sc, .nscenarios = nsc },
			     &info, cases, ncases);
	for (int i = 0; i < ncases; i++)
		ok += cases[i].status == CASE_OK;
	err = results_save(root, a.output, a.results_dir, &claim);
	/* Results on stdout, the headline last: the answer is what a run ends
	 * with.  With -o - stdout is the JSON's alone. */
	if (!a.output || strcmp(a.output, "-"))
		show_summary(stdout, root, tb_verbose > 0, true);
	json_decref(root);
	if (err)
		ret = TB_EXIT_FAIL;
	else if (stop_signal())
		ret = stop_signal() == SIGTERM ? TB_EXIT_SIGTERM : TB_EXIT_SIGINT;
	else
		ret = ok ? TB_EXIT_OK : TB_EXIT_FAIL;
	if (!ok && !stop_signal())
		p_err("no case could be measured: see the reasons above");
out:
	results_unclaim(&claim);
	noise_free(&np);
	free(noise_dir);
	runner_free(cases, ncases);
	for (int i = 0; i < nsc; i++)
		scenario_free(&sc[i]);
	free(sc);
	strlist_free(&a.scenarios);
	strlist_free(&a.meta);
	return ret;
}
