/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner: loads the families of cases (measure/progsets.h), validates every
 * case (measure/testrun.h), then times them (measure/sample.h) in shuffled,
 * interleaved trials on one CPU; on an exact clock, measure/exact.h checks
 * each count.
 */
#ifndef TB_RUNNER_H
#define TB_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/bench.h"
#include "measure/counters.h"
#include "measure/exact.h"
#include "measure/runtime.h"

/* Spacer programs before each program set at most (--place). */
#define TB_MAX_PLACE 256

struct run_opts {
	const char *objdir;	/* where the generated .bpf.o files are */
	int cpu;		/* pin to this CPU; -1 leaves the affinity alone */
	uint64_t seed;		/* for the shuffles */
	/* "insns" when test_run's clock counts guest instructions (the VM's
	 * icount mode); NULL picks cycles if the PMU has them, else ns. */
	const char *clock;
	int pad;		/* no-op ALU instructions added to every hop (--pad) */
	int place;		/* spacer programs loaded before each program set (--place) */
};

struct run_info {
	const char *clock;	/* the figure in every case's samples */
	const char *counters[TB_MAX_COUNTERS];
	int ncounters;
	char no_counters[128];	/* why there are none, when there are none */
	struct counter_refusal refused[TB_MAX_COUNTERS];	/* events the kernel refused */
	int nrefused;
	bool interrupted;	/* SIGINT or SIGTERM: the samples so far are kept */
	int signal;		/* which, when interrupted */
	int trials_done, trials_planned;
	int runs;		/* runs in the result (measure/runs.h); 0 or 1: one */
	int exact_repeat;	/* exact clocks: the largest repeat of a case, 0 otherwise */
	struct exact_clock exact;	/* exact clocks: test_run's clock */
	uint64_t wall_ns;
	struct run_time time;
};

/* The clock a run with o will time with (meta.clock): what a noise
 * profile must match, known before measuring. */
const char *runner_clock(const struct run_opts *o);
/* 0, or a negative errno when the harness itself failed (out of file
 * descriptors or memory while loading): then nothing is measured.  A stop
 * signal (measure/stop.h) ends it early with info->interrupted set. */
int runner_run(struct tb_case *cases, int ncases, const struct run_opts *o,
	       struct run_info *info);
void runner_free(struct tb_case *cases, int ncases);

#endif
