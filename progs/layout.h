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
/* Chain programs 0..TB_CHAIN_PROGS-1: slot 34 exists so that the limit case
 * can attempt a 34th call and show that it falls through. */
#define TB_CHAIN_PROGS (TB_MAX_TAIL_CALLS + 2)
#define TB_MAX_DEPTH (TB_MAX_TAIL_CALLS + 1)
/* Eight call frames at most: main plus seven nested subprograms. */
#define TB_MAX_NEST 7
/* Unrolled baselines (inline, bpf2bpf) exist for depths 0..TB_MAX_TAIL_CALLS. */
#define TB_BASELINE_DEPTHS (TB_MAX_TAIL_CALLS + 1)

/* Stack sizes (bytes per frame) the generator builds chains for. 320 exists
 * to show the verifier's 256-byte rule for frames mixed with tail calls. */
#define TB_FRAME_STACKS { 0, 64, 128, 256, 320 }
#define TB_NR_FRAME_STACKS 5

/* Dispatch: M targets, jump table vs switch over bpf2bpf calls. */
#define TB_DISPATCH_MAX 64
#define TB_DISPATCH_SIZES { 1, 2, 4, 8, 16, 32, 64 }
#define TB_NR_DISPATCH_SIZES 7

/*
 * Return values.  A chain's last program returns the hop counter, so the
 * value says how many tail calls were taken.  A chain issued from nested
 * subprograms also has every hop's main program add TB_RET_CONTINUED when
 * its subprogram returns: the caller's caller continued.  A dispatch target
 * returns TB_RET_TARGET + its index.
 */
#define TB_RET_CONTINUED 256
#define TB_RET_TARGET 1000
#define TB_RET_FELL_THROUGH 0xdead

/* Object and program naming: "<prog_type>_<mode>_<index>" and so on. */
#define TB_CHAIN_OBJ_FMT "chain_n%d_s%d.bpf.o"
#define TB_BASELINE_OBJ "baseline.bpf.o"
#define TB_DISPATCH_OBJ "dispatch.bpf.o"

#endif
