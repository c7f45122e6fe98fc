/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results: reduces a run to the tailbench/1 JSON document (README.md,
 * "Result files"), writes it atomically without ever replacing a file, and
 * reads result files back for show, compare, export and plots.
 */
#ifndef TB_RESULTS_H
#define TB_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "bench.h"
#include "runner.h"
#include "scenario.h"

#define TB_SCHEMA "tailbench/1"

/* What the command line adds to meta. */
struct run_context {
	const char *env;	/* "native" or "vm" */
	bool quick;
	int cpu;
	uint64_t seed;
	const struct strlist *extra;	/* KEY=VALUE pairs for meta.vm (--meta) */
	const struct scenario *scenarios;
	int nscenarios;
};

json_t *results_build(const struct run_context *ctx, const struct run_info *info,
		      const struct tb_case *cases, int ncases);

/* Write to path, or to results/<kernel>-<env>-<time>.json when path is
 * NULL, or stdout for "-".  Never replaces a file.  Prints where it went. */
int results_save(json_t *root, const char *path, const char *dir);

/* Read and check a result file; NULL (after saying why) if it is not one. */
json_t *results_load(const char *path);

/* Accessors that tolerate missing fields, for readers of result files. */
const char *jstr(json_t *obj, const char *key, const char *dflt);
double jnum(json_t *obj, const char *key, double dflt);
int jint(json_t *obj, const char *key, int dflt);

/* A case of a loaded result was measured (status "ok"). */
bool case_ok(json_t *c);
/* Two cases or fits belong to one family: scenario, bench, type, mode,
 * nest and frame stack (a case id without its depth). */
bool same_family(json_t *a, json_t *b);
/* "scenario/bench/type/mode/nN/sS/per_hop": the name of a fit, one for the
 * compare report and the dashboards alike.  The caller frees it. */
char *fit_name(json_t *fit);

#endif
