/* SPDX-License-Identifier: GPL-2.0 */
/*
 * metrics: what the kernel made of one program, filled by the loader (its
 * program info), the verifier's log and the JIT's disassembly.
 */
#ifndef TB_METRICS_H
#define TB_METRICS_H

#include <stdint.h>

/* What the verifier and the JIT made of one program. */
struct prog_metrics {
	uint32_t jited_len;	/* bytes of native code */
	uint32_t xlated_len;	/* bytes of BPF after the verifier's rewrites */
	uint32_t verified_insns;	/* instructions the verifier processed */
	uint32_t stack_depth;	/* bytes, summed over the program's frames */
	uint64_t verify_ns;	/* the verifier's own clock, from its log */
	uint64_t load_ns;	/* BPF_PROG_LOAD start to the next one's (see load/loader.c) */
	uint32_t jit_insns;	/* native instructions (capstone), 0 if unknown */
	uint32_t jit_indirect;	/* indirect jumps and calls among them */
};

#endif
