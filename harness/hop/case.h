/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_case: the hop path of each family of a run, walked (hop/hop.h) over the
 * programs the runner loaded and armed; hop/hops_json.h writes it to the
 * result.
 */
#ifndef TB_HOP_CASE_H
#define TB_HOP_CASE_H

#include <stddef.h>

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
/* The length of a case's family in its id: the id without "/d<depth>". */
size_t hop_family_len(const struct tb_case *c);

#endif
