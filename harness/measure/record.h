/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record: turns a run into the tailbench/1 JSON document (results/README.md).
 * Writing it is result/save.h's, reading it result/read.h's, the fits
 * result/reduce.h's.
 */
#ifndef TB_RECORD_H
#define TB_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "bench/bench.h"
#include "measure/runner.h"
#include "measure/scenario.h"
#include "result/noise.h"
#include "result/read.h"

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
	/* The noise profile to use (--noise, loaded and matched before
	 * measuring), else none with no_noise, else the newest matching one in
	 * noise_dir. */
	const struct noise_profile *noise;
	bool no_noise;
	const char *noise_dir;
};

/* {kernel, env, clock, cpu}: the machine a run is made on, as its meta says
 * it (and as noise profiles match it). */
json_t *results_machine(const char *env, const char *clock);

json_t *results_build(const struct run_context *ctx, const struct run_info *info,
		      const struct tb_case *cases, int ncases);

#endif
