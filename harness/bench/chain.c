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

/* The name of chain program i of a case's chain. */
typedef char *(*chain_prog_fn)(const struct tb_case *c, int i);

static char *tailcall_prog(const struct tb_case *c, int i)
{
	return xasprintf(TB_CHAIN_PROG_FMT, c->prog_type, c->key_mode, i);
}

static char *percpu_prog(const struct tb_case *c, int i)
{
	return xasprintf(TB_CHAIN_PROG_FMT, c->prog_type, TB_KIND_PERCPU, i);
}

static void add_prog(struct strlist *out, chain_prog_fn prog, const struct tb_case *c, int i)
{
	char *name = prog(c, i);

	strlist_add(out, name);
	free(name);
}

/* Every program of the chain, the ones this case runs first. */
static void chain_progs(const struct tb_case *c, chain_prog_fn prog, struct strlist *out)
{
	int first = entry_prog(c->depth), last = last_prog(c);

	for (int i = first; i <= last; i++)
		add_prog(out, prog, c, i);
	for (int i = 0; i < TB_CHAIN_PROGS; i++)
		if (i < first || i > last)
			add_prog(out, prog, c, i);
}

/* Fills slots 1..34 of the chain's prog array, and of its poisoned twin,
 * once: arm_slots skips what is already filled. */
static int chain_arm(struct progset *f, const struct tb_case *c, const char *mode,
		     chain_prog_fn prog, bool poisoned)
{
	char *map = xasprintf(TB_CHAIN_MAP_FMT, c->prog_type, mode);
	char *map_b = xasprintf(TB_CHAIN_MAP_FMT TB_POISON_SUFFIX, c->prog_type, mode);
	const char *maps[] = { map, map_b };
	int err = arm_slots(f, c, maps, poisoned ? 2 : 1, prog, 1, TB_CHAIN_LAST);

	free(map);
	free(map_b);
	return err;
}

static char *tailcall_object(const struct tb_case *c)
{
	return xasprintf(TB_CHAIN_OBJ_FMT, c->nest, c->frame_stack);
}

static void tailcall_progs(const struct tb_case *c, struct strlist *out)
{
	chain_progs(c, tailcall_prog, out);
}

/* A poisoned site sees two arrays: fill both alike. */
static int tailcall_arm(struct progset *f, const struct tb_case *c)
{
	return chain_arm(f, c, c->key_mode, tailcall_prog, !strcmp(c->key_mode, "poisoned"));
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
	.hop = { HOP_TAIL, 4 },
	BENCH_ROWS({ "tailcall", "static", "tail call, static key" },
		   { "tailcall_dynamic", "dynamic", "tail call, dynamic key" },
		   { "tailcall_poisoned", "poisoned", "tail call, poisoned map" }),
};

static void percpu_progs(const struct tb_case *c, struct strlist *out)
{
	chain_progs(c, percpu_prog, out);
}

static int percpu_arm(struct progset *f, const struct tb_case *c)
{
	return chain_arm(f, c, TB_KIND_PERCPU, percpu_prog, false);
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
	.hop = { HOP_TAIL, 4 },
	BENCH_ROWS({ "tailcall_percpu", NULL, "tail call, per-CPU ctx" }),
};
