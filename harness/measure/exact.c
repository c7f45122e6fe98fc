// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/stats.h"
#include "measure/exact.h"
#include "measure/irqs.h"
#include "measure/sample.h"
#include "measure/stop.h"
#include "measure/testrun.h"

/*
 * A sample of R runs of c instructions each reports floor((R c + e + d) / R):
 * e is test_run's fixed cost inside its timed region (34 to 40 instructions
 * on x86-64, about 50 to 70 on arm64), and d, |d| < q, the rounding of the
 * clock (q is struct exact_clock's slack: 1 on x86-64; 16 on arm64, whose
 * generic timer qemu runs at 62.5 MHz; 3 on ppc64el, 2 on s390x, whose
 * clocks tick in fractions of a ns).  For q - 1 <= e <= R - q that is c,
 * whatever R is: every case takes one repeat (exact_repeat: EXACT_REPEAT,
 * or a multiple of a coarser step), the same whatever else the run holds,
 * and proves it large enough.  One run alone counts c + e + d', and a
 * difference g between it and the count with 2q - 1 <= g <= R - 2q holds
 * only when the count is c.  An interrupt in a sample only adds to it: a
 * sample that may have been disturbed is taken again (measure/sample.c),
 * and the count is the smallest, which two samples must agree on.  The
 * repeat is small, so that most samples of the longest case (some 4,000
 * instructions a run) miss the guest's tick.
 */
#define EXACT_PROBES 5

void exact_clock_read(struct exact_clock *k)
{
	uint64_t hz = 0;
#if defined(__aarch64__)
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
#elif defined(__arm__)
	uint32_t f;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));	/* CNTFRQ */
	hz = f;
#elif defined(__riscv)
	/* The time CSR's rate, which the device tree gives (qemu's 'virt':
	 * 10 MHz, a step of 100). */
	unsigned char be[4];
	FILE *f = fopen("/proc/device-tree/cpus/timebase-frequency", "rb");

	if (f && fread(be, 1, 4, f) == 4)
		hz = (uint32_t)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3];
	if (f)
		fclose(f);
#elif defined(__powerpc64__)
	/* The timebase's rate (qemu's 'pseries': 512 MHz). */
	char line[128];
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "timebase : %" SCNu64, &hz) == 1)
			break;
	if (f)
		fclose(f);
#elif defined(__s390x__)
	hz = 4096000000ull;	/* the TOD clock: bit 51 is a microsecond */
#endif
	/* 0: the guest's TSC, a tick an instruction under icount (measured:
	 * every case of a run shows the same fixed cost). */
	if (!hz) {
		k->step = k->slack = 1;
	} else if (1000000000ull % hz == 0) {
		/* A whole number of ns a tick: readings lie on its grid, and a
		 * difference is off by less than a step. */
		k->step = k->slack = (int)(1000000000ull / hz);
	} else {
		/* Ticks of a fractional ns, converted to ns and floored: each
		 * reading lies in (t - 1e9/hz - 1, t], on no grid. */
		k->step = 1;
		k->slack = (int)(1000000000ull / hz) + 2;
	}
}

/* With q | R, R runs of c count R c + e + d, and R c is a multiple of q:
 * the clock reads R c plus e rounded down or up to a step, never less than
 * R c, so floor(. / R) is c whenever e <= R - q (docs/exact.md). */
int exact_repeat(int step)
{
	if (EXACT_REPEAT % step == 0)
		return EXACT_REPEAT;
	return step * ((EXACT_REPEAT + 4 * step - 1) / step);
}

/*
 * One run's count c + e + d' (the smallest of a few: an interrupt only
 * adds), and the smallest count of a few samples of R runs, each at another
 * phase of the tick.  The interrupts of the samples kept (quiet_irqs) are
 * counted as they are taken: 0 where nothing else runs; on 6.x an XDP
 * test_run of more than one run swaps the XDP dispatcher and waits for
 * timers, outside the timed region, two to six interrupts a sample.  The
 * largest single run no interrupt landed in (once_max, 0: none) shows how
 * far the clock's rounding moves one run.
 */
void exact_probe(struct tb_case *c, int irq_fd)
{
	struct counters none = {};
	uint64_t ticks, irqs;
	uint32_t d;
	int err = 0;

	c->once = c->least = UINT32_MAX;
	c->once_max = 0;
	c->quiet_irqs = UINT64_MAX;
	/* A run of several (--runs) checks each run's count afresh. */
	c->fixed = c->recount_tries = 0;
	c->checked = false;
	for (int i = 0; i < EXACT_PROBES && !err; i++) {
		err = sample_timed_irqs(c, &none, 1, "one run", irq_fd, &d, NULL, &ticks, &irqs);
		c->once = !err && d < c->once ? d : c->once;
		c->once_max = !err && !irqs && d > c->once_max ? d : c->once_max;
	}
	for (int i = 0; i < EXACT_PROBES && !err; i++) {
		irqs_shift_phase(i);
		err = sample_timed(c, &none, c->repeat, "probe", &d, NULL, &ticks);
		if (!err)
			c->least = d < c->least ? d : c->least;
	}
	if (err < 0 && !(err == -EINTR && stop_signal()))
		case_skip(c, "BPF_PROG_TEST_RUN failed: %s", strerror(-err));
}

