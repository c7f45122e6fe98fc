// SPDX-License-Identifier: GPL-2.0
/*
 * hop_walk: the walker of each architecture (one entry each), and the
 * paths they return.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/arm64.h"
#include "hop/armhf.h"
#include "hop/core.h"
#include "hop/hop.h"
#include "hop/ppc64el.h"
#include "hop/riscv64.h"
#include "hop/s390x.h"
#include "hop/x86.h"

/*
 * The walkers, one per architecture: a new one is a file hop/<arch>.c (and
 * .h) defining its struct hop_isa, a line here, and its enum hop_arch.
 */
static const struct hop_isa *const walkers[] = {
	[HOP_X86_64] = &hop_x86_64,
	[HOP_ARM64] = &hop_arm64,
	[HOP_RISCV64] = &hop_riscv64,
	[HOP_PPC64EL] = &hop_ppc64el,
	[HOP_ARMHF] = &hop_armhf,
	[HOP_I386] = &hop_i386,
	[HOP_S390X] = &hop_s390x,
};

int hop_walk(const struct hop_walk *w, int hop, int last, struct hop_path *p)
{
	memset(p, 0, sizeof(*p));
	if ((unsigned int)w->arch < ARRAY_SIZE(walkers) && walkers[w->arch])
		return hop_core_walk(walkers[w->arch], w, hop, last, p);
	p->note = xstrdup("no walker for this architecture: the hop path is not walked");
	return -EOPNOTSUPP;
}

int hop_constants(enum hop_arch arch, const struct hop_image *img, uint64_t **out)
{
	*out = NULL;
	if ((unsigned int)arch >= ARRAY_SIZE(walkers) || !walkers[arch])
		return -EOPNOTSUPP;
	return hop_core_constants(walkers[arch], img, out);
}

void hop_mem_count(struct hop_mem_counts *n, unsigned int mem)
{
	bool load = mem & HOP_MEM_LOAD, store = mem & HOP_MEM_STORE;

	n->loads += load || (mem & HOP_MEM_STACK_LOAD);
	n->stores += store || (mem & HOP_MEM_STACK_STORE);
	n->stack_loads += !load && (mem & HOP_MEM_STACK_LOAD);
	n->stack_stores += !store && (mem & HOP_MEM_STACK_STORE);
}

void hop_path_free(struct hop_path *p)
{
	for (int i = 0; i < p->count; i++)
		free(p->insns[i].text);
	free(p->insns);
	free(p->note);
	memset(p, 0, sizeof(*p));
}
