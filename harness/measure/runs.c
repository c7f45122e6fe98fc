// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "measure/runs.h"

/* A case skipped in one run but measured in another must not average the
 * runs it has: it is skipped, with the run that refused it named. */
static void settle_case(struct tb_case *c, int run, int before)
{
	int got = c->series[0].n - before;

	c->run_samples = xrealloc(c->run_samples, run + 1, sizeof(int));
	c->run_samples[run] = c->status == CASE_OK ? got : 0;
	c->nruns = run + 1;
	if (c->status != CASE_OK && !c->skipped_run)
		c->skipped_run = run + 1;
}

int runs_measure(struct tb_case *cases, int ncases, const struct run_opts *o, int nruns,
		 int gap_s, struct run_info *info)
{
	struct run_info one;
	struct run_time time = {};
	int *before = xcalloc(ncases, sizeof(int));
	uint64_t wall = 0;
	int done = 0, planned = 0, err = 0;

	for (int r = 0; r < nruns; r++) {
		if (r && gap_s) {
			pr_info("run %d of %d done; next in %d s", r, nruns, gap_s);
			sleep(gap_s);
		}
		for (int i = 0; i < ncases; i++)
			before[i] = cases[i].series[0].n;
		err = runner_run(cases, ncases, o, &one);
		for (int i = 0; i < ncases; i++)
			settle_case(&cases[i], r, before[i]);
		done += one.trials_done;
		planned += one.trials_planned;
		wall += one.wall_ns;
		run_time_add(&time, &one.time);
		if (err || one.interrupted)
			break;
	}
	for (int i = 0; i < ncases && nruns > 1; i++) {
		struct tb_case *c = &cases[i];

		if (c->skipped_run) {
			char *why = xasprintf("in run %d of %d: %s", c->skipped_run, nruns,
					      c->reason ? c->reason : "skipped");

			c->status = CASE_SKIPPED;
			free(c->reason);
			c->reason = why;
		}
	}
	*info = one;
	info->trials_done = done;
	info->trials_planned = planned;
	info->wall_ns = wall;
	info->time = time;
	info->runs = nruns;
	free(before);
	return err;
}
