// SPDX-License-Identifier: GPL-2.0
/*
 * Baselines: the hops of a tail-call chain of depth d done without tail
 * calls, each kind as one program per depth named "<type>_<kind>_<d>":
 *   inline        d+1 hops unrolled into one program,
 *   bpf2bpf       the first hop, then d calls of one shared subprogram,
 *   bpf2bpf_args  d calls passing a count as argument and return value,
 *   bpf_loop      the first hop, then bpf_loop(d, callback): d callbacks.
 * Each returns d; all but bpf2bpf_args count d+1 hops in tb_hops.  gotox_chain
 * (load/gotox.h) is the same d+1 hops joined by d indirect jumps.
 */
#include "../progs/layout.h"
#include "bench/bench.h"
#include "load/gotox.h"

char *baseline_object(const struct tb_case *c)
{
	(void)c;
	return xstrdup(TB_BASELINE_OBJ);
}

static void unrolled_progs(const struct tb_case *c, struct strlist *out)
{
	strlist_addf(out, TB_KIND_PROG_FMT, c->prog_type, c->bench->name, c->depth);
}

static uint32_t unrolled_expected(const struct tb_case *c)
{
	return c->depth;
}

static int unrolled_counted(const struct tb_case *c)
{
	return c->depth + 1;
}

#define UNROLLED_BENCH(kind, description, legend, count, boundary, ...) \
	{                                                         \
		.name = kind,                                     \
		.desc = description,                              \
		.title = legend,                                  \
		.key_mode = "none",                               \
		.min_depth = 0,                                   \
		.max_depth = TB_BASELINE_DEPTHS - 1,              \
		.depth_unit = "hops",                             \
		.fit = true,                                      \
		.object = baseline_object,                        \
		.progs = unrolled_progs,                          \
		.expected = unrolled_expected,                    \
		.counted = count,                                 \
		.hop = { boundary },                              \
		__VA_ARGS__                                       \
	}

const struct bench bench_inline =
	UNROLLED_BENCH(TB_KIND_INLINE, "the same hops inlined into one program", "inlined",
		       unrolled_counted, HOP_STORE,
		       BENCH_ROWS({ TB_KIND_INLINE, NULL, "inlined" }));
const struct bench bench_bpf2bpf =
	UNROLLED_BENCH(TB_KIND_BPF2BPF, "the same hops as calls of one bpf2bpf subprogram",
		       "bpf2bpf calls", unrolled_counted, HOP_CALL,
		       BENCH_ROWS({ TB_KIND_BPF2BPF, NULL, "bpf2bpf calls" }));
const struct bench bench_bpf2bpf_args =
	UNROLLED_BENCH(TB_KIND_BPF2BPF_ARGS, "bpf2bpf calls passing the count as an argument",
		       "bpf2bpf calls, context in arguments", NULL, HOP_CALL,
		       BENCH_ROWS({ TB_KIND_BPF2BPF_ARGS, NULL, "bpf2bpf, ctx in args" }));
/* Its hops are the callback's calls, from the inlined loop in the main
 * program or from the helper's kernel code. */
const struct bench bench_bpf_loop =
	UNROLLED_BENCH(TB_KIND_BPF_LOOP, "the first hop, then the rest as bpf_loop's callbacks",
		       "bpf_loop callbacks", unrolled_counted, HOP_CALL,
		       BENCH_ROWS({ TB_KIND_BPF_LOOP, NULL, "bpf_loop callbacks" }));
/* An experiment beside bpf_loop (docs/benches.md), in no shipped scenario:
 * not a row of the classic table. */
const struct bench bench_bpf_loop_helper =
	UNROLLED_BENCH(TB_KIND_BPF_LOOP_HELPER,
		       "bpf_loop with flags the verifier cannot see: the helper's own loop",
		       "bpf_loop callbacks, helper called", unrolled_counted, HOP_CALL);

/* The same hops as one program whose hops end in indirect jumps (load/gotox.h). */
const struct bench bench_gotox_chain = {
	.name = "gotox_chain",
	.desc = "the same hops in one program, joined by indirect jumps (gotox) of known target",
	.title = "indirect jumps (gotox)",
	.key_mode = "static",
	.min_depth = 0,
	.max_depth = TB_BASELINE_DEPTHS - 1,
	.depth_unit = "hops",
	.fit = true,
	.object = gotox_object,
	.load = gotox_load,
	.progs = unrolled_progs,
	.expected = unrolled_expected,
	.counted = unrolled_counted,
	.hop = { HOP_STORE, 0, true },
	BENCH_ROWS({ "gotox_chain", NULL, "indirect jumps (gotox)" }),
};
