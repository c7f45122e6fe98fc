// SPDX-License-Identifier: GPL-2.0
/*
 * Tail-call chains (layout.h): slots 1..34 stay filled, a chain of d calls
 * enters at program 34-d, and depth 34 enters at 0 to attempt a 34th call
 * that must fall through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../progs/layout.h"
#include "bench/bench.h"

static int hops_taken(int depth)
{
	return depth < TB_MAX_TAIL_CALLS ? depth : TB_MAX_TAIL_CALLS;
}

static int entry_prog(int depth)
{
	return depth < TB_MAX_DEPTH ? TB_CHAIN_LAST - depth : 0;
}

static int programs_run(const struct tb_case *c)
{
	return hops_taken(c->depth) + 1;
}

/* The program whose tail call fell through: its index is the return value. */
static int last_prog(const struct tb_case *c)
{
	return entry_prog(c->depth) + hops_taken(c->depth);
}

/* Every program of the chain, the ones this case runs first. */
static void chain_progs(const struct tb_case *c, const char *prefix, struct strlist *out)
{
	int first = entry_prog(c->depth), last = last_prog(c);

	for (int i = first; i <= last; i++)
		strlist_addf(out, "%s_%d", prefix, i);
	for (int i = 0; i < TB_CHAIN_PROGS; i++)
		if (i < first || i > last)
			strlist_addf(out, "%s_%d", prefix, i);
}

/* Fills slots 1..34 once: arm_slots skips what is already filled. */
static int chain_arm(struct progset *f, const char *const *maps, int nmaps, const char *prefix)
{
	return arm_slots(f, maps, nmaps, prefix, 1, TB_CHAIN_LAST);
}

static char *tailcall_object(const struct tb_case *c)
{
	return xasprintf(TB_CHAIN_OBJ_FMT, c->nest, c->frame_stack);
}

static char *tailcall_prefix(const struct tb_case *c)
{
	return xasprintf("%s_%s", c->prog_type, c->key_mode);
}

static void tailcall_progs(const struct tb_case *c, struct strlist *out)
{
	char *prefix = tailcall_prefix(c);

	chain_progs(c, prefix, out);
	free(prefix);
}

static int tailcall_arm(struct progset *f, const struct tb_case *c)
{
	char *prefix = tailcall_prefix(c);
	char *map = xasprintf("jmp_%s", prefix);
	char *map_b = xasprintf("%s_b", map);
	const char *maps[] = { map, map_b };
	/* A poisoned site sees two arrays: fill both alike. */
	int err = chain_arm(f, maps, strcmp(c->key_mode, "poisoned") ? 1 : 2, prefix);

	free(map);
	free(map_b);
	free(prefix);
	return err;
}

/* Nested: every main program continues after its subprogram returns (the
 * caller's caller of the tail call) and adds TB_RET_CONTINUED. */
static uint32_t tailcall_expected(const struct tb_case *c)
{
	return last_prog(c) + (c->nest ? programs_run(c) * TB_RET_CONTINUED : 0);
}

static void chain_describe(const struct tb_case *c, uint32_t v, char *buf, size_t len)
{
	if (v == TB_RET_FELL_THROUGH)
		snprintf(buf, len, "the fall-through marker");
	else if (c->nest)
		snprintf(buf, len, "ended at program %u, %u callers continued", v % TB_RET_CONTINUED,
			 v / TB_RET_CONTINUED);
	else
		snprintf(buf, len, "ended at program %u", v);
}

const struct bench bench_tailcall = {
	.name = "tailcall",
	.desc = "chain of tail calls, by key mode, nesting and frame size",
	.title = "tail calls (static key)",
	.axes = AXIS_KEY_MODE | AXIS_NEST | AXIS_STACK,
	.min_depth = 0,
	.max_depth = TB_MAX_DEPTH,
	.depth_unit = "hops",
	.fit = true,
	.object = tailcall_object,
	.progs = tailcall_progs,
	.path_len = programs_run,
	.arm = tailcall_arm,
	.expected = tailcall_expected,
	.describe = chain_describe,
	.counted = programs_run,
};

static void percpu_progs(const struct tb_case *c, struct strlist *out)
{
	char *prefix = xasprintf("%s_percpu", c->prog_type);

	chain_progs(c, prefix, out);
	free(prefix);
}

static int percpu_arm(struct progset *f, const struct tb_case *c)
{
	char *prefix = xasprintf("%s_percpu", c->prog_type);
	char *map = xasprintf("jmp_%s", prefix);
	const char *maps[] = { map };
	int err = chain_arm(f, maps, 1, prefix);

	free(map);
	free(prefix);
	return err;
}

static uint32_t percpu_expected(const struct tb_case *c)
{
	return last_prog(c);
}

const struct bench bench_tailcall_percpu = {
	.name = "tailcall_percpu",
	.desc = "chain of static tail calls passing its count in a per-CPU map",
	.title = "tail calls, context in a per-CPU map",
	.key_mode = "static",
	.min_depth = 0,
	.max_depth = TB_MAX_DEPTH,
	.depth_unit = "hops",
	.fit = true,
	.object = baseline_object,
	.progs = percpu_progs,
	.path_len = programs_run,
	.arm = percpu_arm,
	.expected = percpu_expected,
	.describe = chain_describe,
	.counted = programs_run,
	.percpu_counter = true,
};
