// SPDX-License-Identifier: GPL-2.0
/* tailbench show: a result file as terminal tables. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/model.h"
#include "base/util.h"
#include "bench/bench.h"
#include "cmd/cmds.h"
#include "cmd/headline.h"
#include "cmd/show.h"
#include "result/classic.h"
#include "result/interval.h"
#include "result/mitig.h"
#include "result/read.h"

/* The PMU events that counted, and those the kernel refused, in its words. */
static void print_counters(FILE *f, json_t *meta)
{
	json_t *counters = json_object_get(meta, "counters");
	json_t *refused = json_object_get(meta, "counters_refused");
	const char *key, *sep = "";
	json_t *v;
	size_t i;

	if (!json_array_size(counters))
		return;
	fprintf(f, "PMU counters:");
	json_array_foreach(counters, i, v)
		fprintf(f, " %s", json_string_value(v) ? json_string_value(v) : "?");
	if (json_object_size(refused))
		fprintf(f, "; refused:");
	json_object_foreach(refused, key, v) {
		fprintf(f, "%s %s (%s)", sep, key, json_string_value(v) ? json_string_value(v) : "?");
		sep = ",";
	}
	fprintf(f, "\n");
}

static void print_header(FILE *f, json_t *root)
{
	json_t *meta = json_object_get(root, "meta");
	json_t *jit = json_object_get(meta, "jit");
	json_t *vm = json_object_get(meta, "vm");
	json_t *noise = json_object_get(meta, "noise_profile");
	const char *no_ctr = jstr(meta, "no_counters", NULL);

	/* Without a profile a within-run interval says nothing of the next
	 * run (exact counts have no noise to know). */
	if (!json_is_object(noise) && !model_exact_clock(jstr(meta, "clock", "?")))
		fprintf(f, "rerun noise unknown: run ./run.sh noise\n");
	fprintf(f, "kernel %s (%s), %s env\n", jstr(meta, "kernel", "?"), jstr(meta, "arch", "?"),
		jstr(meta, "env", "?"));
	fprintf(f, "cpu %s\n", jstr(meta, "cpu", "?"));
	mitig_print(f, meta);
	fprintf(f, "jit enable=%d harden=%d kallsyms=%d; libbpf %s; %s\n", jint(jit, "enable", -1),
		jint(jit, "harden", -1), jint(jit, "kallsyms", -1), jstr(meta, "libbpf", "?"),
		jstr(meta, "clang", "?"));
	if (jstr(jit, "why", NULL))
		fprintf(f, "programs ran in: %s (%s): every count here is of %s\n",
			jstr(jit, "mode", "?"), jstr(jit, "why", "?"),
			!strcmp(jstr(jit, "mode", ""), "interpreter") ? "the interpreter, not a JIT" :
			"the JIT or the interpreter, as each case's prog.jited_len says");
	if (vm) {
		const char *key;
		json_t *v;

		fprintf(f, "vm:");
		json_object_foreach(vm, key, v)
			fprintf(f, " %s=%s", key, json_string_value(v));
		fprintf(f, "\n");
	}
	if (jint(meta, "pad", 0))
		fprintf(f, "pad: %d ALU instructions added to every hop\n", jint(meta, "pad", 0));
	if (json_is_object(noise))
		fprintf(f, "noise profile: %s (%d runs, %s)\n", jstr(noise, "file", "?"),
			jint(noise, "runs", -1), jstr(noise, "time", "?"));
	print_counters(f, meta);
	fprintf(f, "clock: %s%s%s%s\n", model_clock(jstr(meta, "clock", "?"))->label,
		no_ctr ? "; no hardware counters: " : "", no_ctr ? no_ctr : "",
		json_is_false(json_object_get(meta, "complete")) ? "; INCOMPLETE (interrupted)" :
								  "");
}

