// SPDX-License-Identifier: GPL-2.0
/* tailbench show: a result file as terminal tables. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "model.h"
#include "results.h"
#include "show.h"

static void print_header(FILE *f, json_t *root)
{
	json_t *meta = json_object_get(root, "meta");
	json_t *jit = json_object_get(meta, "jit");
	json_t *vm = json_object_get(meta, "vm");
	const char *no_ctr = jstr(meta, "no_counters", NULL);

	fprintf(f, "kernel %s (%s), %s env\n", jstr(meta, "kernel", "?"), jstr(meta, "arch", "?"),
		jstr(meta, "env", "?"));
	fprintf(f, "cpu %s; spectre_v2: %s\n", jstr(meta, "cpu", "?"),
		jstr(meta, "spectre_v2", "?"));
	fprintf(f, "jit enable=%d harden=%d kallsyms=%d; libbpf %s; %s\n", jint(jit, "enable", -1),
		jint(jit, "harden", -1), jint(jit, "kallsyms", -1), jstr(meta, "libbpf", "?"),
		jstr(meta, "clang", "?"));
	if (vm) {
		const char *key;
		json_t *v;

		fprintf(f, "vm:");
		json_object_foreach(vm, key, v)
			fprintf(f, " %s=%s", key, json_string_value(v));
		fprintf(f, "\n");
	}
	fprintf(f, "clock: %s%s%s%s\n", model_clock(jstr(meta, "clock", "?"))->label,
		no_ctr ? "; no hardware counters: " : "", no_ctr ? no_ctr : "",
		json_is_false(json_object_get(meta, "complete")) ? "; INCOMPLETE (interrupted)" :
								  "");
}

static void print_fits(FILE *f, json_t *root, const char *unit)
{
	json_t *fits = json_object_get(root, "fits"), *fit;
	size_t i;

	if (!json_array_size(fits))
		return;
	fprintf(f, "\nPer-hop cost: slope of cost against depth, 95%% bootstrap CI [%s]\n", unit);
	fprintf(f, "%-10s %-15s %-4s %-8s %4s %5s %22s %9s %7s %6s %8s\n", "scenario", "bench",
		"type", "mode", "nest", "stack", "per hop [95% CI]", "base", "R^2", "depths",
		"B/hop");
	json_array_foreach(fits, i, fit) {
		json_t *ph = json_object_get(fit, "per_hop");
		json_t *d = json_object_get(fit, "depths");
		char ci[40];

		snprintf(ci, sizeof(ci), "%.2f [%.2f, %.2f]", jnum(ph, "value", NAN),
			 jnum(ph, "ci_low", NAN), jnum(ph, "ci_high", NAN));
		fprintf(f, "%-10s %-15s %-4s %-8s %4d %5d %22s %9.2f %7.4f %3d..%-2d %8.1f\n",
			jstr(fit, "scenario", "?"), jstr(fit, "bench", "?"), jstr(fit, "prog_type", "?"),
			jstr(fit, "key_mode", "?"), jint(fit, "nest", -1), jint(fit, "frame_stack", -1),
			ci, jnum(fit, "base", NAN), jnum(fit, "r2", NAN),
			(int)json_integer_value(json_array_get(d, 0)),
			(int)json_integer_value(json_array_get(d, 1)), jnum(fit, "jited_per_hop", NAN));
	}
}

static bool is_plain_chain(json_t *c)
{
	return jint(c, "nest", -1) == 0 && jint(c, "frame_stack", -1) == 0 &&
	       case_ok(c);
}

static json_t *find_case(json_t *cases, const char *bench, const char *type, const char *mode,
			 int depth)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c)
		if (is_plain_chain(c) && jint(c, "depth", -1) == depth &&
		    !strcmp(jstr(c, "bench", ""), bench) && !strcmp(jstr(c, "prog_type", ""), type) &&
		    (!mode || !strcmp(jstr(c, "key_mode", ""), mode)))
			return c;
	return NULL;
}

/* The fit of a mechanism, from the scenario of the case shown beside it if
 * it has one, else from the scenario with the most depths. */
