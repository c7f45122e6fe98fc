/* SPDX-License-Identifier: GPL-2.0 */
/*
 * interval: what a printed interval means, said once.  A per-hop figure's
 * interval is of one kind, derived from the result: "exact" (an exact
 * clock's count, printed as the integer it is), "rerun" (the range a rerun
 * of this machine falls in, from its noise profile), "between-runs" (a
 * bootstrap over the trials of several --runs), "within-run" (a bootstrap
 * over this run's trials: it says nothing of the next run), or "wrong
 * slope" (an exact clock whose integer line does not hold).
 */
#ifndef TB_INTERVAL_H
#define TB_INTERVAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct interval {
	const char *kind;	/* one of the kinds above */
	double value, low, high;
};

/*
 * The interval of a fit's per_hop object in a result of meta: with
 * rerun, the noise profile's range where the fit has one; else its CI.
 */
struct interval interval_of(json_t *meta, json_t *per_hop, bool rerun);

/* "15" (exact), else "10.60 [9.50, 11.00]": the figure and its bounds. */
void interval_format(char *buf, size_t len, const struct interval *iv, int decimals);

/* The kind, for a heading: "within-run 95% bootstrap CI", "exact count". */
const char *interval_label(const char *kind);

/* The kind of a result's per-hop intervals as show's fits table gives them
 * (its CI, not the rerun range): the fits' one kind, "mixed" where they
 * differ, or "none". */
const char *interval_result_kind(json_t *root);

#endif
