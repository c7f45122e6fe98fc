/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_case: the hop path of each family of a run, walked (hop/hop.h) over the
 * programs the runner loaded and armed, written to the result as hops[]
 * with its self-check against the measured per-hop figure.
 */
#ifndef TB_HOP_CASE_H
#define TB_HOP_CASE_H

#include <jansson.h>

#include "bench/bench.h"
#include "hop/hop.h"

/* What a family's hop path was walked from. */
struct hop_record {
	struct hop_path path;
	int depth;		/* of the run walked */
	int hop;		/* the hop of that run kept */
};

/*
 * For every family of the cases whose bench has a hop rule, walk one run of
 * its loaded, armed programs and keep the path in the family's first case
 * (c->hop).  Families already walked (an earlier run of --runs) are kept.
 */
void hop_record_all(struct tb_case *cases, int ncases);
void hop_record_free(struct hop_record *r);

/* hops[] of a result, with the self-check against root's fits (result/hop_check.h). */
json_t *hop_results(json_t *root, const struct tb_case *cases, int ncases);

#endif
