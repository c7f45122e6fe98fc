/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a bench's hops are told apart when its JIT code is walked (hop/): a
 * field of struct bench, so that a new bench says it where it is declared.
 * A hop ends where the next one begins:
 *   HOP_TAIL   control jumps into another program of the chain (a tail call),
 *   HOP_CALL   a subprogram is called from the main program or from kernel
 *              text (bpf2bpf, a helper's callback),
 *   HOP_STORE  the hop counter in .bss is stored (inlined hops).
 */
#ifndef TB_HOP_RULE_H
#define TB_HOP_RULE_H

#include <stdbool.h>

enum hop_boundary { HOP_NONE, HOP_TAIL, HOP_CALL, HOP_STORE };

struct hop_rule {
	enum hop_boundary boundary;	/* HOP_NONE: the bench's hops are not walked */
	/* The depth of the run walked; 0: the deepest one measured (kinds with a
	 * program per depth). */
	int depth;
	/* Its indirect jumps go through a jump table (gotox) the walker is given. */
	bool table;
};

#endif
