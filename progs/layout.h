/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the program generator (progs/gen.c), the generated
 * BPF programs and the harness: object names, program names, axes ranges
 * and how a program's return value encodes what it ran.
 * Included from host C only; the BPF side gets the values it needs pasted in
 * by the generator.
 */
#ifndef TB_LAYOUT_H
#define TB_LAYOUT_H

/* The kernel's MAX_TAIL_CALL_CNT: a chain may take this many tail calls. */
#define TB_MAX_TAIL_CALLS 33
/*
 * Chain programs 0..34: program i tail-calls slot i+1, and slots 1..34 stay
 * filled, so a chain of d calls (0..33) enters at program 34-d and ends at
 * 34, which never takes its call (so that every depth ends alike: see
 * docs/exact.md).  Entered at 0, a chain attempts 34 calls: the 34th must
 * fall through (MAX_TAIL_CALL_CNT), and it ends at 33.  Arrays never change while timing: updating a slot that the
 * JIT patched into a direct jump rewrites kernel text, which is slow.
 */
#define TB_CHAIN_LAST (TB_MAX_TAIL_CALLS + 1)
#define TB_CHAIN_PROGS (TB_CHAIN_LAST + 1)
#define TB_CHAIN_SLOTS (TB_CHAIN_PROGS + 1)
#define TB_MAX_DEPTH (TB_MAX_TAIL_CALLS + 1)
/* Eight call frames at most: main plus seven nested subprograms. */
#define TB_MAX_NEST 7
/* Unrolled baselines (inline, bpf2bpf) exist for depths 0..TB_MAX_TAIL_CALLS. */
#define TB_BASELINE_DEPTHS (TB_MAX_TAIL_CALLS + 1)

/* Stack sizes (bytes per frame) the generator builds chains for. 320 exists
 * to show the verifier's 256-byte rule for frames mixed with tail calls. */
#define TB_FRAME_STACKS { 0, 64, 128, 256, 320 }
#define TB_NR_FRAME_STACKS 5

/*
 * Known slowdown (tailbench run --pad N): the work of every hop (and of
 * every dispatch handler) is followed by a block of TB_PAD_SLOTS no-op ALU
 * instructions ("rX += 0" on a scalar it already holds) behind a conditional
 * jump that is always taken ("if rX >= 0", unsigned) over all of them.  The
 * loader shortens that jump so that the last N run; the verifier (for
 * privileged loads) sees the jump always taken, turns it into a "ja", drops
 * the instructions it skips and then the "ja +0": exactly N instructions
 * remain, none at N = 0.  One slot more than the maximum pad keeps the jump
 * from becoming "+0", which the verifier would keep as a conditional jump.
 */
#define TB_MAX_PAD 128
#define TB_PAD_SLOTS (TB_MAX_PAD + 1)

/* Dispatch: M targets, jump table vs switch over bpf2bpf calls. */
#define TB_DISPATCH_MAX 64
#define TB_DISPATCH_SIZES { 1, 2, 4, 8, 16, 32, 64 }
#define TB_NR_DISPATCH_SIZES 7

/*
 * What proves a run: every program of a chain adds one to the counter
 * tb_hops, so a sample of R runs adds R * (programs run); the harness checks
 * that.  A chain's last program returns its own index, so the return value
 * says where the chain ended; issued from nested subprograms, every main
 * program adds TB_RET_CONTINUED when its subprogram returns (the caller's
 * caller of the tail call continued).  A dispatch target returns
 * TB_RET_TARGET + its index.
 */
#define TB_RET_CONTINUED 256
#define TB_RET_TARGET 1000
#define TB_RET_FELL_THROUGH 0xdead

/*
 * Object, program and map names.  The generator writes them and the harness
 * looks them up with these formats only, so the argument lists are checked
 * by the compiler on both sides (printf format checking) and a renamed
 * program cannot drift apart between the two.
 */
#define TB_CHAIN_OBJ_FMT "chain_n%d_s%d.bpf.o"
#define TB_BASELINE_OBJ "baseline.bpf.o"
#define TB_DISPATCH_OBJ "dispatch.bpf.o"
#define TB_CHAIGNON_OBJ "chaignon2021.bpf.o"

/* Chain program i of one (prog type, key mode), and its prog array; a
 * poisoned site has a second array, the same name plus TB_POISON_SUFFIX. */
#define TB_CHAIN_PROG_FMT "%s_%s_%d"
#define TB_CHAIN_MAP_FMT "jmp_%s_%s"
#define TB_POISON_SUFFIX "_b"
/* Programs of one kind, one per (prog type, kind, depth or targets), the
 * kind being the bench's name: the baselines (baseline.bpf.o) and the
 * switch of M targets (dispatch.bpf.o).  The per-CPU chain is TB_CHAIN_*
 * of mode TB_KIND_PERCPU. */
#define TB_KIND_PROG_FMT "%s_%s_%d"
#define TB_KIND_INLINE "inline"
#define TB_KIND_BPF2BPF "bpf2bpf"
#define TB_KIND_BPF2BPF_ARGS "bpf2bpf_args"
#define TB_KIND_BPF_LOOP "bpf_loop"
#define TB_KIND_BPF_LOOP_HELPER "bpf_loop_helper"
#define TB_KIND_DISPATCH_SWITCH "dispatch_switch"
#define TB_KIND_PERCPU "percpu"
#define TB_PERCPU_MAP "tb_percpu_ctx"
/* Dispatch (dispatch.bpf.o), per prog type: the table's entry, its targets
 * and its prog array. */
#define TB_DISPATCH_TABLE_FMT "%s_dispatch_table"
#define TB_DISPATCH_TARGET_FMT "%s_target_%d"
#define TB_DISPATCH_MAP_FMT "jmp_%s_dispatch"
/* Chaignon 2021: program i, its prog array. */
#define TB_CHAIGNON_PROG_FMT "act_chaignon_%d"
#define TB_CHAIGNON_MAP "jmp_act_chaignon"
/* The globals every object has (tb.bpf.h). */
#define TB_GLOBAL_HOPS "tb_hops"
#define TB_GLOBAL_SEL "tb_sel"

/*
 * Chaignon's 2021 chain (bench/chaignon.c): programs 0..33 of type
 * sched_act, program X tail-calls key X+1 of a prog array of 34 and
 * returns X when that fails; nothing else.
 */
#define TB_CHAIGNON_PROGS (TB_MAX_TAIL_CALLS + 1)

#endif
