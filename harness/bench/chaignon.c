// SPDX-License-Identifier: GPL-2.0
/*
 * Chaignon's 2021 chain ("The Cost of BPF Tail Calls"): at depth d, keys
 * 1..d of a prog array of 34 are filled and the run enters program 0, so it
 * makes d tail calls and one that fails: program d's call to the empty key
 * d+1, or at d = 33 to key 34, out of the array's bounds.  His programs keep
 * no counter, so the return value alone proves the path: program X returns
 * X only when its own call failed, and only program X-1 reaches X.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../progs/layout.h"
#include "bench/bench.h"

static char *chaignon_object(const struct tb_case *c)
{
	(void)c;
	return xstrdup(TB_CHAIGNON_OBJ);
}

/* Programs 0..d run, in order; the others are loaded for the array. */
static void chaignon_progs(const struct tb_case *c, struct strlist *out)
{
	(void)c;
	for (int i = 0; i < TB_CHAIGNON_PROGS; i++)
		strlist_addf(out, TB_CHAIGNON_PROG_FMT, i);
}

static char *chaignon_prog(const struct tb_case *c, int i)
{
	(void)c;
	return xasprintf(TB_CHAIGNON_PROG_FMT, i);
}

static int chaignon_path_len(const struct tb_case *c)
{
	return c->depth + 1;
}

static int chaignon_arm(struct progset *f, const struct tb_case *c)
{
	const char *maps[] = { TB_CHAIGNON_MAP };

	return arm_slots(f, c, maps, 1, chaignon_prog, 1, c->depth);
}

static uint32_t chaignon_expected(const struct tb_case *c)
{
	return c->depth;
}

static void chaignon_describe(const struct tb_case *c, uint32_t v, char *buf, size_t len)
{
	(void)c;
	snprintf(buf, len, "%u calls made, then one failed", v);
}

const struct bench bench_chaignon2021 = {
	.name = "chaignon2021",
	.desc = "Chaignon 2021's chain: bare static tail calls, keys 1..d filled, one failed call",
	.title = "bare tail calls (Chaignon 2021)",
	.prog_type = "act",
	.key_mode = "static",
	.min_depth = 0,
	.max_depth = TB_MAX_TAIL_CALLS,
	.depth_unit = "hops",
	.packet_bytes = 256,	/* his packet */
	.no_pad = true,
	.fit = true,
	.object = chaignon_object,
	.progs = chaignon_progs,
	.path_len = chaignon_path_len,
	.arm = chaignon_arm,
	.expected = chaignon_expected,
	.describe = chaignon_describe,
	.hop = { HOP_TAIL, 4 },
};