/* Exact clocks count whole instructions: a figure that is whole prints so. */
static void fmt_fig(char *buf, size_t len, double v, bool exact, int decimals)
{
	if (exact && v == rint(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.*f", decimals, v);
}

/* What a fit has beyond one line: its segments and knees, the regimes its
 * trials went through, the depths off an exact count's line.  Detail: -v
 * only, beside the residuals, which say the line is not all. */
static void print_fit_detail(FILE *f, json_t *meta, json_t *fit, bool exact, bool verbose)
{
	json_t *knees = json_object_get(fit, "knees"), *residuals = json_object_get(fit, "residuals");
	json_t *x;
	size_t i;

	json_array_foreach(verbose ? json_object_get(fit, "segments") : NULL, i, x) {
		struct interval iv = interval_of(meta, json_object_get(x, "per_hop"), false);
		char ci[72];

		interval_format(ci, sizeof(ci), &iv, 2);
		fprintf(f, "    segment %3d..%-3d per hop %s, base %.2f\n", jint(x, "from", -1),
			jint(x, "to", -1), ci, jnum(x, "base", NAN));
	}
	json_array_foreach(verbose ? knees : NULL, i, x) {
		char jump[24];

		fmt_fig(jump, sizeof(jump), jnum(x, "jump", NAN), exact, 2);
		fprintf(f, "    knee at depth %d: jump %s\n", jint(x, "depth", -1), jump);
	}
	json_array_foreach(verbose ? json_object_get(fit, "regimes") : NULL, i, x) {
		char v[24];

		fmt_fig(v, sizeof(v), jnum(x, "per_hop", NAN), exact, 2);
		fprintf(f, "    trials %d..%d: %s per hop\n", jint(x, "from_trial", -1),
			jint(x, "to_trial", -1), v);
	}
	if (json_array_size(residuals)) {
		fprintf(f, "    off the line:");
		json_array_foreach(residuals, i, x) {
			char off[24];

			fmt_fig(off, sizeof(off), jnum(x, "off", NAN), exact, 2);
			fprintf(f, "%s d%d: %s", i ? "," : "", jint(x, "depth", -1), off);
		}
		fprintf(f, "\n");
	}
}

/* Whether a fit has detail that only -v shows. */
static bool has_detail(json_t *fit)
{
	return json_array_size(json_object_get(fit, "segments")) ||
	       json_array_size(json_object_get(fit, "regimes"));
}

static void print_fits(FILE *f, json_t *root, const char *unit, bool exact, bool verbose)
{
	json_t *fits = json_object_get(root, "fits"), *meta = json_object_get(root, "meta"), *fit;
	int hidden = 0;
	size_t i;

	if (!json_array_size(fits))
		return;
	fprintf(f, "\nPer-hop cost of every fitted family: slope of cost against depth [%s]; "
		   "'<- headline': the headline's rows\n",
		unit);
	fprintf(f, "%-10s %-15s %-4s %-8s %4s %5s %22s %-12s %9s %7s %6s %8s %s\n", "scenario",
		"bench", "type", "mode", "nest", "stack", "per hop", "interval", "base", "R^2",
		"depths", "B/hop", "model");
	json_array_foreach(fits, i, fit) {
		json_t *ph = json_object_get(fit, "per_hop");
		json_t *d = json_object_get(fit, "depths");
		struct interval iv = interval_of(meta, ph, false);
		char ci[72], touching[256];

		interval_format(ci, sizeof(ci), &iv, 2);
		fprintf(f, "%-10s %-15s %-4s %-8s %4d %5d %22s %-12s %9.2f %7.4f %3d..%-2d %8.1f %s",
			jstr(fit, "scenario", "?"), jstr(fit, "bench", "?"), jstr(fit, "prog_type", "?"),
			jstr(fit, "key_mode", "?"), jint(fit, "nest", -1), jint(fit, "frame_stack", -1),
			ci, iv.kind, jnum(fit, "base", NAN), jnum(fit, "r2", NAN),
			(int)json_integer_value(json_array_get(d, 0)),
			(int)json_integer_value(json_array_get(d, 1)), jnum(fit, "jited_per_hop", NAN),
			jstr(fit, "model", "-"));
		if (headline_holds(fit))
			fprintf(f, " <- headline");
		if (!strcmp(iv.kind, "wrong slope"))
			fprintf(f, " WRONG SLOPE: no exact line holds, the per-hop figure is not exact");
		/* Where a noise profile covers the family: the range a rerun
		 * falls in, beside the CI. */
		if (json_object_get(ph, "rerun_low")) {
			char lo[24], hi[24];

			fmt_fig(lo, sizeof(lo), jnum(ph, "rerun_low", NAN), exact, 2);
			fmt_fig(hi, sizeof(hi), jnum(ph, "rerun_high", NAN), exact, 2);
			fprintf(f, " rerun 95%% [%s, %s]", lo, hi);
		}
		/* The mitigations on this family's path, beside its figure. */
		if (mitig_touching(meta, jstr(fit, "bench", ""), jstr(fit, "key_mode", ""),
				   jint(fit, "nest", 0), touching, sizeof(touching)))
			fprintf(f, " [%s]", touching);
		fprintf(f, "\n");
		hidden += !verbose && has_detail(fit);
		print_fit_detail(f, meta, fit, exact, verbose);
	}
	fprintf(f, "intervals: %s\n", interval_label(interval_result_kind(root)));
	if (hidden)
		fprintf(f, "%d famil%s segments or regimes: tailbench -v show lists them\n", hidden,
			hidden == 1 ? "y has" : "ies have");
}

static void print_comparison(FILE *f, json_t *root, const char *type, const char *unit,
			     bool exact)
{
	struct classic t;
	int rows = 0;

	classic_reduce(root, type, &t);
	for (int m = 0; m < classic_nmechs(); m++) {
		const struct classic_row *r = &t.rows[m];
		char run[24] = "-", hop[24] = "-";

		if (!classic_has(&t, m))
			continue;
		json_t *item = r->c ? r->c : r->fit;
		char touching[256];

		if (!rows++) {
			char *rel = headline_relation(t.scenario, type);

			fprintf(f, "\nTail call vs bpf2bpf vs inline: %s, scenario %s, %d hops [%s]; %s\n",
				type, t.scenario, t.depth, unit, rel);
			free(rel);
			/* Load and verify times are of the clock the run had: in the
			 * icount VM a guest ns is a guest instruction. */
			fprintf(f, "%-24s %9s %8s %7s %7s %8s %6s %8s %9s %8s  %s\n", "mechanism", "run",
				"per hop", "jit B", "xlat B", "verified", "stack",
				exact ? "load ki" : "load us", exact ? "verify ki" : "verify us",
				"indirect", "mitigations on its path");
		}
		if (!mitig_touching(json_object_get(root, "meta"), jstr(item, "bench", ""),
				    jstr(item, "key_mode", ""), jint(item, "nest", 0), touching,
				    sizeof(touching)))
			snprintf(touching, sizeof(touching), "-");
		if (r->c)
			fmt_fig(run, sizeof(run), r->run, exact, 1);
		if (r->fit)
			fmt_fig(hop, sizeof(hop), r->per_hop, exact, 2);
		if (!r->c) {
			fprintf(f, "%-24s %9s %8s %61s  %s\n", classic_mech(m)->label, run, hop, "",
				touching);
			continue;
		}
		fprintf(f, "%-24s %9s %8s %7d %7d %8d %6d %8.0f %9.0f %8d  %s\n",
			classic_mech(m)->label, run, hop, r->jited_len, r->xlated_len,
			r->verified_insns, r->stack_depth, r->load_ns / 1e3, r->verify_ns / 1e3,
			r->jit_indirect, touching);
	}
	if (rows && exact)
		fprintf(f, "load ki, verify ki: thousands of guest instructions (a guest ns under "
			   "icount)\n");
	if (rows && rows < classic_nmechs()) {
		const char *sep = "";

		fprintf(f, "not measured in scenario %s:", t.scenario);
		for (int m = 0; m < classic_nmechs(); m++)
			if (!classic_has(&t, m)) {
				fprintf(f, "%s %s", sep, classic_mech(m)->label);
				sep = ";";
			}
		fprintf(f, "\n");
	}
	if (t.limit)
		fprintf(f, "34th tail call: %s\n",
			case_ok(t.limit) ? "fell through, as the limit of 33 says" :
					   jstr(t.limit, "reason", "?"));
	if (t.frames)
		fprintf(f, "deepest tail call that ran: nest %d, %d frames (%s)\n",
			jint(t.frames, "nest", 0), jint(t.frames, "nest", 0) + 1,
			jstr(t.frames, "id", "?"));
	for (int k = 0; k < CLASSIC_NREFUSALS; k++)
		if (t.refused[k])
			fprintf(f, "%s %d bytes (%s)\n", classic_refusals[k].label,
				t.refused_bytes[k], jstr(t.refused[k], "id", "?"));
}

/* The kinds whose depth is a number of targets, in the bench table's order. */
static void print_dispatch(FILE *f, json_t *root, const char *type, const char *unit)
{
	json_t *cases = json_object_get(root, "cases"), *c;
	const struct bench *const *kinds;
	bool header = false;
	int nkinds;
	size_t i;

	kinds = bench_all(&nkinds);
	for (int k = 0; k < nkinds; k++) {
		bool any = false;

		if (strcmp(kinds[k]->depth_unit, "targets"))
			continue;
		json_array_foreach(cases, i, c) {
			if (strcmp(jstr(c, "bench", ""), kinds[k]->name) ||
			    strcmp(jstr(c, "prog_type", ""), type) || !case_ok(c))
				continue;
			if (!header) {
				fprintf(f, "\nDispatch to the last of M targets: %s [%s, median]; "
					   "not in the headline\n", type, unit);
				header = true;
			}
			if (!any)
				fprintf(f, "%-16s", kinds[k]->name);
			any = true;
			fprintf(f, " M=%d: %.1f", jint(c, "depth", 0),
				jnum(json_object_get(c, "stat"), "median", NAN));
		}
		if (any)
			fprintf(f, "\n");
	}
}

/* Skipped cases, grouped by reason in the order they first appear: one
 * line each with a count. */
/* Skipped cases grouped by reason, in order of first appearance:
 * [{reason, count, example}]. */
static json_t *skipped_json(json_t *root)
{
	json_t *by_reason = json_object(), *out = json_array(), *c, *g;
	size_t i;

	json_array_foreach(json_object_get(root, "cases"), i, c) {
		const char *why = jstr(c, "reason", NULL);

		if (case_ok(c) || !why)
			continue;
		g = json_object_get(by_reason, why);
		if (!g) {
			g = json_pack("{ss si ss}", "reason", why, "count", 0, "example",
				      jstr(c, "id", "?"));
			json_object_set(by_reason, why, g);
			json_array_append_new(out, g);
		}
		json_object_set_new(g, "count", json_integer(jint(g, "count", 0) + 1));
	}
	json_decref(by_reason);
	return out;
}

static void print_skipped(FILE *f, json_t *root)
{
	json_t *groups = skipped_json(root), *g;
	size_t i;

	if (json_array_size(groups))
		fprintf(f, "\nSkipped cases, by reason:\n");
	json_array_foreach(groups, i, g)
		fprintf(f, "  %3d x (e.g. %s)\n        %s\n", jint(g, "count", 0),
			jstr(g, "example", "?"), jstr(g, "reason", "?"));
	json_decref(groups);
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

void show_summary(FILE *f, json_t *doc, bool verbose, bool headline_last)
{
	json_t *root = isatty(fileno(f)) ? json_printable(doc) : json_incref(doc);
	const char *unit = jstr(json_object_get(root, "meta"), "clock", "?");
	bool exact = model_exact_clock(unit);

	fprintf(f, "\n");
	print_header(f, root);
	print_counts(f, root);
	if (!headline_last) {
		fprintf(f, "\n");
		headline_print(f, root);
	}
	print_fits(f, root, unit, exact, verbose);
	for (size_t t = 0; t < 2; t++) {
		const char *type = t ? "tc" : "xdp";

		print_comparison(f, root, type, unit, exact);
		print_dispatch(f, root, type, unit);
	}
	print_skipped(f, root);
	if (headline_last) {
		fprintf(f, "\n");
		headline_print(f, root);
	}
	json_decref(root);
}

int do_show(int argc, char **argv)
{
	/* An interrupted run is shown, marked in the header. */
	static const struct results_load_opts load = { .allow_incomplete = true };
	bool verbose = tb_verbose > 0;
	json_t *root;

	if (argc == 3 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose"))) {
		verbose = true;
		argc--;
		argv++;
	}
	if (argc != 2 || !strcmp(argv[1], "--help")) {
		printf("usage: tailbench show [-v] FILE\n\n"
		       "Prints a result file: its machine and clock, the headline (the cost per\n"
		       "hop of each mechanism from one source, as tailbench headline), the\n"
		       "per-hop cost of every fitted family, tail calls against bpf2bpf calls\n"
		       "and inlined code, the dispatch table, and the skipped cases with their\n"
		       "reasons.  Every interval says its kind: exact (a count, printed as an\n"
		       "integer), rerun (a noise profile's range), between-runs, within-run.\n"
		       "-v (or tailbench -v show): each fit's segments, knees and regimes too.\n"
		       "With --json: meta, case counts, headline, fits and skipped cases grouped\n"
		       "by reason, as JSON.\n");
		return argc == 2 ? TB_EXIT_OK : TB_EXIT_USAGE;
	}
	root = results_load_opts(argv[1], &load);
	if (!root)
		return TB_EXIT_USAGE;
	if (tb_json) {
		json_t *cases = json_object_get(root, "cases"), *c, *doc, *fits;
		int ok = 0;
		size_t i;

		json_array_foreach(cases, i, c)
			ok += case_ok(c);
		fits = json_object_get(root, "fits");
		doc = json_pack("{ss sO s{si si si} so so so}", "file", argv[1], "meta",
				json_object_get(root, "meta"), "counts", "cases",
				(int)json_array_size(cases), "measured", ok, "skipped",
				(int)json_array_size(cases) - ok, "headline", headline_json(root), "fits",
				fits ? json_incref(fits) : json_array(), "skipped",
				skipped_json(root));
		print_json(doc);
		json_decref(doc);
	} else {
		char *name = isatty(STDOUT_FILENO) ? ctrl_sanitize(argv[1], false) : xstrdup(argv[1]);

		printf("%s", name);
		free(name);
		show_summary(stdout, root, verbose, false);
	}
	json_decref(root);
	return TB_EXIT_OK;
}