static json_t *find_fit(json_t *root, const char *bench, const char *type, const char *mode,
			const char *scenario)
{
	json_t *fit, *best = NULL;
	size_t i;

	json_array_foreach(json_object_get(root, "fits"), i, fit) {
		if (jint(fit, "nest", -1) || jint(fit, "frame_stack", -1) ||
		    strcmp(jstr(fit, "bench", ""), bench) || strcmp(jstr(fit, "prog_type", ""), type) ||
		    (mode && strcmp(jstr(fit, "key_mode", ""), mode)))
			continue;
		if (scenario && !strcmp(jstr(fit, "scenario", ""), scenario))
			return fit;
		if (!best || jint(fit, "points", 0) > jint(best, "points", 0))
			best = fit;
	}
	return best;
}

/* The classic table: the same hops by tail calls, bpf2bpf calls, inlined. */
static const struct {
	const char *bench, *mode, *label;
} mechanisms[] = {
	{ "tailcall", "static", "tail call, static key" },
	{ "tailcall", "dynamic", "tail call, dynamic key" },
	{ "tailcall", "poisoned", "tail call, poisoned map" },
	{ "tailcall_percpu", NULL, "tail call, per-CPU ctx" },
	{ "bpf2bpf", NULL, "bpf2bpf calls" },
	{ "bpf2bpf_args", NULL, "bpf2bpf, ctx in args" },
	{ "inline", NULL, "inlined" },
};

static int comparison_depth(json_t *cases, const char *type)
{
	json_t *c;
	size_t i;
	int best = -1;

	json_array_foreach(cases, i, c)
		if (is_plain_chain(c) && !strcmp(jstr(c, "prog_type", ""), type) &&
		    !strcmp(jstr(c, "depth_unit", ""), "hops") && jint(c, "depth", -1) <= 33 &&
		    jint(c, "depth", -1) > best)
			best = jint(c, "depth", -1);
	return best;
}

static void print_comparison(FILE *f, json_t *root, const char *type, const char *unit)
{
	json_t *cases = json_object_get(root, "cases");
	int depth = comparison_depth(cases, type), rows = 0;

	if (depth < 0)
		return;
	for (size_t m = 0; m < ARRAY_SIZE(mechanisms); m++) {
		json_t *c = find_case(cases, mechanisms[m].bench, type, mechanisms[m].mode, depth);
		json_t *fit = find_fit(root, mechanisms[m].bench, type, mechanisms[m].mode,
				       jstr(c, "scenario", NULL));
		json_t *prog = json_object_get(c, "prog");
		char run[24] = "-", hop[24] = "-";

		if (!c && !fit)
			continue;
		if (!rows++) {
			fprintf(f, "\nTail call vs bpf2bpf vs inline: %s, %d hops [%s]\n", type, depth,
				unit);
			fprintf(f, "%-24s %9s %8s %7s %7s %8s %6s %8s %9s %8s\n", "mechanism", "run",
				"per hop", "jit B", "xlat B", "verified", "stack", "load us",
				"verify us", "indirect");
		}
		if (c)
			snprintf(run, sizeof(run), "%.1f", jnum(json_object_get(c, "stat"), "median", NAN));
		if (fit)
			snprintf(hop, sizeof(hop), "%.2f",
				 jnum(json_object_get(fit, "per_hop"), "value", NAN));
		if (!c) {
			fprintf(f, "%-24s %9s %8s\n", mechanisms[m].label, run, hop);
			continue;
		}
		fprintf(f, "%-24s %9s %8s %7d %7d %8d %6d %8.0f %9.0f %8d\n", mechanisms[m].label, run,
			hop, jint(prog, "jited_len", -1), jint(prog, "xlated_len", -1),
			jint(prog, "verified_insns", -1), jint(prog, "stack_depth", -1),
			jnum(prog, "load_ns", NAN) / 1e3, jnum(prog, "verify_ns", NAN) / 1e3,
			jint(prog, "jit_indirect", -1));
	}
}

