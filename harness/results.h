/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results: turns a run into the tailbench/1 JSON document (results/README.md)
 * and writes it atomically without ever replacing a file.
 * Reading is result_read.h's; the fits are reduce.h's.
 */
#ifndef TB_RESULTS_H
#define TB_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "bench.h"
#include "result_read.h"
#include "runner.h"
#include "scenario.h"

/* What the command line adds to meta. */
struct run_context {
	const char *env;	/* "native" or "vm" */
	bool quick;
	int cpu;
	uint64_t seed;
	int pad;		/* --pad: no-op instructions added to every hop */
	int place;		/* --place: spacer programs before each program set */
	const struct strlist *extra;	/* KEY=VALUE pairs for meta.vm (--meta) */
	const struct scenario *scenarios;
	int nscenarios;
	/* A noise profile to use ("none": none), else the newest matching one
	 * in noise_dir. */
	const char *noise_file, *noise_dir;
};

json_t *results_build(const struct run_context *ctx, const struct run_info *info,
		      const struct tb_case *cases, int ncases);

/* Write to path, or to results/<kernel>-<env>-<time>.json when path is
 * NULL, or stdout for "-".  Never replaces a file.  Prints where it went. */
int results_save(json_t *root, const char *path, const char *dir);

#endif
