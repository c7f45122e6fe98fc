// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "base/model.h"
#include "hop/case.h"
#include "measure/exact.h"
#include "measure/irqs.h"
#include "measure/progress.h"
#include "measure/progsets.h"
#include "measure/runner.h"
#include "measure/sample.h"
#include "measure/stop.h"
#include "measure/testrun.h"

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		pr_warn("cannot pin to CPU %d: %s", cpu, strerror(errno));
}

/* Inside the icount VM test_run's clock counts instructions (o->clock);
 * a PMU there (arm64's) counts beside it.  Else cycles lead where the PMU
 * counts them. */
static const char *pick_clock(const struct run_opts *o, struct counters *ctr)
{
	ctr->leads = !o->clock && ctr->n && !strcmp(ctr->name[0], "cycles");
	return o->clock ? o->clock : ctr->leads ? "cycles" : "ns";
}

const char *runner_clock(const struct run_opts *o)
{
	struct counters ctr;
	const char *clock;

	counters_open(&ctr);
	clock = pick_clock(o, &ctr);
	counters_close(&ctr);
	return clock;
}

static void setup_clock(const struct run_opts *o, struct counters *ctr, struct run_info *info)
{
	counters_open(ctr);
	info->clock = pick_clock(o, ctr);
	info->nrefused = ctr->nrefused;
	memcpy(info->refused, ctr->refused, sizeof(info->refused));
	if (ctr->n) {
		for (int i = 0; i < ctr->n; i++)
			info->counters[info->ncounters++] = ctr->name[i];
		return;
	}
	snprintf(info->no_counters, sizeof(info->no_counters), "%s", ctr->why_none);
	if (!o->clock)
		pr_info("no hardware counters (%s): timing with test_run's clock, in ns",
			ctr->why_none);
}

/* Cases the signal left without a sample are not measured, whatever they
 * proved before it; on an exact clock, nor are those whose count it left
 * unchecked. */
static void mark_interrupted(struct tb_case *cases, int ncases, bool exact)
{
	for (int i = 0; i < ncases; i++)
		if (cases[i].status == CASE_PENDING ||
		    (cases[i].status == CASE_OK && !cases[i].series[0].n))
			case_skip(&cases[i], "interrupted before this case was measured");
		else if (exact && cases[i].status == CASE_OK && !cases[i].checked)
			case_skip(&cases[i], "interrupted before this case's count was checked");
}

/* Validate every loaded case (and probe it on an exact clock); returns the
 * most trials a valid case asks for. */
static int validate_all(struct tb_case *cases, int ncases, struct run_info *info,
			const struct counters *ctr, int irq_fd)
{
	uint64_t t0 = now_ns(), t1;
	int max_trials = 0;

	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];

		sample_name_series(c, info->clock, ctr);
		if (stop_signal())
			continue;
		if (!progset_loaded(c->set)) {
			if (c->set->reason[0])
				case_skip(c, "%s", c->set->reason);
			continue;
		}
		progsets_path_metrics(c);
		testrun_validate(c);
		t1 = now_ns();
		info->time.validate_ns += t1 - t0;
		if (c->status == CASE_OK && irq_fd >= 0) {
			c->repeat = c->repeat < info->exact_repeat ? c->repeat : info->exact_repeat;
			exact_probe(c, irq_fd);
		}
		t0 = now_ns();
		info->time.probe_ns += t0 - t1;
		if (c->status != CASE_OK)
			continue;
		max_trials = c->trials > max_trials ? c->trials : max_trials;
	}
	return max_trials;
}

/* The trials: in each, a sample of every valid case that asks for it, in a
 * fresh shuffled order. */
