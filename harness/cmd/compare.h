/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare: the statistics of a change between two results (cmd/compare.c), for
 * the compare command and for views that gate several kernels at once
 * (cmd/summary.c).
 */
#ifndef TB_COMPARE_H
#define TB_COMPARE_H

#include <stdbool.h>

#include <jansson.h>

#include "cmd/expect.h"
#include "result/read.h"

struct compare_opts {
	double threshold;	/* percent for timed clocks, instructions for insns */
	bool threshold_set;
	double alpha;
	bool markdown, force, force_noise, all, subset;
	const char *noise;	/* a profile that overrides what the files recorded */
	struct results_load_opts load;
	struct expect *expect;	/* --expect: a predicted change (cmd/expect.h) */
	int nexpect;
};

/* The defaults of compare's options. */
#define COMPARE_OPTS_INIT { .threshold = 5, .alpha = 0.05 }

/* Options other commands share with compare, by their getopt letters:
 * 't' --threshold, 'a' --alpha, 's' --subset.  Returns 1 when opt was one
 * of them, 0 when not, -1 on a bad value (p_err says why). */
int compare_parse_opt(int opt, const char *arg, struct compare_opts *o);

/*
 * Compares two loaded results, named base_name and new_name in the report,
 * which both keep.  Returns compare's exit status (TB_EXIT_*) and, unless
 * the input was refused (p_err says why), the report as 'tailbench --json
 * compare' prints it in *doc, with its "verdict", "pass" and "exit".
 */
int compare_results(json_t *base, const char *base_name, json_t *new, const char *new_name,
		    const struct compare_opts *o, json_t **doc);

/* The verdict of an exit status, as the reports write it: "pass", "FAIL",
 * "error" or "inconclusive". */
const char *compare_verdict(int exit_status);

#endif