/*
 * The count two samples agree on is the smallest (an interrupt that slipped
 * through, or the work one left, only adds), with more trials while none
 * agree.  Samples no interrupt landed in may differ: the work of an
 * interrupt just before one runs in it.
 */
#define EXTRA_TRIALS 6

/*
 * An interrupt in every sample of R runs (or the work one left just before
 * each) adds some I/R a run to all of them, and they agree on too high a
 * count: 7.3's deepest nesting case once counted 3 760 against 3 754.  So
 * each case is counted again at another repeat R' whose count the window
 * also proves to be c: R/2 where e + d < R/2 and the step divides it, else
 * 2R.  An undisturbed sample there counts c, less than a too high count; a
 * disturbed one at R/2 counts more than it (I/(R/2) > I/R), and at 2R adds
 * half of it unless it took two ticks where R's took one, which three
 * samples or more at other phases of the tick (sample_recount) rule out
 * while the tick's period is longer than the sample.  A case whose recount
 * is not its count is skipped: this decides whether it is reported, never
 * its count, and needs no other case (docs/exact.md).
 */
void exact_judge_recount(struct tb_case *c, uint32_t count)
{
	if (c->recount < count)
		case_skip(c, "a sample of %d runs counts %u a run, of %d runs %u: an interrupt, or "
			  "the work one left, landed in every sample of %d", c->recount_repeat,
			  c->recount, c->repeat, count, c->repeat);
	else if (c->recount > count)
		case_skip(c, "a sample of %d runs never counted %u a run, of %d runs' count, in "
			  "%d tries", c->recount_repeat, count, c->repeat, c->recount_tries);
}

int exact_recount_repeat(const struct tb_case *c, const struct exact_clock *k, double g)
{
	int half = c->repeat / 2;

	return c->repeat % (2 * k->step) == 0 && g <= half - 2 * k->slack ? half : 2 * c->repeat;
}

static void recount(struct tb_case *c, uint32_t count, int repeat)
{
	/* Other cases ran since: this one's target is set again. */
	int err = c->bench->arm ? c->bench->arm(c->set, c) : 0;

	if (err) {
		case_skip(c, "arming it again for its recount failed: %s", strerror(-err));
		return;
	}
	err = sample_recount(c, repeat, count);
	if (err < 0 && !(err == -EINTR && stop_signal()))
		case_skip(c, "BPF_PROG_TEST_RUN failed: %s", strerror(-err));
	else if (!err)
		exact_judge_recount(c, count);
	c->checked = !err && c->status == CASE_OK;
}

void exact_check(struct tb_case *c, struct counters *ctr, int irq_fd, const struct exact_clock *k)
{
	struct summary s;
	double count, g;
	bool lower_bound;
	int extra = 0;

	while (c->status == CASE_OK && extra < EXTRA_TRIALS && !stop_signal() &&
	       stats_agreed_min(c->series[0].v, c->series[0].n, &count)) {
		sample_take(c, ctr, c->series[0].n + 1, irq_fd);
		extra++;
	}
	if (c->status != CASE_OK || stop_signal())
		return;
	stats_summary(c->series[0].v, c->series[0].n, &s);
	g = c->once - s.min;
	/* A repeat made a multiple of a step that does not divide EXACT_REPEAT
	 * (exact_repeat) cannot count low: only the upper bound is needed, and
	 * the lower one (2q - 1 > g for riscv64's q of 100) could never hold.
	 * Elsewhere both bounds hold, as they always did. */
	lower_bound = EXACT_REPEAT % k->step == 0 || c->repeat % k->step;
	if (stats_agreed_min(c->series[0].v, c->series[0].n, &count))
		case_skip(c, "no two of %d trials agreed on an instruction count", c->series[0].n);
	else if ((lower_bound && g < 2 * k->slack - 1) || g > c->repeat - 2 * k->slack)
		case_skip(c, "one run counts %u, a sample of %d %.0f a run: with a clock off by "
			  "less than %d, test_run's fixed cost is not proved small beside the "
			  "repeat, so the count could depend on it", c->once, c->repeat, s.min,
			  k->slack);
	else
		c->fixed = g;
	if (c->status == CASE_OK)
		recount(c, (uint32_t)count, exact_recount_repeat(c, k, g));
}
