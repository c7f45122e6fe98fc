// SPDX-License-Identifier: GPL-2.0
/*
 * Tail-call chains: program i tail-calls slot i+1, so filling slots 1..d
 * makes a chain of d tail calls.  Depth 34 fills slot 34 too: the 34th call
 * must fall through (MAX_TAIL_CALL_CNT), which the return value shows.
 */
#include <stdlib.h>
#include <string.h>

#include "../progs/layout.h"
#include "bench.h"

static int hops_taken(int depth)
{
	return depth < TB_MAX_TAIL_CALLS ? depth : TB_MAX_TAIL_CALLS;
}

static int chain_path_len(const struct tb_case *c)
{
	return hops_taken(c->depth) + 1;
}

static char *tailcall_object(const struct tb_case *c)
{
	return xasprintf(TB_CHAIN_OBJ_FMT, c->nest, c->frame_stack);
}

static void tailcall_progs(const struct tb_case *c, struct strlist *out)
{
	for (int i = 0; i <= c->depth; i++)
		strlist_addf(out, "%s_%s_%d", c->prog_type, c->key_mode, i);
}

static int tailcall_arm(struct family *f, const struct tb_case *c)
{
	char *map = xasprintf("jmp_%s_%s", c->prog_type, c->key_mode);
	char *map_b = xasprintf("%s_b", map);
	char *prefix = xasprintf("%s_%s", c->prog_type, c->key_mode);
	const char *maps[] = { map, map_b };
	/* A poisoned site sees two arrays: fill both alike. */
	int nmaps = strcmp(c->key_mode, "poisoned") ? 1 : 2;
	int err = arm_slots(f, maps, nmaps, prefix, 1, c->depth);

	free(map);
	free(map_b);
	free(prefix);
	return err;
}

/* Nested: every hop's main program continues after its subprogram returns
 * (the caller's caller of the tail call) and adds TB_RET_CONTINUED. */
static uint32_t tailcall_expected(const struct tb_case *c)
{
	int hops = hops_taken(c->depth);

	return c->nest ? hops + (hops + 1) * TB_RET_CONTINUED : hops;
}

const struct bench bench_tailcall = {
	.name = "tailcall",
	.desc = "chain of tail calls, by key mode, nesting and frame size",
	.axes = AXIS_KEY_MODE | AXIS_NEST | AXIS_STACK,
	.min_depth = 0,
	.max_depth = TB_MAX_DEPTH,
	.depth_unit = "hops",
	.fit = true,
	.object = tailcall_object,
	.progs = tailcall_progs,
	.path_len = chain_path_len,
	.arm = tailcall_arm,
	.expected = tailcall_expected,
};

static void percpu_progs(const struct tb_case *c, struct strlist *out)
{
	for (int i = 0; i <= c->depth; i++)
		strlist_addf(out, "%s_percpu_%d", c->prog_type, i);
}

static int percpu_arm(struct family *f, const struct tb_case *c)
{
	char *map = xasprintf("jmp_%s_percpu", c->prog_type);
	char *prefix = xasprintf("%s_percpu", c->prog_type);
	const char *maps[] = { map };
	int err = arm_slots(f, maps, 1, prefix, 1, c->depth);

	free(map);
	free(prefix);
	return err;
}

static uint32_t percpu_expected(const struct tb_case *c)
{
	return hops_taken(c->depth);
}

const struct bench bench_tailcall_percpu = {
	.name = "tailcall_percpu",
	.desc = "chain of static tail calls passing its count in a per-CPU map",
	.key_mode = "static",
	.min_depth = 0,
	.max_depth = TB_MAX_DEPTH,
	.depth_unit = "hops",
	.fit = true,
	.object = baseline_object,
	.progs = percpu_progs,
	.path_len = chain_path_len,
	.arm = percpu_arm,
	.expected = percpu_expected,
};
