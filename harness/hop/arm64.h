/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_arm64: the walker of hop/hop.h for the arm64 JIT's code.  Its tail call
 * never patches anything: the bounds check, the count, the load of
 * array->ptrs[index] and `br` to bpf_func plus the prologue offset run for
 * a constant key as for any other.
 */
#ifndef TB_HOP_ARM64_H
#define TB_HOP_ARM64_H

struct hop_isa;
/* The walker hop_walk runs for HOP_ARM64 (hop/core.h). */
extern const struct hop_isa hop_arm64;

#endif
