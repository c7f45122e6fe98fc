/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runs: one result made of several runs of the same cases, spread in time,
 * with every program unloaded and loaded again between them, so that its
 * intervals hold the between-run variation (reduce resamples runs, then
 * trials within them).
 */
#ifndef TB_RUNS_H
#define TB_RUNS_H

#include "base/model.h"
#include "bench/bench.h"
#include "measure/runner.h"

/*
 * Runs the runner nruns times over cases, gap_s seconds apart.  Each case
 * records how many samples every run gave (run_samples); a case skipped in
 * any run is skipped, saying in which.  info sums the runs.  Returns the
 * runner's error (a tool failure), which ends the runs.
 */
int runs_measure(struct tb_case *cases, int ncases, const struct run_opts *o, int nruns,
		 int gap_s, struct run_info *info);

#endif
