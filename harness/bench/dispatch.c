// SPDX-License-Identifier: GPL-2.0
/*
 * Dispatch to one of M handlers picked at run time (tb_sel = M-1, the last
 * one): a tail call through a prog array of M targets against a switch over
 * M bpf2bpf calls, and against an indirect jump (gotox) through a jump
 * table of M handlers in one program (load/gotox.h).  Depth is M here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../progs/layout.h"
#include "bench/bench.h"
#include "load/gotox.h"

static const int sizes[] = TB_DISPATCH_SIZES;

static bool dispatch_size_ok(int m)
{
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (sizes[i] == m)
			return true;
	return false;
}

static char *dispatch_object(const struct tb_case *c)
{
	(void)c;
	return xstrdup(TB_DISPATCH_OBJ);
}

static uint32_t dispatch_expected(const struct tb_case *c)
{
	return TB_RET_TARGET + c->depth - 1;
}

/* The entry and the target it picks come first: they are the path. */
static void table_progs(const struct tb_case *c, struct strlist *out)
{
	strlist_addf(out, TB_DISPATCH_TABLE_FMT, c->prog_type);
	strlist_addf(out, TB_DISPATCH_TARGET_FMT, c->prog_type, c->depth - 1);
	for (int k = 0; k < c->depth - 1; k++)
		strlist_addf(out, TB_DISPATCH_TARGET_FMT, c->prog_type, k);
}

static char *table_target(const struct tb_case *c, int k)
{
	return xasprintf(TB_DISPATCH_TARGET_FMT, c->prog_type, k);
}

static int table_path_len(const struct tb_case *c)
{
	(void)c;
	return 2;
}

static int table_arm(struct progset *f, const struct tb_case *c)
{
	char *map = xasprintf(TB_DISPATCH_MAP_FMT, c->prog_type);
	const char *maps[] = { map };
	int err = arm_slots(f, c, maps, 1, table_target, 0, c->depth);

	free(map);
	return err ? err : progset_set_global(f, TB_GLOBAL_SEL, c->depth - 1);
}

static void dispatch_describe(const struct tb_case *c, uint32_t v, char *buf, size_t len)
{
	(void)c;
	if (v == TB_RET_FELL_THROUGH)
		snprintf(buf, len, "the fall-through marker");
	else if (v >= TB_RET_TARGET)
		snprintf(buf, len, "target %u", v - TB_RET_TARGET);
	else
		snprintf(buf, len, "%u", v);
}

const struct bench bench_dispatch_table = {
	.name = "dispatch_table",
	.desc = "dispatch through a prog array of M tail-call targets",
	.title = "tail call through a prog array",
	.key_mode = "dynamic",
	.min_depth = 1,
	.max_depth = TB_DISPATCH_MAX,
	.depth_unit = "targets",
	.object = dispatch_object,
	.progs = table_progs,
	.path_len = table_path_len,
	.arm = table_arm,
	.expected = dispatch_expected,
	.describe = dispatch_describe,
	.depth_ok = dispatch_size_ok,
};

/* One program of M targets: <type>_dispatch_switch_<M>, <type>_gotox_dispatch_<M>. */
static void one_prog(const struct tb_case *c, struct strlist *out)
{
	strlist_addf(out, TB_KIND_PROG_FMT, c->prog_type, c->bench->name, c->depth);
}

static int switch_arm(struct progset *f, const struct tb_case *c)
{
	return progset_set_global(f, TB_GLOBAL_SEL, c->depth - 1);
}

const struct bench bench_dispatch_switch = {
	.name = TB_KIND_DISPATCH_SWITCH,
	.desc = "dispatch through a switch over M bpf2bpf calls",
	.title = "switch over bpf2bpf calls",
	.key_mode = "none",
	.min_depth = 1,
	.max_depth = TB_DISPATCH_MAX,
	.depth_unit = "targets",
	.object = dispatch_object,
	.progs = one_prog,
	.arm = switch_arm,
	.expected = dispatch_expected,
	.describe = dispatch_describe,
	.depth_ok = dispatch_size_ok,
};

const struct bench bench_gotox_dispatch = {
	.name = "gotox_dispatch",
	.desc = "dispatch through an indirect jump (gotox) over a jump table of M handlers",
	.title = "indirect jump (gotox) through a jump table",
	.key_mode = "dynamic",
	.min_depth = 1,
	.max_depth = TB_DISPATCH_MAX,
	.depth_unit = "targets",
	.object = gotox_object,
	.load = gotox_load,
	.progs = one_prog,
	.arm = switch_arm,
	.expected = dispatch_expected,
	.describe = dispatch_describe,
	.depth_ok = dispatch_size_ok,
};
