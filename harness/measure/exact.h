/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exact: counts on an exact clock (the icount VM, where test_run's clock
 * counts guest instructions; docs/exact.md has the proof).  Each case is
 * probed before its trials and its count checked after them: the count the
 * result holds is then the case's own, whatever test_run adds.
 */
#ifndef TB_EXACT_H
#define TB_EXACT_H

#include "bench/bench.h"
#include "measure/counters.h"

/* The repeat of every exact case (exact.c says why this one). */
#define EXACT_REPEAT 128

/*
 * The clock test_run reads, in ns (instructions under icount): step, what
 * its readings are multiples of (1: none), and slack, one more than the
 * most a difference of two readings can be off (docs/exact.md).
 */
struct exact_clock {
	int step, slack;
};

void exact_clock_read(struct exact_clock *k);
/* The repeat of an exact case on a clock of that step: EXACT_REPEAT where
 * the step divides it; else a multiple of the step, three steps above it. */
int exact_repeat(int step);
/* Before the case's trials: one run's count and the smallest of a few
 * samples of c->repeat runs. */
void exact_probe(struct tb_case *c);
/* After the trials: the count two samples agree on (more trials while none
 * do), with the repeat proved large beside test_run's fixed cost and the
 * count found again at twice the repeat; else the case is skipped. */
void exact_check(struct tb_case *c, struct counters *ctr, int irq_fd, const struct exact_clock *k);
/* Skips an OK case whose count at twice its repeat (the smallest of a few
 * samples) is not its count, saying which way it moved. */
void exact_judge_twice(struct tb_case *c, uint32_t count, uint32_t twice);

#endif
