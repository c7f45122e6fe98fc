/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verdict: compare's rule for one figure that two results both hold (a
 * case's median or count, a family's per-hop cost): unchanged, improved,
 * regressed or inconclusive, from the change, its interval, its p-value
 * and the noise known between runs.  Pure, so that it is tested alone;
 * cmd/compare.c computes the change and applies it.
 */
#ifndef TB_VERDICT_H
#define TB_VERDICT_H

#include <stdbool.h>

enum verdict {
	VERDICT_UNCHANGED, VERDICT_IMPROVED, VERDICT_REGRESSED, VERDICT_INCONCLUSIVE,
	VERDICT_NEWLY_SKIPPED, VERDICT_NEWLY_MEASURED, VERDICT_ONLY_BASE, VERDICT_ONLY_NEW,
	VERDICT_NOT_COMPARABLE, VERDICT_COUNT
};

/* As the reports write them. */
extern const char *const verdict_names[VERDICT_COUNT];

/* One figure in both results. */
struct change {
	double old, new;	/* medians (agreed counts when exact), or per-hop values */
	double pct, pct_low, pct_high;	/* the change and its interval, percent */
	double p;		/* NAN where no test applies */
	double floor;		/* the rerun noise of this figure, in percent (NAN: unknown) */
	double regime;		/* the largest regime change inside either run, percent */
};

/* threshold: percent for timed clocks, instructions for exact ones. */
enum verdict verdict_judge(const struct change *c, bool exact, double threshold, double alpha);

#endif
