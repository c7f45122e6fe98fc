/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime: where a run's wall time goes (meta.run.time, docs/performance.md),
 * stage by stage and test_run's calls by program type.
 */
#ifndef TB_RUNTIME_H
#define TB_RUNTIME_H

#include <stdint.h>

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

/* One test_run call of a program type: the wall time it took, and the time
 * test_run timed in it (its duration times the repeat). */
void run_time_call(struct run_time *t, const char *type, uint64_t ns, uint64_t timed_ns);
/* Adds one run's times to a sum of runs. */
void run_time_add(struct run_time *sum, const struct run_time *one);

#endif
