/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner: loads the families of cases, validates every case, then times
 * them with BPF_PROG_TEST_RUN in shuffled, interleaved trials on one CPU.
 */
#ifndef TB_RUNNER_H
#define TB_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/bench.h"
#include "measure/counters.h"

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

/* Where a run's wall time went (meta.run.time, docs/performance.md): by
 * stage, and test_run's calls by program type with the time they took and
 * the time test_run timed in them (its duration times the repeat). */
#define TB_MAX_PROG_TYPES 4
struct run_time {
	uint64_t load_ns, validate_ns, probe_ns, sample_ns, retake_ns, hop_ns;
	struct {
		const char *type;
		long calls;
		uint64_t ns, timed_ns;
	} test_run[TB_MAX_PROG_TYPES];
	int ntypes;
	/* XDP entry programs held in the dispatcher between calls
	 * (load/xdp_hold.h): the swaps and their time; else why not. */
	long xdp_swaps;
	uint64_t xdp_swap_ns;
	char xdp_unheld[160];
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
	int exact_step;		/* exact clocks: the step of test_run's clock, in its unit */
	uint64_t wall_ns;
	struct run_time time;
};

/*
 * From here on, the first SIGINT or SIGTERM stops a run at its next safe
 * point (loading, validating or timing), and runner_run returns what was
 * measured with info->interrupted set.  Call it first, so that a signal
 * while the scenarios load is caught too.
 */
void runner_catch_signals(void);
/* The signal caught so far, 0 when none. */
int runner_stop_signal(void);
/* The clock a run with o will time with (meta.clock): what a noise
 * profile must match, known before measuring. */
const char *runner_clock(const struct run_opts *o);
/* 0, or a negative errno when the harness itself failed (out of file
 * descriptors or memory while loading): then nothing is measured. */
int runner_run(struct tb_case *cases, int ncases, const struct run_opts *o,
	       struct run_info *info);
/* Adds one run's times to a sum of runs. */
void runner_time_add(struct run_time *sum, const struct run_time *one);
void runner_free(struct tb_case *cases, int ncases);

#endif
