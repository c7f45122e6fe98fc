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
void exact_probe(struct tb_case *c, int irq_fd);
/* After the trials: the count two samples agree on (more trials while none
 * do), with the repeat proved large beside test_run's fixed cost and the
 * count found again at another repeat; else the case is skipped. */
void exact_check(struct tb_case *c, struct counters *ctr, int irq_fd, const struct exact_clock *k);
/* The repeat a case of fixed cost g is counted again at: R/2 where the
 * window proves it and the step divides it (a sample half as long takes a
 * tick half as often), else 2R. */
int exact_recount_repeat(const struct tb_case *c, const struct exact_clock *k, double g);
/* Skips an OK case whose recount (c->recount, at c->recount_repeat) is not
 * its count, saying which way it moved. */
void exact_judge_recount(struct tb_case *c, uint32_t count);

#endif
