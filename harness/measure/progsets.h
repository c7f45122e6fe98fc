/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progsets: the program sets a run's cases need, each loaded once: cases of
 * one bench, program type and key mode in one object share a load and its
 * prog arrays.  With --place, spacer programs are loaded before each set.
 */
#ifndef TB_PROGSETS_H
#define TB_PROGSETS_H

#include <stdbool.h>

#include "bench/bench.h"

struct progset_slot {
	const struct bench *bench;
	char *key;
	char *obj;
	struct progset f;
	struct strlist progs;
	bool ok;
};

struct progsets {
	struct progset_slot *slots;
	int nslots;
	struct progset *spacers;	/* place before each slot */
	int place;
};

/*
 * Groups the cases into sets (c->set) and loads them from objdir with pad
 * no-ops a hop, place spacers before each.  A set the kernel refuses keeps
 * its reason (its cases are skipped); returns 0, or a negative errno when
 * the harness ran out of descriptors or memory.  progsets_unload always.
 */
int progsets_load(struct progsets *ps, struct tb_case *cases, int ncases, const char *objdir,
		  int pad, int place);
void progsets_unload(struct progsets *ps, struct tb_case *cases, int ncases);
/* c->path: the metrics summed over the programs a run of c goes through. */
void progsets_path_metrics(struct tb_case *c);

#endif
