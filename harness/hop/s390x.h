/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_s390x: the walker of hop/hop.h for the s390 JIT's code (big-endian,
 * z196 and later).  Its tail call patches nothing: llgf and clrj check the
 * bounds, laal and clij count, ltg and brc skip an empty slot, and bc jumps
 * to bpf_func plus the prologue offset, for a constant key as for any other.
 */
#ifndef TB_HOP_S390X_H
#define TB_HOP_S390X_H

struct hop_isa;
/* The walker hop_walk runs for HOP_S390X (hop/core.h). */
extern const struct hop_isa hop_s390x;

#endif