static void print_dispatch(FILE *f, json_t *root, const char *type, const char *unit)
{
	static const char *const kinds[] = { "dispatch_table", "dispatch_switch" };
	json_t *cases = json_object_get(root, "cases"), *c;
	bool header = false;
	size_t i;

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		bool any = false;

		json_array_foreach(cases, i, c) {
			if (strcmp(jstr(c, "bench", ""), kinds[k]) ||
			    strcmp(jstr(c, "prog_type", ""), type) || !case_ok(c))
				continue;
			if (!header) {
				fprintf(f, "\nDispatch to the last of M targets: %s [%s, median]\n", type,
					unit);
				header = true;
			}
			if (!any)
				fprintf(f, "%-16s", kinds[k]);
			any = true;
			fprintf(f, " M=%d: %.1f", jint(c, "depth", 0),
				jnum(json_object_get(c, "stat"), "median", NAN));
		}
		if (any)
			fprintf(f, "\n");
	}
}

/* Skipped cases, grouped by reason: one line each with a count. */
static void print_skipped(FILE *f, json_t *root)
{
	json_t *cases = json_object_get(root, "cases"), *c, *d;
	size_t i, j;
	int total = 0;

	json_array_foreach(cases, i, c) {
		const char *why = jstr(c, "reason", NULL);
		bool seen = false;
		int n = 0;

		if (case_ok(c) || !why)
			continue;
		json_array_foreach(cases, j, d) {
			if (j >= i)
				break;
			if (!case_ok(d) && !strcmp(jstr(d, "reason", ""), why))
				seen = true;
		}
		if (seen)
			continue;
		json_array_foreach(cases, j, d)
			n += !case_ok(d) && !strcmp(jstr(d, "reason", ""), why);
		if (!total)
			fprintf(f, "\nSkipped cases, by reason:\n");
		total += n;
		fprintf(f, "  %3d x (e.g. %s)\n        %s\n", n, jstr(c, "id", "?"), why);
	}
}

static void print_counts(FILE *f, json_t *root)
{
	json_t *cases = json_object_get(root, "cases"), *c;
	int ok = 0, n = json_array_size(cases);
	size_t i;

	json_array_foreach(cases, i, c)
		ok += case_ok(c);
	fprintf(f, "%d cases: %d measured, %d skipped\n", n, ok, n - ok);
}

void show_summary(FILE *f, json_t *root)
{
	const char *unit = jstr(json_object_get(root, "meta"), "clock", "?");

	fprintf(f, "\n");
	print_header(f, root);
	print_counts(f, root);
	print_fits(f, root, unit);
	for (size_t t = 0; t < 2; t++) {
		const char *type = t ? "tc" : "xdp";

		print_comparison(f, root, type, unit);
		print_dispatch(f, root, type, unit);
	}
	print_skipped(f, root);
}

int do_show(int argc, char **argv)
{
	/* An interrupted run is shown, marked in the header. */
	static const struct results_load_opts load = { .allow_incomplete = true };
	json_t *root;

	if (argc != 2 || !strcmp(argv[1], "--help")) {
		printf("usage: tailbench show FILE\n\n"
		       "Prints a result file: its machine and clock, the per-hop cost of every\n"
		       "fitted family, tail calls against bpf2bpf calls and inlined code, the\n"
		       "dispatch table, and the skipped cases with their reasons.\n");
		return argc == 2 ? TB_EXIT_OK : TB_EXIT_USAGE;
	}
	root = results_load_opts(argv[1], &load);
	if (!root)
		return TB_EXIT_USAGE;
	printf("%s", argv[1]);
	show_summary(stdout, root);
	json_decref(root);
	return TB_EXIT_OK;
}
