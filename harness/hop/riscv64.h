/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_riscv64: the walker of hop/hop.h for the riscv64 JIT's code.  Its tail
 * call patches nothing: the bounds check, the count, the load of
 * array->ptrs[index] and `jr` to bpf_func past the counter's setup run for
 * a constant key as for any other.
 */
#ifndef TB_HOP_RISCV64_H
#define TB_HOP_RISCV64_H

struct hop_isa;
/* The walker hop_walk runs for HOP_RISCV64 (hop/core.h). */
extern const struct hop_isa hop_riscv64;

#endif
