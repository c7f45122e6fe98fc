// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "result/verdict.h"

const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_UNCHANGED] = "unchanged",
	[VERDICT_IMPROVED] = "improved",
	[VERDICT_REGRESSED] = "REGRESSED",
	[VERDICT_INCONCLUSIVE] = "inconclusive",
	[VERDICT_NEWLY_SKIPPED] = "NEWLY SKIPPED",
	[VERDICT_NEWLY_MEASURED] = "newly measured",
	[VERDICT_ONLY_BASE] = "only in BASE",
	[VERDICT_ONLY_NEW] = "only in NEW",
	[VERDICT_NOT_COMPARABLE] = "not comparable",
};

/*
 * The rule.  Exact figures compare exactly.  Timed ones: each side of the
 * change's interval is at least the rerun noise this machine is known to
 * have (a profile's spread already holds a run's own sampling noise), and is
 * widened by any regime change inside either run.  Only an interval wholly
 * within the threshold is unchanged, and only a significant change whose
 * interval lies wholly past it counts, and then only where the rerun noise
 * is known: without it the interval is a run's own, which the next run of
 * one build often leaves (docs/compare.md).  An interval that reaches past
 * the threshold, significant or not, cannot be decided from these runs.
 */
enum verdict verdict_judge(const struct change *c, bool exact, double threshold, double alpha)
{
	double t = threshold, f = isnan(c->floor) ? 0 : c->floor, low, high;

	if (exact) {
		double delta = c->new - c->old;

		if (delta > t)
			return VERDICT_REGRESSED;
		return delta < -t ? VERDICT_IMPROVED : VERDICT_UNCHANGED;
	}
	low = c->pct - hypot(fmax(c->pct - c->pct_low, f), c->regime);
	high = c->pct + hypot(fmax(c->pct_high - c->pct, f), c->regime);
	if (low >= -t && high <= t)
		return VERDICT_UNCHANGED;
	if (c->p < alpha && !isnan(c->floor) && (low > t || high < -t))
		return low > t ? VERDICT_REGRESSED : VERDICT_IMPROVED;
	return VERDICT_INCONCLUSIVE;
}
