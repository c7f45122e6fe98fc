// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "load/xdp_hold.h"
#include "measure/irqs.h"
#include "measure/sample.h"
#include "measure/stop.h"
#include "measure/testrun.h"

/* Disturbed samples in a row before an exact case gives up. */
#define EXACT_TRIES 20
/* Samples a count found again at another repeat rests on, at the least:
 * as many as the fewest trials a count at the repeat rests on. */
#define RECOUNT_AT_LEAST 3

/* The run under way: where its time goes, and its XDP dispatcher hold
 * (home_ns -1: none, calls swap the program in and out themselves). */
static struct run_time *tally;
static struct xdp_hold hold = { .home_ns = -1 };

void sample_begin(struct run_time *t, bool exact)
{
	tally = t;
	hold.swaps = 0;
	/* Exact counts keep the set-up their interrupt accounting was
	 * measured with (docs/exact.md): each call swaps its program. */
	if (!exact && xdp_hold_open(&hold))
		snprintf(t->xdp_unheld, sizeof(t->xdp_unheld), "%s", hold.why);
	else if (exact)
		snprintf(t->xdp_unheld, sizeof(t->xdp_unheld), "an exact clock: its set-up is kept");
}

void sample_end(void)
{
	tally->xdp_swaps = hold.swaps;
	xdp_hold_close(&hold);
}

static inline uint64_t tsc_now(void)
{
#if defined(__x86_64__)
	__builtin_ia32_lfence();
	return __builtin_ia32_rdtsc();
#else
	return now_ns();
#endif
}

static void add_sample(struct series *s, double v)
{
	s->v = xrealloc(s->v, s->n + 1, sizeof(double));
	s->v[s->n++] = v;
}

int sample_timed(struct tb_case *c, struct counters *ctr, int n, const char *when,
		 uint32_t *duration, uint64_t *vals, uint64_t *ticks)
{
	uint64_t t0, t1;
	int err;

	if (ctr->n && counters_start(ctr))
		return -EIO;
	t0 = tsc_now();
	err = testrun_checked(c, n, duration, when);
	t1 = tsc_now();
	if (ctr->n && counters_stop(ctr, vals))
		return -EIO;
	*ticks = t1 - t0;
	return err;
}

int sample_timed_irqs(struct tb_case *c, struct counters *ctr, int n, const char *when,
		      int irq_fd, uint32_t *duration, uint64_t *vals, uint64_t *ticks,
		      uint64_t *irqs)
{
	uint64_t before = 0, after = 0;
	int err = irqs_read(irq_fd, &before);

	if (!err)
		err = sample_timed(c, ctr, n, when, duration, vals, ticks);
	if (!err)
		err = irqs_read(irq_fd, &after);
	*irqs = err ? 0 : after - before;
	return err;
}

/*
 * sample_timed(), and with irq_fd (exact clocks) again while a sample
 * counts more than the smallest count so far: something added to it.  An
 * interrupt costs more than R instructions, so one inside the timed region
 * always raises the count; so does the work an interrupt just before the
 * sample leaves behind, in a sample that no interrupt landed in (measured
 * on 7.3: such samples count 6 a run more, one tick's worth).  Interrupts
 * outside the region (6.x XDP's dispatcher waits take two to six, a few
 * more or less each time) leave the count alone.  Returns as
 * testrun_checked does, and 1 after skipping the case.
 */
static int timed_undisturbed(struct tb_case *c, struct counters *ctr, int n, const char *when,
			     int irq_fd, uint32_t *duration, uint64_t *vals, uint64_t *ticks)
{
	uint64_t irqs;

	if (irq_fd < 0)
		return sample_timed(c, ctr, n, when, duration, vals, ticks);
	for (int t = 0; t < EXACT_TRIES; t++) {
		int err;

		if (t > 1)
			irqs_shift_phase(t);
		err = sample_timed_irqs(c, ctr, n, when, irq_fd, duration, vals, ticks, &irqs);
		if (err || *duration <= c->least) {
			c->quiet_irqs = irqs < c->quiet_irqs ? irqs : c->quiet_irqs;
			c->least = *duration < c->least ? *duration : c->least;
			return err;
		}
		c->disturbed++;
	}
	case_skip(c, "%s: a count above the smallest (%u) in each of %d tries", when, c->least,
		  EXACT_TRIES);
	return 1;
}

int sample_recount(struct tb_case *c, int n, uint32_t bound)
{
	struct counters none = {};
	uint64_t ticks;
	uint32_t d;
	int err = 0;

	c->recount = UINT32_MAX;
	c->recount_repeat = n;
	for (c->recount_tries = 0; c->recount_tries < EXACT_TRIES && !err && c->recount >= bound &&
	     (c->recount > bound || c->recount_tries < RECOUNT_AT_LEAST); c->recount_tries++) {
		irqs_shift_phase(c->recount_tries);
		err = sample_timed(c, &none, n, "the recount", &d, NULL, &ticks);
		if (!err)
			c->recount = d < c->recount ? d : c->recount;
	}
	return err;
}

/*
 * An XDP case's entry program into the dispatcher for its sample: one
 * update, where each test_run of more than one run would make two.  The
 * program runs through the same dispatcher either way.  If attaching
 * fails, the calls swap it themselves from then on.
 */
static void hold_entry(const struct tb_case *c)
{
	uint64_t t0 = now_ns();

	if (hold.home_ns < 0 || strcmp(c->prog_type, "xdp"))
		return;
	if (xdp_hold(&hold, c->entry_fd)) {
		pr_warn("XDP programs no longer held in the dispatcher (%s): each test_run "
			"swaps its own", hold.why);
		snprintf(tally->xdp_unheld, sizeof(tally->xdp_unheld), "%s", hold.why);
		xdp_hold_close(&hold);
	}
	tally->xdp_swap_ns += now_ns() - t0;
}

static int measure(struct tb_case *c, struct counters *ctr, int trial, int irq_fd)
{
	uint64_t vals[TB_MAX_COUNTERS], ticks;
	uint32_t retval, duration;
	char when[32];
	int err, k = 0;

	hold_entry(c);
	err = c->bench->arm ? c->bench->arm(c->set, c) : 0;
	if (!err && c->warmup)
		err = testrun(c, c->warmup, &retval, &duration);
	if (err)
		return err;
	snprintf(when, sizeof(when), "trial %d", trial);
	err = timed_undisturbed(c, ctr, c->repeat, when, irq_fd, &duration, vals, &ticks);
	if (err)
		return err < 0 ? err : 0;
	/* Cycles that lead are series 0, and test_run's clock follows. */
	if (ctr->leads)
		add_sample(&c->series[k++], (double)vals[0] / c->repeat);
	add_sample(&c->series[k++], duration);
	for (int i = ctr->leads; i < ctr->n; i++)
		add_sample(&c->series[k++], (double)vals[i] / c->repeat);
	add_sample(&c->series[k++], (double)ticks / c->repeat);
	return 0;
}

void sample_take(struct tb_case *c, struct counters *ctr, int trial, int irq_fd)
{
	int err = measure(c, ctr, trial, irq_fd);

	if (err && !(err == -EINTR && stop_signal()))
		case_skip(c, "trial %d failed: %s", trial, strerror(-err));
}

void sample_name_series(struct tb_case *c, const char *clock, const struct counters *ctr)
{
	int k = 0;

	if (ctr->leads)
		c->series[k++].name = "cycles";
	c->series[k++].name = ctr->leads ? "ns" : clock;
	for (int i = ctr->leads; i < ctr->n; i++)
		c->series[k++].name = ctr->name[i];
	c->series[k++].name = "tsc";
	c->nseries = k;
}
