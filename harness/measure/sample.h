/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sample: one sample of a case, its repeat of test_runs timed under every
 * clock at once (the counters, the TSC and test_run's own), and under an
 * exact clock taken again while something disturbed it.
 */
#ifndef TB_SAMPLE_H
#define TB_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/bench.h"
#include "measure/counters.h"
#include "measure/runtime.h"

/* The run's samples begin: their time goes to t, and on a timed clock
 * (exact false) XDP entry programs are held in the dispatcher
 * (load/xdp_hold.h) between calls; sample_end lets go. */
void sample_begin(struct run_time *t, bool exact);
void sample_end(void);
/* n checked runs under every clock; returns as testrun_checked does. */
int sample_timed(struct tb_case *c, struct counters *ctr, int n, const char *when,
		 uint32_t *duration, uint64_t *vals, uint64_t *ticks);
/* sample_timed(), between two reads of the interrupt count (irq_fd): how
 * many landed. */
int sample_timed_irqs(struct tb_case *c, struct counters *ctr, int n, const char *when,
		      int irq_fd, uint32_t *duration, uint64_t *vals, uint64_t *ticks,
		      uint64_t *irqs);
/*
 * c->recount: the smallest count of samples of n runs (no counters), each at
 * another phase of the tick, up to the tries a trial gets (c->recount_tries):
 * three at the least, more while none counts bound, none more once one
 * counts less.  Returns as sample_timed does.
 */
int sample_recount(struct tb_case *c, int n, uint32_t bound);
/*
 * The sample of the 1-based trial: arm, warm up, then time c->repeat runs,
 * adding one value to each of the case's series.  irq_fd (an exact clock's
 * interrupt count, else -1) takes a disturbed sample again.  A failure
 * skips the case; a sample the stop signal cut short is dropped, not held
 * against it.
 */
void sample_take(struct tb_case *c, struct counters *ctr, int trial, int irq_fd);
/* The case's series, in the order sample_take fills them: clock is meta.clock. */
void sample_name_series(struct tb_case *c, const char *clock, const struct counters *ctr);

#endif
