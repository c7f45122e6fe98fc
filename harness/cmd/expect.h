/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expect: compare --expect GLOB=+N, a predicted change of exact per-hop
 * counts checked family by family: the families whose key
 * (model_family_key) matches GLOB must change by exactly N instructions a
 * hop, every other family by 0 (the first matching GLOB counts).
 */
#ifndef TB_EXPECT_H
#define TB_EXPECT_H

#include <stdio.h>

#include <jansson.h>

struct expect {
	const char *glob;	/* points into the argument */
	double diff;
};

/* "GLOB=+N" (or -N, or N) into e; 0, or -1 after p_err says why. */
int expect_parse(char *arg, struct expect *e);

/* The table of base's fits against new's with each family's expected
 * change; TB_EXIT_OK when every one changed as expected, TB_EXIT_FAIL when
 * not, TB_EXIT_USAGE when either result is not of exact counts. */
int expect_check(FILE *f, json_t *base, json_t *new, const struct expect *e, int n);

#endif