static void run_trials(struct tb_case *cases, int ncases, int max_trials, uint64_t seed,
		       struct counters *ctr, struct run_info *info, int irq_fd)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int *order = xcalloc(ncases, sizeof(int));
	struct progress p = {};

	gsl_rng_set(rng, seed);
	info->trials_planned = max_trials;
	for (int i = 0; i < ncases; i++)
		p.planned += cases[i].status == CASE_OK ? cases[i].trials : 0;
	p.start = now_ns();
	for (int t = 0, n = 0; t < max_trials && !stop_signal(); t++) {
		/* Those of the last trial that this one leaves out. */
		for (int j = 0; j < n; j++) {
			const struct tb_case *c = &cases[order[j]];

			p.skipped += c->status != CASE_OK;
			p.finished += c->status == CASE_OK && c->trials <= t;
		}
		n = 0;
		for (int i = 0; i < ncases; i++)
			if (cases[i].status == CASE_OK && cases[i].trials > t)
				order[n++] = i;
		/* A fresh order every trial spreads the machine's drift over all
		 * cases instead of landing it on a few. */
		gsl_ran_shuffle(rng, order, n, sizeof(int));
		for (int j = 0; j < n && !stop_signal(); j++) {
			struct tb_case *c = &cases[order[j]];

			sample_take(c, ctr, t + 1, irq_fd);
			p.done++;
			/* Skipped now: its later trials leave the estimate. */
			if (c->status != CASE_OK)
				p.planned -= c->trials - (t + 1);
			progress_show(&p, t, max_trials, j + 1, n);
		}
		if (!stop_signal())
			info->trials_done = t + 1;
	}
	info->time.sample_ns += now_ns() - p.start;
	free(order);
	gsl_rng_free(rng);
}

/* Validate every case, then time them in shuffled trials. */
static void measure_all(struct tb_case *cases, int ncases, const struct run_opts *o,
			struct counters *ctr, struct run_info *info, int irq_fd)
{
	int max_trials = validate_all(cases, ncases, info, ctr, irq_fd);
	uint64_t t0;

	run_trials(cases, ncases, max_trials, o->seed, ctr, info, irq_fd);
	t0 = now_ns();
	for (int i = 0; i < ncases && irq_fd >= 0 && !stop_signal(); i++)
		exact_check(&cases[i], ctr, irq_fd, &info->exact);
	info->time.retake_ns += now_ns() - t0;
	if (stop_signal()) {
		fputc('\n', stderr);
		pr_warn("%s after %d of %d trials: writing what was measured",
			strsignal(stop_signal()), info->trials_done, max_trials);
		mark_interrupted(cases, ncases, irq_fd >= 0);
		info->interrupted = true;
		info->signal = stop_signal();
	}
}

int runner_run(struct tb_case *cases, int ncases, const struct run_opts *o,
	       struct run_info *info)
{
	struct progsets ps = {};
	struct counters ctr;
	uint64_t start = now_ns();
	int err, irq_fd = -1;

	memset(info, 0, sizeof(*info));
	testrun_account(&info->time);
	loader_init();
	pin_cpu(o->cpu);
	setup_clock(o, &ctr, info);
	if (model_exact_clock(info->clock)) {
		irq_fd = irqs_open();
		if (irq_fd < 0) {
			p_err("an exact clock needs the interrupt count of /proc/stat: %s",
			      strerror(-irq_fd));
			counters_close(&ctr);
			return irq_fd;
		}
		exact_clock_read(&info->exact);
		info->exact_repeat = exact_repeat(info->exact.step);
	}

	sample_begin(&info->time, irq_fd >= 0);
	err = progsets_load(&ps, cases, ncases, o->objdir, o->pad, o->place);
	info->time.load_ns = now_ns() - start;
	if (!err)
		measure_all(cases, ncases, o, &ctr, info, irq_fd);
	sample_end();
	/* While the programs are loaded and armed: what one hop executes. */
	if (!err && !stop_signal()) {
		uint64_t t0 = now_ns();

		hop_record_all(cases, ncases);
		info->time.hop_ns = now_ns() - t0;
	}
	progsets_unload(&ps, cases, ncases);
	counters_close(&ctr);
	if (irq_fd >= 0)
		close(irq_fd);
	info->wall_ns = now_ns() - start;
	return err;
}

void runner_free(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		free(cases[i].id);
		free(cases[i].reason);
		free(cases[i].run_samples);
		hop_record_free(cases[i].hop);
		for (int k = 0; k < cases[i].nseries; k++)
			free(cases[i].series[k].v);
	}
	free(cases);
}
