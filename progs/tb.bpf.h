/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building blocks of the generated programs (see progs/gen.c).
 *
 * Every mechanism does the same work per hop: one load, add and store of the
 * hop counter tb_hops, which user space reads to check how many hops ran,
 * plus the N instructions of --pad.
 * It lives in .bss and is volatile, so clang cannot fold increments together.
 */
#ifndef TB_BPF_H
#define TB_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

volatile __u32 tb_hops;
/* Loaded at run time, so unknown to the verifier: 0 in chains, where it
 * makes a run-time key or picks a poisoned map; the target in dispatch. */
volatile __u32 tb_sel;

/* Hide a value from clang: a subprogram that tail-calls "returns" whatever
 * the tail-called program returns, which clang cannot know, so results that
 * cross such a call must not be constant-folded. */
#define TB_OPAQUE(v) asm volatile("" : "+r"(v))

/* Reserve a frame of the given size and touch its lowest slot, so that the
 * verifier accounts for all of it (it counts the deepest slot accessed). */
#define TB_FRAME(bytes)                                        \
	volatile __u64 tb_frame[(bytes) / 8];                  \
	asm volatile("" : : "r"(tb_frame) : "memory");         \
	tb_frame[0] = 0

/*
 * TB_PAD(v), defined by the generator before this header (layout.h, "Known
 * slowdown"): the jump and no-op instructions the loader lets N of run.  v
 * must be a scalar held in a register; its value is kept, and clang, which
 * cannot see inside the asm, treats it as unknown afterwards (as TB_OPAQUE).
 */

static __always_inline void tb_hop(void)
{
	__u32 h = tb_hops + 1;

	tb_hops = h;
	TB_PAD(h);
}

/* The three key modes of one tail call site. */
#define TB_TAIL_CALL_static(ctx, map, key) \
	bpf_tail_call(ctx, &map, key)

/* The same key, plus a zero the verifier cannot see: an indirect jump. */
#define TB_TAIL_CALL_dynamic(ctx, map, key) \
	bpf_tail_call(ctx, &map, tb_sel + (key))

/* Two prog arrays reach one call site: the verifier poisons the map pointer
 * and the JIT cannot patch in a direct jump even for a constant key. */
#define TB_TAIL_CALL_poisoned(ctx, map, key)                  \
	do {                                                   \
		void *tb_map = tb_sel ? (void *)&map##_b : (void *)&map; \
		TB_OPAQUE(tb_map);                             \
		bpf_tail_call(ctx, tb_map, key);               \
	} while (0)

#define TB_PROG_ARRAY(name, entries)                           \
	struct {                                               \
		__uint(type, BPF_MAP_TYPE_PROG_ARRAY);         \
		__uint(max_entries, entries);                  \
		__type(key, __u32);                            \
		__type(value, __u32);                          \
	} name SEC(".maps")

char LICENSE[] SEC("license") = "GPL";

#endif
