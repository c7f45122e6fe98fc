// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
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
 * on x86-64, about 50 to 70 on arm64), and d, |d| < q, the rounding of a
 * clock that steps by q ns (1 on x86-64; 16 on arm64, whose generic timer
 * qemu runs at 62.5 MHz).  For q - 1 <= e <= R - q that is c, whatever R
 * is: every case takes one repeat (exact_repeat: EXACT_REPEAT, or a
 * multiple of a coarser step), the same whatever else the run holds, and
 * proves it large enough.  One run alone counts
 * c + e + d', and a difference g between it and the count with
 * 2q - 1 <= g <= R - 2q holds only when the count is c.  An interrupt in a
 * sample only adds to it: a sample that may have been disturbed is taken
 * again (measure/sample.c), and the count is the smallest, which two
 * samples must agree on.  The repeat is small, so that most samples of the
 * longest case (some 4,000 instructions a run) miss the guest's tick.
 */
#define EXACT_PROBES 5

int exact_clock_step(void)
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
#endif
	/* 0: the guest's TSC, a tick an instruction under icount. */
	return hz ? (int)((1000000000ull + hz - 1) / hz) : 1;
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
 * timers, outside the timed region, two to six interrupts a sample.
 */
void exact_probe(struct tb_case *c)
{
	struct counters none = {};
	uint64_t ticks;
	uint32_t d;
	int err = 0;

	c->once = c->least = UINT32_MAX;
	c->quiet_irqs = UINT64_MAX;
	for (int i = 0; i < EXACT_PROBES && !err; i++) {
		err = sample_timed(c, &none, 1, "one run", &d, NULL, &ticks);
		if (!err)
			c->once = d < c->once ? d : c->once;
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

void exact_check(struct tb_case *c, struct counters *ctr, int irq_fd, int step)
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
	lower_bound = EXACT_REPEAT % step == 0 || c->repeat % step;
	if (stats_agreed_min(c->series[0].v, c->series[0].n, &count))
		case_skip(c, "no two of %d trials agreed on an instruction count", c->series[0].n);
	else if ((lower_bound && g < 2 * step - 1) || g > c->repeat - 2 * step)
		case_skip(c, "one run counts %u, a sample of %d %.0f a run: with a clock step of "
			  "%d, test_run's fixed cost is not proved small beside the repeat, so the "
			  "count could depend on it", c->once, c->repeat, s.min, step);
	else
		c->fixed = g;
}

/*
 * On a clock that steps by one instruction every case of a program type
 * shows the same fixed cost (40 and 38 on 6.1, 37 and 34 on 7.3, whatever
 * the bench), and an interrupt in every sample of a case lowers it by the
 * count it adds.  So a case below the largest of its type counted one (7.3's
 * deepest nesting case once did, all its samples ticked): it is skipped.
 * The others' counts never depend on it.  A case whose kept samples no
 * interrupt landed in (quiet_irqs 0, where the guest's interrupts are
 * counted) is kept whatever its fixed cost: on ppc64el and s390x that cost
 * itself varies by one or two from case to case (49 to 52, 44 to 45, in
 * the same run), so a lower one there says nothing of an interrupt.
 */
void exact_check_fixed_costs(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];
		const struct tb_case *top = c;

		for (int j = 0; j < ncases; j++)
			if (cases[j].fixed > top->fixed && !strcmp(cases[j].prog_type, c->prog_type))
				top = &cases[j];
		if (c->status == CASE_OK && c->fixed && top != c && c->quiet_irqs)
			case_skip(c, "test_run's fixed cost shows as %d here, %d in %s: an interrupt "
				  "landed in every sample", c->fixed, top->fixed, top->id);
	}
}
