/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counters: hardware events of the calling thread in kernel mode, as one
 * perf_event_open(2) group, around a test_run.  Each event the kernel
 * refuses is kept with its reason; where the CPU (or the VM) has no PMU,
 * counters_open says so once and the runner falls back to test_run's own
 * clock: no cycle figure is ever made up.
 */
#ifndef TB_COUNTERS_H
#define TB_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

#define TB_MAX_COUNTERS 4

/* An event the kernel refused, in its words (perf_event_open's errno). */
struct counter_refusal {
	const char *name;
	char why[64];
};

struct counters {
	int fd[TB_MAX_COUNTERS];
	const char *name[TB_MAX_COUNTERS];
	int n;			/* events that opened; 0 without a PMU */
	struct counter_refusal refused[TB_MAX_COUNTERS];
	int nrefused;
	char why_none[128];	/* when n == 0 */
	bool leads;		/* events[0] is the run's clock (cycles) */
};

/* Opens what the machine supports, in the order cycles, instructions,
 * branches, branch-misses; returns the number of events (0..4). */
int counters_open(struct counters *c);
void counters_close(struct counters *c);
int counters_start(struct counters *c);
/* Stop and read, scaled if the kernel multiplexed the group; vals[n]. */
int counters_stop(struct counters *c, uint64_t *vals);

#endif
