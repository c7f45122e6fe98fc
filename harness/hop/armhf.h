/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_armhf: the walker of hop/hop.h for the 32-bit Arm JIT's code (A32,
 * never Thumb: the JIT emits Arm instructions).  BPF's 64-bit registers are
 * pairs of words, most of them, the tail-call counter included, on the
 * stack; its tail call patches nothing: bounds check, count, the load of
 * array->ptrs[index], and `bx` to bpf_func plus the prologue's size.
 */
#ifndef TB_HOP_ARMHF_H
#define TB_HOP_ARMHF_H

struct hop_isa;
/* The walker hop_walk runs for HOP_ARMHF (hop/core.h). */
extern const struct hop_isa hop_armhf;

#endif
